/* SPDX-License-Identifier: MIT */
/*
 * colour.c - hs_colour_wanted(): whether to colour what goes to a stream,
 * by the rule of Python 3.15's _colorize.can_colorize(), which decides
 * the colour of http.server's log.  Pure: the caller reads the
 * environment and asks isatty(), so the rule can be tested by table.
 *
 * In order, the first that applies wins:
 *   PYTHON_COLORS=0: no;  PYTHON_COLORS=1: yes;
 *   NO_COLOR set and not empty: no;
 *   FORCE_COLOR set and not empty: yes;
 *   TERM=dumb: no;
 *   otherwise: yes only when the stream is a terminal.
 * Any other value of PYTHON_COLORS counts as unset, as in Python.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "httpserve.h"

/* Is S set to something (Python's os.environ.get(k) being truthy)? */
static int
is_set(const char *s)
{
	return s != NULL && *s != '\0';
}

int
hs_colour_wanted(const char *python_colors, const char *no_color,
    const char *force_color, const char *term, int is_tty)
{
	if (python_colors != NULL && strcmp(python_colors, "0") == 0)
		return 0;
	if (python_colors != NULL && strcmp(python_colors, "1") == 0)
		return 1;
	if (is_set(no_color))
		return 0;
	if (is_set(force_color))
		return 1;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return 0;
	return is_tty != 0;
}

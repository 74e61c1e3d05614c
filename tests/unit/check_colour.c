/* SPDX-License-Identifier: MIT */
/*
 * check_colour.c - hs_colour_wanted(): Python 3.15's
 * _colorize.can_colorize() rule, row by row: each variable alone, then
 * each pair that shows which one wins.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "httpserve.h"
#include "runner.h"

struct colour_row {
	const char *python_colors;	/* NULL: unset */
	const char *no_color;
	const char *force_color;
	const char *term;
	int is_tty;
	int want;
};

static const struct colour_row rows[] = {
	/* Nothing set: a terminal only. */
	{ NULL, NULL, NULL, NULL, 1, 1 },
	{ NULL, NULL, NULL, NULL, 0, 0 },
	{ NULL, NULL, NULL, "xterm-256color", 1, 1 },
	{ NULL, NULL, NULL, "xterm-256color", 0, 0 },
	/* TERM=dumb: never, unless forced. */
	{ NULL, NULL, NULL, "dumb", 1, 0 },
	{ NULL, NULL, NULL, "dumb", 0, 0 },
	{ NULL, NULL, NULL, "DUMB", 1, 1 },
	/* NO_COLOR: set and not empty is no; empty counts as unset. */
	{ NULL, "1", NULL, NULL, 1, 0 },
	{ NULL, "0", NULL, NULL, 1, 0 },
	{ NULL, "", NULL, NULL, 1, 1 },
	{ NULL, "", NULL, NULL, 0, 0 },
	/* FORCE_COLOR: set and not empty is yes, even into a pipe. */
	{ NULL, NULL, "1", NULL, 0, 1 },
	{ NULL, NULL, "0", NULL, 0, 1 },
	{ NULL, NULL, "", NULL, 0, 0 },
	{ NULL, NULL, "1", "dumb", 0, 1 },
	/* NO_COLOR beats FORCE_COLOR. */
	{ NULL, "1", "1", NULL, 1, 0 },
	/* PYTHON_COLORS 0 or 1 beats everything; other values are unset. */
	{ "0", NULL, NULL, NULL, 1, 0 },
	{ "0", NULL, "1", NULL, 1, 0 },
	{ "1", NULL, NULL, NULL, 0, 1 },
	{ "1", "1", NULL, "dumb", 0, 1 },
	{ "yes", NULL, NULL, NULL, 0, 0 },
	{ "yes", NULL, NULL, NULL, 1, 1 },
	{ "", NULL, NULL, NULL, 1, 1 },
	{ "2", "1", NULL, NULL, 1, 0 },
};

START_TEST(test_rows)
{
	const struct colour_row *r = &rows[_i];

	ck_assert_int_eq(hs_colour_wanted(r->python_colors, r->no_color,
	    r->force_color, r->term, r->is_tty), r->want);
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("colour");
	TCase *tc = tcase_create("colour");

	ADD_TABLE(tc, test_rows, rows);
	suite_add_tcase(s, tc);
	return s;
}

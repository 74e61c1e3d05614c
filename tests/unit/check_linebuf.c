/* SPDX-License-Identifier: MIT */
/*
 * check_linebuf.c - the bounded queue of whole log lines: lines that fit
 * are queued, one that does not is dropped whole and so is every line
 * after it until the queue drains, the rest of a line a write cut short
 * is always kept, and the drop is reported in one line, once, where the
 * lines went missing.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "http/linebuf.h"
#include "http/log.h"
#include "runner.h"

enum op {
	END,		/* no more steps */
	PUSH,		/* push DATA keeping ARG bytes; RESULT lines dropped */
	CONSUME,	/* ARG bytes written */
	REPORT		/* hs_linebuf_report() returns RESULT */
};

struct step {
	enum op op;
	const char *data;
	size_t arg;
	size_t result;
	const char *queue;	/* what waits afterwards */
};

struct scenario {
	const char *name;
	size_t bound;
	struct step steps[10];	/* ended by an END step */
};

#define DROPPED(n) "httpserve: " #n " log lines dropped: standard " \
	"error was not being read\n"

static const struct scenario scenarios[] = {
	{ "lines that fit are queued", 16, {
		{ PUSH, "a\nbb\n", 0, 0, "a\nbb\n" },
		{ PUSH, "ccc\n", 0, 0, "a\nbb\nccc\n" },
		{ REPORT, NULL, 0, 0, "a\nbb\nccc\n" },
	} },
	{ "exactly the bound fits", 6, {
		{ PUSH, "abcde\n", 0, 0, "abcde\n" },
		{ PUSH, "f\n", 0, 1, "abcde\n" },
	} },
	{ "a line that does not fit is dropped, not cut", 6, {
		{ PUSH, "abc\ndefg\n", 0, 1, "abc\n" },
	} },
	{ "after a drop, lines that would fit are dropped too", 8, {
		{ PUSH, "abcd\nefghij\n", 0, 1, "abcd\n" },
		{ PUSH, "k\n", 0, 1, "abcd\n" },
		{ REPORT, NULL, 0, 0, "abcd\n" },
		{ CONSUME, NULL, 2, 0, "cd\n" },
		{ PUSH, "l\n", 0, 1, "cd\n" },
		{ CONSUME, NULL, 3, 0, "" },
		{ REPORT, NULL, 0, 1, DROPPED(3) },
		{ REPORT, NULL, 0, 0, DROPPED(3) },
	} },
	{ "once reported, lines are queued again", 8, {
		{ PUSH, "abcdefghijk\n", 0, 1, "" },
		{ PUSH, "x\n", 0, 1, "" },
		{ REPORT, NULL, 0, 1, DROPPED(2) },
		{ CONSUME, NULL, sizeof(DROPPED(2)) - 1, 0, "" },
		{ PUSH, "y\n", 0, 0, "y\n" },
		{ REPORT, NULL, 0, 0, "y\n" },
	} },
	{ "one line dropped is a line, not lines", 4, {
		{ PUSH, "abcdef\n", 0, 1, "" },
		{ REPORT, NULL, 0, 1, "httpserve: 1 log line dropped: "
		    "standard error was not being read\n" },
	} },
	{ "the rest of a cut line is kept beyond the bound", 4, {
		{ PUSH, "rest-of-a-long-line\nxy\n", 20, 1,
		    "rest-of-a-long-line\n" },
		{ CONSUME, NULL, 20, 0, "" },
		{ REPORT, NULL, 0, 1, "httpserve: 1 log line dropped: "
		    "standard error was not being read\n" },
	} },
	{ "the rest of a cut line, then the lines that fit", 16, {
		{ PUSH, "t\nabc\ndef\n", 2, 0, "t\nabc\ndef\n" },
	} },
	{ "nothing dropped, nothing reported", 16, {
		{ REPORT, NULL, 0, 0, "" },
		{ PUSH, "a\n", 0, 0, "a\n" },
		{ CONSUME, NULL, 2, 0, "" },
		{ REPORT, NULL, 0, 0, "" },
	} },
	{ "a last line without its newline is one line", 16, {
		{ PUSH, "a\nb", 0, 0, "a\nb" },
	} },
	{ "writing more than waits empties the queue", 16, {
		{ PUSH, "a\n", 0, 0, "a\n" },
		{ CONSUME, NULL, 99, 0, "" },
	} },
};

/* Each scenario, step by step, the queue checked after every one. */
START_TEST(test_scenario)
{
	const struct scenario *sc = &scenarios[_i];
	const struct step *st;
	struct hs_linebuf q;

	hs_linebuf_init(&q, sc->bound);
	for (st = sc->steps; st->op != END; st++) {
		switch (st->op) {
		case PUSH:
			ck_assert_uint_eq(hs_linebuf_push(&q, st->data,
			    strlen(st->data), st->arg), st->result);
			break;
		case CONSUME:
			hs_linebuf_consume(&q, st->arg);
			break;
		case REPORT:
			ck_assert_int_eq(hs_linebuf_report(&q),
			    (int)st->result);
			break;
		default:
			ck_abort();
		}
		ck_assert_msg(hs_linebuf_pending(&q) == strlen(st->queue) &&
		    (strlen(st->queue) == 0 || memcmp(hs_linebuf_data(&q),
		    st->queue, strlen(st->queue)) == 0),
		    "%s, step %d: the queue is not \"%s\"", sc->name,
		    (int)(st - sc->steps) + 1, st->queue);
	}
	hs_linebuf_release(&q);
	ck_assert_uint_eq(hs_linebuf_pending(&q), 0);
}
END_TEST

/* The drop line follows snprintf()'s rule: the full length always, a
 * NUL-terminated prefix in a short buffer. */
START_TEST(test_dropped_line_lengths)
{
	static const char want[] = DROPPED(12345);
	char out[sizeof(want)];
	size_t n;

	ck_assert_uint_eq(hs_log_format_dropped(NULL, 0, 12345),
	    sizeof(want) - 1);
	for (n = 1; n <= sizeof(out); n++) {
		memset(out, 'X', sizeof(out));
		ck_assert_uint_eq(hs_log_format_dropped(out, n, 12345),
		    sizeof(want) - 1);
		ck_assert_uint_eq(strlen(out), n - 1);
		ck_assert_int_eq(memcmp(out, want, n - 1), 0);
	}
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("linebuf");
	TCase *tc = tcase_create("linebuf");

	ADD_TABLE(tc, test_scenario, scenarios);
	tcase_add_test(tc, test_dropped_line_lengths);
	suite_add_tcase(s, tc);
	return s;
}

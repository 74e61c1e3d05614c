/* SPDX-License-Identifier: MIT */
/*
 * check_log.c - log lines byte-identical to BaseHTTPRequestHandler's:
 * log_request()'s message, and log_message()'s line with the control
 * characters escaped (expected values printed by Python 3.11).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "http/log.h"
#include "runner.h"

struct log_row {
	const char *requestline;
	int code;
	const char *message;	/* log_request(code) % args */
	const char *line;	/* what log_message() writes */
};

static const struct log_row rows[] = {
	{ "GET / HTTP/1.1", 404,
	    "\"GET / HTTP/1.1\" 404 -",
	    "127.0.0.1 - - [24/Nov/2026 10:00:00] \"GET / HTTP/1.1\" 404 -\n" },
	{ "GET /\x1b" "[31mred HTTP/1.1", 404,
	    "\"GET /\x1b" "[31mred HTTP/1.1\" 404 -",
	    "127.0.0.1 - - [24/Nov/2026 10:00:00] \"GET /\\x1b[31mred HTTP/1.1\" 404 -\n" },
	{ "GET /a\\b HTTP/1.0", 404,
	    "\"GET /a\\b HTTP/1.0\" 404 -",
	    "127.0.0.1 - - [24/Nov/2026 10:00:00] \"GET /a\\\\b HTTP/1.0\" 404 -\n" },
	{ "GET /caf\xc3" "\xa9" " HTTP/1.1", 404,
	    "\"GET /caf\xc3" "\x83" "\xc2" "\xa9" " HTTP/1.1\" 404 -",
	    "127.0.0.1 - - [24/Nov/2026 10:00:00] \"GET /caf\xc3" "\x83" "\xc2" "\xa9" " HTTP/1.1\" 404 -\n" },
	{ "GET /\x85" "\x9f" "\xa0" "\xff" " HTTP/1.1", 404,
	    "\"GET /\xc2" "\x85" "\xc2" "\x9f" "\xc2" "\xa0" "\xc3" "\xbf" " HTTP/1.1\" 404 -",
	    "127.0.0.1 - - [24/Nov/2026 10:00:00] \"GET /\\x85\\x9f\xc2" "\xa0" "\xc3" "\xbf" " HTTP/1.1\" 404 -\n" },
	{ "GET /\x7f" " HTTP/1.1", 404,
	    "\"GET /\x7f" " HTTP/1.1\" 404 -",
	    "127.0.0.1 - - [24/Nov/2026 10:00:00] \"GET /\\x7f HTTP/1.1\" 404 -\n" },
	{ "", 404,
	    "\"\" 404 -",
	    "127.0.0.1 - - [24/Nov/2026 10:00:00] \"\" 404 -\n" },
	{ "GET /%0d%0a HTTP/1.1", 404,
	    "\"GET /%0d%0a HTTP/1.1\" 404 -",
	    "127.0.0.1 - - [24/Nov/2026 10:00:00] \"GET /%0d%0a HTTP/1.1\" 404 -\n" },
	{ "SPAM /\x01" "\x02" "\x1f" " HTTP/1.0", 404,
	    "\"SPAM /\x01" "\x02" "\x1f" " HTTP/1.0\" 404 -",
	    "127.0.0.1 - - [24/Nov/2026 10:00:00] \"SPAM /\\x01\\x02\\x1f HTTP/1.0\" 404 -\n" },
};

/* log_request(): the request line read as ISO-8859-1, written as UTF-8. */
START_TEST(test_request_message)
{
	const struct log_row *r = &rows[_i];
	char out[256];
	size_t n = hs_log_request_message(out, sizeof(out), r->requestline,
	    r->code);

	ck_assert_str_eq(out, r->message);
	ck_assert_uint_eq(n, strlen(r->message));
	ck_assert_uint_eq(hs_log_request_message(NULL, 0, r->requestline,
	    r->code), n);
}
END_TEST

/* log_message(): address, date, escaped message, newline. */
START_TEST(test_line)
{
	const struct log_row *r = &rows[_i];
	char out[512];
	size_t n = hs_log_format_line(out, sizeof(out), "127.0.0.1",
	    "24/Nov/2026 10:00:00", r->message);

	ck_assert_str_eq(out, r->line);
	ck_assert_uint_eq(n, strlen(r->line));
}
END_TEST

/* log_error("code %d, message %s"): an error message line. */
START_TEST(test_error_line)
{
	char out[256];

	hs_log_format_line(out, sizeof(out), "::1", "01/Jan/2027 00:00:00",
	    "code 404, message File not found");
	ck_assert_str_eq(out, "::1 - - [01/Jan/2027 00:00:00] code 404, "
	    "message File not found\n");
}
END_TEST

struct colour_row {
	enum hs_log_kind kind;
	int code;
	const char *message;
	const char *line;
};

#define GREY "\x1b[90m"
#define RESET "\x1b[0m"
#define DATE_PART "127.0.0.1 - - [" GREY "24/Nov/2026 10:00:00" RESET "] "

/* Python 3.15's colours: the date grey, the request line cyan, the code
 * by its class, the size grey; an escape sent by the client stays
 * escaped, so it cannot forge a colour. */
static const struct colour_row colour_rows[] = {
	{ HS_LOG_REQUEST, 200, "\"GET / HTTP/1.1\" 200 -",
	    DATE_PART "\x1b[36m\"GET / HTTP/1.1\"" RESET " \x1b[32m200"
	    RESET " " GREY "-" RESET "\n" },
	{ HS_LOG_REQUEST, 101, "\"GET / HTTP/1.1\" 101 -",
	    DATE_PART "\x1b[36m\"GET / HTTP/1.1\"" RESET " " RESET "101"
	    RESET " " GREY "-" RESET "\n" },
	{ HS_LOG_REQUEST, 301, "\"GET /d HTTP/1.1\" 301 -",
	    DATE_PART "\x1b[36m\"GET /d HTTP/1.1\"" RESET " \x1b[96m301"
	    RESET " " GREY "-" RESET "\n" },
	{ HS_LOG_REQUEST, 404, "\"GET /a b HTTP/1.1\" 404 -",
	    DATE_PART "\x1b[36m\"GET /a b HTTP/1.1\"" RESET " \x1b[33m404"
	    RESET " " GREY "-" RESET "\n" },
	{ HS_LOG_REQUEST, 503, "\"GET / HTTP/1.1\" 503 -",
	    DATE_PART "\x1b[36m\"GET / HTTP/1.1\"" RESET " \x1b[31m503"
	    RESET " " GREY "-" RESET "\n" },
	{ HS_LOG_REQUEST, 404, "\"GET /\x1b[32m HTTP/1.1\" 404 -",
	    DATE_PART "\x1b[36m\"GET /\\x1b[32m HTTP/1.1\"" RESET
	    " \x1b[33m404" RESET " " GREY "-" RESET "\n" },
	{ HS_LOG_REQUEST, 400, "nospace",
	    DATE_PART "nospace\n" },
	{ HS_LOG_ERROR, 0, "code 404, message File not found",
	    DATE_PART "\x1b[33mcode 404, message File not found" RESET "\n" },
	{ HS_LOG_ERROR, 0, "bad \x1b[0m",
	    DATE_PART "\x1b[33mbad \\x1b[0m" RESET "\n" },
	{ HS_LOG_MESSAGE, 0, "CGI script exited OK",
	    DATE_PART "CGI script exited OK\n" },
};

/* The coloured line, and its length as snprintf() gives it. */
START_TEST(test_colour_line)
{
	const struct colour_row *r = &colour_rows[_i];
	char out[512];
	size_t n = hs_log_format_line_colour(out, sizeof(out), "127.0.0.1",
	    "24/Nov/2026 10:00:00", r->message, r->kind, r->code);

	ck_assert_str_eq(out, r->line);
	ck_assert_uint_eq(n, strlen(r->line));
	ck_assert_uint_eq(hs_log_format_line_colour(NULL, 0, "127.0.0.1",
	    "24/Nov/2026 10:00:00", r->message, r->kind, r->code), n);
}
END_TEST

/* A short buffer gets a NUL-terminated prefix and the full length. */
START_TEST(test_truncation)
{
	char out[16];
	size_t n, full;

	full = hs_log_format_line(NULL, 0, "127.0.0.1", "d", "\x1b msg");
	for (n = 0; n <= sizeof(out); n++) {
		memset(out, 'X', sizeof(out));
		ck_assert_uint_eq(hs_log_format_line(out, n, "127.0.0.1", "d",
		    "\x1b msg"), full);
		if (n > 0)
			ck_assert_uint_lt(strlen(out), n);
	}
}
END_TEST

Suite *
make_suite(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("log");
	int n = (int)(sizeof(rows) / sizeof(rows[0]));

	tcase_add_loop_test(tc, test_request_message, 0, n);
	tcase_add_loop_test(tc, test_line, 0, n);
	tcase_add_test(tc, test_error_line);
	ADD_TABLE(tc, test_colour_line, colour_rows);
	tcase_add_test(tc, test_truncation);
	suite_add_tcase(s, tc);
	return s;
}

/* SPDX-License-Identifier: MIT */
/*
 * check_escape.c - unit tests of escape.c: html.escape, urllib.parse.quote,
 * latin-1 decoding, the log control-character table and repr() (of
 * latin-1 and of UTF-8 text).  Every expected string was printed by
 * Python 3.11 and pasted here as a C literal; no Python runs at test time.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "runner.h"

#include <stdlib.h>
#include <string.h>

#include "http/escape.h"
#include "httpserve.h"

/* Room for every expected result of the tables. */
#define OUT_MAX 2048

/* A filler byte that no function writes on its own. */
#define POISON 0x5a

struct row {
	const char *in;
	size_t len;
	const char *want;
	size_t want_len;
};

struct html_row {
	const char *in;
	size_t len;
	int quote;
	const char *want;
	size_t want_len;
};

struct url_row {
	const char *in;
	size_t len;
	const char *safe;	/* NULL: quote()'s default "/" */
	const char *want;
	size_t want_len;
};

/* html.escape(s.decode('latin-1'), quote).encode('latin-1') */
static const struct html_row html_rows[] = {
	{ S(""), 0, S("") },
	{ S(""), 1, S("") },
	{ S("plain text"), 0, S("plain text") },
	{ S("plain text"), 1, S("plain text") },
	{ S("&"), 0, S("&amp;") },
	{ S("&"), 1, S("&amp;") },
	{ S("<"), 0, S("&lt;") },
	{ S("<"), 1, S("&lt;") },
	{ S(">"), 0, S("&gt;") },
	{ S(">"), 1, S("&gt;") },
	{ S("\""), 0, S("\"") },
	{ S("\""), 1, S("&quot;") },
	{ S("'"), 0, S("'") },
	{ S("'"), 1, S("&#x27;") },
	{ S("a&b<c>d"), 0, S("a&amp;b&lt;c&gt;d") },
	{ S("a&b<c>d"), 1, S("a&amp;b&lt;c&gt;d") },
	{ S("<a href=\"x\">it's</a>"), 0,
	    S("&lt;a href=\"x\"&gt;it's&lt;/a&gt;") },
	{ S("<a href=\"x\">it's</a>"), 1,
	    S("&lt;a href=&quot;x&quot;&gt;it&#x27;s&lt;/a&gt;") },
	{ S("&amp;"), 0, S("&amp;amp;") },
	{ S("&amp;"), 1, S("&amp;amp;") },
	{ S("\xc3\xa9 & \xff"), 0, S("\xc3\xa9 &amp; \xff") },
	{ S("\xc3\xa9 & \xff"), 1, S("\xc3\xa9 &amp; \xff") },
	{ S("a\x00<b"), 0, S("a\x00&lt;b") },
	{ S("a\x00<b"), 1, S("a\x00&lt;b") },
};

/*
 * urllib.parse.quote(s, safe).  The last row shows that quote_from_bytes()
 * ignores non-ASCII characters of SAFE: "\xc3\xa9" is quoted all the same.
 */
static const struct url_row url_rows[] = {
	{ S(""), NULL, S("") },
	{ S("abcXYZ019"), NULL, S("abcXYZ019") },
	{ S("_.-~"), NULL, S("_.-~") },
	{ S(" "), NULL, S("%20") },
	{ S("<&\">"), NULL, S("%3C%26%22%3E") },
	{ S("/"), NULL, S("/") },
	{ S("/"), "", S("%2F") },
	{ S("~"), "", S("~") },
	{ S("/a b/c"), NULL, S("/a%20b/c") },
	{ S("/a b/c"), "", S("%2Fa%20b%2Fc") },
	{ S("\xc3\xa9"), NULL, S("%C3%A9") },
	{ S("a\x00" "b"), NULL, S("a%00b") },
	{ S("\x7f\x80\xff"), NULL, S("%7F%80%FF") },
	{ S("!$'()*+,;=:@\?#[]%"), NULL,
	    S("%21%24%27%28%29%2A%2B%2C%3B%3D%3A%40%3F%23%5B%5D%25") },
	{ S("!$'()*+,;=:@\?#[]%"), "!$'()*+,;=:@",
	    S("!$'()*+,;=:@%3F%23%5B%5D%25") },
	{ S("a/b\?c=d&e"), "/\?=&", S("a/b\?c=d&e") },
	{ S("\xc3\xa9/"), "\xc3\xa9", S("%C3%A9%2F") },
};

/* s.decode('latin-1').encode('utf-8') */
static const struct row latin1_rows[] = {
	{ S(""), S("") },
	{ S("abc"), S("abc") },
	{ S("\x00"), S("\x00") },
	{ S("\x7f"), S("\x7f") },
	{ S("\x80"), S("\xc2\x80") },
	{ S("\xa0"), S("\xc2\xa0") },
	{ S("\xe9"), S("\xc3\xa9") },
	{ S("\xff"), S("\xc3\xbf") },
	{ S("caf\xe9 \xc3\xa9"), S("caf\xc3\xa9 \xc3\x83\xc2\xa9") },
	{ S("~\x7f\x80\x81"), S("~\x7f\xc2\x80\xc2\x81") },
};

/*
 * s.decode('utf-8', 'surrogateescape').translate(table).encode('utf-8')
 * where table is BaseHTTPRequestHandler._control_char_table extended to
 * map the escaped surrogates U+DC80..U+DCFF to "\x80".."\xff".
 */
static const struct row log_rows[] = {
	{ S(""), S("") },
	{ S("GET / HTTP/1.1"), S("GET / HTTP/1.1") },
	{ S("\x1b[31mred\x1b[0m"), S("\\x1b[31mred\\x1b[0m") },
	{ S("a\\b"), S("a\\\\b") },
	{ S("\\x41"), S("\\\\x41") },
	{ S("\x00"), S("\\x00") },
	{ S("\t\n\r"), S("\\x09\\x0a\\x0d") },
	{ S("\x1f \x7f"), S("\\x1f \\x7f") },
	{ S("\xc2\x80"), S("\\x80") },
	{ S("\xc2\x9f"), S("\\x9f") },
	{ S("\xc2\xa0"), S("\xc2\xa0") },
	{ S("caf\xc3\xa9"), S("caf\xc3\xa9") },
	{ S("\xe2\x82\xac"), S("\xe2\x82\xac") },
	{ S("\xf0\x9f\x98\x80"), S("\xf0\x9f\x98\x80") },
	{ S("\xff"), S("\\xff") },
	{ S("\xfe\xff"), S("\\xfe\\xff") },
	{ S("\xc3"), S("\\xc3") },
	{ S("a\xe2\x82"), S("a\\xe2\\x82") },
	{ S("\xe2\x82" "b"), S("\\xe2\\x82b") },
	{ S("\x80"), S("\\x80") },
	{ S("\xc0\xaf"), S("\\xc0\\xaf") },
	{ S("\xed\xa0\x80"), S("\\xed\\xa0\\x80") },
	{ S("\xf4\x90\x80\x80"), S("\\xf4\\x90\\x80\\x80") },
	{ S("\xf8\x88\x80\x80\x80"), S("\\xf8\\x88\\x80\\x80\\x80") },
	{ S("\xc3\xa9\xff\xc3\xa9"), S("\xc3\xa9\\xff\xc3\xa9") },
	{ S("\xc2\x85"), S("\\x85") },
	{ S("\xe0\x80\xaf"), S("\\xe0\\x80\\xaf") },
	{ S("\xf0\x8f\xbf\xbf"), S("\\xf0\\x8f\\xbf\\xbf") },
};

/* repr(s.decode('latin-1')).encode('utf-8') */
static const struct row repr_rows[] = {
	{ S(""), S("''") },
	{ S("HTTP/x"), S("'HTTP/x'") },
	{ S("it's"), S("\"it's\"") },
	{ S("say \"hi\""), S("'say \"hi\"'") },
	{ S("both ' and \""), S("'both \\' and \"'") },
	{ S("'"), S("\"'\"") },
	{ S("\""), S("'\"'") },
	{ S("\\"), S("'\\\\'") },
	{ S("\t\n\r"), S("'\\t\\n\\r'") },
	{ S("\x00\x01\x1f"), S("'\\x00\\x01\\x1f'") },
	{ S("\x7f"), S("'\\x7f'") },
	{ S("\x80\x9f"), S("'\\x80\\x9f'") },
	{ S("\xa0"), S("'\\xa0'") },
	{ S("\xa1"), S("'\xc2\xa1'") },
	{ S("\xad"), S("'\\xad'") },
	{ S("\xe9"), S("'\xc3\xa9'") },
	{ S("\xff"), S("'\xc3\xbf'") },
	{ S("caf\xc3\xa9"), S("'caf\xc3\x83\xc2\xa9'") },
	{ S("a\\'b"), S("\"a\\\\'b\"") },
	{ S("\x0b\x0c"), S("'\\x0b\\x0c'") },
	{ S(" ~"), S("' ~'") },
	{ S("''\""), S("'\\'\\'\"'") },
	{ S("'\\\""), S("'\\'\\\\\"'") },
};

/* repr(s.decode('utf-8', 'replace')).encode('utf-8'), a request path as
 * unquote() gives it. */
static const struct row repr_utf8_rows[] = {
	{ S(""), S("''") },
	{ S("/cgi-bin/x.sh"), S("'/cgi-bin/x.sh'") },
	{ S("it's"), S("\"it's\"") },
	{ S("say \"hi\""), S("'say \"hi\"'") },
	{ S("both ' and \""), S("'both \\' and \"'") },
	{ S("\\"), S("'\\\\'") },
	{ S("\t\n\r"), S("'\\t\\n\\r'") },
	{ S("\x00\x01\x1f\x7f"), S("'\\x00\\x01\\x1f\\x7f'") },
	{ S("caf\xc3\xa9"), S("'caf\xc3\xa9'") },
	{ S("\xc2\x80\xc2\x9f"), S("'\\x80\\x9f'") },
	{ S("\xc2\xa0"), S("'\\xa0'") },
	{ S("\xc2\xad"), S("'\\xad'") },
	{ S("\xc2\xa1"), S("'\xc2\xa1'") },
	{ S("\xc3\xbf"), S("'\xc3\xbf'") },
	{ S("\xe2\x82\xac"), S("'\xe2\x82\xac'") },
	{ S("\xf0\x9f\x98\x80"), S("'\xf0\x9f\x98\x80'") },
	{ S("\xff"), S("'\xef\xbf\xbd'") },
	{ S("\xe2\x82"), S("'\xef\xbf\xbd'") },
	{ S("a\xe2\x82z"), S("'a\xef\xbf\xbdz'") },
	{ S("\xed\xa0\x80"), S("'\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd'") },
	{ S("\xc0\xaf"), S("'\xef\xbf\xbd\xef\xbf\xbd'") },
	{ S("\xf4\x90\x80\x80"),
	    S("'\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd'") },
	{ S("/x/\xe9t\xe9"), S("'/x/\xef\xbf\xbdt\xef\xbf\xbd'") },
	{ S("'\xef\xbf\xbd\""), S("'\\'\xef\xbf\xbd\"'") },
	{ S("\x80'"), S("\"\xef\xbf\xbd'\"") },
};

/* The same Python expressions applied to bytes(range(256)) (for the log,
 * to its latin-1 decoding re-encoded as UTF-8). */
static const char repr_all[] =
	    "'\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\t\\n\\x0b\\x"
	    "0c\\r\\x0e\\x0f\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17\\x18"
	    "\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f !\"#$%&\\'()*+,-./012345"
	    "6789:;<=>\?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklm"
	    "nopqrstuvwxyz{|}~\\x7f\\x80\\x81\\x82\\x83\\x84\\x85\\x86\\x"
	    "87\\x88\\x89\\x8a\\x8b\\x8c\\x8d\\x8e\\x8f\\x90\\x91\\x92\\x"
	    "93\\x94\\x95\\x96\\x97\\x98\\x99\\x9a\\x9b\\x9c\\x9d\\x9e\\x"
	    "9f\\xa0\xc2\xa1\xc2\xa2\xc2\xa3\xc2\xa4\xc2\xa5\xc2\xa6\xc2"
	    "\xa7\xc2\xa8\xc2\xa9\xc2\xaa\xc2\xab\xc2\xac\\xad\xc2\xae"
	    "\xc2\xaf\xc2\xb0\xc2\xb1\xc2\xb2\xc2\xb3\xc2\xb4\xc2\xb5\xc2"
	    "\xb6\xc2\xb7\xc2\xb8\xc2\xb9\xc2\xba\xc2\xbb\xc2\xbc\xc2\xbd"
	    "\xc2\xbe\xc2\xbf\xc3\x80\xc3\x81\xc3\x82\xc3\x83\xc3\x84\xc3"
	    "\x85\xc3\x86\xc3\x87\xc3\x88\xc3\x89\xc3\x8a\xc3\x8b\xc3\x8c"
	    "\xc3\x8d\xc3\x8e\xc3\x8f\xc3\x90\xc3\x91\xc3\x92\xc3\x93\xc3"
	    "\x94\xc3\x95\xc3\x96\xc3\x97\xc3\x98\xc3\x99\xc3\x9a\xc3\x9b"
	    "\xc3\x9c\xc3\x9d\xc3\x9e\xc3\x9f\xc3\xa0\xc3\xa1\xc3\xa2\xc3"
	    "\xa3\xc3\xa4\xc3\xa5\xc3\xa6\xc3\xa7\xc3\xa8\xc3\xa9\xc3\xaa"
	    "\xc3\xab\xc3\xac\xc3\xad\xc3\xae\xc3\xaf\xc3\xb0\xc3\xb1\xc3"
	    "\xb2\xc3\xb3\xc3\xb4\xc3\xb5\xc3\xb6\xc3\xb7\xc3\xb8\xc3\xb9"
	    "\xc3\xba\xc3\xbb\xc3\xbc\xc3\xbd\xc3\xbe\xc3\xbf'";
static const char log_all[] =
	    "\\x00\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\x09\\x0a\\x0b"
	    "\\x0c\\x0d\\x0e\\x0f\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17"
	    "\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f !\"#$%&'()*+,-./012"
	    "3456789:;<=>\?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghij"
	    "klmnopqrstuvwxyz{|}~\\x7f\\x80\\x81\\x82\\x83\\x84\\x85\\x86"
	    "\\x87\\x88\\x89\\x8a\\x8b\\x8c\\x8d\\x8e\\x8f\\x90\\x91\\x92"
	    "\\x93\\x94\\x95\\x96\\x97\\x98\\x99\\x9a\\x9b\\x9c\\x9d\\x9e"
	    "\\x9f\xc2\xa0\xc2\xa1\xc2\xa2\xc2\xa3\xc2\xa4\xc2\xa5\xc2"
	    "\xa6\xc2\xa7\xc2\xa8\xc2\xa9\xc2\xaa\xc2\xab\xc2\xac\xc2\xad"
	    "\xc2\xae\xc2\xaf\xc2\xb0\xc2\xb1\xc2\xb2\xc2\xb3\xc2\xb4\xc2"
	    "\xb5\xc2\xb6\xc2\xb7\xc2\xb8\xc2\xb9\xc2\xba\xc2\xbb\xc2\xbc"
	    "\xc2\xbd\xc2\xbe\xc2\xbf\xc3\x80\xc3\x81\xc3\x82\xc3\x83\xc3"
	    "\x84\xc3\x85\xc3\x86\xc3\x87\xc3\x88\xc3\x89\xc3\x8a\xc3\x8b"
	    "\xc3\x8c\xc3\x8d\xc3\x8e\xc3\x8f\xc3\x90\xc3\x91\xc3\x92\xc3"
	    "\x93\xc3\x94\xc3\x95\xc3\x96\xc3\x97\xc3\x98\xc3\x99\xc3\x9a"
	    "\xc3\x9b\xc3\x9c\xc3\x9d\xc3\x9e\xc3\x9f\xc3\xa0\xc3\xa1\xc3"
	    "\xa2\xc3\xa3\xc3\xa4\xc3\xa5\xc3\xa6\xc3\xa7\xc3\xa8\xc3\xa9"
	    "\xc3\xaa\xc3\xab\xc3\xac\xc3\xad\xc3\xae\xc3\xaf\xc3\xb0\xc3"
	    "\xb1\xc3\xb2\xc3\xb3\xc3\xb4\xc3\xb5\xc3\xb6\xc3\xb7\xc3\xb8"
	    "\xc3\xb9\xc3\xba\xc3\xbb\xc3\xbc\xc3\xbd\xc3\xbe\xc3\xbf";
static const char url_all[] =
	    "%00%01%02%03%04%05%06%07%08%09%0A%0B%0C%0D%0E%0F%10%11%12%13"
	    "%14%15%16%17%18%19%1A%1B%1C%1D%1E%1F%20%21%22%23%24%25%26%27"
	    "%28%29%2A%2B%2C-./0123456789%3A%3B%3C%3D%3E%3F%40ABCDEFGHIJK"
	    "LMNOPQRSTUVWXYZ%5B%5C%5D%5E_%60abcdefghijklmnopqrstuvwxyz%7B"
	    "%7C%7D~%7F%80%81%82%83%84%85%86%87%88%89%8A%8B%8C%8D%8E%8F%9"
	    "0%91%92%93%94%95%96%97%98%99%9A%9B%9C%9D%9E%9F%A0%A1%A2%A3%A"
	    "4%A5%A6%A7%A8%A9%AA%AB%AC%AD%AE%AF%B0%B1%B2%B3%B4%B5%B6%B7%B"
	    "8%B9%BA%BB%BC%BD%BE%BF%C0%C1%C2%C3%C4%C5%C6%C7%C8%C9%CA%CB%C"
	    "C%CD%CE%CF%D0%D1%D2%D3%D4%D5%D6%D7%D8%D9%DA%DB%DC%DD%DE%DF%E"
	    "0%E1%E2%E3%E4%E5%E6%E7%E8%E9%EA%EB%EC%ED%EE%EF%F0%F1%F2%F3%F"
	    "4%F5%F6%F7%F8%F9%FA%FB%FC%FD%FE%FF";
static const char url_all_nosafe[] =
	    "%00%01%02%03%04%05%06%07%08%09%0A%0B%0C%0D%0E%0F%10%11%12%13"
	    "%14%15%16%17%18%19%1A%1B%1C%1D%1E%1F%20%21%22%23%24%25%26%27"
	    "%28%29%2A%2B%2C-.%2F0123456789%3A%3B%3C%3D%3E%3F%40ABCDEFGHI"
	    "JKLMNOPQRSTUVWXYZ%5B%5C%5D%5E_%60abcdefghijklmnopqrstuvwxyz%"
	    "7B%7C%7D~%7F%80%81%82%83%84%85%86%87%88%89%8A%8B%8C%8D%8E%8F"
	    "%90%91%92%93%94%95%96%97%98%99%9A%9B%9C%9D%9E%9F%A0%A1%A2%A3"
	    "%A4%A5%A6%A7%A8%A9%AA%AB%AC%AD%AE%AF%B0%B1%B2%B3%B4%B5%B6%B7"
	    "%B8%B9%BA%BB%BC%BD%BE%BF%C0%C1%C2%C3%C4%C5%C6%C7%C8%C9%CA%CB"
	    "%CC%CD%CE%CF%D0%D1%D2%D3%D4%D5%D6%D7%D8%D9%DA%DB%DC%DD%DE%DF"
	    "%E0%E1%E2%E3%E4%E5%E6%E7%E8%E9%EA%EB%EC%ED%EE%EF%F0%F1%F2%F3"
	    "%F4%F5%F6%F7%F8%F9%FA%FB%FC%FD%FE%FF";

/* The shape shared by every function of escape.h. */
typedef size_t (*escape_fn)(char *, size_t, const char *, size_t);

/* hs_html_escape() with quote=True, Python's default. */
static size_t
html_quoted(char *dst, size_t size, const char *src, size_t len)
{
	return hs_html_escape(dst, size, src, len, 1);
}

/* hs_url_quote() with the default safe "/". */
static size_t
url_default(char *dst, size_t size, const char *src, size_t len)
{
	return hs_url_quote(dst, size, src, len, NULL);
}

struct trunc_row {
	const char *name;
	escape_fn fn;
	const char *in;
	size_t len;
};

/* Inputs whose results mix copied bytes with multi-byte escapes. */
static const struct trunc_row trunc_rows[] = {
	{ "html", html_quoted, S("a<b&\"c'\0d>") },
	{ "url", url_default, S("a b/\xc3\xa9\0~") },
	{ "latin1", hs_latin1_to_utf8, S("caf\xe9\0\xff!") },
	{ "log", hs_log_escape, S("\x1b[1m\\\xc3\xa9\xff\0z") },
	{ "repr", hs_py_repr, S("it's \0\xe9\t") },
	{ "repr_utf8", hs_py_repr_utf8,
	    S("it's \0\xc3\xa9\xe2\x82\xac\xff\t") },
};

/* A copy of the LEN bytes at S in a buffer of exactly LEN bytes, so that
 * AddressSanitizer and valgrind catch any read past the end. */
static char *
dup_exact(const char *s, size_t len)
{
	char *p = malloc(len > 0 ? len : 1);

	ck_assert_ptr_nonnull(p);
	if (len > 0)
		memcpy(p, s, len);
	return p;
}

/* Check that a call returned N and wrote WANT (WANT_LEN bytes) and a NUL
 * into BUF, and nothing after; ROW names the table row on failure. */
static void
check_out(size_t n, const char *buf, const char *want, size_t want_len,
    int row)
{
	ck_assert_msg(n == want_len, "row %d: length %zu, want %zu", row, n,
	    want_len);
	ck_assert_msg(memcmp(buf, want, want_len) == 0,
	    "row %d: got \"%.*s\", want \"%s\"", row, (int)want_len, buf,
	    want);
	ck_assert_msg(buf[want_len] == '\0', "row %d: no NUL", row);
	ck_assert_msg(buf[want_len + 1] == POISON, "row %d: wrote past NUL",
	    row);
}

/* Run FN on the LEN bytes at IN with a large buffer and check the result
 * is WANT. */
static void
check_fn(escape_fn fn, const char *in, size_t len, const char *want,
    size_t want_len, int row)
{
	char buf[OUT_MAX];
	char *src = dup_exact(in, len);
	size_t n;

	memset(buf, POISON, sizeof(buf));
	n = fn(buf, sizeof(buf), src, len);
	free(src);
	check_out(n, buf, want, want_len, row);
}

/* Each row of html_rows escapes as html.escape() did. */
START_TEST(test_html_table)
{
	const struct html_row *r = &html_rows[_i];
	char buf[OUT_MAX];
	char *src = dup_exact(r->in, r->len);
	size_t n;

	memset(buf, POISON, sizeof(buf));
	n = hs_html_escape(buf, sizeof(buf), src, r->len, r->quote);
	free(src);
	check_out(n, buf, r->want, r->want_len, _i);
}
END_TEST

/* Each row of url_rows quotes as urllib.parse.quote() did. */
START_TEST(test_url_table)
{
	const struct url_row *r = &url_rows[_i];
	char buf[OUT_MAX];
	char *src = dup_exact(r->in, r->len);
	size_t n;

	memset(buf, POISON, sizeof(buf));
	n = hs_url_quote(buf, sizeof(buf), src, r->len, r->safe);
	free(src);
	check_out(n, buf, r->want, r->want_len, _i);
}
END_TEST

/* Each row of latin1_rows converts as Python did. */
START_TEST(test_latin1_table)
{
	const struct row *r = &latin1_rows[_i];

	check_fn(hs_latin1_to_utf8, r->in, r->len, r->want, r->want_len, _i);
}
END_TEST

/* Each row of log_rows escapes as log_message() would. */
START_TEST(test_log_table)
{
	const struct row *r = &log_rows[_i];

	check_fn(hs_log_escape, r->in, r->len, r->want, r->want_len, _i);
}
END_TEST

/* Each row of repr_rows gives what repr() printed. */
START_TEST(test_repr_table)
{
	const struct row *r = &repr_rows[_i];

	check_fn(hs_py_repr, r->in, r->len, r->want, r->want_len, _i);
}
END_TEST

/* Each row of repr_utf8_rows gives what repr() printed. */
START_TEST(test_repr_utf8_table)
{
	const struct row *r = &repr_utf8_rows[_i];

	check_fn(hs_py_repr_utf8, r->in, r->len, r->want, r->want_len, _i);
}
END_TEST

/* Fill RAW with the 256 byte values in order. */
static void
all_bytes(char raw[256])
{
	int i;

	for (i = 0; i < 256; i++)
		raw[i] = (char)i;
}

/* No repr() writes more than HS_PY_REPR_MAX() bytes, which a run of
 * control characters reaches; the sequences and subparts of UTF-8 stay
 * below it. */
START_TEST(test_repr_max)
{
	static const char worst[] = "\x01\x7f\x00";
	static const char mixed[] = "\xc2\x85\xe2\x82\xff\xf0\x9f\x98\x80'";
	char raw[256];

	all_bytes(raw);
	ck_assert_uint_le(hs_py_repr(NULL, 0, raw, sizeof(raw)),
	    HS_PY_REPR_MAX(sizeof(raw)));
	ck_assert_uint_le(hs_py_repr_utf8(NULL, 0, raw, sizeof(raw)),
	    HS_PY_REPR_MAX(sizeof(raw)));
	ck_assert_uint_eq(hs_py_repr(NULL, 0, worst, 3), HS_PY_REPR_MAX(3));
	ck_assert_uint_eq(hs_py_repr_utf8(NULL, 0, worst, 3),
	    HS_PY_REPR_MAX(3));
	ck_assert_uint_le(hs_py_repr_utf8(NULL, 0, mixed, sizeof(mixed) - 1),
	    HS_PY_REPR_MAX(sizeof(mixed) - 1));
}
END_TEST

/* repr() of every latin-1 character at once. */
START_TEST(test_repr_all_bytes)
{
	char raw[256];

	all_bytes(raw);
	check_fn(hs_py_repr, raw, sizeof(raw), S(repr_all), 0);
}
END_TEST

/* The log table applied to U+0000..U+00FF at once. */
START_TEST(test_log_all_code_points)
{
	char raw[256], utf8[512];

	all_bytes(raw);
	ck_assert_uint_eq(hs_latin1_to_utf8(utf8, sizeof(utf8), raw,
	    sizeof(raw)), 384);
	check_fn(hs_log_escape, utf8, 384, S(log_all), 0);
}
END_TEST

/* quote() of every byte, with safe "/" and with safe "". */
START_TEST(test_url_all_bytes)
{
	char raw[256], buf[OUT_MAX];
	size_t n;

	all_bytes(raw);
	check_fn(url_default, raw, sizeof(raw), S(url_all), 0);
	memset(buf, POISON, sizeof(buf));
	n = hs_url_quote(buf, sizeof(buf), raw, sizeof(raw), "");
	check_out(n, buf, S(url_all_nosafe), 1);
}
END_TEST

/*
 * The snprintf() rule, for every SIZE from 0 to past the full length: the
 * return value is always the full length, the stored bytes are a prefix of
 * the full result followed by a NUL, and nothing at or after SIZE changes.
 */
START_TEST(test_truncation)
{
	const struct trunc_row *r = &trunc_rows[_i];
	char full[OUT_MAX], buf[OUT_MAX];
	char *src = dup_exact(r->in, r->len);
	size_t want, size, n, kept, i;

	want = r->fn(full, sizeof(full), src, r->len);
	ck_assert_uint_lt(want, 64);
	/* Measuring alone needs no buffer at all. */
	ck_assert_uint_eq(r->fn(NULL, 0, src, r->len), want);
	for (size = 0; size <= want + 2; size++) {
		memset(buf, POISON, sizeof(buf));
		n = r->fn(buf, size, src, r->len);
		ck_assert_msg(n == want, "%s size %zu: %zu", r->name, size, n);
		kept = size == 0 ? 0 : (size - 1 < want ? size - 1 : want);
		ck_assert_msg(memcmp(buf, full, kept) == 0, "%s size %zu",
		    r->name, size);
		if (size > 0)
			ck_assert_msg(buf[kept] == '\0', "%s size %zu: no NUL",
			    r->name, size);
		for (i = size; i < sizeof(buf); i++)
			ck_assert_msg(buf[i] == POISON,
			    "%s size %zu: wrote at %zu", r->name, size, i);
	}
	free(src);
}
END_TEST

/* Empty input gives an empty result (two quotes for repr). */
START_TEST(test_empty_input)
{
	char buf[8];

	/* A NULL source is fine when its length is 0. */
	memset(buf, POISON, sizeof(buf));
	ck_assert_uint_eq(hs_html_escape(buf, sizeof(buf), NULL, 0, 1), 0);
	ck_assert_int_eq(buf[0], '\0');
	ck_assert_uint_eq(hs_url_quote(buf, sizeof(buf), NULL, 0, ""), 0);
	ck_assert_uint_eq(hs_latin1_to_utf8(buf, sizeof(buf), NULL, 0), 0);
	ck_assert_uint_eq(hs_log_escape(buf, sizeof(buf), NULL, 0), 0);
	ck_assert_int_eq(buf[0], '\0');
	ck_assert_uint_eq(hs_py_repr(buf, sizeof(buf), NULL, 0), 2);
	ck_assert_str_eq(buf, "''");
	ck_assert_uint_eq(hs_py_repr_utf8(buf, sizeof(buf), NULL, 0), 2);
	ck_assert_str_eq(buf, "''");
}
END_TEST

/* LEN, not a NUL, ends the input. */
START_TEST(test_len_bounds)
{
	char buf[64];

	/* Only LEN bytes are read: what follows them is not escaped. */
	ck_assert_uint_eq(hs_html_escape(buf, sizeof(buf), "a<b", 1, 1), 1);
	ck_assert_str_eq(buf, "a");
	ck_assert_uint_eq(hs_url_quote(buf, sizeof(buf), "a b", 2, NULL), 4);
	ck_assert_str_eq(buf, "a%20");
	/* A sequence cut by LEN is invalid UTF-8 even if more follows. */
	ck_assert_uint_eq(hs_log_escape(buf, sizeof(buf), "\xc3\xa9", 1), 4);
	ck_assert_str_eq(buf, "\\xc3");
	ck_assert_uint_eq(hs_py_repr(buf, sizeof(buf), "it's", 2), 4);
	ck_assert_str_eq(buf, "'it'");
	ck_assert_uint_eq(hs_py_repr_utf8(buf, sizeof(buf), "\xc3\xa9", 1),
	    5);
	ck_assert_str_eq(buf, "'\xef\xbf\xbd'");
}
END_TEST

/* The suite the runner executes: one test case per area. */
Suite *
make_suite(void)
{
	Suite *s = suite_create("escape");
	TCase *tc;

	tc = tcase_create("html");
	ADD_TABLE(tc, test_html_table, html_rows);
	suite_add_tcase(s, tc);

	tc = tcase_create("url");
	ADD_TABLE(tc, test_url_table, url_rows);
	tcase_add_test(tc, test_url_all_bytes);
	suite_add_tcase(s, tc);

	tc = tcase_create("latin1");
	ADD_TABLE(tc, test_latin1_table, latin1_rows);
	suite_add_tcase(s, tc);

	tc = tcase_create("log");
	ADD_TABLE(tc, test_log_table, log_rows);
	tcase_add_test(tc, test_log_all_code_points);
	suite_add_tcase(s, tc);

	tc = tcase_create("repr");
	ADD_TABLE(tc, test_repr_table, repr_rows);
	tcase_add_test(tc, test_repr_all_bytes);
	ADD_TABLE(tc, test_repr_utf8_table, repr_utf8_rows);
	tcase_add_test(tc, test_repr_max);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	ADD_TABLE(tc, test_truncation, trunc_rows);
	tcase_add_test(tc, test_empty_input);
	tcase_add_test(tc, test_len_bounds);
	suite_add_tcase(s, tc);
	return s;
}

/* SPDX-License-Identifier: MIT */
/*
 * request.c - the read side of a request: adopting a parsed head, the
 * keep-alive decision, the answers to malformed requests, and the
 * hs_request_* accessors of httpserve.h.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/request.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/conn.h"
#include "http/escape.h"
#include "http/hs_limits.h"
#include "engine/server.h"

/* Buffers larger than this are given back when a request ends, so one big
 * body does not pin its memory for the rest of a keep-alive connection. */
#define KEEP_BUFFER_MAX (64 * 1024)

/* A request for CONN, reused for every request the connection carries. */
struct hs_request *
hs_request_new(struct hs_conn *conn, struct hs_server *srv,
    const char *address, int port)
{
	struct hs_request *req = calloc(1, sizeof(*req));

	if (req == NULL)
		return NULL;
	req->conn = conn;
	req->server = srv;
	snprintf(req->client_address, sizeof(req->client_address), "%s",
	    address);
	req->client_port = port;
	hs_request_reset(req);
	return req;
}

void
hs_request_free(struct hs_request *req)
{
	if (req == NULL)
		return;
	hs_buf_free(&req->head_bytes);
	hs_buf_free(&req->words);
	hs_buf_free(&req->body);
	hs_buf_free(&req->headers_out);
	hs_buf_free(&req->message);
	hs_buf_free(&req->page);
	hs_buf_free(&req->new_path);
	free(req);
}

/* Forget the previous request, keeping buffers of reasonable size. */
void
hs_request_reset(struct hs_request *req)
{
	hs_parse_init(&req->head);
	hs_buf_recycle(&req->head_bytes, KEEP_BUFFER_MAX);
	hs_buf_recycle(&req->words, KEEP_BUFFER_MAX);
	hs_buf_recycle(&req->body, KEEP_BUFFER_MAX);
	hs_buf_recycle(&req->headers_out, KEEP_BUFFER_MAX);
	hs_buf_recycle(&req->message, KEEP_BUFFER_MAX);
	hs_buf_recycle(&req->page, KEEP_BUFFER_MAX);
	memset(&req->st, 0, sizeof(req->st));
	req->st.line = "";
	req->st.command = "";
	req->st.path = "";
	req->st.version = "";
}

/* Does the comma-separated list VALUE hold TOKEN (case-insensitive)? */
static int
list_has_token(const char *value, const char *token)
{
	size_t n = strlen(token);

	while (*value != '\0') {
		size_t len;

		value += strspn(value, " \t,");
		len = strcspn(value, ",");
		while (len > 0 && (value[len - 1] == ' ' ||
		    value[len - 1] == '\t'))
			len--;
		if (len == n && strncasecmp(value, token, n) == 0)
			return 1;
		value += strcspn(value, ",");
	}
	return 0;
}

/*
 * close_connection as parse_request() decides it: HTTP/1.1 on both sides
 * keeps the connection, "Connection: close" closes it, "Connection:
 * keep-alive" keeps it when we speak HTTP/1.1.  (Python compares the whole
 * first Connection value; we read every field as the token list RFC 9110
 * section 7.6.1 makes it.)
 */
static void
decide_close(struct hs_request *req)
{
	int http11 = req->server->protocol_minor >= 1;
	int close = !(req->st.major == 1 && req->st.minor >= 1 && http11);
	size_t i, n = hs_request_header_count(req);
	int saw_close = 0, saw_keep_alive = 0;

	for (i = 0; i < n; i++) {
		const char *name, *value;

		hs_request_header_at(req, i, &name, &value);
		if (strcasecmp(name, "Connection") != 0)
			continue;
		saw_close |= list_has_token(value, "close");
		saw_keep_alive |= list_has_token(value, "keep-alive");
	}
	if (saw_close)
		close = 1;
	else if (saw_keep_alive && http11)
		close = 0;
	if (req->st.simple)
		close = 1;
	req->st.close_connection = close;
}

/* Append the request line's words, NUL-terminated, to the words buffer:
 * the path with a leading "//" reduced to "/" (gh-87389: "//host/x" is
 * read by browsers as another host, an open redirect). */
static int
copy_words(struct hs_request *req, const char *buf)
{
	const struct hs_head *h = &req->head;
	const char *target = buf + h->target.off;
	size_t tlen = h->target.len;
	struct hs_buf *w = &req->words;

	if (tlen >= 2 && target[0] == '/' && target[1] == '/') {
		while (tlen > 1 && target[1] == '/') {
			target++;
			tlen--;
		}
	}
	if (hs_buf_append(w, buf + h->method.off, h->method.len) != 0 ||
	    hs_buf_append(w, "", 1) != 0 ||
	    hs_buf_append(w, target, tlen) != 0 ||
	    hs_buf_append(w, "", 1) != 0)
		return -1;
	if (h->simple)
		return hs_buf_append(w, "HTTP/0.9", 8);
	return hs_buf_append(w, buf + h->version.off, h->version.len);
}

/* Point command, path and version at the words buffer. */
static void
point_words(struct hs_request *req)
{
	const char *w = req->words.data;

	req->st.command = w;
	req->st.path = w + strlen(w) + 1;
	req->st.version = req->st.path + strlen(req->st.path) + 1;
}

/* Adopt a parsed head; see request.h. */
int
hs_request_adopt_head(struct hs_request *req, const struct hs_head *head,
    const char *buf, size_t len)
{
	struct hs_buf *hb = &req->head_bytes;
	char *data;
	size_t i;

	hb->len = 0;
	if (hs_buf_append(hb, buf, len) != 0)
		return -1;
	if (&req->head != head)
		req->head = *head;
	data = hb->data;
	/* The byte after each field is its line ending, its whitespace or
	 * the end of the head: NUL-terminating there cuts nothing needed. */
	data[head->line.off + head->line.len] = '\0';
	for (i = 0; i < head->nheaders; i++) {
		data[head->headers[i].name.off + head->headers[i].name.len] =
		    '\0';
		data[head->headers[i].value.off + head->headers[i].value.len] =
		    '\0';
	}
	req->words.len = 0;
	if (copy_words(req, data) != 0)
		return -1;
	point_words(req);
	req->st.line = data + head->line.off;
	req->st.major = head->major;
	req->st.minor = head->minor;
	req->st.simple = head->simple;
	decide_close(req);
	return 0;
}

/* Keep only the request line of a head that failed to parse, for the log
 * line and the response version (no headers: they were not checked). */
static int
adopt_line_only(struct hs_request *req, const struct hs_head *head,
    const char *buf)
{
	struct hs_buf *hb = &req->head_bytes;

	hb->len = 0;
	req->head.nheaders = 0;
	if (!head->have_line || head->error == HS_PE_URI_TOO_LONG)
		return 0;	/* Python logs "" as the request line */
	if (hs_buf_append(hb, buf + head->line.off, head->line.len) != 0)
		return -1;
	req->st.line = hb->data;
	req->st.simple = head->simple;
	return 0;
}

/*
 * send_error(CODE, PREFIX + " (" + repr(WORD) + ")"), or with the word as
 * it is when REPR is 0 ("Invalid HTTP version (%s)").
 */
static int
fail_quoted(struct hs_request *req, int code, const char *prefix,
    const char *word, size_t len, int repr)
{
	struct hs_buf *m = &req->message;
	size_t need, prefix_len = strlen(prefix);

	need = repr ? hs_py_repr(NULL, 0, word, len) :
	    hs_latin1_to_utf8(NULL, 0, word, len);
	m->len = 0;
	if (hs_buf_reserve(m, prefix_len + need + 4) != 0)
		return hs_send_error(req, code, NULL, NULL);
	memcpy(m->data, prefix, prefix_len);
	memcpy(m->data + prefix_len, " (", 2);
	if (repr)
		hs_py_repr(m->data + prefix_len + 2, need + 1, word, len);
	else
		hs_latin1_to_utf8(m->data + prefix_len + 2, need + 1, word,
		    len);
	memcpy(m->data + prefix_len + 2 + need, ")", 2);
	m->len = prefix_len + need + 3;
	return hs_send_error(req, code, m->data, NULL);
}

/* send_error(CODE, "PREFIX (%r)" % WORD). */
int
hs_request_fail_repr(struct hs_request *req, int code, const char *prefix,
    const char *word)
{
	return fail_quoted(req, code, prefix, word, strlen(word), 1);
}

/* Answer a parse error with Python's status and message; see request.h. */
int
hs_request_fail_parse(struct hs_request *req, const struct hs_head *head,
    const char *buf)
{
	const char *word = buf + head->error_word.off;
	size_t wlen = head->error_word.len;

	if (head->error == HS_PE_EMPTY || head->error == HS_PE_NONE)
		return -1;
	if (adopt_line_only(req, head, buf) != 0)
		return -1;
	switch (head->error) {
	case HS_PE_URI_TOO_LONG:
		return hs_send_error(req, 414, NULL, NULL);
	case HS_PE_BAD_VERSION:
		return fail_quoted(req, 400, "Bad request version", word, wlen,
		    1);
	case HS_PE_VERSION:
		return fail_quoted(req, 505, "Invalid HTTP version", word,
		    wlen, 0);
	case HS_PE_BAD_SYNTAX:
		return fail_quoted(req, 400, "Bad request syntax", word, wlen,
		    1);
	case HS_PE_BAD_09_METHOD:
		return fail_quoted(req, 400, "Bad HTTP/0.9 request type", word,
		    wlen, 1);
	case HS_PE_LINE_TOO_LONG:
		return hs_send_error(req, 431, "Line too long",
		    "got more than 65536 bytes when reading header line");
	case HS_PE_TOO_MANY_HEADERS:
		return hs_send_error(req, 431, "Too many headers",
		    "got more than 100 headers");
	case HS_PE_HEAD_TOO_LARGE:
		return hs_send_error(req, 431, "Request header too large",
		    NULL);
	case HS_PE_BAD_HEADER:
		return hs_send_error(req, 400, "Bad header line", NULL);
	case HS_PE_EMPTY:
	case HS_PE_NONE:
		break;
	}
	return -1;
}

/* --- the public accessors --------------------------------------------- */

const char *
hs_request_command(const struct hs_request *req)
{
	return req->st.command;
}

const char *
hs_request_path(const struct hs_request *req)
{
	return req->st.path;
}

int
hs_request_set_path(struct hs_request *req, const char *path)
{
	const char *p;

	for (p = path; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			errno = EINVAL;
			return -1;
		}
	req->new_path.len = 0;
	if (hs_buf_append(&req->new_path, path, strlen(path) + 1) != 0)
		return -1;
	req->st.path = req->new_path.data;
	return 0;
}

const char *
hs_request_version(const struct hs_request *req)
{
	return req->st.version;
}

const char *
hs_request_line(const struct hs_request *req)
{
	return req->st.line;
}

size_t
hs_request_header_count(const struct hs_request *req)
{
	return req->head.nheaders;
}

/* The I-th header field, in arrival order. */
int
hs_request_header_at(const struct hs_request *req, size_t i,
    const char **name, const char **value)
{
	const struct hs_header_span *h;

	if (i >= req->head.nheaders) {
		errno = EINVAL;
		return -1;
	}
	h = &req->head.headers[i];
	*name = req->head_bytes.data + h->name.off;
	*value = req->head_bytes.data + h->value.off;
	return 0;
}

/* The first value of header NAME, as email.message.Message.get() gives. */
const char *
hs_request_header(const struct hs_request *req, const char *name)
{
	size_t i;

	for (i = 0; i < req->head.nheaders; i++) {
		const struct hs_header_span *h = &req->head.headers[i];

		if (strcasecmp(req->head_bytes.data + h->name.off, name) == 0)
			return req->head_bytes.data + h->value.off;
	}
	return NULL;
}

const char *
hs_request_client_address(const struct hs_request *req)
{
	return req->client_address;
}

int
hs_request_client_port(const struct hs_request *req)
{
	return req->client_port;
}

/* The buffered body, NUL-terminated; "" when there is none. */
const char *
hs_request_body(const struct hs_request *req, size_t *len)
{
	if (len != NULL)
		*len = req->body.len;
	return req->body.len > 0 ? req->body.data : "";
}

/* Stream the body to FN; see httpserve.h. */
int
hs_request_read_body(struct hs_request *req, hs_body_fn fn, void *arg)
{
	if (req->conn == NULL || req->st.aborted) {
		errno = EPIPE;
		return -1;
	}
	if (req->st.body_mode != HS_BODY_STREAM || fn == NULL ||
	    req->st.body_fn != NULL) {
		errno = EINVAL;
		return -1;
	}
	req->st.body_fn = fn;
	req->st.body_arg = arg;
	hs_conn_resume(req->conn);
	return 0;
}

void
hs_request_pause_body(struct hs_request *req, int paused)
{
	req->st.body_paused = paused != 0;
	if (!paused && req->conn != NULL)
		hs_conn_resume(req->conn);
}

struct hs_server *
hs_request_server(const struct hs_request *req)
{
	return req->server;
}

int
hs_request_close_connection(const struct hs_request *req)
{
	return req->st.close_connection;
}

void
hs_request_set_close_connection(struct hs_request *req, int close_connection)
{
	req->st.close_connection = close_connection != 0;
}

int
hs_request_is_head(const struct hs_request *req)
{
	return strcmp(req->st.command, "HEAD") == 0;
}

int
hs_request_aborted(const struct hs_request *req)
{
	return req->st.aborted;
}

size_t
hs_request_output_pending(const struct hs_request *req)
{
	if (req->conn == NULL)
		return 0;
	return hs_conn_output_length(req->conn);
}

/* SPDX-License-Identifier: MIT */
/*
 * request.c - the read side of a request: adopting a parsed head, the
 * keep-alive decision, the answers to malformed requests and to Expect,
 * and the hs_request_* accessors of httpserve.h.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/request.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/settings.h"
#include "engine/transport.h"
#include "http/chars.h"
#include "http/escape.h"
#include "http/hs_limits.h"
#include "http/parse.h"

/* Buffers larger than this are given back when a request ends, so one big
 * body does not pin its memory for the rest of a keep-alive connection. */
#define KEEP_BUFFER_MAX (64 * 1024)

/* The request's buffers, in one list: freed and recycled alike. */
static const size_t request_buffers[] = {
	offsetof(struct hs_request, head_bytes),
	offsetof(struct hs_request, words),
	offsetof(struct hs_request, body),
	offsetof(struct hs_request, headers_out),
	offsetof(struct hs_request, message),
	offsetof(struct hs_request, target),
	offsetof(struct hs_request, spare),
};

#define NBUFFERS (sizeof(request_buffers) / sizeof(request_buffers[0]))

/* The I-th buffer of the list. */
static struct hs_buf *
request_buffer(struct hs_request *req, size_t i)
{
	return (struct hs_buf *)(void *)((char *)req + request_buffers[i]);
}

/* Pooled requests keep buffers up to this size: a pool of large buffers
 * would pin memory no connection uses. */
#define SPARE_BUFFER_MAX (4 * 1024)

/* At most this many spare requests wait in a loop's pool: enough for
 * the requests in flight at once on a busy loop, a few KiB each. */
#define SPARE_REQUESTS_MAX 64

/* A loop's spare requests, kept under the key spare_key. */
struct spare_requests {
	struct hs_request *first;
	size_t count;
};

static const char spare_key;

/* Set REQ up for the client at ADDRESS and PORT over OPS and IO. */
static void
request_attach(struct hs_request *req, const struct hs_transport_ops *ops,
    void *io, struct hs_loop *loop, const struct hs_settings *set,
    const struct hs_methods *methods, const char *address, int port)
{
	size_t len = strnlen(address, sizeof(req->client_address) - 1);

	req->ops = ops;
	req->io = io;
	req->loop = loop;
	req->set = set;
	req->methods = methods;
	memcpy(req->client_address, address, len);
	req->client_address[len] = '\0';
	req->client_port = port;
}

/* A request, reused for every request its connection carries. */
struct hs_request *
hs_request_new(const struct hs_transport_ops *ops, void *io,
    struct hs_loop *loop, const struct hs_settings *set,
    const struct hs_methods *methods, const char *address, int port)
{
	struct hs_request *req = calloc(1, sizeof(*req));

	if (req == NULL)
		return NULL;
	request_attach(req, ops, io, loop, set, methods, address, port);
	hs_request_reset(req);
	return req;
}

static void
spares_free(void *value)
{
	struct spare_requests *spares = value;
	struct hs_request *req;

	while ((req = spares->first) != NULL) {
		spares->first = req->next_spare;
		hs_request_free(req);
	}
	free(spares);
}

struct hs_request *
hs_request_take(const struct hs_transport_ops *ops, void *io,
    struct hs_loop *loop, const struct hs_settings *set,
    const struct hs_methods *methods, const char *address, int port)
{
	struct spare_requests *spares = hs_loop_get(loop, &spare_key);
	struct hs_request *req;

	if (spares == NULL || spares->first == NULL)
		return hs_request_new(ops, io, loop, set, methods, address,
		    port);
	req = spares->first;
	spares->first = req->next_spare;
	spares->count--;
	req->next_spare = NULL;
	request_attach(req, ops, io, loop, set, methods, address, port);
	return req;
}

void
hs_request_give_back(struct hs_request *req)
{
	struct hs_loop *loop = req->loop;
	struct spare_requests *spares = hs_loop_get(loop, &spare_key);
	size_t i;

	if (spares == NULL) {
		spares = calloc(1, sizeof(*spares));
		if (spares == NULL ||
		    hs_loop_set(loop, &spare_key, spares, spares_free) != 0) {
			free(spares);
			hs_request_free(req);
			return;
		}
	}
	if (spares->count >= SPARE_REQUESTS_MAX) {
		hs_request_free(req);
		return;
	}
	hs_request_reset(req);
	for (i = 0; i < NBUFFERS; i++)
		hs_buf_recycle(request_buffer(req, i), SPARE_BUFFER_MAX);
	req->io = NULL;
	req->next_spare = spares->first;
	spares->first = req;
	spares->count++;
}

void
hs_request_free(struct hs_request *req)
{
	size_t i;

	if (req == NULL)
		return;
	for (i = 0; i < NBUFFERS; i++)
		hs_buf_free(request_buffer(req, i));
	free(req);
}

/* Forget the previous request, keeping buffers of reasonable size. */
void
hs_request_reset(struct hs_request *req)
{
	size_t i;

	hs_parse_init(&req->head);
	for (i = 0; i < NBUFFERS; i++)
		hs_buf_recycle(request_buffer(req, i), KEEP_BUFFER_MAX);
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
	size_t len = strlen(value), pos = 0, start, end;

	while (hs_list_next(value, len, &pos, &start, &end))
		if (hs_name_is(value + start, end - start, token))
			return 1;
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
	int http11 = req->set->protocol_minor >= 1;
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
	/* Python answers the version word "HTTP/0.9" itself as it answers a
	 * two-word request: with the body alone (send_response_only()
	 * compares request_version with that string), so the connection
	 * must end it.  "HTTP/0.09" gets a status line, as there. */
	req->st.simple = head->simple ||
	    strcmp(req->st.version, "HTTP/0.9") == 0;
	decide_close(req);
	return 0;
}

int
hs_request_append_body(struct hs_request *req, const char *data, size_t len)
{
	return hs_buf_append(&req->body, data, len);
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
 * send_error(CODE, PREFIX + " (" + repr(WORD) + ")", EXPLAIN), or with the
 * word as it is when REPR is 0 ("Invalid HTTP version (%s)").
 */
static int
fail_quoted(struct hs_request *req, int code, const char *prefix,
    const char *word, size_t len, int repr, const char *explain)
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
	return hs_send_error(req, code, m->data, explain);
}

/* send_error(CODE, "PREFIX (%r)" % WORD). */
int
hs_request_fail_repr(struct hs_request *req, int code, const char *prefix,
    const char *word)
{
	return fail_quoted(req, code, prefix, word, strlen(word), 1, NULL);
}

/* Answer a parse error with Python's status and message; see request.h. */
int
hs_request_fail_parse(struct hs_request *req, const struct hs_head *head,
    const char *buf)
{
	const struct hs_parse_answer *a = hs_parse_error_answer(head->error);

	if (a->status == 0)
		return -1;
	if (adopt_line_only(req, head, buf) != 0)
		return -1;
	req->st.close_connection = 1;	/* where would the next one start? */
	if (a->quote == HS_QUOTE_NONE)
		return hs_send_error(req, a->status, a->message, a->explain);
	return fail_quoted(req, a->status, a->message,
	    buf + head->error_word.off, head->error_word.len,
	    a->quote == HS_QUOTE_REPR, a->explain);
}

/* Does the request carry "Expect: 100-continue" that we must honour (as
 * parse_request() does: HTTP/1.1 server and HTTP/1.1 request)? */
static int
expects_continue(const struct hs_request *req)
{
	const char *expect = hs_request_header(req, "Expect");

	return expect != NULL && strcasecmp(expect, "100-continue") == 0 &&
	    req->set->protocol_minor >= 1 && req->st.major == 1 &&
	    req->st.minor >= 1;
}

/* handle_expect_100(), or the server's hook in its place. */
int
hs_request_expect(struct hs_request *req)
{
	const struct hs_settings *set = req->set;

	if (!expects_continue(req))
		return 0;
	if (set->expect_fn != NULL)
		return set->expect_fn(req, set->expect_arg) ? 0 : -1;
	if (hs_send_response_only(req, 100, NULL) != 0 ||
	    hs_end_headers(req) != 0)
		return -1;
	return 0;
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

/* Can PATH be a request target (no control character, no space)? */
static int
is_target_text(const char *path)
{
	for (; *path != '\0'; path++)
		if ((unsigned char)*path <= ' ' || *path == 0x7f)
			return 0;
	return 1;
}

/* Rewrite command and path; see request.h.  The new words are built in
 * the spare buffer, then swapped in, as either may point into the old. */
int
hs_request_rewrite(struct hs_request *req, const char *method,
    const char *path)
{
	struct hs_buf *b = &req->spare, old;

	if (!hs_is_token(method, strlen(method)) || !is_target_text(path)) {
		errno = EINVAL;
		return -1;
	}
	b->len = 0;
	if (hs_buf_append(b, method, strlen(method) + 1) != 0 ||
	    hs_buf_append(b, path, strlen(path) + 1) != 0)
		return -1;
	old = req->target;
	req->target = *b;
	*b = old;
	req->st.command = req->target.data;
	req->st.path = req->target.data + strlen(method) + 1;
	return 0;
}

int
hs_request_set_path(struct hs_request *req, const char *path)
{
	return hs_request_rewrite(req, req->st.command, path);
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
	if (req->io == NULL || req->st.aborted) {
		errno = EPIPE;
		return -1;
	}
	if (req->st.body_mode != HS_BODY_STREAM || fn == NULL) {
		errno = EINVAL;
		return -1;
	}
	return req->ops->body_reader(req->io, fn, arg);
}

void
hs_request_pause_body(struct hs_request *req, int paused)
{
	if (req->io != NULL && !req->st.aborted)
		req->ops->pause_body(req->io, paused);
}

enum hs_body_mode
hs_request_body_mode(const struct hs_request *req)
{
	return req->st.body_mode;
}

struct hs_loop *
hs_request_loop(const struct hs_request *req)
{
	return req->loop;
}

struct hs_server *
hs_request_server(const struct hs_request *req)
{
	return req->set->server;
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
hs_request_aborted(const struct hs_request *req)
{
	return req->st.aborted;
}

size_t
hs_request_output_pending(const struct hs_request *req)
{
	if (req->io == NULL)
		return 0;
	return req->ops->output_length(req->io);
}

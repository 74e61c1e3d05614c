/* SPDX-License-Identifier: MIT */
/*
 * hs_limits.h - every limit the server enforces, named once.
 *
 * The man page's LIMITS section lists these same values; a test exercises
 * each one just inside and just beyond its bound.
 */
#ifndef HS_LIMITS_H
#define HS_LIMITS_H

/*
 * A request line or header line longer than this, counting its line
 * ending, is refused: 414 for the request line, 431 for a header line.
 * Python's http.server reads lines with readline(65537) and refuses more
 * than 65536 bytes; we keep its numbers so no script notices a difference
 * (the 431's message quotes this one).
 */
#define HS_MAX_LINE 65536

/*
 * Header lines a request may carry.  Python's http.client counts the blank
 * line ending the head too and refuses more than 100 lines (its message
 * says "got more than 100 headers"), so 99 fields are accepted and the
 * 100th is answered with 431.  Both are quoted in messages: plain decimal
 * numbers, like HS_MAX_LINE.
 */
#define HS_MAX_HEAD_LINES 100
#define HS_MAX_HEADERS (HS_MAX_HEAD_LINES - 1)

/*
 * The whole request head (request line, headers, blank line).  Python has no
 * such bound (99 lines of 64 KiB each, 6 MiB); we hold every byte of a head
 * in memory per connection, so we cap it at four maximal lines: room for
 * any real browser's cookies and a maximal URL.  Beyond it: 431.
 */
#define HS_MAX_HEAD (4 * HS_MAX_LINE)

/* The default largest request body read into memory; 413 beyond. */
#define HS_DEFAULT_MAX_BODY (1024 * 1024)

/*
 * A chunk-size line, extensions included (RFC 9112 section 7.1.1), and the
 * trailer section after the last chunk (section 7.1.2), are bounded like
 * header lines and the head.
 */
#define HS_MAX_CHUNK_LINE 4096
#define HS_MAX_TRAILER HS_MAX_LINE

/*
 * Hex digits of a chunk size, leading zeros included: one more could
 * overflow the 64 bits the size is counted in, and 15 already allow
 * 2^60 - 1 bytes, more than any body.  Beyond it: 400.
 */
#define HS_MAX_CHUNK_SIZE_DIGITS 15

/*
 * Files up to this size are read into the output buffer right behind the
 * headers, so status line, headers and body leave in one write; larger
 * files go out with sendfile() and cost no memory.
 */
#define HS_INLINE_FILE_MAX (32 * 1024)

/*
 * Over TLS a file cannot go out with sendfile(): it is read this much at
 * a time, and only once less than this much output waits for the client
 * (engine/spool.c), so a slow reader of a large file costs at most about
 * twice this in buffers.
 */
#define HS_TLS_FILE_CHUNK (128 * 1024)

/*
 * The longest TLS key password (--tls-password-file) taken: OpenSSL hands
 * its password callback a buffer of this size (PEM_BUFSIZE).  A longer
 * file is refused (exit 2).
 */
#define HS_TLS_PASSWORD_MAX 1024

/*
 * Once a response is queued, the next pipelined request is parsed only
 * while less than this much output waits for the client; beyond it we
 * wait for the client to read.  It bounds the memory a client that
 * pipelines without reading can make us hold.
 */
#define HS_PIPELINE_OUTPUT_MAX (64 * 1024)

/* Pipelined requests answered in one read callback before yielding the
 * loop to other connections. */
#define HS_PIPELINE_BURST 32

/*
 * Default timeouts in seconds (hs_server_set_timeout(), and the command's
 * --idle-timeout, --head-timeout, --write-timeout).  Python has none: an
 * idle or half-sent request holds one of its threads for ever.
 *   idle   from connection or last response to a request's first byte,
 *          and between the arrivals of a request body's bytes
 *   head   from a head's first byte to its end (slow-loris clients)
 *   write  without the client reading anything (slow readers)
 */
#define HS_DEFAULT_IDLE_TIMEOUT 60
#define HS_DEFAULT_HEAD_TIMEOUT 30
#define HS_DEFAULT_WRITE_TIMEOUT 60

/* HS_TIMEOUT_MAX, the longest timeout that may be set, is public. */

/*
 * Internal redirects (hs_request_redispatch()) of one request: each runs
 * the handlers of a method again, inside the call of the handler that
 * asked for it, so two handlers redirecting to each other would recurse
 * until the stack ran out.  Beyond the bound redispatch fails with ELOOP
 * and the handler answers itself (CGI: 500 for a script's local
 * redirects, RFC 3875 section 6.2.2, that loop).  No real chain of
 * redirects is ten long.
 */
#define HS_MAX_REDISPATCH 10

/*
 * Seconds the kernel holds a new connection that has sent nothing before
 * handing it to accept() (TCP_DEFER_ACCEPT on every listener, as h2o
 * does).  A client sends its request as it connects, so the connection
 * arrives with its request and is answered without ever being added to
 * epoll; one that stays silent (a browser's spare connection) costs us
 * nothing until then, and the idle timeout starts only once it is ours.
 */
#define HS_ACCEPT_DEFER_SECONDS 1

/*
 * Range requests (RFC 9110 section 14).  A Range field of more range
 * specs than HS_RANGE_SPECS_MAX is ignored (200, the whole file): no
 * client asks for that many, and each costs work to merge.  Once
 * overlapping and adjacent ranges are merged, more than
 * HS_RANGE_PARTS_MAX parts are answered whole too, and so are ranges
 * whose multipart body would be larger than the file: a response is
 * never larger than the file it serves (the "Apache killer",
 * CVE-2011-3192, asked for thousands of overlapping ranges).
 */
#define HS_RANGE_SPECS_MAX 64
#define HS_RANGE_PARTS_MAX 16

/* Seconds between attempts to accept again after running out of file
 * descriptors, when no connection closes in the meantime. */
#define HS_ACCEPT_RETRY_SECONDS 1

/* A directory larger than this (its st_size: some thousands of names) is
 * listed on a thread of its own, so its reading, sorting and formatting
 * never hold the other clients of its loop. */
#define HS_LISTING_THREAD_SIZE (256 * 1024)

/* At most this many event loops (threads) in one server. */
#define HS_MAX_THREADS 256

/* File descriptors kept free of connections: accepting pauses while fewer
 * than this many are left, so the requests already accepted can still
 * open their files and start their CGI scripts. */
#define HS_FD_RESERVE 16

/* Seconds: a closing connection waits this long for the client's EOF
 * after our last byte, so unread input does not turn into a reset. */
#define HS_LINGER_SECONDS 2

/*
 * CGI (hs_cgi_*, --cgi).  The default seconds a script may go without
 * writing any output before it is killed (504 when its headers had not
 * come yet): --cgi-timeout, hs_cgi_set_timeout().
 */
#define HS_DEFAULT_CGI_TIMEOUT 60

/*
 * Request body bytes queued for a script's standard input before the
 * client is paused (TCP then throttles it), and script output queued for
 * the client before the script is paused (its writes then block), resumed
 * below the low mark.  Together they bound what one script costs us in
 * memory whatever the speeds of script and client.
 */
#define HS_CGI_STDIN_HIGH (64 * 1024)
#define HS_CGI_OUTPUT_HIGH (256 * 1024)
#define HS_CGI_OUTPUT_LOW (64 * 1024)

/*
 * A script's header section holds at most this many bytes, the empty line
 * included, and at most this many fields besides Status; beyond either it
 * is invalid (502).  The server holds the section in memory while it
 * waits for the empty line, so both are bounded like a request head.
 */
#define HS_CGI_MAX_HEAD (64 * 1024)
#define HS_CGI_MAX_FIELDS 100

/* The longest request path (without query) considered for CGI, in bytes,
 * and the longest script name, PATH_INFO and file names built from it:
 * a path of this length or more is answered 404 whatever it names. */
#define HS_CGI_MAX_PATH 4096

/*
 * The access log (standard error, when no log hook is set).  Lines a
 * reader does not take at once wait in memory, up to this many bytes of
 * whole lines (some 4000 lines); beyond, lines are dropped and counted,
 * never waited for: a reader that stops reading never stops the server.
 */
#define HS_LOG_BUFFER (256 * 1024)

/* Milliseconds the server, stopping, waits for standard error to take
 * the lines still waiting, before it gives them up: a reader that reads
 * gets them all, one that never will costs no more than this. */
#define HS_LOG_STOP_WAIT_MS 500

/*
 * The static handler's cache, per event loop (see httpserve(1),
 * CACHING): at most this many entries (a power of two) and this many
 * bytes (files' bytes and listing pages); an entry larger than a quarter
 * of the bytes is never kept.  Files up to HS_FILE_CACHE_INLINE_MAX
 * bytes are kept whole and sent from memory; larger ones keep their
 * facts only and are opened per request (sendfile()).
 */
#define HS_FILE_CACHE_ENTRIES 4096
#define HS_FILE_CACHE_BYTES (32 * 1024 * 1024)
#define HS_FILE_CACHE_INLINE_MAX (64 * 1024)

/*
 * inotify watches one loop's cache holds (directories and files its
 * entries depend on).  When they are all taken, the cache is emptied and
 * starts again: it bounds what one server takes of the user's watches
 * (/proc/sys/fs/inotify/max_user_watches).
 */
#define HS_FILE_CACHE_WATCHES 8192

#endif /* HS_LIMITS_H */

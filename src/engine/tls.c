/* SPDX-License-Identifier: MIT */
/*
 * tls.c - the TLS context of an HTTPS server (OpenSSL), and a TLS
 * bufferevent (libevent's bufferevent_openssl) for each connection.
 *
 * The context follows Mozilla's "intermediate" profile: TLS 1.2 and 1.3
 * only; for 1.2, ECDHE and DHE key exchange with AEAD ciphers; the
 * client's order of preference (every suite offered is strong, and a
 * client knows best whether it has AES in hardware); no renegotiation,
 * no compression.  ALPN selects "http/1.1", the only protocol spoken
 * (h2 would be added to the list).  Resumption works with OpenSSL's own
 * session cache and session tickets, whose keys OpenSSL makes at random
 * for each run.  Idle connections release their read and write buffers
 * (SSL_MODE_RELEASE_BUFFERS): about 34 KiB each.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "engine/tls.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

struct hs_tls {
	SSL_CTX *ctx;
};

/* Mozilla's "intermediate" TLS 1.2 suites (TLS 1.3's are OpenSSL's
 * defaults, which are that profile's). */
#define TLS12_CIPHERS \
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:" \
	"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:" \
	"ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:" \
	"DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:" \
	"DHE-RSA-CHACHA20-POLY1305"

/* ALPN's wire form: each name after its length. */
static const unsigned char alpn_protocols[] = "\x08http/1.1";

/* What the key's password callback is given, and tells back. */
struct key_password {
	const char *password;	/* NULL: none was given */
	int asked;		/* the key is encrypted */
};

/* OpenSSL asks for the key's password: the one given, never a prompt on
 * the terminal (its default). */
static int
key_password_cb(char *buf, int size, int rwflag, void *arg)
{
	struct key_password *kp = arg;
	size_t len;

	(void)rwflag;
	kp->asked = 1;
	if (kp->password == NULL || size <= 0)
		return -1;
	len = strlen(kp->password);
	if (len > (size_t)size)
		return -1;
	memcpy(buf, kp->password, len);
	return (int)len;
}

/* OpenSSL's reason for the newest error in the queue (which is then
 * cleared), or FALLBACK. */
static const char *
openssl_reason(const char *fallback)
{
	unsigned long e = ERR_peek_last_error();
	const char *reason = e != 0 ? ERR_reason_error_string(e) : NULL;

	ERR_clear_error();
	return reason != NULL ? reason : fallback;
}

/* Can FILE be opened for reading?  If not, ERR says why. */
static int
readable(const char *what, const char *file, char *err, size_t errlen)
{
	FILE *f = fopen(file, "r");

	if (f == NULL) {
		snprintf(err, errlen, "cannot read the TLS %s %s: %s", what,
		    file, strerror(errno));
		return 0;
	}
	fclose(f);
	return 1;
}

/* ALPN: HTTP/1.1, or no protocol the client offers (RFC 7301 3.2: a
 * fatal no_application_protocol alert).  A client sending no ALPN at all
 * is not asked about this and speaks HTTP/1.1. */
static int
alpn_select_cb(SSL *ssl, const unsigned char **out, unsigned char *outlen,
    const unsigned char *in, unsigned int inlen, void *arg)
{
	unsigned char *chosen;

	(void)ssl;
	(void)arg;
	if (SSL_select_next_proto(&chosen, outlen, alpn_protocols,
	    sizeof(alpn_protocols) - 1, in, inlen) != OPENSSL_NPN_NEGOTIATED)
		return SSL_TLSEXT_ERR_ALERT_FATAL;
	*out = chosen;
	return SSL_TLSEXT_ERR_OK;
}

/* The protocol versions, suites and modes of the top of the file. */
static int
configure_protocol(SSL_CTX *ctx, char *err, size_t errlen)
{
	if (!SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) ||
	    !SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) ||
	    !SSL_CTX_set_cipher_list(ctx, TLS12_CIPHERS)) {
		snprintf(err, errlen, "cannot set the TLS versions and "
		    "ciphers: %s", openssl_reason("unknown error"));
		return -1;
	}
	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION |
	    SSL_OP_NO_RENEGOTIATION);
	SSL_CTX_clear_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS |
	    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
#ifdef SSL_CTX_set_dh_auto
	SSL_CTX_set_dh_auto(ctx, 1);	/* DHE with RFC 7919 groups */
#endif
	SSL_CTX_set_alpn_select_cb(ctx, alpn_select_cb, NULL);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
	return 0;
}

/* The certificate chain of CERT_FILE and the key of KEY_FILE, which must
 * belong together. */
static int
load_identity(SSL_CTX *ctx, const char *cert_file, const char *key_file,
    const char *password, char *err, size_t errlen)
{
	struct key_password kp = { password, 0 };
	int ok;

	if (!readable("certificate", cert_file, err, errlen) ||
	    !readable("key", key_file, err, errlen))
		return -1;
	if (SSL_CTX_use_certificate_chain_file(ctx, cert_file) != 1) {
		snprintf(err, errlen, "no usable TLS certificate in %s: %s",
		    cert_file, openssl_reason("not a PEM certificate"));
		return -1;
	}
	SSL_CTX_set_default_passwd_cb(ctx, key_password_cb);
	SSL_CTX_set_default_passwd_cb_userdata(ctx, &kp);
	ok = SSL_CTX_use_PrivateKey_file(ctx, key_file, SSL_FILETYPE_PEM);
	/* KP is on this stack: no later callback may see it. */
	SSL_CTX_set_default_passwd_cb_userdata(ctx, NULL);
	if (ok != 1 && kp.asked && password == NULL) {
		ERR_clear_error();
		snprintf(err, errlen, "the TLS key in %s is encrypted and no "
		    "password was given", key_file);
		return -1;
	}
	if (ok != 1 && kp.asked) {
		ERR_clear_error();
		snprintf(err, errlen, "wrong password for the TLS key in %s",
		    key_file);
		return -1;
	}
	/* OpenSSL checks the key against the certificate as it loads it
	 * (a key of another type passes, and is checked below). */
	if (ok != 1 && ERR_GET_REASON(ERR_peek_last_error()) !=
	    X509_R_KEY_VALUES_MISMATCH) {
		snprintf(err, errlen, "no usable TLS key in %s: %s", key_file,
		    openssl_reason("not a PEM private key"));
		return -1;
	}
	if (ok != 1 || SSL_CTX_check_private_key(ctx) != 1) {
		ERR_clear_error();
		snprintf(err, errlen, "the TLS key in %s does not match the "
		    "certificate in %s", key_file, cert_file);
		return -1;
	}
	return 0;
}

struct hs_tls *
hs_tls_new(const char *cert_file, const char *key_file, const char *password,
    char *err, size_t errlen)
{
	struct hs_tls *tls = calloc(1, sizeof(*tls));

	if (tls == NULL || (tls->ctx = SSL_CTX_new(TLS_server_method())) ==
	    NULL) {
		snprintf(err, errlen, "cannot make a TLS context: %s",
		    tls == NULL ? strerror(ENOMEM) :
		    openssl_reason("out of memory"));
		free(tls);
		return NULL;
	}
	if (key_file == NULL)
		key_file = cert_file;
	if (configure_protocol(tls->ctx, err, errlen) != 0 ||
	    load_identity(tls->ctx, cert_file, key_file, password, err,
	    errlen) != 0) {
		hs_tls_free(tls);
		return NULL;
	}
	return tls;
}

void
hs_tls_free(struct hs_tls *tls)
{
	if (tls == NULL)
		return;
	SSL_CTX_free(tls->ctx);
	free(tls);
}

struct bufferevent *
hs_tls_accept(struct hs_tls *tls, struct event_base *base,
    evutil_socket_t fd)
{
	struct bufferevent *bev;
	SSL *ssl = SSL_new(tls->ctx);

	if (ssl == NULL) {
		ERR_clear_error();
		return NULL;
	}
	bev = bufferevent_openssl_socket_new(base, fd, ssl,
	    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL) {
		SSL_free(ssl);
		return NULL;
	}
	/* A client that closes without close_notify (most do, once they
	 * have the whole response) is at its end, not in error. */
	bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	return bev;
}

void
hs_tls_close_notify(struct bufferevent *bev)
{
	SSL *ssl = bufferevent_openssl_get_ssl(bev);

	/* One alert, written at once: the response before it has left. */
	if (ssl != NULL && SSL_is_init_finished(ssl))
		(void)SSL_shutdown(ssl);
	ERR_clear_error();
}

int
hs_tls_plain_http(struct bufferevent *bev)
{
	unsigned long e;
	int plain = 0;

	while ((e = bufferevent_get_openssl_error(bev)) != 0)
		if (ERR_GET_REASON(e) == SSL_R_HTTP_REQUEST)
			plain = 1;
	return plain;
}

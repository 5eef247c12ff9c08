/* `revocation-check ocsp`: an OCSP request (with a nonce) for the peer's
 * certificate, POSTed to the trustpoint's `ocsp url` or the certificate's
 * Authority Information Access responder, and a response that counts only
 * when the issuing CA signed it and it names this certificate. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/ocsp.h>

#include "pki_int.h"
#include "xmalloc.h"

/* The responder named in the certificate (AIA id-ad-ocsp), or NULL. */
static char *
ocsp_aia_url(gnutls_x509_crt_t crt)
{
	gnutls_datum_t	 d;
	unsigned int	 seq, critical;
	int		 ret;
	char		*url;

	for (seq = 0; seq < 8; seq++) {
		ret = gnutls_x509_crt_get_authority_info_access(crt, seq,
		    GNUTLS_IA_OCSP_URI, &d, &critical);
		if (ret == GNUTLS_E_UNKNOWN_ALGORITHM)
			continue;
		if (ret < 0)
			return NULL;
		url = xstrndup((const char *)d.data, d.size);
		gnutls_free(d.data);
		return url;
	}
	return NULL;
}

static int
ocsp_request(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
    gnutls_datum_t *der, gnutls_datum_t *nonce)
{
	gnutls_ocsp_req_t	 req;
	unsigned int		 critical;
	int			 ret = -1;

	if (gnutls_ocsp_req_init(&req) < 0)
		return -1;
	if (gnutls_ocsp_req_add_cert(req, GNUTLS_DIG_SHA1, issuer, crt) == 0 &&
	    gnutls_ocsp_req_randomize_nonce(req) == 0 &&
	    gnutls_ocsp_req_get_nonce(req, &critical, nonce) == 0 &&
	    gnutls_ocsp_req_export(req, der) == 0)
		ret = 0;
	gnutls_ocsp_req_deinit(req);
	return ret;
}

/* OCSP_GOOD, OCSP_REVOKED, or OCSP_UNKNOWN when the answer is missing,
 * unsigned by the CA, about another certificate, or says unknown. */
static int
ocsp_judge(const unsigned char *body, size_t len, gnutls_x509_crt_t crt,
    gnutls_x509_crt_t issuer, const gnutls_datum_t *nonce)
{
	gnutls_ocsp_resp_t	 resp;
	gnutls_datum_t		 d, rn = { NULL, 0 };
	unsigned int		 verify = 1, status, critical, reason;
	time_t			 this_update, next_update, revoked_at;
	int			 ret = OCSP_UNKNOWN;

	if (gnutls_ocsp_resp_init(&resp) < 0)
		return OCSP_UNKNOWN;
	d.data = (unsigned char *)body;
	d.size = len;
	if (gnutls_ocsp_resp_import(resp, &d) < 0 ||
	    gnutls_ocsp_resp_get_status(resp) != GNUTLS_OCSP_RESP_SUCCESSFUL ||
	    gnutls_ocsp_resp_verify_direct(resp, issuer, &verify, 0) < 0 ||
	    verify != 0 || gnutls_ocsp_resp_check_crt(resp, 0, crt) < 0)
		goto out;
	/* A responder that echoes no nonce is accepted; a wrong one is not. */
	if (gnutls_ocsp_resp_get_nonce(resp, &critical, &rn) == 0 &&
	    (rn.size != nonce->size || memcmp(rn.data, nonce->data,
	    rn.size) != 0))
		goto out;
	if (gnutls_ocsp_resp_get_single(resp, 0, NULL, NULL, NULL, NULL,
	    &status, &this_update, &next_update, &revoked_at, &reason) < 0)
		goto out;
	if (status == GNUTLS_OCSP_CERT_GOOD)
		ret = OCSP_GOOD;
	else if (status == GNUTLS_OCSP_CERT_REVOKED)
		ret = OCSP_REVOKED;
out:
	gnutls_free(rn.data);
	gnutls_ocsp_resp_deinit(resp);
	return ret;
}

/*
 * Answers kept by responder URL and certificate serial: a request goes
 * out once, the verification waiting for it runs again when it is in. The
 * request's nonce is kept with it, as the answer must echo it.
 */
#define OCSP_CACHE_MAX		32
#define OCSP_LIFE		60	/* seconds an answer is used */
#define OCSP_NEGATIVE_LIFE	10	/* no answer */

struct ocsp_entry {
	char		*key;		/* URL, space, serial in hex */
	unsigned char	*body;		/* NULL: no answer */
	size_t		 len;
	gnutls_datum_t	 nonce;
	time_t		 expires;
	int		 fetching;
};
static struct ocsp_entry	 ocsp_cache[OCSP_CACHE_MAX];

static void
ocsp_fetched(void *arg, unsigned char *body, size_t len)
{
	struct ocsp_entry	*e = arg;

	e->fetching = 0;
	e->body = body;
	e->len = len;
	e->expires = time(NULL) + (body != NULL ? OCSP_LIFE :
	    OCSP_NEGATIVE_LIFE);
}

static char *
ocsp_key(const char *url, gnutls_x509_crt_t crt)
{
	unsigned char	 serial[64];
	size_t		 n = sizeof serial, i;
	struct sbuf	 sb;

	sbuf_init(&sb);
	sbuf_printf(&sb, "%s ", url);
	if (gnutls_x509_crt_get_serial(crt, serial, &n) == 0) {
		for (i = 0; i < n; i++)
			sbuf_printf(&sb, "%02x", serial[i]);
	}
	return sbuf_detach(&sb);
}

static void
ocsp_entry_clear(struct ocsp_entry *e)
{
	free(e->key);
	free(e->body);
	gnutls_free(e->nonce.data);
	memset(e, 0, sizeof *e);
}

/* The cache slot for key: found, else the oldest one free of a fetch. */
static struct ocsp_entry *
ocsp_slot(const char *key, int *found)
{
	struct ocsp_entry	*e, *slot = NULL;
	size_t			 i;

	*found = 0;
	for (i = 0; i < OCSP_CACHE_MAX; i++) {
		e = &ocsp_cache[i];
		if (e->key != NULL && strcmp(e->key, key) == 0) {
			*found = e->fetching || e->expires > time(NULL);
			return e;
		}
		if (!e->fetching && (slot == NULL || e->key == NULL ||
		    (slot->key != NULL && e->expires < slot->expires)))
			slot = e;
	}
	return slot;
}

/* Sends the request for crt into slot e; 0 when it went out. */
static int
ocsp_send(struct ocsp_entry *e, char *key, const char *url,
    gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer)
{
	gnutls_datum_t	 req = { NULL, 0 };
	int		 ret = -1;

	ocsp_entry_clear(e);
	e->key = key;
	e->expires = time(NULL) + OCSP_NEGATIVE_LIFE;
	if (ocsp_request(crt, issuer, &req, &e->nonce) == 0 &&
	    rev_fetch_start(url, req.data, req.size,
	    "application/ocsp-request", ocsp_fetched, e) == 0) {
		e->fetching = 1;
		ret = 0;
	}
	gnutls_free(req.data);
	return ret;
}

int
ocsp_check(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
    const char *configured_url)
{
	struct ocsp_entry	*e;
	char			*url, *key;
	int			 found, ret = OCSP_UNKNOWN;

	url = configured_url != NULL ? xstrdup(configured_url) :
	    ocsp_aia_url(crt);
	if (url == NULL || issuer == NULL) {
		free(url);
		return OCSP_UNKNOWN;
	}
	key = ocsp_key(url, crt);
	if ((e = ocsp_slot(key, &found)) == NULL)
		free(key);
	else if (found) {
		free(key);
		if (e->fetching)
			rev_note_missing();
		else if (e->body != NULL)
			ret = ocsp_judge(e->body, e->len, crt, issuer,
			    &e->nonce);
	} else if (ocsp_send(e, key, url, crt, issuer) == 0)
		rev_note_missing();
	else
		ocsp_entry_clear(e);	/* nothing sent, nothing to keep */
	free(url);
	return ret;
}

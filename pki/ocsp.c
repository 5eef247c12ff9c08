/* `revocation-check ocsp`: an OCSP request (with a nonce) for the peer's
 * certificate, POSTed to the trustpoint's `ocsp url` or the certificate's
 * Authority Information Access responder, and a response that counts only
 * when the issuing CA signed it and it names this certificate. */
#include <stdlib.h>
#include <string.h>

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

int
ocsp_check(gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,
    const char *configured_url)
{
	gnutls_datum_t	 req = { NULL, 0 }, nonce = { NULL, 0 };
	unsigned char	*body = NULL;
	size_t		 len = 0;
	char		*url;
	int		 ret = OCSP_UNKNOWN;

	url = configured_url != NULL ? xstrdup(configured_url) :
	    ocsp_aia_url(crt);
	if (url == NULL || issuer == NULL)
		goto out;
	if (ocsp_request(crt, issuer, &req, &nonce) != 0)
		goto out;
	body = pki_http_fetch(url, req.data, req.size,
	    "application/ocsp-request", &len);
	if (body != NULL)
		ret = ocsp_judge(body, len, crt, issuer, &nonce);
out:
	free(body);
	free(url);
	gnutls_free(req.data);
	gnutls_free(nonce.data);
	return ret;
}

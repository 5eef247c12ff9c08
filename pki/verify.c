/* Certificate verification as a trustpoint does it: signatures up to one of
 * the trustpoint's CA certificates (IOS-era MD5 and SHA-1 signatures
 * allowed), validity against the router clock (`clock set`), never the
 * system clock, and revocation as `revocation-check` orders. */
#include <stdlib.h>
#include <string.h>

#include "pki_int.h"
#include "sbuf.h"
#include "xmalloc.h"

#define VERIFY_FLAGS	(GNUTLS_VERIFY_DISABLE_TIME_CHECKS | \
	GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS | \
	GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 | \
	GNUTLS_VERIFY_ALLOW_SIGN_RSA_MD5 | GNUTLS_VERIFY_ALLOW_BROKEN)

int
cert_is_ca(gnutls_x509_crt_t crt)
{
	unsigned int	 critical, ca = 0;
	int		 pathlen, ret;

	ret = gnutls_x509_crt_get_basic_constraints(crt, &critical, &ca,
	    &pathlen);
	if (ret >= 0)
		return ca != 0;
	/* A version 1 root has no extensions at all. */
	return gnutls_x509_crt_get_version(crt) == 1 &&
	    gnutls_x509_crt_check_issuer(crt, crt);
}

int
cert_matches_key(gnutls_x509_crt_t crt, gnutls_x509_privkey_t key)
{
	unsigned char	 a[64], b[64];
	size_t		 na = sizeof a, nb = sizeof b;

	if (gnutls_x509_crt_get_key_id(crt, 0, a, &na) < 0 ||
	    gnutls_x509_privkey_get_key_id(key, 0, b, &nb) < 0)
		return 0;
	return na == nb && memcmp(a, b, na) == 0;
}

int
cert_signed_by(gnutls_x509_crt_t crt, gnutls_x509_crt_t ca)
{
	unsigned int	 status;

	if (gnutls_x509_crt_verify(crt, &ca, 1, VERIFY_FLAGS, &status) < 0)
		return 0;
	return status == 0;
}

/* The router clock, not the system clock, decides validity. */
static int
verify_times(gnutls_x509_crt_t crt, time_t now, const char *what,
    char **err)
{
	char	*serial;

	if (now < gnutls_x509_crt_get_activation_time(crt)) {
		serial = cert_serial_hex(crt);
		xasprintf(err, "%s certificate (serial %s) is not yet valid",
		    what, serial);
		free(serial);
		return -1;
	}
	if (now > gnutls_x509_crt_get_expiration_time(crt)) {
		serial = cert_serial_hex(crt);
		xasprintf(err, "%s certificate (serial %s) has expired",
		    what, serial);
		free(serial);
		return -1;
	}
	return 0;
}

/* The certificate that issued chain[0]: the next one sent, else a CA. */
static gnutls_x509_crt_t
verify_issuer(const gnutls_x509_crt_t *chain, unsigned int n,
    const gnutls_x509_crt_t *cas, unsigned int ncas)
{
	unsigned int	 i;

	if (n > 1 && gnutls_x509_crt_check_issuer(chain[0], chain[1]))
		return chain[1];
	for (i = 0; i < ncas; i++) {
		if (gnutls_x509_crt_check_issuer(chain[0], cas[i]))
			return cas[i];
	}
	return NULL;
}

static int
verify_revocation(const gnutls_x509_crt_t *chain, unsigned int n,
    const gnutls_x509_crt_t *cas, unsigned int ncas,
    const struct revcheck *rc, gnutls_x509_crl_t *crls, unsigned int ncrls,
    char **err)
{
	static const struct revcheck	 dflt = { { REV_CRL }, 1, 0, NULL };
	unsigned int			 i;
	int				 m;

	if (rc == NULL || rc->nmethods == 0)
		rc = &dflt;
	for (m = 0; m < rc->nmethods; m++) {
		switch (rc->methods[m]) {
		case REV_NONE:
			return 0;
		case REV_CRL:
			if (ncrls == 0) {
				if (rc->crl_optional)
					return 0;
				continue;
			}
			for (i = 0; i < n; i++) {
				if (gnutls_x509_crt_check_revocation(chain[i],
				    crls, ncrls) == 1) {
					xasprintf(err, "peer certificate has "
					    "been revoked");
					return -1;
				}
			}
			return 0;
		case REV_OCSP:
			switch (ocsp_check(chain[0], verify_issuer(chain, n,
			    cas, ncas), rc->ocsp_url)) {
			case OCSP_GOOD:
				return 0;
			case OCSP_REVOKED:
				xasprintf(err, "peer certificate has been "
				    "revoked (OCSP)");
				return -1;
			default:
				continue;
			}
		default:
			continue;
		}
	}
	xasprintf(err, "revocation status unknown (%s not available)",
	    rc->methods[rc->nmethods - 1] == REV_OCSP ? "OCSP" : "CRL");
	return -1;
}

int
chain_signed_by(const gnutls_x509_crt_t *chain, unsigned int n,
    const gnutls_x509_crt_t *cas, unsigned int ncas)
{
	unsigned int	 status = 0;

	if (n == 0 || ncas == 0)
		return 0;
	return gnutls_x509_crt_list_verify(chain, n, cas, ncas, NULL, 0,
	    VERIFY_FLAGS, &status) == 0 && status == 0;
}

int
verify_chain(const gnutls_x509_crt_t *chain, unsigned int n,
    const gnutls_x509_crt_t *cas, unsigned int ncas, time_t now,
    const struct revcheck *rc, gnutls_x509_crl_t *crls, unsigned int ncrls,
    char **err)
{
	unsigned int	 status = 0, i;
	int		 ret;

	if (n == 0) {
		xasprintf(err, "peer sent no certificate");
		return -1;
	}
	if (ncas == 0) {
		xasprintf(err, "trustpoint has no CA certificate");
		return -1;
	}
	ret = gnutls_x509_crt_list_verify(chain, n, cas, ncas, NULL, 0,
	    VERIFY_FLAGS, &status);
	if (ret < 0 || status != 0) {
		xasprintf(err, "peer certificate is not signed by the "
		    "trustpoint's CA (status 0x%x)", status);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (verify_times(chain[i], now, i == 0 ? "peer" : "chain",
		    err) != 0)
			return -1;
	}
	for (i = 0; i < ncas; i++) {
		if (gnutls_x509_crt_check_issuer(chain[n - 1], cas[i]) &&
		    verify_times(cas[i], now, "CA", err) != 0)
			return -1;
	}
	return verify_revocation(chain, n, cas, ncas, rc, crls, ncrls, err);
}

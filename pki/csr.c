/* PKCS#10 certificate requests as IOS builds them for `crypto pki enroll`:
 * subject-name, then the router serial number (serialNumber), the IP
 * address (unstructuredAddress) and the host name (unstructuredName), and a
 * challengePassword when the trustpoint has a password. The two PKCS#9
 * attributes go in raw (pre-encoded) because GnuTLS refuses them otherwise
 * and a failed call leaves the request corrupt (pki-scep.md). */
#include <stdlib.h>
#include <string.h>

#include <gnutls/abstract.h>

#include "pki_int.h"
#include "xmalloc.h"

#define OID_SERIAL		"2.5.4.5"
#define OID_UNSTRUCT_NAME	"1.2.840.113549.1.9.2"
#define OID_UNSTRUCT_ADDR	"1.2.840.113549.1.9.8"
#define ASN1_PRINTABLE		0x13
#define ASN1_IA5		0x16

static int
csr_set_raw(gnutls_x509_crq_t crq, const char *oid, int tag, const char *s)
{
	unsigned char	 buf[300];
	size_t		 n = strlen(s), hdr;

	if (n > 255)
		return -1;
	buf[0] = (unsigned char)tag;
	if (n < 128) {
		buf[1] = (unsigned char)n;
		hdr = 2;
	} else {
		buf[1] = 0x81;
		buf[2] = (unsigned char)n;
		hdr = 3;
	}
	memcpy(buf + hdr, s, n);
	return gnutls_x509_crq_set_dn_by_oid(crq, oid, 1, buf, hdr + n);
}

/* Small keys cannot carry a SHA-256 DigestInfo: 360-bit keys sign MD5. */
static gnutls_digest_algorithm_t
csr_digest(unsigned int bits)
{
	if (bits >= 512)
		return GNUTLS_DIG_SHA256;
	if (bits >= 384)
		return GNUTLS_DIG_SHA1;
	return GNUTLS_DIG_MD5;
}

static int
csr_fill(gnutls_x509_crq_t crq, const struct csr_params *p, char **err)
{
	const char	*pos;

	if (p->subject != NULL && *p->subject != '\0' &&
	    gnutls_x509_crq_set_dn(crq, p->subject, &pos) < 0) {
		xasprintf(err, "%% Invalid subject name: %s", p->subject);
		return -1;
	}
	if (p->serial != NULL && gnutls_x509_crq_set_dn_by_oid(crq,
	    OID_SERIAL, 0, p->serial, strlen(p->serial)) < 0) {
		xasprintf(err, "%% Unable to add the serial number");
		return -1;
	}
	if (p->ip != NULL && csr_set_raw(crq, OID_UNSTRUCT_ADDR,
	    ASN1_PRINTABLE, p->ip) < 0) {
		xasprintf(err, "%% Unable to add the IP address");
		return -1;
	}
	if (p->unstructured_name != NULL && csr_set_raw(crq,
	    OID_UNSTRUCT_NAME, ASN1_IA5, p->unstructured_name) < 0) {
		xasprintf(err, "%% Unable to add the host name");
		return -1;
	}
	if (p->challenge != NULL && *p->challenge != '\0' &&
	    gnutls_x509_crq_set_challenge_password(crq, p->challenge) < 0) {
		xasprintf(err, "%% Unable to add the challenge password");
		return -1;
	}
	return 0;
}

int
csr_build(gnutls_x509_privkey_t key, const struct csr_params *p,
    gnutls_datum_t *der, char **err)
{
	gnutls_x509_crq_t	 crq;
	gnutls_privkey_t	 pk = NULL;
	int			 ret = -1;

	if (gnutls_x509_crq_init(&crq) < 0)
		return -1;
	if (gnutls_x509_crq_set_version(crq, 1) < 0 ||
	    gnutls_x509_crq_set_key(crq, key) < 0) {
		xasprintf(err, "%% Unable to build the certificate request");
		goto out;
	}
	if (csr_fill(crq, p, err) != 0)
		goto out;
	if (gnutls_privkey_init(&pk) < 0 ||
	    gnutls_privkey_import_x509(pk, key, 0) < 0 ||
	    gnutls_x509_crq_privkey_sign(crq, pk,
	    csr_digest(keystore_bits(key)), 0) < 0) {
		xasprintf(err, "%% Unable to sign the certificate request");
		goto out;
	}
	if (gnutls_x509_crq_export2(crq, GNUTLS_X509_FMT_DER, der) < 0) {
		xasprintf(err, "%% Unable to encode the certificate request");
		goto out;
	}
	ret = 0;
out:
	if (pk != NULL)
		gnutls_privkey_deinit(pk);
	gnutls_x509_crq_deinit(crq);
	return ret;
}

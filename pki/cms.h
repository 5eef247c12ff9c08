/* CMS (RFC 5652) as SCEP (RFC 8894) uses it, on libtasn1 (pki/cms.asn)
 * with GnuTLS doing all the cryptography: EnvelopedData to one RSA
 * recipient, SignedData with signed attributes, with or without content
 * (GnuTLS's pkcs7 API refuses the empty content of SCEP's PENDING and
 * FAILURE answers, so vgw reads and writes every SignedData here). Private
 * to pki/. */
#ifndef VGW_CMS_H
#define VGW_CMS_H

#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/x509.h>

enum cms_cipher { CMS_DES, CMS_3DES, CMS_AES128, CMS_AES256 };

#define CMS_MAX_CERTS	8
#define CMS_MAX_ATTRS	16

/* One signed attribute: its OID and the DER of its single value. */
struct cms_attr {
	const char	*oid;
	unsigned char	*der;
	size_t		 len;
};

/* What cms_verify found: the content (size 0 when absent or empty), the
 * certificate that signed, the others carried, the digest and the signed
 * attributes (values owned, oid strings static or owned: see free). */
struct cms_signed {
	gnutls_datum_t		 content;
	gnutls_x509_crt_t	 signer;
	gnutls_x509_crt_t	 certs[CMS_MAX_CERTS];
	unsigned int		 ncerts;
	gnutls_digest_algorithm_t dig;
	char			*attr_oid[CMS_MAX_ATTRS];
	struct cms_attr		 attrs[CMS_MAX_ATTRS];
	unsigned int		 nattrs;
};

/* content enveloped to `to`'s RSA key; out is DER ContentInfo (free with
 * gnutls_free). 0 or -1. */
int	 cms_envelope(const gnutls_datum_t *content, gnutls_x509_crt_t to,
	    enum cms_cipher, gnutls_datum_t *out);
/* Opens an EnvelopedData ContentInfo with key: out (gnutls_free), the
 * cipher used. 0 or -1 with *why static text. */
int	 cms_unenvelope(const unsigned char *der, size_t len,
	    gnutls_x509_privkey_t key, gnutls_datum_t *out,
	    enum cms_cipher *used, const char **why);

/* SignedData ContentInfo: content (NULL: absent), signed by key with
 * signer's identity, attributes added to contentType and messageDigest,
 * certs carried (the signer's first). out freed with gnutls_free. */
int	 cms_sign(const gnutls_datum_t *content, gnutls_x509_crt_t signer,
	    gnutls_x509_privkey_t key, gnutls_digest_algorithm_t dig,
	    const struct cms_attr *attrs, unsigned int nattrs,
	    const gnutls_x509_crt_t *certs, unsigned int ncerts,
	    gnutls_datum_t *out);
/* Parses and checks the first signer's signature (MD5 and SHA-1 allowed:
 * SCEP peers of the IOS era use them) with the certificate it names among
 * those carried. 0, or -1 with *why static text. */
int	 cms_verify(const unsigned char *der, size_t len,
	    struct cms_signed *out, const char **why);
void	 cms_signed_free(struct cms_signed *);
const struct cms_attr *cms_attr_find(const struct cms_signed *,
	    const char *oid);

/* The certificates of a certs-only SignedData (PKCS#7 degenerate), as
 * GnuTLS reads them; how many were put in out. */
unsigned int cms_certs_only(const unsigned char *der, size_t len,
	    gnutls_x509_crt_t *out, unsigned int max);

/* SCEP's IssuerAndSubject (CertPoll's content): two raw DER Names. */
int	 cms_issuer_and_subject(const gnutls_datum_t *issuer,
	    const gnutls_datum_t *subject, gnutls_datum_t *out);
int	 cms_issuer_and_subject_parse(const gnutls_datum_t *der,
	    gnutls_datum_t *issuer, gnutls_datum_t *subject);


#endif

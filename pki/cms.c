/*
 * CMS EnvelopedData and SignedData on libtasn1 (the structures of
 * pki/cms.asn) with GnuTLS for every cryptographic step: RSA PKCS#1 v1.5
 * key transport, DES/3DES/AES-CBC, digests, RSA signatures. Written from
 * RFC 5652 and checked against `openssl cms` and micromdm's SCEP peers
 * (tests/unit/test_cms.c, tests/interop/test_scep*.sh).
 */
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>
#include <gnutls/pkcs7.h>
#include <libtasn1.h>

#include "cms.h"
#include "xmalloc.h"

#define OID_DATA		"1.2.840.113549.1.7.1"
#define OID_SIGNED_DATA		"1.2.840.113549.1.7.2"
#define OID_ENVELOPED_DATA	"1.2.840.113549.1.7.3"
#define OID_RSA			"1.2.840.113549.1.1.1"
#define OID_CONTENT_TYPE	"1.2.840.113549.1.9.3"
#define OID_MESSAGE_DIGEST	"1.2.840.113549.1.9.4"
#define CMS_MAX_DER		(1024 * 1024)

extern const asn1_static_node cms_asn1_tab[];

static const unsigned char der_null[] = { 0x05, 0x00 };
/* OBJECT IDENTIFIER id-data, the value of the contentType attribute. */
static const unsigned char der_oid_data[] = {
	0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01
};

static const struct {
	enum cms_cipher			 id;
	const char			*oid;
	gnutls_cipher_algorithm_t	 alg;
	unsigned int			 keylen, ivlen;
	const char			*name;
} cms_ciphers[] = {
	{ CMS_DES, "1.3.14.3.2.7", GNUTLS_CIPHER_DES_CBC, 8, 8, "DES-CBC" },
	{ CMS_3DES, "1.2.840.113549.3.7", GNUTLS_CIPHER_3DES_CBC, 24, 8,
	    "3DES-CBC" },
	{ CMS_AES128, "2.16.840.1.101.3.4.1.2", GNUTLS_CIPHER_AES_128_CBC, 16,
	    16, "AES-128-CBC" },
	{ CMS_AES256, "2.16.840.1.101.3.4.1.42", GNUTLS_CIPHER_AES_256_CBC, 32,
	    16, "AES-256-CBC" },
};
#define NCIPHERS	(sizeof cms_ciphers / sizeof cms_ciphers[0])

/* The parsed module: built once, read-only after (a process constant). */
static asn1_node
cms_defs(void)
{
	static asn1_node	 defs;
	char			 err[ASN1_MAX_ERROR_DESCRIPTION_SIZE];

	if (defs == NULL && asn1_array2tree(cms_asn1_tab, &defs, err) !=
	    ASN1_SUCCESS)
		defs = NULL;
	return defs;
}

static asn1_node
cms_new(const char *type)
{
	asn1_node	 n = NULL;
	char		 name[64];

	snprintf(name, sizeof name, "SCEP-CMS.%s", type);
	if (cms_defs() == NULL ||
	    asn1_create_element(cms_defs(), name, &n) != ASN1_SUCCESS)
		return NULL;
	return n;
}

static asn1_node
cms_decode(const char *type, const unsigned char *der, size_t len)
{
	asn1_node	 n;

	if (len == 0 || len > CMS_MAX_DER || (n = cms_new(type)) == NULL)
		return NULL;
	if (asn1_der_decoding(&n, der, (int)len, NULL) != ASN1_SUCCESS) {
		asn1_delete_structure(&n);
		return NULL;
	}
	return n;
}

static int
cms_encode(asn1_node n, gnutls_datum_t *out)
{
	int	 len = 0;

	if (asn1_der_coding(n, "", NULL, &len, NULL) != ASN1_MEM_ERROR ||
	    len <= 0)
		return -1;
	out->data = gnutls_malloc(len);
	if (asn1_der_coding(n, "", out->data, &len, NULL) != ASN1_SUCCESS) {
		gnutls_free(out->data);
		out->data = NULL;
		return -1;
	}
	out->size = len;
	return 0;
}

/* A field's value, allocated (gnutls_free); -1 when absent. */
static int
cms_read(asn1_node n, const char *name, gnutls_datum_t *out)
{
	int	 len = 0, rc;

	out->data = NULL;
	out->size = 0;
	rc = asn1_read_value(n, name, NULL, &len);
	if (rc == ASN1_SUCCESS && len == 0) {
		out->data = gnutls_malloc(1);
		return 0;
	}
	if (rc != ASN1_MEM_ERROR || len <= 0 || len > CMS_MAX_DER)
		return -1;
	out->data = gnutls_malloc(len + 1);
	if (asn1_read_value(n, name, out->data, &len) != ASN1_SUCCESS) {
		gnutls_free(out->data);
		out->data = NULL;
		return -1;
	}
	out->size = len;
	out->data[len] = '\0';
	return 0;
}

static int
cms_read_oid(asn1_node n, const char *name, char *oid, size_t sz)
{
	int	 len = (int)sz;

	return asn1_read_value(n, name, oid, &len) == ASN1_SUCCESS ? 0 : -1;
}

/* ContentInfo { type, [0] inner }. */
static int
cms_wrap(const char *type_oid, const gnutls_datum_t *inner,
    gnutls_datum_t *out)
{
	asn1_node	 ci;
	int		 ret = -1;

	if ((ci = cms_new("ContentInfo")) == NULL)
		return -1;
	if (asn1_write_value(ci, "contentType", type_oid, 1) == ASN1_SUCCESS &&
	    asn1_write_value(ci, "content", inner->data, inner->size) ==
	    ASN1_SUCCESS)
		ret = cms_encode(ci, out);
	asn1_delete_structure(&ci);
	return ret;
}

/* The inner DER of a ContentInfo of the type expected. */
static int
cms_unwrap(const unsigned char *der, size_t len, const char *type_oid,
    gnutls_datum_t *inner)
{
	asn1_node	 ci;
	char		 oid[128];
	int		 ret = -1;

	if ((ci = cms_decode("ContentInfo", der, len)) == NULL)
		return -1;
	if (cms_read_oid(ci, "contentType", oid, sizeof oid) == 0 &&
	    strcmp(oid, type_oid) == 0 && cms_read(ci, "content", inner) == 0)
		ret = 0;
	asn1_delete_structure(&ci);
	return ret;
}

/* issuerAndSerialNumber of a certificate into node.prefix. */
static int
cms_write_ias(asn1_node n, const char *prefix, gnutls_x509_crt_t crt)
{
	gnutls_datum_t	 issuer;
	unsigned char	 serial[64];
	size_t		 slen = sizeof serial;
	char		 name[128];
	int		 ok;

	if (gnutls_x509_crt_get_raw_issuer_dn(crt, &issuer) < 0)
		return -1;
	if (gnutls_x509_crt_get_serial(crt, serial, &slen) < 0) {
		gnutls_free(issuer.data);
		return -1;
	}
	snprintf(name, sizeof name, "%s.issuer", prefix);
	ok = asn1_write_value(n, name, issuer.data, issuer.size) ==
	    ASN1_SUCCESS;
	snprintf(name, sizeof name, "%s.serialNumber", prefix);
	ok = ok && asn1_write_value(n, name, serial, slen) == ASN1_SUCCESS;
	gnutls_free(issuer.data);
	return ok ? 0 : -1;
}

static int
cms_write_alg(asn1_node n, const char *prefix, const char *oid,
    const unsigned char *params, size_t plen)
{
	char	 name[128];

	snprintf(name, sizeof name, "%s.algorithm", prefix);
	if (asn1_write_value(n, name, oid, 1) != ASN1_SUCCESS)
		return -1;
	snprintf(name, sizeof name, "%s.parameters", prefix);
	return asn1_write_value(n, name, params, params != NULL ? plen : 0) ==
	    ASN1_SUCCESS ? 0 : -1;
}

int
cms_envelope(const gnutls_datum_t *content, gnutls_x509_crt_t to,
    enum cms_cipher cipher, gnutls_datum_t *out)
{
	gnutls_pubkey_t		 pub = NULL;
	gnutls_cipher_hd_t	 h = NULL;
	gnutls_datum_t		 key, iv, ekey = { NULL, 0 }, env = { NULL, 0 };
	unsigned char		 kbuf[32], ivbuf[16], ivder[18], *buf = NULL;
	size_t			 padded, i;
	unsigned int		 pad, c = cipher;
	asn1_node		 ed = NULL;
	int			 ret = -1;

	if (c >= NCIPHERS)
		return -1;
	key.data = kbuf;
	key.size = cms_ciphers[c].keylen;
	iv.data = ivbuf;
	iv.size = cms_ciphers[c].ivlen;
	if (gnutls_rnd(GNUTLS_RND_KEY, kbuf, key.size) < 0 ||
	    gnutls_rnd(GNUTLS_RND_NONCE, ivbuf, iv.size) < 0)
		return -1;
	/* PKCS#7 padding: 1 to a whole block of the pad length. */
	pad = iv.size - content->size % iv.size;
	padded = content->size + pad;
	buf = xmalloc(padded);
	memcpy(buf, content->data, content->size);
	for (i = content->size; i < padded; i++)
		buf[i] = (unsigned char)pad;
	if (gnutls_cipher_init(&h, cms_ciphers[c].alg, &key, &iv) < 0 ||
	    gnutls_cipher_encrypt(h, buf, padded) < 0 ||
	    gnutls_pubkey_init(&pub) < 0 ||
	    gnutls_pubkey_import_x509(pub, to, 0) < 0 ||
	    gnutls_pubkey_encrypt_data(pub, 0, &key, &ekey) < 0 ||
	    (ed = cms_new("EnvelopedData")) == NULL)
		goto out;
	ivder[0] = 0x04;
	ivder[1] = (unsigned char)iv.size;
	memcpy(ivder + 2, ivbuf, iv.size);
	if (asn1_write_value(ed, "version", "0", 0) != ASN1_SUCCESS ||
	    asn1_write_value(ed, "recipientInfos", "NEW", 1) != ASN1_SUCCESS ||
	    asn1_write_value(ed, "recipientInfos.?LAST.version", "0", 0) !=
	    ASN1_SUCCESS ||
	    cms_write_ias(ed, "recipientInfos.?LAST.rid", to) != 0 ||
	    cms_write_alg(ed, "recipientInfos.?LAST.keyEncryptionAlgorithm",
	    OID_RSA, der_null, sizeof der_null) != 0 ||
	    asn1_write_value(ed, "recipientInfos.?LAST.encryptedKey",
	    ekey.data, ekey.size) != ASN1_SUCCESS ||
	    asn1_write_value(ed, "encryptedContentInfo.contentType", OID_DATA,
	    1) != ASN1_SUCCESS ||
	    cms_write_alg(ed, "encryptedContentInfo.contentEncryptionAlgorithm",
	    cms_ciphers[c].oid, ivder, 2 + iv.size) != 0 ||
	    asn1_write_value(ed, "encryptedContentInfo.encryptedContent", buf,
	    padded) != ASN1_SUCCESS || cms_encode(ed, &env) != 0)
		goto out;
	ret = cms_wrap(OID_ENVELOPED_DATA, &env, out);
out:
	gnutls_memset(kbuf, 0, sizeof kbuf);
	gnutls_free(ekey.data);
	gnutls_free(env.data);
	free(buf);
	if (h != NULL)
		gnutls_cipher_deinit(h);
	if (pub != NULL)
		gnutls_pubkey_deinit(pub);
	asn1_delete_structure(&ed);
	return ret;
}

/* The session key of the first recipient info our key opens. */
static int
cms_open_key(asn1_node ed, gnutls_x509_privkey_t key, gnutls_datum_t *out)
{
	gnutls_privkey_t	 pk;
	gnutls_datum_t		 ekey;
	char			 name[64];
	int			 i, ret = -1;

	if (gnutls_privkey_init(&pk) < 0)
		return -1;
	if (gnutls_privkey_import_x509(pk, key, 0) < 0) {
		gnutls_privkey_deinit(pk);
		return -1;
	}
	for (i = 1; i <= 8 && ret != 0; i++) {
		snprintf(name, sizeof name, "recipientInfos.?%d.encryptedKey",
		    i);
		if (cms_read(ed, name, &ekey) != 0)
			break;
		if (gnutls_privkey_decrypt_data(pk, 0, &ekey, out) >= 0)
			ret = 0;
		gnutls_free(ekey.data);
	}
	gnutls_privkey_deinit(pk);
	return ret;
}

int
cms_unenvelope(const unsigned char *der, size_t len,
    gnutls_x509_privkey_t key, gnutls_datum_t *out, enum cms_cipher *used,
    const char **why)
{
	gnutls_datum_t		 inner = { NULL, 0 }, skey = { NULL, 0 };
	gnutls_datum_t		 ivder = { NULL, 0 }, enc = { NULL, 0 }, iv;
	gnutls_cipher_hd_t	 h = NULL;
	asn1_node		 ed = NULL;
	char			 oid[128];
	unsigned int		 c, pad, i;
	int			 ret = -1;

	*why = "not an EnvelopedData";
	out->data = NULL;
	out->size = 0;
	if (cms_unwrap(der, len, OID_ENVELOPED_DATA, &inner) != 0 ||
	    (ed = cms_decode("EnvelopedData", inner.data, inner.size)) == NULL)
		goto out;
	*why = "unknown content encryption";
	if (cms_read_oid(ed, "encryptedContentInfo.contentEncryptionAlgorithm."
	    "algorithm", oid, sizeof oid) != 0)
		goto out;
	for (c = 0; c < NCIPHERS && strcmp(cms_ciphers[c].oid, oid) != 0; c++)
		;
	if (c == NCIPHERS || cms_read(ed, "encryptedContentInfo."
	    "contentEncryptionAlgorithm.parameters", &ivder) != 0 ||
	    ivder.size != 2 + cms_ciphers[c].ivlen || ivder.data[0] != 0x04)
		goto out;
	*why = "not encrypted to this router's key";
	if (cms_open_key(ed, key, &skey) != 0 ||
	    skey.size != cms_ciphers[c].keylen)
		goto out;
	*why = "bad encrypted content";
	if (cms_read(ed, "encryptedContentInfo.encryptedContent", &enc) != 0 ||
	    enc.size == 0 || enc.size % cms_ciphers[c].ivlen != 0)
		goto out;
	iv.data = ivder.data + 2;
	iv.size = cms_ciphers[c].ivlen;
	if (gnutls_cipher_init(&h, cms_ciphers[c].alg, &skey, &iv) < 0 ||
	    gnutls_cipher_decrypt(h, enc.data, enc.size) < 0)
		goto out;
	pad = enc.data[enc.size - 1];
	if (pad == 0 || pad > cms_ciphers[c].ivlen)
		goto out;
	for (i = 0; i < pad; i++)
		if (enc.data[enc.size - 1 - i] != pad)
			goto out;
	out->size = enc.size - pad;
	out->data = gnutls_malloc(out->size + 1);
	memcpy(out->data, enc.data, out->size);
	if (used != NULL)
		*used = cms_ciphers[c].id;
	*why = NULL;
	ret = 0;
out:
	if (skey.data != NULL) {
		gnutls_memset(skey.data, 0, skey.size);
		gnutls_free(skey.data);
	}
	if (h != NULL)
		gnutls_cipher_deinit(h);
	gnutls_free(inner.data);
	gnutls_free(ivder.data);
	gnutls_free(enc.data);
	asn1_delete_structure(&ed);
	return ret;
}

/* The attributes a signer signs: contentType, messageDigest, then the
 * caller's, written at node.prefix (a SET OF Attribute). */
static int
cms_write_attrs(asn1_node n, const char *prefix, const gnutls_datum_t *md,
    const struct cms_attr *attrs, unsigned int nattrs)
{
	unsigned char	 mdder[2 + 64];
	char		 name[128];
	const char	*dot;
	unsigned int	 i;
	struct cms_attr	 all[CMS_MAX_ATTRS + 2];

	mdder[0] = 0x04;
	mdder[1] = (unsigned char)md->size;
	memcpy(mdder + 2, md->data, md->size);
	all[0].oid = OID_CONTENT_TYPE;
	all[0].der = (unsigned char *)der_oid_data;
	all[0].len = sizeof der_oid_data;
	all[1].oid = OID_MESSAGE_DIGEST;
	all[1].der = mdder;
	all[1].len = 2 + md->size;
	for (i = 0; i < nattrs && i < CMS_MAX_ATTRS; i++)
		all[2 + i] = attrs[i];
	/* The root of a SignedAttributes element is named "". */
	dot = *prefix != '\0' ? "." : "";
	for (i = 0; i < 2 + nattrs && i < CMS_MAX_ATTRS + 2; i++) {
		if (asn1_write_value(n, prefix, "NEW", 1) != ASN1_SUCCESS)
			return -1;
		snprintf(name, sizeof name, "%s%s?LAST.type", prefix, dot);
		if (asn1_write_value(n, name, all[i].oid, 1) != ASN1_SUCCESS)
			return -1;
		snprintf(name, sizeof name, "%s%s?LAST.values", prefix, dot);
		if (asn1_write_value(n, name, "NEW", 1) != ASN1_SUCCESS)
			return -1;
		snprintf(name, sizeof name, "%s%s?LAST.values.?LAST", prefix,
		    dot);
		if (asn1_write_value(n, name, all[i].der, all[i].len) !=
		    ASN1_SUCCESS)
			return -1;
	}
	return 0;
}

/* The signature over DER(SET OF Attribute). */
static int
cms_sign_attrs(gnutls_x509_privkey_t key, gnutls_digest_algorithm_t dig,
    const gnutls_datum_t *md, const struct cms_attr *attrs,
    unsigned int nattrs, gnutls_datum_t *sig)
{
	gnutls_privkey_t	 pk = NULL;
	gnutls_datum_t		 tbs = { NULL, 0 };
	asn1_node		 sa;
	int			 ret = -1;

	if ((sa = cms_new("SignedAttributes")) == NULL)
		return -1;
	if (cms_write_attrs(sa, "", md, attrs, nattrs) == 0 &&
	    cms_encode(sa, &tbs) == 0 && gnutls_privkey_init(&pk) >= 0 &&
	    gnutls_privkey_import_x509(pk, key, 0) >= 0 &&
	    gnutls_privkey_sign_data(pk, dig, 0, &tbs, sig) >= 0)
		ret = 0;
	if (pk != NULL)
		gnutls_privkey_deinit(pk);
	gnutls_free(tbs.data);
	asn1_delete_structure(&sa);
	return ret;
}

static int
cms_write_crt(asn1_node sd, gnutls_x509_crt_t crt)
{
	gnutls_datum_t	 der;
	int		 ok;

	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) < 0)
		return -1;
	ok = asn1_write_value(sd, "certificates", "NEW", 1) == ASN1_SUCCESS &&
	    asn1_write_value(sd, "certificates.?LAST", der.data, der.size) ==
	    ASN1_SUCCESS;
	gnutls_free(der.data);
	return ok ? 0 : -1;
}

int
cms_sign(const gnutls_datum_t *content, gnutls_x509_crt_t signer,
    gnutls_x509_privkey_t key, gnutls_digest_algorithm_t dig,
    const struct cms_attr *attrs, unsigned int nattrs,
    const gnutls_x509_crt_t *certs, unsigned int ncerts, gnutls_datum_t *out)
{
	unsigned char	 mdbuf[64];
	gnutls_datum_t	 md, sig = { NULL, 0 }, sdder = { NULL, 0 };
	const char	*dig_oid = gnutls_digest_get_oid(dig);
	asn1_node	 sd;
	unsigned int	 i;
	int		 ret = -1;

	md.data = mdbuf;
	md.size = gnutls_hash_get_len(dig);
	if (dig_oid == NULL || md.size == 0 || md.size > sizeof mdbuf ||
	    gnutls_hash_fast(dig, content != NULL ? content->data : NULL,
	    content != NULL ? content->size : 0, mdbuf) < 0)
		return -1;
	if (cms_sign_attrs(key, dig, &md, attrs, nattrs, &sig) != 0 ||
	    (sd = cms_new("SignedData")) == NULL) {
		gnutls_free(sig.data);
		return -1;
	}
	if (asn1_write_value(sd, "version", "1", 0) != ASN1_SUCCESS ||
	    asn1_write_value(sd, "digestAlgorithms", "NEW", 1) != ASN1_SUCCESS ||
	    cms_write_alg(sd, "digestAlgorithms.?LAST", dig_oid, der_null,
	    sizeof der_null) != 0 ||
	    asn1_write_value(sd, "encapContentInfo.eContentType", OID_DATA,
	    1) != ASN1_SUCCESS ||
	    asn1_write_value(sd, "encapContentInfo.eContent",
	    content != NULL ? content->data : NULL,
	    content != NULL ? content->size : 0) != ASN1_SUCCESS ||
	    asn1_write_value(sd, "crls", NULL, 0) != ASN1_SUCCESS)
		goto out;
	if (ncerts == 0 && asn1_write_value(sd, "certificates", NULL, 0) !=
	    ASN1_SUCCESS)
		goto out;
	for (i = 0; i < ncerts; i++)
		if (cms_write_crt(sd, certs[i]) != 0)
			goto out;
	if (asn1_write_value(sd, "signerInfos", "NEW", 1) != ASN1_SUCCESS ||
	    asn1_write_value(sd, "signerInfos.?LAST.version", "1", 0) !=
	    ASN1_SUCCESS ||
	    cms_write_ias(sd, "signerInfos.?LAST.sid", signer) != 0 ||
	    cms_write_alg(sd, "signerInfos.?LAST.digestAlgorithm", dig_oid,
	    der_null, sizeof der_null) != 0 ||
	    cms_write_attrs(sd, "signerInfos.?LAST.signedAttrs", &md, attrs,
	    nattrs) != 0 ||
	    cms_write_alg(sd, "signerInfos.?LAST.signatureAlgorithm", OID_RSA,
	    der_null, sizeof der_null) != 0 ||
	    asn1_write_value(sd, "signerInfos.?LAST.signature", sig.data,
	    sig.size) != ASN1_SUCCESS ||
	    asn1_write_value(sd, "signerInfos.?LAST.unsignedAttrs", NULL, 0) !=
	    ASN1_SUCCESS || cms_encode(sd, &sdder) != 0)
		goto out;
	ret = cms_wrap(OID_SIGNED_DATA, &sdder, out);
out:
	gnutls_free(sig.data);
	gnutls_free(sdder.data);
	asn1_delete_structure(&sd);
	return ret;
}

void
cms_signed_free(struct cms_signed *s)
{
	unsigned int	 i;

	gnutls_free(s->content.data);
	for (i = 0; i < s->ncerts; i++)
		gnutls_x509_crt_deinit(s->certs[i]);
	for (i = 0; i < s->nattrs; i++) {
		free(s->attr_oid[i]);
		free(s->attrs[i].der);
	}
	memset(s, 0, sizeof *s);
}

const struct cms_attr *
cms_attr_find(const struct cms_signed *s, const char *oid)
{
	unsigned int	 i;

	for (i = 0; i < s->nattrs; i++)
		if (strcmp(s->attrs[i].oid, oid) == 0)
			return &s->attrs[i];
	return NULL;
}

/* Integers compare by value: a leading 00 byte does not count. */
static int
cms_serial_eq(const unsigned char *a, size_t alen, const unsigned char *b,
    size_t blen)
{
	while (alen > 1 && a[0] == 0) {
		a++;
		alen--;
	}
	while (blen > 1 && b[0] == 0) {
		b++;
		blen--;
	}
	return alen == blen && memcmp(a, b, alen) == 0;
}

/* The carried certificate sid names. */
static gnutls_x509_crt_t
cms_find_signer(asn1_node sd, const struct cms_signed *s)
{
	gnutls_datum_t	 issuer, serial, ci;
	unsigned char	 cs[64];
	size_t		 cslen;
	unsigned int	 i;
	gnutls_x509_crt_t found = NULL;

	if (cms_read(sd, "signerInfos.?1.sid.issuer", &issuer) != 0)
		return NULL;
	if (cms_read(sd, "signerInfos.?1.sid.serialNumber", &serial) != 0) {
		gnutls_free(issuer.data);
		return NULL;
	}
	for (i = 0; i < s->ncerts && found == NULL; i++) {
		cslen = sizeof cs;
		if (gnutls_x509_crt_get_serial(s->certs[i], cs, &cslen) < 0 ||
		    gnutls_x509_crt_get_raw_issuer_dn(s->certs[i], &ci) < 0)
			continue;
		if (cms_serial_eq(cs, cslen, serial.data, serial.size) &&
		    ci.size == issuer.size &&
		    memcmp(ci.data, issuer.data, ci.size) == 0)
			found = s->certs[i];
		gnutls_free(ci.data);
	}
	gnutls_free(issuer.data);
	gnutls_free(serial.data);
	return found;
}

static void
cms_read_certs(asn1_node sd, struct cms_signed *s)
{
	gnutls_datum_t	 der;
	char		 name[32];
	int		 i;

	for (i = 1; s->ncerts < CMS_MAX_CERTS && i <= 32; i++) {
		snprintf(name, sizeof name, "certificates.?%d", i);
		if (cms_read(sd, name, &der) != 0)
			break;
		if (gnutls_x509_crt_init(&s->certs[s->ncerts]) >= 0) {
			if (gnutls_x509_crt_import(s->certs[s->ncerts], &der,
			    GNUTLS_X509_FMT_DER) >= 0)
				s->ncerts++;
			else
				gnutls_x509_crt_deinit(s->certs[s->ncerts]);
		}
		gnutls_free(der.data);
	}
}

static void
cms_read_attrs(asn1_node sd, struct cms_signed *s)
{
	gnutls_datum_t	 v;
	char		 name[80], oid[128];
	int		 i;

	for (i = 1; s->nattrs < CMS_MAX_ATTRS && i <= 32; i++) {
		snprintf(name, sizeof name, "signerInfos.?1.signedAttrs.?%d.type",
		    i);
		if (cms_read_oid(sd, name, oid, sizeof oid) != 0)
			break;
		snprintf(name, sizeof name,
		    "signerInfos.?1.signedAttrs.?%d.values.?1", i);
		if (cms_read(sd, name, &v) != 0)
			continue;
		s->attr_oid[s->nattrs] = xstrdup(oid);
		s->attrs[s->nattrs].oid = s->attr_oid[s->nattrs];
		s->attrs[s->nattrs].der = xmalloc(v.size + 1);
		memcpy(s->attrs[s->nattrs].der, v.data, v.size);
		s->attrs[s->nattrs].len = v.size;
		s->nattrs++;
		gnutls_free(v.data);
	}
}

/* The signature over the signed attributes, which carry the content's
 * digest. */
static int
cms_check_signature(asn1_node sd, const gnutls_datum_t *sddata,
    struct cms_signed *s, const char **why)
{
	unsigned char		 md[64];
	const struct cms_attr	*mda;
	gnutls_datum_t		 tbs, sig = { NULL, 0 };
	gnutls_pubkey_t		 pub = NULL;
	int			 start, end, ret = -1;

	*why = "no messageDigest";
	if ((mda = cms_attr_find(s, OID_MESSAGE_DIGEST)) == NULL ||
	    gnutls_hash_fast(s->dig, s->content.data, s->content.size,
	    md) < 0 || mda->len != 2 + gnutls_hash_get_len(s->dig) ||
	    mda->der[0] != 0x04)
		return -1;
	*why = "content digest mismatch";
	if (memcmp(mda->der + 2, md, mda->len - 2) != 0)
		return -1;
	*why = "bad signed attributes";
	if (asn1_der_decoding_startEnd(sd, sddata->data, sddata->size,
	    "signerInfos.?1.signedAttrs", &start, &end) != ASN1_SUCCESS ||
	    end < start)
		return -1;
	tbs.size = end - start + 1;
	tbs.data = xmalloc(tbs.size);
	memcpy(tbs.data, sddata->data + start, tbs.size);
	tbs.data[0] = 0x31;	/* signed as SET OF, sent as [0] */
	*why = "bad signature";
	if (cms_read(sd, "signerInfos.?1.signature", &sig) == 0 &&
	    gnutls_pubkey_init(&pub) >= 0 &&
	    gnutls_pubkey_import_x509(pub, s->signer, 0) >= 0 &&
	    gnutls_pubkey_verify_data2(pub, gnutls_pk_to_sign(GNUTLS_PK_RSA,
	    s->dig), GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 |
	    GNUTLS_VERIFY_ALLOW_BROKEN, &tbs, &sig) >= 0) {
		*why = NULL;
		ret = 0;
	}
	if (pub != NULL)
		gnutls_pubkey_deinit(pub);
	gnutls_free(sig.data);
	free(tbs.data);
	return ret;
}

int
cms_verify(const unsigned char *der, size_t len, struct cms_signed *s,
    const char **why)
{
	gnutls_datum_t	 inner = { NULL, 0 };
	asn1_node	 sd = NULL;
	char		 oid[128];
	int		 ret = -1;

	memset(s, 0, sizeof *s);
	*why = "not a SignedData";
	if (cms_unwrap(der, len, OID_SIGNED_DATA, &inner) != 0 ||
	    (sd = cms_decode("SignedData", inner.data, inner.size)) == NULL)
		goto out;
	if (cms_read(sd, "encapContentInfo.eContent", &s->content) != 0) {
		s->content.data = gnutls_malloc(1);
		s->content.size = 0;
	}
	cms_read_certs(sd, s);
	cms_read_attrs(sd, s);
	*why = "unknown digest";
	if (cms_read_oid(sd, "signerInfos.?1.digestAlgorithm.algorithm", oid,
	    sizeof oid) != 0 || (s->dig = gnutls_oid_to_digest(oid)) ==
	    GNUTLS_DIG_UNKNOWN)
		goto out;
	*why = "signer certificate missing";
	if ((s->signer = cms_find_signer(sd, s)) == NULL)
		goto out;
	ret = cms_check_signature(sd, &inner, s, why);
out:
	if (ret != 0)
		cms_signed_free(s);
	gnutls_free(inner.data);
	asn1_delete_structure(&sd);
	return ret;
}

unsigned int
cms_certs_only(const unsigned char *der, size_t len, gnutls_x509_crt_t *out,
    unsigned int max)
{
	gnutls_pkcs7_t	 p7;
	gnutls_datum_t	 d = { (unsigned char *)der, (unsigned int)len }, c;
	unsigned int	 i, n = 0;
	int		 count;

	if (gnutls_pkcs7_init(&p7) < 0)
		return 0;
	if (gnutls_pkcs7_import(p7, &d, GNUTLS_X509_FMT_DER) >= 0 &&
	    (count = gnutls_pkcs7_get_crt_count(p7)) > 0) {
		for (i = 0; i < (unsigned)count && n < max; i++) {
			if (gnutls_pkcs7_get_crt_raw2(p7, i, &c) < 0)
				continue;
			if (gnutls_x509_crt_init(&out[n]) >= 0) {
				if (gnutls_x509_crt_import(out[n], &c,
				    GNUTLS_X509_FMT_DER) >= 0)
					n++;
				else
					gnutls_x509_crt_deinit(out[n]);
			}
			gnutls_free(c.data);
		}
	}
	gnutls_pkcs7_deinit(p7);
	return n;
}

int
cms_issuer_and_subject(const gnutls_datum_t *issuer,
    const gnutls_datum_t *subject, gnutls_datum_t *out)
{
	asn1_node	 n;
	int		 ret = -1;

	if ((n = cms_new("IssuerAndSubject")) == NULL)
		return -1;
	if (asn1_write_value(n, "issuer", issuer->data, issuer->size) ==
	    ASN1_SUCCESS && asn1_write_value(n, "subject", subject->data,
	    subject->size) == ASN1_SUCCESS)
		ret = cms_encode(n, out);
	asn1_delete_structure(&n);
	return ret;
}

int
cms_issuer_and_subject_parse(const gnutls_datum_t *der,
    gnutls_datum_t *issuer, gnutls_datum_t *subject)
{
	asn1_node	 n;
	int		 ret = -1;

	if ((n = cms_decode("IssuerAndSubject", der->data, der->size)) == NULL)
		return -1;
	if (cms_read(n, "issuer", issuer) == 0) {
		if (cms_read(n, "subject", subject) == 0)
			ret = 0;
		else
			gnutls_free(issuer->data);
	}
	asn1_delete_structure(&n);
	return ret;
}

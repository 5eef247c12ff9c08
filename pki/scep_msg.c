/*
 * SCEP pkiMessages (RFC 8894 §3): a SignedData whose signed attributes
 * say what it is (messageType, pkiStatus, failInfo, the nonces,
 * transactionID) and whose content, when there is one, is an
 * EnvelopedData for the other side. Both sides of vgw build and read them
 * here; cms.c does the CMS.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>
#include <gnutls/pkcs7.h>

#include "clock.h"
#include "pki_int.h"
#include "scep.h"
#include "scep_client.h"
#include "xmalloc.h"

#define OID_MESSAGE_TYPE	"2.16.840.1.113733.1.9.2"
#define OID_PKI_STATUS		"2.16.840.1.113733.1.9.3"
#define OID_FAIL_INFO		"2.16.840.1.113733.1.9.4"
#define OID_SENDER_NONCE	"2.16.840.1.113733.1.9.5"
#define OID_RECIPIENT_NONCE	"2.16.840.1.113733.1.9.6"
#define OID_TRANSACTION_ID	"2.16.840.1.113733.1.9.7"

/* A PrintableString (tag 0x13) or OCTET STRING (0x04) value. */
static void
scep_attr_set(struct cms_attr *a, const char *oid, unsigned char tag,
    const void *v, size_t len)
{
	a->oid = oid;
	a->der = xmalloc(2 + len);
	a->der[0] = tag;
	a->der[1] = (unsigned char)len;
	memcpy(a->der + 2, v, len);
	a->len = 2 + len;
}

static void
scep_attr_int(struct cms_attr *a, const char *oid, int v)
{
	char	 s[16];

	snprintf(s, sizeof s, "%d", v);
	scep_attr_set(a, oid, 0x13, s, strlen(s));
}

int
scep_msg_build(const struct scep_msg *m, gnutls_x509_crt_t signer,
    gnutls_x509_privkey_t key, gnutls_x509_crt_t to, gnutls_datum_t *out)
{
	struct cms_attr	 a[6];
	gnutls_datum_t	 env = { NULL, 0 };
	unsigned int	 n = 0, i;
	int		 ret;

	if (strlen(m->txid) > 127)
		return -1;
	scep_attr_int(&a[n++], OID_MESSAGE_TYPE, m->type);
	scep_attr_set(&a[n++], OID_TRANSACTION_ID, 0x13, m->txid,
	    strlen(m->txid));
	if (m->status >= 0)
		scep_attr_int(&a[n++], OID_PKI_STATUS, m->status);
	if (m->fail >= 0)
		scep_attr_int(&a[n++], OID_FAIL_INFO, m->fail);
	if (m->has_snonce)
		scep_attr_set(&a[n++], OID_SENDER_NONCE, 0x04, m->snonce,
		    SCEP_NONCE_LEN);
	if (m->has_rnonce)
		scep_attr_set(&a[n++], OID_RECIPIENT_NONCE, 0x04, m->rnonce,
		    SCEP_NONCE_LEN);
	ret = 0;
	if (m->inner.size > 0)
		ret = cms_envelope(&m->inner, to, m->cipher, &env);
	if (ret == 0)
		ret = cms_sign(m->inner.size > 0 ? &env : NULL, signer, key,
		    m->dig, a, n, &signer, 1, out);
	for (i = 0; i < n; i++)
		free(a[i].der);
	gnutls_free(env.data);
	return ret;
}

/* A small number in a PrintableString (or UTF8String/IA5String). */
static int
scep_attr_number(const struct cms_signed *s, const char *oid)
{
	const struct cms_attr	*a = cms_attr_find(s, oid);
	int			 v = 0;
	size_t			 i;

	if (a == NULL || a->len < 3 || a->len > 8 || (a->der[0] != 0x13 &&
	    a->der[0] != 0x0c && a->der[0] != 0x16) || a->der[1] != a->len - 2)
		return -1;
	for (i = 2; i < a->len; i++) {
		if (!isdigit(a->der[i]))
			return -1;
		v = v * 10 + (a->der[i] - '0');
	}
	return v;
}

static int
scep_attr_nonce(const struct cms_signed *s, const char *oid,
    unsigned char *out)
{
	const struct cms_attr	*a = cms_attr_find(s, oid);

	if (a == NULL || a->der[0] != 0x04 || a->len != 2 + SCEP_NONCE_LEN ||
	    a->der[1] != SCEP_NONCE_LEN)
		return 0;
	memcpy(out, a->der + 2, SCEP_NONCE_LEN);
	return 1;
}

static int
scep_attr_txid(const struct cms_signed *s, char *out)
{
	const struct cms_attr	*a = cms_attr_find(s, OID_TRANSACTION_ID);
	size_t			 i;

	if (a == NULL || a->len < 3 || a->der[1] & 0x80 ||
	    a->der[1] != a->len - 2 || a->len - 2 > SCEP_TXID_MAX)
		return -1;
	for (i = 2; i < a->len; i++)
		if (!isprint(a->der[i]))
			return -1;
	memcpy(out, a->der + 2, a->len - 2);
	out[a->len - 2] = '\0';
	return 0;
}

int
scep_msg_parse(const unsigned char *der, size_t len, gnutls_x509_privkey_t key,
    struct scep_msg *m, const char **why, int *fail)
{
	struct cms_signed	 s;
	unsigned int		 i;

	memset(m, 0, sizeof *m);
	*fail = SCEP_BADMESSAGECHECK;
	if (cms_verify(der, len, &s, why) != 0)
		return -1;
	m->dig = s.dig;
	m->type = scep_attr_number(&s, OID_MESSAGE_TYPE);
	m->status = scep_attr_number(&s, OID_PKI_STATUS);
	m->fail = scep_attr_number(&s, OID_FAIL_INFO);
	m->has_snonce = scep_attr_nonce(&s, OID_SENDER_NONCE, m->snonce);
	m->has_rnonce = scep_attr_nonce(&s, OID_RECIPIENT_NONCE, m->rnonce);
	/* The signer stays; the other carried certificates go. */
	for (i = 0; i < s.ncerts; i++) {
		if (s.certs[i] == s.signer) {
			m->signer = s.signer;
			s.certs[i] = s.certs[--s.ncerts];
			break;
		}
	}
	*fail = SCEP_BADREQUEST;
	if (m->type < 0 || scep_attr_txid(&s, m->txid) != 0) {
		*why = "no messageType or transactionID";
		goto bad;
	}
	if (s.content.size > 0 && key != NULL) {
		*fail = SCEP_BADMESSAGECHECK;
		if (cms_unenvelope(s.content.data, s.content.size, key,
		    &m->inner, &m->cipher, why) != 0)
			goto bad;
	}
	cms_signed_free(&s);
	return 0;
bad:
	cms_signed_free(&s);
	scep_msg_free(m);
	return -1;
}

void
scep_msg_free(struct scep_msg *m)
{
	gnutls_free(m->inner.data);
	m->inner.data = NULL;
	m->inner.size = 0;
	if (m->signer != NULL)
		gnutls_x509_crt_deinit(m->signer);
	m->signer = NULL;
}

int
scep_certs_only(const gnutls_x509_crt_t *crts, unsigned int n,
    gnutls_datum_t *out)
{
	gnutls_pkcs7_t	 p7;
	unsigned int	 i;
	int		 ret = -1;

	if (gnutls_pkcs7_init(&p7) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (gnutls_pkcs7_set_crt(p7, crts[i]) < 0)
			goto out;
	if (gnutls_pkcs7_export2(p7, GNUTLS_X509_FMT_DER, out) >= 0)
		ret = 0;
out:
	gnutls_pkcs7_deinit(p7);
	return ret;
}

int
scep_txid(gnutls_x509_privkey_t key, char *out, size_t sz)
{
	gnutls_datum_t	 spki;
	unsigned char	 h[20];
	size_t		 i;

	if (sz < 41 || keystore_spki(key, &spki) != 0)
		return -1;
	gnutls_hash_fast(GNUTLS_DIG_SHA1, spki.data, spki.size, h);
	free(spki.data);
	for (i = 0; i < sizeof h; i++)
		snprintf(out + 2 * i, 3, "%02X", h[i]);
	return 0;
}

gnutls_x509_crt_t
scep_transient_cert(gnutls_x509_privkey_t key, gnutls_x509_crq_t crq)
{
	gnutls_x509_crt_t	 crt;
	unsigned char		 serial[8];
	time_t			 now = router_clock_now();

	if (gnutls_x509_crt_init(&crt) < 0)
		return NULL;
	gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial);
	serial[0] &= 0x7f;
	if (gnutls_x509_crt_set_crq(crt, crq) < 0 ||
	    gnutls_x509_crt_set_version(crt, 3) < 0 ||
	    gnutls_x509_crt_set_serial(crt, serial, sizeof serial) < 0 ||
	    gnutls_x509_crt_set_activation_time(crt, now - 3600) < 0 ||
	    gnutls_x509_crt_set_expiration_time(crt, now + 86400) < 0 ||
	    gnutls_x509_crt_sign2(crt, crt, key, keystore_bits(key) >= 512 ?
	    GNUTLS_DIG_SHA256 : GNUTLS_DIG_SHA1, 0) < 0) {
		gnutls_x509_crt_deinit(crt);
		return NULL;
	}
	return crt;
}

const char *
scep_fail_name(int fail)
{
	static const char *names[] = { "badAlg", "badMessageCheck",
	    "badRequest", "badTime", "badCertId" };

	return fail >= 0 && fail <= SCEP_BADCERTID ? names[fail] : "unknown";
}

char *
scep_b64_url(const gnutls_datum_t *der)
{
	gnutls_datum_t	 b64;
	struct sbuf	 sb;
	unsigned int	 i;

	if (gnutls_base64_encode2(der, &b64) < 0)
		return NULL;
	sbuf_init(&sb);
	for (i = 0; i < b64.size; i++) {
		switch (b64.data[i]) {
		case '+':
			sbuf_puts(&sb, "%2B");
			break;
		case '/':
			sbuf_puts(&sb, "%2F");
			break;
		case '=':
			sbuf_puts(&sb, "%3D");
			break;
		case '\r':
		case '\n':
			break;
		default:
			sbuf_putc(&sb, (char)b64.data[i]);
		}
	}
	gnutls_free(b64.data);
	return sbuf_detach(&sb);
}

int
scep_b64_decode(const char *text, gnutls_datum_t *out)
{
	gnutls_datum_t	 in;
	struct sbuf	 sb;
	const char	*p;
	int		 rc;

	sbuf_init(&sb);
	for (p = text; *p != '\0'; p++) {
		if (*p == ' ')
			sbuf_putc(&sb, '+');	/* a '+' decoded as a space */
		else if (*p != '\r' && *p != '\n')
			sbuf_putc(&sb, *p);
	}
	in.data = (unsigned char *)sbuf_str(&sb);
	in.size = sb.len;
	rc = gnutls_base64_decode2(&in, out);
	sbuf_free(&sb);
	return rc < 0 ? -1 : 0;
}

unsigned int
scep_parse_cacert(const unsigned char *body, size_t len,
    gnutls_x509_crt_t *out, unsigned int max)
{
	gnutls_datum_t	 d = { (unsigned char *)body, (unsigned int)len };

	if (max == 0 || gnutls_x509_crt_init(&out[0]) < 0)
		return 0;
	if (gnutls_x509_crt_import(out[0], &d, GNUTLS_X509_FMT_DER) >= 0)
		return 1;
	gnutls_x509_crt_deinit(out[0]);
	return cms_certs_only(body, len, out, max);
}

gnutls_x509_crt_t
scep_crt_dup(gnutls_x509_crt_t crt)
{
	gnutls_x509_crt_t	 copy;
	gnutls_datum_t		 der;

	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) < 0)
		return NULL;
	if (gnutls_x509_crt_init(&copy) < 0) {
		gnutls_free(der.data);
		return NULL;
	}
	if (gnutls_x509_crt_import(copy, &der, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(copy);
		copy = NULL;
	}
	gnutls_free(der.data);
	return copy;
}

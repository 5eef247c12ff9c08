/* pki/cms.c and pki/scep_msg.c without the network: EnvelopedData round
 * trips for every cipher, SignedData with and without content, tampering
 * caught, SCEP attributes read back, a CertRep's certs-only payload. The
 * cross-checks against OpenSSL and micromdm are in
 * tests/interop/test_scep_micromdm.sh. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "cms.h"
#include "pki_int.h"
#include "scep.h"
#include "testlib.h"

static gnutls_x509_privkey_t	 key_a, key_b;
static gnutls_x509_crt_t	 crt_a, crt_b;

static gnutls_x509_crt_t
self_signed(gnutls_x509_privkey_t key, const char *cn)
{
	gnutls_x509_crt_t	 crt;
	unsigned char		 serial[] = { 0x01, 0x02 };

	ck_assert_int_ge(gnutls_x509_crt_init(&crt), 0);
	ck_assert_int_ge(gnutls_x509_crt_set_dn_by_oid(crt,
	    GNUTLS_OID_X520_COMMON_NAME, 0, cn, strlen(cn)), 0);
	ck_assert_int_ge(gnutls_x509_crt_set_key(crt, key), 0);
	gnutls_x509_crt_set_version(crt, 3);
	gnutls_x509_crt_set_serial(crt, serial, sizeof serial);
	gnutls_x509_crt_set_activation_time(crt, time(NULL) - 60);
	gnutls_x509_crt_set_expiration_time(crt, time(NULL) + 3600);
	ck_assert_int_ge(gnutls_x509_crt_sign2(crt, crt, key,
	    GNUTLS_DIG_SHA256, 0), 0);
	return crt;
}

static void
setup(void)
{
	key_a = keystore_rsa_generate(1024);
	key_b = keystore_rsa_generate(1024);
	ck_assert_ptr_nonnull(key_a);
	ck_assert_ptr_nonnull(key_b);
	crt_a = self_signed(key_a, "gw1");
	crt_b = self_signed(key_b, "ca");
}

static void
teardown(void)
{
	gnutls_x509_crt_deinit(crt_a);
	gnutls_x509_crt_deinit(crt_b);
	gnutls_x509_privkey_deinit(key_a);
	gnutls_x509_privkey_deinit(key_b);
}

START_TEST(test_envelope_round_trip_every_cipher)
{
	unsigned char	 msg[1000];
	gnutls_datum_t	 in = { msg, 0 }, env, out;
	enum cms_cipher	 c, used;
	const char	*why;
	size_t		 len;

	for (len = 0; len < sizeof msg; len++)
		msg[len] = (unsigned char)(len * 7);
	for (c = CMS_DES; c <= CMS_AES256; c++) {
		for (len = 1; len <= 33; len += 16) {
			in.size = len;
			ck_assert_int_eq(cms_envelope(&in, crt_b, c, &env), 0);
			ck_assert_int_eq(cms_unenvelope(env.data, env.size,
			    key_b, &out, &used, &why), 0);
			ck_assert_int_eq(used, c);
			ck_assert_uint_eq(out.size, len);
			ck_assert_mem_eq(out.data, msg, len);
			gnutls_free(out.data);
			/* Not ours: the other key opens nothing. */
			ck_assert_int_eq(cms_unenvelope(env.data, env.size,
			    key_a, &out, &used, &why), -1);
			gnutls_free(env.data);
		}
	}
}
END_TEST

START_TEST(test_signed_with_and_without_content_and_tampering)
{
	unsigned char		 text[] = "the request";
	gnutls_datum_t		 content = { text, sizeof text - 1 }, der;
	struct cms_signed	 s;
	const char		*why;
	size_t			 i;

	ck_assert_int_eq(cms_sign(&content, crt_a, key_a, GNUTLS_DIG_SHA256,
	    NULL, 0, &crt_a, 1, &der), 0);
	ck_assert_int_eq(cms_verify(der.data, der.size, &s, &why), 0);
	ck_assert_uint_eq(s.content.size, content.size);
	ck_assert_mem_eq(s.content.data, text, content.size);
	ck_assert_int_eq(s.dig, GNUTLS_DIG_SHA256);
	ck_assert_int_ne(gnutls_x509_crt_equals(s.signer, crt_a), 0);
	cms_signed_free(&s);
	/* One byte of the content changed: the digest no longer matches. */
	for (i = 0; i + content.size <= der.size; i++)
		if (memcmp(der.data + i, text, content.size) == 0)
			break;
	ck_assert_uint_lt(i + content.size, der.size + 1);
	der.data[i] ^= 1;
	ck_assert_int_eq(cms_verify(der.data, der.size, &s, &why), -1);
	gnutls_free(der.data);
	/* No content (SCEP PENDING and FAILURE), MD5 as old IOS signs. */
	ck_assert_int_eq(cms_sign(NULL, crt_b, key_b, GNUTLS_DIG_MD5, NULL, 0,
	    &crt_b, 1, &der), 0);
	ck_assert_int_eq(cms_verify(der.data, der.size, &s, &why), 0);
	ck_assert_uint_eq(s.content.size, 0);
	ck_assert_int_eq(s.dig, GNUTLS_DIG_MD5);
	cms_signed_free(&s);
	/* The signature's last byte changed. */
	der.data[der.size - 1] ^= 0x40;
	ck_assert_int_eq(cms_verify(der.data, der.size, &s, &why), -1);
	gnutls_free(der.data);
}
END_TEST

START_TEST(test_scep_message_round_trip)
{
	struct scep_msg	 m, r;
	unsigned char	 csr[] = { 0x30, 0x03, 0x02, 0x01, 0x05 };
	gnutls_datum_t	 der;
	const char	*why;
	int		 fail;

	memset(&m, 0, sizeof m);
	m.type = SCEP_PKCSREQ;
	m.status = m.fail = -1;
	strcpy(m.txid, "0123ABCD");
	memset(m.snonce, 0x5a, sizeof m.snonce);
	m.has_snonce = 1;
	m.inner.data = csr;
	m.inner.size = sizeof csr;
	m.dig = GNUTLS_DIG_SHA1;
	m.cipher = CMS_3DES;
	ck_assert_int_eq(scep_msg_build(&m, crt_a, key_a, crt_b, &der), 0);
	ck_assert_int_eq(scep_msg_parse(der.data, der.size, key_b, &r, &why,
	    &fail), 0);
	ck_assert_int_eq(r.type, SCEP_PKCSREQ);
	ck_assert_int_eq(r.status, -1);
	ck_assert_str_eq(r.txid, "0123ABCD");
	ck_assert_int_eq(r.has_snonce, 1);
	ck_assert_int_eq(r.has_rnonce, 0);
	ck_assert_mem_eq(r.snonce, m.snonce, SCEP_NONCE_LEN);
	ck_assert_uint_eq(r.inner.size, sizeof csr);
	ck_assert_mem_eq(r.inner.data, csr, sizeof csr);
	ck_assert_int_eq(r.cipher, CMS_3DES);
	scep_msg_free(&r);
	/* The wrong recipient key cannot open it: badMessageCheck. */
	ck_assert_int_eq(scep_msg_parse(der.data, der.size, key_a, &r, &why,
	    &fail), -1);
	ck_assert_int_eq(fail, SCEP_BADMESSAGECHECK);
	/* Truncated DER is refused, whatever the length. */
	for (size_t n = 0; n < der.size; n += 97)
		ck_assert_int_eq(scep_msg_parse(der.data, n, key_b, &r, &why,
		    &fail), -1);
	gnutls_free(der.data);
	/* A CertRep FAILURE: no content, status and failInfo. */
	memset(&m, 0, sizeof m);
	m.type = SCEP_CERTREP;
	m.status = SCEP_FAILURE;
	m.fail = SCEP_BADREQUEST;
	strcpy(m.txid, "0123ABCD");
	m.dig = GNUTLS_DIG_SHA256;
	ck_assert_int_eq(scep_msg_build(&m, crt_b, key_b, crt_a, &der), 0);
	ck_assert_int_eq(scep_msg_parse(der.data, der.size, key_a, &r, &why,
	    &fail), 0);
	ck_assert_int_eq(r.status, SCEP_FAILURE);
	ck_assert_int_eq(r.fail, SCEP_BADREQUEST);
	ck_assert_uint_eq(r.inner.size, 0);
	scep_msg_free(&r);
	gnutls_free(der.data);
}
END_TEST

START_TEST(test_certs_only_and_base64_url)
{
	gnutls_x509_crt_t	 two[2] = { crt_a, crt_b }, got[4];
	gnutls_datum_t		 der, back;
	char			*url;
	unsigned int		 n;

	ck_assert_int_eq(scep_certs_only(two, 2, &der), 0);
	n = cms_certs_only(der.data, der.size, got, 4);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_ne(gnutls_x509_crt_equals(got[0], crt_a) ||
	    gnutls_x509_crt_equals(got[1], crt_a), 0);
	gnutls_x509_crt_deinit(got[0]);
	gnutls_x509_crt_deinit(got[1]);
	url = scep_b64_url(&der);
	ck_assert_ptr_null(strchr(url, '+'));
	ck_assert_ptr_null(strchr(url, '/'));
	ck_assert_ptr_null(strchr(url, '='));
	gnutls_free(der.data);
	free(url);
	/* What a server gets after %-decoding: '+' turned to ' ', %0A. */
	ck_assert_int_eq(scep_b64_decode("q 8=\n", &back), 0);
	ck_assert_uint_eq(back.size, 2);
	ck_assert_uint_eq(back.data[0], 0xab);
	ck_assert_uint_eq(back.data[1], 0xef);
	gnutls_free(back.data);
}
END_TEST

static Suite *
cms_suite(void)
{
	Suite	*s = suite_create("cms");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_envelope_round_trip_every_cipher);
	tcase_add_test(tc, test_signed_with_and_without_content_and_tampering);
	tcase_add_test(tc, test_scep_message_round_trip);
	tcase_add_test(tc, test_certs_only_and_base64_url);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testlib_run(cms_suite());
}

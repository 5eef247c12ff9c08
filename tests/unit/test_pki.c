/* pki/ library core without the CLI: key store in NVRAM (0600, exportable
 * flag, restart), certificate hex of the example configuration's chain
 * (byte-for-byte rendering, MD5 signatures, router clock validity), legacy
 * encrypted PEM, PKCS#10 requests, type 7 passwords, chain verification. */
#include <sys/stat.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "nvram.h"
#include "pki_int.h"
#include "pki_tp.h"
#include "sbuf.h"
#include "testlib.h"
#include "type7.h"
#include "xmalloc.h"

static const char example_router_hex[] =
    "30820233 3082019C A0030201 02020166 300D0609 2A864886 F70D0101 04050030\n"
    "0F310D30 0B060355 04031304 6D796373 301E170D 30363031 31323135 30383533\n"
    "5A170D30 36303231 35323232 3634315A 305F3117 30150603 55040313 0E313732\n"
    "2E31382E 3139372E 31353431 44300F06 03550405 13083336 45384230 42333014\n"
    "06092A86 4886F70D 01090216 0773696E 6973652E 301B0609 2A864886 F70D0109\n"
    "08130E31 37322E31 382E3139 372E3135 3430819F 300D0609 2A864886 F70D0101\n"
    "01050003 818D0030 81890281 8100C5A4 9A53D8B8 55B2892D 6CE8B7BD D570C78D\n"
    "433837C9 5AC3CD7E 1BE0BC52 373F0435 2E87F976 ACFBBABA 2E168EBE 52D175B6\n"
    "44BDFBC3 5A27CE12 E0C09A42 ABC8F5FD EDF27AAC 0E7F545B 0967E0DA 7FBE7151\n"
    "8ED5E5F7 B3C714F4 B713984A 2E3595DB 57EB3A33 ED00C3F8 156A9D6A CE694492\n"
    "8C4B973D E9519856 C4249686 53DD0203 010001A3 4F304D30 0B060355 1D0F0404\n"
    "030205A0 301F0603 551D2304 18301680 14DB2346 8CFF6FC6 DD378A43 9B45B8E2\n"
    "DF133EC9 6A301D06 03551D0E 04160414 BFD1C42A D70C4DF5 EDA6F2AE EE2CA16F\n"
    "04120DC4 300D0609 2A864886 F70D0101 04050003 81810066 DB4B7A09 D70DF56C\n"
    "79FAC2D6 C218D1A3 5AFAC906 B01BE4A0 DBF6A29A 7EF80525 DFC25A06 00AB6BC8\n"
    "A58F2667 DED82D4F 300A1CCE FD3AB9E4 91C94B83 ABF2E5E9 AA8FAD46 C36EC168\n"
    "7A5144D5 CC97C9C9 927C3217 AFAA03FD CA2D9575 F2D81807 22540260 3B928CB0\n"
    "83864CFB 95F0AF92 EF4E41DE D090B4E7 BDB10441 27305C\n";

static const char example_ca_hex[] =
    "308201F7 30820160 A0030201 02020101 300D0609 2A864886 F70D0101 04050030\n"
    "0F310D30 0B060355 04031304 6D796373 301E170D 30353032 31353232 31373136\n"
    "5A170D30 36303231 35323231 3731365A 300F310D 300B0603 55040313 046D7963\n"
    "7330819F 300D0609 2A864886 F70D0101 01050003 818D0030 81890281 8100CC60\n"
    "4C61464C F446D6FF 2DE642CB 9F4AD24F 469F5D7C 875D7EEB C2BCAAEB B4C799FD\n"
    "DCCCC4EB C4D9FC9E F97B2AB6 F4A1ABFE 4E20DE31 3C147490 D3D1779B 2BD950CA\n"
    "A62C10AB BB9FD62E 495ECDC3 8A4B9468 3F8B59EB EAC0EEDB AFA5826B 60777D79\n"
    "91FE7D87 22CA6B28 B09C1FE0 E5ACE916 2AD229B7 A727FDD5 85DC55E2 A0D50203\n"
    "010001A3 63306130 0F060355 1D130101 FF040530 030101FF 300E0603 551D0F01\n"
    "01FF0404 03020186 301F0603 551D2304 18301680 14DB2346 8CFF6FC6 DD378A43\n"
    "9B45B8E2 DF133EC9 6A301D06 03551D0E 04160414 DB23468C FF6FC6DD 378A439B\n"
    "45B8E2DF 133EC96A 300D0609 2A864886 F70D0101 04050003 818100AE 27D9B69A\n"
    "8E1D01AF 5CFAAB3C 1DC8866A BEAA832A 1D773B47 09828762 58A83C7A FC0C2ED5\n"
    "1886267B 56299BDA 998DB834 3CED9495 E57EC757 A91FF38C FCBE288B 250E66BB\n"
    "24A709CB DE2FB443 55233FCA DCA3397B 25B1086A 141B1649 603D3DCA E7095248\n"
    "C224C3E6 CE14C91D 07585BF5 5082E3FC C380D1ED 58432D73 DE0EB8\n";

static char	 nvdir[] = "/tmp/vgw-test-pki-XXXXXX";

static void
setup(void)
{
	gnutls_global_init();
	ck_assert_ptr_nonnull(mkdtemp(strcpy(nvdir, "/tmp/vgw-test-pki-XXXXXX")));
	nvram_set_dir(nvdir);
	keystore_clear();
}

static void
teardown(void)
{
	char	 cmd[128];

	keystore_clear();
	snprintf(cmd, sizeof cmd, "rm -rf %s", nvdir);
	ck_assert_int_eq(system(cmd), 0);
}

static gnutls_x509_crt_t
crt_from_hex(const char *hex)
{
	gnutls_x509_crt_t	 crt;
	gnutls_datum_t		 d;
	unsigned char		*der;
	size_t			 len;
	char			*err = NULL;

	ck_assert_int_eq(certhex_parse(hex, &der, &len, &err), 0);
	ck_assert_int_eq(gnutls_x509_crt_init(&crt), 0);
	d.data = der;
	d.size = len;
	ck_assert_int_eq(gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER), 0);
	free(der);
	return crt;
}

/* 2006-01-20 12:00 UTC: inside both certificates' validity. */
#define T_INSIDE	((time_t)1137758400)

START_TEST(test_example_chain_renders_byte_for_byte)
{
	struct sbuf	 sb, want;
	unsigned char	*der;
	size_t		 len;
	char		*err = NULL;
	const char	*hex[2] = { example_router_hex, example_ca_hex };
	const char	*p;
	int		 i;

	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(certhex_parse(hex[i], &der, &len, &err), 0);
		sbuf_init(&sb);
		sbuf_init(&want);
		certhex_render(der, len, "  ", &sb);
		/* Expected: the example's lines, a blank on every full line. */
		for (p = hex[i]; *p != '\0'; p++) {
			if (p == hex[i] || p[-1] == '\n')
				sbuf_puts(&want, "  ");
			if (*p == '\n' && p[1] != '\0')
				sbuf_putc(&want, ' ');
			sbuf_putc(&want, *p);
		}
		ck_assert_str_eq(sbuf_str(&sb), sbuf_str(&want));
		free(der);
		sbuf_free(&sb);
		sbuf_free(&want);
	}
}
END_TEST

START_TEST(test_garbled_hex_refused)
{
	unsigned char	*der = NULL;
	size_t		 len;
	char		*err = NULL;

	ck_assert_int_eq(certhex_parse("3082 02ZZ", &der, &len, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "Invalid hex"));
	free(err);
	err = NULL;
	ck_assert_int_eq(certhex_parse("30820", &der, &len, &err), -1);
	free(err);
}
END_TEST

START_TEST(test_example_chain_fields_and_md5_signatures)
{
	gnutls_x509_crt_t	 r, ca;
	gnutls_x509_dn_t	 dn;
	struct sbuf		 sb;
	char			*s, *err = NULL;

	r = crt_from_hex(example_router_hex);
	ca = crt_from_hex(example_ca_hex);
	s = cert_serial_hex(r);
	ck_assert_str_eq(s, "66");
	free(s);
	s = cert_serial_hex(ca);
	ck_assert_str_eq(s, "01");
	free(s);
	ck_assert(cert_is_ca(ca));
	ck_assert(!cert_is_ca(r));
	ck_assert(cert_signed_by(r, ca));
	ck_assert(cert_signed_by(ca, ca));
	s = dn_attr(r, "1.2.840.113549.1.9.2");
	ck_assert_str_eq(s, "sinise.");
	free(s);
	s = dn_attr(r, "2.5.4.5");
	ck_assert_str_eq(s, "36E8B0B3");
	free(s);
	ck_assert_int_eq(gnutls_x509_crt_get_subject(r, &dn), 0);
	sbuf_init(&sb);
	dn_ios_format(dn, &sb);
	ck_assert_str_eq(sbuf_str(&sb),
	    "serialNumber=36E8B0B3+hostname=sinise.+"
	    "ipaddress=172.18.197.154,cn=172.18.197.154");
	sbuf_reset(&sb);
	ios_time(gnutls_x509_crt_get_expiration_time(r), &sb);
	ck_assert_str_eq(sbuf_str(&sb), "22:26:41 UTC Feb 15 2006");
	sbuf_free(&sb);
	/* Valid while the router clock is inside the period, not after. */
	ck_assert_int_eq(verify_chain(&r, 1, &ca, 1, T_INSIDE, NULL, NULL, 0,
	    &err), -1);	/* default revocation-check crl: no CRL */
	ck_assert_ptr_nonnull(strstr(err, "CRL"));
	free(err);
	err = NULL;
	{
		struct revcheck	 none = { { REV_NONE }, 1, 0, NULL };

		ck_assert_int_eq(verify_chain(&r, 1, &ca, 1, T_INSIDE, &none,
		    NULL, 0, &err), 0);
		ck_assert_int_eq(verify_chain(&r, 1, &ca, 1, time(NULL),
		    &none, NULL, 0, &err), -1);
		ck_assert_ptr_nonnull(strstr(err, "expired"));
		free(err);
		err = NULL;
		ck_assert_int_eq(verify_chain(&ca, 1, &r, 1, T_INSIDE, &none,
		    NULL, 0, &err), -1);
		free(err);
	}
	gnutls_x509_crt_deinit(r);
	gnutls_x509_crt_deinit(ca);
}
END_TEST

START_TEST(test_key_survives_restart_mode_0600)
{
	struct pki_key	*k;
	struct stat	 st;
	gnutls_datum_t	 a, b;
	char		*path, *name, *err = NULL;

	ck_assert_int_eq(keystore_generate("kp1", 512, 0, 1, &err), 0);
	ck_assert_int_eq(keystore_generate("gw.lab", 384, 1, 0, &err), 0);
	k = keystore_find("kp1");
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(keystore_bits(k->sign), 512);
	ck_assert_int_eq(keystore_spki(k->sign, &a), 0);
	name = keystore_file_name("kp1");
	path = nvram_path(name);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	free(path);
	free(name);

	keystore_clear();
	ck_assert_ptr_null(keystore_find("kp1"));
	keystore_load();
	k = keystore_find("kp1");
	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(k->exportable, 1);
	ck_assert_int_eq(k->usage_keys, 0);
	ck_assert_int_eq(keystore_spki(k->sign, &b), 0);
	ck_assert_uint_eq(a.size, b.size);
	ck_assert(memcmp(a.data, b.data, a.size) == 0);
	gnutls_free(a.data);
	gnutls_free(b.data);
	k = keystore_find("gw.lab");
	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(k->exportable, 0);
	ck_assert_int_eq(k->usage_keys, 1);
	ck_assert_ptr_nonnull(k->encr);
	/* Older first, as IOS lists them. */
	ck_assert_str_eq(keystore_first()->label, "kp1");

	ck_assert_int_eq(keystore_remove("kp1"), 0);
	keystore_load();
	ck_assert_ptr_null(keystore_find("kp1"));
}
END_TEST

START_TEST(test_modulus_out_of_range_changes_nothing)
{
	char	*err = NULL;

	ck_assert_int_eq(keystore_generate("k", 359, 0, 0, &err), -1);
	ck_assert_ptr_nonnull(err);
	free(err);
	err = NULL;
	ck_assert_int_eq(keystore_generate("k", 4097, 0, 0, &err), -1);
	free(err);
	keystore_load();
	ck_assert_ptr_null(keystore_find("k"));
}
END_TEST

/* A key that cannot be saved is not kept, and the key store frees it
 * (keystore_install owns the keys even on error: ASan sees no leak and no
 * double free); a key saved afterwards still works. */
START_TEST(test_key_not_saved_not_kept)
{
	gnutls_x509_privkey_t	 key;
	char			*err = NULL;

	nvram_set_dir("/dev/null/nvram");
	ck_assert_int_eq(keystore_generate("nosave", 512, 1, 0, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "Unable to write the key pair"));
	free(err);
	err = NULL;
	ck_assert_ptr_null(keystore_find("nosave"));
	key = keystore_rsa_generate(512);
	ck_assert_ptr_nonnull(key);
	ck_assert_int_eq(keystore_add("nosave", key, 1, &err), -1);
	ck_assert_ptr_nonnull(err);
	free(err);
	err = NULL;
	ck_assert_ptr_null(keystore_find("nosave"));

	nvram_set_dir(nvdir);
	ck_assert_int_eq(keystore_generate("nosave", 512, 0, 0, &err), 0);
	ck_assert_ptr_nonnull(keystore_find("nosave"));
}
END_TEST

START_TEST(test_label_file_name_escaped)
{
	char	*s = keystore_file_name("a/b c");

	ck_assert_str_eq(s, "rsa-a%2Fb%20c.key");
	free(s);
}
END_TEST

static void
legacy_pem_round_trip(enum pem_cipher c, const char *dek)
{
	struct pki_key		*k;
	gnutls_x509_privkey_t	 back;
	gnutls_datum_t		 a, b;
	char			*pem, *err = NULL, *cut;

	ck_assert_int_eq(keystore_generate("exp", 512, 0, 1, &err), 0);
	k = keystore_find("exp");
	ck_assert_int_eq(pem_legacy_encrypt(k->sign, c, "Cisco#1234", &pem,
	    &err), 0);
	ck_assert_ptr_nonnull(strstr(pem, "Proc-Type: 4,ENCRYPTED\n"));
	ck_assert_ptr_nonnull(strstr(pem, dek));
	ck_assert_int_eq(pem_legacy_decrypt(pem, "Cisco#1234", &back, &err), 0);
	ck_assert_int_eq(keystore_spki(k->sign, &a), 0);
	ck_assert_int_eq(keystore_spki(back, &b), 0);
	ck_assert(a.size == b.size && memcmp(a.data, b.data, a.size) == 0);
	gnutls_free(a.data);
	gnutls_free(b.data);
	gnutls_x509_privkey_deinit(back);
	ck_assert_int_eq(pem_legacy_decrypt(pem, "wrongpass1", &back, &err), -1);
	ck_assert_ptr_nonnull(err);
	free(err);
	err = NULL;
	/* Truncated: no END line. */
	cut = strstr(pem, "-----END");
	*cut = '\0';
	ck_assert_int_eq(pem_legacy_decrypt(pem, "Cisco#1234", &back, &err), -1);
	free(err);
	free(pem);
}

START_TEST(test_legacy_pem_3des)
{
	legacy_pem_round_trip(PEM_DES_EDE3_CBC, "DEK-Info: DES-EDE3-CBC,");
}
END_TEST

START_TEST(test_legacy_pem_des)
{
	legacy_pem_round_trip(PEM_DES_CBC, "DEK-Info: DES-CBC,");
}
END_TEST

START_TEST(test_csr_subject_attributes_and_signature)
{
	struct pki_key		*k;
	struct csr_params	 p = { "CN=172.18.197.154", "36E8B0B3",
	    "172.18.197.154", "user1.lab", "cisco123" };
	gnutls_datum_t		 der;
	gnutls_x509_crq_t	 crq;
	char			 buf[512], *err = NULL;
	size_t			 n = sizeof buf;
	unsigned int		 cplen = sizeof buf;

	ck_assert_int_eq(keystore_generate("csr", 512, 0, 0, &err), 0);
	k = keystore_find("csr");
	ck_assert_int_eq(csr_build(k->sign, &p, &der, &err), 0);
	ck_assert_int_eq(gnutls_x509_crq_init(&crq), 0);
	ck_assert_int_eq(gnutls_x509_crq_import(crq, &der, GNUTLS_X509_FMT_DER), 0);
	ck_assert_int_eq(gnutls_x509_crq_verify(crq, 0), 0);
	ck_assert_int_eq(gnutls_x509_crq_get_dn_by_oid(crq, "2.5.4.3", 0, 0,
	    buf, &n), 0);
	ck_assert_str_eq(buf, "172.18.197.154");
	n = sizeof buf;
	ck_assert_int_eq(gnutls_x509_crq_get_dn_by_oid(crq, "2.5.4.5", 0, 0,
	    buf, &n), 0);
	ck_assert_str_eq(buf, "36E8B0B3");
	n = sizeof buf;
	ck_assert_int_eq(gnutls_x509_crq_get_dn(crq, buf, &n), 0);
	ck_assert_ptr_nonnull(strstr(buf, "1.2.840.113549.1.9.2=#1609"));
	ck_assert_ptr_nonnull(strstr(buf, "1.2.840.113549.1.9.8=#130e"));
	ck_assert_int_eq(gnutls_x509_crq_get_challenge_password(crq, buf,
	    &n), 0);
	(void)cplen;
	ck_assert_str_eq(buf, "cisco123");
	gnutls_x509_crq_deinit(crq);
	gnutls_free(der.data);
	/* A bad subject changes nothing and says why. */
	p.subject = "this is not=a,,dn=";
	ck_assert_int_eq(csr_build(k->sign, &p, &der, &err), -1);
	free(err);
}
END_TEST

/* Issue 9: a pasted encrypted key whose body is not whole cipher blocks
 * reached nettle's cbc_decrypt, whose assertion aborted vgw. Refused
 * now, for both ciphers, with the damaged-key message. */
START_TEST(test_damaged_encrypted_key_is_refused)
{
	static const char *const bodies[] = {
	    "AAAAAAAAAAAAAAAA\n",			/* 12 bytes */
	    "AAAAAAAAAAA=\n",				/* 8 bytes, bad base64 */
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
	    "AAAAAAA=\n",					/* 41 bytes */
	    NULL
	};
	static const char *const ciphers[] = {
	    "DES-EDE3-CBC,0011223344556677", "DES-CBC,0011223344556677",
	    "DES-CBC,00112233", "AES-128-CBC,00112233445566778899AABBCCDDEEFF",
	    NULL
	};
	gnutls_x509_privkey_t	 key;
	char			*pem, *err;
	int			 i, j;

	for (i = 0; bodies[i] != NULL; i++) {
		for (j = 0; ciphers[j] != NULL; j++) {
			xasprintf(&pem, "-----BEGIN RSA PRIVATE KEY-----\n"
			    "Proc-Type: 4,ENCRYPTED\nDEK-Info: %s\n\n%s"
			    "-----END RSA PRIVATE KEY-----\n", ciphers[j],
			    bodies[i]);
			err = NULL;
			ck_assert_int_eq(pem_legacy_decrypt(pem, "secret", &key,
			    &err), -1);
			ck_assert_ptr_nonnull(err);
			ck_assert_ptr_nonnull(strstr(err, "damaged key"));
			free(err);
			free(pem);
		}
	}
}
END_TEST

START_TEST(test_type7_example_password)
{
	char	*s = password7_decode("011E0305481F0B0E2F");
	char	*e, *d;

	ck_assert_ptr_nonnull(s);
	e = password7_encode(s, -1);
	d = password7_decode(e);
	ck_assert_str_eq(d, s);
	free(s);
	free(e);
	free(d);
	ck_assert_ptr_null(password7_decode("9"));
}
END_TEST

START_TEST(test_pem_decode_any_forms)
{
	unsigned char	*der;
	size_t		 len;
	struct sbuf	 sb;
	static const unsigned char data[] = "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ";

	sbuf_init(&sb);
	pem_encode("CERTIFICATE", data, sizeof data, &sb);
	ck_assert_int_eq(pem_decode_any(sbuf_str(&sb), &der, &len), 0);
	ck_assert_uint_eq(len, sizeof data);
	ck_assert(memcmp(der, data, len) == 0);
	free(der);
	sbuf_reset(&sb);
	pem_encode(NULL, data, sizeof data, &sb);
	ck_assert_int_eq(pem_decode_any(sbuf_str(&sb), &der, &len), 0);
	ck_assert_uint_eq(len, sizeof data);
	free(der);
	ck_assert_int_eq(pem_decode_any("-----BEGIN CERTIFICATE-----\n"
	    "!!!!\n-----END CERTIFICATE-----\n", &der, &len), -1);
	sbuf_free(&sb);
}
END_TEST

/* Random and mutated input to every parser of pasted text: each either
 * refuses it or yields something valid, never crashes (ASan in make check). */
START_TEST(test_parsers_survive_random_and_mutated_input)
{
	struct pki_key		*k;
	gnutls_x509_privkey_t	 key;
	unsigned char		*der;
	size_t			 len, n;
	char			*pem, *mut, *err = NULL, buf[512];
	int			 i, j;

	srandom(4242);
	ck_assert_int_eq(keystore_generate("fz", 512, 0, 1, &err), 0);
	k = keystore_find("fz");
	ck_assert_int_eq(pem_legacy_encrypt(k->sign, PEM_DES_EDE3_CBC,
	    "Fuzzing#1", &pem, &err), 0);
	n = strlen(pem);
	for (i = 0; i < 300; i++) {
		for (j = 0; j < (int)sizeof buf - 1; j++)
			buf[j] = (char)(random() % 96 + 32);
		buf[random() % (sizeof buf - 1)] = '\0';
		buf[sizeof buf - 1] = '\0';
		if (certhex_parse(buf, &der, &len, &err) == 0)
			free(der);
		else
			free(err);
		err = NULL;
		if (pem_decode_any(buf, &der, &len) == 0)
			free(der);
		mut = strdup(pem);
		for (j = 0; j < 4; j++)
			mut[64 + random() % (n - 128)] = (char)(random() % 96 + 32);
		if (random() % 3 == 0)
			mut[random() % n] = '\0';
		if (pem_legacy_decrypt(mut, "Fuzzing#1", &key, &err) == 0) {
			ck_assert_int_eq(gnutls_x509_privkey_verify_params(key), 0);
			gnutls_x509_privkey_deinit(key);
		} else
			free(err);
		err = NULL;
		free(mut);
	}
	free(pem);
}
END_TEST

static Suite *
pki_suite(void)
{
	Suite	*s = suite_create("pki");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_example_chain_renders_byte_for_byte);
	tcase_add_test(tc, test_garbled_hex_refused);
	tcase_add_test(tc, test_example_chain_fields_and_md5_signatures);
	tcase_add_test(tc, test_key_survives_restart_mode_0600);
	tcase_add_test(tc, test_modulus_out_of_range_changes_nothing);
	tcase_add_test(tc, test_key_not_saved_not_kept);
	tcase_add_test(tc, test_label_file_name_escaped);
	tcase_add_test(tc, test_legacy_pem_3des);
	tcase_add_test(tc, test_legacy_pem_des);
	tcase_add_test(tc, test_csr_subject_attributes_and_signature);
	tcase_add_test(tc, test_type7_example_password);
	tcase_add_test(tc, test_damaged_encrypted_key_is_refused);
	tcase_add_test(tc, test_pem_decode_any_forms);
	tcase_add_test(tc, test_parsers_survive_random_and_mutated_input);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testlib_run(pki_suite());
}

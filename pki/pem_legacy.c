/*
 * The legacy OpenSSL encrypted private key (`Proc-Type: 4,ENCRYPTED`,
 * `DEK-Info: DES-EDE3-CBC|DES-CBC,IV`) that `crypto pki export ... pem
 * {3des | des}` writes and `crypto key import` / `crypto pki import` read:
 * EVP_BytesToKey with MD5 (count 1), then DES-EDE3-CBC or DES-CBC from
 * nettle with PKCS#7 padding. Both directions are done here: GnuTLS cannot
 * write the format, and its reader hands nettle ciphertext that is not
 * whole blocks, whose assertion aborts the process (issue 9; the fuzzer
 * found a second way past a pre-check). So the text is parsed strictly,
 * decrypted here and only the DER key goes to GnuTLS.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <nettle/cbc.h>
#include <nettle/des.h>
#include <nettle/md5.h>

#include "pki_int.h"
#include "xmalloc.h"

/* OpenSSL's EVP_BytesToKey(MD5, salt = iv[0..7], count 1). */
static void
pem_bytes_to_key(const char *pass, const unsigned char *salt,
    unsigned char *key, size_t keylen)
{
	struct md5_ctx	 md5;
	unsigned char	 d[MD5_DIGEST_SIZE];
	size_t		 have = 0, n;
	int		 first = 1;

	while (have < keylen) {
		md5_init(&md5);
		if (!first)
			md5_update(&md5, sizeof d, d);
		md5_update(&md5, strlen(pass), (const uint8_t *)pass);
		md5_update(&md5, 8, salt);
		md5_digest(&md5, sizeof d, d);
		n = keylen - have < sizeof d ? keylen - have : sizeof d;
		memcpy(key + have, d, n);
		have += n;
		first = 0;
	}
}

static void
pem_cbc_encrypt(enum pem_cipher c, const unsigned char *key,
    unsigned char *iv, unsigned char *buf, size_t len)
{
	struct des_ctx	 des;
	struct des3_ctx	 des3;

	if (c == PEM_DES_EDE3_CBC) {
		des3_set_key(&des3, key);
		cbc_encrypt(&des3, (nettle_cipher_func *)des3_encrypt,
		    DES_BLOCK_SIZE, iv, len, buf, buf);
	} else {
		des_set_key(&des, key);
		cbc_encrypt(&des, (nettle_cipher_func *)des_encrypt,
		    DES_BLOCK_SIZE, iv, len, buf, buf);
	}
}

int
pem_legacy_encrypt(gnutls_x509_privkey_t key, enum pem_cipher c,
    const char *pass, char **out, char **err)
{
	gnutls_datum_t	 der;
	unsigned char	 iv[DES_BLOCK_SIZE], iv0[DES_BLOCK_SIZE], k[24];
	unsigned char	*buf;
	size_t		 len, pad, i;
	struct sbuf	 sb;

	if (gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_DER, &der) < 0) {
		xasprintf(err, "%% Unable to export the private key");
		return -1;
	}
	if (gnutls_rnd(GNUTLS_RND_NONCE, iv, sizeof iv) < 0) {
		gnutls_free(der.data);
		xasprintf(err, "%% Random number generation failed");
		return -1;
	}
	memcpy(iv0, iv, sizeof iv);
	pem_bytes_to_key(pass, iv, k, c == PEM_DES_EDE3_CBC ? 24 : 8);
	pad = DES_BLOCK_SIZE - der.size % DES_BLOCK_SIZE;
	len = der.size + pad;
	buf = xmalloc(len);
	memcpy(buf, der.data, der.size);
	memset(buf + der.size, (int)pad, pad);
	gnutls_memset(der.data, 0, der.size);
	gnutls_free(der.data);
	pem_cbc_encrypt(c, k, iv, buf, len);
	gnutls_memset(k, 0, sizeof k);

	sbuf_init(&sb);
	sbuf_printf(&sb, "-----BEGIN RSA PRIVATE KEY-----\n"
	    "Proc-Type: 4,ENCRYPTED\nDEK-Info: %s,",
	    c == PEM_DES_EDE3_CBC ? "DES-EDE3-CBC" : "DES-CBC");
	for (i = 0; i < sizeof iv0; i++)
		sbuf_printf(&sb, "%02X", iv0[i]);
	sbuf_puts(&sb, "\n\n");
	pem_encode(NULL, buf, len, &sb);
	sbuf_puts(&sb, "-----END RSA PRIVATE KEY-----\n");
	free(buf);
	*out = sbuf_detach(&sb);
	return 0;
}

/* The parts of a legacy key, as parsed. */
struct pem_legacy {
	enum pem_cipher	 cipher;
	unsigned char	 iv[DES_BLOCK_SIZE];
	gnutls_datum_t	 body;		/* ciphertext, gnutls_free */
};

/* The line at p without its end (CR, LF, trailing blanks): its length;
 * *next is where the following line starts. */
static size_t
pem_line(const char *p, const char **next)
{
	size_t	 n = strcspn(p, "\n");

	*next = p[n] == '\n' ? p + n + 1 : p + n;
	while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' ' ||
	    p[n - 1] == '\t'))
		n--;
	return n;
}

static int
pem_line_is(const char *p, size_t n, const char *want)
{
	return n == strlen(want) && memcmp(p, want, n) == 0;
}

static int
pem_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* "DEK-Info: DES-EDE3-CBC,<16 hex>" or DES-CBC. */
static int
pem_dek_info(const char *p, size_t n, struct pem_legacy *pl)
{
	const char	*iv;
	size_t		 i;
	int		 hi, lo;

	if (n > 23 && memcmp(p, "DEK-Info: DES-EDE3-CBC,", 23) == 0) {
		pl->cipher = PEM_DES_EDE3_CBC;
		iv = p + 23;
	} else if (n > 18 && memcmp(p, "DEK-Info: DES-CBC,", 18) == 0) {
		pl->cipher = PEM_DES_CBC;
		iv = p + 18;
	} else
		return -1;
	if ((size_t)(p + n - iv) != 2 * DES_BLOCK_SIZE)
		return -1;
	for (i = 0; i < DES_BLOCK_SIZE; i++) {
		if ((hi = pem_hexval(iv[2 * i])) < 0 ||
		    (lo = pem_hexval(iv[2 * i + 1])) < 0)
			return -1;
		pl->iv[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/*
 * BEGIN line, Proc-Type, DEK-Info, an optional blank line, base64 lines
 * (nothing else), END line; the body whole 8-byte blocks. 0 when so.
 */
static int
pem_legacy_parse(const char *pem, struct pem_legacy *pl)
{
	const char	*p, *next;
	struct sbuf	 b64;
	gnutls_datum_t	 d;
	size_t		 n;
	int		 ret = -1;

	if ((p = strstr(pem, "-----BEGIN RSA PRIVATE KEY-----")) == NULL)
		return -1;
	pem_line(p, &p);
	n = pem_line(p, &next);
	if (!pem_line_is(p, n, "Proc-Type: 4,ENCRYPTED"))
		return -1;
	n = pem_line(p = next, &next);
	if (pem_dek_info(p, n, pl) != 0)
		return -1;
	sbuf_init(&b64);
	for (p = next; *p != '\0'; p = next) {
		n = pem_line(p, &next);
		if (pem_line_is(p, n, "-----END RSA PRIVATE KEY-----")) {
			ret = 0;
			break;
		}
		if (n > 0 && strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkl"
		    "mnopqrstuvwxyz0123456789+/=") < n)
			break;
		sbuf_add(&b64, p, n);
	}
	d.data = (unsigned char *)b64.data;
	d.size = (unsigned int)b64.len;
	if (ret == 0 && (b64.len == 0 ||
	    gnutls_base64_decode2(&d, &pl->body) < 0 || pl->body.size == 0 ||
	    pl->body.size % DES_BLOCK_SIZE != 0))
		ret = -1;
	sbuf_free(&b64);
	return ret;
}

/* Decrypts in place; the length without the PKCS#7 padding, or -1 when
 * the padding is wrong (a wrong passphrase, almost always). */
static long
pem_cbc_decrypt(const struct pem_legacy *pl, const char *pass)
{
	struct des_ctx	 des;
	struct des3_ctx	 des3;
	unsigned char	 k[24], iv[DES_BLOCK_SIZE];
	unsigned char	*buf = pl->body.data;
	size_t		 len = pl->body.size, i, pad;

	memcpy(iv, pl->iv, sizeof iv);
	pem_bytes_to_key(pass, pl->iv, k, pl->cipher == PEM_DES_EDE3_CBC ?
	    24 : 8);
	if (pl->cipher == PEM_DES_EDE3_CBC) {
		des3_set_key(&des3, k);
		cbc_decrypt(&des3, (nettle_cipher_func *)des3_decrypt,
		    DES_BLOCK_SIZE, iv, len, buf, buf);
	} else {
		des_set_key(&des, k);
		cbc_decrypt(&des, (nettle_cipher_func *)des_decrypt,
		    DES_BLOCK_SIZE, iv, len, buf, buf);
	}
	gnutls_memset(k, 0, sizeof k);
	pad = buf[len - 1];
	if (pad == 0 || pad > DES_BLOCK_SIZE || pad > len)
		return -1;
	for (i = len - pad; i < len; i++) {
		if (buf[i] != pad)
			return -1;
	}
	return (long)(len - pad);
}

int
pem_legacy_decrypt(const char *pem, const char *pass,
    gnutls_x509_privkey_t *out, char **err)
{
	struct pem_legacy	 pl;
	gnutls_x509_privkey_t	 key;
	gnutls_datum_t		 der;
	long			 n;
	int			 ok;

	if (strstr(pem, "-----BEGIN RSA PRIVATE KEY-----") == NULL ||
	    strstr(pem, "-----END RSA PRIVATE KEY-----") == NULL) {
		xasprintf(err, "%% The private key is missing or truncated");
		return -1;
	}
	memset(&pl, 0, sizeof pl);
	if (pem_legacy_parse(pem, &pl) != 0 ||
	    (n = pem_cbc_decrypt(&pl, pass)) < 0) {
		gnutls_free(pl.body.data);
		xasprintf(err, "%% Unable to decrypt the private key: wrong "
		    "passphrase or damaged key");
		return -1;
	}
	der.data = pl.body.data;
	der.size = (unsigned int)n;
	if (!(ok = gnutls_x509_privkey_init(&key) >= 0))
		xasprintf(err, "%% Unable to decrypt the private key");
	else if (gnutls_x509_privkey_import(key, &der,
	    GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_privkey_deinit(key);
		ok = 0;
		xasprintf(err, "%% Unable to decrypt the private key: wrong "
		    "passphrase or damaged key");
	} else if ((gnutls_x509_privkey_get_pk_algorithm(key) !=
	    GNUTLS_PK_RSA || gnutls_x509_privkey_verify_params(key) < 0)) {
		gnutls_x509_privkey_deinit(key);
		ok = 0;
		xasprintf(err, "%% The private key is not a valid RSA key");
	}
	gnutls_memset(pl.body.data, 0, pl.body.size);
	gnutls_free(pl.body.data);
	if (!ok)
		return -1;
	*out = key;
	return 0;
}

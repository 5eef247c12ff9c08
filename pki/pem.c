/* PEM and base64 as typed at and printed to the terminal, and the legacy
 * OpenSSL encrypted private key (`Proc-Type: 4,ENCRYPTED`) that `crypto pki
 * export ... pem {3des | des}` writes. GnuTLS reads that format but cannot
 * write it, so the writer is here: EVP_BytesToKey with MD5 (count 1), then
 * DES-EDE3-CBC or DES-CBC from nettle with PKCS#7 padding. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>
#include <nettle/cbc.h>
#include <nettle/des.h>
#include <nettle/md5.h>

#include "pki_int.h"
#include "xmalloc.h"

void
pem_encode(const char *title, const unsigned char *der, size_t len,
    struct sbuf *out)
{
	gnutls_datum_t	 in, b64;
	unsigned int	 i;

	in.data = (unsigned char *)der;
	in.size = len;
	if (gnutls_base64_encode2(&in, &b64) < 0)
		return;
	if (title != NULL)
		sbuf_printf(out, "-----BEGIN %s-----\n", title);
	for (i = 0; i < b64.size; i += 64) {
		sbuf_add(out, (const char *)b64.data + i,
		    b64.size - i < 64 ? b64.size - i : 64);
		sbuf_putc(out, '\n');
	}
	if (title != NULL)
		sbuf_printf(out, "-----END %s-----\n", title);
	gnutls_free(b64.data);
}

/* Takes the base64 between the first BEGIN line (if any) and its END line,
 * skipping RFC 1421 header lines ("Name: value"). */
int
pem_decode_any(const char *text, unsigned char **der, size_t *len)
{
	struct sbuf	 b64;
	gnutls_datum_t	 in, out;
	const char	*line, *eol;
	int		 in_block = 0, seen_begin = 0, ret;

	sbuf_init(&b64);
	for (line = text; *line != '\0'; line = *eol ? eol + 1 : eol) {
		if ((eol = strchr(line, '\n')) == NULL)
			eol = line + strlen(line);
		if (strncmp(line, "-----BEGIN", 10) == 0) {
			if (seen_begin)
				break;
			seen_begin = in_block = 1;
			continue;
		}
		if (strncmp(line, "-----END", 8) == 0)
			break;
		if (seen_begin && !in_block)
			continue;
		if (memchr(line, ':', eol - line) != NULL)
			continue;
		for (; line < eol; line++) {
			if (!isspace((unsigned char)*line))
				sbuf_putc(&b64, *line);
		}
	}
	in.data = (unsigned char *)b64.data;
	in.size = b64.len;
	if (b64.len == 0 || gnutls_base64_decode2(&in, &out) < 0 ||
	    out.size == 0) {
		sbuf_free(&b64);
		return -1;
	}
	sbuf_free(&b64);
	*der = xmalloc(out.size);
	memcpy(*der, out.data, out.size);
	*len = out.size;
	gnutls_free(out.data);
	ret = 0;
	return ret;
}

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

/*
 * What GnuTLS's OpenSSL-key import hands to nettle's CBC decryption,
 * checked first: nettle asserts (aborting vgw) when the ciphertext is not
 * whole blocks. A DEK-Info of DES-EDE3-CBC or DES-CBC with a 16-digit hex
 * IV, and a base64 body of a positive multiple of 8 bytes; 0 when so.
 */
static int
pem_legacy_check(const char *pem)
{
	const char	*dek, *iv;
	unsigned char	*body;
	size_t		 len, n;

	if ((dek = strstr(pem, "DEK-Info:")) == NULL)
		return -1;
	dek += 9;
	dek += strspn(dek, " \t");
	if (strncmp(dek, "DES-EDE3-CBC,", 13) == 0)
		iv = dek + 13;
	else if (strncmp(dek, "DES-CBC,", 8) == 0)
		iv = dek + 8;
	else
		return -1;
	n = strspn(iv, "0123456789abcdefABCDEF");
	if (n != 2 * DES_BLOCK_SIZE || (iv[n] != '\r' && iv[n] != '\n'))
		return -1;
	if (pem_decode_any(pem, &body, &len) != 0)
		return -1;
	free(body);
	return len > 0 && len % DES_BLOCK_SIZE == 0 ? 0 : -1;
}

int
pem_legacy_decrypt(const char *pem, const char *pass,
    gnutls_x509_privkey_t *out, char **err)
{
	gnutls_x509_privkey_t	 key;
	gnutls_datum_t		 d;

	if (strstr(pem, "-----BEGIN RSA PRIVATE KEY-----") == NULL ||
	    strstr(pem, "-----END RSA PRIVATE KEY-----") == NULL) {
		xasprintf(err, "%% The private key is missing or truncated");
		return -1;
	}
	if (gnutls_x509_privkey_init(&key) < 0)
		return -1;
	d.data = (unsigned char *)pem;
	d.size = strlen(pem);
	if (strstr(pem, "Proc-Type: 4,ENCRYPTED") == NULL ||
	    pem_legacy_check(pem) != 0 ||
	    gnutls_x509_privkey_import_openssl(key, &d, pass) < 0) {
		gnutls_x509_privkey_deinit(key);
		xasprintf(err, "%% Unable to decrypt the private key: wrong "
		    "passphrase or damaged key");
		return -1;
	}
	if (gnutls_x509_privkey_get_pk_algorithm(key) != GNUTLS_PK_RSA ||
	    gnutls_x509_privkey_verify_params(key) < 0) {
		gnutls_x509_privkey_deinit(key);
		xasprintf(err, "%% The private key is not a valid RSA key");
		return -1;
	}
	*out = key;
	return 0;
}

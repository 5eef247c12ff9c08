/* `crypto key export rsa LABEL pem terminal {3des | des} PASS` and `crypto
 * key import rsa LABEL [exportable] pem terminal PASS`: a key pair alone,
 * public key in clear and private key as legacy encrypted PEM, in the
 * layout IOS prints (ios-reference.md §4.9). A non-exportable key is
 * never exported; an import checks both halves before storing. */
#include <stdlib.h>
#include <string.h>

#include <gnutls/abstract.h>

#include "cmd.h"
#include "pki_cmd.h"
#include "xmalloc.h"

static int
keyio_export_one(struct term *t, const struct pki_key *k,
    gnutls_x509_privkey_t key, const char *usage, enum pem_cipher c,
    const char *pass)
{
	gnutls_datum_t	 spki;
	struct sbuf	 sb;
	char		*pem, *err = NULL;

	if (keystore_spki(key, &spki) != 0)
		return -1;
	if (pem_legacy_encrypt(key, c, pass, &pem, &err) != 0) {
		gnutls_free(spki.data);
		term_printf(t, "%s\n", err);
		free(err);
		return -1;
	}
	sbuf_init(&sb);
	sbuf_printf(&sb, "%% Key name: %s\n   Usage: %s\n   Key data:\n",
	    k->label, usage);
	pem_encode("PUBLIC KEY", spki.data, spki.size, &sb);
	sbuf_puts(&sb, pem);
	term_write(t, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	free(pem);
	gnutls_free(spki.data);
	return 0;
}

int
pki_key_export(struct cmd_ctx *ctx)
{
	struct term	*t = ctx->term;
	const char	*label = gmatch_str(ctx->match, "$label");
	const char	*pass = gmatch_str(ctx->match, "$pass");
	enum pem_cipher	 c = gmatch_has(ctx->match, "des") ? PEM_DES_CBC :
			    PEM_DES_EDE3_CBC;
	struct pki_key	*k;

	if (strlen(pass) < 8) {
		term_puts(t, "% Passphrase is too short, needs to be at least "
		    "8 chars\n");
		return -1;
	}
	if ((k = keystore_find(label)) == NULL) {
		term_printf(t, "%% RSA keypair %s is not found.\n", label);
		return -1;
	}
	if (!k->exportable) {
		term_printf(t, "%% RSA key pair %s is not exportable.\n", label);
		return -1;
	}
	if (k->encr == NULL)
		return keyio_export_one(t, k, k->sign, "General Purpose Key", c,
		    pass) == 0 ? CMD_DONE : -1;
	if (keyio_export_one(t, k, k->sign, "Signature Key", c, pass) != 0 ||
	    keyio_export_one(t, k, k->encr, "Encryption Key", c, pass) != 0)
		return -1;
	return CMD_DONE;
}

/* The public half as pasted: a PUBLIC KEY block or a certificate. */
static int
keyio_public(const char *text, gnutls_datum_t *spki)
{
	gnutls_pubkey_t		 pub;
	gnutls_x509_crt_t	 crt;
	gnutls_datum_t		 der;
	unsigned char		*bin;
	size_t			 len;
	int			 ret = -1;

	if (text == NULL || pem_decode_any(text, &bin, &len) != 0)
		return -1;
	der.data = bin;
	der.size = len;
	if (gnutls_pubkey_init(&pub) < 0) {
		free(bin);
		return -1;
	}
	if (gnutls_pubkey_import(pub, &der, GNUTLS_X509_FMT_DER) == 0)
		ret = 0;
	else if (gnutls_x509_crt_init(&crt) == 0) {
		if (gnutls_x509_crt_import(crt, &der, GNUTLS_X509_FMT_DER) == 0
		    && gnutls_pubkey_import_x509(pub, crt, 0) == 0)
			ret = 0;
		gnutls_x509_crt_deinit(crt);
	}
	if (ret == 0 && gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER,
	    spki) < 0)
		ret = -1;
	gnutls_pubkey_deinit(pub);
	free(bin);
	return ret;
}

static int
keyio_import_read(struct term *t, const char *pass,
    gnutls_x509_privkey_t *key)
{
	gnutls_datum_t	 pub = { NULL, 0 }, mine = { NULL, 0 };
	char		*text, *err = NULL;
	int		 ret = -1;

	term_puts(t, "% Enter PEM-formatted public General Purpose key or "
	    "certificate.\n% End with a blank line or \"quit\" on a line by "
	    "itself.\n");
	text = paste_read(t, 0);
	if (keyio_public(text, &pub) != 0) {
		free(text);
		term_puts(t, "% The public key is missing or damaged\n");
		return -1;
	}
	free(text);
	term_puts(t, "% Enter PEM-formatted encrypted private General Purpose "
	    "key.\n% End with \"quit\" on a line by itself.\n");
	if ((text = paste_read(t, 1)) == NULL ||
	    pem_legacy_decrypt(text, pass, key, &err) != 0) {
		term_printf(t, "%s\n", err != NULL ? err :
		    "% No private key");
		free(err);
		goto out;
	}
	if (keystore_spki(*key, &mine) != 0 || mine.size != pub.size ||
	    memcmp(mine.data, pub.data, pub.size) != 0) {
		term_puts(t, "% The public and private keys do not belong "
		    "together\n");
		gnutls_x509_privkey_deinit(*key);
		goto out;
	}
	ret = 0;
out:
	free(text);
	gnutls_free(pub.data);
	gnutls_free(mine.data);
	return ret;
}

int
pki_key_import(struct cmd_ctx *ctx)
{
	struct term		*t = ctx->term;
	const char		*label = gmatch_str(ctx->match, "$label");
	const char		*pass = gmatch_str(ctx->match, "$pass");
	gnutls_x509_privkey_t	 key;
	char			*err = NULL;

	if (keystore_find(label) != NULL) {
		term_printf(t, "%% You already have RSA keys named %s.\n"
		    "%% Remove them with \"crypto key zeroize rsa %s\" "
		    "first.\n", label, label);
		return -1;
	}
	if (keyio_import_read(t, pass, &key) != 0) {
		term_puts(t, "% Key pair import failed.\n");
		return -1;
	}
	if (keystore_add(label, key, gmatch_has(ctx->match, "exportable"),
	    &err) != 0) {
		term_printf(t, "%s\n%% Key pair import failed.\n", err);
		free(err);
		return -1;
	}
	term_puts(t, "% Key pair import succeeded.\n");
	return CMD_DONE;
}

/* `crypto key export rsa LABEL pem terminal {3des | des} PASS` and `crypto
 * key import rsa LABEL [exportable] pem terminal PASS`: a key pair alone,
 * public key in clear and private key as legacy encrypted PEM, in the
 * layout IOS prints (ios-reference.md §4.9). A non-exportable key is
 * never exported; an import checks both halves before storing. */
#include <stdlib.h>
#include <string.h>

#include <gnutls/abstract.h>

#include "exec.h"
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

/* The public half pasted first, kept while the private one is read. */
struct keyio_import {
	gnutls_datum_t	 pub;
};

static void
keyio_import_free(struct keyio_import *ki)
{
	gnutls_free(ki->pub.data);
	free(ki);
}

static int
keyio_import_fail(struct cmd_ctx *ctx, struct keyio_import *ki)
{
	term_puts(ctx->term, "% Key pair import failed.\n");
	keyio_import_free(ki);
	return -1;
}

static int
keyio_private_pasted(struct cmd_ctx *ctx, char *text, void *arg)
{
	struct keyio_import	*ki = arg;
	struct term		*t = ctx->term;
	const char		*label = gmatch_str(ctx->match, "$label");
	gnutls_datum_t		 mine = { NULL, 0 };
	gnutls_x509_privkey_t	 key;
	char			*err = NULL;
	int			 same;

	if (text == NULL || pem_legacy_decrypt(text, gmatch_str(ctx->match,
	    "$pass"), &key, &err) != 0) {
		term_printf(t, "%s\n", err != NULL ? err : "% No private key");
		free(err);
		free(text);
		return keyio_import_fail(ctx, ki);
	}
	free(text);
	same = keystore_spki(key, &mine) == 0 && mine.size == ki->pub.size &&
	    memcmp(mine.data, ki->pub.data, ki->pub.size) == 0;
	gnutls_free(mine.data);
	if (!same) {
		term_puts(t, "% The public and private keys do not belong "
		    "together\n");
		gnutls_x509_privkey_deinit(key);
		return keyio_import_fail(ctx, ki);
	}
	keyio_import_free(ki);
	/* Another session may have made the label meanwhile. */
	if (keystore_find(label) != NULL) {
		gnutls_x509_privkey_deinit(key);
		term_printf(t, "%% You already have RSA keys named %s.\n"
		    "%% Key pair import failed.\n", label);
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

static int
keyio_public_pasted(struct cmd_ctx *ctx, char *text, void *arg)
{
	struct keyio_import	*ki;

	ki = xcalloc(1, sizeof *ki);
	if (keyio_public(text, &ki->pub) != 0) {
		free(text);
		term_puts(ctx->term, "% The public key is missing or "
		    "damaged\n");
		return keyio_import_fail(ctx, ki);
	}
	free(text);
	term_puts(ctx->term, "% Enter PEM-formatted encrypted private General "
	    "Purpose key.\n% End with \"quit\" on a line by itself.\n");
	return paste_ask(ctx, 1, keyio_private_pasted, ki);
}

int
pki_key_import(struct cmd_ctx *ctx)
{
	struct term		*t = ctx->term;
	const char		*label = gmatch_str(ctx->match, "$label");

	if (keystore_find(label) != NULL) {
		term_printf(t, "%% You already have RSA keys named %s.\n"
		    "%% Remove them with \"crypto key zeroize rsa %s\" "
		    "first.\n", label, label);
		return -1;
	}
	term_puts(t, "% Enter PEM-formatted public General Purpose key or "
	    "certificate.\n% End with a blank line or \"quit\" on a line by "
	    "itself.\n");
	return paste_ask(ctx, 0, keyio_public_pasted, NULL);
}

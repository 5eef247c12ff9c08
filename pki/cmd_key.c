/* `crypto key generate rsa`, `crypto key zeroize rsa` and `show crypto key
 * mypubkey rsa`: the IOS dialogs over the key store. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exec.h"
#include "confdb.h"
#include "pki_cmd.h"
#include "xmalloc.h"

static double
cmd_key_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* What `crypto key generate rsa` has gathered so far. */
struct keygen {
	char		*label;
	unsigned int	 bits, ebits;
};

static void
cmd_key_modulus_prompt(struct term *t, const char *what)
{
	term_printf(t, "Choose the size of the key modulus in the range of "
	    "%d to %d for your\n  %s. Choosing a key modulus greater than "
	    "512 may take\n  a few minutes.\n\n", PKI_MODULUS_MIN,
	    PKI_MODULUS_MAX, what);
}

/* The answer to "How many bits in the modulus [512]: "; 0 when refused. */
static unsigned int
cmd_key_modulus_parse(struct term *t, const char *a)
{
	char	*end;
	long	 v;

	if (a[strspn(a, " \t")] == '\0')
		v = PKI_MODULUS_DEFAULT;
	else {
		v = strtol(a, &end, 10);
		if (end == a || end[strspn(end, " \t")] != '\0')
			v = -1;
	}
	if (v < PKI_MODULUS_MIN || v > PKI_MODULUS_MAX) {
		term_printf(t, "%% Key modulus size must be in the range of "
		    "%d to %d bits\n", PKI_MODULUS_MIN, PKI_MODULUS_MAX);
		return 0;
	}
	return (unsigned int)v;
}

/* One key with IOS's first message; *secs its real generation time. */
static gnutls_x509_privkey_t
cmd_key_one(struct term *t, unsigned int bits, int exportable, int *secs)
{
	gnutls_x509_privkey_t	 key;
	double			 start;

	term_printf(t, "%% Generating %u bit RSA keys, keys will be %s...\n",
	    bits, exportable ? "exportable" : "non-exportable");
	start = cmd_key_now();
	if ((key = keystore_rsa_generate(bits)) == NULL) {
		term_puts(t, "% Key generation failed\n");
		return NULL;
	}
	*secs = (int)(cmd_key_now() - start + 0.5);
	return key;
}

/*
 * Generates a pair (two for usage keys) and stores it; 0 or -1. The last
 * [OK] comes once the pair is in NVRAM: a pair that could not be written
 * is reported as such, never as a success (usage keys keep IOS's [OK]
 * after the signature key, before the encryption key is made).
 */
int
pki_key_make(struct term *t, const char *label, unsigned int bits,
    unsigned int encr_bits, int exportable)
{
	gnutls_x509_privkey_t	 sign, encr = NULL;
	char			*err = NULL;
	int			 secs = 0;

	if ((sign = cmd_key_one(t, bits, exportable, &secs)) == NULL)
		return -1;
	if (encr_bits > 0) {
		term_printf(t, "[OK] (elapsed time was %d seconds)\n", secs);
		if ((encr = cmd_key_one(t, encr_bits, exportable, &secs)) ==
		    NULL) {
			gnutls_x509_privkey_deinit(sign);
			return -1;
		}
	}
	if (keystore_install(label, sign, encr, exportable, &err) != 0) {
		term_printf(t, "%s\n", err);
		free(err);
		return -1;
	}
	term_printf(t, "[OK] (elapsed time was %d seconds)\n", secs);
	return 0;
}

static int
keygen_end(struct keygen *kg, int ret)
{
	free(kg->label);
	free(kg);
	return ret;
}

static int
keygen_make(struct cmd_ctx *ctx, struct keygen *kg)
{
	int	 usage = gmatch_has(ctx->match, "usage-keys");

	if (pki_key_make(ctx->term, kg->label, kg->bits, usage ? kg->ebits : 0,
	    gmatch_has(ctx->match, "exportable")) != 0)
		return keygen_end(kg, -1);
	return keygen_end(kg, CMD_DONE);
}

static int
keygen_modulus(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	struct keygen	*kg = arg;
	unsigned int	 bits;

	if (answer == NULL ||
	    (bits = cmd_key_modulus_parse(ctx->term, answer)) == 0)
		return keygen_end(kg, -1);
	if (kg->bits == 0) {
		kg->bits = bits;
		/* Usage keys: a second pair, for encryption. */
		if (gmatch_has(ctx->match, "usage-keys")) {
			cmd_key_modulus_prompt(ctx->term, "Encryption Keys");
			return cmd_ask(ctx, "How many bits in the modulus "
			    "[512]: ", 1, keygen_modulus, kg);
		}
	} else
		kg->ebits = bits;
	return keygen_make(ctx, kg);
}

/* The size given on the line, else asked. */
static int
keygen_size(struct cmd_ctx *ctx, struct keygen *kg)
{
	const struct gmatch	*m = ctx->match;

	if (gmatch_has(m, "$modulus")) {
		kg->bits = kg->ebits = (unsigned int)gmatch_num(m, "$modulus",
		    0);
		term_printf(ctx->term, "\n%% The key modulus size is %u bits\n",
		    kg->bits);
		return keygen_make(ctx, kg);
	}
	cmd_key_modulus_prompt(ctx->term, gmatch_has(m, "usage-keys") ?
	    "Signature Keys" : "General Purpose Keys");
	return cmd_ask(ctx, "How many bits in the modulus [512]: ", 1,
	    keygen_modulus, kg);
}

static int
keygen_replace(struct cmd_ctx *ctx, int yes, void *arg)
{
	if (yes != 1)
		return keygen_end(arg, CMD_DONE);
	return keygen_size(ctx, arg);
}

int
pki_key_generate(struct cmd_ctx *ctx)
{
	const struct gmatch	*m = ctx->match;
	struct term		*t = ctx->term;
	const char		*given = gmatch_str(m, "$label");
	struct keygen		*kg;

	if (given == NULL && !tp_has_domain()) {
		term_puts(t, "% Please define a domain-name first.\n");
		return -1;
	}
	kg = xcalloc(1, sizeof *kg);
	kg->label = given != NULL ? xstrdup(given) : tp_default_key_label();
	term_printf(t, "The name for the keys will be: %s\n", kg->label);
	if (keystore_find(kg->label) != NULL) {
		term_printf(t, "%% You already have RSA keys defined named "
		    "%s.\n", kg->label);
		return cmd_ask_yesno(ctx, "% Do you really want to replace "
		    "them? [yes/no]: ", keygen_replace, kg);
	}
	return keygen_size(ctx, kg);
}

/* Router certificates made for the removed keys go with them. */
static void
cmd_key_remove_certs(const char *label)
{
	struct confnode	*n;
	struct tp_conf	 c;
	char		*tl;

	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n)) {
		if (confdb_word(n, 2) == NULL ||
		    strcmp(confdb_word(n, 2), "trustpoint") != 0)
			continue;
		if (tp_conf_read(confdb_word(n, 3), &c) != 0)
			continue;
		tl = tp_key_label(&c);
		if (label == NULL || strcmp(tl, label) == 0)
			chain_remove_router(c.name);
		free(tl);
	}
}

static int	zeroize_answer(struct cmd_ctx *, int, void *);

int
pki_key_zeroize(struct cmd_ctx *ctx)
{
	struct term	*t = ctx->term;
	const char	*label = gmatch_str(ctx->match, "$label");

	if (label != NULL && keystore_find(label) == NULL) {
		term_printf(t, "%% No Signature RSA Keys found in "
		    "configuration.\n");
		return -1;
	}
	if (label == NULL && keystore_first() == NULL) {
		term_puts(t, "% No Signature RSA Keys found in configuration.\n");
		return -1;
	}
	if (label != NULL)
		term_printf(t, "%% Keys to be removed are named %s.\n", label);
	else
		term_puts(t, "% All keys will be removed.\n");
	term_puts(t, "% All router certs issued using these keys will also be "
	    "removed.\n");
	return cmd_ask_yesno(ctx, "Do you really want to remove these keys? "
	    "[yes/no]: ", zeroize_answer, NULL);
}

static int
zeroize_answer(struct cmd_ctx *ctx, int yes, void *arg)
{
	const char	*label = gmatch_str(ctx->match, "$label");
	struct pki_key	*k;

	if (yes != 1)
		return CMD_DONE;
	cmd_key_remove_certs(label);
	if (label != NULL)
		keystore_remove(label);
	else {
		while ((k = keystore_first()) != NULL)
			keystore_remove(k->label);
	}
	return CMD_DONE;
}

static void
cmd_key_show_one(struct sbuf *sb, const struct pki_key *k,
    gnutls_x509_privkey_t key, const char *usage)
{
	gnutls_datum_t	 spki;

	sbuf_puts(sb, "% Key pair was generated at: ");
	ios_time(k->generated, sb);
	sbuf_printf(sb, "\nKey name: %s\n Usage: %s\n Key is %sexportable.\n"
	    " Key Data:\n", k->label, usage, k->exportable ? "" : "not ");
	if (keystore_spki(key, &spki) == 0) {
		certhex_render(spki.data, spki.size, "  ", sb);
		gnutls_free(spki.data);
	}
}

int
pki_show_mypubkey(struct cmd_ctx *ctx)
{
	const char	*label = gmatch_str(ctx->match, "$label");
	struct pki_key	*k;
	struct sbuf	 sb;

	sbuf_init(&sb);
	for (k = keystore_first(); k != NULL; k = keystore_next(k)) {
		if (label != NULL && strcmp(label, k->label) != 0)
			continue;
		if (k->usage_keys) {
			cmd_key_show_one(&sb, k, k->sign, "Signature Key");
			cmd_key_show_one(&sb, k, k->encr, "Encryption Key");
		} else
			cmd_key_show_one(&sb, k, k->sign, "General Purpose Key");
	}
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return 0;
}

char *
pki_ssh_host_key_pem(void)
{
	struct confnode	*n;
	struct pki_key	*k;
	gnutls_datum_t	 pem;
	char		*label, *out;

	if ((n = confdb_find(NULL, "ip ssh rsa keypair-name")) != NULL &&
	    n->match.negate == GNEG_NONE)
		label = xstrdup(n->match.vals[n->match.nvals - 1].text);
	else
		label = tp_default_key_label();
	k = keystore_find(label);
	free(label);
	if (k == NULL || keystore_bits(k->sign) < 768 ||
	    gnutls_x509_privkey_export2(k->sign, GNUTLS_X509_FMT_PEM, &pem) < 0)
		return NULL;
	out = xstrndup((char *)pem.data, pem.size);
	gnutls_memset(pem.data, 0, pem.size);
	gnutls_free(pem.data);
	return out;
}

/* Trustpoint commands with a dialog: `no crypto pki trustpoint`, the
 * trustpoint `password` (always kept as type 7), `crypto pki authenticate`
 * and `crypto pki import NAME certificate` (terminal cut-and-paste). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmd.h"
#include "confdb.h"
#include "modes.h"
#include "pki_cmd.h"
#include "xmalloc.h"

#define PASTE_MAX_LINES	1000

char *
paste_read(struct term *t, int quit_only)
{
	struct sbuf	 sb;
	char		*line, *p;
	int		 i;

	sbuf_init(&sb);
	for (i = 0; i < PASTE_MAX_LINES; i++) {
		if ((line = term_ask(t, "", 1)) == NULL) {
			sbuf_free(&sb);
			return NULL;
		}
		if (cmd_line_is_quit(line)) {
			free(line);
			break;
		}
		/* As IOS: an empty (or blank) line also ends the paste. */
		for (p = line; isspace((unsigned char)*p); p++)
			;
		if (*p == '\0' && !quit_only) {
			free(line);
			break;
		}
		sbuf_puts(&sb, line);
		sbuf_putc(&sb, '\n');
		free(line);
	}
	return sbuf_detach(&sb);
}

gnutls_x509_crt_t
paste_cert(struct term *t, const char *text, gnutls_datum_t *der)
{
	gnutls_x509_crt_t	 crt;
	unsigned char		*bin;
	size_t			 len;

	if (text == NULL || pem_decode_any(text, &bin, &len) != 0) {
		term_puts(t, "% Error: the input is not a base 64 encoded "
		    "certificate\n");
		return NULL;
	}
	der->data = bin;
	der->size = len;
	if (gnutls_x509_crt_init(&crt) < 0 ||
	    gnutls_x509_crt_import(crt, der, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(crt);
		free(bin);
		der->data = NULL;
		term_puts(t, "% Error: the input is not a valid certificate\n");
		return NULL;
	}
	return crt;
}

void
fingerprint_lines(gnutls_x509_crt_t crt, const char *md5_prefix,
    const char *sha1_prefix, struct sbuf *sb)
{
	unsigned char	 fp[20];
	size_t		 n;

	n = sizeof fp;
	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_MD5, fp, &n) == 0) {
		sbuf_puts(sb, md5_prefix);
		hex_groups(fp, n, sb);
		sbuf_putc(sb, '\n');
	}
	n = sizeof fp;
	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA1, fp, &n) == 0) {
		sbuf_puts(sb, sha1_prefix);
		hex_groups(fp, n, sb);
		sbuf_putc(sb, '\n');
	}
}

/* `no crypto pki trustpoint NAME` destroys its certificates too. */
int
pki_trustpoint(struct cmd_ctx *ctx)
{
	const char	*name = gmatch_str(ctx->match, "$name");
	struct tp_certs	 tc;
	int		 enrolled, any;

	if (ctx->match->negate == GNEG_NONE || name == NULL)
		return 0;
	if (tp_node(name) == NULL)
		return 0;
	tp_certs_load(name, &tc);
	enrolled = tc.router != NULL;
	any = enrolled || tc.ncas > 0;
	tp_certs_free(&tc);
	if (any) {
		term_puts(ctx->term, "% Removing an enrolled trustpoint will "
		    "destroy all certificates\n received from the related "
		    "Certificate Authority.\n\n");
		if (term_ask_yesno(ctx->term, "Are you sure you want to do "
		    "this? [yes/no]: ") != 1)
			return CMD_DONE;
		if (enrolled)
			term_puts(ctx->term, "% Be sure to ask the CA "
			    "administrator to revoke your certificates.\n");
	}
	chain_remove_all(name);
	pending_clear(name);
	return 0;
}

/* IOS keeps the trustpoint password reversibly encrypted, whatever
 * `service password-encryption` says. */
int
pki_tp_password(struct cmd_ctx *ctx)
{
	const char	*plain;
	char		*enc, *text;
	struct confnode	*n;

	if (ctx->match->negate != GNEG_NONE ||
	    gmatch_has(ctx->match, "$hidden"))
		return 0;
	if ((plain = gmatch_str(ctx->match, "$typed")) == NULL &&
	    (plain = gmatch_str(ctx->match, "$plain")) == NULL)
		return 0;
	enc = type7_encode(plain);
	xasprintf(&text, "password 7 %s", enc);
	n = modes_apply_line(ctx->node, "ca-trustpoint", text);
	free(text);
	free(enc);
	return n != NULL ? CMD_DONE : -1;
}

/* Looks the trustpoint up and checks it enrolls through the terminal. */
int
tp_terminal_check(struct term *t, const char *name, struct tp_conf *c)
{
	if (tp_conf_read(name, c) != 0) {
		term_printf(t, "%% Could not find trustpoint %s.\n", name);
		return -1;
	}
	if (c->url != NULL) {
		term_printf(t, "%% Trustpoint %s enrolls by SCEP (enrollment "
		    "url %s): SCEP is not available in vgw yet.\n"
		    "%% Use \"enrollment terminal\" and paste the "
		    "certificates.\n", name, c->url);
		return -1;
	}
	return 0;
}

int
pki_authenticate(struct cmd_ctx *ctx)
{
	struct term		*t = ctx->term;
	const char		*name = gmatch_str(ctx->match, "$name");
	struct tp_conf		 c;
	struct tp_certs		 tc;
	gnutls_x509_crt_t	 crt;
	gnutls_datum_t		 der = { NULL, 0 };
	struct sbuf		 sb;
	char			*text, *err = NULL;
	int			 ret = -1, have;

	if (tp_terminal_check(t, name, &c) != 0)
		return -1;
	tp_certs_load(name, &tc);
	have = tc.ncas > 0;
	tp_certs_free(&tc);
	if (have) {
		term_printf(t, "%% You already have a CA certificate for "
		    "trustpoint %s.\n%% Remove the trustpoint to replace it.\n",
		    name);
		return -1;
	}
	term_puts(t, "\nEnter the base 64 encoded CA certificate.\n"
	    "End with a blank line or the word \"quit\" on a line by itself\n"
	    "\n");
	text = paste_read(t, 0);
	if ((crt = paste_cert(t, text, &der)) == NULL)
		goto out;
	if (!cert_is_ca(crt) || !cert_signed_by(crt, crt)) {
		term_puts(t, "% The certificate is not a self-signed CA "
		    "certificate: not accepted\n");
		goto out;
	}
	sbuf_init(&sb);
	sbuf_puts(&sb, "\nCertificate has the following attributes:\n");
	fingerprint_lines(crt, "       Fingerprint MD5: ",
	    "      Fingerprint SHA1: ", &sb);
	sbuf_putc(&sb, '\n');
	term_write(t, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	if (term_ask_yesno(t, "% Do you accept this certificate? [yes/no]: ")
	    != 1) {
		term_puts(t, "% Certificate not accepted\n");
		ret = CMD_DONE;
		goto out;
	}
	if (chain_store(name, CERT_CA, der.data, der.size, &err) != 0) {
		term_printf(t, "%s\n", err);
		free(err);
		goto out;
	}
	term_puts(t, "Trustpoint CA certificate accepted.\n"
	    "% Certificate successfully imported\n");
	ret = CMD_DONE;
out:
	if (crt != NULL)
		gnutls_x509_crt_deinit(crt);
	free(der.data);
	free(text);
	return ret;
}

/* Key of the trustpoint (rsakeypair, else the host name's key). */
struct pki_key *
tp_key(const struct tp_conf *c)
{
	struct pki_key	*k;
	char		*label;

	label = tp_key_label(c);
	k = keystore_find(label);
	free(label);
	return k;
}

/* A router certificate must carry the trustpoint's key and chain to its
 * CA, inside its validity by the router clock. */
int
tp_check_router_cert(struct term *t, const char *name, gnutls_x509_crt_t crt,
    gnutls_x509_privkey_t key, const struct tp_certs *tc)
{
	struct revcheck	 none = { { REV_NONE }, 1, 0, NULL };
	char		*err = NULL;

	if (key == NULL || !cert_matches_key(crt, key)) {
		term_printf(t, "%% The certificate does not match the key pair "
		    "of trustpoint %s: not imported\n", name);
		return -1;
	}
	if (verify_chain(&crt, 1, tc->cas, tc->ncas, router_clock_now(),
	    &none, NULL, 0, &err) != 0) {
		term_printf(t, "%% Certificate verification failed: %s\n", err);
		free(err);
		return -1;
	}
	return 0;
}

int
pki_import_certificate(struct cmd_ctx *ctx)
{
	struct term		*t = ctx->term;
	const char		*name = gmatch_str(ctx->match, "$name");
	struct tp_conf		 c;
	struct tp_certs		 tc;
	struct pki_key		*k;
	gnutls_x509_crt_t	 crt = NULL;
	gnutls_datum_t		 der = { NULL, 0 };
	char			*text = NULL, *err = NULL;
	int			 ret = -1;

	if (tp_terminal_check(t, name, &c) != 0)
		return -1;
	tp_certs_load(name, &tc);
	if (tc.ncas == 0) {
		term_printf(t, "%% You must authenticate the Certificate "
		    "Authority before you can import a certificate for %s.\n",
		    name);
		goto out;
	}
	term_puts(t, "\nEnter the base 64 encoded certificate.\n"
	    "End with a blank line or the word \"quit\" on a line by itself\n"
	    "\n");
	text = paste_read(t, 0);
	if ((crt = paste_cert(t, text, &der)) == NULL)
		goto out;
	k = tp_key(&c);
	if (tp_check_router_cert(t, name, crt, k == NULL ? NULL :
	    k->encr != NULL && cert_matches_key(crt, k->encr) ? k->encr :
	    k->sign, &tc) != 0)
		goto out;
	if (chain_store(name, CERT_ROUTER, der.data, der.size, &err) != 0) {
		term_printf(t, "%s\n", err);
		free(err);
		goto out;
	}
	pending_clear(name);
	term_puts(t, "\n% Router Certificate successfully imported\n\n");
	ret = CMD_DONE;
out:
	if (crt != NULL)
		gnutls_x509_crt_deinit(crt);
	tp_certs_free(&tc);
	free(der.data);
	free(text);
	return ret;
}

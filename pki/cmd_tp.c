/* Trustpoint commands with a dialog: `no crypto pki trustpoint`, the
 * trustpoint `password` (always kept as type 7), `crypto pki authenticate`
 * and `crypto pki import NAME certificate` (terminal cut-and-paste). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "exec.h"
#include "confdb.h"
#include "pki_cmd.h"
#include "scep_client.h"
#include "type7.h"
#include "xmalloc.h"

#define PASTE_MAX_LINES	1000

/* A paste being read: the text so far and who gets it. */
struct paste {
	struct sbuf	 text;
	int		 quit_only;
	int		 lines;
	paste_done_fn	 done;
	void		*arg;
};

static int
paste_line(struct cmd_ctx *ctx, const char *line, void *arg)
{
	struct paste	*p = arg;
	paste_done_fn	 done = p->done;
	void		*done_arg = p->arg;
	const char	*c;
	char		*text = NULL;
	int		 end;

	if (line != NULL) {
		/* As IOS: an empty (or blank) line also ends the paste. */
		for (c = line; isspace((unsigned char)*c); c++)
			;
		end = cmd_line_is_quit(line) || (*c == '\0' && !p->quit_only);
		if (!end && ++p->lines < PASTE_MAX_LINES) {
			sbuf_puts(&p->text, line);
			sbuf_putc(&p->text, '\n');
			return cmd_ask(ctx, "", 1, paste_line, p);
		}
		text = sbuf_detach(&p->text);
	}
	sbuf_free(&p->text);
	free(p);
	return done(ctx, text, done_arg);
}

int
paste_ask(struct cmd_ctx *ctx, int quit_only, paste_done_fn done, void *arg)
{
	struct paste	*p;

	p = xcalloc(1, sizeof *p);
	sbuf_init(&p->text);
	p->quit_only = quit_only;
	p->done = done;
	p->arg = arg;
	return cmd_ask(ctx, "", 1, paste_line, p);
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
/* arg is non-NULL when the trustpoint had a router certificate. */
static int
trustpoint_remove_answer(struct cmd_ctx *ctx, int yes, void *arg)
{
	const char	*name = gmatch_str(ctx->match, "$name");

	if (yes != 1)
		return CMD_DONE;
	if (arg != NULL)
		term_puts(ctx->term, "% Be sure to ask the CA administrator to "
		    "revoke your certificates.\n");
	chain_remove_all(name);
	pending_clear(name);
	scep_enroll_cancel(name);
	return 0;
}

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
		return cmd_ask_yesno(ctx, "Are you sure you want to do this? "
		    "[yes/no]: ", trustpoint_remove_answer,
		    enrolled ? ctx : NULL);
	}
	chain_remove_all(name);
	pending_clear(name);
	scep_enroll_cancel(name);
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
	enc = password7_encode(plain, -1);
	xasprintf(&text, "password 7 %s", enc);
	n = router_apply_line(pki_router, ctx->node, "ca-trustpoint", text);
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
		    "url %s): its certificates come from the CA.\n", name,
		    c->url);
		return -1;
	}
	return 0;
}

/* The CA certificate shown, waiting for "Do you accept". */
struct auth_cert {
	gnutls_x509_crt_t	 crt;
	gnutls_datum_t		 der;
};

static void
auth_cert_free(struct auth_cert *ac)
{
	if (ac->crt != NULL)
		gnutls_x509_crt_deinit(ac->crt);
	free(ac->der.data);
	free(ac);
}

static int
authenticate_accept(struct cmd_ctx *ctx, int yes, void *arg)
{
	struct auth_cert	*ac = arg;
	const char		*name = gmatch_str(ctx->match, "$name");
	char			*err = NULL;
	int			 ret = -1;

	if (yes != 1) {
		term_puts(ctx->term, "% Certificate not accepted\n");
		ret = CMD_DONE;
	} else if (chain_store(name, CERT_CA, ac->der.data, ac->der.size,
	    &err) != 0) {
		term_printf(ctx->term, "%s\n", err);
		free(err);
	} else {
		term_puts(ctx->term, "Trustpoint CA certificate accepted.\n"
		    "% Certificate successfully imported\n");
		ret = CMD_DONE;
	}
	auth_cert_free(ac);
	return ret;
}

static int
authenticate_pasted(struct cmd_ctx *ctx, char *text, void *arg)
{
	struct term		*t = ctx->term;
	struct auth_cert	*ac;

	ac = xcalloc(1, sizeof *ac);
	ac->crt = paste_cert(t, text, &ac->der);
	free(text);
	if (ac->crt == NULL) {
		auth_cert_free(ac);
		return -1;
	}
	if (!cert_is_ca(ac->crt) || !cert_signed_by(ac->crt, ac->crt)) {
		term_puts(t, "% The certificate is not a self-signed CA "
		    "certificate: not accepted\n");
		auth_cert_free(ac);
		return -1;
	}
	term_puts(t, "\n");
	return authenticate_ask(ctx, ac->crt, authenticate_accept, ac);
}

/* The CA's fingerprints and IOS's question (ios-reference §4.6): 7 and 6
 * blanks align the colons; a blank line before the question. */
int
authenticate_ask(struct cmd_ctx *ctx, gnutls_x509_crt_t ca,
    cmd_choice_fn fn, void *arg)
{
	struct sbuf	 sb;

	sbuf_init(&sb);
	sbuf_puts(&sb, "Certificate has the following attributes:\n");
	fingerprint_lines(ca, "       Fingerprint MD5: ",
	    "      Fingerprint SHA1: ", &sb);
	sbuf_putc(&sb, '\n');
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return cmd_ask_yesno(ctx, "% Do you accept this certificate? "
	    "[yes/no]: ", fn, arg);
}

int
pki_authenticate(struct cmd_ctx *ctx)
{
	struct term		*t = ctx->term;
	const char		*name = gmatch_str(ctx->match, "$name");
	struct tp_conf		 c;
	struct tp_certs		 tc;
	int			 have;

	if (tp_conf_read(name, &c) != 0) {
		term_printf(t, "%% Could not find trustpoint %s.\n", name);
		return -1;
	}
	tp_certs_load(name, &tc);
	have = tc.ncas > 0;
	tp_certs_free(&tc);
	if (have) {
		term_printf(t, "%% You already have a CA certificate for "
		    "trustpoint %s.\n%% Remove the trustpoint to replace it.\n",
		    name);
		return -1;
	}
	if (c.url != NULL)
		return scep_authenticate(ctx, &c);
	term_puts(t, "\nEnter the base 64 encoded CA certificate.\n"
	    "End with a blank line or the word \"quit\" on a line by itself\n"
	    "\n");
	return paste_ask(ctx, 0, authenticate_pasted, NULL);
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

static int
import_certificate_pasted(struct cmd_ctx *ctx, char *text, void *arg)
{
	struct term		*t = ctx->term;
	const char		*name = gmatch_str(ctx->match, "$name");
	struct tp_conf		 c;
	struct tp_certs		 tc;
	struct pki_key		*k;
	gnutls_x509_crt_t	 crt = NULL;
	gnutls_datum_t		 der = { NULL, 0 };
	char			*err = NULL;
	int			 ret = -1;

	/* The trustpoint may have gone while the paste was read. */
	if (text == NULL || tp_terminal_check(t, name, &c) != 0) {
		free(text);
		return -1;
	}
	tp_certs_load(name, &tc);
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

int
pki_import_certificate(struct cmd_ctx *ctx)
{
	struct term		*t = ctx->term;
	const char		*name = gmatch_str(ctx->match, "$name");
	struct tp_conf		 c;
	struct tp_certs		 tc;
	int			 ncas;

	if (tp_terminal_check(t, name, &c) != 0)
		return -1;
	tp_certs_load(name, &tc);
	ncas = tc.ncas;
	tp_certs_free(&tc);
	if (ncas == 0) {
		term_printf(t, "%% You must authenticate the Certificate "
		    "Authority before you can import a certificate for %s.\n",
		    name);
		return -1;
	}
	term_puts(t, "\nEnter the base 64 encoded certificate.\n"
	    "End with a blank line or the word \"quit\" on a line by itself\n"
	    "\n");
	return paste_ask(ctx, 0, import_certificate_pasted, NULL);
}

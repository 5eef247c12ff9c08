/* Certificate chains are configuration: `crypto pki certificate chain NAME`
 * holds `certificate [ca | self-signed] SERIAL` nodes whose DER hangs on
 * node->priv. The hex is typed (or replayed from startup-config) line by
 * line in (config-pubkey) until `quit`, and rendered back byte for byte. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "exec.h"
#include "confdb.h"
#include "pki_cmd.h"
#include "pki_tp.h"
#include "xmalloc.h"

/* Hex typed for one certificate; real ones are a few KB. */
#define CERTHEX_MAX	(256 * 1024)

void
pki_cert_free(void *p)
{
	struct pki_cert	*pc = p;

	if (pc == NULL)
		return;
	free(pc->der);
	sbuf_free(&pc->hex);
	free(pc);
}

static int
chain_node_is_cert(const struct confnode *n)
{
	const char	*w0 = confdb_word(n, 0), *p3;

	if (n->parent == NULL || w0 == NULL || strcmp(w0, "certificate") != 0)
		return 0;
	p3 = confdb_word(n->parent, 3);
	return p3 != NULL && strcmp(p3, "chain") == 0;
}

static enum cert_kind
chain_node_kind(const struct confnode *n)
{
	const char	*w1 = confdb_word(n, 1);

	if (w1 != NULL && strcmp(w1, "ca") == 0)
		return CERT_CA;
	if (w1 != NULL && strcmp(w1, "self-signed") == 0)
		return CERT_SELF_SIGNED;
	return CERT_ROUTER;
}

/* A `certificate` node was added or typed again: hex input starts afresh,
 * the certificate already held stays until a new one is accepted. */
void
chain_confdb_event(enum confdb_event ev, struct confnode *n)
{
	struct pki_cert	*pc;

	if (ev == CONFDB_REMOVE || !chain_node_is_cert(n))
		return;
	if ((pc = n->priv) == NULL) {
		pc = xcalloc(1, sizeof *pc);
		sbuf_init(&pc->hex);
		n->priv = pc;
		n->free_priv = pki_cert_free;
	}
	pc->kind = chain_node_kind(n);
	sbuf_reset(&pc->hex);
	pc->overflow = 0;
}

static int
chain_cert_accept(struct pki_cert *pc, char **err)
{
	gnutls_x509_crt_t	 crt;
	gnutls_datum_t		 d;
	unsigned char		*der;
	size_t			 len;

	if (certhex_parse(sbuf_str(&pc->hex), &der, &len, err) != 0)
		return -1;
	if (gnutls_x509_crt_init(&crt) < 0) {
		free(der);
		return -1;
	}
	d.data = der;
	d.size = len;
	if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(crt);
		free(der);
		xasprintf(err, "%% The hex is not a certificate");
		return -1;
	}
	gnutls_x509_crt_deinit(crt);
	free(pc->der);
	pc->der = der;
	pc->len = len;
	pc->installed = router_clock_now();
	return 0;
}

/* The raw handler of (config-pubkey): every line is hex, `quit` ends it. */
int
pki_cert_hex_line(struct cmd_ctx *ctx)
{
	struct confnode	*n = ctx->node;
	struct pki_cert	*pc;
	const char	*p = ctx->line;
	char		*err = NULL;

	if (n == NULL || (pc = n->priv) == NULL)
		return -1;
	while (isspace((unsigned char)*p))
		p++;
	if (!cmd_line_is_quit(p)) {
		if (pc->hex.len + strlen(p) > CERTHEX_MAX)
			pc->overflow = 1;
		else {
			sbuf_puts(&pc->hex, p);
			sbuf_putc(&pc->hex, '\n');
		}
		return 0;
	}
	if (pc->hex.len == 0 && pc->der != NULL && !pc->overflow)
		return 0;
	if (pc->overflow)
		xasprintf(&err, "%% Certificate too long");
	else if (chain_cert_accept(pc, &err) == 0) {
		sbuf_reset(&pc->hex);
		return 0;
	}
	term_printf(ctx->term, "%s\n%% Error in saving certificate: "
	    "status = FAIL\n", err);
	free(err);
	sbuf_reset(&pc->hex);
	pc->overflow = 0;
	if (pc->der == NULL)
		confdb_remove(n);
	return -1;
}

void
pki_cert_render(const struct confnode *n, struct sbuf *out, int indent)
{
	const struct pki_cert	*pc = n->priv;
	char			 pad[16];
	int			 i;

	for (i = 0; i < indent && i < (int)sizeof pad - 1; i++)
		pad[i] = ' ';
	pad[i] = '\0';
	if (pc != NULL && pc->der != NULL)
		certhex_render(pc->der, pc->len, pad, out);
	/* IOS writes two blanks and a TAB: on screen, quit at column 8. */
	sbuf_printf(out, "%s\tquit\n", pad);
}

static void
chain_remove_kind(struct confnode *chain, enum cert_kind kind)
{
	struct confnode	*n, *next;
	struct pki_cert	*pc;

	for (n = confdb_first(chain); n != NULL; n = next) {
		next = confdb_next(n);
		if ((pc = n->priv) != NULL && pc->kind == kind)
			confdb_remove(n);
	}
}

int
chain_store(const char *tp, enum cert_kind kind, const unsigned char *der,
    size_t len, char **err)
{
	struct confnode		*chain, *n;
	struct pki_cert		*pc;
	gnutls_x509_crt_t	 crt;
	gnutls_datum_t		 d;
	char			*text, *serial;

	if (gnutls_x509_crt_init(&crt) < 0)
		return -1;
	d.data = (unsigned char *)der;
	d.size = len;
	if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(crt);
		xasprintf(err, "%% The data is not a certificate");
		return -1;
	}
	serial = cert_serial_hex(crt);
	gnutls_x509_crt_deinit(crt);
	xasprintf(&text, "crypto pki certificate chain %s", tp);
	chain = tp_chain_node(tp);
	if (chain == NULL)
		chain = router_apply_line(pki_router, NULL, "config", text);
	free(text);
	if (chain == NULL) {
		free(serial);
		xasprintf(err, "%% Unable to create the certificate chain");
		return -1;
	}
	chain_remove_kind(chain, kind);
	xasprintf(&text, "certificate %s%s", kind == CERT_CA ? "ca " :
	    kind == CERT_SELF_SIGNED ? "self-signed " : "", serial);
	n = router_apply_line(pki_router, chain, "config-cert-chain", text);
	free(text);
	free(serial);
	if (n == NULL || (pc = n->priv) == NULL) {
		xasprintf(err, "%% Unable to store the certificate");
		return -1;
	}
	free(pc->der);
	pc->der = xmalloc(len);
	memcpy(pc->der, der, len);
	pc->len = len;
	pc->kind = kind;
	pc->installed = router_clock_now();
	return 0;
}

void
chain_remove_all(const char *tp)
{
	struct confnode	*chain;

	if ((chain = tp_chain_node(tp)) != NULL)
		confdb_remove(chain);
}

void
chain_remove_router(const char *tp)
{
	struct confnode	*chain;

	if ((chain = tp_chain_node(tp)) == NULL)
		return;
	chain_remove_kind(chain, CERT_ROUTER);
	chain_remove_kind(chain, CERT_SELF_SIGNED);
}

/* arg is non-NULL for a router certificate. The chain may have gone
 * while the question waited (ctx->node NULL): nothing left to remove. */
static int
cert_remove_answer(struct cmd_ctx *ctx, int yes, void *arg)
{
	if (yes != 1 || ctx->node == NULL)
		return CMD_DONE;
	if (arg != NULL)
		term_puts(ctx->term, "% Be sure to ask the CA administrator to "
		    "revoke this certificate.\n");
	return 0;
}

/* `no certificate [ca] SERIAL` asks first, as IOS does. */
int
pki_cert_command(struct cmd_ctx *ctx)
{
	struct confnode	*n;
	struct sbuf	 key;
	int		 router;

	if (ctx->match->negate == GNEG_NONE)
		return 0;
	sbuf_init(&key);
	gmatch_render_key(ctx->match, &key);
	n = confdb_find(ctx->node, sbuf_str(&key));
	sbuf_free(&key);
	if (n == NULL)
		return 0;
	router = chain_node_kind(n) != CERT_CA;
	return cmd_ask_yesno(ctx, "% Are you sure you want to remove the "
	    "certificate [yes/no]: ", cert_remove_answer, router ? ctx : NULL);
}

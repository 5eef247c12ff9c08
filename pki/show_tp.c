/* `show crypto pki trustpoints [NAME] [status]` (ios-reference.md §3.8):
 * the CA subject and serial, the SCEP URL, and with `status` the
 * fingerprints and the state of keys, CA and requests. */
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "confdb.h"
#include "pki_cmd.h"
#include "xmalloc.h"

static void
show_tp_subject(struct sbuf *sb, gnutls_x509_crt_t crt, const char *indent)
{
	gnutls_x509_dn_t	 dn;

	sbuf_puts(sb, indent);
	if (gnutls_x509_crt_get_subject(crt, &dn) == 0)
		dn_ios_format(dn, sb);
	sbuf_putc(sb, '\n');
}

static void
show_tp_plain(struct sbuf *sb, const struct tp_conf *c,
    const struct tp_certs *tc)
{
	char	*serial, *label;

	if (c->selfsigned && tc->router != NULL) {
		label = tp_key_label(c);
		sbuf_printf(sb, "    Persistent self-signed certificate trust "
		    "point\n    Using key label %s\n", label);
		free(label);
		return;
	}
	if (tc->ncas > 0) {
		sbuf_puts(sb, "    Subject Name: \n");
		show_tp_subject(sb, tc->cas[0], "    ");
		serial = cert_serial_hex(tc->cas[0]);
		sbuf_printf(sb, "          Serial Number (hex): %s\n"
		    "    Certificate configured.\n", serial);
		free(serial);
	}
	if (c->url != NULL)
		sbuf_printf(sb, "    SCEP URL: %s/cgi-bin\n", c->url);
}

static void
show_tp_cert(struct sbuf *sb, const char *title, gnutls_x509_crt_t crt)
{
	sbuf_printf(sb, "  %s:\n    Subject Name:\n", title);
	show_tp_subject(sb, crt, "     ");
	fingerprint_lines(crt, "    Fingerprint MD5: ",
	    "    Fingerprint SHA1: ", sb);
}

static void
show_tp_status(struct sbuf *sb, const struct tp_conf *c,
    const struct tp_certs *tc)
{
	struct pki_key	*k = tp_key(c);

	if (tc->ncas > 0)
		show_tp_cert(sb, "Issuing CA certificate configured",
		    tc->cas[0]);
	if (tc->router != NULL)
		show_tp_cert(sb, "Router General Purpose certificate "
		    "configured", tc->router);
	sbuf_puts(sb, "  State:\n    Keys generated ............. ");
	if (k == NULL)
		sbuf_puts(sb, "No\n");
	else
		sbuf_printf(sb, "Yes (%s, %sexportable)\n", k->usage_keys ?
		    "Signing and Encryption" : "General Purpose",
		    k->exportable ? "" : "non-");
	sbuf_printf(sb, "    Issuing CA authenticated ....... %s\n"
	    "    Certificate request(s) ..... %s\n", tc->ncas > 0 ? "Yes" :
	    "No", tc->router != NULL || pending_find(c->name) != NULL ?
	    "Yes" : "None");
}

int
pki_show_trustpoints(struct cmd_ctx *ctx)
{
	const char	*tp = gmatch_str(ctx->match, "$tp"), *name;
	int		 status = gmatch_has(ctx->match, "status");
	struct confnode	*n;
	struct tp_conf	 c;
	struct tp_certs	 tc;
	struct sbuf	 sb;

	sbuf_init(&sb);
	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n)) {
		if (!show_node_is(n, "trustpoint", &name) ||
		    (tp != NULL && strcmp(tp, name) != 0) ||
		    tp_conf_read(name, &c) != 0)
			continue;
		tp_certs_load(name, &tc);
		sbuf_printf(&sb, "Trustpoint %s:\n", name);
		if (status)
			show_tp_status(&sb, &c, &tc);
		else
			show_tp_plain(&sb, &c, &tc);
		sbuf_puts(&sb, "\n\n");
		tp_certs_free(&tc);
	}
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return 0;
}

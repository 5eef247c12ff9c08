/* `show crypto pki certificates [NAME] [verbose]` and `show crypto pki
 * trustpoints [NAME] [status]`, every field taken from the real
 * certificates, status judged by the router clock (ios-reference.md §3.7,
 * §3.8). */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "exec.h"
#include "confdb.h"
#include "pki_cmd.h"
#include "xmalloc.h"

#define OID_HOSTNAME	"1.2.840.113549.1.9.2"
#define OID_IPADDRESS	"1.2.840.113549.1.9.8"
#define OID_SERIAL	"2.5.4.5"
#define OID_CN		"2.5.4.3"

static const char *
show_usage(gnutls_x509_crt_t crt, int is_ca)
{
	unsigned int	 ku = 0, crit;
	int		 sig, enc;

	if (is_ca)
		return "Signature";
	if (gnutls_x509_crt_get_key_usage(crt, &ku, &crit) < 0)
		return "General Purpose";
	sig = (ku & GNUTLS_KEY_DIGITAL_SIGNATURE) != 0;
	enc = (ku & (GNUTLS_KEY_KEY_ENCIPHERMENT |
	    GNUTLS_KEY_DATA_ENCIPHERMENT)) != 0;
	if (sig && !enc)
		return "Signature";
	if (enc && !sig)
		return "Encryption";
	return "General Purpose";
}

static void
show_name(struct sbuf *sb, gnutls_x509_crt_t crt, int subject)
{
	gnutls_x509_dn_t	 dn;
	int			 ret;

	ret = subject ? gnutls_x509_crt_get_subject(crt, &dn) :
	    gnutls_x509_crt_get_issuer(crt, &dn);
	if (ret == 0)
		dn_ios_lines(dn, "    ", sb);
	else
		sbuf_puts(sb, "    \n");
}

static void
show_subject_parts(struct sbuf *sb, gnutls_x509_crt_t crt)
{
	static const struct {
		const char	*oid;
		const char	*label;
	} parts[] = {
		{ OID_HOSTNAME, "Name" },
		{ OID_IPADDRESS, "IP Address" },
		{ OID_SERIAL, "Serial Number" },
	};
	size_t	 i;
	char	*v;

	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if ((v = dn_attr(crt, parts[i].oid)) == NULL && i == 0)
			v = dn_attr(crt, OID_CN);
		if (v != NULL)
			sbuf_printf(sb, "    %s: %s\n", parts[i].label, v);
		free(v);
	}
}

static void
show_key_usage_bits(struct sbuf *sb, unsigned int ku)
{
	static const struct {
		unsigned int	 bit;
		const char	*name;
	} names[] = {
		{ GNUTLS_KEY_DIGITAL_SIGNATURE, "Digital Signature" },
		{ GNUTLS_KEY_NON_REPUDIATION, "Non Repudiation" },
		{ GNUTLS_KEY_KEY_ENCIPHERMENT, "Key Encipherment" },
		{ GNUTLS_KEY_DATA_ENCIPHERMENT, "Data Encipherment" },
		{ GNUTLS_KEY_KEY_AGREEMENT, "Key Agreement" },
		{ GNUTLS_KEY_KEY_CERT_SIGN, "Key Cert Sign" },
		{ GNUTLS_KEY_CRL_SIGN, "CRL Signature" },
	};
	size_t	 i;

	/* IOS prints the BIT STRING's first byte, left aligned in 32 bits. */
	sbuf_printf(sb, "    X509v3 Key Usage: %02X000000\n", ku & 0xff);
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (ku & names[i].bit)
			sbuf_printf(sb, "      %s\n", names[i].name);
	}
}

static void
show_key_id(struct sbuf *sb, const char *title, const unsigned char *id,
    size_t n)
{
	sbuf_printf(sb, "    %s: ", title);
	hex_groups(id, n, sb);
	sbuf_putc(sb, '\n');
}

static void
show_extensions(struct sbuf *sb, gnutls_x509_crt_t crt)
{
	unsigned char	 id[64];
	size_t		 n;
	unsigned int	 ku, crit, ca;
	int		 pathlen;

	sbuf_puts(sb, "  X509v3 extensions:\n");
	if (gnutls_x509_crt_get_key_usage(crt, &ku, &crit) >= 0)
		show_key_usage_bits(sb, ku);
	n = sizeof id;
	if (gnutls_x509_crt_get_subject_key_id(crt, id, &n, &crit) >= 0)
		show_key_id(sb, "X509v3 Subject Key ID", id, n);
	if (gnutls_x509_crt_get_basic_constraints(crt, &crit, &ca,
	    &pathlen) >= 0 && ca)
		sbuf_puts(sb, "    X509v3 Basic Constraints:\n"
		    "        CA: TRUE\n");
	n = sizeof id;
	if (gnutls_x509_crt_get_authority_key_id(crt, id, &n, &crit) >= 0)
		show_key_id(sb, "X509v3 Authority Key ID", id, n);
	sbuf_puts(sb, "    Authority Info Access:\n");
}

static void
show_verbose(struct sbuf *sb, gnutls_x509_crt_t crt)
{
	unsigned int	 bits = 0;
	int		 sa;
	const char	*san;

	gnutls_x509_crt_get_pk_algorithm(crt, &bits);
	sbuf_printf(sb, "  Subject Key Info:\n    Public Key Algorithm: "
	    "rsaEncryption\n    RSA Public Key: (%u bit)\n", bits);
	sa = gnutls_x509_crt_get_signature_algorithm(crt);
	san = sa == GNUTLS_SIGN_RSA_MD5 ? "MD5 with RSA Encryption" :
	    sa == GNUTLS_SIGN_RSA_SHA1 ? "SHA1 with RSA Encryption" :
	    sa == GNUTLS_SIGN_RSA_SHA256 ? "SHA256 with RSA Encryption" :
	    sa == GNUTLS_SIGN_RSA_SHA384 ? "SHA384 with RSA Encryption" :
	    sa == GNUTLS_SIGN_RSA_SHA512 ? "SHA512 with RSA Encryption" :
	    gnutls_sign_get_name(sa);
	sbuf_printf(sb, "  Signature Algorithm: %s\n", san != NULL ? san :
	    "unknown");
	fingerprint_lines(crt, "  Fingerprint MD5: ", "  Fingerprint SHA1: ",
	    sb);
	show_extensions(sb, crt);
}

/* "  CRL Distribution Points: " and each URI, when the certificate has
 * them (as on the 2811 capture of ios-reference.md §3.7). */
static void
show_cdp(struct sbuf *sb, gnutls_x509_crt_t crt)
{
	char		 buf[512];
	size_t		 n;
	unsigned int	 i, reasons, crit;
	int		 ret, first = 1;

	for (i = 0; i < 8; i++) {
		n = sizeof buf;
		ret = gnutls_x509_crt_get_crl_dist_points(crt, i, buf, &n,
		    &reasons, &crit);
		if (ret < 0)
			break;
		if (ret != GNUTLS_SAN_URI)
			continue;
		if (first)
			sbuf_puts(sb, "  CRL Distribution Points: \n");
		first = 0;
		sbuf_printf(sb, "    %.*s\n", (int)n, buf);
	}
}

static const char *
show_status(gnutls_x509_crt_t crt)
{
	time_t	 now = router_clock_now();

	if (now > gnutls_x509_crt_get_expiration_time(crt))
		return "Expired";
	if (now < gnutls_x509_crt_get_activation_time(crt))
		return "Not yet valid";
	return "Available";
}

/* Every trustpoint whose chain holds this same certificate. */
static void
show_associated(struct sbuf *sb, const struct pki_cert *pc)
{
	struct confnode	*chain, *n;
	struct pki_cert	*o;

	sbuf_puts(sb, "  Associated Trustpoints: ");
	for (chain = confdb_first(NULL); chain != NULL;
	    chain = confdb_next(chain)) {
		if (confdb_word(chain, 3) == NULL ||
		    strcmp(confdb_word(chain, 3), "chain") != 0)
			continue;
		for (n = confdb_first(chain); n != NULL; n = confdb_next(n)) {
			if ((o = chain_cert(n)) != NULL && o->len == pc->len &&
			    memcmp(o->der, pc->der, pc->len) == 0) {
				sbuf_printf(sb, "%s ", confdb_word(chain, 4));
				break;
			}
		}
	}
	sbuf_putc(sb, '\n');
}

static void
show_cert_block(struct sbuf *sb, const struct pki_cert *pc,
    gnutls_x509_crt_t crt, int verbose, const char *key_label)
{
	int	 is_ca = pc->kind == CERT_CA;
	char	*serial = cert_serial_hex(crt);

	sbuf_printf(sb, "%s\n  Status: %s\n", is_ca ? "CA Certificate" :
	    pc->kind == CERT_SELF_SIGNED ? "Router Self-Signed Certificate" :
	    "Certificate", show_status(crt));
	if (verbose)
		sbuf_printf(sb, "  Version: %d\n",
		    gnutls_x509_crt_get_version(crt));
	sbuf_printf(sb, "  Certificate Serial Number (hex): %s\n"
	    "  Certificate Usage: %s\n  Issuer: \n", serial,
	    show_usage(crt, is_ca));
	free(serial);
	show_name(sb, crt, 0);
	sbuf_puts(sb, is_ca ? "  Subject: \n" : "  Subject:\n");
	if (!is_ca)
		show_subject_parts(sb, crt);
	show_name(sb, crt, 1);
	show_cdp(sb, crt);
	sbuf_puts(sb, "  Validity Date: \n    start date: ");
	ios_time(gnutls_x509_crt_get_activation_time(crt), sb);
	sbuf_puts(sb, "\n    end   date: ");
	ios_time(gnutls_x509_crt_get_expiration_time(crt), sb);
	sbuf_putc(sb, '\n');
	if (verbose) {
		show_verbose(sb, crt);
		sbuf_puts(sb, "  Cert install time: ");
		ios_time(pc->installed, sb);
		sbuf_puts(sb, " \n");
	}
	show_associated(sb, pc);
	if (verbose && !is_ca && key_label != NULL)
		sbuf_printf(sb, "  Key Label: %s\n", key_label);
	sbuf_putc(sb, '\n');
}

static void
show_pending(struct sbuf *sb, const char *tp)
{
	const struct pki_pending	*p = pending_find(tp);

	if (p == NULL)
		return;
	sbuf_printf(sb, "Certificate\n  Subject:\n    Name: %s\n"
	    "   Status: Pending\n   Key Usage: General Purpose\n"
	    "   Certificate Request Fingerprint MD5: ", p->name);
	hex_groups(p->md5, sizeof p->md5, sb);
	sbuf_puts(sb, "\n   Certificate Request Fingerprint SHA1: ");
	hex_groups(p->sha1, sizeof p->sha1, sb);
	sbuf_printf(sb, "\n   Associated Trustpoint: %s \n\n", tp);
}

/* Is n `crypto pki trustpoint NAME` (what == "trustpoint") or `crypto
 * pki certificate chain NAME` (what == "chain")? */
int
show_node_is(const struct confnode *n, const char *what, const char **name)
{
	const char	*w1 = confdb_word(n, 1), *w2 = confdb_word(n, 2);

	if (n->parent != NULL || w1 == NULL || w2 == NULL ||
	    strcmp(confdb_word(n, 0), "crypto") != 0 || strcmp(w1, "pki") != 0)
		return 0;
	if (strcmp(what, "trustpoint") == 0 && strcmp(w2, "trustpoint") == 0) {
		*name = confdb_word(n, 3);
		return *name != NULL;
	}
	if (strcmp(what, "chain") == 0 && strcmp(w2, "certificate") == 0 &&
	    confdb_word(n, 3) != NULL && strcmp(confdb_word(n, 3), "chain") == 0) {
		*name = confdb_word(n, 4);
		return *name != NULL;
	}
	return 0;
}

/* Certificates already shown (a CA shared by trustpoints shows once). */
struct show_seen {
	const struct pki_cert	*pc[64];
	int			 n;
};

static int
show_seen_add(struct show_seen *seen, const struct pki_cert *pc)
{
	int	 i;

	for (i = 0; i < seen->n; i++) {
		if (seen->pc[i]->len == pc->len &&
		    memcmp(seen->pc[i]->der, pc->der, pc->len) == 0)
			return 0;
	}
	if (seen->n < 64)
		seen->pc[seen->n++] = pc;
	return 1;
}

static void
show_chain(struct sbuf *sb, struct confnode *chain, int verbose,
    struct show_seen *seen)
{
	const char		*tp = confdb_word(chain, 4);
	struct confnode		*n;
	struct pki_cert		*pc;
	gnutls_x509_crt_t	 crt;
	gnutls_datum_t		 d;
	struct tp_conf		 c;
	char			*label = NULL;

	if (tp_conf_read(tp, &c) == 0)
		label = tp_key_label(&c);
	for (n = confdb_first(chain); n != NULL; n = confdb_next(n)) {
		if ((pc = chain_cert(n)) == NULL || !show_seen_add(seen, pc))
			continue;
		if (gnutls_x509_crt_init(&crt) < 0)
			continue;
		d.data = pc->der;
		d.size = pc->len;
		if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) == 0)
			show_cert_block(sb, pc, crt, verbose, label);
		gnutls_x509_crt_deinit(crt);
	}
	free(label);
}

int
pki_show_certificates(struct cmd_ctx *ctx)
{
	const char		*tp = gmatch_str(ctx->match, "$tp");
	int			 verbose = gmatch_has(ctx->match, "verbose");
	struct show_seen	 seen = { { NULL }, 0 };
	struct confnode		*n;
	const char		*name;
	struct sbuf		 sb;

	sbuf_init(&sb);
	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n)) {
		if (!show_node_is(n, "chain", &name) ||
		    (tp != NULL && strcmp(tp, name) != 0))
			continue;
		show_chain(&sb, n, verbose, &seen);
	}
	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n)) {
		if (!show_node_is(n, "trustpoint", &name) ||
		    (tp != NULL && strcmp(tp, name) != 0) ||
		    pending_find(name) == NULL)
			continue;
		if (sb.len > 0)
			sbuf_putc(&sb, '\n');
		show_pending(&sb, name);
	}
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return 0;
}

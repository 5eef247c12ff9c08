/* `crypto pki enroll NAME` for terminal enrollment: the IOS questions
 * (serial number, IP address), a PKCS#10 request signed by the trustpoint's
 * key (generated per `rsakeypair` when missing), printed in base64 or PEM,
 * and the request kept as Pending for `show crypto pki certificates`. */
#include <arpa/inet.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "cmd.h"
#include "confdb.h"
#include "modes.h"
#include "pki_cmd.h"
#include "router_id.h"
#include "xmalloc.h"

#define PENDING_MAX	16

static struct pki_pending	 pending[PENDING_MAX];

const struct pki_pending *
pending_find(const char *tp)
{
	int	 i;

	for (i = 0; i < PENDING_MAX; i++) {
		if (pending[i].tp != NULL && strcmp(pending[i].tp, tp) == 0)
			return &pending[i];
	}
	return NULL;
}

void
pending_clear(const char *tp)
{
	struct pki_pending	*p = (struct pki_pending *)pending_find(tp);

	if (p == NULL)
		return;
	free(p->tp);
	free(p->name);
	memset(p, 0, sizeof *p);
}

static void
pending_set(const char *tp, const char *name, const gnutls_datum_t *der)
{
	struct pki_pending	*p;
	size_t			 n;
	int			 i;

	pending_clear(tp);
	for (i = 0; i < PENDING_MAX - 1 && pending[i].tp != NULL; i++)
		;
	p = &pending[i];
	free(p->tp);
	free(p->name);
	p->tp = xstrdup(tp);
	p->name = xstrdup(name);
	n = sizeof p->md5;
	gnutls_fingerprint(GNUTLS_DIG_MD5, der, p->md5, &n);
	n = sizeof p->sha1;
	gnutls_fingerprint(GNUTLS_DIG_SHA1, der, p->sha1, &n);
}

/* An interface's `ip address`, from the configuration. */
static const char *
enroll_interface_ip(const char *ifname)
{
	struct confnode	*n, *c;
	const char	*w;

	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n)) {
		if ((w = node_word(n, 0)) == NULL ||
		    strcmp(w, "interface") != 0 || node_word(n, 1) == NULL ||
		    strcasecmp(node_word(n, 1), ifname) != 0)
			continue;
		for (c = confdb_first(n); c != NULL; c = confdb_next(c)) {
			if (node_word(c, 1) != NULL &&
			    strcmp(node_word(c, 0), "ip") == 0 &&
			    strcmp(node_word(c, 1), "address") == 0 &&
			    c->match.negate == GNEG_NONE)
				return node_word(c, 2);
		}
	}
	return NULL;
}

/* A dotted address as is, an interface name as its address. */
static char *
enroll_resolve_ip(const char *s)
{
	struct in_addr	 a;
	const char	*ip;

	while (isspace((unsigned char)*s))
		s++;
	if (inet_pton(AF_INET, s, &a) == 1)
		return xstrdup(s);
	if ((ip = enroll_interface_ip(s)) != NULL)
		return xstrdup(ip);
	return NULL;
}

static int
enroll_yes(const char *a)
{
	while (a != NULL && isspace((unsigned char)*a))
		a++;
	return a != NULL && *a != '\0' && strncasecmp(a, "yes", strlen(a)) == 0;
}

/* "% Include an IP address in the subject name? [no]: "; -1 on EOF. */
static int
enroll_ask_ip(struct term *t, char **ip)
{
	char	*a;
	int	 i, yes;

	*ip = NULL;
	if ((a = term_ask(t, "% Include an IP address in the subject name? "
	    "[no]: ", 1)) == NULL)
		return -1;
	yes = enroll_yes(a);
	free(a);
	if (!yes)
		return 0;
	for (i = 0; i < 3; i++) {
		if ((a = term_ask(t, "Enter Interface name or IP Address[]: ",
		    1)) == NULL)
			return -1;
		*ip = enroll_resolve_ip(a);
		free(a);
		if (*ip != NULL)
			return 0;
		term_puts(t, "% Bad interface or address. Try again.\n");
	}
	return -1;
}

static char *
enroll_fqdn(void)
{
	return tp_has_domain() ? tp_default_key_label() :
	    xstrdup(router_hostname());
}

/* The questions and echo lines before the request is built. */
static int
enroll_questions(struct term *t, const struct tp_conf *c,
    struct csr_params *p, char **name, char **ip)
{
	int	 r;

	if (!c->selfsigned)
		term_puts(t, "% Start certificate enrollment .. \n\n");
	if (c->subject != NULL)
		term_printf(t, "%% The subject name in the certificate will "
		    "include: %s\n", c->subject);
	if (c->fqdn != NULL && strcmp(c->fqdn, "none") == 0)
		term_puts(t, "% The fully-qualified domain name will not be "
		    "included in the certificate\n");
	else {
		*name = c->fqdn != NULL ? xstrdup(c->fqdn) : enroll_fqdn();
		p->unstructured_name = *name;
		term_printf(t, "%% The subject name in the certificate will "
		    "include: %s\n", *name);
	}
	r = c->serial;
	if (r < 0 && (r = term_ask_yesno(t, "% Include the router serial "
	    "number in the subject name? [yes/no]: ")) < 0)
		return -1;
	if (r == 1) {
		p->serial = router_serial_number();
		term_printf(t, "%% The serial number in the certificate will "
		    "be: %s\n", p->serial);
	}
	if (c->ip == NULL) {
		if (enroll_ask_ip(t, ip) != 0)
			return -1;
	} else if (strcmp(c->ip, "none") != 0 &&
	    (*ip = enroll_resolve_ip(c->ip)) == NULL) {
		term_printf(t, "%% Interface %s has no IP address\n", c->ip);
		return -1;
	}
	p->ip = *ip;
	return 0;
}

static void
enroll_display(struct term *t, const struct tp_conf *c,
    const gnutls_datum_t *der)
{
	struct sbuf	 sb;
	int		 i;

	if (term_ask_yesno(t, "Display Certificate Request to terminal? "
	    "[yes/no]: ") != 1)
		return;
	for (i = 0; i < 8; i++) {
		sbuf_init(&sb);
		sbuf_puts(&sb, "Certificate Request follows:\n\n");
		pem_encode(c->pem ? "CERTIFICATE REQUEST" : NULL, der->data,
		    der->size, &sb);
		sbuf_puts(&sb, "\n---End - This line not part of the "
		    "certificate request---\n\n");
		term_write(t, sbuf_str(&sb), sb.len);
		sbuf_free(&sb);
		if (term_ask_yesno(t, "Redisplay enrollment request? "
		    "[yes/no]: ") != 1)
			return;
	}
}

/* The trustpoint's key, generated as `rsakeypair` says when missing. */
static struct pki_key *
enroll_key(struct term *t, const struct tp_conf *c)
{
	struct pki_key	*k;
	char		*label;

	if ((k = tp_key(c)) != NULL)
		return k;
	label = tp_key_label(c);
	if (pki_key_make(t, label, c->key_size > 0 ? (unsigned)c->key_size :
	    1024, 0, 0) == 0)
		k = keystore_find(label);
	free(label);
	return k;
}

/* A self-signed router certificate from the request's subject and key,
 * usable as its own trust anchor (CA:TRUE), valid ten years. */
static int
enroll_selfsigned_make(const char *tpname, struct pki_key *k,
    const gnutls_datum_t *csr, char **err)
{
	gnutls_x509_crq_t	 crq = NULL;
	gnutls_x509_crt_t	 crt = NULL;
	gnutls_datum_t		 der = { NULL, 0 };
	unsigned char		 serial = 1;
	time_t			 now = router_clock_now();
	int			 ret = -1;

	if (gnutls_x509_crq_init(&crq) < 0 || gnutls_x509_crt_init(&crt) < 0 ||
	    gnutls_x509_crq_import(crq, csr, GNUTLS_X509_FMT_DER) < 0 ||
	    gnutls_x509_crt_set_crq(crt, crq) < 0 ||
	    gnutls_x509_crt_set_version(crt, 3) < 0 ||
	    gnutls_x509_crt_set_serial(crt, &serial, 1) < 0 ||
	    gnutls_x509_crt_set_activation_time(crt, now) < 0 ||
	    gnutls_x509_crt_set_expiration_time(crt, now + 3650 * 86400L) < 0 ||
	    gnutls_x509_crt_set_basic_constraints(crt, 1, -1) < 0 ||
	    gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE |
	    GNUTLS_KEY_KEY_ENCIPHERMENT | GNUTLS_KEY_KEY_CERT_SIGN) < 0 ||
	    gnutls_x509_crt_sign2(crt, crt, k->sign, keystore_bits(k->sign) >=
	    512 ? GNUTLS_DIG_SHA256 : GNUTLS_DIG_SHA1, 0) < 0 ||
	    gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) < 0) {
		xasprintf(err, "%% Unable to create the self-signed "
		    "certificate");
		goto out;
	}
	ret = chain_store(tpname, CERT_SELF_SIGNED, der.data, der.size, err);
out:
	gnutls_free(der.data);
	if (crt != NULL)
		gnutls_x509_crt_deinit(crt);
	if (crq != NULL)
		gnutls_x509_crq_deinit(crq);
	return ret;
}

static int
enroll_selfsigned(struct term *t, const char *tpname, struct pki_key *k,
    const gnutls_datum_t *csr)
{
	char	*err = NULL;
	int	 r;

	if ((r = term_ask_yesno(t, "Generate Self Signed Router Certificate? "
	    "[yes/no]: ")) != 1)
		return r == 0 ? CMD_DONE : -1;
	if (enroll_selfsigned_make(tpname, k, csr, &err) != 0) {
		term_printf(t, "%s\n", err);
		free(err);
		return -1;
	}
	term_puts(t, "\nRouter Self Signed Certificate successfully "
	    "created\n");
	return CMD_DONE;
}

int
pki_enroll(struct cmd_ctx *ctx)
{
	struct term		*t = ctx->term;
	const char		*tpname = gmatch_str(ctx->match, "$name");
	struct tp_conf		 c;
	struct tp_certs		 tc;
	struct csr_params	 p;
	struct pki_key		*k;
	gnutls_datum_t		 der = { NULL, 0 };
	char			*name = NULL, *ip = NULL, *chal = NULL, *err = NULL;
	int			 ret = -1, ncas, enrolled;

	if (tp_terminal_check(t, tpname, &c) != 0)
		return -1;
	tp_certs_load(tpname, &tc);
	ncas = tc.ncas;
	enrolled = tc.router != NULL;
	tp_certs_free(&tc);
	if (ncas == 0 && !c.selfsigned) {
		term_puts(t, "% You must authenticate the Certificate Authority "
		    "before you can enroll with it.\n");
		return -1;
	}
	if (enrolled) {
		term_puts(t, "% You already have a certificate from the CA.\n");
		if (term_ask_yesno(t, "% Do you want to continue with "
		    "re-enrollment? [yes/no]: ") != 1)
			return CMD_DONE;
	}
	if ((k = enroll_key(t, &c)) == NULL)
		return -1;
	memset(&p, 0, sizeof p);
	p.subject = c.subject;
	if (enroll_questions(t, &c, &p, &name, &ip) != 0)
		goto out;
	if (c.selfsigned && p.subject == NULL)
		p.subject = "CN=IOS-Self-Signed-Certificate";
	if (c.password_enc != NULL)
		p.challenge = chal = type7_decode(c.password_enc);
	if (csr_build(k->sign, &p, &der, &err) != 0) {
		term_printf(t, "%s\n", err);
		free(err);
		goto out;
	}
	if (c.selfsigned)
		ret = enroll_selfsigned(t, tpname, k, &der);
	else {
		pending_set(tpname, name != NULL ? name : "", &der);
		enroll_display(t, &c, &der);
		ret = CMD_DONE;
	}
out:
	gnutls_free(der.data);
	free(name);
	free(ip);
	free(chal);
	return ret;
}

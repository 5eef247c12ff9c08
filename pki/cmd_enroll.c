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
#include "exec.h"
#include "confdb.h"
#include "log.h"
#include "pki_cmd.h"
#include "scep_client.h"
#include "router_id.h"
#include "type7.h"
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

void
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
		if ((w = confdb_word(n, 0)) == NULL ||
		    strcmp(w, "interface") != 0 || confdb_word(n, 1) == NULL ||
		    strcasecmp(confdb_word(n, 1), ifname) != 0)
			continue;
		for (c = confdb_first(n); c != NULL; c = confdb_next(c)) {
			if (confdb_word(c, 1) != NULL &&
			    strcmp(confdb_word(c, 0), "ip") == 0 &&
			    strcmp(confdb_word(c, 1), "address") == 0 &&
			    c->match.negate == GNEG_NONE)
				return confdb_word(c, 2);
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

static char *
enroll_fqdn(void)
{
	return tp_has_domain() ? tp_default_key_label() :
	    xstrdup(router_hostname(pki_router));
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

/*
 * `crypto pki enroll NAME` as a chain of continuations, one per IOS
 * question: re-enrollment, serial number, IP address (and its interface),
 * then either the self-signed certificate or the request and its display.
 * The trustpoint is read again after every answer: another session may
 * have changed or removed it meanwhile.
 */
struct enroll {
	char			*name;		/* unstructuredName */
	char			*ip;
	int			 serial;	/* 1: include it */
	int			 ip_tries;
	int			 redisplays;
	int			 pw_tries;
	char			*challenge;	/* typed for SCEP */
	gnutls_datum_t		 der;		/* the request */
};

static int
enroll_end(struct enroll *e, int ret)
{
	gnutls_free(e->der.data);
	free(e->name);
	free(e->ip);
	if (e->challenge != NULL) {
		memset(e->challenge, 0, strlen(e->challenge));
		free(e->challenge);
	}
	free(e);
	return ret;
}

static int
enroll_conf(struct cmd_ctx *ctx, struct tp_conf *c)
{
	const char	*name = gmatch_str(ctx->match, "$name");

	if (tp_conf_read(name, c) != 0) {
		term_printf(ctx->term, "%% Could not find trustpoint %s.\n",
		    name);
		return -1;
	}
	return 0;
}

static int	enroll_ip(struct cmd_ctx *, struct enroll *);
static int	enroll_request(struct cmd_ctx *, struct enroll *);

static int
enroll_redisplay(struct cmd_ctx *ctx, int yes, void *arg)
{
	struct enroll	*e = arg;
	struct tp_conf	 c;
	struct sbuf	 sb;

	if (yes != 1 || e->redisplays++ >= 8 || enroll_conf(ctx, &c) != 0)
		return enroll_end(e, CMD_DONE);
	sbuf_init(&sb);
	sbuf_puts(&sb, "Certificate Request follows:\n\n");
	pem_encode(c.pem ? "CERTIFICATE REQUEST" : NULL, e->der.data,
	    e->der.size, &sb);
	sbuf_puts(&sb, "\n---End - This line not part of the certificate "
	    "request---\n\n");
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return cmd_ask_yesno(ctx, "Redisplay enrollment request? [yes/no]: ",
	    enroll_redisplay, e);
}

static int
enroll_selfsigned_answer(struct cmd_ctx *ctx, int yes, void *arg)
{
	struct enroll	*e = arg;
	struct tp_conf	 c;
	struct pki_key	*k;
	char		*err = NULL;

	if (yes != 1)
		return enroll_end(e, yes == 0 ? CMD_DONE : -1);
	if (enroll_conf(ctx, &c) != 0 || (k = tp_key(&c)) == NULL)
		return enroll_end(e, -1);
	if (enroll_selfsigned_make(c.name, k, &e->der, &err) != 0) {
		term_printf(ctx->term, "%s\n", err);
		free(err);
		return enroll_end(e, -1);
	}
	term_puts(ctx->term, "\nRouter Self Signed Certificate successfully "
	    "created\n");
	return enroll_end(e, CMD_DONE);
}

static int
enroll_ip_interface(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	struct enroll	*e = arg;

	if (answer == NULL)
		return enroll_end(e, -1);
	if ((e->ip = enroll_resolve_ip(answer)) != NULL)
		return enroll_request(ctx, e);
	term_puts(ctx->term, "% Bad interface or address. Try again.\n");
	if (++e->ip_tries >= 3)
		return enroll_end(e, -1);
	return cmd_ask(ctx, "Enter Interface name or IP Address[]: ", 1,
	    enroll_ip_interface, e);
}

static int
enroll_ip_answer(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	struct enroll	*e = arg;

	if (answer == NULL)
		return enroll_end(e, -1);
	if (!enroll_yes(answer))
		return enroll_request(ctx, e);
	return cmd_ask(ctx, "Enter Interface name or IP Address[]: ", 1,
	    enroll_ip_interface, e);
}

static int
enroll_serial_answer(struct cmd_ctx *ctx, int yes, void *arg)
{
	struct enroll	*e = arg;

	if (yes < 0)
		return enroll_end(e, -1);
	e->serial = yes;
	return enroll_ip(ctx, e);
}

/* "% The serial number ..." and the IP address question. */
static int
enroll_ip(struct cmd_ctx *ctx, struct enroll *e)
{
	struct tp_conf	 c;

	if (enroll_conf(ctx, &c) != 0)
		return enroll_end(e, -1);
	if (e->serial == 1)
		term_printf(ctx->term, "%% The serial number in the certificate "
		    "will be: %s\n", router_serial_number());
	if (c.ip == NULL)
		return cmd_ask(ctx, "% Include an IP address in the subject "
		    "name? [no]: ", 1, enroll_ip_answer, e);
	if (strcmp(c.ip, "none") != 0 &&
	    (e->ip = enroll_resolve_ip(c.ip)) == NULL) {
		term_printf(ctx->term, "%% Interface %s has no IP address\n",
		    c.ip);
		return enroll_end(e, -1);
	}
	return enroll_request(ctx, e);
}

/* The echo lines, then the serial number question. */
static int
enroll_subject(struct cmd_ctx *ctx, struct enroll *e)
{
	struct term	*t = ctx->term;
	struct tp_conf	 c;

	if (enroll_conf(ctx, &c) != 0)
		return enroll_end(e, -1);
	if (!c.selfsigned && c.url == NULL)
		term_puts(t, "% Start certificate enrollment .. \n\n");
	if (c.subject != NULL)
		term_printf(t, "%% The subject name in the certificate will "
		    "include: %s\n", c.subject);
	if (c.fqdn != NULL && strcmp(c.fqdn, "none") == 0)
		term_puts(t, "% The fully-qualified domain name will not be "
		    "included in the certificate\n");
	else {
		e->name = c.fqdn != NULL ? xstrdup(c.fqdn) : enroll_fqdn();
		term_printf(t, "%% The subject name in the certificate will "
		    "include: %s\n", e->name);
	}
	if (c.serial < 0)
		return cmd_ask_yesno(ctx, "% Include the router serial number "
		    "in the subject name? [yes/no]: ", enroll_serial_answer, e);
	e->serial = c.serial;
	return enroll_ip(ctx, e);
}

/* SCEP: the request goes to the CA on the loop; its fingerprints are
 * console messages, as 12.4 prints them (two blanks after CRYPTO_PKI:). */
static int
enroll_send_answer(struct cmd_ctx *ctx, int yes, void *arg)
{
	struct enroll	*e = arg;
	struct tp_conf	 c;
	struct sbuf	 md5, sha1;
	char		*err = NULL;

	if (yes != 1)
		return enroll_end(e, yes == 0 ? CMD_DONE : -1);
	if (enroll_conf(ctx, &c) != 0 || c.url == NULL)
		return enroll_end(e, -1);
	if (scep_enroll_start(c.name, &e->der, &err) != 0) {
		term_printf(ctx->term, "%s\n", err);
		free(err);
		return enroll_end(e, -1);
	}
	pending_set(c.name, e->name != NULL ? e->name : "", &e->der);
	term_printf(ctx->term, "%% Certificate request sent to Certificate "
	    "Authority\n%% The 'show crypto pki certificate verbose %s' "
	    "commandwill show the fingerprint.\n\n", c.name);
	sbuf_init(&md5);
	sbuf_init(&sha1);
	hex_groups(pending_find(c.name)->md5, 16, &md5);
	hex_groups(pending_find(c.name)->sha1, 20, &sha1);
	log_msg("CRYPTO_PKI:  Certificate Request Fingerprint MD5: %s",
	    sbuf_str(&md5));
	log_msg("CRYPTO_PKI:  Certificate Request Fingerprint SHA1: %s",
	    sbuf_str(&sha1));
	sbuf_free(&md5);
	sbuf_free(&sha1);
	return enroll_end(e, CMD_DONE);
}

/* Every answer is in: the request is built and shown or self-signed. */
static int
enroll_request(struct cmd_ctx *ctx, struct enroll *e)
{
	struct csr_params	 p;
	struct tp_conf		 c;
	struct pki_key		*k;
	char			*chal = NULL, *err = NULL;
	int			 rc;

	if (enroll_conf(ctx, &c) != 0 || (k = tp_key(&c)) == NULL)
		return enroll_end(e, -1);
	memset(&p, 0, sizeof p);
	p.subject = c.subject;
	if (c.selfsigned && p.subject == NULL)
		p.subject = "CN=IOS-Self-Signed-Certificate";
	p.unstructured_name = e->name;
	p.serial = e->serial == 1 ? router_serial_number() : NULL;
	p.ip = e->ip;
	if (c.password_enc != NULL)
		p.challenge = chal = password7_decode(c.password_enc);
	else if (c.url != NULL)
		p.challenge = e->challenge;
	rc = csr_build(k->sign, &p, &e->der, &err);
	free(chal);
	if (rc != 0) {
		term_printf(ctx->term, "%s\n", err);
		free(err);
		return enroll_end(e, -1);
	}
	if (c.selfsigned)
		return cmd_ask_yesno(ctx, "Generate Self Signed Router "
		    "Certificate? [yes/no]: ", enroll_selfsigned_answer, e);
	if (c.url != NULL)
		return cmd_ask_yesno(ctx, "Request certificate from CA? "
		    "[yes/no]: ", enroll_send_answer, e);
	pending_set(c.name, e->name != NULL ? e->name : "", &e->der);
	e->redisplays = 0;
	return cmd_ask_yesno(ctx, "Display Certificate Request to terminal? "
	    "[yes/no]: ", enroll_redisplay, e);
}

static int	enroll_challenge_ask(struct cmd_ctx *, struct enroll *);

/* The mismatch text is inferred: no capture of it was found. */
static int
enroll_challenge_again(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	struct enroll	*e = arg;

	if (answer == NULL)
		return enroll_end(e, -1);
	if (strcmp(answer, e->challenge) == 0) {
		term_puts(ctx->term, "\n");
		return enroll_subject(ctx, e);
	}
	term_puts(ctx->term, "% Passwords do not match.\n");
	if (++e->pw_tries >= 3)
		return enroll_end(e, -1);
	return enroll_challenge_ask(ctx, e);
}

static int
enroll_challenge(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	struct enroll	*e = arg;

	if (answer == NULL)
		return enroll_end(e, -1);
	free(e->challenge);
	e->challenge = xstrdup(answer);
	return cmd_ask(ctx, "Re-enter password: ", 0, enroll_challenge_again,
	    e);
}

static int
enroll_challenge_ask(struct cmd_ctx *ctx, struct enroll *e)
{
	return cmd_ask(ctx, "Password: ", 0, enroll_challenge, e);
}

/* The key exists (generated now if `rsakeypair` names a missing one).
 * SCEP asks for the challenge password first (ios-reference §4.7a). */
static int
enroll_start(struct cmd_ctx *ctx, struct enroll *e)
{
	struct tp_conf	 c;

	if (enroll_conf(ctx, &c) != 0 || enroll_key(ctx->term, &c) == NULL)
		return enroll_end(e, -1);
	if (c.url == NULL)
		return enroll_subject(ctx, e);
	term_puts(ctx->term, "%\n% Start certificate enrollment .. \n");
	if (c.password_enc != NULL) {
		term_puts(ctx->term, "\n");
		return enroll_subject(ctx, e);
	}
	term_puts(ctx->term, "% Create a challenge password. You will need "
	    "to verbally provide this\n   password to the CA Administrator "
	    "in order to revoke your certificate.\n   For security reasons "
	    "your password will not be saved in the configuration.\n"
	    "   Please make a note of it.\n\n");
	return enroll_challenge_ask(ctx, e);
}

static int
enroll_reenroll_answer(struct cmd_ctx *ctx, int yes, void *arg)
{
	if (yes != 1)
		return enroll_end(arg, CMD_DONE);
	return enroll_start(ctx, arg);
}

int
pki_enroll(struct cmd_ctx *ctx)
{
	struct term		*t = ctx->term;
	const char		*tpname = gmatch_str(ctx->match, "$name");
	struct tp_conf		 c;
	struct tp_certs		 tc;
	struct enroll		*e;
	int			 ncas, enrolled;

	if (tp_conf_read(tpname, &c) != 0) {
		term_printf(t, "%% Could not find trustpoint %s.\n", tpname);
		return -1;
	}
	tp_certs_load(tpname, &tc);
	ncas = tc.ncas;
	enrolled = tc.router != NULL;
	tp_certs_free(&tc);
	if (ncas == 0 && !c.selfsigned) {
		term_puts(t, "% You must authenticate the Certificate Authority "
		    "before you can enroll with it.\n");
		return -1;
	}
	e = xcalloc(1, sizeof *e);
	if (enrolled) {
		term_puts(t, "% You already have a certificate from the CA.\n");
		return cmd_ask_yesno(ctx, "% Do you want to continue with "
		    "re-enrollment? [yes/no]: ", enroll_reenroll_answer, e);
	}
	return enroll_start(ctx, e);
}

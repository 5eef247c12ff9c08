/* The trustpoint as the rest of pki/ sees it: its sub-commands read from
 * the configuration database (`crypto pki trustpoint NAME` and children)
 * and its certificates read from its chain (`crypto pki certificate chain
 * NAME`, whose `certificate` nodes carry the DER in node->priv). */
#include <stdlib.h>
#include <string.h>

#include "confdb.h"
#include "exec.h"
#include "pki_int.h"
#include "pki_cmd.h"
#include "pki_tp.h"
#include "xmalloc.h"

/* The top-level node "crypto pki WHAT NAME", or NULL. */
static struct confnode *
tp_find(const char *what, const char *name)
{
	char		*key;
	struct confnode	*n;

	xasprintf(&key, "crypto pki %s %s", what, name);
	n = confdb_find(NULL, key);
	free(key);
	return n;
}

struct confnode *
tp_node(const char *name)
{
	return tp_find("trustpoint", name);
}

struct confnode *
tp_chain_node(const char *name)
{
	return tp_find("certificate chain", name);
}


static int
node_is(const struct confnode *n, const char *w0, const char *w1)
{
	const char	*a = confdb_word(n, 0), *b = confdb_word(n, 1);

	if (a == NULL || strcmp(a, w0) != 0)
		return 0;
	return w1 == NULL || (b != NULL && strcmp(b, w1) == 0);
}

static void
tp_conf_revocation(struct tp_conf *c, const struct confnode *n)
{
	const char	*w;
	int		 i;

	for (i = 1; i < n->match.nvals && c->rev.nmethods < 3; i++) {
		w = confdb_word(n, i);
		if (strcmp(w, "crl") == 0)
			c->rev.methods[c->rev.nmethods++] = REV_CRL;
		else if (strcmp(w, "none") == 0)
			c->rev.methods[c->rev.nmethods++] = REV_NONE;
		else if (strcmp(w, "ocsp") == 0)
			c->rev.methods[c->rev.nmethods++] = REV_OCSP;
	}
}

static void
tp_conf_child(struct tp_conf *c, const struct confnode *n)
{
	const char	*w1 = confdb_word(n, 1);

	if (n->match.negate != GNEG_NONE)
		return;
	if (node_is(n, "enrollment", "url"))
		c->url = confdb_word(n, 2);
	else if (node_is(n, "enrollment", "terminal")) {
		c->terminal = 1;
		c->pem = confdb_word(n, 2) != NULL;
	} else if (node_is(n, "enrollment", "selfsigned"))
		c->selfsigned = 1;
	else if (node_is(n, "serial-number", NULL))
		c->serial = w1 != NULL && strcmp(w1, "none") == 0 ? 0 : 1;
	else if (node_is(n, "ip-address", NULL))
		c->ip = w1;
	else if (node_is(n, "subject-name", NULL))
		c->subject = w1;
	else if (node_is(n, "fqdn", NULL))
		c->fqdn = w1;
	else if (node_is(n, "password", NULL))
		c->password_enc = confdb_word(n, n->match.nvals - 1);
	else if (node_is(n, "revocation-check", NULL))
		tp_conf_revocation(c, n);
	else if (node_is(n, "ocsp", "url"))
		c->rev.ocsp_url = confdb_word(n, 2);
	else if (node_is(n, "crl", "optional"))
		c->rev.crl_optional = 1;
	else if (node_is(n, "enrollment", "retry") && n->match.nvals > 3) {
		if (strcmp(confdb_word(n, 2), "period") == 0)
			c->retry_period = atoi(confdb_word(n, 3));
		else
			c->retry_count = atoi(confdb_word(n, 3));
	} else if (node_is(n, "enrollment", "mode"))
		c->mode_ra = 1;
	else if (node_is(n, "auto-enroll", NULL)) {
		c->auto_enroll = n->match.nvals > 1 &&
		    strcmp(confdb_word(n, 1), "regenerate") != 0 ?
		    atoi(confdb_word(n, 1)) : 80;
		c->auto_regenerate = strcmp(confdb_word(n, n->match.nvals - 1),
		    "regenerate") == 0;
	}
	else if (node_is(n, "rsakeypair", NULL)) {
		c->rsakeypair = w1;
		if (n->match.nvals > 2)
			c->key_size = atoi(confdb_word(n, 2));
	}
}

int
tp_conf_read(const char *name, struct tp_conf *c)
{
	struct confnode	*tp, *n;

	memset(c, 0, sizeof *c);
	c->serial = -1;
	if ((tp = tp_node(name)) == NULL)
		return -1;
	c->name = name;
	for (n = confdb_first(tp); n != NULL; n = confdb_next(n))
		tp_conf_child(c, n);
	return 0;
}

/* `ip domain name` or `ip domain-name`, whichever the configuration has. */
static const char *
tp_domain_name(void)
{
	struct confnode	*n;

	if ((n = confdb_find(NULL, "ip domain name")) != NULL ||
	    (n = confdb_find(NULL, "ip domain-name")) != NULL)
		return confdb_word(n, n->match.nvals - 1);
	return NULL;
}

int
tp_has_domain(void)
{
	return tp_domain_name() != NULL;
}

/* IOS names a key after hostname.domain when no label is given. */
char *
tp_default_key_label(void)
{
	const char	*domain = tp_domain_name();
	char		*s;

	if (domain == NULL)
		return xstrdup(router_hostname(pki_router));
	xasprintf(&s, "%s.%s", router_hostname(pki_router), domain);
	return s;
}

char *
tp_key_label(const struct tp_conf *c)
{
	if (c->rsakeypair != NULL)
		return xstrdup(c->rsakeypair);
	return tp_default_key_label();
}

struct pki_cert *
chain_cert(const struct confnode *n)
{
	struct pki_cert	*pc = n->priv;

	if (pc == NULL || pc->der == NULL || !node_is(n, "certificate", NULL))
		return NULL;
	return pc;
}

static gnutls_x509_crt_t
tp_crt_import(const struct pki_cert *pc)
{
	gnutls_x509_crt_t	 crt;
	gnutls_datum_t		 d;

	if (gnutls_x509_crt_init(&crt) < 0)
		return NULL;
	d.data = pc->der;
	d.size = pc->len;
	if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(crt);
		return NULL;
	}
	return crt;
}

void
tp_certs_load(const char *name, struct tp_certs *tc)
{
	struct confnode		*chain, *n;
	struct pki_cert		*pc;
	gnutls_x509_crt_t	 crt;

	memset(tc, 0, sizeof *tc);
	if ((chain = tp_chain_node(name)) == NULL)
		return;
	for (n = confdb_first(chain); n != NULL; n = confdb_next(n)) {
		if ((pc = chain_cert(n)) == NULL ||
		    (crt = tp_crt_import(pc)) == NULL)
			continue;
		if (pc->kind == CERT_CA || pc->kind == CERT_SELF_SIGNED) {
			if (tc->ncas < TP_MAX_CAS)
				tc->cas[tc->ncas++] = crt;
			else
				gnutls_x509_crt_deinit(crt);
			if (pc->kind == CERT_SELF_SIGNED && tc->router == NULL)
				tc->router = tp_crt_import(pc);
		} else if (tc->router == NULL)
			tc->router = crt;
		else
			gnutls_x509_crt_deinit(crt);
	}
}

void
tp_certs_free(struct tp_certs *tc)
{
	unsigned int	 i;

	if (tc->router != NULL)
		gnutls_x509_crt_deinit(tc->router);
	for (i = 0; i < tc->ncas; i++)
		gnutls_x509_crt_deinit(tc->cas[i]);
	memset(tc, 0, sizeof *tc);
}

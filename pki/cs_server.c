/*
 * The certificate server's CA and database. The CA key is the key store's
 * pair labelled with the server's name and its certificate is the CA
 * certificate of the trustpoint of that name, as IOS sets them up at the
 * first `no shutdown`. What IOS keeps under `database url` is kept in the
 * NVRAM folder: NAME.ser (serial counter, requests, revocations; 0600),
 * NAME.crl (the current CRL, DER), NAME.p12 (the CA key and certificate
 * archived under the passphrase of the dialog) and, with `database level
 * complete`, SERIAL.cer for each certificate issued.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>
#include <gnutls/pkcs12.h>

#include "clock.h"
#include "confdb.h"
#include "exec.h"
#include "log.h"
#include "nvram.h"
#include "pki_cmd.h"
#include "cs.h"
#include "xmalloc.h"

#define CS_MAX_REQUESTS		1000
#define CS_DB_MAX		(4 * 1024 * 1024)

/* The one server of this router, loaded on first use. */
static struct cs_state	*cs_current;

struct confnode *
cs_node(const char *name)
{
	char		*key;
	struct confnode	*n;

	xasprintf(&key, "crypto pki server %s", name);
	n = confdb_find(NULL, key);
	free(key);
	return n;
}

struct confnode *
cs_first_node(void)
{
	struct confnode	*n;

	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n))
		if (n->match.nvals >= 4 && n->match.negate == GNEG_NONE &&
		    strcmp(confdb_word(n, 0), "crypto") == 0 &&
		    strcmp(confdb_word(n, 2), "server") == 0)
			return n;
	return NULL;
}

static void
cs_conf_child(struct cs_conf *c, const struct confnode *n)
{
	const char	*w0 = confdb_word(n, 0), *w1 = confdb_word(n, 1);

	if (strcmp(w0, "shutdown") == 0)
		c->enabled = n->match.negate != GNEG_NONE;
	if (n->match.negate != GNEG_NONE)
		return;
	if (strcmp(w0, "issuer-name") == 0)
		c->issuer = w1;
	else if (strcmp(w0, "grant") == 0)
		c->grant = strcmp(w1, "auto") == 0 ? CS_GRANT_AUTO :
		    CS_GRANT_NONE;
	else if (strcmp(w0, "lifetime") == 0 && n->match.nvals > 2) {
		if (strcmp(w1, "certificate") == 0)
			c->life_cert = atoi(confdb_word(n, 2));
		else if (strcmp(w1, "ca-certificate") == 0)
			c->life_ca = atoi(confdb_word(n, 2));
		else if (strcmp(w1, "crl") == 0)
			c->life_crl = atoi(confdb_word(n, 2));
	} else if (strcmp(w0, "database") == 0 && n->match.nvals > 2) {
		if (strcmp(w1, "url") == 0)
			c->db_url = confdb_word(n, 2);
		else if (strcmp(confdb_word(n, 2), "complete") == 0)
			c->db_level = CS_DB_COMPLETE;
		else if (strcmp(confdb_word(n, 2), "names") == 0)
			c->db_level = CS_DB_NAMES;
	} else if (strcmp(w0, "cdp-url") == 0)
		c->cdp_url = w1;
}

int
cs_conf_read(const char *name, struct cs_conf *c)
{
	struct confnode	*cs, *n;

	memset(c, 0, sizeof *c);
	/* IOS's defaults: certificates 1 year, the CA 3 years, CRLs a week. */
	c->life_cert = 365;
	c->life_ca = 1095;
	c->life_crl = 168;
	if ((cs = cs_node(name)) == NULL)
		return -1;
	c->name = confdb_word(cs, 3);
	for (n = confdb_first(cs); n != NULL; n = confdb_next(n))
		cs_conf_child(c, n);
	return 0;
}

static char *
cs_file(const char *name, const char *ext)
{
	char	*base, *path;

	xasprintf(&base, "%s.%s", name, ext);
	path = nvram_path(base);
	free(base);
	return path;
}

static void
cs_request_free(struct cs_request *r)
{
	free(r->txid);
	free(r->subject);
	gnutls_free(r->csr.data);
	free(r);
}

static void
cs_state_free(struct cs_state *s)
{
	struct cs_request	*r;
	struct cs_revoked	*v;

	if (s == NULL)
		return;
	while ((r = TAILQ_FIRST(&s->requests)) != NULL) {
		TAILQ_REMOVE(&s->requests, r, entry);
		cs_request_free(r);
	}
	while ((v = TAILQ_FIRST(&s->revoked)) != NULL) {
		TAILQ_REMOVE(&s->revoked, v, entry);
		free(v);
	}
	if (s->ca != NULL)
		gnutls_x509_crt_deinit(s->ca);
	gnutls_free(s->crl.data);
	free(s->name);
	free(s);
}

void
cs_forget(void)
{
	cs_state_free(cs_current);
	cs_current = NULL;
}

/* The request's subject as IOS lists it, and its MD5 fingerprint. */
static int
cs_request_describe(struct cs_request *r)
{
	gnutls_x509_crq_t	 crq;
	gnutls_x509_crt_t	 crt;
	gnutls_x509_dn_t	 dn;
	struct sbuf		 sb;
	size_t			 n = sizeof r->md5;
	int			 ret = -1;

	if (gnutls_x509_crq_init(&crq) < 0)
		return -1;
	if (gnutls_x509_crt_init(&crt) < 0) {
		gnutls_x509_crq_deinit(crq);
		return -1;
	}
	/* The name through a certificate: dn_ios_format reads a dn_t. */
	if (gnutls_x509_crq_import(crq, &r->csr, GNUTLS_X509_FMT_DER) >= 0 &&
	    gnutls_x509_crt_set_crq(crt, crq) >= 0 &&
	    gnutls_x509_crt_get_subject(crt, &dn) >= 0) {
		sbuf_init(&sb);
		dn_ios_format(dn, &sb);
		free(r->subject);
		r->subject = sbuf_detach(&sb);
		gnutls_fingerprint(GNUTLS_DIG_MD5, &r->csr, r->md5, &n);
		ret = 0;
	}
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_crq_deinit(crq);
	return ret;
}

static const char *cs_state_names[] = { "pending", "granted", "rejected" };

/* One line of NAME.ser: "serial N", "request ID STATE TXID SERIAL B64",
 * "revoked SERIAL TIME". */
static void
cs_load_line(struct cs_state *s, char *line)
{
	char			*w[6], *p = line;
	struct cs_request	*r;
	struct cs_revoked	*v;
	gnutls_datum_t		 in;
	int			 n, st;

	for (n = 0; n < 6 && (w[n] = strsep(&p, " \t")) != NULL; n++)
		;
	if (n >= 2 && strcmp(w[0], "serial") == 0)
		s->last_serial = strtoul(w[1], NULL, 10);
	else if (n >= 3 && strcmp(w[0], "revoked") == 0) {
		v = xcalloc(1, sizeof *v);
		v->serial = strtoul(w[1], NULL, 10);
		v->when = strtoll(w[2], NULL, 10);
		TAILQ_INSERT_TAIL(&s->revoked, v, entry);
	} else if (n == 6 && strcmp(w[0], "request") == 0) {
		for (st = 0; st < 3 && strcmp(cs_state_names[st], w[2]); st++)
			;
		r = xcalloc(1, sizeof *r);
		r->id = strtoul(w[1], NULL, 10);
		r->state = st < 3 ? st : CS_REQ_REJECTED;
		r->txid = xstrdup(w[3]);
		r->serial = strtoul(w[4], NULL, 10);
		in.data = (unsigned char *)w[5];
		in.size = strlen(w[5]);
		if (gnutls_base64_decode2(&in, &r->csr) < 0 ||
		    cs_request_describe(r) != 0) {
			cs_request_free(r);
			return;
		}
		if (r->id >= s->next_req)
			s->next_req = r->id + 1;
		TAILQ_INSERT_TAIL(&s->requests, r, entry);
	}
}

static void
cs_load(struct cs_state *s)
{
	char	*path = cs_file(s->name, "ser"), *text, *p, *line;
	size_t	 len;

	text = file_read_all(path, &len);
	free(path);
	if (text == NULL || len > CS_DB_MAX) {
		free(text);
		return;
	}
	for (p = text; (line = strsep(&p, "\n")) != NULL;)
		cs_load_line(s, line);
	free(text);
}

int
cs_save(struct cs_state *s)
{
	struct cs_request	*r;
	struct cs_revoked	*v;
	gnutls_datum_t		 b64;
	struct sbuf		 sb;
	char			*path;
	int			 rc;

	sbuf_init(&sb);
	sbuf_printf(&sb, "# vgw certificate server %s\nserial %lu\n", s->name,
	    s->last_serial);
	TAILQ_FOREACH(r, &s->requests, entry) {
		if (gnutls_base64_encode2(&r->csr, &b64) < 0)
			continue;
		sbuf_printf(&sb, "request %u %s %s %lu %.*s\n", r->id,
		    cs_state_names[r->state], r->txid, r->serial,
		    (int)b64.size, b64.data);
		gnutls_free(b64.data);
	}
	TAILQ_FOREACH(v, &s->revoked, entry)
		sbuf_printf(&sb, "revoked %lu %lld\n", v->serial,
		    (long long)v->when);
	path = cs_file(s->name, "ser");
	rc = file_write_atomic(path, sbuf_str(&sb), sb.len, 0600);
	free(path);
	sbuf_free(&sb);
	return rc;
}

/* A new CRL of the revocations, valid `lifetime crl` hours. */
static int
cs_crl_make(struct cs_state *s, const struct cs_conf *c)
{
	gnutls_x509_crl_t	 crl;
	struct cs_revoked	*v;
	unsigned char		 ser[8], num[8], skid[64];
	size_t			 skidlen = sizeof skid;
	time_t			 now = router_clock_now();
	char			*path;
	int			 i, ret = -1;

	if (gnutls_x509_crl_init(&crl) < 0)
		return -1;
	gnutls_x509_crl_set_version(crl, 2);
	gnutls_x509_crl_set_this_update(crl, now);
	gnutls_x509_crl_set_next_update(crl, now + (time_t)c->life_crl * 3600);
	TAILQ_FOREACH(v, &s->revoked, entry) {
		for (i = 7; i >= 0; i--)
			ser[7 - i] = (unsigned char)(v->serial >> (8 * i));
		for (i = 0; i < 7 && ser[i] == 0; i++)
			;
		gnutls_x509_crl_set_crt_serial(crl, ser + i, 8 - i, v->when);
	}
	for (i = 0; i < 8; i++)
		num[i] = (unsigned char)((unsigned long long)now >> (8 * (7 - i)));
	gnutls_x509_crl_set_number(crl, num, sizeof num);
	gnutls_free(s->crl.data);
	s->crl.data = NULL;
	if (gnutls_x509_crt_get_subject_key_id(s->ca, skid, &skidlen,
	    NULL) >= 0)
		gnutls_x509_crl_set_authority_key_id(crl, skid, skidlen);
	if (gnutls_x509_crl_sign2(crl, s->ca, s->key, GNUTLS_DIG_SHA256,
	    0) < 0 || gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &s->crl) < 0)
		goto out;
	s->crl_next = now + (time_t)c->life_crl * 3600;
	path = cs_file(s->name, "crl");
	file_write_atomic(path, s->crl.data, s->crl.size, 0644);
	free(path);
	ret = 0;
out:
	gnutls_x509_crl_deinit(crl);
	return ret;
}

struct cs_state *
cs_state(const char *name)
{
	struct tp_certs	 tc;
	struct pki_key	*k;
	struct cs_conf	 c;
	struct cs_state	*s;

	if (cs_current != NULL && strcmp(cs_current->name, name) == 0)
		return cs_current;
	cs_forget();
	if (cs_conf_read(name, &c) != 0 || (k = keystore_find(name)) == NULL)
		return NULL;
	tp_certs_load(name, &tc);
	if (tc.ncas == 0 || !cert_matches_key(tc.cas[0], k->sign)) {
		tp_certs_free(&tc);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->name = xstrdup(name);
	TAILQ_INIT(&s->requests);
	TAILQ_INIT(&s->revoked);
	s->ca = tc.cas[0];
	tc.cas[0] = NULL;
	tc.ncas = tc.ncas > 0 ? tc.ncas : 0;
	tp_certs_free(&tc);
	s->key = k->sign;
	s->last_serial = 1;
	s->next_req = 1;
	cs_load(s);
	cs_crl_make(s, &c);
	cs_current = s;
	return s;
}

/* Is the server enabled and able to answer (it has its CA)? */
int
cs_running(const char *name)
{
	struct cs_conf	 c;

	return cs_conf_read(name, &c) == 0 && c.enabled &&
	    cs_state(name) != NULL;
}

struct cs_request *
cs_request_find_txid(struct cs_state *s, const char *txid)
{
	struct cs_request	*r;

	TAILQ_FOREACH(r, &s->requests, entry)
		if (strcmp(r->txid, txid) == 0)
			return r;
	return NULL;
}

struct cs_request *
cs_request_find(struct cs_state *s, unsigned int id)
{
	struct cs_request	*r;

	TAILQ_FOREACH(r, &s->requests, entry)
		if (r->id == id)
			return r;
	return NULL;
}

/* A new request, its PKCS#10 signature checked; NULL when bad or when
 * the database is full. */
struct cs_request *
cs_request_add(struct cs_state *s, const char *txid, const gnutls_datum_t *csr)
{
	gnutls_x509_crq_t	 crq;
	struct cs_request	*r;
	unsigned int		 n = 0;
	int			 ok;

	TAILQ_FOREACH(r, &s->requests, entry)
		n++;
	if (n >= CS_MAX_REQUESTS || gnutls_x509_crq_init(&crq) < 0)
		return NULL;
	ok = gnutls_x509_crq_import(crq, csr, GNUTLS_X509_FMT_DER) >= 0 &&
	    gnutls_x509_crq_verify(crq, GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 |
	    GNUTLS_VERIFY_ALLOW_BROKEN) >= 0;
	gnutls_x509_crq_deinit(crq);
	if (!ok)
		return NULL;
	r = xcalloc(1, sizeof *r);
	r->id = s->next_req++;
	r->state = CS_REQ_PENDING;
	r->txid = xstrdup(txid);
	r->csr.data = gnutls_malloc(csr->size);
	memcpy(r->csr.data, csr->data, csr->size);
	r->csr.size = csr->size;
	if (cs_request_describe(r) != 0) {
		cs_request_free(r);
		return NULL;
	}
	TAILQ_INSERT_TAIL(&s->requests, r, entry);
	cs_save(s);
	return r;
}

/* The certificate for a request: the requested name and key (and
 * extensions), the next serial, `lifetime certificate` days but never
 * past the CA's own end, the CDP when `cdp-url` is set. */
static int
cs_make_cert(struct cs_state *s, const struct cs_conf *c,
    const struct cs_request *r, unsigned long serial, gnutls_datum_t *out)
{
	gnutls_x509_crq_t	 crq;
	gnutls_x509_crt_t	 crt;
	unsigned char		 ser[8], skid[64];
	size_t			 skidlen = sizeof skid;
	time_t			 now = router_clock_now(), end;
	int			 i, ret = -1;

	if (gnutls_x509_crq_init(&crq) < 0)
		return -1;
	if (gnutls_x509_crt_init(&crt) < 0) {
		gnutls_x509_crq_deinit(crq);
		return -1;
	}
	for (i = 0; i < 8; i++)
		ser[i] = (unsigned char)(serial >> (8 * (7 - i)));
	for (i = 0; i < 7 && ser[i] == 0; i++)
		;
	end = now + (time_t)c->life_cert * 86400;
	if (end > gnutls_x509_crt_get_expiration_time(s->ca))
		end = gnutls_x509_crt_get_expiration_time(s->ca);
	if (gnutls_x509_crq_import(crq, &r->csr, GNUTLS_X509_FMT_DER) < 0 ||
	    gnutls_x509_crt_set_crq(crt, crq) < 0 ||
	    gnutls_x509_crt_set_crq_extensions(crt, crq) < 0 ||
	    gnutls_x509_crt_set_version(crt, 3) < 0 ||
	    gnutls_x509_crt_set_serial(crt, ser + i, 8 - i) < 0 ||
	    gnutls_x509_crt_set_activation_time(crt, now) < 0 ||
	    gnutls_x509_crt_set_expiration_time(crt, end) < 0 ||
	    gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE |
	    GNUTLS_KEY_KEY_ENCIPHERMENT) < 0)
		goto out;
	if (gnutls_x509_crt_get_subject_key_id(s->ca, skid, &skidlen,
	    NULL) >= 0)
		gnutls_x509_crt_set_authority_key_id(crt, skid, skidlen);
	if (c->cdp_url != NULL)
		gnutls_x509_crt_set_crl_dist_points(crt, GNUTLS_SAN_URI,
		    c->cdp_url, 0);
	if (gnutls_x509_crt_sign2(crt, s->ca, s->key, GNUTLS_DIG_SHA256,
	    0) < 0 || gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER,
	    out) < 0)
		goto out;
	ret = 0;
out:
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_crq_deinit(crq);
	return ret;
}

int
cs_issued(struct cs_state *s, const struct cs_request *r, gnutls_datum_t *out)
{
	struct cs_conf	 c;

	if (r->state != CS_REQ_GRANTED || cs_conf_read(s->name, &c) != 0)
		return -1;
	return cs_make_cert(s, &c, r, r->serial, out);
}

int
cs_grant(struct cs_state *s, struct cs_request *r)
{
	struct cs_conf	 c;
	gnutls_datum_t	 der;
	char		*path, name[32];

	if (r->state != CS_REQ_PENDING || cs_conf_read(s->name, &c) != 0)
		return -1;
	r->serial = s->last_serial + 1;
	if (cs_make_cert(s, &c, r, r->serial, &der) != 0)
		return -1;
	s->last_serial = r->serial;
	r->state = CS_REQ_GRANTED;
	if (c.db_level == CS_DB_COMPLETE) {
		snprintf(name, sizeof name, "%lX.cer", r->serial);
		path = nvram_path(name);
		file_write_atomic(path, der.data, der.size, 0644);
		free(path);
	}
	gnutls_free(der.data);
	return cs_save(s);
}

void
cs_reject(struct cs_state *s, struct cs_request *r)
{
	if (r->state != CS_REQ_PENDING)
		return;
	r->state = CS_REQ_REJECTED;
	cs_save(s);
}

/* Only a serial this server issued, once. */
int
cs_revoke(struct cs_state *s, unsigned long serial)
{
	struct cs_revoked	*v;
	struct cs_conf		 c;

	if (serial < 2 || serial > s->last_serial ||
	    cs_conf_read(s->name, &c) != 0)
		return -1;
	TAILQ_FOREACH(v, &s->revoked, entry)
		if (v->serial == serial)
			return -1;
	v = xcalloc(1, sizeof *v);
	v->serial = serial;
	v->when = router_clock_now();
	TAILQ_INSERT_TAIL(&s->revoked, v, entry);
	cs_save(s);
	return cs_crl_make(s, &c);
}

/* The CA key and certificate in NAME.p12 under the dialog's passphrase
 * (IOS's `database archive pkcs12`, its default). */
static int
cs_archive(const char *name, gnutls_x509_crt_t ca, gnutls_x509_privkey_t key,
    const char *pass)
{
	gnutls_pkcs12_t		 p12 = NULL;
	gnutls_pkcs12_bag_t	 cbag = NULL, kbag = NULL;
	gnutls_datum_t		 kder = { NULL, 0 }, out = { NULL, 0 };
	char			*path;
	int			 ret = -1;

	if (gnutls_pkcs12_init(&p12) < 0 || gnutls_pkcs12_bag_init(&cbag) < 0 ||
	    gnutls_pkcs12_bag_init(&kbag) < 0 ||
	    gnutls_pkcs12_bag_set_crt(cbag, ca) < 0 ||
	    gnutls_pkcs12_bag_encrypt(cbag, pass, GNUTLS_PKCS_PBES2_AES_256) < 0 ||
	    gnutls_x509_privkey_export2_pkcs8(key, GNUTLS_X509_FMT_DER, pass,
	    GNUTLS_PKCS_PBES2_AES_256, &kder) < 0 ||
	    gnutls_pkcs12_bag_set_data(kbag, GNUTLS_BAG_PKCS8_ENCRYPTED_KEY,
	    &kder) < 0 || gnutls_pkcs12_set_bag(p12, cbag) < 0 ||
	    gnutls_pkcs12_set_bag(p12, kbag) < 0 ||
	    gnutls_pkcs12_generate_mac2(p12, GNUTLS_MAC_SHA256, pass) < 0 ||
	    gnutls_pkcs12_export2(p12, GNUTLS_X509_FMT_DER, &out) < 0)
		goto out;
	path = cs_file(name, "p12");
	ret = file_write_atomic(path, out.data, out.size, 0600);
	free(path);
out:
	gnutls_free(kder.data);
	gnutls_free(out.data);
	if (kbag != NULL)
		gnutls_pkcs12_bag_deinit(kbag);
	if (cbag != NULL)
		gnutls_pkcs12_bag_deinit(cbag);
	if (p12 != NULL)
		gnutls_pkcs12_deinit(p12);
	return ret;
}

/* The CA's own certificate: issuer-name, serial 1, `lifetime
 * ca-certificate` days, CA:TRUE, keyCertSign and cRLSign. */
static int
cs_ca_cert(const struct cs_conf *c, gnutls_x509_privkey_t key,
    gnutls_datum_t *out)
{
	gnutls_x509_crt_t	 crt;
	unsigned char		 one = 1, skid[64];
	size_t			 skidlen = sizeof skid;
	const char		*bad;
	char			*issuer;
	time_t			 now = router_clock_now();
	int			 ret = -1;

	if (c->issuer != NULL)
		issuer = xstrdup(c->issuer);
	else
		xasprintf(&issuer, "CN=%s", c->name);
	if (gnutls_x509_crt_init(&crt) < 0) {
		free(issuer);
		return -1;
	}
	if (gnutls_x509_crt_set_dn(crt, issuer, &bad) >= 0 &&
	    gnutls_x509_crt_set_key(crt, key) >= 0 &&
	    gnutls_x509_crt_set_version(crt, 3) >= 0 &&
	    gnutls_x509_crt_set_serial(crt, &one, 1) >= 0 &&
	    gnutls_x509_crt_set_activation_time(crt, now) >= 0 &&
	    gnutls_x509_crt_set_expiration_time(crt, now +
	    (time_t)c->life_ca * 86400) >= 0 &&
	    gnutls_x509_crt_set_basic_constraints(crt, 1, -1) >= 0 &&
	    gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE |
	    GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN) >= 0 &&
	    gnutls_x509_crt_get_key_id(crt, 0, skid, &skidlen) >= 0 &&
	    gnutls_x509_crt_set_subject_key_id(crt, skid, skidlen) >= 0 &&
	    gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0) >= 0 &&
	    gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, out) >= 0)
		ret = 0;
	gnutls_x509_crt_deinit(crt);
	free(issuer);
	return ret;
}

int
cs_create_ca(const char *name, struct term *t, const char *pass, char **err)
{
	struct cs_conf	 c;
	struct pki_key	*k;
	gnutls_datum_t	 der = { NULL, 0 };
	struct sbuf	 sb;
	char		*line;

	if (cs_conf_read(name, &c) != 0) {
		xasprintf(err, "%% Certificate server %s is not configured", name);
		return -1;
	}
	if ((k = keystore_find(name)) == NULL) {
		if (pki_key_make(t, name, CS_KEY_BITS, 0, 0) != 0 ||
		    (k = keystore_find(name)) == NULL) {
			xasprintf(err, "%% Key generation failed");
			return -1;
		}
	}
	if (cs_ca_cert(&c, k->sign, &der) != 0) {
		xasprintf(err, "%% Unable to create the CA certificate "
		    "(issuer-name %s)", c.issuer != NULL ? c.issuer : name);
		return -1;
	}
	/* The trustpoint IOS makes for the server (OTUS LAB-14). */
	xasprintf(&line, "crypto pki trustpoint %s", name);
	if (tp_node(name) == NULL) {
		struct confnode	*tp;

		tp = router_apply_line(pki_router, NULL, "config", line);
		if (tp != NULL) {
			router_apply_line(pki_router, tp, "ca-trustpoint",
			    "revocation-check crl");
			sbuf_init(&sb);
			sbuf_printf(&sb, "rsakeypair %s", name);
			router_apply_line(pki_router, tp, "ca-trustpoint",
			    sbuf_str(&sb));
			sbuf_free(&sb);
		}
	}
	free(line);
	if (chain_store(name, CERT_CA, der.data, der.size, err) != 0) {
		gnutls_free(der.data);
		return -1;
	}
	gnutls_free(der.data);
	cs_forget();
	if (cs_state(name) == NULL) {
		xasprintf(err, "%% The CA certificate could not be stored");
		return -1;
	}
	if (pass != NULL && *pass != '\0')
		cs_archive(name, cs_current->ca, k->sign, pass);
	cs_save(cs_current);
	return 0;
}

/* A CRL past its NextUpdate is made again before it is served. */
void
cs_crl_refresh(struct cs_state *s)
{
	struct cs_conf	 c;

	if (router_clock_now() >= s->crl_next && cs_conf_read(s->name, &c) == 0)
		cs_crl_make(s, &c);
}

/* What the SIP user agent gets from a trustpoint: GnuTLS certificate
 * credentials (key, chain, CA trust list) with a verify function bound to
 * the trustpoint, and the peer verification itself (router clock,
 * revocation-check). */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "nvram.h"
#include "pki.h"
#include "confdb.h"
#include "pki_cmd.h"
#include "xmalloc.h"

#define VERIFY_TLS_FLAGS	(GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 | \
	GNUTLS_VERIFY_ALLOW_SIGN_RSA_MD5)

/* Which trustpoint each credential handed out belongs to: the verify
 * function finds it from the session's credentials. */
struct tls_binding {
	gnutls_certificate_credentials_t	 cred;
	char					*trustpoint;
	struct tls_binding			*next;
};
static struct tls_binding	*tls_bindings;
static char			*tls_last_error;

int
pki_trustpoint_exists(const char *trustpoint)
{
	return tp_node(trustpoint) != NULL;
}

const char *
pki_last_verify_error(void)
{
	return tls_last_error != NULL ? tls_last_error : "";
}

static const char *
tls_binding_find(gnutls_certificate_credentials_t cred)
{
	struct tls_binding	*b;

	for (b = tls_bindings; b != NULL; b = b->next) {
		if (b->cred == cred)
			return b->trustpoint;
	}
	return NULL;
}

static void
tls_binding_add(gnutls_certificate_credentials_t cred, const char *tp)
{
	struct tls_binding	*b;

	for (b = tls_bindings; b != NULL; b = b->next) {
		if (b->cred == cred) {
			free(b->trustpoint);
			b->trustpoint = xstrdup(tp);
			return;
		}
	}
	b = xcalloc(1, sizeof *b);
	b->cred = cred;
	b->trustpoint = xstrdup(tp);
	b->next = tls_bindings;
	tls_bindings = b;
}

void
pki_credentials_free(gnutls_certificate_credentials_t cred)
{
	struct tls_binding	**bp, *b;

	for (bp = &tls_bindings; (b = *bp) != NULL; bp = &b->next) {
		if (b->cred == cred) {
			*bp = b->next;
			free(b->trustpoint);
			free(b);
			break;
		}
	}
	gnutls_certificate_free_credentials(cred);
}

static int
tls_verify_callback(gnutls_session_t session)
{
	gnutls_certificate_credentials_t	 cred = NULL;
	const char				*tp;
	char					*err = NULL;

	if (gnutls_credentials_get(session, GNUTLS_CRD_CERTIFICATE,
	    (void **)&cred) < 0 || (tp = tls_binding_find(cred)) == NULL)
		return -1;
	switch (pki_verify_peer(tp, session, &err)) {
	case 0:
		return 0;
	case PKI_VERIFY_PENDING:
		/* The handshake goes on; its connection waits in a verifying
		 * state until the fetches end (pki_verify_finish). */
		rev_waiter_add(session, tp);
		return 0;
	default:
		free(err);
		return -1;
	}
}

/* The key the trustpoint's certificate carries. */
static gnutls_x509_privkey_t
tls_key(const struct tp_conf *c, gnutls_x509_crt_t router)
{
	struct pki_key	*k;
	char		*label;

	label = tp_key_label(c);
	k = keystore_find(label);
	free(label);
	if (k == NULL)
		return NULL;
	if (k->encr != NULL && cert_matches_key(router, k->encr))
		return k->encr;
	return cert_matches_key(router, k->sign) ? k->sign : NULL;
}

/* Every trustpoint's CA certificates, as IOS trusts them all. */
static int
tls_trust_all(gnutls_certificate_credentials_t cred)
{
	struct confnode	*node;
	struct tp_certs	 tc;
	const char	*name;
	int		 ret = 0;

	for (node = confdb_first(NULL); node != NULL && ret >= 0;
	    node = confdb_next(node)) {
		if (!show_node_is(node, "trustpoint", &name))
			continue;
		tp_certs_load(name, &tc);
		if (tc.ncas > 0)
			ret = gnutls_certificate_set_x509_trust(cred, tc.cas,
			    tc.ncas);
		tp_certs_free(&tc);
	}
	return ret;
}

static int
tls_cred_fill(gnutls_certificate_credentials_t cred, struct tp_certs *tc,
    gnutls_x509_privkey_t key, char **err)
{
	gnutls_x509_crt_t	 list[1 + TP_MAX_CAS];
	unsigned int		 n = 0, i;

	list[n++] = tc->router;
	for (i = 0; i < tc->ncas; i++) {
		if (gnutls_x509_crt_check_issuer(tc->router, tc->cas[i]) &&
		    !gnutls_x509_crt_equals(tc->router, tc->cas[i]))
			list[n++] = tc->cas[i];
	}
	if (gnutls_certificate_set_x509_key(cred, list, n, key) < 0) {
		xasprintf(err, "the key and certificate do not fit together");
		return -1;
	}
	if (tls_trust_all(cred) < 0) {
		xasprintf(err, "CA certificates cannot be used");
		return -1;
	}
	gnutls_certificate_set_verify_flags(cred, VERIFY_TLS_FLAGS);
	gnutls_certificate_set_verify_function(cred, tls_verify_callback);
	return 0;
}

int
pki_trustpoint_credentials(const char *trustpoint,
    gnutls_certificate_credentials_t *out, char **err)
{
	struct tp_conf				 c;
	struct tp_certs				 tc;
	gnutls_x509_privkey_t			 key;
	gnutls_certificate_credentials_t	 cred;

	if (tp_conf_read(trustpoint, &c) != 0) {
		xasprintf(err, "trustpoint %s is not configured", trustpoint);
		return -1;
	}
	tp_certs_load(trustpoint, &tc);
	if (tc.router == NULL) {
		tp_certs_free(&tc);
		xasprintf(err, "trustpoint %s has no certificate", trustpoint);
		return -1;
	}
	if ((key = tls_key(&c, tc.router)) == NULL) {
		tp_certs_free(&tc);
		xasprintf(err, "trustpoint %s has no key pair for its "
		    "certificate", trustpoint);
		return -1;
	}
	if (gnutls_certificate_allocate_credentials(&cred) < 0) {
		tp_certs_free(&tc);
		xasprintf(err, "out of TLS credentials");
		return -1;
	}
	if (tls_cred_fill(cred, &tc, key, err) != 0) {
		gnutls_certificate_free_credentials(cred);
		tp_certs_free(&tc);
		return -1;
	}
	tp_certs_free(&tc);
	tls_binding_add(cred, trustpoint);
	*out = cred;
	return 0;
}

/* Does revocation-check (default crl) ask for CRLs at all? */
static int
tls_wants_crl(const struct revcheck *rc)
{
	int	 i;

	if (rc->nmethods == 0)
		return 1;
	for (i = 0; i < rc->nmethods; i++) {
		if (rc->methods[i] == REV_CRL)
			return 1;
		if (rc->methods[i] == REV_NONE)
			return 0;
	}
	return 0;
}

/* CRLs for a trustpoint: nvram:crl-NAME.pem (PEM or DER), then those of
 * the chain's distribution points; only CRLs its CAs signed. */
static unsigned int
tls_crls_load(const char *trustpoint, const struct tp_certs *tc,
    const gnutls_x509_crt_t *chain, unsigned int n, gnutls_x509_crl_t *out,
    unsigned int max)
{
	gnutls_x509_crl_t	*list = NULL;
	gnutls_datum_t		 d;
	char			*name, *path, *text;
	size_t			 len;
	unsigned int		 nlist = 0, i, nout = 0;

	name = keystore_file_name(trustpoint);	/* "rsa-NAME.key", escaped */
	name[strlen(name) - 4] = '\0';
	xasprintf(&path, "%s/crl-%s.pem", nvram_dir(), name + 4);
	free(name);
	text = file_read_all(path, &len);
	free(path);
	if (text != NULL) {
		d.data = (unsigned char *)text;
		d.size = len;
		if (gnutls_x509_crl_list_import2(&list, &nlist, &d,
		    GNUTLS_X509_FMT_PEM, 0) < 0 && gnutls_x509_crl_list_import2(
		    &list, &nlist, &d, GNUTLS_X509_FMT_DER, 0) < 0)
			nlist = 0;
		free(text);
	}
	for (i = 0; i < nlist; i++) {
		if (nout < max && crl_signed(list[i], tc->cas, tc->ncas))
			out[nout++] = list[i];
		else
			gnutls_x509_crl_deinit(list[i]);
	}
	gnutls_free(list);
	return nout + crl_collect(chain, n, tc->cas, tc->ncas, out + nout,
	    max - nout);
}

/* Judges the chain with the trustpoint whose CA issued it: its
 * revocation-check and CRLs, the router clock. 1 when that trustpoint's
 * CA does not issue the chain (try another), else 0 or -1. */
static int
verify_with_trustpoint(const char *name, const gnutls_x509_crt_t *chain,
    unsigned int n, char **err)
{
	struct tp_conf		 c;
	struct tp_certs		 tc;
	gnutls_x509_crl_t	 crls[16];
	unsigned int		 i, ncrls = 0;
	int			 ret = 1;

	if (tp_conf_read(name, &c) != 0)
		return 1;
	tp_certs_load(name, &tc);
	if (chain_signed_by(chain, n, tc.cas, tc.ncas)) {
		if (tls_wants_crl(&c.rev))
			ncrls = tls_crls_load(name, &tc, chain, n, crls, 16);
		ret = verify_chain(chain, n, tc.cas, tc.ncas,
		    router_clock_now(), &c.rev, crls, ncrls, err);
		for (i = 0; i < ncrls; i++)
			gnutls_x509_crl_deinit(crls[i]);
	}
	tp_certs_free(&tc);
	return ret;
}

/*
 * As IOS does, every authenticated trustpoint's CA is trusted (that is
 * how the feature module's "different CA" procedure works: the remote
 * endpoint's root goes into a trustpoint of its own); the trustpoint the
 * connection uses is tried first.
 */
static int
verify_peer_certs(const char *trustpoint, const gnutls_datum_t *raw,
    unsigned int nraw, char **err)
{
	gnutls_x509_crt_t	 chain[16];
	struct confnode		*node;
	const char		*name;
	unsigned int		 n, i;
	int			 ret = -1;

	if (!pki_trustpoint_exists(trustpoint)) {
		xasprintf(err, "trustpoint %s is not configured", trustpoint);
		return -1;
	}
	for (n = 0; n < nraw && n < 16; n++) {
		if (gnutls_x509_crt_init(&chain[n]) < 0 ||
		    gnutls_x509_crt_import(chain[n], &raw[n],
		    GNUTLS_X509_FMT_DER) < 0) {
			gnutls_x509_crt_deinit(chain[n]);
			xasprintf(err, "peer certificate cannot be decoded");
			goto out;
		}
	}
	if ((ret = verify_with_trustpoint(trustpoint, chain, n, err)) != 1)
		goto out;
	for (node = confdb_first(NULL); node != NULL;
	    node = confdb_next(node)) {
		if (!show_node_is(node, "trustpoint", &name) ||
		    strcmp(name, trustpoint) == 0)
			continue;
		if ((ret = verify_with_trustpoint(name, chain, n, err)) != 1)
			goto out;
	}
	ret = -1;
	xasprintf(err, "peer certificate is not signed by a trusted CA");
out:
	for (i = 0; i < n; i++)
		gnutls_x509_crt_deinit(chain[i]);
	return ret;
}

int
pki_verify_peer(const char *trustpoint, gnutls_session_t session, char **err)
{
	const gnutls_datum_t	*raw;
	unsigned int		 nraw = 0;
	char			*e = NULL;
	int			 ret;

	if (gnutls_certificate_type_get(session) != GNUTLS_CRT_X509 ||
	    (raw = gnutls_certificate_get_peers(session, &nraw)) == NULL ||
	    nraw == 0) {
		xasprintf(&e, "peer sent no certificate");
		ret = -1;
	} else {
		rev_missing_take();
		ret = verify_peer_certs(trustpoint, raw, nraw, &e);
		/* Data it needed is being fetched: judged again then. */
		if (rev_missing_take() > 0) {
			free(e);
			e = NULL;
			ret = PKI_VERIFY_PENDING;
		}
	}
	free(tls_last_error);
	tls_last_error = e != NULL ? xstrdup(e) : NULL;
	if (err != NULL)
		*err = e;
	else
		free(e);
	return ret;
}

/* SIP over TLS with GnuTLS: the trustpoint for a remote address (crypto
 * signaling), mutual authentication, the strict-cipher priority, and
 * non-blocking handshake/record I/O for transport.c. Certificates and their
 * verification come from pki/ (pki_trustpoint_credentials); tests plug in
 * their own source. No SIP here. */
#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "pki.h"
#include "sipua_int.h"
#include "xmalloc.h"

/*
 * strict-cipher: TLS_RSA_WITH_AES_128_CBC_SHA (0x002f) only, as IOS 12.4T
 * (pki-scep.md §3.3: exactly that one suite with GnuTLS 3.7).
 */
static const char	 tls_strict[] =
    "NONE:+VERS-TLS1.2:+RSA:+AES-128-CBC:+SHA1:+COMP-NULL:+SIGN-ALL";

/* Credentials cached per trustpoint until the configuration changes; a
 * session keeps its entry alive through the reference count. */
struct tls_cred {
	char				*trustpoint;
	gnutls_certificate_credentials_t creds;
	int				 refs;
	int				 stale;
	int				 from_pki;
	struct tls_cred			*next;
};

struct tls_state {
	gnutls_session_t	 session;
	struct tls_cred		*cred;
	int			 handshake_done;
	int			 verifying;	/* revocation data being fetched */
};

static gnutls_priority_t	 tls_prio_strict;
static gnutls_priority_t	 tls_prio_normal;
static struct tls_cred		*tls_creds;
static tls_cred_fn		 tls_cred_source;

const char *
tls_strict_priority(void)
{
	return tls_strict;
}

void
tls_set_cred_source(tls_cred_fn fn)
{
	tls_cred_source = fn;
	tls_creds_invalidate();
}

int
tls_global_init(void)
{
	const char	*errpos;

	if (tls_prio_normal != NULL)
		return 0;
	if (gnutls_global_init() < 0)
		return -1;
	/* TLS 1.2 or later only: 1.0 and 1.1 are refused (RFC 8996). */
	if (gnutls_priority_init(&tls_prio_normal,
	    "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2", &errpos) < 0)
		return -1;
	/* A host policy that bans RSA key exchange or SHA-1 makes this fail;
	 * strict-cipher connections are then refused and counted. */
	if (gnutls_priority_init(&tls_prio_strict, tls_strict, &errpos) < 0) {
		sipua_debug_event("TLS: strict-cipher priority refused by "
		    "the host's GnuTLS policy at \"%s\"", errpos);
		tls_prio_strict = NULL;
	}
	return 0;
}

static void
tls_cred_release(struct tls_cred *tc)
{
	struct tls_cred	**pp;

	if (--tc->refs > 0)
		return;
	for (pp = &tls_creds; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == tc) {
			*pp = tc->next;
			break;
		}
	}
	if (tc->from_pki)
		pki_credentials_free(tc->creds);
	else
		gnutls_certificate_free_credentials(tc->creds);
	free(tc->trustpoint);
	free(tc);
}

/* Called on every configuration change: the next connection asks again. */
void
tls_creds_invalidate(void)
{
	struct tls_cred	*tc, *next;

	for (tc = tls_creds; tc != NULL; tc = next) {
		next = tc->next;
		if (!tc->stale) {
			tc->stale = 1;
			tls_cred_release(tc);	/* the cache's reference */
		}
	}
}

static struct tls_cred *
tls_cred_get(const char *trustpoint, char **err)
{
	struct tls_cred				*tc;
	gnutls_certificate_credentials_t	 creds = NULL;
	int					 from_pki = 0;

	for (tc = tls_creds; tc != NULL; tc = tc->next) {
		if (!tc->stale && strcmp(tc->trustpoint, trustpoint) == 0) {
			tc->refs++;
			return tc;
		}
	}
	if (tls_cred_source != NULL)
		creds = tls_cred_source(trustpoint, err);
	else {
		if (pki_trustpoint_credentials(trustpoint, &creds, err) != 0)
			creds = NULL;
		from_pki = 1;
	}
	if (creds == NULL)
		return NULL;
	tc = xcalloc(1, sizeof *tc);
	tc->trustpoint = xstrdup(trustpoint);
	tc->creds = creds;
	tc->from_pki = from_pki;
	tc->refs = 2;		/* the cache and the caller */
	tc->next = tls_creds;
	tls_creds = tc;
	return tc;
}

static void
tls_conn_fail(struct sip_conn *c, const char *why)
{
	conn_table_get(SIPT_TLS)->stats.handshake_errors++;
	sipua_debug_event("TLS: connection to %s:%u refused: %s",
	    c->remote_host, c->remote_port, why);
}

/*
 * Sets up the session for conn: trustpoint by crypto signaling (most
 * specific remote-addr, else default), its credentials, the peer's
 * certificate required, strict-cipher or GnuTLS's normal secure set.
 */
int
tls_conn_start(struct sip_conn *c, int server)
{
	const struct sip_sig_entry	*sig;
	struct tls_state		*ts;
	struct tls_cred			*cred;
	char				*err = NULL;

	if (tls_global_init() != 0) {
		tls_conn_fail(c, "GnuTLS initialisation failed");
		return -1;
	}
	if ((sig = sipua_sig_lookup(&sipua_conf, c->remote_v4)) == NULL) {
		tls_conn_fail(c, "no crypto signaling trustpoint configured");
		return -1;
	}
	if (sig->strict_cipher && tls_prio_strict == NULL) {
		tls_conn_fail(c, "strict-cipher suite not allowed on this host");
		return -1;
	}
	if ((cred = tls_cred_get(sig->trustpoint, &err)) == NULL) {
		tls_conn_fail(c, err != NULL ? err : "no credentials");
		free(err);
		return -1;
	}
	ts = xcalloc(1, sizeof *ts);
	ts->cred = cred;
	/* GNUTLS_NO_SIGNAL: a peer gone mid-write must not SIGPIPE vgw. */
	if (gnutls_init(&ts->session, (server ? GNUTLS_SERVER : GNUTLS_CLIENT) |
	    GNUTLS_NONBLOCK | GNUTLS_NO_SIGNAL) < 0) {
		tls_cred_release(cred);
		free(ts);
		tls_conn_fail(c, "cannot create a TLS session");
		return -1;
	}
	gnutls_priority_set(ts->session,
	    sig->strict_cipher ? tls_prio_strict : tls_prio_normal);
	gnutls_credentials_set(ts->session, GNUTLS_CRD_CERTIFICATE,
	    cred->creds);
	if (server)
		gnutls_certificate_server_set_request(ts->session,
		    GNUTLS_CERT_REQUIRE);
	gnutls_transport_set_int(ts->session, c->fd);
	free(c->trustpoint);
	c->trustpoint = xstrdup(sig->trustpoint);
	c->tls = ts;
	c->state = CONN_HANDSHAKE;
	return 0;
}

static void
tls_conn_established(struct sip_conn *c)
{
	struct tls_state	*ts = c->tls;
	char			*desc;

	c->state = CONN_ESTABLISHED;
	if (sipua_debug_events) {
		desc = gnutls_session_get_desc(ts->session);
		sipua_debug_event("TLS: connection %d from %s:%u established "
		    "with trustpoint %s, %s", c->id, c->remote_host,
		    c->remote_port, c->trustpoint, desc != NULL ? desc : "");
		gnutls_free(desc);
	}
}

/* The peer's revocation status is in: the connection opens or closes. */
static void
tls_conn_verified(void *arg, int ok)
{
	struct sip_conn		*c = arg;
	struct tls_state	*ts = c->tls;

	ts->verifying = 0;
	if (!ok) {
		tls_conn_fail(c, "peer certificate not trusted");
		transport_close(c, 0);
		return;
	}
	tls_conn_established(c);
	transport_resume(c);
}

/* RFC 5280 §4.2.1.12: a peer certificate with an extended key usage must
 * allow the role it plays here, serverAuth when vgw connected to it,
 * clientAuth when it connected to vgw (or anyExtendedKeyUsage). One
 * without the extension may do either. */
static int
tls_peer_purpose_ok(gnutls_session_t session, int peer_is_server)
{
	const gnutls_datum_t	*certs;
	gnutls_x509_crt_t	 crt;
	unsigned		 n, crit;
	char			 oid[128];
	size_t			 len;
	int			 i, rc, seen = 0, ok = 0;
	const char		*want = peer_is_server ? GNUTLS_KP_TLS_WWW_SERVER :
				    GNUTLS_KP_TLS_WWW_CLIENT;

	if ((certs = gnutls_certificate_get_peers(session, &n)) == NULL ||
	    n == 0 || gnutls_x509_crt_init(&crt) < 0)
		return 0;
	if (gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(crt);
		return 0;
	}
	for (i = 0; ; i++) {
		len = sizeof oid;
		rc = gnutls_x509_crt_get_key_purpose_oid(crt, i, oid, &len,
		    &crit);
		if (rc < 0)
			break;
		seen = 1;
		if (strcmp(oid, want) == 0 || strcmp(oid, GNUTLS_KP_ANY) == 0)
			ok = 1;
	}
	gnutls_x509_crt_deinit(crt);
	return !seen || ok;
}

/* 1 established, 0 not yet (handshake or verification going on), -1
 * failed (counted). */
int
tls_conn_handshake(struct sip_conn *c)
{
	struct tls_state	*ts = c->tls;
	int			 rc;

	if (ts == NULL)
		return -1;
	if (ts->handshake_done)
		return ts->verifying ? 0 : 1;
	rc = gnutls_handshake(ts->session);
	if (rc == GNUTLS_E_AGAIN || rc == GNUTLS_E_INTERRUPTED)
		return 0;
	if (rc < 0) {
		tls_conn_fail(c, gnutls_strerror(rc));
		return -1;
	}
	ts->handshake_done = 1;
	if (!tls_peer_purpose_ok(ts->session, c->outbound)) {
		tls_conn_fail(c, c->outbound ? "peer certificate not for a "
		    "TLS server (extended key usage)" : "peer certificate not "
		    "for a TLS client (extended key usage)");
		return -1;
	}
	switch (pki_verify_finish(ts->session, tls_conn_verified, c)) {
	case 0:
		break;
	case PKI_VERIFY_PENDING:
		/* CRL or OCSP fetch on the loop; the handshake's time limit
		 * (tls establish) still holds. */
		ts->verifying = 1;
		transport_pause(c);
		return 0;
	default:
		tls_conn_fail(c, "peer certificate not trusted");
		return -1;
	}
	tls_conn_established(c);
	return 1;
}

int
tls_conn_want_write(struct sip_conn *c)
{
	struct tls_state	*ts = c->tls;

	return ts != NULL && gnutls_record_get_direction(ts->session) == 1;
}

ssize_t
tls_conn_read(struct sip_conn *c, char *buf, size_t len)
{
	struct tls_state	*ts = c->tls;
	ssize_t			 n;

	n = gnutls_record_recv(ts->session, buf, len);
	if (n > 0)
		return n;
	if (n == 0)
		return -2;
	if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
		return 0;
	if (n == GNUTLS_E_PREMATURE_TERMINATION)
		return -2;
	return -1;
}

ssize_t
tls_conn_write(struct sip_conn *c, const char *buf, size_t len)
{
	struct tls_state	*ts = c->tls;
	ssize_t			 n;

	n = gnutls_record_send(ts->session, buf, len);
	if (n >= 0)
		return n;
	if (n == GNUTLS_E_AGAIN || n == GNUTLS_E_INTERRUPTED)
		return 0;
	return -1;
}

void
tls_conn_free(struct sip_conn *c)
{
	struct tls_state	*ts = c->tls;

	if (ts == NULL)
		return;
	pki_verify_cancel(ts->session);
	if (ts->handshake_done && !ts->verifying)
		gnutls_bye(ts->session, GNUTLS_SHUT_WR);
	gnutls_deinit(ts->session);
	tls_cred_release(ts->cred);
	free(ts);
	c->tls = NULL;
}

/* The negotiated suite, for debug and tests ("" before the handshake). */
const char *
tls_conn_cipher(struct sip_conn *c)
{
	struct tls_state	*ts = c->tls;

	if (ts == NULL || !ts->handshake_done)
		return "";
	return gnutls_cipher_suite_get_name(gnutls_kx_get(ts->session),
	    gnutls_cipher_get(ts->session), gnutls_mac_get(ts->session));
}

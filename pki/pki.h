/* The PKI engine's public face: registration of its handlers, its start-up,
 * and what the SIP user agent asks of it (TLS credentials and peer
 * verification for a trustpoint). Keys, chains and dialogs stay inside pki/. */
#ifndef VGW_PKI_H
#define VGW_PKI_H

#include <gnutls/gnutls.h>

void	 pki_register(void);	/* handlers named in pki/pki.xml */
struct router;
/* After the grammar is loaded: the key store, the confdb subscription.
 * The router is where pki stores the configuration its commands imply
 * (certificate chains, trustpoint lines) and whose hostname names keys. */
void	 pki_init(struct router *);
/* The address `ip http server` listens on (--bind), before pki_init. */
void	 pki_set_http_addr(const char *addr);

/*
 * GnuTLS certificate credentials for a trustpoint (`crypto pki trustpoint
 * NAME`): its RSA key (per `rsakeypair`, else the host name key), its router
 * certificate followed by the CA certificate as the chain sent to the peer,
 * and the CA certificates of every trustpoint as the trust list (IOS trusts
 * all authenticated trustpoints; the "different CA" procedure relies on it). The credentials
 * also carry a verify function: a handshake whose peer certificate fails
 * pki_verify_peer() is aborted (GNUTLS_E_CERTIFICATE_ERROR), so a server
 * only needs gnutls_certificate_server_set_request(s, GNUTLS_CERT_REQUIRE).
 * The caller owns *out and frees it with pki_credentials_free() once no
 * session uses it (a credential reflects the trustpoint at the time of the
 * call: ask again for the next connection after a configuration change).
 * Returns 0, or -1 with *err set (caller frees) to an IOS-style reason such
 * as "trustpoint user1 has no certificate".
 */
int	 pki_trustpoint_credentials(const char *trustpoint,
	    gnutls_certificate_credentials_t *out, char **err);
void	 pki_credentials_free(gnutls_certificate_credentials_t);

/*
 * Verifies the certificate the peer presented on session against the
 * trustpoint's CA certificates, else those of any other trustpoint (whose
 * revocation-check then applies): signatures (MD5/SHA-1 signed IOS-era
 * certificates allowed), validity judged against the router clock (`clock
 * set`), and revocation as `revocation-check` says (none; crl: a CRL signed
 * by the CA, fetched from the certificate's CRL Distribution Point over
 * HTTP or stored as nvram:crl-NAME.pem, must exist and not list the
 * certificate, unless a later method is `none` or `crl optional` is set;
 * ocsp: a CA-signed answer from the trustpoint's `ocsp url` or the
 * certificate's AIA responder, "unknown" or no answer falling to the next
 * method). A CRL or OCSP answer not cached yet is fetched on the loop
 * (at most 3 seconds, as IOS waits for it too) and PKI_VERIFY_PENDING
 * returned. Returns 0 when trusted, -1 with *err set (caller frees)
 * otherwise, including when the peer sent no certificate.
 */
int	 pki_verify_peer(const char *trustpoint, gnutls_session_t session,
	    char **err);
/*
 * pki_verify_peer's third answer: revocation data is being fetched. The
 * verify function of the credentials lets such a handshake finish; the
 * caller then asks pki_verify_finish before trusting the peer: 0 trusted,
 * -1 not, PKI_VERIFY_PENDING: done(arg, ok) is called from the loop when
 * the fetches have ended (within their time limit), unless
 * pki_verify_cancel is called first (the connection went away).
 */
#define PKI_VERIFY_PENDING	1
int	 pki_verify_finish(gnutls_session_t, void (*done)(void *arg, int ok),
	    void *arg);
void	 pki_verify_cancel(gnutls_session_t);

/* Why the last pki_verify_peer() failed ("" if it did not), for logs. */
const char *pki_last_verify_error(void);

/* The SSH host key as IOS picks it: the RSA key `ip ssh rsa
 * keypair-name` names, else HOST.DOMAIN's (HOST without a domain), in
 * PKCS#1 PEM; NULL when there is none or it is under 768 bits (SSH 2's
 * minimum on IOS). The caller frees it. */
char	*pki_ssh_host_key_pem(void);

/* Does the trustpoint exist in the configuration? (for `crypto signaling`) */
int	 pki_trustpoint_exists(const char *trustpoint);

#endif

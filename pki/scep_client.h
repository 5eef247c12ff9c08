/* The SCEP client as the rest of pki/ sees it: the authenticate dialog,
 * enrollment on the loop, its timers. */
#ifndef VGW_SCEP_CLIENT_H
#define VGW_SCEP_CLIENT_H

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "sbuf.h"

struct cmd_ctx;
struct tp_conf;

/* `crypto pki authenticate` of a trustpoint with `enrollment url`. */
int	 scep_authenticate(struct cmd_ctx *, const struct tp_conf *);
/* Sends the request (DER PKCS#10 signed by the trustpoint's key) and
 * follows it on the loop; 0, or -1 with *err (caller frees). */
int	 scep_enroll_start(const char *tp, const gnutls_datum_t *csr,
	    char **err);
/* The same with a new key pair for the request (auto-enroll
 * regenerate): it replaces the trustpoint's pair with the certificate.
 * Takes ownership of newkey. */
int	 scep_enroll_start_key(const char *tp, const gnutls_datum_t *csr,
	    gnutls_x509_privkey_t newkey, char **err);
/* Renewal (auto-enroll): checked every minute from pki_init. */
void	 scep_renew_start(void);
void	 scep_renew_timers_show(struct sbuf *);
/* The trustpoint went: its exchange stops. */
void	 scep_enroll_cancel(const char *tp);
int	 scep_enroll_in_progress(const char *tp);
void	 scep_timers_show(struct sbuf *);
/* `enrollment url` to the URL of the CA's script. */
char	*scep_script_url(const char *url);
/* A GetCACert answer: one DER certificate, or certs-only PKCS#7 (CA and
 * RA); how many were put in out. */
unsigned int scep_parse_cacert(const unsigned char *, size_t,
	    gnutls_x509_crt_t *out, unsigned int max);

#endif

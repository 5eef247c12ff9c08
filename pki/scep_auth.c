/*
 * `crypto pki authenticate NAME` for a trustpoint with `enrollment url`:
 * GetCACert while the session waits (cmd_wait; IOS holds the terminal
 * too), then the fingerprint dialog of the real captures (ios-reference
 * §4.6a). An unreachable CA gets IOS's two messages.
 */
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "log.h"
#include "pki_cmd.h"
#include "scep.h"
#include "scep_client.h"
#include "xmalloc.h"

struct scep_auth {
	struct session		*session;
	int			 cancelled;	/* the session went first */
	int			 done;		/* the fetch answered */
	unsigned char		*body;
	size_t			 len;
	gnutls_x509_crt_t	 ca;
	gnutls_datum_t		 der;
};

static void
auth_free(struct scep_auth *a)
{
	free(a->body);
	if (a->ca != NULL)
		gnutls_x509_crt_deinit(a->ca);
	gnutls_free(a->der.data);
	free(a);
}

static void
auth_fetched(void *arg, unsigned char *body, size_t len)
{
	struct scep_auth	*a = arg;

	if (a->cancelled) {
		free(body);
		auth_free(a);
		return;
	}
	a->done = 1;
	a->body = body;
	a->len = len;
	cmd_resume(a->session);
}

static int
auth_accept(struct cmd_ctx *ctx, int yes, void *arg)
{
	struct scep_auth	*a = arg;
	const char		*name = gmatch_str(ctx->match, "$name");
	char			*err = NULL;
	int			 ret = CMD_DONE;

	if (yes != 1)
		term_puts(ctx->term, "% Certificate not accepted\n");
	else if (chain_store(name, CERT_CA, a->der.data, a->der.size,
	    &err) != 0) {
		term_printf(ctx->term, "%s\n", err);
		free(err);
		ret = -1;
	} else
		term_puts(ctx->term, "Trustpoint CA certificate accepted.\n");
	auth_free(a);
	return ret;
}

/* The CA among what GetCACert returned: the self-signed CA certificate. */
static int
auth_pick_ca(struct scep_auth *a)
{
	gnutls_x509_crt_t	 got[CMS_MAX_CERTS];
	unsigned int		 n, i;

	n = scep_parse_cacert(a->body, a->len, got, CMS_MAX_CERTS);
	for (i = 0; i < n; i++) {
		if (a->ca == NULL && cert_is_ca(got[i]) &&
		    cert_signed_by(got[i], got[i]))
			a->ca = got[i];
		else
			gnutls_x509_crt_deinit(got[i]);
	}
	return a->ca != NULL && gnutls_x509_crt_export2(a->ca,
	    GNUTLS_X509_FMT_DER, &a->der) >= 0 ? 0 : -1;
}

static int
auth_resumed(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	struct scep_auth	*a = arg;

	if (answer == NULL) {
		if (a->done)
			auth_free(a);
		else
			a->cancelled = 1;	/* auth_fetched frees it */
		return CMD_DONE;
	}
	if (a->body == NULL || auth_pick_ca(a) != 0) {
		if (a->body == NULL)
			log_msg("%%PKI-3-SOCKETSEND: Failed to send out "
			    "message to CA server.");
		term_printf(ctx->term, "%% Error in receiving Certificate "
		    "Authority certificate: status = FAIL, cert length = %zu\n",
		    a->body == NULL ? (size_t)0 : a->len);
		auth_free(a);
		return -1;
	}
	return authenticate_ask(ctx, a->ca, auth_accept, a);
}

int
scep_authenticate(struct cmd_ctx *ctx, const struct tp_conf *c)
{
	struct scep_auth	*a;
	char			*script, *url;
	int			 rc;

	script = scep_script_url(c->url);
	xasprintf(&url, "%s?operation=GetCACert&message=%s", script, c->name);
	free(script);
	a = xcalloc(1, sizeof *a);
	a->session = ctx->session;
	rc = rev_fetch_start(url, NULL, 0, NULL, auth_fetched, a);
	free(url);
	if (rc != 0) {
		log_msg("%%PKI-3-SOCKETSEND: Failed to send out message to CA "
		    "server.");
		term_puts(ctx->term, "% Error in receiving Certificate "
		    "Authority certificate: status = FAIL, cert length = 0\n");
		free(a);
		return -1;
	}
	rc = cmd_wait(ctx, auth_resumed, a);
	if (rc != CMD_WAIT)
		a->cancelled = 1;	/* auth_fetched frees it */
	return rc;
}

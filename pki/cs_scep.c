/*
 * The certificate server's SCEP side: `ip http server` (on --bind's
 * address, `ip http port`, default 80) answers GET and POST on
 * .../pkiclient.exe with libevent's evhttp on the main loop: GetCACaps,
 * GetCACert, GetCRL (also the form a CRL Distribution Point names) and
 * PKIOperation (PKCSReq, RenewalReq, CertPoll). Anything malformed gets
 * HTTP 400 or a CertRep FAILURE, is counted and logged, and changes
 * nothing: a certificate is only ever issued for a request whose PKCS#10
 * signature holds, signed by the same key, and granted (`grant auto` or
 * `crypto pki server NAME grant`).
 */
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <gnutls/crypto.h>

#include "confdb.h"
#include "evloop.h"
#include "log.h"
#include "pki_cmd.h"
#include "cs.h"
#include "scep.h"
#include "xmalloc.h"

#define CS_HTTP_MAX_BODY	(64 * 1024)
#define CS_HTTP_TIMEOUT		10		/* seconds */
#define CS_NONCES		64

static struct evhttp	*cs_http;
static int		 cs_http_bound;		/* the port listened on */
static int		 cs_http_failed;	/* the port that would not bind */
static char		*cs_http_addr;
/* Sender nonces seen lately: a replayed message is refused. */
static unsigned char	 cs_nonces[CS_NONCES][SCEP_NONCE_LEN];
static unsigned int	 cs_nonce_next;

/* What this server offers (IOS's CA answer to GetCACaps was not
 * captured: this is the set vgw implements). */
static const char cs_caps[] = "POSTPKIOperation\nSHA-256\nSHA-1\nDES3\nAES\n"
    "SCEPStandard\nRenewal\n";

void
cs_http_set_addr(const char *addr)
{
	free(cs_http_addr);
	cs_http_addr = xstrdup(addr);
}

int
cs_http_enabled(void)
{
	struct confnode	*n = confdb_find(NULL, "ip http server");

	return n != NULL && n->match.negate == GNEG_NONE;
}

int
cs_http_port(void)
{
	struct confnode	*n = confdb_find(NULL, "ip http port");

	return n != NULL && n->match.negate == GNEG_NONE ?
	    atoi(confdb_word(n, 3)) : 80;
}

static void
cs_reply(struct evhttp_request *req, int code, const char *type,
    const void *data, size_t len)
{
	struct evbuffer	*buf = evbuffer_new();

	if (type != NULL)
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Content-Type", type);
	evbuffer_add(buf, data, len);
	evhttp_send_reply(req, code, code == 200 ? "OK" : "Bad Request", buf);
	evbuffer_free(buf);
}

static void
cs_bad(struct cs_state *s, struct evhttp_request *req, const char *why)
{
	if (s != NULL)
		s->scep_bad++;
	/* The mnemonic is vgw's: no IOS capture of a bad SCEP message. */
	log_msg("%%PKI-4-CS_BADMSG: Bad SCEP message from %s: %s",
	    evhttp_request_get_host(req) != NULL ?
	    evhttp_request_get_host(req) : "?", why);
	cs_reply(req, 400, "text/plain", why, strlen(why));
}

static int
cs_nonce_replayed(const unsigned char *nonce)
{
	unsigned int	 i;

	for (i = 0; i < CS_NONCES; i++)
		if (memcmp(cs_nonces[i], nonce, SCEP_NONCE_LEN) == 0)
			return 1;
	memcpy(cs_nonces[cs_nonce_next++ % CS_NONCES], nonce, SCEP_NONCE_LEN);
	return 0;
}

/* Did the request's own key sign this message? */
static int
cs_signer_owns(const struct scep_msg *m, const struct cs_request *r)
{
	gnutls_x509_crq_t	 crq;
	unsigned char		 a[64], b[64];
	size_t			 alen = sizeof a, blen = sizeof b;
	int			 ok = 0;

	if (gnutls_x509_crq_init(&crq) < 0)
		return 0;
	if (gnutls_x509_crq_import(crq, &r->csr, GNUTLS_X509_FMT_DER) >= 0 &&
	    gnutls_x509_crq_get_key_id(crq, 0, a, &alen) >= 0 &&
	    gnutls_x509_crt_get_key_id(m->signer, 0, b, &blen) >= 0)
		ok = alen == blen && memcmp(a, b, alen) == 0;
	gnutls_x509_crq_deinit(crq);
	return ok;
}

/* The CertRep for a request's state (r NULL: FAILURE with fail). */
static int
cs_certrep(struct cs_state *s, const struct scep_msg *m,
    struct cs_request *r, int fail, gnutls_datum_t *out)
{
	struct scep_msg		 rep;
	gnutls_x509_crt_t	 issued = NULL;
	gnutls_datum_t		 der = { NULL, 0 }, certs = { NULL, 0 };
	int			 ret;

	memset(&rep, 0, sizeof rep);
	rep.type = SCEP_CERTREP;
	rep.fail = -1;
	strcpy(rep.txid, m->txid);
	memcpy(rep.rnonce, m->snonce, SCEP_NONCE_LEN);
	rep.has_rnonce = m->has_snonce;
	gnutls_rnd(GNUTLS_RND_NONCE, rep.snonce, SCEP_NONCE_LEN);
	rep.has_snonce = 1;
	rep.dig = m->dig;
	rep.cipher = m->cipher;
	if (r == NULL || r->state == CS_REQ_REJECTED) {
		rep.status = SCEP_FAILURE;
		rep.fail = r == NULL ? fail : SCEP_BADREQUEST;
	} else if (r->state == CS_REQ_PENDING)
		rep.status = SCEP_PENDING;
	else {
		rep.status = SCEP_SUCCESS;
		if (cs_issued(s, r, &der) != 0 ||
		    gnutls_x509_crt_init(&issued) < 0 ||
		    gnutls_x509_crt_import(issued, &der, GNUTLS_X509_FMT_DER) <
		    0 || scep_certs_only(&issued, 1, &certs) != 0) {
			rep.status = SCEP_FAILURE;
			rep.fail = SCEP_BADREQUEST;
		} else
			rep.inner = certs;
	}
	ret = scep_msg_build(&rep, s->ca, s->key, m->signer, out);
	if (issued != NULL)
		gnutls_x509_crt_deinit(issued);
	gnutls_free(der.data);
	gnutls_free(certs.data);
	return ret;
}

/* PKCSReq/RenewalReq: a new request (granted or refused at once by
 * `grant auto|none`), or the same one again by its transactionID. */
static struct cs_request *
cs_pkcsreq(struct cs_state *s, const struct scep_msg *m, int *fail)
{
	struct cs_request	*r;
	struct cs_conf		 c;

	*fail = SCEP_BADREQUEST;
	if ((r = cs_request_find_txid(s, m->txid)) != NULL) {
		if (r->csr.size != m->inner.size ||
		    memcmp(r->csr.data, m->inner.data, r->csr.size) != 0)
			return NULL;	/* another request under its name */
		return r;
	}
	if ((r = cs_request_add(s, m->txid, &m->inner)) == NULL)
		return NULL;
	if (m->type == SCEP_PKCSREQ && !cs_signer_owns(m, r)) {
		*fail = SCEP_BADMESSAGECHECK;
		cs_reject(s, r);
		return NULL;
	}
	if (cs_conf_read(s->name, &c) == 0 && c.grant == CS_GRANT_AUTO)
		cs_grant(s, r);
	else if (c.grant == CS_GRANT_NONE)
		cs_reject(s, r);
	return r;
}

static void
cs_pkioperation(struct cs_state *s, struct evhttp_request *req,
    const unsigned char *der, size_t len)
{
	struct scep_msg		 m;
	struct cs_request	*r = NULL;
	gnutls_datum_t		 out = { NULL, 0 };
	const char		*why;
	int			 fail;

	if (scep_msg_parse(der, len, s->key, &m, &why, &fail) != 0) {
		cs_bad(s, req, why);
		return;
	}
	if (!m.has_snonce || cs_nonce_replayed(m.snonce)) {
		scep_msg_free(&m);
		cs_bad(s, req, "no senderNonce, or one seen before");
		return;
	}
	switch (m.type) {
	case SCEP_PKCSREQ:
	case SCEP_RENEWALREQ:
		r = cs_pkcsreq(s, &m, &fail);
		break;
	case SCEP_CERTPOLL:
		fail = SCEP_BADCERTID;
		r = cs_request_find_txid(s, m.txid);
		if (r != NULL && !cs_signer_owns(&m, r)) {
			r = NULL;
			fail = SCEP_BADMESSAGECHECK;
		}
		break;
	default:
		fail = SCEP_BADREQUEST;
		break;
	}
	if (r == NULL)
		s->scep_bad++;
	else
		s->scep_ok++;
	if (cs_certrep(s, &m, r, fail, &out) != 0)
		cs_bad(s, req, "cannot answer");
	else
		cs_reply(req, 200, "application/x-pki-message", out.data,
		    out.size);
	gnutls_free(out.data);
	scep_msg_free(&m);
}

/* The PKIOperation message: the body of a POST, else message=. */
static int
cs_message(struct evhttp_request *req, const char *arg, gnutls_datum_t *out)
{
	struct evbuffer	*in = evhttp_request_get_input_buffer(req);
	size_t		 n = evbuffer_get_length(in);

	if (evhttp_request_get_command(req) == EVHTTP_REQ_POST) {
		if (n == 0 || n > CS_HTTP_MAX_BODY)
			return -1;
		out->data = gnutls_malloc(n);
		out->size = n;
		evbuffer_remove(in, out->data, n);
		return 0;
	}
	return arg != NULL && scep_b64_decode(arg, out) == 0 ? 0 : -1;
}

static void
cs_operation(struct cs_state *s, struct evhttp_request *req, const char *op,
    const char *msg)
{
	gnutls_datum_t	 der = { NULL, 0 };

	if (strcmp(op, "GetCACaps") == 0)
		cs_reply(req, 200, "text/plain", cs_caps, strlen(cs_caps));
	else if (strcmp(op, "GetCACert") == 0) {
		if (gnutls_x509_crt_export2(s->ca, GNUTLS_X509_FMT_DER,
		    &der) >= 0)
			cs_reply(req, 200, "application/x-x509-ca-cert",
			    der.data, der.size);
		gnutls_free(der.data);
	} else if (strcmp(op, "GetCRL") == 0 && msg == NULL) {
		cs_crl_refresh(s);
		cs_reply(req, 200, "application/pkix-crl", s->crl.data,
		    s->crl.size);
	} else if (strcmp(op, "PKIOperation") == 0) {
		if (cs_message(req, msg, &der) != 0)
			cs_bad(s, req, "no message, or one too large");
		else
			cs_pkioperation(s, req, der.data, der.size);
		gnutls_free(der.data);
	} else
		cs_bad(s, req, "unknown operation");
}

static void
cs_http_request(struct evhttp_request *req, void *arg)
{
	const struct evhttp_uri	*uri = evhttp_request_get_evhttp_uri(req);
	const char		*path = evhttp_uri_get_path(uri);
	const char		*query = evhttp_uri_get_query(uri);
	struct confnode		*n = cs_first_node();
	struct evkeyvalq	 args;
	struct cs_state		*s;
	const char		*op;
	size_t			 plen = path != NULL ? strlen(path) : 0;

	if (plen < 13 || strcmp(path + plen - 13, "pkiclient.exe") != 0) {
		cs_reply(req, 404, "text/plain", "not found\n", 10);
		return;
	}
	if (n == NULL || !cs_running(confdb_word(n, 3)) ||
	    (s = cs_state(confdb_word(n, 3))) == NULL) {
		cs_reply(req, 503, "text/plain", "Certificate server is "
		    "disabled\n", 31);
		return;
	}
	TAILQ_INIT(&args);
	if (query == NULL || evhttp_parse_query_str(query, &args) != 0 ||
	    (op = evhttp_find_header(&args, "operation")) == NULL)
		cs_bad(s, req, "no operation");
	else
		cs_operation(s, req, op, evhttp_find_header(&args, "message"));
	evhttp_clear_headers(&args);
}

/* Listens while `ip http server` is configured, on its port. */
void
cs_http_sync(void)
{
	int	 port = cs_http_port();

	if (!cs_http_enabled() || cs_http_addr == NULL) {
		if (cs_http != NULL)
			evhttp_free(cs_http);
		cs_http = NULL;
		cs_http_bound = cs_http_failed = 0;
		return;
	}
	if ((cs_http != NULL && port == cs_http_bound) ||
	    (cs_http == NULL && port == cs_http_failed))
		return;		/* as it was; a failed bind is told once */
	if (cs_http != NULL)
		evhttp_free(cs_http);
	cs_http_bound = port;
	cs_http = evhttp_new(evloop_base());
	evhttp_set_max_body_size(cs_http, CS_HTTP_MAX_BODY);
	evhttp_set_max_headers_size(cs_http, 4 * CS_HTTP_MAX_BODY);
	evhttp_set_timeout(cs_http, CS_HTTP_TIMEOUT);
	evhttp_set_allowed_methods(cs_http, EVHTTP_REQ_GET | EVHTTP_REQ_POST);
	evhttp_set_gencb(cs_http, cs_http_request, NULL);
	if (evhttp_bind_socket(cs_http, cs_http_addr, port) != 0) {
		log_msg("%%HTTP-3-BIND: Cannot listen on %s port %d",
		    cs_http_addr, port);
		evhttp_free(cs_http);
		cs_http = NULL;
		cs_http_failed = port;
	} else
		cs_http_failed = 0;
}

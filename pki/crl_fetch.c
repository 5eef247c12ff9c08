/* CRLs for `revocation-check crl`: fetched over HTTP from a certificate's
 * CRL Distribution Point with libevent's evhttp (on a private base, so
 * verification waits for it as IOS does, at most CRL_FETCH_TIMEOUT), kept
 * in memory until their nextUpdate, and trusted only when the CA's
 * signature on them verifies. Every connection passes egress_check. */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "clock.h"
#include "confdb.h"
#include "egress.h"
#include "log.h"
#include "pki_int.h"
#include "xmalloc.h"

#define CRL_FETCH_TIMEOUT	3		/* seconds */
#define CRL_MAX_SIZE		(1024 * 1024)
#define CRL_CACHE_MAX		32
#define CRL_DEFAULT_LIFE	3600		/* without nextUpdate */

struct crl_entry {
	char			*url;
	unsigned char		*der;
	size_t			 len;
	time_t			 expires;	/* system time */
};
static struct crl_entry	 crl_cache[CRL_CACHE_MAX];

struct crl_fetch {
	struct event_base	*base;
	int			 done;
	int			 status;
	unsigned char		*body;
	size_t			 len;
};

static void
crl_fetch_done(struct evhttp_request *req, void *arg)
{
	struct crl_fetch	*f = arg;
	struct evbuffer		*buf;
	size_t			 n;

	f->done = 1;
	if (req == NULL || (f->status = evhttp_request_get_response_code(req))
	    != 200)
		goto out;
	buf = evhttp_request_get_input_buffer(req);
	n = evbuffer_get_length(buf);
	if (n == 0 || n > CRL_MAX_SIZE)
		goto out;
	f->body = xmalloc(n);
	evbuffer_remove(buf, f->body, n);
	f->len = n;
out:
	event_base_loopbreak(f->base);
}

/* http://HOST[:PORT]/PATH; the host is resolved by crl_resolve so the
 * address passes egress_check before anything is sent. */
static int
crl_url_split(const char *url, char *host, size_t hostsz, int *port,
    const char **path)
{
	const struct evhttp_uri	*u;
	struct evhttp_uri	*uri;
	const char		*h, *p;

	if ((uri = evhttp_uri_parse(url)) == NULL)
		return -1;
	u = uri;
	h = evhttp_uri_get_host(u);
	if (evhttp_uri_get_scheme(u) == NULL || strcmp(evhttp_uri_get_scheme(u),
	    "http") != 0 || h == NULL || strlen(h) >= hostsz) {
		evhttp_uri_free(uri);
		return -1;
	}
	strcpy(host, h);
	*port = evhttp_uri_get_port(u) > 0 ? evhttp_uri_get_port(u) : 80;
	p = strstr(url + 7, "/");
	*path = p != NULL ? p : "/";
	evhttp_uri_free(uri);
	return 0;
}

/* `ip host NAME A.B.C.D ...` of the configuration first, as IOS
 * resolves names; the first address. */
static const char *
crl_ip_host(const char *host)
{
	struct confnode	*n;
	const char	*w1, *w2;

	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n)) {
		if (n->match.nvals < 4 || n->match.negate != GNEG_NONE)
			continue;
		w1 = n->match.vals[1].text;
		w2 = n->match.vals[2].text;
		if (strcmp(n->match.vals[0].text, "ip") == 0 &&
		    strcmp(w1, "host") == 0 && strcasecmp(w2, host) == 0)
			return n->match.vals[3].text;
	}
	return NULL;
}

/* Numeric IPv4 or an `ip host` name only: a DNS query would itself be
 * traffic that egress_check never saw. */
static int
crl_resolve(const char *host, int port, char *addr, size_t addrsz)
{
	struct sockaddr_in	 sin;
	struct sockaddr_storage	 out;
	socklen_t		 outlen;

	if (crl_ip_host(host) != NULL)
		host = crl_ip_host(host);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1)
		return -1;
	if (egress_check((struct sockaddr *)&sin, sizeof sin, &out,
	    &outlen) != 0)
		return -1;
	inet_ntop(AF_INET, &((struct sockaddr_in *)&out)->sin_addr, addr,
	    addrsz);
	return 0;
}

/* One HTTP exchange, GET or (with body) POST, at most CRL_FETCH_TIMEOUT;
 * the response body on 200, else NULL. Shared with the OCSP client. */
unsigned char *
pki_http_fetch(const char *url, const unsigned char *body, size_t bodylen,
    const char *content_type, size_t *len)
{
	struct crl_fetch		 f;
	struct evhttp_connection	*conn;
	struct evhttp_request		*req;
	struct evkeyvalq		*hdr;
	char				 host[256], addr[64];
	const char			*path;
	int				 port;

	if (crl_url_split(url, host, sizeof host, &port, &path) != 0 ||
	    crl_resolve(host, port, addr, sizeof addr) != 0)
		return NULL;
	memset(&f, 0, sizeof f);
	if ((f.base = event_base_new()) == NULL)
		return NULL;
	conn = evhttp_connection_base_new(f.base, NULL, addr, port);
	evhttp_connection_set_timeout(conn, CRL_FETCH_TIMEOUT);
	evhttp_connection_set_retries(conn, 0);
	req = evhttp_request_new(crl_fetch_done, &f);
	hdr = evhttp_request_get_output_headers(req);
	evhttp_add_header(hdr, "Host", host);
	if (body != NULL) {
		evhttp_add_header(hdr, "Content-Type", content_type);
		evbuffer_add(evhttp_request_get_output_buffer(req), body,
		    bodylen);
	}
	if (evhttp_make_request(conn, req, body != NULL ? EVHTTP_REQ_POST :
	    EVHTTP_REQ_GET, path) == 0)
		event_base_dispatch(f.base);
	evhttp_connection_free(conn);
	event_base_free(f.base);
	*len = f.len;
	return f.body;
}

static gnutls_x509_crl_t
crl_parse(const unsigned char *data, size_t len)
{
	gnutls_x509_crl_t	 crl;
	gnutls_datum_t		 d;

	if (gnutls_x509_crl_init(&crl) < 0)
		return NULL;
	d.data = (unsigned char *)data;
	d.size = len;
	if (gnutls_x509_crl_import(crl, &d, GNUTLS_X509_FMT_DER) < 0 &&
	    gnutls_x509_crl_import(crl, &d, GNUTLS_X509_FMT_PEM) < 0) {
		gnutls_x509_crl_deinit(crl);
		return NULL;
	}
	return crl;
}

static struct crl_entry *
crl_cache_get(const char *url)
{
	struct crl_entry	*e, *slot = &crl_cache[0];
	unsigned char		*der;
	gnutls_x509_crl_t	 crl;
	time_t			 next;
	size_t			 len, i;

	for (i = 0; i < CRL_CACHE_MAX; i++) {
		e = &crl_cache[i];
		if (e->url != NULL && strcmp(e->url, url) == 0 &&
		    e->expires > time(NULL))
			return e;
		if (e->url == NULL || e->expires < slot->expires)
			slot = e;
	}
	if ((der = pki_http_fetch(url, NULL, 0, NULL, &len)) == NULL)
		return NULL;
	if ((crl = crl_parse(der, len)) == NULL) {
		free(der);
		return NULL;
	}
	next = gnutls_x509_crl_get_next_update(crl);
	gnutls_x509_crl_deinit(crl);
	free(slot->url);
	free(slot->der);
	slot->url = xstrdup(url);
	slot->der = der;
	slot->len = len;
	slot->expires = time(NULL) + (next > router_clock_now() ?
	    next - router_clock_now() : CRL_DEFAULT_LIFE);
	return slot;
}

/* A CRL counts only when one of the CA certificates signed it. */
int
crl_signed(gnutls_x509_crl_t crl, const gnutls_x509_crt_t *cas,
    unsigned int ncas)
{
	unsigned int	 status = 0;

	return gnutls_x509_crl_verify(crl, cas, ncas,
	    GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1 | GNUTLS_VERIFY_ALLOW_SIGN_RSA_MD5,
	    &status) == 0 && status == 0;
}

unsigned int
crl_collect(const gnutls_x509_crt_t *chain, unsigned int n,
    const gnutls_x509_crt_t *cas, unsigned int ncas,
    gnutls_x509_crl_t *out, unsigned int max)
{
	struct crl_entry	*e;
	gnutls_x509_crl_t	 crl;
	char			 url[1024];
	size_t			 sz;
	unsigned int		 i, k, reasons, crit, nout = 0;
	int			 type;

	for (i = 0; i < n && nout < max; i++) {
		for (k = 0; k < 4 && nout < max; k++) {
			sz = sizeof url - 1;
			type = gnutls_x509_crt_get_crl_dist_points(chain[i], k,
			    url, &sz, &reasons, &crit);
			if (type < 0)
				break;
			if (type != GNUTLS_SAN_URI)
				continue;
			url[sz] = '\0';
			if ((e = crl_cache_get(url)) == NULL ||
			    (crl = crl_parse(e->der, e->len)) == NULL)
				continue;
			if (crl_signed(crl, cas, ncas))
				out[nout++] = crl;
			else
				gnutls_x509_crl_deinit(crl);
		}
	}
	return nout;
}

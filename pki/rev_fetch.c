/*
 * Revocation data fetched without blocking: HTTP GETs (CRLs) and POSTs
 * (OCSP) with libevent's evhttp on the main loop, each bounded by
 * REV_FETCH_TIMEOUT, egress-checked before anything is sent. A TLS peer
 * whose verification needs data not yet cached is accepted by the
 * handshake but held by sipua in a verifying state (pki_verify_finish);
 * when the last fetch in flight ends, each held verification runs again
 * on what is now cached, and its connection is told. No nested loop.
 */
#include <sys/queue.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "confdb.h"
#include "egress.h"
#include "evloop.h"
#include "pki.h"
#include "pki_int.h"
#include "xmalloc.h"

#define REV_FETCH_TIMEOUT	3		/* seconds, as IOS waits */
#define REV_MAX_SIZE		(1024 * 1024)
#define REV_MAX_ROUNDS		4		/* verify, fetch, verify again */

struct rev_fetch {
	struct evhttp_connection *conn;
	rev_fetch_fn		 done;
	void			*arg;
	TAILQ_ENTRY(rev_fetch)	 entry;
};

/* A TLS peer accepted by the handshake, verified again when the fetches
 * it waits for have ended. done is NULL until the handshake is over. */
struct rev_waiter {
	gnutls_session_t	 session;
	char			*trustpoint;
	int			 rounds;
	void			 (*done)(void *, int);
	void			*arg;
	TAILQ_ENTRY(rev_waiter)	 entry;
};

static TAILQ_HEAD(, rev_fetch)	 rev_fetches =
    TAILQ_HEAD_INITIALIZER(rev_fetches);
static TAILQ_HEAD(, rev_waiter)	 rev_waiters =
    TAILQ_HEAD_INITIALIZER(rev_waiters);
/* Lookups that found nothing cached during the verification running now
 * (pki_verify_peer resets and reads it; one thread, one verification). */
static int			 rev_missing;

void
rev_note_missing(void)
{
	rev_missing++;
}

int
rev_missing_take(void)
{
	int	 n = rev_missing;

	rev_missing = 0;
	return n;
}

int
rev_fetches_in_flight(void)
{
	return !TAILQ_EMPTY(&rev_fetches);
}

/* http://HOST[:PORT]/PATH */
static int
rev_url_split(const char *url, char *host, size_t hostsz, int *port,
    const char **path)
{
	struct evhttp_uri	*uri;
	const char		*h, *p;

	if ((uri = evhttp_uri_parse(url)) == NULL)
		return -1;
	h = evhttp_uri_get_host(uri);
	if (evhttp_uri_get_scheme(uri) == NULL || strcmp(
	    evhttp_uri_get_scheme(uri), "http") != 0 || h == NULL ||
	    strlen(h) >= hostsz) {
		evhttp_uri_free(uri);
		return -1;
	}
	strcpy(host, h);
	*port = evhttp_uri_get_port(uri) > 0 ? evhttp_uri_get_port(uri) : 80;
	p = strstr(url + 7, "/");
	*path = p != NULL ? p : "/";
	evhttp_uri_free(uri);
	return 0;
}

/* `ip host NAME A.B.C.D ...` of the configuration first, as IOS
 * resolves names; the first address. */
static const char *
rev_ip_host(const char *host)
{
	struct confnode	*n;

	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n)) {
		if (n->match.nvals < 4 || n->match.negate != GNEG_NONE)
			continue;
		if (strcmp(n->match.vals[0].text, "ip") == 0 &&
		    strcmp(n->match.vals[1].text, "host") == 0 &&
		    strcasecmp(n->match.vals[2].text, host) == 0)
			return n->match.vals[3].text;
	}
	return NULL;
}

/* Numeric IPv4 or an `ip host` name only: a DNS query would itself be
 * traffic that egress_check never saw. */
static int
rev_resolve(const char *host, int port, char *addr, size_t addrsz)
{
	struct sockaddr_in	 sin;
	struct sockaddr_storage	 out;
	socklen_t		 outlen;

	if (rev_ip_host(host) != NULL)
		host = rev_ip_host(host);
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

static void	rev_waiters_run(void);

/* The connection is freed later: evhttp still runs this request's
 * callback chain when it calls us. */
static void
rev_conn_free_cb(evutil_socket_t fd, short what, void *arg)
{
	evhttp_connection_free(arg);
}

static void
rev_fetch_done(struct evhttp_request *req, void *arg)
{
	struct rev_fetch	*f = arg;
	struct evbuffer		*buf;
	unsigned char		*body = NULL;
	size_t			 n = 0;

	if (req != NULL && evhttp_request_get_response_code(req) == 200) {
		buf = evhttp_request_get_input_buffer(req);
		n = evbuffer_get_length(buf);
		if (n > 0 && n <= REV_MAX_SIZE) {
			body = xmalloc(n);
			evbuffer_remove(buf, body, n);
		} else
			n = 0;
	}
	TAILQ_REMOVE(&rev_fetches, f, entry);
	event_base_once(evloop_base(), -1, EV_TIMEOUT, rev_conn_free_cb,
	    f->conn, NULL);
	f->done(f->arg, body, n);
	free(f);
	if (!rev_fetches_in_flight())
		rev_waiters_run();
}

int
rev_fetch_start(const char *url, const unsigned char *body, size_t bodylen,
    const char *content_type, rev_fetch_fn done, void *arg)
{
	struct rev_fetch	*f;
	struct evhttp_request	*req;
	struct evkeyvalq	*hdr;
	char			 host[256], addr[64];
	const char		*path;
	int			 port;

	if (rev_url_split(url, host, sizeof host, &port, &path) != 0 ||
	    rev_resolve(host, port, addr, sizeof addr) != 0)
		return -1;
	f = xcalloc(1, sizeof *f);
	f->done = done;
	f->arg = arg;
	f->conn = evhttp_connection_base_new(evloop_base(), NULL, addr, port);
	evhttp_connection_set_timeout(f->conn, REV_FETCH_TIMEOUT);
	evhttp_connection_set_retries(f->conn, 0);
	req = evhttp_request_new(rev_fetch_done, f);
	hdr = evhttp_request_get_output_headers(req);
	evhttp_add_header(hdr, "Host", host);
	if (body != NULL) {
		evhttp_add_header(hdr, "Content-Type", content_type);
		evbuffer_add(evhttp_request_get_output_buffer(req), body,
		    bodylen);
	}
	TAILQ_INSERT_TAIL(&rev_fetches, f, entry);
	if (evhttp_make_request(f->conn, req, body != NULL ? EVHTTP_REQ_POST :
	    EVHTTP_REQ_GET, path) != 0) {
		/* The request is freed by evhttp on failure. */
		TAILQ_REMOVE(&rev_fetches, f, entry);
		evhttp_connection_free(f->conn);
		free(f);
		return -1;
	}
	return 0;
}

static struct rev_waiter *
rev_waiter_find(gnutls_session_t session)
{
	struct rev_waiter	*w;

	TAILQ_FOREACH(w, &rev_waiters, entry) {
		if (w->session == session)
			return w;
	}
	return NULL;
}

void
rev_waiter_add(gnutls_session_t session, const char *trustpoint)
{
	struct rev_waiter	*w;

	if (rev_waiter_find(session) != NULL)
		return;
	w = xcalloc(1, sizeof *w);
	w->session = session;
	w->trustpoint = xstrdup(trustpoint);
	TAILQ_INSERT_TAIL(&rev_waiters, w, entry);
}

static void
rev_waiter_free(struct rev_waiter *w)
{
	TAILQ_REMOVE(&rev_waiters, w, entry);
	free(w->trustpoint);
	free(w);
}

/* Verifies again: 0 trusted, -1 not, PKI_VERIFY_PENDING still waiting
 * for data (after REV_MAX_ROUNDS: not trusted). */
static int
rev_waiter_verify(struct rev_waiter *w)
{
	int	 ret;

	ret = pki_verify_peer(w->trustpoint, w->session, NULL);
	if (ret == PKI_VERIFY_PENDING && ++w->rounds >= REV_MAX_ROUNDS)
		ret = -1;
	return ret;
}

static void
rev_waiters_run(void)
{
	struct rev_waiter	*w, *next;
	void			 (*done)(void *, int);
	void			*arg;
	int			 ret;

	for (w = TAILQ_FIRST(&rev_waiters); w != NULL; w = next) {
		next = TAILQ_NEXT(w, entry);
		if (w->done == NULL)
			continue;
		if ((ret = rev_waiter_verify(w)) == PKI_VERIFY_PENDING)
			continue;
		done = w->done;
		arg = w->arg;
		rev_waiter_free(w);
		/* done may close its connection (pki_verify_cancel finds
		 * nothing) or start another verification: start over. */
		done(arg, ret == 0);
		next = TAILQ_FIRST(&rev_waiters);
	}
}

int
pki_verify_finish(gnutls_session_t session, void (*done)(void *, int),
    void *arg)
{
	struct rev_waiter	*w;
	int			 ret;

	if ((w = rev_waiter_find(session)) == NULL)
		return 0;
	if (!rev_fetches_in_flight() &&
	    (ret = rev_waiter_verify(w)) != PKI_VERIFY_PENDING) {
		rev_waiter_free(w);
		return ret == 0 ? 0 : -1;
	}
	w->done = done;
	w->arg = arg;
	return PKI_VERIFY_PENDING;
}

void
pki_verify_cancel(gnutls_session_t session)
{
	struct rev_waiter	*w;

	if ((w = rev_waiter_find(session)) != NULL)
		rev_waiter_free(w);
}

/* SIP transports on the event loop: the UDP socket and the TCP and TLS
 * listeners (opened and closed as `transport` says), accepted and outbound
 * stream connections, their read framing and write queues, and aging.
 * What a message means is message.c's business; TLS details are tls.c's. */
#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "egress.h"
#include "evloop.h"
#include "log.h"
#include "sipua_int.h"
#include "xmalloc.h"

#define SIP_MAX_MESSAGE		65535
#define UDP_BATCH		64
/* A peer that stops reading cannot make vgw queue without bound. */
#define WRITEQ_MAX		256

struct sipua_listen	 sipua_listen = { "127.0.0.1", 5060, 5061 };

struct listener {
	int		 fd;
	struct event	*ev;
};

static struct listener	 listeners[SIPT_COUNT] = {
	{ -1, NULL }, { -1, NULL }, { -1, NULL }
};
static struct event	*sweep_ev;
/* A listener that could not open is retried at every configuration change
 * but reported once per address and port, not once per command typed:
 * the report is forgotten when the listener opens or its transport is
 * turned off, and a new address or port is reported afresh. */
struct listen_report {
	int		 port;		/* 0: nothing reported */
	char		 bind[64];
};
static struct listen_report listen_reported[SIPT_COUNT];
static char		 io_buf[SIP_MAX_MESSAGE + 1];

static void	stream_read_cb(evutil_socket_t, short, void *);
static void	stream_write_cb(evutil_socket_t, short, void *);
static void	stream_flush(struct sip_conn *);

time_t
sipua_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

int
transport_is_listening(enum sip_transport t)
{
	return listeners[t].fd != -1;
}

static int
listen_port(enum sip_transport t)
{
	return t == SIPT_TLS ? sipua_listen.tls_port : sipua_listen.sip_port;
}

/* Should the failure to open t's listener be reported? Once per port. */
static int
listen_report_first(enum sip_transport t)
{
	struct listen_report	*r = &listen_reported[t];

	if (r->port == listen_port(t) && strcmp(r->bind, sipua_listen.bind) == 0)
		return 0;
	r->port = listen_port(t);
	snprintf(r->bind, sizeof r->bind, "%s", sipua_listen.bind);
	return 1;
}

static void
listen_report_forget(enum sip_transport t)
{
	listen_reported[t].port = 0;
}

static int
listen_addr(enum sip_transport t, struct sockaddr_storage *ss,
    socklen_t *len)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*s6 = (struct sockaddr_in6 *)ss;
	int			 port;

	port = listen_port(t);
	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, sipua_listen.bind, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*len = sizeof *sin;
		return 0;
	}
	if (inet_pton(AF_INET6, sipua_listen.bind, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof *s6;
		return 0;
	}
	return -1;
}

static void	udp_read_cb(evutil_socket_t, short, void *);
static void	listen_accept_cb(evutil_socket_t, short, void *);

static int
listener_open(enum sip_transport t)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	int			 fd, one = 1;
	struct listener		*l = &listeners[t];

	if (listen_addr(t, &ss, &len) != 0) {
		if (listen_report_first(t))
			log_msg("%%SIP-3-SOCKET: bad bind address %s",
			    sipua_listen.bind);
		return -1;
	}
	fd = socket(ss.ss_family, (t == SIPT_UDP ? SOCK_DGRAM : SOCK_STREAM) |
	    SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		if (listen_report_first(t))
			log_msg("%%SIP-3-SOCKET: cannot open a socket: %s",
			    strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, len) == -1 ||
	    (t != SIPT_UDP && listen(fd, 1024) == -1)) {
		if (listen_report_first(t))
			log_msg("%%SIP-3-SOCKET: cannot listen on %s %s:%d: %s",
			    t == SIPT_UDP ? "UDP" : "TCP", sipua_listen.bind,
			    listen_port(t), strerror(errno));
		close(fd);
		return -1;
	}
	if (t == SIPT_UDP) {
		int	size = 4 * 1024 * 1024;
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	}
	listen_report_forget(t);
	l->fd = fd;
	l->ev = event_new(evloop_base(), fd, EV_READ | EV_PERSIST,
	    t == SIPT_UDP ? udp_read_cb : listen_accept_cb,
	    (void *)(intptr_t)t);
	event_add(l->ev, NULL);
	return 0;
}

static void
listener_close(enum sip_transport t)
{
	struct listener		*l = &listeners[t];
	struct conn_table	*ct = conn_table_get(t);
	struct sip_conn		*c;

	if (l->fd == -1)
		return;
	event_free(l->ev);
	close(l->fd);
	l->ev = NULL;
	l->fd = -1;
	/* `no transport X` stops that transport at once, its connections too. */
	while ((c = TAILQ_FIRST(&ct->list)) != NULL)
		transport_close(c, 0);
}

static void sweep_cb(evutil_socket_t, short, void *);

int
transport_apply(void)
{
	int		 t, rc = 0;
	struct timeval	 tv = { 1, 0 };

	if (sweep_ev == NULL) {
		sweep_ev = event_new(evloop_base(), -1, EV_PERSIST, sweep_cb,
		    NULL);
		event_add(sweep_ev, &tv);
	}
	for (t = 0; t < SIPT_COUNT; t++) {
		if (sipua_conf.enabled[t] && listeners[t].fd == -1) {
			if (listener_open(t) != 0)
				rc = -1;
		} else if (!sipua_conf.enabled[t]) {
			listener_close(t);
			listen_report_forget(t);
		}
	}
	return rc;
}

void
transport_shutdown(void)
{
	int			 t;
	struct sip_conn		*c;
	struct conn_table	*ct;

	for (t = 0; t < SIPT_COUNT; t++) {
		listener_close(t);
		ct = conn_table_get(t);
		while ((c = TAILQ_FIRST(&ct->list)) != NULL)
			transport_close(c, 0);
	}
	if (sweep_ev != NULL)
		event_free(sweep_ev);
	sweep_ev = NULL;
}

static void
conn_free_outq(struct sip_conn *c, struct conn_table *ct)
{
	struct sip_outmsg	*m;

	while ((m = TAILQ_FIRST(&c->outq)) != NULL) {
		TAILQ_REMOVE(&c->outq, m, entry);
		free(m);
		ct->stats.send_failures++;
	}
	c->writeq_size = 0;
}

void
transport_close(struct sip_conn *c, int remote_closed)
{
	struct conn_table	*ct = conn_table_get(c->transport);

	if (remote_closed)
		ct->stats.remote_closures++;
	sipua_debug_event("%s connection %d to %s:%u closed%s",
	    sip_transport_name(c->transport), c->id, c->remote_host,
	    c->remote_port, remote_closed ? " by the remote end" : "");
	conn_free_outq(c, ct);
	if (c->ev_read != NULL)
		event_free(c->ev_read);
	if (c->ev_write != NULL)
		event_free(c->ev_write);
	tls_conn_free(c);
	if (c->fd != -1)
		close(c->fd);
	conn_table_remove(ct, c);
	sbuf_free(&c->in);
	free(c->trustpoint);
	free(c);
}

/* UDP: one table entry per remote address and port, as IOS shows them. */
static struct sip_conn *
udp_conn_get(const struct sockaddr *sa, socklen_t salen)
{
	struct conn_table	*ct = conn_table_get(SIPT_UDP);
	struct sip_conn		*c;

	struct sip_conn		*oldest = NULL, *o;

	if ((c = conn_table_find_remote(ct, sa, salen)) != NULL)
		return c;
	/* A full UDP table ages out its most idle entry rather than go deaf
	 * to new peers: UDP entries hold no socket. */
	if (ct->count >= ct->max) {
		TAILQ_FOREACH(o, &ct->list, entry)
			if (oldest == NULL || o->last_active < oldest->last_active)
				oldest = o;
		if (oldest != NULL) {
			ct->stats.ageouts++;
			transport_close(oldest, 0);
		}
	}
	if ((c = conn_table_add(ct, sa, salen)) == NULL)
		return NULL;
	c->started = c->last_active = sipua_now();
	return c;
}

static void
udp_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	struct sip_conn		*c;
	ssize_t			 n;
	int			 i;
	time_t			 now = sipua_now();

	for (i = 0; i < UDP_BATCH; i++) {
		sslen = sizeof ss;
		n = recvfrom(fd, io_buf, SIP_MAX_MESSAGE, 0,
		    (struct sockaddr *)&ss, &sslen);
		if (n <= 0)
			return;
		if ((c = udp_conn_get((struct sockaddr *)&ss, sslen)) == NULL) {
			conn_table_get(SIPT_UDP)->stats.conn_failures++;
			continue;
		}
		c->last_active = now;
		io_buf[n] = '\0';
		message_receive(c, io_buf, n);
	}
}

static struct sip_conn *
stream_conn_new(enum sip_transport t, int fd, const struct sockaddr *sa,
    socklen_t salen)
{
	struct conn_table	*ct = conn_table_get(t);
	struct sip_conn		*c;
	int			 one = 1;

	if ((c = conn_table_add(ct, sa, salen)) == NULL) {
		ct->stats.conn_failures++;
		close(fd);
		return NULL;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	c->fd = fd;
	c->started = c->last_active = sipua_now();
	c->ev_read = event_new(evloop_base(), fd, EV_READ | EV_PERSIST,
	    stream_read_cb, c);
	c->ev_write = event_new(evloop_base(), fd, EV_WRITE, stream_write_cb,
	    c);
	return c;
}

static void
listener_resume(evutil_socket_t fd, short what, void *arg)
{
	enum sip_transport	t = (enum sip_transport)(intptr_t)arg;

	if (listeners[t].ev != NULL)
		event_add(listeners[t].ev, NULL);
}

/* Out of descriptors: the pending connection stays in the backlog, so the
 * listener would wake the loop at once, forever. Count it and listen again
 * in a second. */
static void
listener_pause(enum sip_transport t)
{
	struct timeval	tv = { 1, 0 };

	conn_table_get(t)->stats.conn_failures++;
	event_del(listeners[t].ev);
	event_base_once(evloop_base(), -1, EV_TIMEOUT, listener_resume,
	    (void *)(intptr_t)t, &tv);
}

static void
listen_accept_cb(evutil_socket_t lfd, short what, void *arg)
{
	enum sip_transport	 t = (enum sip_transport)(intptr_t)arg;
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
	struct sip_conn		*c;
	int			 fd, i;

	for (i = 0; i < 64; i++) {
		sslen = sizeof ss;
		fd = accept4(lfd, (struct sockaddr *)&ss, &sslen,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM)
				listener_pause(t);
			return;
		}
		if ((c = stream_conn_new(t, fd, (struct sockaddr *)&ss,
		    sslen)) == NULL)
			continue;
		sipua_debug_event("%s connection %d accepted from %s:%u",
		    sip_transport_name(t), c->id, c->remote_host,
		    c->remote_port);
		if (t == SIPT_TLS && tls_conn_start(c, 1) != 0) {
			transport_close(c, 0);
			continue;
		}
		event_add(c->ev_read, NULL);
	}
}

/* Hands every complete message in c->in to message.c. Returns -1 when the
 * framing is broken and the connection must go. */
static int
stream_deliver(struct sip_conn *c)
{
	ssize_t	n;
	size_t	used = 0;

	while (c->state != CONN_CLOSING && used < c->in.len) {
		n = message_frame(c->in.data + used, c->in.len - used,
		    SIP_MAX_MESSAGE);
		if (n < 0) {
			conn_table_get(c->transport)->stats.malformed++;
			return -1;
		}
		if (n == 0)
			break;
		message_receive(c, c->in.data + used, n);
		used += n;
	}
	if (used > 0) {
		memmove(c->in.data, c->in.data + used, c->in.len - used);
		c->in.len -= used;
		c->in.data[c->in.len] = '\0';
	}
	if (c->in.len == 0) {
		sbuf_free(&c->in);	/* idle connections stay small */
		c->partial_since = 0;
	} else if (used > 0 || c->partial_since == 0)
		c->partial_since = sipua_now();
	return 0;
}

static void
stream_want_write(struct sip_conn *c)
{
	if (!TAILQ_EMPTY(&c->outq) || c->state == CONN_CONNECTING ||
	    (c->state == CONN_HANDSHAKE && tls_conn_want_write(c)))
		event_add(c->ev_write, NULL);
}

/* Returns 1 when the connection was closed. */
static int
stream_handshake(struct sip_conn *c)
{
	int	rc = tls_conn_handshake(c);

	if (rc < 0) {
		transport_close(c, 0);
		return 1;
	}
	if (rc == 0) {
		stream_want_write(c);
		return 0;
	}
	stream_flush(c);
	return 0;
}

/* A TLS connection whose peer is still being verified reads nothing:
 * what the peer sent waits in the socket. */
void
transport_pause(struct sip_conn *c)
{
	event_del(c->ev_read);
}

/* Verified: read what waited (GnuTLS may hold records already) and send
 * what was queued. */
void
transport_resume(struct sip_conn *c)
{
	event_add(c->ev_read, NULL);
	event_active(c->ev_read, EV_READ, 0);
	stream_want_write(c);
}

static ssize_t
stream_read_some(struct sip_conn *c, char *buf, size_t len)
{
	ssize_t	n;

	if (c->transport == SIPT_TLS)
		return tls_conn_read(c, buf, len);
	n = read(c->fd, buf, len);
	if (n > 0)
		return n;
	if (n == 0)
		return -2;
	if (errno == EAGAIN || errno == EINTR)
		return 0;
	return errno == ECONNRESET ? -2 : -1;
}

static void
stream_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct sip_conn	*c = arg;
	ssize_t		 n;
	int		 i;

	if (c->state == CONN_HANDSHAKE) {
		if (stream_handshake(c) || c->state == CONN_HANDSHAKE)
			return;
	}
	for (i = 0; i < 16; i++) {
		n = stream_read_some(c, io_buf, sizeof io_buf - 1);
		if (n == 0)
			break;
		if (n < 0) {
			transport_close(c, n == -2);
			return;
		}
		c->last_active = sipua_now();
		sbuf_add(&c->in, io_buf, n);
		/* Deliver as it comes: what stays behind is at most one
		 * message in progress, which message_frame bounds. */
		if (stream_deliver(c) != 0 || c->state == CONN_CLOSING) {
			transport_close(c, 0);
			return;
		}
	}
}

static int
stream_connect_done(struct sip_conn *c)
{
	int		 err = 0;
	socklen_t	 len = sizeof err;

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1 ||
	    err != 0) {
		conn_table_get(c->transport)->stats.conn_failures++;
		transport_close(c, 0);
		return -1;
	}
	event_add(c->ev_read, NULL);
	if (c->transport == SIPT_TLS) {
		if (tls_conn_start(c, 0) != 0) {
			transport_close(c, 0);
			return -1;
		}
		return stream_handshake(c) ? -1 : 0;
	}
	c->state = CONN_ESTABLISHED;
	return 0;
}

static ssize_t
stream_write_some(struct sip_conn *c, const char *buf, size_t len)
{
	ssize_t	n;

	if (c->transport == SIPT_TLS)
		return tls_conn_write(c, buf, len);
	n = send(c->fd, buf, len, MSG_NOSIGNAL);
	if (n >= 0)
		return n;
	return errno == EAGAIN || errno == EINTR ? 0 : -1;
}

/*
 * Writes what the queue holds. On a write error the connection is marked
 * closing and closed from its own write event, never here: the caller may
 * be in the middle of handling a message received on it.
 */
static void
stream_flush(struct sip_conn *c)
{
	struct sip_outmsg	*m;
	ssize_t			 n;

	while (c->state == CONN_ESTABLISHED &&
	    (m = TAILQ_FIRST(&c->outq)) != NULL) {
		n = stream_write_some(c, m->data + m->off, m->len - m->off);
		if (n < 0) {
			c->state = CONN_CLOSING;
			event_active(c->ev_write, EV_WRITE, 0);
			return;
		}
		if (n == 0)
			break;
		m->off += n;
		if (m->off < m->len)
			continue;
		TAILQ_REMOVE(&c->outq, m, entry);
		c->writeq_size--;
		free(m);
	}
	stream_want_write(c);
}

static void
stream_write_cb(evutil_socket_t fd, short what, void *arg)
{
	struct sip_conn	*c = arg;

	if (c->state == CONN_CLOSING) {
		transport_close(c, 0);
		return;
	}
	if (c->state == CONN_CONNECTING) {
		if (stream_connect_done(c) != 0)
			return;
		if (c->state == CONN_HANDSHAKE)
			return;
	}
	if (c->state == CONN_HANDSHAKE) {
		stream_handshake(c);
		return;
	}
	stream_flush(c);
}

static int
udp_send(struct sip_conn *c, const char *msg, size_t len)
{
	struct conn_table	*ct = conn_table_get(SIPT_UDP);
	struct sockaddr_storage	 dst;
	socklen_t		 dstlen;

	c->writeq_size = 1;
	conn_table_note_writeq(ct, c);
	c->writeq_size = 0;
	if (egress_check((struct sockaddr *)&c->remote, c->remote_len,
	    &dst, &dstlen) != 0) {
		ct->stats.conn_failures++;
		return -1;
	}
	if (listeners[SIPT_UDP].fd == -1 ||
	    sendto(listeners[SIPT_UDP].fd, msg, len, 0,
	    (struct sockaddr *)&dst, dstlen) != (ssize_t)len) {
		ct->stats.send_failures++;
		return -1;
	}
	c->last_active = sipua_now();
	return 0;
}

int
transport_send(struct sip_conn *c, const char *msg, size_t len)
{
	struct sip_outmsg	*m;

	sipua_debug_message("Sent", msg, len);
	if (c->transport == SIPT_UDP)
		return udp_send(c, msg, len);
	if (c->state == CONN_CLOSING || c->writeq_size >= WRITEQ_MAX) {
		conn_table_get(c->transport)->stats.send_failures++;
		return -1;
	}
	m = xmalloc(sizeof *m + len);
	memcpy(m->data, msg, len);
	m->len = len;
	m->off = 0;
	TAILQ_INSERT_TAIL(&c->outq, m, entry);
	c->writeq_size++;
	conn_table_note_writeq(conn_table_get(c->transport), c);
	c->last_active = sipua_now();
	if (c->writeq_size == 1)
		stream_flush(c);
	return 0;
}

static struct sip_conn *
stream_connect(enum sip_transport t, const struct sockaddr *sa,
    socklen_t salen)
{
	struct conn_table	*ct = conn_table_get(t);
	struct sockaddr_storage	 dst;
	socklen_t		 dstlen;
	struct sip_conn		*c;
	int			 fd;

	if (egress_check(sa, salen, &dst, &dstlen) != 0) {
		ct->stats.conn_failures++;
		return NULL;
	}
	fd = socket(dst.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd == -1 || (connect(fd, (struct sockaddr *)&dst, dstlen) == -1 &&
	    errno != EINPROGRESS)) {
		if (fd != -1)
			close(fd);
		ct->stats.conn_failures++;
		return NULL;
	}
	if ((c = stream_conn_new(t, fd, sa, salen)) == NULL)
		return NULL;
	c->outbound = 1;
	c->state = CONN_CONNECTING;
	event_add(c->ev_write, NULL);
	return c;
}

int
transport_send_to(enum sip_transport t, const struct sockaddr *sa,
    socklen_t salen, const char *msg, size_t len)
{
	struct conn_table	*ct = conn_table_get(t);
	struct sip_conn		*c;

	if ((c = conn_table_find_remote(ct, sa, salen)) == NULL) {
		if (t == SIPT_UDP) {
			if ((c = udp_conn_get(sa, salen)) == NULL) {
				ct->stats.conn_failures++;
				return -1;
			}
		} else if ((c = stream_connect(t, sa, salen)) == NULL)
			return -1;
	}
	return transport_send(c, msg, len);
}

/* Idle connections age out (timers connection aging); TLS handshakes
 * longer than `tls establish` fail. */
void
transport_age(time_t now)
{
	struct conn_table	*ct;
	struct sip_conn		*c, *next;
	time_t			 limit;
	int			 t;

	for (t = 0; t < SIPT_COUNT; t++) {
		ct = conn_table_get(t);
		limit = 60 * (t == SIPT_TLS ? sipua_conf.tls_aging_minutes :
		    sipua_conf.aging_minutes);
		for (c = TAILQ_FIRST(&ct->list); c != NULL; c = next) {
			next = TAILQ_NEXT(c, entry);
			if (c->state == CONN_HANDSHAKE && now - c->started >=
			    sipua_conf.tls_establish_seconds) {
				ct->stats.handshake_errors++;
				transport_close(c, 0);
			} else if (c->state == CONN_CONNECTING &&
			    now - c->started >= 30) {
				ct->stats.conn_failures++;
				transport_close(c, 0);
			} else if (c->partial_since != 0 &&
			    now - c->partial_since >= SIP_PARTIAL_SECONDS) {
				/* A message begun and never finished (one
				 * byte a second holds nothing for long). */
				ct->stats.ageouts++;
				sipua_debug_event("%s connection from %s:%u "
				    "closed: no complete message in %d s",
				    sip_transport_name(t), c->remote_host,
				    c->remote_port, SIP_PARTIAL_SECONDS);
				transport_close(c, 0);
			} else if (limit > 0 && now - c->last_active >= limit &&
			    c->writeq_size == 0) {
				ct->stats.ageouts++;
				transport_close(c, 0);
			}
		}
	}
}

static void
sweep_cb(evutil_socket_t fd, short what, void *arg)
{
	transport_age(sipua_now());
}

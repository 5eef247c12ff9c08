/* Media: RTP with oRTP (Debian's libortp), one session per call, G.711
 * (or the negotiated codec's payload size) every 20 ms, silence as the
 * "tone". oRTP runs without its scheduler thread and in non-blocking
 * mode: one 20 ms libevent timer sends a packet on every active stream and
 * drains what arrived, so media never blocks the loop and costs one timer
 * however many calls there are. Counters come from oRTP's statistics.
 * The far end's address passes the egress rules like signalling does. */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <event2/event.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <ortp/ortp.h>

#include "call.h"
#include "egress.h"
#include "evloop.h"
#include "xmalloc.h"

struct rtp_stream {
	RtpSession		*s;
	int			 started;
	int			 pt, bytes;
	uint32_t		 ts, rts;
	struct rtp_stream	*next, *prev;
};

static struct rtp_stream	*streams;
static struct event		*tick;
static int			 nactive, ortp_up;

static void
ortp_quiet(const char *domain, OrtpLogLevel lev, const char *fmt, va_list ap)
{
}

static void
rtp_lib_init(void)
{
	if (ortp_up)
		return;
	ortp_init();
	ortp_set_log_handler(ortp_quiet);
	ortp_up = 1;
}

static void
tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct rtp_stream	*st;
	uint8_t			 pay[240];
	mblk_t			*m;
	int			 n;

	for (st = streams; st != NULL; st = st->next) {
		if (!st->started)
			continue;
		memset(pay, st->pt == 8 ? 0xD5 : st->pt == 0 ? 0xFF : 0,
		    st->bytes);
		rtp_session_send_with_ts(st->s, pay, st->bytes, st->ts);
		st->ts += 160;
		/* Drain: oRTP reads the socket and queues; take them all. */
		for (n = 0; n < 16; n++) {
			if ((m = rtp_session_recvm_with_ts(st->s, st->rts)) ==
			    NULL)
				break;
			freemsg(m);
		}
		st->rts += 160;
	}
}

struct rtp_stream *
rtp_open(int *port)
{
	struct rtp_stream	*st;
	const char		*host = stack_local_host();

	rtp_lib_init();
	st = xcalloc(1, sizeof *st);
	st->s = rtp_session_new(RTP_SESSION_SENDRECV);
	rtp_session_set_scheduling_mode(st->s, 0);
	rtp_session_set_blocking_mode(st->s, 0);
	rtp_session_enable_jitter_buffer(st->s, FALSE);
	rtp_session_enable_rtcp(st->s, FALSE);
	rtp_session_set_profile(st->s, &av_profile);
	if (rtp_session_set_local_addr(st->s, host, 0, 0) != 0 ||
	    (*port = rtp_session_get_local_port(st->s)) <= 0) {
		rtp_session_destroy(st->s);
		free(st);
		return NULL;
	}
	st->next = streams;
	if (streams != NULL)
		streams->prev = st;
	streams = st;
	return st;
}

int
rtp_start(struct rtp_stream *st, const char *host, int port, int pt,
    int bytes)
{
	struct sockaddr_in	 sin;
	struct sockaddr_storage	 dst;
	socklen_t		 dstlen;
	char			 addr[INET6_ADDRSTRLEN];
	struct timeval		 tv = { 0, 20000 };

	if (st->started || port <= 0 || port > 65535)
		return -1;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, host, &sin.sin_addr) != 1 ||
	    egress_check((struct sockaddr *)&sin, sizeof sin, &dst,
	    &dstlen) != 0 ||
	    inet_ntop(AF_INET, &((struct sockaddr_in *)&dst)->sin_addr, addr,
	    sizeof addr) == NULL)
		return -1;
	if (rtp_session_set_remote_addr(st->s, addr,
	    ntohs(((struct sockaddr_in *)&dst)->sin_port)) != 0)
		return -1;
	rtp_session_set_payload_type(st->s, pt);
	st->pt = pt;
	st->bytes = bytes > 0 && bytes <= 240 ? bytes : 160;
	st->started = 1;
	if (nactive++ == 0) {
		if (tick == NULL)
			tick = event_new(evloop_base(), -1, EV_PERSIST, tick_cb,
			    NULL);
		event_add(tick, &tv);
	}
	return 0;
}

void
rtp_stats(const struct rtp_stream *st, struct rtp_counts *out)
{
	const rtp_stats_t	*s;

	memset(out, 0, sizeof *out);
	if (st == NULL || (s = rtp_session_get_stats(st->s)) == NULL)
		return;
	out->tx_pkts = s->packet_sent;
	out->tx_bytes = s->sent;
	out->rx_pkts = s->packet_recv;
	out->rx_bytes = s->hw_recv;
}

void
rtp_close(struct rtp_stream *st)
{
	if (st == NULL)
		return;
	if (st->started && --nactive == 0 && tick != NULL)
		event_del(tick);
	if (st->prev != NULL)
		st->prev->next = st->next;
	else
		streams = st->next;
	if (st->next != NULL)
		st->next->prev = st->prev;
	rtp_session_destroy(st->s);
	free(st);
}


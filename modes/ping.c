/*
 * `ping [ip] A.B.C.D [repeat N] [size N] [timeout S]`: real ICMP echoes
 * (a ping socket, else a raw one as root) sent one after another on the
 * loop while the session waits (cmd_wait); `!` for a reply, `.` for a
 * timeout, then IOS's success-rate line. The egress rules apply: an
 * address outside loopback that is not mapped (or a lab's own) gets no
 * packet and times out, as an unreachable host does.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "egress.h"
#include "evloop.h"
#include "exec.h"
#include "modes_int.h"
#include "xmalloc.h"

#define PING_MAX_SIZE	18024

struct ping {
	struct session		*session;
	struct term		*term;
	int			 cancelled;
	int			 fd, raw;
	struct sockaddr_in	 dst;
	int			 blocked;	/* by the egress rules */
	unsigned int		 count, size, timeout;
	unsigned int		 sent, ok;
	uint16_t		 id;
	struct timespec		 t0;
	long			 min, max, sum;	/* ms */
	struct event		*ev, *timer;
	int			 done;
};

static void	ping_next(struct ping *);

static uint16_t
ping_cksum(const void *p, size_t n)
{
	const uint8_t	*b = p;
	uint32_t	 s = 0;

	for (; n > 1; n -= 2, b += 2)
		s += (uint32_t)b[0] << 8 | b[1];
	if (n == 1)
		s += (uint32_t)b[0] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return htons((uint16_t)~s);
}

static void
ping_free(struct ping *p)
{
	if (p->ev != NULL)
		event_free(p->ev);
	if (p->timer != NULL)
		event_free(p->timer);
	if (p->fd >= 0)
		close(p->fd);
	free(p);
}

/* All sent and answered or timed out: the session goes on. */
static void
ping_finish(struct ping *p)
{
	p->done = 1;
	event_del(p->timer);
	if (p->ev != NULL)
		event_del(p->ev);
	if (p->cancelled)
		ping_free(p);
	else
		cmd_resume(p->session);
}

static void
ping_result(struct ping *p, int ok)
{
	struct timespec	 now;
	long		 ms;

	if (ok) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (now.tv_sec - p->t0.tv_sec) * 1000 +
		    (now.tv_nsec - p->t0.tv_nsec) / 1000000;
		if (p->ok == 0 || ms < p->min)
			p->min = ms;
		if (ms > p->max)
			p->max = ms;
		p->sum += ms;
		p->ok++;
	}
	if (!p->cancelled)
		term_puts(p->term, ok ? "!" : ".");
	if (p->sent >= p->count)
		ping_finish(p);
	else
		ping_next(p);
}

static void
ping_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	ping_result(arg, 0);
}

/* A reply to our echo: its id (ping sockets rewrite it: any) and seq. */
static void
ping_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ping	*p = arg;
	unsigned char	 buf[PING_MAX_SIZE + 128];
	struct icmphdr	*ic;
	ssize_t		 n;
	size_t		 off = 0;

	while ((n = recv(p->fd, buf, sizeof buf, 0)) > 0) {
		if (p->raw) {
			off = (size_t)(buf[0] & 0x0f) * 4;
			if ((size_t)n < off + sizeof *ic)
				continue;
		} else if ((size_t)n < sizeof *ic)
			continue;
		ic = (struct icmphdr *)(buf + off);
		if (ic->type != ICMP_ECHOREPLY ||
		    ntohs(ic->un.echo.sequence) != p->sent ||
		    (p->raw && ntohs(ic->un.echo.id) != p->id))
			continue;
		event_del(p->timer);
		ping_result(p, 1);
		return;
	}
}

static void
ping_next(struct ping *p)
{
	unsigned char	 pkt[PING_MAX_SIZE];
	struct icmphdr	*ic = (struct icmphdr *)pkt;
	struct timeval	 tv = { p->timeout, 0 };
	size_t		 len = p->size > 28 ? p->size - 28 : 8;

	if (len < sizeof *ic)
		len = sizeof *ic;
	memset(pkt, 0, len);
	ic->type = ICMP_ECHO;
	ic->un.echo.id = htons(p->id);
	ic->un.echo.sequence = htons(++p->sent);
	for (size_t i = sizeof *ic; i < len; i++)
		pkt[i] = (unsigned char)i;
	ic->checksum = ping_cksum(pkt, len);
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
	if (!p->blocked)
		sendto(p->fd, pkt, len, 0, (struct sockaddr *)&p->dst,
		    sizeof p->dst);
	evtimer_add(p->timer, &tv);
}

static int
ping_resumed(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	struct ping	*p = arg;

	if (answer == NULL) {
		if (p->done)
			ping_free(p);
		else
			p->cancelled = 1;	/* freed when it ends */
		return CMD_DONE;
	}
	term_printf(ctx->term, "\nSuccess rate is %u percent (%u/%u)",
	    p->count > 0 ? p->ok * 100 / p->count : 0, p->ok, p->count);
	if (p->ok > 0)
		term_printf(ctx->term, ", round-trip min/avg/max = %ld/%ld/%ld "
		    "ms", p->min, p->sum / p->ok, p->max);
	term_puts(ctx->term, "\n");
	ping_free(p);
	return CMD_DONE;
}

static int
ping_socket(struct ping *p)
{
	p->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, IPPROTO_ICMP);
	if (p->fd < 0) {
		p->fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK, IPPROTO_ICMP);
		p->raw = 1;
	}
	return p->fd < 0 ? -1 : 0;
}

int
modes_ping(struct cmd_ctx *ctx)
{
	const char		*addr = gmatch_str(ctx->match, "$addr");
	struct sockaddr_in	 sin;
	struct sockaddr_storage	 out;
	socklen_t		 outlen;
	struct ping		*p;

	if (session_kind(ctx->session) == SESSION_FILE)
		return CMD_ERROR;
	p = xcalloc(1, sizeof *p);
	p->fd = -1;
	p->count = (unsigned int)gmatch_num(ctx->match, "$repeat", 5);
	p->size = (unsigned int)gmatch_num(ctx->match, "$size", 100);
	p->timeout = (unsigned int)gmatch_num(ctx->match, "$timeout", 2);
	p->id = (uint16_t)(getpid() ^ (uintptr_t)p);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	inet_pton(AF_INET, addr, &sin.sin_addr);
	if (egress_check((struct sockaddr *)&sin, sizeof sin, &out,
	    &outlen) != 0)
		p->blocked = 1;
	else
		memcpy(&p->dst, &out, sizeof p->dst);
	if (ping_socket(p) != 0) {
		term_printf(ctx->term, "%% Unable to send ICMP echoes: %s\n",
		    strerror(errno));
		ping_free(p);
		return CMD_ERROR;
	}
	p->session = ctx->session;
	p->term = ctx->term;
	p->ev = event_new(evloop_base(), p->fd, EV_READ | EV_PERSIST,
	    ping_read_cb, p);
	p->timer = evtimer_new(evloop_base(), ping_timeout_cb, p);
	event_add(p->ev, NULL);
	term_printf(ctx->term, "Type escape sequence to abort.\nSending %u, "
	    "%u-byte ICMP Echos to %s, timeout is %u seconds:\n", p->count,
	    p->size, addr, p->timeout);
	ping_next(p);
	return cmd_wait(ctx, ping_resumed, p);
}

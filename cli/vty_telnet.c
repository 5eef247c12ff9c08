/* Telnet for the vty lines: libtelnet does the protocol (options, IAC,
 * CR/LF), libevent's bufferevents the socket, so a slow client never
 * stalls the loop. `transport input` must allow telnet. */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/listener.h>
#include <libtelnet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "evloop.h"
#include "log.h"
#include "vty_int.h"
#include "xmalloc.h"

struct vty_telnet {
	struct bufferevent	*bev;
	telnet_t		*tn;
};

static struct evconnlistener	*listener;
static struct router		*telnet_router;

static const telnet_telopt_t vty_telopts[] = {
	{ TELNET_TELOPT_ECHO, TELNET_WILL, TELNET_DONT },
	{ TELNET_TELOPT_SGA, TELNET_WILL, TELNET_DO },
	{ TELNET_TELOPT_NAWS, TELNET_WONT, TELNET_DO },
	{ -1, 0, 0 }
};

/* telnet_send escapes IAC. (Not telnet_printf: libtelnet 0.21 reuses its
 * va_list past 1 KB of output, and a long `show` came out empty.) */
static void
telnet_vty_send(struct vty *v, const char *s, size_t n)
{
	struct vty_telnet	*t = v->impl;

	telnet_send(t->tn, s, n);
}

static void
telnet_vty_event(telnet_t *tn, telnet_event_t *ev, void *arg)
{
	struct vty		*v = arg;
	struct vty_telnet	*t = v->impl;
	size_t			 i;

	switch (ev->type) {
	case TELNET_EV_DATA:
		for (i = 0; i < ev->data.size && v->state != VTY_CLOSING; i++)
			vty_key(v, (unsigned char)ev->data.buffer[i]);
		break;
	case TELNET_EV_SEND:
		if (evbuffer_get_length(bufferevent_get_output(t->bev)) >
		    VTY_OUT_MAX)
			return;		/* a reader that never reads */
		bufferevent_write(t->bev, ev->data.buffer, ev->data.size);
		break;
	case TELNET_EV_SUBNEGOTIATION:
		if (ev->sub.telopt == TELNET_TELOPT_NAWS && ev->sub.size == 4)
			v->term.width = ((unsigned char)ev->sub.buffer[0] << 8 |
			    (unsigned char)ev->sub.buffer[1]);
		break;
	case TELNET_EV_ERROR:
		vty_close(v);
		break;
	default:
		break;
	}
}

static void
telnet_vty_free(struct vty *v)
{
	struct vty_telnet	*t = v->impl;

	telnet_free(t->tn);
	bufferevent_free(t->bev);
	free(t);
}

static void
telnet_discard_cb(struct bufferevent *bev, void *arg)
{
	evbuffer_drain(bufferevent_get_input(bev),
	    evbuffer_get_length(bufferevent_get_input(bev)));
}

static void
telnet_gone_cb(struct bufferevent *bev, short what, void *arg)
{
	vty_free(arg);
}

/* All written: half-close and read what the client still sends (its
 * answers to our options) until it closes or 2 s pass, so the kernel does
 * not reset the connection and drop the last words unread. */
static void
telnet_drained_cb(struct bufferevent *bev, void *arg)
{
	struct timeval	tv = { 2, 0 };

	shutdown(bufferevent_getfd(bev), SHUT_WR);
	bufferevent_setcb(bev, telnet_discard_cb, NULL, telnet_gone_cb, arg);
	bufferevent_set_timeouts(bev, &tv, NULL);
	bufferevent_enable(bev, EV_READ);
}

static void
telnet_vty_close(struct vty *v)
{
	struct vty_telnet	*t = v->impl;

	bufferevent_disable(t->bev, EV_READ);
	bufferevent_setcb(t->bev, NULL, telnet_drained_cb, NULL, v);
	if (evbuffer_get_length(bufferevent_get_output(t->bev)) == 0)
		/* Not from inside a libtelnet callback: freed on the loop. */
		bufferevent_trigger(t->bev, EV_WRITE, BEV_TRIG_DEFER_CALLBACKS |
		    BEV_TRIG_IGNORE_WATERMARKS);
}

static const struct vty_ops telnet_ops = {
	"telnet", telnet_vty_send, telnet_vty_close, telnet_vty_free
};

static void
telnet_read_cb(struct bufferevent *bev, void *arg)
{
	struct vty		*v = arg;
	struct vty_telnet	*t = v->impl;
	char			 buf[4096];
	size_t			 n;

	while (v->state != VTY_CLOSING &&
	    (n = bufferevent_read(bev, buf, sizeof buf)) > 0)
		telnet_recv(t->tn, buf, n);
}

static void
telnet_event_cb(struct bufferevent *bev, short what, void *arg)
{
	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR))
		vty_gone(arg);
}

static void
telnet_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct vty_telnet	*t;
	struct vty		*v;
	char			 peer[64] = "";

	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)sa)->sin_addr,
		    peer, sizeof peer);
	t = xcalloc(1, sizeof *t);
	if ((v = vty_new(telnet_router, peer, &telnet_ops, t)) == NULL) {
		evutil_closesocket(fd);
		free(t);
		return;
	}
	t->bev = bufferevent_socket_new(evloop_base(), fd,
	    BEV_OPT_CLOSE_ON_FREE);
	t->tn = telnet_init(vty_telopts, telnet_vty_event, 0, v);
	bufferevent_setcb(t->bev, telnet_read_cb, NULL, telnet_event_cb, v);
	bufferevent_enable(t->bev, EV_READ | EV_WRITE);
	telnet_negotiate(t->tn, TELNET_WILL, TELNET_TELOPT_ECHO);
	telnet_negotiate(t->tn, TELNET_WILL, TELNET_TELOPT_SGA);
	telnet_negotiate(t->tn, TELNET_DO, TELNET_TELOPT_NAWS);
	if (!v->policy.telnet) {
		vty_close(v);
		return;
	}
	vty_login_begin(v);
}

int
vty_telnet_start(struct router *r, const char *addr, int port)
{
	struct sockaddr_in	sin;

	if (port == 0)
		return 0;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1)
		return -1;
	telnet_router = r;
	listener = evconnlistener_new_bind(evloop_base(), telnet_accept_cb,
	    NULL, LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, 16,
	    (struct sockaddr *)&sin, sizeof sin);
	if (listener == NULL) {
		log_msg("%%VGW-3-TELNET: cannot listen on %s port %d", addr,
		    port);
		return -1;
	}
	return 0;
}

void
vty_telnet_stop(void)
{
	if (listener != NULL)
		evconnlistener_free(listener);
	listener = NULL;
}

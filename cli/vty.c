/* The telnet vty lines. libtelnet does the protocol (options, IAC, CR/LF
 * translation); libevent's bufferevents the socket, so a slow client
 * never stalls the loop. Each connection takes the lowest free vty line
 * number (up to 16, `line vty 0 15`), goes through IOS's login dialog as
 * `line vty` says (vty_login.c), then is a router session of kind VTY. The
 * line editor is IOS's, small: characters echo, Backspace/DEL erase, `?`
 * lists help and redraws the line, TAB completes a unique word, Ctrl-Z
 * ends configuration, Ctrl-C and Ctrl-U drop the line, escape sequences
 * (arrow keys) are ignored. */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/listener.h>
#include <libtelnet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evloop.h"
#include "grammar.h"
#include "log.h"
#include "session.h"
#include "term.h"
#include "modes.h"
#include "vty.h"
#include "xmalloc.h"

#define VTY_LINES		16
#define VTY_LINE_MAX		4096
#define VTY_LOGIN_TRIES		3
#define VTY_OUT_MAX		(4 * 1024 * 1024)	/* output queued, bytes */

enum vty_state {
	VTY_USER,		/* Username: */
	VTY_PASS,		/* Password: */
	VTY_EXEC,
	VTY_CLOSING
};

struct vty {
	int			 line;
	struct bufferevent	*bev;
	telnet_t		*tn;
	struct term		 term;
	struct session		*s;
	struct router		*router;
	enum vty_state		 state;
	struct vty_policy	 policy;
	int			 tries;
	char			 user[65];
	char			 peer[64];
	struct sbuf		 buf;		/* the line being typed */
	int			 last_cr;
	int			 esc;		/* in an escape sequence */
};

static struct vty		*vtys[VTY_LINES];
static struct evconnlistener	*listener;
static struct router		*vty_router;

static const telnet_telopt_t vty_telopts[] = {
	{ TELNET_TELOPT_ECHO, TELNET_WILL, TELNET_DONT },
	{ TELNET_TELOPT_SGA, TELNET_WILL, TELNET_DO },
	{ TELNET_TELOPT_NAWS, TELNET_WONT, TELNET_DO },
	{ -1, 0, 0 }
};

static void	vty_close(struct vty *);
static void	vty_follow(struct vty *);

/* Output as NVT text: LF becomes CR LF; telnet_send escapes IAC. (Not
 * telnet_printf: libtelnet 0.21 reuses its va_list past 1 KB of output,
 * and a long `show` came out empty.) */
static void
vty_out(struct vty *v, const char *s, size_t n)
{
	const char	*nl;

	if (v->state == VTY_CLOSING || n == 0)
		return;
	while (n > 0) {
		if ((nl = memchr(s, '\n', n)) == NULL) {
			telnet_send(v->tn, s, n);
			return;
		}
		if (nl > s)
			telnet_send(v->tn, s, nl - s);
		telnet_send(v->tn, "\r\n", 2);
		n -= nl - s + 1;
		s = nl + 1;
	}
}

static void
vty_puts(struct vty *v, const char *s)
{
	vty_out(v, s, strlen(s));
}

static void
vty_term_write(struct term *t, const char *s, size_t n)
{
	vty_out(t->impl, s, n);
}

static const struct term_ops vty_term_ops = { vty_term_write };

static void
vty_prompt(struct vty *v)
{
	struct sbuf	sb;

	sbuf_init(&sb);
	session_prompt(v->s, &sb);
	vty_puts(v, sbuf_str(&sb));
	sbuf_free(&sb);
}

/* An asynchronous line (terminal monitor): above the line being typed. */
static void
vty_log(void *arg, const char *line)
{
	struct vty	*v = arg;

	vty_puts(v, "\n");
	vty_puts(v, line);
	vty_puts(v, "\n");
	if (v->state == VTY_EXEC && session_waiting(v->s) == SESSION_READY) {
		vty_prompt(v);
		vty_out(v, v->buf.data, v->buf.len);
	}
}

static void
vty_reset(void *arg)
{
	struct vty	*v = arg;

	v->buf.len = 0;
	vty_follow(v);
}

static void
vty_resumed(void *arg)
{
	vty_follow(arg);
}

static void
vty_exec_start(struct vty *v, int privilege)
{
	struct session_io	io;
	char			name[160];

	memset(&io, 0, sizeof io);
	io.dev = &v->term;
	io.log = vty_log;
	io.reset = vty_reset;
	io.resumed = vty_resumed;
	io.arg = v;
	io.pager = 1;
	/* What %SYS-5-CONFIG_I names: "admin on vty0 (127.0.0.1)". */
	if (v->user[0] != '\0')
		snprintf(name, sizeof name, "%s on vty%d (%s)", v->user,
		    v->line, v->peer);
	else
		snprintf(name, sizeof name, "vty%d (%s)", v->line, v->peer);
	v->s = session_new(v->router, SESSION_VTY, name, &io);
	session_set_privilege(v->s, privilege);
	session_set_login(v->s, v->line, v->user, v->peer);
	v->state = VTY_EXEC;
	vty_puts(v, "\n");
	vty_follow(v);
}

static void
vty_login_failed(struct vty *v, const char *msg)
{
	if (++v->tries >= VTY_LOGIN_TRIES) {
		vty_puts(v, msg);
		vty_close(v);
		return;
	}
	if (v->policy.login == VTY_LOGIN_LOCAL) {
		vty_puts(v, "% Login invalid\n\nUsername: ");
		v->state = VTY_USER;
	} else
		vty_puts(v, "Password: ");
}

/* A line typed at Username: or Password:. */
static void
vty_login_line(struct vty *v, const char *line)
{
	int	priv = v->policy.privilege;

	if (v->state == VTY_USER) {
		snprintf(v->user, sizeof v->user, "%s", line);
		v->state = VTY_PASS;
		vty_puts(v, "Password: ");
		return;
	}
	vty_puts(v, "\n");
	if (v->policy.login == VTY_LOGIN_LOCAL) {
		if (vty_login_user(v->user, line, &priv))
			vty_exec_start(v, priv);
		else
			vty_login_failed(v, "% Login invalid\n\n");
		return;
	}
	if (v->policy.password != NULL && strcmp(line, v->policy.password) == 0)
		vty_exec_start(v, priv);
	else
		vty_login_failed(v, "% Bad passwords\n\n");
}

/* After each input in EXEC: the prompt when ready, the end on exit. */
static void
vty_follow(struct vty *v)
{
	if (v->state != VTY_EXEC)
		return;
	if (session_quit(v->s)) {
		vty_close(v);
		return;
	}
	if (session_waiting(v->s) == SESSION_READY)
		vty_prompt(v);
}

static void
vty_enter(struct vty *v)
{
	char	*line;

	line = xstrndup(v->buf.data != NULL ? v->buf.data : "", v->buf.len);
	v->buf.len = 0;
	if (v->state == VTY_USER || v->state == VTY_PASS) {
		if (v->state == VTY_USER)
			vty_puts(v, "\n");
		vty_login_line(v, line);
		free(line);
		return;
	}
	switch (session_waiting(v->s)) {
	case SESSION_QUESTION:
		vty_puts(v, "\n");
		session_input(v->s, line);
		break;
	case SESSION_MORE:
		session_more_key(v->s, '\n');
		break;
	case SESSION_READY:
		vty_puts(v, "\n");
		session_input(v->s, line);
		break;
	case SESSION_BUSY:
		break;
	}
	free(line);
	vty_follow(v);
}

static int
vty_echoes(struct vty *v)
{
	if (v->state == VTY_PASS)
		return 0;
	if (v->state == VTY_EXEC &&
	    session_waiting(v->s) == SESSION_QUESTION)
		return session_question_echo(v->s);
	return 1;
}

static void
vty_help(struct vty *v)
{
	char	*line = xstrndup(v->buf.data != NULL ? v->buf.data : "",
		    v->buf.len);

	vty_puts(v, "?\n");
	session_print_help(v->s, line);
	free(line);
	if (session_waiting(v->s) == SESSION_READY) {
		vty_prompt(v);
		vty_out(v, v->buf.data, v->buf.len);
	}
}

static void
vty_complete(struct vty *v)
{
	char	**c, *line;
	size_t	  n, wl;

	line = xstrndup(v->buf.data != NULL ? v->buf.data : "", v->buf.len);
	c = session_complete(v->s, line);
	free(line);
	if (c == NULL)
		return;
	for (n = 0; c[n] != NULL; n++)
		;
	if (n == 1) {
		/* The word typed so far is the tail of the line. */
		for (wl = v->buf.len; wl > 0 && v->buf.data[wl - 1] != ' ';
		    wl--)
			;
		if (strlen(c[0]) >= v->buf.len - wl &&
		    v->buf.len - wl + strlen(c[0]) < VTY_LINE_MAX) {
			vty_puts(v, c[0] + (v->buf.len - wl));
			vty_puts(v, " ");
			v->buf.len = wl;
			sbuf_puts(&v->buf, c[0]);
			sbuf_putc(&v->buf, ' ');
		}
	}
	grammar_completions_free(c);
}

/* One byte typed. */
static void
vty_key(struct vty *v, unsigned char ch)
{
	if (v->state == VTY_CLOSING)
		return;
	if (v->esc) {
		/* ESC [ A ...: a letter or ~ ends the sequence. */
		if (v->esc++ > 1 && ((ch >= 'A' && ch <= 'Z') ||
		    (ch >= 'a' && ch <= 'z') || ch == '~'))
			v->esc = 0;
		if (v->esc > 8)
			v->esc = 0;
		return;
	}
	if (v->last_cr && (ch == '\n' || ch == '\0')) {
		v->last_cr = 0;
		return;
	}
	v->last_cr = ch == '\r';
	if (v->state == VTY_EXEC && session_waiting(v->s) == SESSION_BUSY)
		return;		/* a command waits for the loop */
	if (v->state == VTY_EXEC && session_waiting(v->s) == SESSION_MORE) {
		session_more_key(v->s, ch == '\r' ? '\n' : ch);
		vty_follow(v);
		return;
	}
	switch (ch) {
	case '\r':
	case '\n':
		vty_enter(v);
		return;
	case 0x1b:
		v->esc = 1;
		return;
	case 0x08:
	case 0x7f:
		if (v->buf.len > 0) {
			v->buf.len--;
			if (vty_echoes(v))
				vty_puts(v, "\b \b");
		}
		return;
	case 0x03:		/* Ctrl-C */
	case 0x15:		/* Ctrl-U */
		v->buf.len = 0;
		if (v->state == VTY_EXEC &&
		    session_waiting(v->s) == SESSION_READY) {
			vty_puts(v, ch == 0x03 ? "^C\n" : "\n");
			vty_prompt(v);
		}
		return;
	case 0x1a:		/* Ctrl-Z */
		if (v->state == VTY_EXEC &&
		    session_waiting(v->s) == SESSION_READY &&
		    !session_in_exec(v->s)) {
			v->buf.len = 0;
			vty_puts(v, "^Z\n");
			session_end(v->s);
			vty_follow(v);
		}
		return;
	case '?':
		if (v->state == VTY_EXEC &&
		    session_waiting(v->s) == SESSION_READY) {
			vty_help(v);
			return;
		}
		break;
	case '\t':
		if (v->state == VTY_EXEC &&
		    session_waiting(v->s) == SESSION_READY)
			vty_complete(v);
		return;
	}
	if (ch < 0x20 || v->buf.len >= VTY_LINE_MAX)
		return;
	sbuf_putc(&v->buf, (char)ch);
	if (vty_echoes(v))
		vty_out(v, (const char *)&ch, 1);
}

static void
vty_telnet_event(telnet_t *tn, telnet_event_t *ev, void *arg)
{
	struct vty	*v = arg;
	size_t		 i;

	switch (ev->type) {
	case TELNET_EV_DATA:
		for (i = 0; i < ev->data.size && v->state != VTY_CLOSING; i++)
			vty_key(v, (unsigned char)ev->data.buffer[i]);
		break;
	case TELNET_EV_SEND:
		if (evbuffer_get_length(bufferevent_get_output(v->bev)) >
		    VTY_OUT_MAX)
			return;		/* a reader that never reads */
		bufferevent_write(v->bev, ev->data.buffer, ev->data.size);
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
vty_free(struct vty *v)
{
	vtys[v->line] = NULL;
	if (v->s != NULL)
		session_free(v->s);
	telnet_free(v->tn);
	bufferevent_free(v->bev);
	vty_policy_free(&v->policy);
	sbuf_free(&v->buf);
	free(v);
}

static void
vty_discard_cb(struct bufferevent *bev, void *arg)
{
	evbuffer_drain(bufferevent_get_input(bev),
	    evbuffer_get_length(bufferevent_get_input(bev)));
}

static void
vty_gone_cb(struct bufferevent *bev, short what, void *arg)
{
	vty_free(arg);
}

/* All written: half-close and read what the client still sends (its
 * answers to our options) until it closes or 2 s pass, so the kernel does
 * not reset the connection and drop the last words unread. */
static void
vty_drained_cb(struct bufferevent *bev, void *arg)
{
	struct timeval	tv = { 2, 0 };

	shutdown(bufferevent_getfd(bev), SHUT_WR);
	bufferevent_setcb(bev, vty_discard_cb, NULL, vty_gone_cb, arg);
	bufferevent_set_timeouts(bev, &tv, NULL);
	bufferevent_enable(bev, EV_READ);
}

/* The connection ends once what is queued has gone out. */
static void
vty_close(struct vty *v)
{
	if (v->state == VTY_CLOSING)
		return;
	v->state = VTY_CLOSING;
	bufferevent_disable(v->bev, EV_READ);
	bufferevent_setcb(v->bev, NULL, vty_drained_cb, NULL, v);
	if (evbuffer_get_length(bufferevent_get_output(v->bev)) == 0) {
		/* Not from inside a libtelnet callback: freed on the loop. */
		bufferevent_setcb(v->bev, NULL, vty_drained_cb, NULL, v);
		bufferevent_trigger(v->bev, EV_WRITE, BEV_TRIG_DEFER_CALLBACKS |
		    BEV_TRIG_IGNORE_WATERMARKS);
		return;
	}
	bufferevent_setcb(v->bev, NULL, vty_drained_cb, NULL, v);
}

static void
vty_read_cb(struct bufferevent *bev, void *arg)
{
	struct vty	*v = arg;
	char		 buf[4096];
	size_t		 n;

	while (v->state != VTY_CLOSING &&
	    (n = bufferevent_read(bev, buf, sizeof buf)) > 0)
		telnet_recv(v->tn, buf, n);
}

static void
vty_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct vty	*v = arg;

	if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
		if (v->state == VTY_EXEC && v->s != NULL)
			session_input_end(v->s);
		vty_free(v);
	}
}

static void
vty_accept_cb(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct vty	*v;
	int		 line;

	for (line = 0; line < VTY_LINES && vtys[line] != NULL; line++)
		;
	if (line == VTY_LINES) {
		/* Every line busy: IOS refuses the connection. */
		evutil_closesocket(fd);
		return;
	}
	v = xcalloc(1, sizeof *v);
	v->line = line;
	v->router = vty_router;
	v->term.ops = &vty_term_ops;
	v->term.impl = v;
	v->term.width = 80;
	sbuf_init(&v->buf);
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)sa)->sin_addr,
		    v->peer, sizeof v->peer);
	v->bev = bufferevent_socket_new(evloop_base(), fd,
	    BEV_OPT_CLOSE_ON_FREE);
	v->tn = telnet_init(vty_telopts, vty_telnet_event, 0, v);
	vtys[line] = v;
	bufferevent_setcb(v->bev, vty_read_cb, NULL, vty_event_cb, v);
	bufferevent_enable(v->bev, EV_READ | EV_WRITE);
	telnet_negotiate(v->tn, TELNET_WILL, TELNET_TELOPT_ECHO);
	telnet_negotiate(v->tn, TELNET_WILL, TELNET_TELOPT_SGA);
	telnet_negotiate(v->tn, TELNET_DO, TELNET_TELOPT_NAWS);
	vty_login_policy(line, &v->policy);
	if (!v->policy.telnet) {
		vty_close(v);
		return;
	}
	switch (v->policy.login) {
	case VTY_LOGIN_NONE:
		vty_exec_start(v, v->policy.privilege);
		break;
	case VTY_LOGIN_PASSWORD:
		if (v->policy.password == NULL) {
			vty_puts(v, "\nPassword required, but none set\n");
			vty_close(v);
			return;
		}
		vty_puts(v, "\n\nUser Access Verification\n\nPassword: ");
		v->state = VTY_PASS;
		break;
	case VTY_LOGIN_LOCAL:
		vty_puts(v, "\n\nUser Access Verification\n\nUsername: ");
		v->state = VTY_USER;
		break;
	}
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
	vty_router = r;
	listener = evconnlistener_new_bind(evloop_base(), vty_accept_cb, NULL,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE, 16,
	    (struct sockaddr *)&sin, sizeof sin);
	if (listener == NULL) {
		log_msg("%%VGW-3-TELNET: cannot listen on %s port %d", addr,
		    port);
		return -1;
	}
	return 0;
}

void
vty_stop(void)
{
	int	i;

	if (listener != NULL)
		evconnlistener_free(listener);
	listener = NULL;
	for (i = 0; i < VTY_LINES; i++)
		if (vtys[i] != NULL)
			vty_free(vtys[i]);
}

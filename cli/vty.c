/* The vty lines, whatever carries them (vty_telnet.c, vty_ssh.c): each
 * connection takes the lowest free line number (up to 16, `line vty 0
 * 15`), goes through IOS's login dialog as `line vty` says (modes/'s
 * line_login.c; SSH authenticates in the protocol instead), then is a
 * router session of kind VTY. The line editor is IOS's, small: characters
 * echo, Backspace/DEL erase, `?` lists help and redraws the line, TAB
 * completes a unique word, Ctrl-Z ends configuration, Ctrl-C and Ctrl-U
 * drop the line, escape sequences (arrow keys) are ignored. What is typed
 * while a command waits for the loop is held and replayed after it. A
 * line idle for `exec-timeout` is closed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "evloop.h"
#include "grammar.h"
#include "log.h"
#include "session.h"
#include "term.h"
#include "vty_int.h"
#include "xmalloc.h"

#define VTY_LOGIN_TRIES		3
#define VTY_HELD_MAX		(64 * 1024)	/* typed ahead while busy */

struct vty		*vtys[VTY_LINES];


static time_t
vty_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Output as terminal text: LF becomes CR LF, the transport sends it. */
void
vty_out(struct vty *v, const char *s, size_t n)
{
	const char	*nl;

	if (v->state == VTY_CLOSING || n == 0)
		return;
	while (n > 0) {
		if ((nl = memchr(s, '\n', n)) == NULL) {
			v->ops->send(v, s, n);
			return;
		}
		if (nl > s)
			v->ops->send(v, s, nl - s);
		v->ops->send(v, "\r\n", 2);
		n -= nl - s + 1;
		s = nl + 1;
	}
}

void
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

/* The command that waited went on: the prompt, then what was typed
 * meanwhile, in order. */
static void	vty_replay_held(struct vty *);

/* `clear line`: the connection ends (from the loop: the caller may be
 * this very line, in the middle of its command). */
static void
vty_hangup_cb(evutil_socket_t fd, short what, void *arg)
{
	struct vty	*v = arg;

	v->hangup = NULL;
	vty_close(v);
}

static void
vty_hangup(void *arg)
{
	struct vty	*v = arg;
	struct timeval	 tv = { 0, 0 };

	if (v->hangup != NULL)
		return;
	v->hangup = evtimer_new(evloop_base(), vty_hangup_cb, v);
	evtimer_add(v->hangup, &tv);
}

static void
vty_resumed(void *arg)
{
	struct vty	*v = arg;

	vty_follow(v);
	vty_replay_held(v);
}

/* What was typed ahead, in order. */
static void
vty_replay_held(struct vty *v)
{
	struct sbuf	 held;
	size_t		 i;

	if (v->held.len == 0)
		return;
	held = v->held;
	sbuf_init(&v->held);
	for (i = 0; i < held.len && v->state != VTY_CLOSING; i++)
		vty_key(v, (unsigned char)held.data[i]);
	sbuf_free(&held);
}

void
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
	io.hangup = vty_hangup;
	v->s = session_new(v->router, SESSION_VTY, name, &io);
	session_set_privilege(v->s, privilege);
	session_set_login(v->s, v->line, v->user, v->peer);
	session_set_transport(v->s, v->ops->name, NULL);
	v->state = VTY_EXEC;
	vty_banner(v, "exec");
	vty_puts(v, "\n");
	vty_follow(v);
}

/* After a wrong password the line says nothing for a while, as IOS
 * makes guessing slow; input meanwhile is dropped. */
static void
vty_login_resume(evutil_socket_t fd, short what, void *arg)
{
	struct vty	*v = arg;

	v->login_wait = 0;
	if (v->policy.login == VTY_LOGIN_LOCAL) {
		vty_puts(v, "% Login invalid\n\nUsername: ");
		v->state = VTY_USER;
	} else
		vty_puts(v, "Password: ");
	vty_replay_held(v);
}

static void
vty_login_failed(struct vty *v, const char *msg)
{
	struct timeval	 tv = { VTY_LOGIN_DELAY, 0 };

	if (++v->tries >= VTY_LOGIN_TRIES) {
		vty_puts(v, msg);
		vty_close(v);
		return;
	}
	if (v->timer == NULL)
		v->timer = evtimer_new(evloop_base(), vty_login_resume, v);
	v->login_wait = 1;
	evtimer_add(v->timer, &tv);
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
void
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
void
vty_key(struct vty *v, unsigned char ch)
{
	if (v->state == VTY_CLOSING)
		return;
	if (v->login_wait || (v->state == VTY_EXEC &&
	    session_waiting(v->s) == SESSION_BUSY)) {
		/* After a wrong password, or while a command waits for the
		 * loop: typed ahead, kept for later. */
		if (v->held.len < VTY_HELD_MAX)
			sbuf_putc(&v->held, (char)ch);
		return;
	}
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


/* Idle for `exec-timeout`: the line closes (0 0 never). */
static void
vty_idle_cb(evutil_socket_t fd, short what, void *arg)
{
	struct vty	*v = arg;
	struct timeval	 tv = { 1, 0 };
	time_t		 idle;

	if (v->state == VTY_CLOSING || v->policy.exec_timeout <= 0)
		return;
	idle = v->state == VTY_EXEC ? session_idle(v->s) :
	    (time_t)(vty_now() - v->started);
	if (idle >= v->policy.exec_timeout && (v->state != VTY_EXEC ||
	    session_waiting(v->s) != SESSION_BUSY)) {
		if (v->state != VTY_EXEC)
			vty_puts(v, "\n% Password:  timeout expired!\n");
		vty_close(v);
		return;
	}
	evtimer_add(v->idle, &tv);
}

struct vty *
vty_new(struct router *r, const char *peer, const struct vty_ops *ops,
    void *impl)
{
	struct vty	*v;
	struct timeval	 tv = { 1, 0 };
	int		 line;

	for (line = 0; line < VTY_LINES && vtys[line] != NULL; line++)
		;
	if (line == VTY_LINES)
		return NULL;	/* every line busy: IOS refuses */
	v = xcalloc(1, sizeof *v);
	v->line = line;
	v->router = r;
	v->ops = ops;
	v->impl = impl;
	v->term.ops = &vty_term_ops;
	v->term.impl = v;
	v->term.width = 80;
	v->started = vty_now();
	sbuf_init(&v->buf);
	sbuf_init(&v->held);
	snprintf(v->peer, sizeof v->peer, "%s", peer);
	vty_login_policy(line, &v->policy);
	v->idle = evtimer_new(evloop_base(), vty_idle_cb, v);
	evtimer_add(v->idle, &tv);
	vtys[line] = v;
	return v;
}

/* `banner KIND`'s text on a line of its own. */
void
vty_banner(struct vty *v, const char *kind)
{
	char	*text;

	if ((text = modes_banner_text(kind)) == NULL)
		return;
	vty_puts(v, "\n");
	vty_puts(v, text);
	vty_puts(v, "\n");
	free(text);
}

/* Telnet's dialog as `line vty` says, after the motd and login banners;
 * 0, or -1 when the line closes. */
int
vty_login_begin(struct vty *v)
{
	vty_banner(v, "motd");
	if (v->policy.login != VTY_LOGIN_NONE)
		vty_banner(v, "login");
	switch (v->policy.login) {
	case VTY_LOGIN_NONE:
		vty_exec_start(v, v->policy.privilege);
		break;
	case VTY_LOGIN_PASSWORD:
		if (v->policy.password == NULL) {
			vty_puts(v, "\nPassword required, but none set\n");
			vty_close(v);
			return -1;
		}
		vty_puts(v, "\n\nUser Access Verification\n\nPassword: ");
		v->state = VTY_PASS;
		break;
	case VTY_LOGIN_LOCAL:
		vty_puts(v, "\n\nUser Access Verification\n\nUsername: ");
		v->state = VTY_USER;
		break;
	}
	return 0;
}

/* Ends the session and frees the line; the transport's part first. */
void
vty_free(struct vty *v)
{
	vtys[v->line] = NULL;
	if (v->s != NULL)
		session_free(v->s);
	v->s = NULL;
	v->ops->free(v);
	if (v->timer != NULL)
		event_free(v->timer);
	if (v->hangup != NULL)
		event_free(v->hangup);
	event_free(v->idle);
	vty_policy_free(&v->policy);
	sbuf_free(&v->buf);
	sbuf_free(&v->held);
	free(v);
}

/* The connection ends once what is queued has gone out. */
void
vty_close(struct vty *v)
{
	if (v->state == VTY_CLOSING)
		return;
	v->state = VTY_CLOSING;
	v->ops->close(v);
}

/* The peer went away. */
void
vty_gone(struct vty *v)
{
	if (v->state == VTY_EXEC && v->s != NULL)
		session_input_end(v->s);
	vty_free(v);
}

const struct vty *
vty_line(int line)
{
	return line >= 0 && line < VTY_LINES ? vtys[line] : NULL;
}

void
vty_stop(void)
{
	int	i;

	vty_telnet_stop();
	vty_ssh_stop();
	for (i = 0; i < VTY_LINES; i++)
		if (vtys[i] != NULL)
			vty_free(vtys[i]);
}

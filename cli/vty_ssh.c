/*
 * SSH for the vty lines, on libssh's server API in non-blocking mode
 * inside the loop: each connection's socket wakes a libevent event (and a
 * 50 ms tick flushes what the peer's window held back), which runs
 * libssh's ssh_event_dopoll with no wait. Password authentication follows
 * `line vty` (login local: a `username`; login: the line password, any
 * user name; no login: anyone), then a session channel with a pty and a
 * shell is a vty line like telnet's. The host key is the router's RSA key
 * as IOS uses it (`ip ssh rsa keypair-name`, else HOST.DOMAIN; at least
 * 768 bits as SSH 2 needs), else vgw's own RSA key kept in the NVRAM
 * folder (ssh-host-rsa.key, 0600).
 */
#include <sys/queue.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <event2/event.h>
#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include "evloop.h"
#include "log.h"
#include "nvram.h"
#include "pki.h"
#include "session.h"
#include "vty_int.h"
#include "xmalloc.h"

#define SSH_TICK_MS		50
#define SSH_AUTH_TRIES		3
#define SSH_OUT_MAX		(4 * 1024 * 1024)

enum ssh_phase { PH_KEX, PH_AUTH, PH_OPEN, PH_CLOSING, PH_DEAD };

struct vty_ssh {
	TAILQ_ENTRY(vty_ssh)	 entry;
	ssh_session		 session;
	ssh_event		 event;
	ssh_channel		 channel;
	struct vty		*v;
	enum ssh_phase		 phase;
	int			 auth_tries;
	int			 privilege;
	char			 user[65];
	struct sbuf		 out;		/* beyond the peer's window */
	struct event		*rd, *tick;
	struct ssh_server_callbacks_struct	 scb;
	struct ssh_channel_callbacks_struct	 ccb;
};

static TAILQ_HEAD(, vty_ssh) ssh_conns = TAILQ_HEAD_INITIALIZER(ssh_conns);
static ssh_bind		 sshbind;
static struct event	*accept_ev;
static struct router	*ssh_router;

static void	ssh_conn_free(struct vty_ssh *);

/* What the peer's window takes now; the rest waits for the next tick. */
static void
ssh_flush(struct vty_ssh *c)
{
	uint32_t	 win;
	int		 n;

	while (c->out.len > 0 && c->channel != NULL) {
		win = ssh_channel_window_size(c->channel);
		if (win == 0)
			return;
		n = ssh_channel_write(c->channel, c->out.data,
		    c->out.len < win ? c->out.len : win);
		if (n <= 0)
			return;
		memmove(c->out.data, c->out.data + n, c->out.len - n);
		c->out.len -= n;
	}
}

static void
ssh_vty_send(struct vty *v, const char *s, size_t n)
{
	struct vty_ssh	*c = v->impl;

	if (c->out.len + n > SSH_OUT_MAX)
		return;		/* a reader that never reads */
	sbuf_add(&c->out, s, n);
	ssh_flush(c);
}

/* Closed from the line editor (exit, three bad tries): after the next
 * dopoll, outside libssh's callbacks. */
static void
ssh_vty_close(struct vty *v)
{
	struct vty_ssh	*c = v->impl;

	c->phase = PH_CLOSING;
}

static void
ssh_vty_free(struct vty *v)
{
	struct vty_ssh	*c = v->impl;

	c->v = NULL;
	if (c->phase != PH_DEAD)
		c->phase = PH_CLOSING;
}

static const struct vty_ops ssh_ops = {
	"ssh", ssh_vty_send, ssh_vty_close, ssh_vty_free
};

static int
ssh_auth_password(ssh_session session, const char *user, const char *pass,
    void *arg)
{
	struct vty_ssh		*c = arg;
	struct vty_policy	 p;
	int			 ok = 0, priv;

	vty_login_policy(c->v != NULL ? c->v->line : 0, &p);
	priv = p.privilege;
	switch (p.login) {
	case VTY_LOGIN_NONE:
		ok = 1;
		break;
	case VTY_LOGIN_PASSWORD:
		ok = p.password != NULL && strcmp(p.password, pass) == 0;
		break;
	case VTY_LOGIN_LOCAL:
		ok = vty_login_user(user, pass, &priv);
		break;
	}
	vty_policy_free(&p);
	if (ok) {
		snprintf(c->user, sizeof c->user, "%s", user);
		c->privilege = priv;
		return SSH_AUTH_SUCCESS;
	}
	if (++c->auth_tries >= SSH_AUTH_TRIES)
		c->phase = PH_CLOSING;
	return SSH_AUTH_DENIED;
}

static int
ssh_chan_data(ssh_session session, ssh_channel channel, void *data,
    uint32_t len, int is_stderr, void *arg)
{
	struct vty_ssh	*c = arg;
	uint32_t	 i;

	for (i = 0; i < len && c->v != NULL && c->v->state != VTY_CLOSING;
	    i++)
		vty_key(c->v, ((unsigned char *)data)[i]);
	return (int)len;
}

static int
ssh_chan_pty(ssh_session session, ssh_channel channel, const char *term,
    int cols, int rows, int px, int py, void *arg)
{
	struct vty_ssh	*c = arg;

	if (c->v != NULL && cols > 0)
		c->v->term.width = cols;
	return SSH_OK;
}

static int
ssh_chan_resize(ssh_session session, ssh_channel channel, int cols,
    int rows, int px, int py, void *arg)
{
	return ssh_chan_pty(session, channel, NULL, cols, rows, px, py, arg);
}

/* The shell: the line is in EXEC as the user who authenticated. */
static int
ssh_chan_shell(ssh_session session, ssh_channel channel, void *arg)
{
	struct vty_ssh	*c = arg;
	char		 info[160];

	if (c->v == NULL || c->v->state == VTY_EXEC)
		return SSH_ERROR;
	snprintf(c->v->user, sizeof c->v->user, "%s", c->user);
	vty_banner(c->v, "motd");
	vty_exec_start(c->v, c->privilege);
	snprintf(info, sizeof info, "2.0 %s %s %s %s",
	    ssh_get_cipher_in(session), ssh_get_cipher_out(session),
	    ssh_get_hmac_in(session), ssh_get_hmac_out(session));
	if (c->v->s != NULL)
		session_set_transport(c->v->s, "ssh", info);
	return SSH_OK;
}

static void
ssh_chan_eof(ssh_session session, ssh_channel channel, void *arg)
{
	struct vty_ssh	*c = arg;

	c->phase = PH_CLOSING;
}

static ssh_channel
ssh_open_session(ssh_session session, void *arg)
{
	struct vty_ssh	*c = arg;

	if (c->channel != NULL)
		return NULL;	/* one shell per connection */
	c->channel = ssh_channel_new(session);
	memset(&c->ccb, 0, sizeof c->ccb);
	c->ccb.userdata = c;
	c->ccb.channel_data_function = ssh_chan_data;
	c->ccb.channel_pty_request_function = ssh_chan_pty;
	c->ccb.channel_pty_window_change_function = ssh_chan_resize;
	c->ccb.channel_shell_request_function = ssh_chan_shell;
	c->ccb.channel_eof_function = ssh_chan_eof;
	ssh_callbacks_init(&c->ccb);
	ssh_set_channel_callbacks(c->channel, &c->ccb);
	c->phase = PH_OPEN;
	return c->channel;
}

/* One turn of the connection: key exchange, then libssh's events. */
static void
ssh_conn_run(struct vty_ssh *c)
{
	int	 rc;

	if (c->phase == PH_KEX) {
		rc = ssh_handle_key_exchange(c->session);
		if (rc == SSH_OK) {
			c->phase = PH_AUTH;
			ssh_event_add_session(c->event, c->session);
		} else if (rc != SSH_AGAIN)
			c->phase = PH_CLOSING;
	}
	if ((c->phase == PH_AUTH || c->phase == PH_OPEN) &&
	    ssh_event_dopoll(c->event, 0) == SSH_ERROR)
		c->phase = PH_CLOSING;
	if (c->phase == PH_OPEN)
		ssh_flush(c);
	if (c->phase != PH_CLOSING && !ssh_is_connected(c->session))
		c->phase = PH_CLOSING;
	if (c->phase == PH_CLOSING)
		ssh_conn_free(c);
}

static void
ssh_conn_cb(evutil_socket_t fd, short what, void *arg)
{
	ssh_conn_run(arg);
}

static void
ssh_conn_free(struct vty_ssh *c)
{
	struct vty	*v = c->v;

	c->phase = PH_DEAD;
	TAILQ_REMOVE(&ssh_conns, c, entry);
	if (v != NULL) {
		c->v = NULL;
		vty_gone(v);	/* calls ssh_vty_free: nothing more there */
	}
	if (c->channel != NULL) {
		ssh_flush(c);
		ssh_channel_send_eof(c->channel);
		ssh_channel_close(c->channel);
		ssh_channel_free(c->channel);
	}
	event_free(c->rd);
	event_free(c->tick);
	ssh_event_remove_session(c->event, c->session);
	ssh_event_free(c->event);
	ssh_disconnect(c->session);
	ssh_free(c->session);
	sbuf_free(&c->out);
	free(c);
}

/* The host key: the router's RSA key as IOS uses it, else vgw's own. */
static ssh_key
ssh_host_key(void)
{
	ssh_key		 key = NULL;
	char		*pem, *path;
	size_t		 len;
	const char	*why;

	if ((pem = pki_ssh_host_key_pem()) != NULL) {
		ssh_pki_import_privkey_base64(pem, NULL, NULL, NULL, &key);
		free(pem);
		if (key != NULL)
			return key;
	}
	path = nvram_path("ssh-host-rsa.key");
	if ((pem = file_read_private(path, &len, &why)) != NULL) {
		ssh_pki_import_privkey_base64(pem, NULL, NULL, NULL, &key);
		free(pem);
	}
	if (key == NULL && ssh_pki_generate(SSH_KEYTYPE_RSA, 2048, &key) ==
	    SSH_OK && ssh_pki_export_privkey_base64(key, NULL, NULL, NULL,
	    &pem) == SSH_OK) {
		file_write_atomic(path, pem, strlen(pem), 0600);
		ssh_string_free_char(pem);
	}
	free(path);
	return key;
}

static void
ssh_accept_cb(evutil_socket_t fd, short what, void *arg)
{
	struct vty_ssh		*c;
	struct sockaddr_in	 sin;
	socklen_t		 slen = sizeof sin;
	ssh_session		 s = ssh_new();
	ssh_key			 key;
	char			 peer[64] = "";
	struct timeval		 tv = { 0, SSH_TICK_MS * 1000 };

	if (s == NULL)
		return;
	if ((key = ssh_host_key()) == NULL ||
	    ssh_bind_options_set(sshbind, SSH_BIND_OPTIONS_IMPORT_KEY, key) !=
	    SSH_OK) {
		/* IOS without an RSA key: "SSH disabled". */
		log_msg("%%SSH-5-DISABLED: SSH 2.0 has been disabled");
		ssh_key_free(key);
		ssh_free(s);
		return;
	}
	if (ssh_bind_accept(sshbind, s) != SSH_OK) {
		ssh_free(s);
		return;
	}
	if (getpeername(ssh_get_fd(s), (struct sockaddr *)&sin, &slen) == 0 &&
	    sin.sin_family == AF_INET)
		inet_ntop(AF_INET, &sin.sin_addr, peer, sizeof peer);
	c = xcalloc(1, sizeof *c);
	c->session = s;
	sbuf_init(&c->out);
	if ((c->v = vty_new(ssh_router, peer, &ssh_ops, c)) == NULL ||
	    !c->v->policy.ssh) {
		if (c->v != NULL) {
			vtys[c->v->line] = NULL;
			vty_free(c->v);
		}
		ssh_disconnect(s);
		ssh_free(s);
		sbuf_free(&c->out);
		free(c);
		return;
	}
	c->v->state = VTY_PASS;		/* until the shell starts */
	TAILQ_INSERT_TAIL(&ssh_conns, c, entry);
	memset(&c->scb, 0, sizeof c->scb);
	c->scb.userdata = c;
	c->scb.auth_password_function = ssh_auth_password;
	c->scb.channel_open_request_session_function = ssh_open_session;
	ssh_callbacks_init(&c->scb);
	ssh_set_server_callbacks(s, &c->scb);
	ssh_set_auth_methods(s, SSH_AUTH_METHOD_PASSWORD);
	ssh_set_blocking(s, 0);
	c->event = ssh_event_new();
	c->rd = event_new(evloop_base(), ssh_get_fd(s), EV_READ | EV_PERSIST,
	    ssh_conn_cb, c);
	c->tick = event_new(evloop_base(), -1, EV_PERSIST, ssh_conn_cb, c);
	event_add(c->rd, NULL);
	event_add(c->tick, &tv);
	ssh_conn_run(c);
}

int
vty_ssh_start(struct router *r, const char *addr, int port)
{
	ssh_key	 key;

	if (port == 0)
		return 0;
	ssh_init();
	ssh_router = r;
	sshbind = ssh_bind_new();
	ssh_bind_options_set(sshbind, SSH_BIND_OPTIONS_BINDADDR, addr);
	ssh_bind_options_set(sshbind, SSH_BIND_OPTIONS_BINDPORT, &port);
	/* What paramiko (netmiko) offers and IOS-era clients too. */
	ssh_bind_options_set(sshbind, SSH_BIND_OPTIONS_CIPHERS_C_S,
	    "aes128-ctr,aes192-ctr,aes256-ctr,aes128-cbc,aes256-cbc,"
	    "aes128-gcm@openssh.com,chacha20-poly1305@openssh.com");
	ssh_bind_options_set(sshbind, SSH_BIND_OPTIONS_CIPHERS_S_C,
	    "aes128-ctr,aes192-ctr,aes256-ctr,aes128-cbc,aes256-cbc,"
	    "aes128-gcm@openssh.com,chacha20-poly1305@openssh.com");
	ssh_bind_options_set(sshbind, SSH_BIND_OPTIONS_BANNER, "Cisco-1.25");
	/* libssh wants a host key to listen; each accept takes the
	 * router's current one (a new `crypto key generate rsa` shows). */
	if ((key = ssh_host_key()) != NULL &&
	    ssh_bind_options_set(sshbind, SSH_BIND_OPTIONS_IMPORT_KEY, key) !=
	    SSH_OK)
		ssh_key_free(key);
	if (ssh_bind_listen(sshbind) != SSH_OK) {
		log_msg("%%VGW-3-SSH: cannot listen on %s port %d: %s", addr,
		    port, ssh_get_error(sshbind));
		ssh_bind_free(sshbind);
		sshbind = NULL;
		return -1;
	}
	router_set_ssh_port(r, port);
	accept_ev = event_new(evloop_base(), ssh_bind_get_fd(sshbind),
	    EV_READ | EV_PERSIST, ssh_accept_cb, NULL);
	event_add(accept_ev, NULL);
	return 0;
}

void
vty_ssh_stop(void)
{
	struct vty_ssh	*c;

	while ((c = TAILQ_FIRST(&ssh_conns)) != NULL)
		ssh_conn_free(c);
	if (accept_ev != NULL)
		event_free(accept_ev);
	accept_ev = NULL;
	if (sshbind != NULL) {
		ssh_bind_free(sshbind);
		ssh_finalize();
	}
	sshbind = NULL;
}

/* Calls: the objects, Q.850 causes, in-dialog requests, hanging up, the
 * end of a call (counters, history) and the stack's view of them. The
 * inbound side is call_in.c, the outbound call_out.c. Transactions are
 * libosip2's (stack.c); dialogs are osip_dialog_t. */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "call.h"
#include "clock.h"
#include "evloop.h"
#include "log.h"
#include "xmalloc.h"

struct call_list	 calls = TAILQ_HEAD_INITIALIZER(calls);
int			 call_answer_delay_ms = 1000;
unsigned		 call_next_id = 1;
static unsigned		 next_guid = 1;

static const struct stack_ops call_ops;

uint64_t
call_uptime_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const struct {
	int		 cause;
	const char	*text;
	int		 sip;
} q850[] = {
	{ 1, "unassigned number (1)", 404 },
	{ 3, "no route to destination (3)", 404 },
	{ 16, "normal call clearing (16)", 0 },
	{ 17, "user busy (17)", 486 },
	{ 18, "no user responding (18)", 408 },
	{ 19, "no answer from user (user alerted) (19)", 480 },
	{ 21, "call rejected (21)", 403 },
	{ 28, "invalid number format (28)", 484 },
	{ 34, "no circuit/channel available (34)", 503 },
	{ 38, "network out of order (38)", 503 },
	{ 41, "temporary failure (41)", 503 },
	{ 47, "resource unavailable, unspecified (47)", 503 },
	{ 65, "bearer capability not implemented (65)", 488 },
	{ 102, "recovery on timer expiry (102)", 408 },
	{ 111, "protocol error, unspecified (111)", 400 },
	{ 127, "interworking, unspecified (127)", 500 },
};

const char *
q850_text(int cause)
{
	size_t	i;

	for (i = 0; i < sizeof q850 / sizeof q850[0]; i++)
		if (q850[i].cause == cause)
			return q850[i].text;
	return "unknown cause";
}

int
q850_to_sip(int cause)
{
	size_t	i;

	for (i = 0; i < sizeof q850 / sizeof q850[0]; i++)
		if (q850[i].cause == cause && q850[i].sip != 0)
			return q850[i].sip;
	return 503;
}

/* RFC 3398 §8.2.6.1, the mapping IOS follows. */
int
sip_to_q850(int code)
{
	switch (code) {
	case 401: case 402: case 403: case 407:
		return 21;
	case 404: case 485: case 604:
		return 1;
	case 408:
		return 102;
	case 410:
		return 22;
	case 480:
		return 18;
	case 484:
		return 28;
	case 486: case 600:
		return 17;
	case 487:
		return 16;
	case 488: case 606:
		return 65;
	case 500:
		return 41;
	case 502: case 503:
		return 38;
	case 603:
		return 21;
	}
	return code >= 500 ? 41 : 127;
}

struct call *
call_new(enum call_dir dir)
{
	struct call	*c;

	c = xcalloc(1, sizeof *c);
	c->user.ops = &call_ops;
	c->dir = dir;
	c->id = call_next_id++;
	c->guid = next_guid++;
	c->setup_ms = call_uptime_ms();
	c->local_rtp = 0;
	c->remote.nte_pt = -1;
	c->sdp_version = 1;
	stack_random_hex(c->local_tag, 7);
	c->local_tag[7] = '-';
	stack_random_hex(c->local_tag + 8, 4);
	TAILQ_INSERT_TAIL(&calls, c, entry);
	return c;
}

struct call *
call_by_id(unsigned id)
{
	struct call	*c;

	TAILQ_FOREACH(c, &calls, entry)
		if (c->id == id || (c->tele_id != 0 && c->tele_id == id))
			return c;
	return NULL;
}

static void
call_free(struct call *c)
{
	TAILQ_REMOVE(&calls, c, entry);
	if (c->voice_port[0] != '\0')
		line_release(c->voice_port);
	stack_disown(c->invite_tr);
	stack_disown(c->bye_tr);
	stack_disown(c->cancel_tr);
	if (c->dialog != NULL) {
		osip_stop_retransmissions_from_dialog(sip_osip, c->dialog);
		osip_dialog_free(c->dialog);
	}
	osip_message_free(c->invite);
	osip_message_free(c->ack);
	if (c->timer != NULL)
		event_free(c->timer);
	if (c->rtp != NULL)
		rtp_close(c->rtp);
	free(c);
}

void
call_end(struct call *c, int cause)
{
	struct dial_peer	*dp;

	c->state = CS_DONE;
	c->cause = cause;
	c->disc_ms = call_uptime_ms();
	if ((dp = dialpeer_find(c->voip_peer)) != NULL)
		dialpeer_note_call(dp, c->connect_ms != 0, cause);
	if ((dp = dialpeer_find(c->pots_peer)) != NULL)
		dialpeer_note_call(dp, c->connect_ms != 0, cause);
	call_history_add(c);
	sipua_debug_event("call %u ended, cause %d", c->id, cause);
	if (c->csim) {
		/* calls.md §1.7: csim reports the disconnect (always
		 * "failed = 1", as the author of the capture says). */
		log_msg("csim err csimDisconnected recvd DISC cid(%u)", c->id);
		log_msg("csim: loop = 1, failed = 1");
		log_msg("csim: call attempted = 1, setup failed = %d, "
		    "tone failed = 0", c->connect_ms == 0);
	}
	call_free(c);
}

/* Local-side requests inside the dialog (BYE, re-INVITE's ACK): the
 * dialog gives Call-ID, tags, remote target, route set and CSeq. */
osip_message_t *
call_dialog_request(struct call *c, const char *method)
{
	osip_message_t	*m;
	osip_dialog_t	*d = c->dialog;
	char		 buf[160];

	if (d == NULL || (m = stack_request_new(method, c->route.t)) == NULL)
		return NULL;
	if (d->remote_contact_uri != NULL && d->remote_contact_uri->url != NULL)
		osip_uri_clone(d->remote_contact_uri->url, &m->req_uri);
	else
		osip_uri_clone(d->remote_uri->url, &m->req_uri);
	osip_list_clone(&d->route_set, &m->routes,
	    (int (*)(void *, void **))osip_route_clone);
	/* libosip2's dialog keeps our side as local_uri either way. */
	osip_from_clone(d->local_uri, &m->from);
	osip_to_clone(d->remote_uri, &m->to);
	osip_message_set_call_id(m, d->call_id);
	if (strcmp(method, "ACK") != 0)
		d->local_cseq++;
	snprintf(buf, sizeof buf, "%d %s", d->local_cseq, method);
	osip_message_set_cseq(m, buf);
	osip_message_set_max_forwards(m, "70");
	osip_message_set_user_agent(m, SIPUA_SERVER);
	if (strcmp(method, "BYE") == 0) {
		snprintf(buf, sizeof buf, "Q.850;cause=%d",
		    c->cause ? c->cause : 16);
		osip_message_set_header(m, "Reason", buf);
	}
	osip_message_set_content_length(m, "0");
	return m;
}

void
call_timer_set(struct call *c, int ms, event_callback_fn fn)
{
	struct timeval	tv = { ms / 1000, (ms % 1000) * 1000 };

	if (c->timer != NULL)
		event_free(c->timer);
	c->timer = evtimer_new(evloop_base(), fn, c);
	evtimer_add(c->timer, &tv);
}

/* Where in-dialog requests go: the connection the call came on while it
 * lasts (a proxy's or the caller's), else the remote target (Contact) on
 * the call's transport. */
static void
call_route_in_dialog(struct call *c)
{
	struct sockaddr_in	*sin;
	osip_uri_t		*u;
	struct in_addr		 a;
	int			 port;

	if (c->route.conn_id != 0 && conn_table_find_id(
	    conn_table_get(c->route.t), c->route.conn_id) != NULL)
		return;
	if (c->dir == CALL_OUT || c->dialog == NULL ||
	    c->dialog->remote_contact_uri == NULL ||
	    (u = c->dialog->remote_contact_uri->url) == NULL ||
	    u->host == NULL || inet_pton(AF_INET, u->host, &a) != 1)
		return;
	port = u->port != NULL ? atoi(u->port) : 0;
	if (port <= 0 || port > 65535)
		port = c->route.t == SIPT_TLS ? 5061 : 5060;
	memset(&c->route.peer, 0, sizeof c->route.peer);
	sin = (struct sockaddr_in *)&c->route.peer;
	sin->sin_family = AF_INET;
	sin->sin_addr = a;
	sin->sin_port = htons(port);
	c->route.peer_len = sizeof *sin;
	c->route.conn_id = 0;
}

void
call_hangup(struct call *c, int cause)
{
	osip_message_t	*m;

	c->cause = cause;
	switch (c->state) {
	case CS_ACTIVE:
	case CS_ANSWERED:
		if ((m = call_dialog_request(c, "BYE")) == NULL)
			break;
		call_route_in_dialog(c);
		c->bye_tr = stack_request(m, &c->route, &c->user);
		if (c->bye_tr == NULL)
			break;
		c->state = CS_RELEASING;
		return;
	case CS_CALLING:
	case CS_PROCEEDING:
	case CS_ALERTING:
		if (c->dir == CALL_IN) {
			stack_respond(c->invite_tr, stack_response(c->invite_tr,
			    q850_to_sip(cause), c->local_tag));
			break;
		}
		call_out_failed(c, NULL);	/* sends CANCEL */
		return;
	case CS_CANCELLING:
	case CS_RELEASING:
		return;
	case CS_DONE:
		break;
	}
	call_end(c, cause);
}

/* ---- the stack's view ---- */

static void
ops_response(struct stack_user *u, osip_transaction_t *tr,
    osip_message_t *resp)
{
	struct call	*c = (struct call *)u;

	if (tr == c->bye_tr) {
		if (resp->status_code >= 200)
			call_end(c, c->cause ? c->cause : 16);
		return;
	}
	if (tr == c->cancel_tr)
		return;
	if (c->dir == CALL_OUT)
		call_out_response(c, tr, resp);
}

static void
ops_failed(struct stack_user *u, osip_transaction_t *tr)
{
	struct call	*c = (struct call *)u;

	if (tr == c->bye_tr) {
		call_end(c, c->cause ? c->cause : 16);
		return;
	}
	if (c->dir == CALL_OUT && tr == c->invite_tr)
		call_out_failed(c, tr);
}

static void
ops_ended(struct stack_user *u, osip_transaction_t *tr)
{
	struct call	*c = (struct call *)u;

	if (tr == c->invite_tr)
		c->invite_tr = NULL;
	if (tr == c->bye_tr)
		c->bye_tr = NULL;
	if (tr == c->cancel_tr)
		c->cancel_tr = NULL;
	/* An inbound call whose 2xx got no ACK, or a CANCELled one, ends
	 * with its INVITE transaction. */
	if (c->dir == CALL_IN && c->invite_tr == NULL &&
	    c->state != CS_ACTIVE && c->state != CS_ANSWERED &&
	    c->state != CS_RELEASING)
		call_end(c, 102);
}

static const struct stack_ops call_ops = {
	ops_response, ops_failed, ops_ended
};

void
call_init(void)
{
	stack_set_request_handler(call_in_request);
	stack_set_stray_handler(call_in_stray);
}

void
call_shutdown(void)
{
	struct call	*c;

	while ((c = TAILQ_FIRST(&calls)) != NULL)
		call_free(c);
}

void
call_media_start(struct call *c)
{
	if (c->rtp == NULL || c->codec == NULL || c->remote.port <= 0)
		return;
	if (rtp_start(c->rtp, c->remote.host, c->remote.port, c->codec->pt,
	    c->codec->bytes) != 0)
		sipua_debug_event("call %u: no media to %s:%d", c->id,
		    c->remote.host, c->remote.port);
}

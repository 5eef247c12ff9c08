/* The inbound side of calls: an INVITE arrives (its checks: sips only
 * over TLS, Accept, the body), the inbound voip dial-peer is chosen
 * (calls.md §2.2), the pots dial-peers of the number are hunted for a free
 * voice-port, which rings (180) and answers (200 with SDP) after the ring
 * time; then ACK, CANCEL, BYE and re-INVITE in the dialog. */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "call.h"
#include "xmalloc.h"

/* Which voice-ports hold a call: a small hash set, so a router with
 * thousands of lines finds a free one without walking every call. */
#define LINE_HASH	1024

struct line_busy {
	char			*port;
	struct line_busy	*next;
};
static struct line_busy	*busy_lines[LINE_HASH];

static unsigned
line_hash(const char *s)
{
	unsigned	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % LINE_HASH;
}

static int
line_busy(const char *port)
{
	struct line_busy	*l;

	for (l = busy_lines[line_hash(port)]; l != NULL; l = l->next)
		if (strcmp(l->port, port) == 0)
			return 1;
	return 0;
}

static void
line_take(const char *port)
{
	struct line_busy	*l = xmalloc(sizeof *l);
	unsigned		 h = line_hash(port);

	l->port = xstrdup(port);
	l->next = busy_lines[h];
	busy_lines[h] = l;
}

void
line_release(const char *port)
{
	struct line_busy	**lp, *l;

	for (lp = &busy_lines[line_hash(port)]; (l = *lp) != NULL;
	    lp = &l->next)
		if (strcmp(l->port, port) == 0) {
			*lp = l->next;
			free(l->port);
			free(l);
			return;
		}
}

static void
user_of(osip_uri_t *u, char *out, size_t len)
{
	snprintf(out, len, "%s", u != NULL && u->username != NULL ?
	    u->username : "");
}

static osip_message_t *
answer_response(struct call *c, int code)
{
	osip_message_t	*r;
	char		 buf[160], *sdp;

	if ((r = stack_response(c->invite_tr, code, c->local_tag)) == NULL)
		return NULL;
	if (code >= 200 && code < 300) {
		snprintf(buf, sizeof buf, "<%s:%s@%s:%d%s>",
		    c->sips ? "sips" : "sip", c->called, stack_local_host(),
		    stack_local_port(c->route.t),
		    c->route.t == SIPT_TLS && !c->sips ? ";transport=tls" :
		    c->route.t == SIPT_TCP ? ";transport=tcp" : "");
		osip_message_set_contact(r, buf);
		osip_message_set_allow(r, SIPUA_ALLOW);
		if ((sdp = sdp_build(c)) != NULL) {
			osip_message_set_body(r, sdp, strlen(sdp));
			osip_message_set_content_type(r, "application/sdp");
			osip_free(r->content_length->value);
			snprintf(buf, sizeof buf, "%zu", strlen(sdp));
			r->content_length->value = osip_strdup(buf);
			free(sdp);
		}
	}
	return r;
}

static void
ack_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct call	*c = arg;

	if (c->state == CS_ANSWERED) {
		sipua_debug_event("call %u: no ACK for the 2xx", c->id);
		call_hangup(c, 102);
	}
}

static void
answer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct call	*c = arg;
	osip_message_t	*r;

	if (c->state != CS_ALERTING || c->invite_tr == NULL)
		return;
	if ((r = answer_response(c, 200)) == NULL) {
		call_end(c, 47);
		return;
	}
	if (c->dialog == NULL)
		osip_dialog_init_as_uas(&c->dialog, c->invite_tr->orig_request,
		    r);
	c->state = CS_ANSWERED;
	c->connect_ms = call_uptime_ms();
	/* Over UDP the 2xx is retransmitted until the ACK (RFC 3261
	 * §13.3.1.4), by libosip2's ixt; a stream needs none. */
	if (c->route.t == SIPT_UDP && c->dialog != NULL)
		osip_start_200ok_retransmissions(sip_osip, c->dialog, r,
		    stack_route_handle(&c->route));
	stack_respond(c->invite_tr, r);
	call_media_start(c);
	/* RFC 3261 §13.3.1.4: no ACK within 64*T1 ends the call with BYE. */
	call_timer_set(c, 64 * 500, ack_timeout_cb);
}

static int
invite_reject(osip_transaction_t *tr, int code, const char *why,
    const char *header, const char *value)
{
	osip_message_t	*r;
	char		 tag[16];

	stack_random_hex(tag, 8);
	sipua_debug_event("INVITE refused with %d: %s", code, why);
	if ((r = stack_response(tr, code, tag)) == NULL)
		return 0;
	if (header != NULL)
		osip_message_set_header(r, header, value);
	stack_respond(tr, r);
	return 0;
}

/* Accept (RFC 3261 §20.1): none means application/sdp. */
static int
accepts_sdp(osip_message_t *req)
{
	osip_accept_t	*a;
	int		 i;

	if (osip_message_get_accept(req, 0, &a) < 0)
		return 1;
	for (i = 0; osip_message_get_accept(req, i, &a) >= 0; i++) {
		if (a->type == NULL)
			return 1;	/* an empty Accept */
		if ((strcmp(a->type, "*") == 0) ||
		    (strcasecmp(a->type, "application") == 0 &&
		    a->subtype != NULL && (strcmp(a->subtype, "*") == 0 ||
		    strcasecmp(a->subtype, "sdp") == 0)))
			return 1;
	}
	return 0;
}

/* RFC 3261 §8.2.2: sips only over TLS (416), Accept (406), the body
 * (415). Scheme, Require and the rest were checked in message_check.c. */
static int
invite_check(osip_transaction_t *tr, osip_message_t *req,
    const struct stack_route *rt, struct call_media *offer)
{
	osip_content_type_t	*ct;
	osip_body_t		*body;
	const char		*scheme;

	scheme = req->req_uri != NULL ? req->req_uri->scheme : NULL;
	if (scheme == NULL || (strcasecmp(scheme, "sip") != 0 &&
	    strcasecmp(scheme, "sips") != 0))
		return invite_reject(tr, 416, "URI scheme", NULL, NULL), -1;
	if (strcasecmp(scheme, "sips") == 0 && rt->t != SIPT_TLS)
		return invite_reject(tr, 416, "sips over a plain transport",
		    NULL, NULL), -1;
	if (!accepts_sdp(req))
		return invite_reject(tr, 406, "SDP not acceptable to the caller",
		    NULL, NULL), -1;
	offer->port = 0;
	if (osip_message_get_body(req, 0, &body) < 0)
		return 0;		/* offer in the 200, answer in the ACK */
	ct = osip_message_get_content_type(req);
	if (ct == NULL || ct->type == NULL || ct->subtype == NULL ||
	    strcasecmp(ct->type, "application") != 0 ||
	    strcasecmp(ct->subtype, "sdp") != 0)
		return invite_reject(tr, 415, "body is not SDP", "Accept",
		    "application/sdp"), -1;
	if (sdp_parse(body->body, offer) != 0)
		return invite_reject(tr, 400, "SDP unreadable", NULL, NULL), -1;
	return 0;
}

/* The pots dial-peers for called, in hunt order; the first whose line is
 * free rings. 404 when none matches, 486 when every line is busy. */
static int
invite_pick_line(struct call *c)
{
	struct dial_peer	**cand;
	int			  n, i, max = dialpeer_count();

	/* Every line of the number may be tried: hunting stops only at a
	 * huntstop peer (not at CALL_HUNT_MAX, which bounds voip rollover). */
	cand = xcalloc(max > 0 ? max : 1, sizeof *cand);
	n = dialpeer_outbound(c->called, 0, cand, max);
	for (i = 0; i < n; i++) {
		if (line_busy(cand[i]->port))
			continue;
		c->pots_peer = cand[i]->tag;
		snprintf(c->voice_port, sizeof c->voice_port, "%s",
		    cand[i]->port);
		line_take(c->voice_port);
		c->tele_id = call_next_id++;
		free(cand);
		return 0;
	}
	free(cand);
	return n == 0 ? 404 : 486;
}

static int
invite_new(osip_transaction_t *tr, osip_message_t *req,
    const struct stack_route *rt)
{
	struct call_media	 offer;
	struct dial_peer	*in;
	struct call		*c;
	const struct codec_info	*want;
	int			 code, pt;

	if (invite_check(tr, req, rt, &offer) != 0)
		return 0;
	c = call_new(CALL_IN);
	c->invite_tr = tr;
	osip_transaction_set_reserved3(tr, &c->user);
	c->route = *rt;
	c->sips = strcasecmp(req->req_uri->scheme, "sips") == 0;
	snprintf(c->call_id, sizeof c->call_id, "%s%s%s",
	    req->call_id->number, req->call_id->host ? "@" : "",
	    req->call_id->host ? req->call_id->host : "");
	user_of(req->req_uri, c->called, sizeof c->called);
	user_of(req->from->url, c->calling, sizeof c->calling);
	in = dialpeer_inbound_voip(c->called, c->calling);
	c->voip_peer = in != NULL ? in->tag : 0;
	if (in != NULL)
		in->stats->accepted++;
	/* Dial-peer 0 takes any codec (calls.md §2.2). */
	want = in != NULL && in->codec[0] != '\0' ? codec_lookup(in->codec) :
	    NULL;
	c->remote = offer;
	if (offer.port != 0) {
		if ((pt = sdp_choose(&offer, want)) < 0) {
			stack_respond(tr, answer_response(c, 488));
			call_end(c, 65);
			return 0;
		}
		c->codec = codec_by_pt(pt);
	} else
		c->codec = want != NULL ? want : codec_lookup("g711ulaw");
	if ((code = invite_pick_line(c)) != 0 ||
	    (c->rtp = rtp_open(&c->local_rtp)) == NULL) {
		if (code == 0)
			code = 503;
		stack_respond(tr, answer_response(c, code));
		call_end(c, sip_to_q850(code));
		return 0;
	}
	stack_respond(tr, answer_response(c, 100));
	stack_respond(tr, answer_response(c, 180));
	c->state = CS_ALERTING;
	call_timer_set(c, call_answer_delay_ms, answer_cb);
	return 0;
}

static struct call *
call_by_dialog_request(osip_message_t *req)
{
	struct call	*c;

	TAILQ_FOREACH(c, &calls, entry)
		if (c->dialog != NULL &&
		    osip_dialog_match_as_uas(c->dialog, req) == 0)
			return c;
	return NULL;
}

static struct call *
call_by_invite_branch(osip_message_t *cancel)
{
	osip_via_t		*v1, *v2;
	osip_generic_param_t	*b1, *b2;
	struct call		*c;

	if (osip_message_get_via(cancel, 0, &v1) < 0 ||
	    osip_via_param_get_byname(v1, "branch", &b1) < 0 ||
	    b1->gvalue == NULL)
		return NULL;
	TAILQ_FOREACH(c, &calls, entry) {
		if (c->dir != CALL_IN || c->invite_tr == NULL ||
		    osip_message_get_via(c->invite_tr->orig_request, 0,
		    &v2) < 0 ||
		    osip_via_param_get_byname(v2, "branch", &b2) < 0 ||
		    b2->gvalue == NULL)
			continue;
		if (strcmp(b1->gvalue, b2->gvalue) == 0)
			return c;
	}
	return NULL;
}

static void
respond_simple(osip_transaction_t *tr, int code)
{
	char	tag[16];

	stack_random_hex(tag, 8);
	stack_respond(tr, stack_response(tr, code, tag));
}

static int
reinvite(struct call *c, osip_transaction_t *tr, osip_message_t *req)
{
	struct call_media	 offer;
	osip_body_t		*body;
	osip_message_t		*r;
	osip_transaction_t	*keep = c->invite_tr;
	enum call_dir		 dir = c->dir;

	if (osip_message_get_body(req, 0, &body) >= 0 &&
	    sdp_parse(body->body, &offer) == 0 && offer.port != 0)
		c->remote = offer;
	osip_dialog_update_osip_cseq_as_uas(c->dialog, req);
	/* The answer is built as for the first INVITE, on this
	 * transaction; the session version moves on (RFC 3264 §8). */
	c->invite_tr = tr;
	c->sdp_version++;
	c->dir = CALL_IN;
	r = answer_response(c, 200);
	c->dir = dir;
	c->invite_tr = keep;
	stack_respond(tr, r);
	return 0;
}

int
call_in_request(osip_transaction_t *tr, osip_message_t *req,
    const struct stack_route *rt)
{
	osip_generic_param_t	*tag;
	struct call		*c;

	if (MSG_IS_INVITE(req)) {
		if (osip_to_get_tag(req->to, &tag) >= 0) {
			if ((c = call_by_dialog_request(req)) == NULL)
				return -1;		/* 481 */
			return reinvite(c, tr, req);
		}
		return invite_new(tr, req, rt);
	}
	if (MSG_IS_BYE(req)) {
		if ((c = call_by_dialog_request(req)) == NULL)
			return -1;
		respond_simple(tr, 200);
		if (c->state != CS_DONE)
			call_end(c, 16);
		return 0;
	}
	if (MSG_IS_CANCEL(req)) {
		if ((c = call_by_invite_branch(req)) == NULL)
			return -1;
		respond_simple(tr, 200);
		if (c->state == CS_ALERTING || c->state == CS_PROCEEDING) {
			stack_respond(c->invite_tr, answer_response(c, 487));
			call_end(c, 16);
		}
		return 0;
	}
	return -1;
}

/* An ACK for a 2xx (no transaction) or a 2xx retransmission. */
void
call_in_stray(osip_message_t *msg, struct sip_conn *conn)
{
	struct call	*c;

	if (MSG_IS_ACK(msg)) {
		osip_stop_200ok_retransmissions(sip_osip, msg);
		if ((c = call_by_dialog_request(msg)) != NULL &&
		    c->state == CS_ANSWERED)
			c->state = CS_ACTIVE;
		return;
	}
	TAILQ_FOREACH(c, &calls, entry)
		if (c->dir == CALL_OUT && c->dialog != NULL &&
		    osip_dialog_match_as_uac(c->dialog, msg) == 0) {
			call_out_stray(c, msg);
			return;
		}
}


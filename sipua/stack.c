/* The transaction layer's face: libosip2's ICT/IST/NICT/NIST (run by
 * stack_run.c on the loop) and its callbacks, the route each transaction
 * sends along, responses built from a request, and what no user takes
 * (OPTIONS, methods vgw does not serve). Nothing here blocks: messages go
 * to transport.c's queues. */
#include <sys/time.h>

#include <event2/event.h>
#include <gnutls/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <osip2/osip_time.h>

#include "evloop.h"
#include "stack.h"
#include "xmalloc.h"

osip_t			*sip_osip;
static stack_request_fn	 request_handler;
static stack_stray_fn	 stray_handler;

static const struct {
	int		 code;
	const char	*reason;
} reasons[] = {
	{ 100, "Trying" }, { 180, "Ringing" }, { 183, "Session Progress" },
	{ 200, "OK" }, { 400, "Bad Request" }, { 401, "Unauthorized" },
	{ 403, "Forbidden" }, { 404, "Not Found" },
	{ 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
	{ 407, "Proxy Authentication Required" }, { 408, "Request Timeout" },
	{ 415, "Unsupported Media Type" }, { 416, "Unsupported URI Scheme" },
	{ 420, "Bad Extension" }, { 480, "Temporarily Unavailable" },
	{ 481, "Call/Transaction Does Not Exist" }, { 483, "Too Many Hops" },
	{ 486, "Busy here" }, { 487, "Request Cancelled" },
	{ 488, "Not Acceptable Media" }, { 500, "Internal Server Error" },
	{ 501, "Not Implemented" }, { 503, "Service Unavailable" },
	{ 505, "Version Not Supported" }, { 603, "Decline" },
};

const char *
stack_reason(int code)
{
	size_t	i;

	for (i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (reasons[i].code == code)
			return reasons[i].reason;
	return code < 300 ? "OK" : "Unknown";
}

void
stack_random_hex(char *out, size_t nhex)
{
	static const char	 hex[] = "0123456789ABCDEF";
	unsigned char		 buf[32];
	size_t			 i;

	if (nhex > 2 * sizeof buf)
		nhex = 2 * sizeof buf;
	gnutls_rnd(GNUTLS_RND_NONCE, buf, (nhex + 1) / 2);
	for (i = 0; i < nhex; i++)
		out[i] = hex[(buf[i / 2] >> (i % 2 ? 0 : 4)) & 15];
	out[nhex] = '\0';
}

const char *
stack_local_host(void)
{
	/* A wildcard bind has no address to advertise: loopback is the
	 * only place vgw sends to outside a lab. */
	if (strcmp(sipua_listen.bind, "0.0.0.0") == 0 ||
	    strcmp(sipua_listen.bind, "::") == 0)
		return "127.0.0.1";
	return sipua_listen.bind;
}

int
stack_local_port(enum sip_transport t)
{
	return t == SIPT_TLS ? sipua_listen.tls_port : sipua_listen.sip_port;
}

int
stack_route_handle(const struct stack_route *rt)
{
	return ((int)rt->t + 1) << 16 | (rt->conn_id & 0xffff);
}

static struct sip_conn *
route_conn(enum sip_transport t, int conn_id, const struct stack_route *rt)
{
	struct sip_conn	*c;

	if (conn_id == 0 ||
	    (c = conn_table_find_id(conn_table_get(t), conn_id)) == NULL)
		return NULL;
	/* An id is reused once its connection is gone: same remote only. */
	if (rt != NULL && rt->peer_len > 0 &&
	    conn_table_find_remote(conn_table_get(t),
	    (const struct sockaddr *)&rt->peer, rt->peer_len) != c)
		return NULL;
	return c;
}

static void
count_out(osip_message_t *msg)
{
	enum sip_method_stat	m;

	if (MSG_IS_REQUEST(msg)) {
		sip_stats.req_out[sip_method_stat(msg->sip_method)]++;
		return;
	}
	if (msg->status_code > 0 && msg->status_code < 700)
		sip_stats.resp_out[msg->status_code]++;
	if (msg->status_code == 200 && msg->cseq != NULL &&
	    msg->cseq->method != NULL) {
		m = sip_method_stat(msg->cseq->method);
		sip_stats.ok_out[m]++;
	}
}

static int
route_send(const struct stack_route *rt, int handle, osip_message_t *msg)
{
	struct sip_conn	*c;
	char		*buf;
	size_t		 len;
	int		 rc, t, id;

	if ((rc = osip_message_to_str(msg, &buf, &len)) != 0) {
		sipua_debug_event("cannot write a %s: %d", MSG_IS_REQUEST(msg) ?
		    msg->sip_method : "response", rc);
		return -1;
	}
	count_out(msg);
	if (rt != NULL) {
		t = rt->t;
		id = rt->conn_id;
	} else {
		t = (handle >> 16) - 1;
		id = handle & 0xffff;
	}
	if (t < 0 || t >= SIPT_COUNT)
		rc = -1;
	else if ((c = route_conn(t, id, rt)) != NULL)
		rc = transport_send(c, buf, len);
	else if (rt != NULL && rt->peer_len > 0)
		rc = transport_send_to(rt->t, (const struct sockaddr *)&rt->peer,
		    rt->peer_len, buf, len);
	else
		rc = -1;
	osip_free(buf);
	return rc;
}

/* libosip2 passes the Via/Request-URI host and port; vgw sends along the
 * transaction's route instead (the connection a request came on, the
 * dial-peer's session target), which is what RFC 3261 §18 asks of a
 * stream transport and what the egress rules check. */
static int
stack_send_cb(osip_transaction_t *tr, osip_message_t *msg, char *host,
    int port, int sock)
{
	const struct stack_route *rt = NULL;

	if (tr != NULL)
		rt = strun_route(tr);
	return route_send(rt, sock, msg) == 0 ? 0 : -1;
}

int
stack_send(osip_message_t *msg, const struct stack_route *rt)
{
	return route_send(rt, 0, msg);
}


static void
kill_cb(int type, osip_transaction_t *tr)
{
	struct stack_user	*u = osip_transaction_get_reserved3(tr);

	if (u != NULL && u->ops->ended != NULL)
		u->ops->ended(u, tr);
	osip_transaction_set_reserved3(tr, NULL);
	strun_kill(tr);
}

static void
response_cb(int type, osip_transaction_t *tr, osip_message_t *msg)
{
	struct stack_user	*u = osip_transaction_get_reserved3(tr);

	if (msg != NULL && msg->status_code > 0 && msg->status_code < 700)
		sip_stats.resp_in[msg->status_code]++;
	if (u != NULL && u->ops->response != NULL)
		u->ops->response(u, tr, msg);
}

static void
failed_cb(int type, osip_transaction_t *tr, osip_message_t *msg)
{
	struct stack_user	*u = osip_transaction_get_reserved3(tr);

	if (u != NULL && u->ops->failed != NULL)
		u->ops->failed(u, tr);
}

static void
transport_error_cb(int type, osip_transaction_t *tr, int error)
{
	failed_cb(0, tr, NULL);
}

osip_message_t *
stack_response(osip_transaction_t *tr, int code, const char *to_tag)
{
	osip_message_t		*req = tr->orig_request, *r;
	osip_generic_param_t	*tag;
	char			 num[8];

	if (req == NULL || osip_message_init(&r) != 0)
		return NULL;
	osip_message_set_version(r, osip_strdup("SIP/2.0"));
	osip_message_set_status_code(r, code);
	osip_message_set_reason_phrase(r, osip_strdup(stack_reason(code)));
	if (osip_list_clone(&req->vias, &r->vias,
	    (int (*)(void *, void **))osip_via_clone) != 0 ||
	    osip_from_clone(req->from, &r->from) != 0 ||
	    osip_to_clone(req->to, &r->to) != 0 ||
	    osip_call_id_clone(req->call_id, &r->call_id) != 0 ||
	    osip_cseq_clone(req->cseq, &r->cseq) != 0) {
		osip_message_free(r);
		return NULL;
	}
	if (code > 100 && to_tag != NULL && osip_to_get_tag(r->to, &tag) < 0)
		osip_to_set_tag(r->to, osip_strdup(to_tag));
	/* RFC 3261 §12.1.1: a response that makes a dialog carries the
	 * request's Record-Route, so the caller's route set has the
	 * proxies that asked to stay in the path. */
	if (code > 100 && code < 300 && osip_list_clone(&req->record_routes,
	    &r->record_routes,
	    (int (*)(void *, void **))osip_record_route_clone) != 0) {
		osip_message_free(r);
		return NULL;
	}
	osip_message_set_header(r, "Server", SIPUA_SERVER);
	snprintf(num, sizeof num, "%d", 0);
	osip_message_set_content_length(r, num);
	return r;
}

void
stack_respond(osip_transaction_t *tr, osip_message_t *resp)
{
	osip_event_t	*evt;

	if (tr == NULL || resp == NULL) {
		osip_message_free(resp);
		return;
	}
	evt = osip_new_outgoing_sipmessage(resp);
	strun_add_event(tr, evt);
}

/* IOS's retry counts (`retry invite|bye|register|cancel N`) over UDP: N
 * retransmissions, then Timer B/F. `timers trying` is T1 of an INVITE.
 * Over TCP/TLS libosip2 does not retransmit and B/F stay 64*T1. */
static int
retry_count(osip_message_t *req)
{
	if (MSG_IS_INVITE(req))
		return sipua_conf.retry_invite;
	if (MSG_IS_BYE(req))
		return sipua_conf.retry_bye;
	if (MSG_IS_CANCEL(req))
		return sipua_conf.retry_cancel;
	if (MSG_IS_REGISTER(req))
		return sipua_conf.retry_register;
	return 10;
}

static void
stack_apply_retries(osip_transaction_t *tr, osip_message_t *req)
{
	int		n = retry_count(req), t1, total, step, k;
	struct timeval	now;

	if (n < 1)
		n = 1;
	osip_gettimeofday(&now, NULL);
	if (tr->ict_context != NULL && tr->ict_context->timer_a_length > 0) {
		t1 = sipua_conf.timer_trying > 0 ? sipua_conf.timer_trying : 500;
		tr->ict_context->timer_a_length = t1;
		tr->ict_context->timer_a_start = now;
		add_gettimeofday(&tr->ict_context->timer_a_start, t1);
		tr->ict_context->timer_b_length = t1 << n;
	} else if (tr->nict_context != NULL &&
	    tr->nict_context->timer_e_length > 0) {
		t1 = MSG_IS_REGISTER(req) && sipua_conf.timer_register > 0 ?
		    sipua_conf.timer_register : 500;
		tr->nict_context->timer_e_length = t1;
		tr->nict_context->timer_e_start = now;
		add_gettimeofday(&tr->nict_context->timer_e_start, t1);
		for (k = 0, total = 0, step = t1; k <= n; k++) {
			total += step;
			if ((step *= 2) > DEFAULT_T2)
				step = DEFAULT_T2;
		}
		tr->nict_context->timer_f_length = total;
	}
	/* Timer B/F count from the start of the transaction. */
	if (tr->ict_context != NULL) {
		tr->ict_context->timer_b_start = now;
		add_gettimeofday(&tr->ict_context->timer_b_start,
		    tr->ict_context->timer_b_length);
	} else if (tr->nict_context != NULL) {
		tr->nict_context->timer_f_start = now;
		add_gettimeofday(&tr->nict_context->timer_f_start,
		    tr->nict_context->timer_f_length);
	}
}

osip_transaction_t *
stack_request(osip_message_t *req, const struct stack_route *rt,
    struct stack_user *u)
{
	osip_transaction_t	*tr;

	if (osip_transaction_init(&tr, MSG_IS_INVITE(req) ? ICT : NICT,
	    sip_osip, req) != 0) {
		osip_message_free(req);
		return NULL;
	}
	strun_adopt(tr, rt, req);
	osip_transaction_set_reserved3(tr, u);
	stack_apply_retries(tr, req);
	strun_add_event(tr, osip_new_outgoing_sipmessage(req));
	return tr;
}

void
stack_disown(osip_transaction_t *tr)
{
	if (tr != NULL)
		osip_transaction_set_reserved3(tr, NULL);
}


/* What vgw answers to a request no user took. */
static void
default_answer(osip_transaction_t *tr, osip_message_t *req)
{
	osip_generic_param_t	*tag;
	osip_message_t		*r;
	char			 to_tag[16];
	int			 code;

	if (MSG_IS_OPTIONS(req))
		code = 200;
	else if (MSG_IS_CANCEL(req) || MSG_IS_BYE(req) || MSG_IS_PRACK(req) ||
	    osip_to_get_tag(req->to, &tag) >= 0)
		code = 481;
	else if (MSG_IS_REGISTER(req) || MSG_IS_SUBSCRIBE(req))
		code = 405;
	else if (sip_method_stat(req->sip_method) == SM_OTHER)
		code = 501;
	else
		code = 405;
	stack_random_hex(to_tag, 8);
	if ((r = stack_response(tr, code, to_tag)) == NULL)
		return;
	/* Without the call layer (unit tests of the transport) only
	 * OPTIONS is served, and Allow says so. */
	if (code == 200 || code == 405)
		osip_message_set_allow(r, request_handler != NULL ?
		    SIPUA_ALLOW : "OPTIONS");
	sipua_debug_event("%d to %s", code, req->sip_method);
	stack_respond(tr, r);
}

static void
request_cb(int type, osip_transaction_t *tr, osip_message_t *msg)
{
	const struct stack_route *rt = strun_route(tr);

	if (request_handler != NULL && request_handler(tr, msg, rt) == 0)
		return;
	default_answer(tr, msg);
}

void
stack_set_request_handler(stack_request_fn fn)
{
	request_handler = fn;
}

void
stack_set_stray_handler(stack_stray_fn fn)
{
	stray_handler = fn;
}

void
stack_receive(struct sip_conn *c, osip_event_t *evt)
{
	osip_message_t		*msg = evt->sip;
	osip_transaction_t	*tr;
	struct stack_route	 rt;

	if (MSG_IS_REQUEST(msg))
		osip_message_fix_last_via_header(msg, c->remote_host,
		    c->remote_port);
	if ((tr = strun_match(msg)) != NULL) {
		strun_add_event(tr, evt);
		return;
	}
	if (MSG_IS_RESPONSE(msg) || MSG_IS_ACK(msg)) {
		if (MSG_IS_RESPONSE(msg) && msg->status_code < 700)
			sip_stats.resp_in[msg->status_code]++;
		if (stray_handler != NULL)
			stray_handler(msg, c);
		osip_event_free(evt);
		return;
	}
	if ((tr = osip_create_transaction(sip_osip, evt)) == NULL) {
		osip_event_free(evt);
		return;
	}
	memset(&rt, 0, sizeof rt);
	rt.t = c->transport;
	rt.conn_id = c->id;
	memcpy(&rt.peer, &c->remote, c->remote_len);
	rt.peer_len = c->remote_len;
	strun_adopt(tr, &rt, msg);
	strun_add_event(tr, evt);
}


static void
set_callbacks(void)
{
	int	t;

	osip_set_cb_send_message(sip_osip, stack_send_cb);
	for (t = OSIP_ICT_STATUS_1XX_RECEIVED; t <= OSIP_ICT_STATUS_6XX_RECEIVED;
	    t++)
		osip_set_message_callback(sip_osip, t, response_cb);
	for (t = OSIP_NICT_STATUS_1XX_RECEIVED;
	    t <= OSIP_NICT_STATUS_6XX_RECEIVED; t++)
		if (t != OSIP_NICT_STATUS_2XX_RECEIVED_AGAIN)
			osip_set_message_callback(sip_osip, t, response_cb);
	osip_set_message_callback(sip_osip, OSIP_IST_INVITE_RECEIVED,
	    request_cb);
	for (t = OSIP_NIST_REGISTER_RECEIVED;
	    t <= OSIP_NIST_UNKNOWN_REQUEST_RECEIVED; t++)
		osip_set_message_callback(sip_osip, t, request_cb);
	osip_set_message_callback(sip_osip, OSIP_ICT_STATUS_TIMEOUT, failed_cb);
	osip_set_message_callback(sip_osip, OSIP_NICT_STATUS_TIMEOUT, failed_cb);
	for (t = 0; t < OSIP_KILL_CALLBACK_COUNT; t++)
		osip_set_kill_transaction_callback(sip_osip, t, kill_cb);
	osip_set_transport_error_callback(sip_osip, OSIP_ICT_TRANSPORT_ERROR,
	    transport_error_cb);
	osip_set_transport_error_callback(sip_osip, OSIP_NICT_TRANSPORT_ERROR,
	    transport_error_cb);
}

int
stack_init(void)
{
	if (sip_osip != NULL)
		return 0;
	if (osip_init(&sip_osip) != 0)
		return -1;
	set_callbacks();
	strun_init();
	return 0;
}

void
stack_shutdown(void)
{
	ixt_t	*ixt;

	if (sip_osip == NULL)
		return;
	strun_shutdown();
	while ((ixt = osip_list_get(&sip_osip->ixt_retransmissions, 0)) != NULL) {
		osip_list_remove(&sip_osip->ixt_retransmissions, 0);
		osip_message_free(ixt->msg2xx);
		osip_message_free(ixt->ack);
		osip_free(ixt->dest);
		osip_free(ixt);
	}
	osip_release(sip_osip);
	sip_osip = NULL;
}

osip_message_t *
stack_request_new(const char *method, enum sip_transport t)
{
	osip_message_t	*m;
	char		 buf[160], branch[16];

	if (osip_message_init(&m) != 0)
		return NULL;
	osip_message_set_method(m, osip_strdup(method));
	osip_message_set_version(m, osip_strdup("SIP/2.0"));
	stack_random_hex(branch, 8);
	snprintf(buf, sizeof buf, "SIP/2.0/%s %s:%d;branch=z9hG4bK%s",
	    t == SIPT_TLS ? "TLS" : t == SIPT_TCP ? "TCP" : "UDP",
	    stack_local_host(), stack_local_port(t), branch);
	osip_message_set_via(m, buf);
	return m;
}

void
stack_new_call_id(char *out, size_t len)
{
	char	hex[4][9];
	int	i;

	for (i = 0; i < 4; i++)
		stack_random_hex(hex[i], 8);
	snprintf(out, len, "%s-%s-%s-%s@%s", hex[0], hex[1], hex[2], hex[3],
	    stack_local_host());
}

void
stack_new_branch(osip_message_t *m)
{
	osip_via_t		*via;
	osip_generic_param_t	*p;
	char			 hex[16], buf[32];

	if (osip_message_get_via(m, 0, &via) < 0)
		return;
	stack_random_hex(hex, 8);
	snprintf(buf, sizeof buf, "z9hG4bK%s", hex);
	if (osip_via_param_get_byname(via, "branch", &p) >= 0) {
		osip_free(p->gvalue);
		p->gvalue = osip_strdup(buf);
	} else
		osip_via_set_branch(via, osip_strdup(buf));
}

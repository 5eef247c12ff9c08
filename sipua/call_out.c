/* Outbound calls (csim start): the voip dial-peers that match the number,
 * in hunt order; for each, the INVITE IOS sends (calls.md §1.9, §1.11,
 * §3.2: URI scheme from the peer's voice-class sip url, else `url` under
 * voice service voip/sip; transport from session transport, peer first;
 * sips only over TLS), and rollover to the next peer when one fails
 * (calls.md §7.11: no answer, connection failure, 4xx/5xx/6xx except 487
 * and a CANCEL of our own). */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "call.h"
#include "confdb.h"
#include "grammar.h"
#include "xmalloc.h"

/* `ip host NAME A.B.C.D` is vgw's resolver: dns: targets never leave the
 * configuration (the egress rules would refuse a real lookup's answer
 * anyway outside a lab). */
static int
resolve_host(const char *name, struct in_addr *a)
{
	struct confnode		*n;
	const struct gval	*v;
	char			 key[160];

	if (inet_pton(AF_INET, name, a) == 1)
		return 0;
	snprintf(key, sizeof key, "ip host %s", name);
	if ((n = confdb_find(NULL, key)) == NULL ||
	    (v = gmatch_get(&n->match, "$a1")) == NULL)
		return -1;
	a->s_addr = htonl(v->addr);
	return 0;
}

int
call_resolve_target(const char *target, int tls, struct stack_route *rt,
    char *host, size_t hostlen, int *port)
{
	struct sockaddr_in	*sin;
	struct in_addr		 a;
	const char		*p;
	char			 name[128], *colon;
	long			 v;

	if (strncmp(target, "ipv4:", 5) == 0)
		p = target + 5;
	else if (strncmp(target, "dns:", 4) == 0)
		p = target + 4;
	else
		return -1;
	snprintf(name, sizeof name, "%s", p);
	*port = 0;
	if ((colon = strrchr(name, ':')) != NULL) {
		*colon = '\0';
		v = strtol(colon + 1, NULL, 10);
		if (v <= 0 || v > 65535)
			return -1;
		*port = (int)v;
	}
	if (resolve_host(name, &a) != 0)
		return -1;
	snprintf(host, hostlen, "%s", name);
	memset(&rt->peer, 0, sizeof rt->peer);
	sin = (struct sockaddr_in *)&rt->peer;
	sin->sin_family = AF_INET;
	sin->sin_addr = a;
	sin->sin_port = htons(*port != 0 ? *port : tls ? 5061 : 5060);
	rt->peer_len = sizeof *sin;
	rt->conn_id = 0;
	return 0;
}

static enum sip_transport
peer_transport(const struct dial_peer *dp, int sips)
{
	if (sips)
		return SIPT_TLS;
	switch (dp->transport) {
	case DPT_UDP:
		return SIPT_UDP;
	case DPT_TCP:
		return SIPT_TCP;
	case DPT_TLS:
		return SIPT_TLS;
	default:
		return sipua_conf.session_transport;
	}
}

static int
peer_sips(const struct dial_peer *dp)
{
	if (dp->url == DPU_SIPS)
		return 1;
	if (dp->url == DPU_SYSTEM)
		return sipua_conf.url_sips;
	return 0;
}

static void
set_header(osip_message_t *m, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Headers libosip2 parses into fields go through their own setters (the
 * transaction layer reads Via, CSeq, From, To); the rest are kept as
 * text. */
static void
set_header(osip_message_t *m, const char *name, const char *fmt, ...)
{
	char	buf[512];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (strcmp(name, "Via") == 0)
		osip_message_set_via(m, buf);
	else if (strcmp(name, "From") == 0)
		osip_message_set_from(m, buf);
	else if (strcmp(name, "To") == 0)
		osip_message_set_to(m, buf);
	else if (strcmp(name, "Contact") == 0)
		osip_message_set_contact(m, buf);
	else if (strcmp(name, "CSeq") == 0)
		osip_message_set_cseq(m, buf);
	else if (strcmp(name, "Content-Length") == 0)
		osip_message_set_content_length(m, buf);
	else
		osip_message_set_header(m, name, buf);
}

static void
invite_uris(struct call *c, osip_message_t *m)
{
	const char	*scheme = c->sips ? "sips" : "sip";
	const char	*local = stack_local_host();
	int		 lport = stack_local_port(c->route.t);
	char		 buf[256];

	snprintf(buf, sizeof buf, "%s:%s@%s", scheme, c->called, c->target_host);
	if (c->target_port != 0)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), ":%d",
		    c->target_port);
	osip_uri_init(&m->req_uri);
	osip_uri_parse(m->req_uri, buf);
	if (c->calling[0] != '\0')
		set_header(m, "From", "<%s:%s@%s>;tag=%s", scheme, c->calling,
		    local, c->local_tag);
	else
		set_header(m, "From", "<%s:%s>;tag=%s", scheme, local,
		    c->local_tag);
	set_header(m, "To", "<%s:%s@%s>", scheme, c->called, c->target_host);
	set_header(m, "Contact", "<%s:%s%s%s:%d%s>", scheme, c->calling,
	    c->calling[0] != '\0' ? "@" : "", local, lport,
	    c->route.t == SIPT_TLS && !c->sips ? ";transport=tls" :
	    c->route.t == SIPT_TCP ? ";transport=tcp" : "");
}

/* The INVITE of calls.md §1.9/§3.2. libosip2 writes the headers it knows
 * in its own order (Via, From, To, Call-ID, CSeq, Contact, then the
 * others as added): IOS's exact order is not kept. `Supported` leaves
 * out 100rel: vgw does not send PRACK (the issue asks for none). */
static osip_message_t *
invite_build(struct call *c)
{
	osip_message_t	*m;
	char		 date[64], *sdp;
	time_t		 now = time(NULL);
	struct tm	 tm;

	if ((m = stack_request_new("INVITE", c->route.t)) == NULL)
		return NULL;
	invite_uris(c, m);
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	osip_message_set_header(m, "Date", date);
	osip_message_set_call_id(m, c->call_id);
	osip_message_set_supported(m, "timer,resource-priority,replaces");
	osip_message_set_header(m, "Min-SE", " 1800");
	set_header(m, "Cisco-Guid", "%u-%u-%u-%u", c->guid * 2654435761u,
	    c->id, (unsigned)now, c->guid);
	osip_message_set_user_agent(m, SIPUA_SERVER);
	osip_message_set_allow(m, SIPUA_ALLOW);
	set_header(m, "CSeq", "%d INVITE", c->cseq);
	osip_message_set_max_forwards(m, "70");
	set_header(m, "Timestamp", "%lld", (long long)now);
	osip_message_set_expires(m, "180");
	osip_message_set_header(m, "Allow-Events", "telephone-event");
	if ((sdp = sdp_build(c)) != NULL) {
		osip_message_set_content_type(m, "application/sdp");
		osip_message_set_body(m, sdp, strlen(sdp));
		set_header(m, "Content-Length", "%zu", strlen(sdp));
		free(sdp);
	}
	return m;
}

static int
invite_send(struct call *c, osip_message_t *m)
{
	osip_message_free(c->invite);
	if (osip_message_clone(m, &c->invite) != 0)
		c->invite = NULL;
	c->invite_tr = stack_request(m, &c->route, &c->user);
	return c->invite_tr != NULL ? 0 : -1;
}

static int
call_try_peer(struct call *c, struct dial_peer *dp)
{
	osip_message_t	*m;

	c->sips = peer_sips(dp);
	c->route.t = peer_transport(dp, c->sips);
	if (call_resolve_target(dp->target, c->route.t == SIPT_TLS, &c->route,
	    c->target_host, sizeof c->target_host, &c->target_port) != 0) {
		sipua_debug_event("dial-peer %lu: session target %s does not "
		    "resolve", dp->tag, dp->target);
		return -1;
	}
	c->voip_peer = dp->tag;
	c->codec = codec_lookup(dp->codec);
	if (c->codec == NULL)
		c->codec = codec_lookup("g711ulaw");
	dp->stats->last_setup_ms = call_uptime_ms();
	if (c->rtp == NULL && (c->rtp = rtp_open(&c->local_rtp)) == NULL)
		return -1;
	/* A fresh dialog for each dial-peer tried. */
	stack_new_call_id(c->call_id, sizeof c->call_id);
	if (c->dialog != NULL) {
		osip_dialog_free(c->dialog);
		c->dialog = NULL;
	}
	c->cseq = 101;
	c->auth_tries = 0;
	c->state = CS_CALLING;
	if ((m = invite_build(c)) == NULL)
		return -1;
	return invite_send(c, m);
}

/* The next peer in hunt order, or the end of the call with cause. */
static void
call_roll(struct call *c, int cause)
{
	struct dial_peer	*dp;

	stack_disown(c->invite_tr);
	c->invite_tr = NULL;
	while (c->hunt_next < c->nhunt) {
		if ((dp = dialpeer_find(c->hunt[c->hunt_next++])) == NULL)
			continue;
		if (call_try_peer(c, dp) == 0)
			return;
		dialpeer_note_call(dp, 0, 3);
	}
	call_end(c, cause);
}

static const char *
csim_calling_number(void)
{
	struct dial_peer	*dp;

	/* The first registrable pots number is the router's own line. */
	TAILQ_FOREACH(dp, dialpeer_all(), entry)
		if (!dp->voip && dp->destination != NULL &&
		    dp_pattern_is_number(dp->destination))
			return dp->destination;
	return "";
}

struct call *
call_place(const char *number, const char **err)
{
	struct dial_peer	*cand[CALL_HUNT_MAX];
	struct call		*c;
	int			 n, i;

	n = dialpeer_outbound(number, 1, cand, CALL_HUNT_MAX);
	if (n == 0) {
		*err = "peer not found";
		return NULL;
	}
	c = call_new(CALL_OUT);
	c->csim = 1;
	snprintf(c->called, sizeof c->called, "%s", number);
	snprintf(c->calling, sizeof c->calling, "%s", csim_calling_number());
	c->calling[strcspn(c->calling, "$")] = '\0';
	for (i = 0; i < n; i++)
		c->hunt[i] = cand[i]->tag;
	c->nhunt = n;
	c->local_rtp = -1;
	call_roll(c, 3);
	return c;
}

static void
cancel_send(struct call *c)
{
	osip_message_t	*m;
	osip_via_t	*via;
	char		 buf[64];

	if (c->invite == NULL || osip_message_init(&m) != 0)
		return;
	osip_message_set_method(m, osip_strdup("CANCEL"));
	osip_message_set_version(m, osip_strdup("SIP/2.0"));
	osip_uri_clone(c->invite->req_uri, &m->req_uri);
	if (osip_message_get_via(c->invite, 0, &via) >= 0) {
		osip_via_t *v2;

		osip_via_clone(via, &v2);
		osip_list_add(&m->vias, v2, 0);
	}
	osip_from_clone(c->invite->from, &m->from);
	osip_to_clone(c->invite->to, &m->to);
	osip_call_id_clone(c->invite->call_id, &m->call_id);
	snprintf(buf, sizeof buf, "%s CANCEL", c->invite->cseq->number);
	osip_message_set_cseq(m, buf);
	osip_message_set_max_forwards(m, "70");
	osip_message_set_content_length(m, "0");
	c->cancel_tr = stack_request(m, &c->route, &c->user);
	c->state = CS_CANCELLING;
}

static void
call_connected(struct call *c, osip_message_t *resp)
{
	osip_body_t		*body;
	struct call_media	 ans;
	osip_message_t		*ack;
	int			 pt;

	if (c->dialog == NULL)
		osip_dialog_init_as_uac(&c->dialog, resp);
	if (c->dialog == NULL) {
		call_end(c, 41);
		return;
	}
	if ((ack = call_dialog_request(c, "ACK")) != NULL) {
		/* The ACK of a 2xx has the INVITE's CSeq number. */
		osip_cseq_set_number(ack->cseq, osip_strdup(c->invite != NULL ?
		    c->invite->cseq->number : "101"));
		stack_send(ack, &c->route);
		osip_message_free(c->ack);
		c->ack = ack;
	}
	if (osip_message_get_body(resp, 0, &body) >= 0 &&
	    sdp_parse(body->body, &ans) == 0 && ans.port != 0) {
		c->remote = ans;
		if ((pt = sdp_choose(&ans, c->codec)) >= 0)
			c->codec = codec_by_pt(pt);
	}
	if (c->state == CS_CANCELLING) {
		/* The answer crossed our CANCEL: the call is hung up now. */
		c->state = CS_ACTIVE;
		call_hangup(c, c->cause ? c->cause : 16);
		return;
	}
	c->state = CS_ACTIVE;
	c->connect_ms = call_uptime_ms();
	call_media_start(c);
}

static int
call_auth_retry(struct call *c, osip_message_t *resp)
{
	osip_message_t	*m;
	char		 buf[96];

	if (c->invite == NULL || c->auth_tries++ >= 2 ||
	    osip_message_clone(c->invite, &m) != 0)
		return -1;
	if (auth_answer(resp, m) != 0) {
		osip_message_free(m);
		return -1;
	}
	/* A new transaction: CSeq + 1 and a new branch (calls.md §4.2). */
	snprintf(buf, sizeof buf, "%d", ++c->cseq);
	osip_free(m->cseq->number);
	m->cseq->number = osip_strdup(buf);
	stack_new_branch(m);
	stack_disown(c->invite_tr);
	return invite_send(c, m);
}

void
call_out_response(struct call *c, osip_transaction_t *tr,
    osip_message_t *resp)
{
	int	code = resp->status_code;

	if (tr != c->invite_tr)
		return;
	if (code < 200) {
		if (c->state == CS_CALLING || c->state == CS_PROCEEDING)
			c->state = code == 100 ? CS_PROCEEDING : CS_ALERTING;
		return;
	}
	if (code < 300) {
		call_connected(c, resp);
		return;
	}
	if ((code == 401 || code == 407) && c->state != CS_CANCELLING &&
	    call_auth_retry(c, resp) == 0)
		return;
	if (c->state == CS_CANCELLING || code == 487) {
		call_end(c, c->cause ? c->cause : 16);
		return;
	}
	dialpeer_note_call(dialpeer_find(c->voip_peer), 0, sip_to_q850(code));
	call_roll(c, sip_to_q850(code));
}

void
call_out_failed(struct call *c, osip_transaction_t *tr)
{
	if (tr == NULL) {
		/* Hung up before an answer: CANCEL (RFC 3261 §9.1). */
		cancel_send(c);
		if (c->cancel_tr == NULL)
			call_end(c, c->cause ? c->cause : 16);
		return;
	}
	if (c->state == CS_CANCELLING) {
		call_end(c, c->cause ? c->cause : 16);
		return;
	}
	sipua_debug_event("call %u: no answer from dial-peer %lu", c->id,
	    c->voip_peer);
	dialpeer_note_call(dialpeer_find(c->voip_peer), 0, 102);
	call_roll(c, 102);
}

/* A retransmitted 2xx: our ACK was lost, send it again. */
void
call_out_stray(struct call *c, osip_message_t *resp)
{
	if (resp->status_code >= 200 && resp->status_code < 300 &&
	    c->ack != NULL)
		stack_send(c->ack, &c->route);
}

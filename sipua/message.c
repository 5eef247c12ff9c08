/* SIP messages over libosip2: stream framing by Content-Length (RFC 3261
 * §18.3), parsing, the checks a request must pass before the transaction
 * layer sees it (400 for what cannot be served, 505 for another version,
 * silence and a count for what cannot be answered at all), and the
 * counters of `show sip-ua statistics`. Accepted messages go to stack.c;
 * sockets are transport.c's. */
#include <sys/types.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <osipparser2/osip_parser.h>

#include "stack.h"

#include "sipua_int.h"
#include "xmalloc.h"

#define SIPUA_SERVER	"Cisco-SIPGateway/IOS-12.x"
#define SIPUA_ALLOW	"OPTIONS"

struct sip_stats	 sip_stats;

static const struct {
	const char		*name;
	enum sip_method_stat	 stat;
} sip_methods[] = {
	{ "INVITE", SM_INVITE }, { "ACK", SM_ACK }, { "BYE", SM_BYE },
	{ "CANCEL", SM_CANCEL }, { "OPTIONS", SM_OPTIONS },
	{ "PRACK", SM_PRACK }, { "COMET", SM_COMET },
	{ "SUBSCRIBE", SM_SUBSCRIBE }, { "NOTIFY", SM_NOTIFY },
	{ "REFER", SM_REFER }, { "INFO", SM_INFO },
	{ "REGISTER", SM_REGISTER }, { "UPDATE", SM_UPDATE },
};

static const struct {
	int		 code;
	const char	*reason;
} sip_reasons[] = {
	{ 200, "OK" }, { 400, "Bad Request" }, { 405, "Method Not Allowed" },
	{ 481, "Call/Transaction Does Not Exist" }, { 483, "Too Many Hops" },
	{ 501, "Not Implemented" }, { 505, "Version Not Supported" },
};

enum sip_method_stat
sip_method_stat(const char *method)
{
	size_t	i;

	for (i = 0; i < sizeof sip_methods / sizeof sip_methods[0]; i++)
		if (strcmp(method, sip_methods[i].name) == 0)
			return sip_methods[i].stat;
	return SM_OTHER;
}

static const char *
sip_reason(int code)
{
	size_t	i;

	for (i = 0; i < sizeof sip_reasons / sizeof sip_reasons[0]; i++)
		if (sip_reasons[i].code == code)
			return sip_reasons[i].reason;
	return "Unknown";
}

static void
message_trace_quiet(const char *file, int line, osip_trace_level_t level,
    const char *fmt, va_list ap)
{
}

void
message_init(void)
{
	static int	done;
	int		level;

	if (done)
		return;
	parser_init();
	stack_init();
	/* libosip2 prints parse errors on stderr, i.e. over the console;
	 * vgw counts them instead (debug ccsip events shows them). */
	osip_trace_initialize_func(OSIP_FATAL, message_trace_quiet);
	for (level = 0; level < END_TRACE_LEVEL; level++)
		osip_trace_disable_level(level);
	done = 1;
}

/* The value of Content-Length (or compact "l") in the header block
 * hdr[0..len), or -1 when there is none or it is not a number. */
static long
frame_content_length(const char *hdr, size_t len)
{
	const char	*p = hdr, *end = hdr + len, *eol, *colon;
	size_t		 nlen;
	char		*num_end;
	long		 v;

	for (; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', end - p)) == NULL)
			eol = end;
		if ((colon = memchr(p, ':', eol - p)) == NULL)
			continue;
		nlen = colon - p;
		while (nlen > 0 && (p[nlen - 1] == ' ' || p[nlen - 1] == '\t'))
			nlen--;
		if (!((nlen == 14 && strncasecmp(p, "content-length", 14) == 0) ||
		    (nlen == 1 && (*p == 'l' || *p == 'L'))))
			continue;
		colon++;
		while (colon < eol && (*colon == ' ' || *colon == '\t'))
			colon++;
		if (colon >= eol || !isdigit((unsigned char)*colon))
			return -1;
		v = strtol(colon, &num_end, 10);
		return v;
	}
	return -1;
}

ssize_t
message_frame(const char *buf, size_t len, size_t max)
{
	const char	*hend;
	size_t		 i, hlen;
	long		 clen;

	/* CRLF keep-alives (RFC 5626 §3.5.1) come as their own "message". */
	for (i = 0; i < len && (buf[i] == '\r' || buf[i] == '\n'); i++)
		;
	if (i > 0)
		return i;
	hend = memmem(buf, len, "\r\n\r\n", 4);
	if (hend == NULL) {
		if (len > max)
			return -1;
		return 0;
	}
	hlen = hend - buf + 4;
	if ((clen = frame_content_length(buf, hlen)) < 0)
		return -1;
	if (hlen + (size_t)clen > max)
		return -1;
	if (len < hlen + (size_t)clen)
		return 0;
	return hlen + clen;
}

/* The top Via, with received/rport filled as RFC 3261 §18.2.1 and RFC 3581
 * ask, then the others as they came. */
static void
response_add_vias(struct sbuf *sb, osip_message_t *req, struct sip_conn *c)
{
	osip_via_t		*via;
	osip_generic_param_t	*rport;
	char			*s, portbuf[8];
	int			 i;

	for (i = 0; osip_message_get_via(req, i, &via) >= 0; i++) {
		if (i == 0) {
			if (osip_via_param_get_byname(via, "rport", &rport) >= 0 &&
			    rport->gvalue == NULL) {
				snprintf(portbuf, sizeof portbuf, "%u",
				    c->remote_port);
				rport->gvalue = osip_strdup(portbuf);
			}
			if (via->host != NULL &&
			    strcmp(via->host, c->remote_host) != 0)
				osip_via_set_received(via,
				    osip_strdup(c->remote_host));
		}
		if (osip_via_to_str(via, &s) == 0) {
			sbuf_printf(sb, "Via: %s\r\n", s);
			osip_free(s);
		}
	}
}

static unsigned
sip_tag_hash(const char *s)
{
	unsigned	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
response_build(struct sbuf *sb, osip_message_t *req, struct sip_conn *c,
    int code)
{
	osip_generic_param_t	*tag;
	char			*s;

	sbuf_printf(sb, "SIP/2.0 %d %s\r\n", code, sip_reason(code));
	response_add_vias(sb, req, c);
	if (osip_from_to_str(req->from, &s) == 0) {
		sbuf_printf(sb, "From: %s\r\n", s);
		osip_free(s);
	}
	if (osip_to_to_str(req->to, &s) == 0) {
		sbuf_printf(sb, "To: %s", s);
		osip_free(s);
		/* A stable tag, so a retransmitted request gets the same answer. */
		if (osip_to_get_tag(req->to, &tag) < 0 && code > 100)
			sbuf_printf(sb, ";tag=%08X-%X",
			    sip_tag_hash(req->call_id->number),
			    sip_tag_hash(req->from->url != NULL &&
			    req->from->url->username != NULL ?
			    req->from->url->username : "vgw"));
		sbuf_puts(sb, "\r\n");
	}
	if (osip_call_id_to_str(req->call_id, &s) == 0) {
		sbuf_printf(sb, "Call-ID: %s\r\n", s);
		osip_free(s);
	}
	sbuf_printf(sb, "CSeq: %s %s\r\n", req->cseq->number,
	    req->cseq->method);
	sbuf_puts(sb, "Server: " SIPUA_SERVER "\r\n");
	if (code == 200 || code == 405)
		sbuf_puts(sb, "Allow: " SIPUA_ALLOW "\r\n");
	sbuf_puts(sb, "Content-Length: 0\r\n\r\n");
}

static void
message_respond(struct sip_conn *c, osip_message_t *req, int code)
{
	struct sbuf		 sb;
	enum sip_method_stat	 m = sip_method_stat(req->sip_method);

	sbuf_init(&sb);
	response_build(&sb, req, c, code);
	if (code < 700)
		sip_stats.resp_out[code]++;
	if (code == 200)
		sip_stats.ok_out[m]++;
	sipua_debug_event("%s %d to %s %s:%u", sip_transport_name(c->transport),
	    code, req->sip_method, c->remote_host, c->remote_port);
	transport_send(c, sb.data, sb.len);
	sbuf_free(&sb);
}

/* 505 for a SIP version vgw does not speak, else 0: the transaction
 * layer answers the rest (stack.c, call.c). */
static int
message_request_code(osip_message_t *req)
{
	if (req->sip_version == NULL || strcmp(req->sip_version, "SIP/2.0") != 0)
		return 505;
	return 0;
}

/* Enough to send a response back: Via, From, To, Call-ID, CSeq. */
static int
message_answerable(osip_message_t *msg)
{
	osip_via_t	*via;

	return msg->from != NULL && msg->to != NULL && msg->call_id != NULL &&
	    msg->call_id->number != NULL && msg->cseq != NULL &&
	    msg->cseq->number != NULL && msg->cseq->method != NULL &&
	    osip_message_get_via(msg, 0, &via) >= 0;
}

/* Why a request that can be answered is still a bad one, or NULL. */
static const char *
message_defect(osip_message_t *msg, size_t len)
{
	osip_header_t	*mf;

	if (osip_message_header_get_byname(msg, "max-forwards", 0, &mf) < 0)
		return "Max-Forwards missing";
	if (strcasecmp(msg->cseq->method, msg->sip_method) != 0)
		return "CSeq method differs from the request method";
	return NULL;
}

static void
message_malformed(struct sip_conn *c, const char *why)
{
	conn_table_get(c->transport)->stats.malformed++;
	sipua_debug_event("%s message from %s:%u dropped: %s",
	    sip_transport_name(c->transport), c->remote_host, c->remote_port,
	    why);
}

void
message_receive(struct sip_conn *c, const char *buf, size_t len)
{
	osip_event_t	*evt;
	osip_message_t	*msg;
	const char	*why;
	int		 code;

	if (len > 0 && (buf[0] == '\r' || buf[0] == '\n')) {
		/* RFC 5626: a double-CRLF ping on a stream gets a CRLF pong. */
		if (c->transport != SIPT_UDP && len >= 4)
			transport_send(c, "\r\n", 2);
		return;
	}
	sipua_debug_message("Received", buf, len);
	if ((evt = osip_parse(buf, len)) == NULL || evt->sip == NULL) {
		if (evt != NULL)
			osip_event_free(evt);
		message_malformed(c, "unparsable");
		return;
	}
	msg = evt->sip;
	if (MSG_IS_RESPONSE(msg)) {
		if (!message_answerable(msg)) {
			message_malformed(c, "mandatory header missing");
			osip_event_free(evt);
			return;
		}
		stack_receive(c, evt);
		return;
	}
	sip_stats.req_in[sip_method_stat(msg->sip_method)]++;
	if (!message_answerable(msg)) {
		message_malformed(c, "mandatory header missing");
		osip_event_free(evt);
		return;
	}
	if ((why = message_defect(msg, len)) != NULL ||
	    (code = message_request_code(msg)) == 505) {
		message_malformed(c, why != NULL ? why : "SIP version");
		if (sip_method_stat(msg->sip_method) != SM_ACK)
			message_respond(c, msg, why != NULL ? 400 : 505);
		osip_event_free(evt);
		return;
	}
	stack_receive(c, evt);
}

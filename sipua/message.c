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

#include "sipua_int.h"
#include "stack.h"
#include "xmalloc.h"


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

enum sip_method_stat
sip_method_stat(const char *method)
{
	size_t	i;

	for (i = 0; i < sizeof sip_methods / sizeof sip_methods[0]; i++)
		if (strcmp(method, sip_methods[i].name) == 0)
			return sip_methods[i].stat;
	return SM_OTHER;
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
	if ((clen = frame_content_length(buf, hlen)) < 0 ||
	    msgcheck_stream_lengths(buf, hlen) != 0)
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
    int code, const char *why, const char *unsupported)
{
	osip_generic_param_t	*tag;
	char			*s;

	sbuf_printf(sb, "SIP/2.0 %d %s\r\n", code, stack_reason(code));
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
	if (unsupported != NULL)
		sbuf_printf(sb, "Unsupported: %s\r\n", unsupported);
	if (why != NULL)
		sbuf_printf(sb, "Warning: 399 vgw \"%s\"\r\n", why);
	sbuf_puts(sb, "Server: " SIPUA_SERVER "\r\n");
	sbuf_puts(sb, "Content-Length: 0\r\n\r\n");
}

/* A stateless answer to a request the transaction layer never sees. */
static void
message_respond(struct sip_conn *c, osip_message_t *req, int code,
    const char *why, const char *unsupported)
{
	struct sbuf	 sb;

	sbuf_init(&sb);
	response_build(&sb, req, c, code, why, unsupported);
	if (code < 700)
		sip_stats.resp_out[code]++;
	sipua_debug_event("%s %d to %s %s:%u: %s",
	    sip_transport_name(c->transport), code, req->sip_method,
	    c->remote_host, c->remote_port, why != NULL ? why : "");
	transport_send(c, sb.data, sb.len);
	sbuf_free(&sb);
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

static void
message_malformed(struct sip_conn *c, const char *why)
{
	conn_table_get(c->transport)->stats.malformed++;
	sipua_debug_event("%s message from %s:%u dropped: %s",
	    sip_transport_name(c->transport), c->remote_host, c->remote_port,
	    why);
}

/* A request's checks passed (1), or it was answered here (0). */
static int
message_check_request(struct sip_conn *c, osip_message_t *msg,
    const char *buf, size_t len)
{
	const char	*why = NULL;
	char		*unsupported = NULL;
	int		 code;

	if ((code = msgcheck_request(msg, buf, len, &why, &unsupported)) == 0)
		return 1;
	if (code != 420)
		message_malformed(c, why);
	if (!MSG_IS_ACK(msg))
		message_respond(c, msg, code, why, unsupported);
	free(unsupported);
	return 0;
}

void
message_receive(struct sip_conn *c, const char *buf, size_t len)
{
	osip_event_t	*evt;
	osip_message_t	*msg;
	const char	*why = NULL;
	size_t		 msglen;

	if (len > 0 && (buf[0] == '\r' || buf[0] == '\n')) {
		/* RFC 5626: a double-CRLF ping on a stream gets a CRLF pong. */
		if (c->transport != SIPT_UDP && len >= 4)
			transport_send(c, "\r\n", 2);
		return;
	}
	sipua_debug_message("Received", buf, len);
	if (c->transport == SIPT_UDP) {
		if (msgcheck_datagram(buf, len, &msglen, &why) != 0) {
			message_malformed(c, why);
			msgcheck_reject_raw(c, buf, len);
			return;
		}
		len = msglen;
	}
	if ((evt = osip_parse(buf, len)) == NULL || evt->sip == NULL) {
		if (evt != NULL)
			osip_event_free(evt);
		message_malformed(c, "unparsable");
		msgcheck_reject_raw(c, buf, len);
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
		msgcheck_reject_raw(c, buf, len);
		osip_event_free(evt);
		return;
	}
	if (!message_check_request(c, msg, buf, len)) {
		osip_event_free(evt);
		return;
	}
	stack_receive(c, evt);
}

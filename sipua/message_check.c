/* What a message must pass before the transaction layer sees it (RFC
 * 3261 §8.2 and §18.3, the cases of RFC 4475): a datagram's framing by
 * Content-Length (none: the rest of the datagram; larger than the datagram,
 * negative or given twice: 400), the request checks a UAS makes (SIP
 * version 505, CSeq, single-value headers given twice, Request-URI
 * scheme 416, Require 420), and the answer to a request libosip2 cannot
 * parse: if its first line is a request line and it has a Via, a 400 (501
 * for a method vgw does not know, 416 for a URI scheme it does not
 * serve) built from its own header lines, not silence. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sbuf.h"
#include "sipua_int.h"
#include "stack.h"

/* A header line of a raw header block, unfolded. */
struct raw_header {
	const char	*name;
	size_t		 nlen;
	struct sbuf	 value;
};

static const struct {
	const char	*full;
	char		 compact;
} header_names[] = {
	{ "via", 'v' }, { "from", 'f' }, { "to", 't' }, { "call-id", 'i' },
	{ "content-length", 'l' }, { "cseq", 0 }, { "max-forwards", 0 },
};

/* Does the raw name n[0..len) name header full (or its compact form)? */
static int
name_is(const char *n, size_t len, const char *full)
{
	size_t	i;

	if (len == strlen(full) && strncasecmp(n, full, len) == 0)
		return 1;
	for (i = 0; i < sizeof header_names / sizeof header_names[0]; i++)
		if (strcmp(header_names[i].full, full) == 0 &&
		    header_names[i].compact != 0 && len == 1 &&
		    tolower((unsigned char)*n) == header_names[i].compact)
			return 1;
	return 0;
}

/* Calls fn for each header of the block buf[0..len) (after the first
 * line, before the empty line), continuation lines joined. */
static void
raw_headers(const char *buf, size_t len,
    void (*fn)(const struct raw_header *, void *), void *arg)
{
	const char		*p, *end = buf + len, *eol, *colon;
	struct raw_header	 h;
	int			 have = 0;

	memset(&h, 0, sizeof h);
	sbuf_init(&h.value);
	if ((p = memchr(buf, '\n', len)) == NULL)
		return;
	for (p++; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', end - p)) == NULL)
			eol = end;
		if (eol == p || (eol == p + 1 && *p == '\r'))
			break;			/* the empty line */
		if ((*p == ' ' || *p == '\t') && have) {
			sbuf_putc(&h.value, ' ');
			sbuf_add(&h.value, p, eol - p);
			continue;
		}
		if (have)
			fn(&h, arg);
		have = 0;
		h.value.len = 0;
		if ((colon = memchr(p, ':', eol - p)) == NULL)
			continue;
		h.name = p;
		h.nlen = colon - p;
		while (h.nlen > 0 && (p[h.nlen - 1] == ' ' || p[h.nlen - 1] == '\t'))
			h.nlen--;
		for (colon++; colon < eol && (*colon == ' ' || *colon == '\t');
		    colon++)
			;
		sbuf_add(&h.value, colon, eol - colon);
		have = 1;
	}
	if (have)
		fn(&h, arg);
	sbuf_free(&h.value);
}

static void
value_trim(struct sbuf *v)
{
	while (v->len > 0 && (v->data[v->len - 1] == '\r' ||
	    v->data[v->len - 1] == ' ' || v->data[v->len - 1] == '\t'))
		v->len--;
	if (v->data != NULL)
		v->data[v->len] = '\0';
}

struct length_scan {
	int	 count;
	long	 value;
	int	 bad;		/* not a non-negative number, or two differ */
};

static void
length_one(const struct raw_header *h, void *arg)
{
	struct length_scan	*ls = arg;
	struct sbuf		 v = h->value;
	char			*end;
	long			 n;

	if (!name_is(h->name, h->nlen, "content-length"))
		return;
	value_trim(&v);
	n = v.len > 0 && isdigit((unsigned char)v.data[0]) ?
	    strtol(v.data, &end, 10) : -1;
	if (n < 0 || *end != '\0')
		ls->bad = 1;
	else if (ls->count > 0 && n != ls->value)
		ls->bad = 1;
	ls->value = n;
	ls->count++;
}

/* 0 and the message's length, or -1 and why (answer 400). */
int
msgcheck_datagram(const char *buf, size_t len, size_t *msglen,
    const char **why)
{
	const char		*hend;
	struct length_scan	 ls;
	size_t			 hlen;

	*msglen = len;
	if ((hend = memmem(buf, len, "\r\n\r\n", 4)) == NULL)
		return 0;		/* the parser will say */
	hlen = hend - buf + 4;
	memset(&ls, 0, sizeof ls);
	raw_headers(buf, hlen, length_one, &ls);
	if (ls.bad) {
		*why = ls.count > 1 ? "Content-Length given twice" :
		    "Content-Length is not a number";
		return -1;
	}
	if (ls.count == 0)
		return 0;		/* RFC 3261 §18.3: to the datagram's end */
	if (hlen + (size_t)ls.value > len) {
		*why = "Content-Length larger than the datagram";
		return -1;
	}
	*msglen = hlen + ls.value;	/* trailing octets are dropped */
	return 0;
}

/* Stream framing: Content-Length given twice with two values breaks it. */
int
msgcheck_stream_lengths(const char *hdr, size_t hlen)
{
	struct length_scan	ls;

	memset(&ls, 0, sizeof ls);
	raw_headers(hdr, hlen, length_one, &ls);
	return ls.bad ? -1 : 0;
}

static int
token_char(int c)
{
	return isalnum(c) || strchr("-.!%*_+`'~", c) != NULL;
}

static const char *const known_methods[] = {
	"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK",
	"SUBSCRIBE", "NOTIFY", "REFER", "INFO", "UPDATE", "MESSAGE", "PUBLISH",
	"COMET",
};

/* The code for an unparsable request, or 0 when the first line is no
 * request line (a response, garbage: dropped). */
static int
raw_code(const char *buf, size_t len, const char **why)
{
	const char	*eol = memchr(buf, '\n', len), *p = buf, *uri;
	size_t		 mlen, i, slen;
	int		 known = 0;

	if (eol == NULL)
		return 0;
	for (mlen = 0; p + mlen < eol && token_char((unsigned char)p[mlen]);
	    mlen++)
		;
	if (mlen == 0 || p[mlen] != ' ' ||
	    memmem(p, eol - p, " SIP/", 5) == NULL)
		return 0;
	for (i = 0; i < sizeof known_methods / sizeof known_methods[0]; i++)
		if (mlen == strlen(known_methods[i]) &&
		    strncmp(p, known_methods[i], mlen) == 0)
			known = 1;
	if (!known) {
		*why = "method not implemented";
		return 501;
	}
	for (uri = p + mlen; uri < eol && (*uri == ' ' || *uri == '\t'); uri++)
		;
	for (slen = 0; uri + slen < eol && (isalnum((unsigned char)uri[slen]) ||
	    strchr("+-.", uri[slen]) != NULL); slen++)
		;
	if (slen > 0 && uri[slen] == ':' &&
	    !(slen == 3 && strncasecmp(uri, "sip", 3) == 0) &&
	    !(slen == 4 && strncasecmp(uri, "sips", 4) == 0) &&
	    !(slen == 3 && strncasecmp(uri, "tel", 3) == 0)) {
		*why = "URI scheme not supported";
		return 416;
	}
	*why = "malformed request";
	return 400;
}

struct raw_answer {
	struct sbuf	*sb;
	int		 vias;
	int		 code;
};

static void
answer_one(const struct raw_header *h, void *arg)
{
	struct raw_answer	*ra = arg;
	static const char *const copied[] = { "via", "from", "to",
				    "call-id", "cseq" };
	static const char *const shown[] = { "Via", "From", "To", "Call-ID",
				    "CSeq" };
	struct sbuf		 v = h->value;
	char			 tag[16];
	size_t			 i;

	value_trim(&v);
	for (i = 0; i < sizeof copied / sizeof copied[0]; i++) {
		if (!name_is(h->name, h->nlen, copied[i]))
			continue;
		sbuf_printf(ra->sb, "%s: %s", shown[i], v.len ? v.data : "");
		if (i == 2 && strstr(v.len ? v.data : "", "tag=") == NULL) {
			stack_random_hex(tag, 8);
			sbuf_printf(ra->sb, ";tag=%s", tag);
		}
		sbuf_puts(ra->sb, "\r\n");
		if (i == 0)
			ra->vias++;
		return;
	}
}

/* Answers an unparsable request from its own lines; -1 when it is not a
 * request with a Via (then it is only dropped and counted). */
int
msgcheck_reject_raw(struct sip_conn *c, const char *buf, size_t len)
{
	struct raw_answer	 ra;
	struct sbuf		 sb;
	const char		*why = NULL;
	int			 code;

	if ((code = raw_code(buf, len, &why)) == 0)
		return -1;
	sbuf_init(&sb);
	ra.sb = &sb;
	ra.vias = 0;
	ra.code = code;
	sbuf_printf(&sb, "SIP/2.0 %d %s\r\n", code, stack_reason(code));
	raw_headers(buf, len, answer_one, &ra);
	if (ra.vias == 0) {
		sbuf_free(&sb);
		return -1;
	}
	if (code == 501)
		sbuf_puts(&sb, "Allow: " SIPUA_ALLOW "\r\n");
	sbuf_printf(&sb, "Warning: 399 vgw \"%s\"\r\n"
	    "Server: " SIPUA_SERVER "\r\nContent-Length: 0\r\n\r\n", why);
	sip_stats.resp_out[code]++;
	transport_send(c, sb.data, sb.len);
	sbuf_free(&sb);
	return 0;
}

struct dup_scan {
	int	 count[6];
};

static void
dup_one(const struct raw_header *h, void *arg)
{
	static const char *const single[] = { "from", "to", "call-id", "cseq",
				    "max-forwards", "content-length" };
	struct dup_scan		*ds = arg;
	size_t			 i;

	for (i = 0; i < 6; i++)
		if (name_is(h->name, h->nlen, single[i]))
			ds->count[i]++;
}

/* The checks of a parsed request: 0, or the code to answer and why;
 * *unsupported is set for 420 (the Require tags, to free). */
int
msgcheck_request(osip_message_t *msg, const char *buf, size_t len,
    const char **why, char **unsupported)
{
	struct dup_scan	 ds;
	osip_header_t	*h;
	const char	*scheme;
	char		*end;
	unsigned long	 cseq;
	int		 i;

	*unsupported = NULL;
	if (msg->sip_version == NULL || strcmp(msg->sip_version, "SIP/2.0")) {
		*why = "SIP version not supported";
		return 505;
	}
	memset(&ds, 0, sizeof ds);
	raw_headers(buf, len, dup_one, &ds);
	for (i = 0; i < 6; i++)
		if (ds.count[i] > 1) {
			*why = "a single-value header given twice";
			return 400;
		}
	cseq = strtoul(msg->cseq->number, &end, 10);
	if (*end != '\0' || !isdigit((unsigned char)*msg->cseq->number) ||
	    cseq > 2147483647UL) {
		*why = "CSeq number beyond 2**31-1";
		return 400;
	}
	if (strcasecmp(msg->cseq->method, msg->sip_method) != 0) {
		*why = "CSeq method differs from the request method";
		return 400;
	}
	scheme = msg->req_uri != NULL ? msg->req_uri->scheme : NULL;
	if (scheme == NULL || (strcasecmp(scheme, "sip") != 0 &&
	    strcasecmp(scheme, "sips") != 0 && strcasecmp(scheme, "tel"))) {
		*why = "URI scheme not supported";
		return 416;
	}
	/* RFC 3261 §8.2.2.3: vgw requires nothing of itself; not for ACK and
	 * CANCEL. */
	if (!MSG_IS_ACK(msg) && !MSG_IS_CANCEL(msg) &&
	    osip_message_header_get_byname(msg, "require", 0, &h) >= 0 &&
	    h->hvalue != NULL) {
		*unsupported = strdup(h->hvalue);
		*why = "extension required";
		return 420;
	}
	return 0;
}

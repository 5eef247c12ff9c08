/* The texts of `show sip-ua status | timers | retry | statistics` and of
 * `clear sip-ua ... connection`, from the live configuration and counters
 * (ios-reference.md §3.1–3.6; the odd spacing is IOS's own). Connection
 * tables are rendered by conn_table.c. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "sipua_int.h"

static const char *
enabled_text(int on)
{
	return on ? "ENABLED" : "DISABLED";
}

void
show_sip_status(struct sbuf *sb)
{
	sbuf_puts(sb, "SIP User Agent Status\n");
	sbuf_printf(sb, "SIP User Agent for UDP : %s\n",
	    enabled_text(sipua_conf.enabled[SIPT_UDP]));
	sbuf_printf(sb, "SIP User Agent for TCP : %s\n",
	    enabled_text(sipua_conf.enabled[SIPT_TCP]));
	sbuf_printf(sb, "SIP User Agent for TLS over TCP : %s\n",
	    enabled_text(sipua_conf.enabled[SIPT_TLS]));
	sbuf_puts(sb,
	    "SIP User Agent bind status(signaling): DISABLED \n"
	    "SIP User Agent bind status(media): DISABLED \n"
	    "SIP early-media for 180 responses with SDP: ENABLED\n"
	    "SIP max-forwards : 70\n"
	    "SIP DNS SRV version: 2 (rfc 2782)\n"
	    "NAT Settings for the SIP-UA\n"
	    "Role in SDP: NONE\n"
	    "Check media source packets: DISABLED\n"
	    "Maximum duration for a telephone-event in NOTIFYs: 2000 ms\n"
	    "SIP support for ISDN SUSPEND/RESUME: ENABLED\n"
	    "Redirection (3xx) message handling: ENABLED\n"
	    "Reason Header will override Response/Request Codes: DISABLED\n"
	    "Out-of-dialog Refer: DISABLED\n"
	    "Presence support is DISABLED\n"
	    "protocol mode is ipv4\n"
	    "SDP application configuration:\n"
	    " Version line (v=) required\n"
	    " Owner line (o=) required\n"
	    " Timespec line (t=) required\n"
	    " Media supported: audio video image \n"
	    " Network types supported: IN \n"
	    " Address types supported: IP4 IP6 \n"
	    " Transport types supported: RTP/AVP udptl\n");
}

void
show_sip_timers(struct sbuf *sb)
{
	/* The same typed view the UA uses: `timers trying|register`. */
	sbuf_printf(sb, "SIP UA Timer Values (millisecs unless noted)\n"
	    "trying %d, expires 180000, connect 500, disconnect 500\n"
	    "prack 500, rel1xx 500, notify 500, update 500\n"
	    "refer 500, register %d, info 500, options 500,hold 2880 "
	    "minutes\n, register-dns-cache 3600 seconds\n",
	    sipua_conf.timer_trying, sipua_conf.timer_register);
	sbuf_printf(sb, "tcp/udp aging %d minutes\n", sipua_conf.aging_minutes);
	sbuf_printf(sb, "tls aging %d minutes\n", sipua_conf.tls_aging_minutes);
	sbuf_printf(sb, "tls establish %d seconds\n",
	    sipua_conf.tls_establish_seconds);
}

void
show_sip_retry(struct sbuf *sb)
{
	const struct sipua_conf	*c = &sipua_conf;

	sbuf_puts(sb, "SIP UA Retry Values\n");
	sbuf_printf(sb, "invite retry count = %d response retry count = %d\n",
	    c->retry_invite, c->retry_response);
	sbuf_printf(sb, "bye retry count = %d cancel retry count = %d\n",
	    c->retry_bye, c->retry_cancel);
	sbuf_printf(sb, "prack retry count = %d comet retry count = %d\n",
	    c->retry_prack, c->retry_comet);
	sbuf_printf(sb, "reliable 1xx count = %d notify retry count = %d\n",
	    c->retry_rel1xx, c->retry_notify);
}

static void
stat_pair(struct sbuf *sb, const char *name, int code)
{
	sbuf_printf(sb, "%s %lu/%lu", name, sip_stats.resp_in[code],
	    sip_stats.resp_out[code]);
}

/* One line of "Name in/out" pairs, each table row as IOS lays it out. */
static void
stat_line(struct sbuf *sb, const char *indent, const char **names,
    const int *codes, int n, int last)
{
	int	i;

	sbuf_puts(sb, indent);
	for (i = 0; i < n; i++) {
		stat_pair(sb, names[i], codes[i]);
		if (i < n - 1)
			sbuf_puts(sb, ", ");
	}
	sbuf_puts(sb, last ? "\n" : ",\n");
}

#define LINE(sb, last, ...) do {					\
	const char *n_[] = { __VA_ARGS__ };				\
	stat_line_named(sb, n_, sizeof n_ / sizeof n_[0], last);	\
} while (0)

static const struct {
	const char	*name;
	int		 code;
} stat_codes[] = {
	{ "Trying", 100 }, { "Ringing", 180 }, { "Forwarded", 181 },
	{ "Queued", 182 }, { "SessionProgress", 183 },
	{ "202Accepted", 202 },
	{ "BadRequest", 400 }, { "Unauthorized", 401 },
	{ "PaymentRequired", 402 }, { "Forbidden", 403 },
	{ "NotFound", 404 }, { "MethodNotAllowed", 405 },
	{ "NotAcceptable", 406 }, { "ProxyAuthReqd", 407 },
	{ "ReqTimeout", 408 }, { "Conflict", 409 }, { "Gone", 410 },
	{ "ReqEntityTooLarge", 413 }, { "ReqURITooLarge", 414 },
	{ "UnsupportedMediaType", 415 }, { "BadExtension", 420 },
	{ "TempNotAvailable", 480 }, { "CallLegNonExistent", 481 },
	{ "LoopDetected", 482 }, { "TooManyHops", 483 },
	{ "AddrIncomplete", 484 }, { "Ambiguous", 485 },
	{ "BusyHere", 486 }, { "RequestCancel", 487 },
	{ "NotAcceptableMedia", 488 }, { "BadEvent", 489 },
	{ "SETooSmall", 422 },
	{ "InternalError", 500 }, { "NotImplemented", 501 },
	{ "BadGateway", 502 }, { "ServiceUnavail", 503 },
	{ "GatewayTimeout", 504 }, { "BadSipVer", 505 },
	{ "PreCondFailure", 580 },
	{ "BusyEverywhere", 600 }, { "Decline", 603 },
	{ "NotExistAnywhere", 604 }, { "NotAcceptable", 606 },
};

static void
stat_line_named(struct sbuf *sb, const char **names, int n, int last)
{
	int	codes[8], i, j;

	for (i = 0; i < n; i++) {
		codes[i] = 0;
		for (j = 0; j < (int)(sizeof stat_codes / sizeof stat_codes[0]);
		    j++) {
			if (strcmp(stat_codes[j].name, names[i]) == 0) {
				codes[i] = stat_codes[j].code;
				break;
			}
		}
	}
	/* Global Failure's NotAcceptable is 606, the client error one 406. */
	if (n == 2 && strcmp(names[0], "NotExistAnywhere") == 0)
		codes[1] = 606;
	stat_line(sb, "      ", names, codes, n, last);
}

static void
ok_pair(struct sbuf *sb, const char *name, enum sip_method_stat m)
{
	sbuf_printf(sb, "%s %lu/%lu", name, sip_stats.ok_in[m],
	    sip_stats.ok_out[m]);
}

static void
show_sip_statistics_responses(struct sbuf *sb)
{
	sbuf_puts(sb, "SIP Response Statistics (Inbound/Outbound)\n"
	    "    Informational:\n");
	LINE(sb, 0, "Trying", "Ringing");
	LINE(sb, 0, "Forwarded", "Queued");
	LINE(sb, 1, "SessionProgress");
	sbuf_puts(sb, "     Success:\n      ");
	ok_pair(sb, "OkInvite", SM_INVITE); sbuf_puts(sb, ", ");
	ok_pair(sb, "OkBye", SM_BYE); sbuf_puts(sb, ",\n      ");
	ok_pair(sb, "OkCancel", SM_CANCEL); sbuf_puts(sb, ", ");
	ok_pair(sb, "OkOptions", SM_OPTIONS); sbuf_puts(sb, ",\n      ");
	ok_pair(sb, "OkPrack", SM_PRACK); sbuf_puts(sb, ", ");
	sbuf_puts(sb, "OkPreconditionMet 0/0,\n      ");
	ok_pair(sb, "OkSubscribe", SM_SUBSCRIBE); sbuf_puts(sb, ", ");
	ok_pair(sb, "OkNOTIFY", SM_NOTIFY); sbuf_puts(sb, ",\n      ");
	ok_pair(sb, "OkInfo", SM_INFO); sbuf_puts(sb, ", ");
	stat_pair(sb, "202Accepted", 202); sbuf_puts(sb, "\n      ");
	ok_pair(sb, "OkRegister", SM_REGISTER); sbuf_puts(sb, "\n");
	sbuf_printf(sb, "     Redirection (Inbound only except for "
	    "MovedTemp(Inbound/Outbound)) :\n"
	    "      MultipleChoice %lu, MovedPermanently %lu,\n"
	    "      MovedTemporarily %lu/%lu, UseProxy %lu,\n"
	    "      AlternateService %lu\n", sip_stats.resp_in[300],
	    sip_stats.resp_in[301], sip_stats.resp_in[302],
	    sip_stats.resp_out[302], sip_stats.resp_in[305],
	    sip_stats.resp_in[380]);
	sbuf_puts(sb, "      Client Error:\n");
	LINE(sb, 0, "BadRequest", "Unauthorized");
	LINE(sb, 0, "PaymentRequired", "Forbidden");
	LINE(sb, 0, "NotFound", "MethodNotAllowed");
	LINE(sb, 0, "NotAcceptable", "ProxyAuthReqd");
	LINE(sb, 0, "ReqTimeout", "Conflict", "Gone");
	LINE(sb, 0, "ReqEntityTooLarge", "ReqURITooLarge");
	LINE(sb, 0, "UnsupportedMediaType", "BadExtension");
	LINE(sb, 0, "TempNotAvailable", "CallLegNonExistent");
	LINE(sb, 0, "LoopDetected", "TooManyHops");
	LINE(sb, 0, "AddrIncomplete", "Ambiguous");
	LINE(sb, 0, "BusyHere", "RequestCancel");
	LINE(sb, 0, "NotAcceptableMedia", "BadEvent");
	LINE(sb, 1, "SETooSmall");
	sbuf_puts(sb, "     Server Error:\n");
	LINE(sb, 0, "InternalError", "NotImplemented");
	LINE(sb, 0, "BadGateway", "ServiceUnavail");
	LINE(sb, 0, "GatewayTimeout", "BadSipVer");
	LINE(sb, 1, "PreCondFailure");
	sbuf_puts(sb, "     Global Failure:\n");
	LINE(sb, 0, "BusyEverywhere", "Decline");
	LINE(sb, 1, "NotExistAnywhere", "NotAcceptable");
	sbuf_puts(sb, "      Miscellaneous counters:\n"
	    "      RedirectRspMappedToClientErr 0\n");
}

static void
req_pair(struct sbuf *sb, const char *name, enum sip_method_stat m,
    const char *sep)
{
	sbuf_printf(sb, "%s %lu/%lu%s", name, sip_stats.req_in[m],
	    sip_stats.req_out[m], sep);
}

void
show_sip_statistics(struct sbuf *sb)
{
	char		 when[64];
	struct tm	 tm;

	show_sip_statistics_responses(sb);
	sbuf_puts(sb, "SIP Total Traffic Statistics (Inbound/Outbound)\n"
	    "      ");
	req_pair(sb, "Invite", SM_INVITE, ", ");
	req_pair(sb, "Ack", SM_ACK, ", ");
	req_pair(sb, "Bye", SM_BYE, ",\n      ");
	req_pair(sb, "Cancel", SM_CANCEL, ", ");
	req_pair(sb, "Options", SM_OPTIONS, ",\n      ");
	req_pair(sb, "Prack", SM_PRACK, ", ");
	req_pair(sb, "Comet", SM_COMET, ",\n      ");
	req_pair(sb, "Subscribe", SM_SUBSCRIBE, ", ");
	req_pair(sb, "NOTIFY", SM_NOTIFY, ",\n      ");
	req_pair(sb, "Refer", SM_REFER, ", ");
	req_pair(sb, "Info", SM_INFO, "\n      ");
	req_pair(sb, "Register", SM_REGISTER, "\n");
	/*
	 * Fixed zeros, on purpose: nothing here can be counted yet. Retry
	 * counts retransmissions vgw sends (timers A/E/G); vgw sends no
	 * request at all (no INVITE, BYE, CANCEL, PRACK, COMET, NOTIFY,
	 * REGISTER or SUBSCRIBE transactions exist before the call issue),
	 * and its only responses, to OPTIONS, are never retransmitted (over
	 * UDP a retransmitted OPTIONS is answered afresh; TCP/TLS retransmit
	 * nothing). No SDP is parsed or built either (OPTIONS carry none).
	 */
	sbuf_puts(sb, "Retry Statistics\n"
	    "      Invite 0, Bye 0, Cancel 0, Response 0,\n"
	    "      Prack 0, Comet 0, Reliable1xx 0, Notify 0\n"
	    "      Register 0, Subscribe 0\n"
	    "SDP application statistics:\n"
	    "Parses: 0, Builds 0\n"
	    "Invalid token order: 0, Invalid param: 0\n"
	    "Not SDP desc: 0, No resource: 0\n");
	if (sip_stats.cleared == 0)
		snprintf(when, sizeof when, "<never>");
	else {
		gmtime_r(&sip_stats.cleared, &tm);
		strftime(when, sizeof when, "%H:%M:%S UTC %b %e %Y", &tm);
	}
	sbuf_printf(sb, "Last time SIP Statistics were cleared: %s\n", when);
}

/*
 * IOS: the id purges the entry at the lower (socket) layer, the target at
 * the upper transport layer ("reusable global connection table"); both
 * name the same entry. Either way the connection really closes here.
 */
int
clear_sip_connection(enum sip_transport t, int id, int has_target,
    uint32_t addr, uint16_t port, struct sbuf *sb)
{
	struct conn_table	*ct = conn_table_get(t);
	struct sip_conn		*c = NULL;
	const char		*proc = t == SIPT_UDP ? "udp" : "tcp";

	if (id > 0) {
		c = conn_table_find_id(ct, id);
		if (c != NULL && has_target &&
		    (c->remote_v4 != addr || c->remote_port != port))
			c = NULL;
	} else if (has_target)
		c = conn_table_find_target(ct, addr, port);
	if (c == NULL)
		return 0;
	if (id > 0)
		sbuf_printf(sb, "Purging the entry from sip %s process\n", proc);
	if (has_target)
		sbuf_puts(sb, "Purging the entry from reusable global "
		    "connection table\n");
	transport_close(c, 0);
	return 1;
}

/* `show dial-peer voice summary` (ios-reference.md §3.10, column starts
 * from the aligned rows of the Cisco sample) and `show dial-peer voice N`
 * (calls.md §1.5, the 12.2/12.3 compact voip layout). No capture of a
 * pots peer's long form was found: vgw prints the voip layout's common
 * lines under `VoiceEncapPeerN` (IOS's name for pots peers) and leaves the
 * voip-only lines out. The wording of `session-transport = tcp tls` and
 * `voice class sip url = sips` is inferred (calls.md §7.3). */
#include <stdio.h>
#include <string.h>

#include "call.h"
#include "dialpeer.h"

static void
pad_to(struct sbuf *sb, size_t line_start, size_t col)
{
	while (sb->len - line_start < col)
		sbuf_putc(sb, ' ');
}

static void
trim_line(struct sbuf *sb, size_t line_start)
{
	while (sb->len > line_start && sb->data[sb->len - 1] == ' ')
		sb->len--;
	sb->data[sb->len] = '\0';
}

static const char *
transport_word(enum dp_transport t)
{
	switch (t) {
	case DPT_UDP:
		return "udp";
	case DPT_TCP:
		return "tcp";
	case DPT_TLS:
		return "tcp tls";
	default:
		return "system";
	}
}

static const char *
url_word(enum dp_url u)
{
	switch (u) {
	case DPU_SIP:
		return "sip";
	case DPU_SIPS:
		return "sips";
	case DPU_TEL:
		return "tel";
	default:
		return "system";
	}
}

void
dialpeer_show_summary(struct sbuf *sb)
{
	struct dial_peer	*dp;
	size_t			 ls;
	int			 up;

	sbuf_puts(sb, "dial-peer hunt 0\n"
	    "             AD                                    PRE PASS"
	    "                OUT\n"
	    "TAG    TYPE  MIN  OPER PREFIX    DEST-PATTERN      FER THRU"
	    " SESS-TARGET    STAT PORT\n");
	TAILQ_FOREACH(dp, dialpeer_all(), entry) {
		ls = sb->len;
		up = dialpeer_oper_up(dp);
		sbuf_printf(sb, "%lu", dp->tag);
		pad_to(sb, ls, 7);
		sbuf_puts(sb, dp->voip ? "voip" : "pots");
		pad_to(sb, ls, 13);
		sbuf_puts(sb, dp->shutdown ? "down" : "up");
		pad_to(sb, ls, 18);
		sbuf_puts(sb, up ? "up" : "down");
		pad_to(sb, ls, 33);
		if (dp->destination != NULL)
			sbuf_puts(sb, dp->destination);
		pad_to(sb, ls, 51);
		sbuf_printf(sb, "%2d", dp->preference);
		pad_to(sb, ls, 55);
		if (dp->voip) {
			sbuf_puts(sb, "syst");
			pad_to(sb, ls, 60);
			if (dp->target != NULL)
				sbuf_puts(sb, dp->target);
		} else if (dp->port != NULL) {
			pad_to(sb, ls, 75);
			sbuf_puts(sb, dp->shutdown ? "down" : "up");
			pad_to(sb, ls, 80);
			sbuf_puts(sb, dp->port);
		}
		trim_line(sb, ls);
		sbuf_putc(sb, '\n');
	}
}

static void
show_quoted(struct sbuf *sb, const char *label, const char *v)
{
	sbuf_printf(sb, "%s `%s'", label, v != NULL ? v : "");
}

static void
show_voip_lines(struct sbuf *sb, const struct dial_peer *dp)
{
	const struct codec_info	*ci = codec_lookup(dp->codec);
	int			 bytes;

	sbuf_puts(sb, "        type = voip, ");
	show_quoted(sb, "session-target =", dp->target);
	sbuf_puts(sb, ",\n        technology prefix:\n"
	    "        settle-call = disabled\n"
	    "        ip media DSCP = default, ip signaling DSCP = default,"
	    " UDP checksum = disabled,\n");
	sbuf_printf(sb, "        session-protocol = %s, session-transport = %s,"
	    " req-qos = best-effort,\n", dp->sipv2 ? "sipv2" : "cisco",
	    transport_word(dp->transport));
	sbuf_puts(sb, "        acc-qos = best-effort,\n"
	    "        fax rate = voice,   payload size =  20 bytes\n"
	    "        fax protocol = system\n"
	    "        fax NSF = 0xAD0051 (default)\n");
	bytes = dp->codec_bytes > 0 ? dp->codec_bytes :
	    ci != NULL ? ci->bytes : 20;
	sbuf_printf(sb, "        codec = %s,   payload size =  %d bytes,\n",
	    dp->codec, bytes);
	sbuf_puts(sb, "        Expect factor = 0, Icpif = 20,\n"
	    "        Playout Mode is set to default,\n"
	    "        Initial 60 ms, Max 300 ms\n"
	    "        Playout-delay Minimum mode is set to default, value 40 ms\n"
	    "        Expect factor = 0,\n"
	    "Max Redirects = 1, Icpif = 20,signaling-type = cas,\n"
	    "        CLID Restrict = disabled\n");
	sbuf_printf(sb, "        VAD = %s, Poor QOV Trap = disabled,\n",
	    dp->vad ? "enabled" : "disabled");
	sbuf_printf(sb, "        voice class sip url = %s,\n",
	    url_word(dp->url));
	sbuf_puts(sb, "        voice class sip rel1xx = system,\n"
	    "        voice class perm tag = `'\n");
}

int
dialpeer_show_one(unsigned long tag, struct sbuf *sb)
{
	struct dial_peer	*dp;
	const char		*state;

	if ((dp = dialpeer_find(tag)) == NULL)
		return -1;
	state = dialpeer_oper_up(dp) ? "up" : "down";
	sbuf_printf(sb, "%s%lu\n", dp->voip ? "VoiceOverIpPeer" :
	    "VoiceEncapPeer", dp->tag);
	sbuf_printf(sb, "        information type = voice,\n"
	    "        tag = %lu, ", dp->tag);
	show_quoted(sb, "destination-pattern =", dp->destination);
	sbuf_puts(sb, ",\n        ");
	show_quoted(sb, "answer-address =", dp->answer_address);
	sbuf_printf(sb, ", preference=%d,\n", dp->preference);
	sbuf_puts(sb, "        numbering Type = `unknown'\n");
	sbuf_printf(sb, "        group = %lu, Admin state is %s, Operation "
	    "state is %s,\n", dp->tag, dp->shutdown ? "down" : "up", state);
	sbuf_puts(sb, "        ");
	show_quoted(sb, "incoming called-number =", dp->incoming_called);
	sbuf_puts(sb, ", connections/maximum = 0/unlimited,\n");
	sbuf_printf(sb, "        DTMF Relay = %s,\n",
	    dp->rtp_nte ? "enabled" : "disabled");
	sbuf_puts(sb, "        modem passthrough = system,\n");
	sbuf_printf(sb, "        huntstop = %s,\n",
	    dp->huntstop ? "enabled" : "disabled");
	sbuf_puts(sb, "        in bound application associated:session\n"
	    "        out bound application associated\n"
	    "        dnis-map =\n"
	    "        permission :both\n"
	    "        incoming COR list:maximum capability\n"
	    "        outgoing COR list:minimum requirement\n");
	if (dp->voip)
		show_voip_lines(sb, dp);
	else
		sbuf_printf(sb, "        type = pots, prefix = `',\n"
		    "        forward-digits default\n"
		    "        session-target = `', voice port = `%s',\n",
		    dp->port != NULL ? dp->port : "");
	sbuf_puts(sb, "        Connect Time = 0, Charged Units = 0,\n");
	sbuf_printf(sb, "        Successful Calls = %lu, Failed Calls = %lu,"
	    " Incomplete Calls = %lu\n", dp->stats->successful,
	    dp->stats->failed, dp->stats->incomplete);
	sbuf_printf(sb, "        Accepted Calls = %lu, Refused Calls = %lu,\n",
	    dp->stats->accepted, dp->stats->refused);
	if (dp->stats->last_cause != 0) {
		sbuf_printf(sb, "        Last Disconnect Cause is \"%X  \",\n",
		    dp->stats->last_cause);
		sbuf_printf(sb, "        Last Disconnect Text is \"%s\",\n",
		    q850_text(dp->stats->last_cause));
	} else
		sbuf_puts(sb, "        Last Disconnect Cause is \"\",\n"
		    "        Last Disconnect Text is \"\",\n");
	sbuf_printf(sb, "        Last Setup Time = %llu.\n",
	    (unsigned long long)(dp->stats->last_setup_ms / 10));
	return 0;
}

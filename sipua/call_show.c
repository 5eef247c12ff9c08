/* The call commands: `csim start`, `show call active voice [brief]`,
 * `show call history voice brief`, `show sip-ua calls`, `show voip rtp
 * connections`, `clear call voice causecode N [id ID]`, and the history
 * they read. Layouts from calls.md §1.1–§1.7; where the 12.4T form was not
 * captured the closest real one is followed, as calls.md §7 infers: the
 * brief legend is 15.x's without the `long duration` line and the SCCP
 * count, times in ms; history rows follow the active rows plus +<disc>
 * and the cause; the sip-ua calls states other than STATE_RECD_PROCEEDING
 * (4) and STATE_ACTIVE (7) and the closing `Number of SIP User Agent ...
 * calls` lines are from memory of IOS, not from a capture. */
#include <stdio.h>
#include <string.h>

#include "call.h"

static struct call_record	 history[CALL_HISTORY_MAX];
static int			 hist_first, hist_count;

void
call_history_add(const struct call *c)
{
	struct call_record	*r;
	struct rtp_counts	 st;

	r = &history[(hist_first + hist_count) % CALL_HISTORY_MAX];
	if (hist_count == CALL_HISTORY_MAX)
		hist_first = (hist_first + 1) % CALL_HISTORY_MAX;
	else
		hist_count++;
	memset(r, 0, sizeof *r);
	r->id = c->id;
	r->guid = c->guid;
	r->dir = c->dir;
	r->peer = c->voip_peer;
	snprintf(r->number, sizeof r->number, "%s",
	    c->dir == CALL_OUT ? c->called : c->calling);
	r->setup_ms = c->setup_ms;
	r->connect_ms = c->connect_ms;
	r->disc_ms = c->disc_ms;
	r->cause = c->cause;
	snprintf(r->codec, sizeof r->codec, "%s",
	    c->codec != NULL ? c->codec->name : "");
	snprintf(r->remote_host, sizeof r->remote_host, "%s", c->remote.host);
	r->remote_port = c->remote.port;
	rtp_stats(c->rtp, &st);
	r->tx_pkts = st.tx_pkts;
	r->tx_bytes = st.tx_bytes;
	r->rx_pkts = st.rx_pkts;
	r->rx_bytes = st.rx_bytes;
}


const struct call_record *
call_history_get(int i)
{
	if (i < 0 || i >= hist_count)
		return NULL;
	return &history[(hist_first + i) % CALL_HISTORY_MAX];
}

static void
dur_text(uint64_t ms, char *out, size_t len)
{
	unsigned long	s = (unsigned long)(ms / 1000);

	snprintf(out, len, "%02lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
}

static const char BRIEF_LEGEND[] =
    "<ID>: <CallID> <start>ms.<index> +<connect> pid:<peer_id> <dir> "
    "<addr> <state>\n"
    "  dur hh:mm:ss tx:<packets>/<bytes> rx:<packets>/<bytes>\n"
    " IP <ip>:<udp> rtt:<time>ms pl:<play>/<gap>ms lost:<lost>/<early>/"
    "<late>\n"
    "  delay:<last>/<min>/<max>ms <codec>\n"
    " media inactive detected:<y/n> media cntrl rcvd:<y/n> timestamp:"
    "<time>\n"
    "  MODEMPASS <method> buf:<fills>/<drains> loss <overall%> "
    "<multipkt>/<corrected>\n"
    "   last <buf event time>s dur:<Min>/<Max>s\n"
    " FR <protocol> [int dlci cid] vad:<y/n> dtmf:<y/n> seq:<y/n>\n"
    "  <codec> (payload size)\n"
    " ATM <protocol> [int vpi/vci cid] vad:<y/n> dtmf:<y/n> seq:<y/n>\n"
    "  <codec> (payload size)\n"
    " Tele <int> (callID) [channel_id] tx:<tot>/<v>/<fax>ms <codec> "
    "noise:<l> acom:<l> i/o:<l>/<l> dBm\n"
    "  MODEMRELAY info:<rcvd>/<sent>/<resent> xid:<rcvd>/<sent> total:"
    "<rcvd>/<sent>/<drops>\n"
    "         speeds(bps): local <rx>/<tx> remote <rx>/<tx>\n"
    " Proxy <ip>:<audio udp>,<video udp>,<tcp0>,<tcp1>,<tcp2>,<tcp3> "
    "endpt: <type>/<manf>\n"
    " bw: <req>/<act> codec: <audio>/<video>\n"
    "  tx: <audio pkts>/<audio bytes>,<video pkts>/<video bytes>,<t120 "
    "pkts>/<t120 bytes>\n"
    " rx: <audio pkts>/<audio bytes>,<video pkts>/<video bytes>,<t120 "
    "pkts>/<t120 bytes>\n";

static void
leg_counts(struct sbuf *sb, int tele, int sip, const char *sep)
{
	sbuf_printf(sb, "Telephony call-legs:%s%d\nSIP call-legs:%s%d\n"
	    "H323 call-legs:%s0\nCall agent controlled call-legs:%s0\n"
	    "Multicast call-legs:%s0\nTotal call-legs:%s%d\n", sep, tele, sep,
	    sip, sep, sep, sep, sep, tele + sip);
}

static void
count_legs(int *tele, int *sip)
{
	struct call	*c;

	*tele = *sip = 0;
	TAILQ_FOREACH(c, &calls, entry) {
		(*sip)++;
		if (c->tele_id != 0)
			(*tele)++;
	}
}

static void
brief_leg_sip(struct sbuf *sb, struct call *c, uint64_t now)
{
	struct rtp_counts	st;
	char			dur[32];

	rtp_stats(c->rtp, &st);
	dur_text(c->connect_ms ? now - c->connect_ms : 0, dur, sizeof dur);
	sbuf_printf(sb, "%-4X : %u %llums.1 +%lld pid:%lu %s %s %s\n",
	    c->guid, c->id, (unsigned long long)c->setup_ms,
	    c->connect_ms ? (long long)(c->connect_ms - c->setup_ms) : -1LL,
	    c->voip_peer, c->dir == CALL_OUT ? "Originate" : "Answer",
	    c->dir == CALL_OUT ? c->called : c->calling,
	    c->state == CS_ACTIVE ? "active" : c->connect_ms ? "connected" :
	    "connecting");
	sbuf_printf(sb, " dur %s tx:%lu/%lu rx:%lu/%lu\n", dur, st.tx_pkts,
	    st.tx_bytes, st.rx_pkts, st.rx_bytes);
	sbuf_printf(sb, " IP %s:%d rtt:0ms pl:0/0ms lost:0/0/0 delay:0/0/0ms "
	    "%s\n", c->remote.host[0] ? c->remote.host : "0.0.0.0",
	    c->remote.port, c->codec != NULL ? c->codec->name : "");
	sbuf_puts(sb, " media inactive detected:n media cntrl rcvd:n/a "
	    "timestamp:n/a\n");
}

static void
brief_leg_tele(struct sbuf *sb, struct call *c, uint64_t now)
{
	char		dur[32];
	uint64_t	up = c->connect_ms ? now - c->connect_ms : 0;

	dur_text(up, dur, sizeof dur);
	sbuf_printf(sb, "%-4X : %u %llums.1 +%lld pid:%lu %s %s %s\n",
	    c->guid, c->tele_id, (unsigned long long)c->setup_ms,
	    c->connect_ms ? (long long)(c->connect_ms - c->setup_ms) : -1LL,
	    c->pots_peer, "Originate", c->called,
	    c->connect_ms ? "active" : "connecting");
	sbuf_printf(sb, " dur %s tx:0/0 rx:0/0\n", dur);
	sbuf_printf(sb, " Tele %s (%u) [%s] tx:%llu/%llu/0ms %s noise:0 "
	    "acom:0 i/o:0/0 dBm\n", c->voice_port, c->tele_id, c->voice_port,
	    (unsigned long long)up, (unsigned long long)up,
	    c->codec != NULL ? c->codec->name : "");
}

void
call_show_active_brief(struct sbuf *sb)
{
	struct call	*c;
	int		 tele, sip;
	uint64_t	 now = call_uptime_ms();

	count_legs(&tele, &sip);
	sbuf_puts(sb, BRIEF_LEGEND);
	leg_counts(sb, tele, sip, " ");
	TAILQ_FOREACH(c, &calls, entry) {
		if (c->dir == CALL_IN)
			brief_leg_sip(sb, c, now);
		if (c->tele_id != 0)
			brief_leg_tele(sb, c, now);
		if (c->dir == CALL_OUT)
			brief_leg_sip(sb, c, now);
	}
	if (sip > 0)
		leg_counts(sb, tele, sip, " ");
}

/* The long form (calls.md §1.2): the VOIP leg's key=value block. */
static void
long_leg_sip(struct sbuf *sb, struct call *c, uint64_t now)
{
	struct rtp_counts	st;
	char			dur[32];

	rtp_stats(c->rtp, &st);
	dur_text(c->connect_ms ? now - c->connect_ms : 0, dur, sizeof dur);
	sbuf_printf(sb, " GENERIC:\nSetupTime=%llu ms\nIndex=1\n"
	    "PeerAddress=%s\nPeerSubAddress=\nPeerId=%lu\nPeerIfIndex=0\n"
	    "LogicalIfIndex=0\nConnectTime=%llu ms\nCallDuration=%s sec\n"
	    "CallState=%d\nCallOrigin=%d\nChargedUnits=0\nInfoType=speech\n"
	    "TransmitPackets=%lu\nTransmitBytes=%lu\nReceivePackets=%lu\n"
	    "ReceiveBytes=%lu\n", (unsigned long long)c->setup_ms,
	    c->dir == CALL_OUT ? c->called : c->calling, c->voip_peer,
	    (unsigned long long)c->connect_ms, dur,
	    c->state == CS_ACTIVE ? 4 : 2, c->dir == CALL_OUT ? 1 : 2,
	    st.tx_pkts, st.tx_bytes, st.rx_pkts, st.rx_bytes);
	sbuf_printf(sb, "VOIP:\nConnectionId[0x%08X 0x%08X 0x%08X 0x%08X]\n"
	    "IncomingConnectionId[0x%08X 0x%08X 0x%08X 0x%08X]\n"
	    "CallID=%u\nRemoteIPAddress=%s\nRemoteUDPPort=%d\n"
	    "RemoteSignallingIPAddress=%s\nRemoteSignallingPort=%d\n"
	    "RemoteMediaIPAddress=%s\nRemoteMediaPort=%d\n"
	    "RoundTripDelay=0 ms\nSelectedQoS=best-effort\n"
	    "tx_DtmfRelay=inband-voice\nFastConnect=FALSE\nAnnexE=FALSE\n"
	    "Separate H245 Connection=FALSE\nH245 Tunneling=FALSE\n"
	    "SessionProtocol=sipv2\nProtocolCallId=%s\nSessionTarget=%s\n",
	    c->guid, c->guid, c->guid, c->guid, c->guid, c->guid, c->guid,
	    c->guid, c->id, c->remote.host, c->remote.port, c->target_host,
	    c->target_port, c->remote.host, c->remote.port, c->call_id,
	    c->dir == CALL_OUT ? c->target_host : "");
	sbuf_printf(sb, "TxPakNumber=%lu\nRxPakNumber=%lu\nSRTP = off\n"
	    "VAD = enabled\nCoderTypeRate=%s\nCodecBytes=%d\n"
	    "Media Setting=flow-through\nOriginalCallingNumber=%s\n"
	    "OriginalCalledNumber=%s\nTranslatedCallingNumber=%s\n"
	    "TranslatedCalledNumber=%s\nGwCollectedCalledNumber=%s\n"
	    "Username=\nLocalHostname=\n", st.tx_pkts, st.rx_pkts,
	    c->codec != NULL ? c->codec->name : "",
	    c->codec != NULL ? c->codec->bytes : 0, c->calling, c->called,
	    c->calling, c->called, c->called);
}

void
call_show_active(struct sbuf *sb)
{
	struct call	*c;
	int		 tele, sip;
	uint64_t	 now = call_uptime_ms();

	count_legs(&tele, &sip);
	leg_counts(sb, tele, sip, "");
	TAILQ_FOREACH(c, &calls, entry)
		long_leg_sip(sb, c, now);
	if (sip > 0)
		leg_counts(sb, tele, sip, "");
}

void
call_show_history_brief(struct sbuf *sb)
{
	const struct call_record	*r;
	char				 dur[32];
	int				 i;

	sbuf_puts(sb, "<ID>: <CallID> <start>ms.<index> +<connect> +<disc> "
	    "pid:<peer_id> <direction> <addr> \n"
	    "  dur hh:mm:ss tx:<packets>/<bytes> rx:<packets>/<bytes> "
	    "<disc-cause>(<text>)\n"
	    " IP <ip>:<udp> rtt:<time>ms pl:<play>/<gap>ms lost:<lost>/"
	    "<early>/<late>\n"
	    "  delay:<last>/<min>/<max>ms <codec>\n"
	    " media inactive detected:<y/n> media cntrl rcvd:<y/n> "
	    "timestamp:<time>\n");
	for (i = 0; (r = call_history_get(i)) != NULL; i++) {
		dur_text(r->connect_ms ? r->disc_ms - r->connect_ms : 0, dur,
		    sizeof dur);
		sbuf_printf(sb, "%-4X : %u %llums.1 +%lld +%llu pid:%lu %s %s\n",
		    r->guid, r->id, (unsigned long long)r->setup_ms,
		    r->connect_ms ? (long long)(r->connect_ms - r->setup_ms) :
		    -1LL, (unsigned long long)(r->disc_ms - r->setup_ms),
		    r->peer, r->dir == CALL_OUT ? "Originate" : "Answer",
		    r->number);
		sbuf_printf(sb, " dur %s tx:%lu/%lu rx:%lu/%lu %X  (%s)\n", dur,
		    r->tx_pkts, r->tx_bytes, r->rx_pkts, r->rx_bytes, r->cause,
		    q850_text(r->cause));
		sbuf_printf(sb, " IP %s:%d rtt:0ms pl:0/0ms lost:0/0/0 "
		    "delay:0/0/0ms %s\n", r->remote_host[0] ? r->remote_host :
		    "0.0.0.0", r->remote_port, r->codec);
	}
}

static const char *
sip_state_text(const struct call *c)
{
	switch (c->state) {
	case CS_CALLING:
		return c->dir == CALL_OUT ? "STATE_SENT_INVITE (1)" :
		    "STATE_RECD_INVITE (2)";
	case CS_PROCEEDING:
	case CS_ALERTING:
		return c->dir == CALL_OUT ? "STATE_RECD_PROCEEDING (4)" :
		    "STATE_SENT_ALERTING (5)";
	case CS_ANSWERED:
		return "STATE_SENT_SUCCESS (6)";
	case CS_ACTIVE:
		return "STATE_ACTIVE (7)";
	default:
		return "STATE_DISCONNECTING (12)";
	}
}

static void
sip_call_block(struct sbuf *sb, const struct call *c, int n)
{
	const char	*local = stack_local_host();

	sbuf_printf(sb, "Call %d\nSIP Call ID                : %s\n", n,
	    c->call_id);
	sbuf_printf(sb, "   State of the call       : %s\n"
	    "   Substate of the call    : %s\n", sip_state_text(c),
	    c->state == CS_ALERTING ? "SUBSTATE_PROCEEDING_ALERTING (3)" :
	    c->state == CS_PROCEEDING ? "SUBSTATE_PROCEEDING_PROCEEDING (2)" :
	    "SUBSTATE_NONE (0)");
	sbuf_printf(sb, "   Calling Number          : %s\n"
	    "   Called Number           : %s\n"
	    "   Bit Flags               : 0xD44018 0x100 0x0\n"
	    "   CC Call ID              : %u\n"
	    "   Source IP Address (Sig ): %s\n", c->calling, c->called, c->id,
	    local);
	sbuf_printf(sb, "   Destn SIP Req Addr:Port : %s:%d\n"
	    "   Destn SIP Resp Addr:Port: %s:%d\n"
	    "   Destination Name        : %s\n",
	    c->target_host[0] ? c->target_host : c->remote.host, c->target_port,
	    c->target_host[0] ? c->target_host : c->remote.host, c->target_port,
	    c->target_host[0] ? c->target_host : c->remote.host);
	sbuf_printf(sb, "   Number of Media Streams : 1\n"
	    "   Number of Active Streams: %d\n"
	    "   RTP Fork Object         : 0x0\n"
	    "   Media Mode              : flow-through\n"
	    "   Media Stream 1\n"
	    "     State of the stream      : %s\n"
	    "     Stream Call ID           : %u\n"
	    "     Stream Type              : voice-only (0)\n",
	    c->state == CS_ACTIVE, c->state == CS_ACTIVE ? "STREAM_ACTIVE" :
	    "STREAM_IDLE", c->id);
	sbuf_printf(sb, "     Negotiated Codec         : %s (%d bytes)\n"
	    "     Codec Payload Type       : %d \n"
	    "     Negotiated Dtmf-relay    : %s\n"
	    "     Dtmf-relay Payload Type  : %d\n"
	    "     Media Source IP Addr:Port: %s:%d\n"
	    "     Media Dest IP Addr:Port  : %s:%d\n\n",
	    c->codec != NULL ? c->codec->name : "No Codec",
	    c->codec != NULL ? c->codec->bytes : 0,
	    c->codec != NULL ? c->codec->pt : 255,
	    c->remote.nte_pt >= 0 ? "rtp-nte" : "inband-voice",
	    c->remote.nte_pt >= 0 ? c->remote.nte_pt : 0, local, c->local_rtp,
	    c->remote.host, c->remote.port);
}

void
call_show_sip_calls(struct sbuf *sb)
{
	struct call	*c;
	int		 n;

	sbuf_puts(sb, "SIP UAC CALL INFO\n\n");
	n = 0;
	TAILQ_FOREACH(c, &calls, entry)
		if (c->dir == CALL_OUT)
			sip_call_block(sb, c, ++n);
	sbuf_printf(sb, "Number of SIP User Agent Client(UAC) calls: %d\n\n", n);
	sbuf_puts(sb, "SIP UAS CALL INFO\n\n");
	n = 0;
	TAILQ_FOREACH(c, &calls, entry)
		if (c->dir == CALL_IN)
			sip_call_block(sb, c, ++n);
	sbuf_printf(sb, "Number of SIP User Agent Server(UAS) calls: %d\n", n);
}

void
call_show_rtp(struct sbuf *sb)
{
	struct call	*c;
	int		 n = 0;

	sbuf_puts(sb, "VoIP RTP active connections :\n"
	    "No. CallId     dstCallId  LocalRTP RmtRTP LocalIP         "
	    "RemoteIP\n");
	TAILQ_FOREACH(c, &calls, entry) {
		if (c->rtp == NULL || c->remote.port == 0 ||
		    (c->state != CS_ACTIVE && c->state != CS_ANSWERED))
			continue;
		sbuf_printf(sb, "%-4d%-11u%-11u%-9d%-7d%-16s%s\n", ++n, c->id,
		    c->tele_id ? c->tele_id : c->id, c->local_rtp,
		    c->remote.port, stack_local_host(), c->remote.host);
	}
	sbuf_printf(sb, "Found %d active RTP connections\n", n);
}

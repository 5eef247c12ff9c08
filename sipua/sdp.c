/* SDP offer and answer (RFC 3264) for calls: vgw writes the body IOS
 * writes (calls.md §1.9/§3.2: o=CiscoSystemsSIP-GW-UserAgent, s=SIP Call,
 * c= at session and media level, one codec, telephone-event 101 with
 * dtmf-relay rtp-nte, a=ptime:20) and reads bodies with libosip2's SDP
 * parser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <osipparser2/sdp_message.h>

#include "call.h"
#include "sbuf.h"
#include "xmalloc.h"

static int
call_wants_nte(const struct call *c)
{
	struct dial_peer	*dp = dialpeer_find(c->voip_peer);

	if (c->dir == CALL_IN)
		return c->remote.nte_pt >= 0 && dp != NULL && dp->rtp_nte;
	return dp != NULL && dp->rtp_nte;
}

char *
sdp_build(const struct call *c)
{
	const struct codec_info	*ci = c->codec;
	const char		*ip = stack_local_host();
	struct sbuf		 sb;
	char			*out;
	int			 nte = call_wants_nte(c);
	int			 nte_pt = c->remote.nte_pt >= 0 ?
				     c->remote.nte_pt : 101;

	if (ci == NULL || c->local_rtp <= 0)
		return NULL;
	sbuf_init(&sb);
	sbuf_printf(&sb, "v=0\r\no=CiscoSystemsSIP-GW-UserAgent %u %d IN IP4 "
	    "%s\r\ns=SIP Call\r\nc=IN IP4 %s\r\nt=0 0\r\n", c->guid * 7919u %
	    10000, c->sdp_version, ip, ip);
	sbuf_printf(&sb, "m=audio %d RTP/AVP %d", c->local_rtp, ci->pt);
	if (nte)
		sbuf_printf(&sb, " %d", nte_pt);
	sbuf_printf(&sb, "\r\nc=IN IP4 %s\r\na=rtpmap:%d %s\r\n", ip, ci->pt,
	    ci->rtpmap);
	if (nte)
		sbuf_printf(&sb, "a=rtpmap:%d telephone-event/8000\r\n"
		    "a=fmtp:%d 0-16\r\n", nte_pt, nte_pt);
	sbuf_puts(&sb, "a=ptime:20\r\n");
	out = xstrdup(sbuf_str(&sb));
	sbuf_free(&sb);
	return out;
}

/* The dynamic payload type of telephone-event, from a=rtpmap. */
static int
sdp_nte(sdp_message_t *sdp)
{
	sdp_attribute_t	*a;
	int		 i, pt;
	char		 name[32];

	for (i = 0; (a = sdp_message_attribute_get(sdp, 0, i)) != NULL; i++)
		if (a->a_att_field != NULL && a->a_att_value != NULL &&
		    strcmp(a->a_att_field, "rtpmap") == 0 &&
		    sscanf(a->a_att_value, "%d %31[^/]", &pt, name) == 2 &&
		    strcasecmp(name, "telephone-event") == 0)
			return pt;
	return -1;
}

int
sdp_parse(const char *body, struct call_media *out)
{
	sdp_message_t	*sdp;
	const char	*addr, *port, *media, *pt;
	int		 i, m;

	memset(out, 0, sizeof *out);
	out->nte_pt = -1;
	if (body == NULL || sdp_message_init(&sdp) != 0)
		return -1;
	if (sdp_message_parse(sdp, body) != 0) {
		sdp_message_free(sdp);
		return -1;
	}
	/* The first audio stream; later ones are refused (port 0 in a
	 * full answer is beyond what a gateway line does). */
	for (m = 0; (media = sdp_message_m_media_get(sdp, m)) != NULL; m++)
		if (strcmp(media, "audio") == 0)
			break;
	if (media == NULL || (port = sdp_message_m_port_get(sdp, m)) == NULL) {
		sdp_message_free(sdp);
		return 0;		/* no audio: port 0 */
	}
	out->port = atoi(port);
	if ((addr = sdp_message_c_addr_get(sdp, m, 0)) == NULL)
		addr = sdp_message_c_addr_get(sdp, -1, 0);
	snprintf(out->host, sizeof out->host, "%s", addr != NULL ? addr : "");
	for (i = 0; i < 16 && (pt = sdp_message_m_payload_get(sdp, m, i)) !=
	    NULL; i++)
		out->pts[out->npts++] = atoi(pt);
	if (m == 0)
		out->nte_pt = sdp_nte(sdp);
	sdp_message_free(sdp);
	if (out->port < 0 || out->port > 65535 || out->host[0] == '\0')
		return -1;
	return 0;
}

int
sdp_choose(const struct call_media *m, const struct codec_info *want)
{
	int	i;

	for (i = 0; i < m->npts; i++) {
		if (want != NULL && m->pts[i] == want->pt)
			return want->pt;
		if (want == NULL && codec_by_pt(m->pts[i]) != NULL)
			return m->pts[i];
	}
	return -1;
}

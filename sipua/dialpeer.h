/* Private to sipua/: the typed view of `dial-peer voice N {pots|voip}`,
 * IOS number patterns and dial-peer selection (calls.md §2). The view is
 * rebuilt from confdb after a change to a dial-peer, at its next use;
 * counters (successful/failed calls, last disconnect) live on across
 * rebuilds, keyed by tag. */
#ifndef VGW_SIPUA_DIALPEER_H
#define VGW_SIPUA_DIALPEER_H

#include <sys/queue.h>

#include <stdint.h>

#include "sbuf.h"

/* dp_pattern.c: IOS wildcards `.` `T` `[...]` `+` `%` `?` `^` `$` `,`
 * `\x`. A pattern matches a prefix of the number (all of it with `$`). */
#define DP_PATTERN_MAX	64	/* characters; IOS allows 32 digits + wildcards */
#define DP_NUMBER_MAX	64

struct dp_match {
	int	 explicit_digits;	/* literal digits matched */
	int	 length;		/* digits of the number the pattern took */
};
/* 0 and *out filled when pattern matches number, -1 when it does not or
 * the pattern is not valid (`(` groups are refused, see the note). */
int	 dp_pattern_match(const char *pattern, const char *number,
	    struct dp_match *out);
/* 1 when the pattern is a plain digit string (registrable, §4.1). */
int	 dp_pattern_is_number(const char *pattern);

enum dp_transport {
	DPT_SYSTEM,
	DPT_UDP,
	DPT_TCP,
	DPT_TLS
};

enum dp_url {
	DPU_SYSTEM,
	DPU_SIP,
	DPU_SIPS,
	DPU_TEL
};

struct dial_peer_stats {
	unsigned long	 successful, failed, incomplete;
	unsigned long	 accepted, refused;
	int		 last_cause;		/* Q.850, 0: none yet */
	uint64_t	 last_setup_ms;		/* uptime ms, 0: never */
	unsigned	 last_used;		/* call sequence, for hunting */
};

struct dial_peer {
	unsigned long		 tag;
	int			 voip;
	int			 shutdown;
	int			 huntstop;
	int			 preference;
	int			 order;		/* creation order in the config */
	char			*destination;	/* destination-pattern */
	char			*incoming_called;
	char			*answer_address;
	char			*port;		/* pots: voice-port */
	char			*target;	/* voip: "ipv4:A.B.C.D[:P]" / "dns:N" */
	int			 sipv2;		/* session protocol sipv2 */
	enum dp_transport	 transport;
	enum dp_url		 url;
	char			 codec[16];	/* "g711ulaw" ... */
	int			 codec_bytes;	/* 0: the codec's default */
	int			 rtp_nte;	/* dtmf-relay rtp-nte */
	int			 vad;
	int			 no_register;	/* no sip-register */
	struct dial_peer_stats	*stats;
	TAILQ_ENTRY(dial_peer)	 entry;
};
TAILQ_HEAD(dial_peer_list, dial_peer);

/* dialpeer.c */
void	 dialpeer_init(void);
void	 dialpeer_shutdown(void);
/* Every configured peer, in configuration order (rebuilt if dirty). */
struct dial_peer_list *dialpeer_all(void);
struct dial_peer *dialpeer_find(unsigned long tag);
int	 dialpeer_count(void);
/* A peer is operationally up as calls.md §2.1 says. */
int	 dialpeer_oper_up(const struct dial_peer *);

/* Outbound candidates for a called number, best first (longest explicit
 * match, then preference, then least recent use), ending at the first
 * huntstop peer; voip says which kind (-1 both). Returns the count put in
 * out[0..max). */
int	 dialpeer_outbound(const char *called, int voip, struct dial_peer **out,
	    int max);
/* Inbound peer of a call from VoIP (calls.md §2.2: incoming called-number
 * on called, answer-address on calling, destination-pattern on calling),
 * or NULL for dial-peer 0. */
struct dial_peer *dialpeer_inbound_voip(const char *called,
	    const char *calling);
/* Codec facts: payload type, RTP payload bytes per 20 ms, SDP name. */
struct codec_info {
	const char	*name;		/* IOS keyword */
	int		 pt;		/* RTP payload type, -1 not G.711/G.729 */
	int		 bytes;		/* per 20 ms */
	const char	*rtpmap;	/* "PCMU/8000" */
};
const struct codec_info *codec_lookup(const char *name);
const struct codec_info *codec_by_pt(int pt);

/* show dial-peer voice [N | summary] */
void	 dialpeer_show_summary(struct sbuf *);
int	 dialpeer_show_one(unsigned long tag, struct sbuf *);	/* -1 none */
void	 dialpeer_note_call(struct dial_peer *, int success, int cause);

#endif

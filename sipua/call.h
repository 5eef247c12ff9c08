/* Private to sipua/: calls. A call is one SIP dialog (an INVITE vgw sent
 * for `csim start`, or one it received) plus, for a received call, the
 * simulated phone line (a pots dial-peer's voice-port) that rings and
 * answers. call.c owns the objects and the inbound side, call_out.c the
 * outbound side and hunting, call_show.c the show/clear commands, sdp.c
 * the offer/answer. */
#ifndef VGW_SIPUA_CALL_H
#define VGW_SIPUA_CALL_H

#include <sys/queue.h>

#include <stdint.h>

#include <event2/event.h>

#include "dialpeer.h"
#include "stack.h"

enum call_dir {
	CALL_OUT,		/* vgw sent the INVITE (UAC) */
	CALL_IN			/* vgw received it (UAS) */
};

enum call_state {
	CS_CALLING,		/* UAC: INVITE sent */
	CS_PROCEEDING,		/* UAC: 100 received; UAS: 100 sent */
	CS_ALERTING,		/* 180/183 */
	CS_ANSWERED,		/* UAS: 200 sent, no ACK yet */
	CS_ACTIVE,
	CS_CANCELLING,		/* UAC: CANCEL sent */
	CS_RELEASING,		/* BYE sent */
	CS_DONE
};

#define CALL_HUNT_MAX	16

struct call_media {
	char		 host[64];	/* c= address */
	int		 port;		/* m=audio port, 0: none */
	int		 pts[16];	/* offered payload types */
	int		 npts;
	int		 nte_pt;	/* telephone-event, -1 none */
};

struct call {
	struct stack_user	 user;		/* first: the stack's view */
	unsigned		 id;		/* IOS CallID of the SIP leg */
	unsigned		 tele_id;	/* of the line leg (inbound), 0 none */
	unsigned		 guid;		/* <ID> of show call active brief */
	enum call_dir		 dir;
	enum call_state		 state;
	int			 csim;		/* placed by csim start */
	char			 call_id[100];
	char			 local_tag[24];
	char			 calling[DP_NUMBER_MAX + 1];
	char			 called[DP_NUMBER_MAX + 1];
	unsigned long		 voip_peer;	/* 0: dial-peer 0 */
	unsigned long		 pots_peer;
	char			 voice_port[32];
	struct stack_route	 route;
	int			 sips;
	char			 target_host[64];
	int			 target_port;
	osip_transaction_t	*invite_tr, *bye_tr, *cancel_tr;
	osip_message_t		*invite;	/* UAC: the INVITE sent */
	osip_message_t		*ack;		/* UAC: the ACK of the 2xx */
	osip_dialog_t		*dialog;
	int			 cseq;
	int			 auth_tries;
	unsigned long		 hunt[CALL_HUNT_MAX];
	int			 nhunt, hunt_next;
	/* Media as negotiated. */
	const struct codec_info	*codec;
	int			 local_rtp;
	struct call_media	 remote;
	int			 sdp_version;
	struct rtp_stream	*rtp;
	/* Times in uptime ms; Q.850 cause of the end. */
	uint64_t		 setup_ms, connect_ms, disc_ms;
	int			 cause;
	struct event		*timer;		/* answer delay, ACK wait */
	TAILQ_ENTRY(call)	 entry;
};
TAILQ_HEAD(call_list, call);

/* call.c */
extern struct call_list	 calls;
extern int		 call_answer_delay_ms;
void	 call_init(void);
void	 call_shutdown(void);
struct call *call_new(enum call_dir);
/* Ends the call: state DONE, counters, history, freed at once. */
void	 call_end(struct call *, int cause);
/* Hangs up from this side (clear call voice): BYE, CANCEL or a final
 * response as the state asks. */
void	 call_hangup(struct call *, int cause);
struct call *call_by_id(unsigned id);
uint64_t call_uptime_ms(void);
const char *q850_text(int cause);
int	 q850_to_sip(int cause);
int	 sip_to_q850(int code);
/* In-dialog request of method along the call's dialog. */
osip_message_t *call_dialog_request(struct call *, const char *method);
void	 call_media_start(struct call *);
void	 call_timer_set(struct call *, int ms, event_callback_fn);
extern unsigned	 call_next_id;

/* call_in.c */
int	 call_in_request(osip_transaction_t *, osip_message_t *,
	    const struct stack_route *);
void	 call_in_stray(osip_message_t *, struct sip_conn *);
void	 line_release(const char *voice_port);

/* call_out.c */
/* csim start: places a call; returns the call or NULL with why in err. */
struct call *call_place(const char *number, const char **err);
void	 call_out_response(struct call *, osip_transaction_t *,
	    osip_message_t *);
void	 call_out_failed(struct call *, osip_transaction_t *);
void	 call_out_stray(struct call *, osip_message_t *);
int	 call_resolve_target(const char *target, int tls,
	    struct stack_route *, char *host, size_t hostlen, int *port);

/* sdp.c */
char	*sdp_build(const struct call *);	/* free() */
int	 sdp_parse(const char *body, struct call_media *);
/* The payload type both sides have, for codec (NULL: any vgw knows);
 * -1 none. */
int	 sdp_choose(const struct call_media *, const struct codec_info *);

/* call_cmd.c, register.c */
void	 call_cmd_register(void);
void	 register_show_status(struct sbuf *, int secondary);
void	 register_shutdown(void);

/* call_show.c */
void	 call_show_active_brief(struct sbuf *);
void	 call_show_active(struct sbuf *);
void	 call_show_history_brief(struct sbuf *);
void	 call_show_sip_calls(struct sbuf *);
void	 call_show_rtp(struct sbuf *);

/* History of ended calls (show call history voice brief). */
struct call_record {
	unsigned		 id, guid;
	enum call_dir		 dir;
	unsigned long		 peer;
	char			 number[DP_NUMBER_MAX + 1];
	uint64_t		 setup_ms, connect_ms, disc_ms;
	int			 cause;
	char			 codec[16];
	char			 remote_host[64];
	int			 remote_port;
	unsigned long		 tx_pkts, tx_bytes, rx_pkts, rx_bytes;
};
#define CALL_HISTORY_MAX	100
void	 call_history_add(const struct call *);
const struct call_record *call_history_get(int i);	/* 0 oldest */

/* rtp.c */
struct rtp_counts {
	unsigned long	 tx_pkts, tx_bytes, rx_pkts, rx_bytes;
};
struct rtp_stream *rtp_open(int *port);		/* local port chosen */
int	 rtp_start(struct rtp_stream *, const char *host, int port, int pt,
	    int bytes);
void	 rtp_stats(const struct rtp_stream *, struct rtp_counts *);
void	 rtp_close(struct rtp_stream *);

#endif

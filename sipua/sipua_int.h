/* Private to sipua/: the connection table, transports, TLS, message
 * handling and the state the configuration sets. Nothing outside sipua/
 * includes this file; the public face is sipua.h. */
#ifndef VGW_SIPUA_INT_H
#define VGW_SIPUA_INT_H

#include <sys/queue.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "sbuf.h"

enum sip_transport {
	SIPT_UDP,
	SIPT_TCP,
	SIPT_TLS,
	SIPT_COUNT
};

enum conn_state {
	CONN_CONNECTING,	/* TCP connect in progress */
	CONN_HANDSHAKE,		/* TLS handshake in progress */
	CONN_ESTABLISHED,
	CONN_CLOSING
};

/* A stream peer has this long (RFC 3261 Timer B/F: 64*T1) to complete a
 * message it began; then the connection is closed and counted. */
#define SIP_PARTIAL_SECONDS	32

#define CONN_ID_MAX_DEFAULT	2048	/* IOS: ids 1..2048 per transport */
#define CONN_ID_MAX_LIMIT	16380	/* clear ... id <1-16380> in later IOS */

/* One message waiting to be written on a stream connection. */
struct sip_outmsg {
	TAILQ_ENTRY(sip_outmsg)	 entry;
	size_t			 len;
	size_t			 off;
	char			 data[];
};

struct sip_conn {
	int			 id;		/* 1..max, per transport */
	enum sip_transport	 transport;
	enum conn_state		 state;
	struct sockaddr_storage	 remote;
	socklen_t		 remote_len;
	uint32_t		 remote_v4;	/* host order, 0 if IPv6 */
	char			 remote_host[48];
	uint16_t		 remote_port;
	int			 fd;		/* -1 for UDP (the listener sends) */
	int			 outbound;	/* we connected (RFC 3261 reuse) */
	time_t			 last_active;	/* monotonic seconds */
	time_t			 started;	/* for tls establish */
	time_t			 partial_since;	/* a message begun, not ended */
	struct event		*ev_read;
	struct event		*ev_write;
	void			*tls;		/* gnutls_session_t */
	char			*trustpoint;
	struct sbuf		 in;		/* bytes not yet framed */
	TAILQ_HEAD(, sip_outmsg) outq;
	int			 writeq_size;	/* messages in outq */
	TAILQ_ENTRY(sip_conn)	 entry;		/* table list, by creation */
	struct sip_conn		*hnext;		/* remote hash chain */
};

struct sip_transport_stats {
	unsigned long		 send_failures;
	unsigned long		 remote_closures;
	unsigned long		 conn_failures;
	unsigned long		 ageouts;
	unsigned long		 handshake_errors;
	unsigned long		 malformed;
	unsigned long		 max_writeq;
	char			 max_writeq_for[80];	/* "A.B.C.D:PORT" */
};

#define CONN_HASH_SIZE	4096

struct conn_table {
	enum sip_transport	 transport;
	int			 max;
	int			 next_id;
	int			 count;
	struct sip_conn		**by_id;	/* [1..max] */
	struct sip_conn		*hash[CONN_HASH_SIZE];
	TAILQ_HEAD(, sip_conn)	 list;
	struct sip_transport_stats stats;
};

/* conn_table.c: pure bookkeeping, no sockets (unit-testable). */
const char	*sip_transport_name(enum sip_transport);	/* "udp" ... */
struct conn_table *conn_table_get(enum sip_transport);
void		 conn_table_init(struct conn_table *, enum sip_transport, int max);
void		 conn_table_free(struct conn_table *);
/* A new entry for remote with the next free id, or NULL when all ids are
 * in use (the caller counts a connection failure). */
struct sip_conn	*conn_table_add(struct conn_table *, const struct sockaddr *,
		    socklen_t);
void		 conn_table_remove(struct conn_table *, struct sip_conn *);
struct sip_conn	*conn_table_find_id(struct conn_table *, int id);
struct sip_conn	*conn_table_find_remote(struct conn_table *,
		    const struct sockaddr *, socklen_t);
struct sip_conn	*conn_table_find_target(struct conn_table *, uint32_t addr,
		    uint16_t port);
void		 conn_table_note_writeq(struct conn_table *, struct sip_conn *);
void		 conn_table_reset_stats(struct conn_table *);
/* Renders `show sip-ua connections ...` (brief or detail). */
void		 conn_table_render(struct conn_table *, int detail, struct sbuf *);
void		 sip_sockaddr_text(const struct sockaddr *, char *host,
		    size_t hostlen, uint16_t *port);

/* sipua_config.c: what the configuration asks for. */
struct sip_sig_entry {
	int			 is_default;
	uint32_t		 addr;		/* host order */
	uint32_t		 mask;
	char			*trustpoint;
	int			 strict_cipher;
};

struct sipua_conf {
	int			 enabled[SIPT_COUNT];	/* sip-ua transport */
	enum sip_transport	 session_transport;	/* voice service voip/sip */
	int			 aging_minutes;		/* tcp/udp */
	int			 tls_aging_minutes;
	int			 tls_establish_seconds;
	int			 timer_trying;		/* ms: timers trying */
	int			 timer_register;	/* ms: timers register */
	struct sip_sig_entry	*sig;			/* crypto signaling */
	int			 nsig;
	int			 retry_invite, retry_response, retry_bye;
	int			 retry_cancel, retry_prack, retry_comet;
	int			 retry_rel1xx, retry_notify;
	int			 retry_register;
	int			 url_sips;	/* voice service voip/sip: url sips */
	char			*auth_user, *auth_pass, *auth_realm;
	struct sip_registrar {
		int		 set;
		char		*target;	/* "ipv4:A.B.C.D[:P]" / "dns:N" */
		int		 expires;
		enum sip_transport t;
	}			 registrar[2];	/* primary, secondary */
};

extern struct sipua_conf sipua_conf;
void		 sipua_conf_defaults(struct sipua_conf *);
void		 sipua_conf_free(struct sipua_conf *);
/* Most specific remote-addr entry containing addr, else the default entry,
 * else NULL. */
const struct sip_sig_entry *sipua_sig_lookup(const struct sipua_conf *,
		    uint32_t addr);
void		 sipua_sig_add(struct sipua_conf *, int is_default, uint32_t addr,
		    uint32_t mask, const char *trustpoint, int strict);
void		 sipua_config_reload(void);
void		 sipua_config_subscribe(void);
/* register.c: the registrations follow the configuration. */
void		 register_changed(void);

/* transport.c: sockets on the event loop. */
struct sipua_listen {
	char			 bind[64];
	int			 sip_port;
	int			 tls_port;
};
extern struct sipua_listen sipua_listen;
/* Opens or closes listeners to match sipua_conf.enabled; 0 or -1. */
int		 transport_apply(void);
void		 transport_shutdown(void);
int		 transport_is_listening(enum sip_transport);
/* Queues a message on conn; UDP sends at once. Returns 0 or -1 (counted). */
int		 transport_send(struct sip_conn *, const char *, size_t);
void		 transport_close(struct sip_conn *, int remote_closed);
/* Reading stops while a TLS peer's certificate is being verified. */
void		 transport_pause(struct sip_conn *);
void		 transport_resume(struct sip_conn *);
/* Sends to a target over transport t, reusing its connection or opening
 * one (through egress_check); 0 or -1 (counted as a conn. failure). */
int		 transport_send_to(enum sip_transport, const struct sockaddr *,
		    socklen_t, const char *, size_t);
/* Closes idle connections; now in monotonic seconds. */
void		 transport_age(time_t now);
time_t		 sipua_now(void);

/* tls.c */
int		 tls_global_init(void);
/* Starts a server-side session on conn; 0 or -1 (counted). */
int		 tls_conn_start(struct sip_conn *, int server);
/* Drives the handshake; 1 done, 0 in progress, -1 failed. */
int		 tls_conn_handshake(struct sip_conn *);
/* Read/write through the session: >0 bytes, 0 would block, -1 closed or
 * error, -2 remote closed cleanly. */
ssize_t		 tls_conn_read(struct sip_conn *, char *, size_t);
ssize_t		 tls_conn_write(struct sip_conn *, const char *, size_t);
int		 tls_conn_want_write(struct sip_conn *);
void		 tls_conn_free(struct sip_conn *);
void		 tls_creds_invalidate(void);
const char	*tls_conn_cipher(struct sip_conn *);
const char	*tls_strict_priority(void);
/* Where credentials come from: pki/ in vgw, files in tests. */
typedef void	*(*tls_cred_fn)(const char *trustpoint, char **err);
void		 tls_set_cred_source(tls_cred_fn);

/* message.c: SIP over libosip2. */
void		 message_init(void);
/* One complete message received on conn. */
void		 message_receive(struct sip_conn *, const char *, size_t);
/* Stream framing: how many bytes of buf form the next message (0: need
 * more, -1: broken framing, close the connection). */
ssize_t		 message_frame(const char *buf, size_t len, size_t max);

/* What vgw calls itself and what it serves (calls.md §1.11). */
#define SIPUA_SERVER	"Cisco-SIPGateway/IOS-12.x"
#define SIPUA_ALLOW	"INVITE, OPTIONS, BYE, CANCEL, ACK, PRACK, UPDATE, " \
			"REFER, SUBSCRIBE, NOTIFY, INFO, REGISTER"

/* message_check.c: what a message must pass (RFC 3261 §8.2, §18.3). */
int		 msgcheck_datagram(const char *, size_t, size_t *msglen,
		    const char **why);
int		 msgcheck_stream_lengths(const char *hdr, size_t hlen);
int		 msgcheck_reject_raw(struct sip_conn *, const char *, size_t);

/* Statistics for show sip-ua statistics. */
enum sip_method_stat {
	SM_INVITE, SM_ACK, SM_BYE, SM_CANCEL, SM_OPTIONS, SM_PRACK, SM_COMET,
	SM_SUBSCRIBE, SM_NOTIFY, SM_REFER, SM_INFO, SM_REGISTER, SM_UPDATE,
	SM_OTHER, SM_COUNT
};
struct sip_stats {
	unsigned long	 req_in[SM_COUNT], req_out[SM_COUNT];
	unsigned long	 resp_in[700], resp_out[700];	/* by status code */
	unsigned long	 ok_in[SM_COUNT], ok_out[SM_COUNT];	/* 200 by method */
	time_t		 cleared;	/* 0: never */
};
extern struct sip_stats sip_stats;
enum sip_method_stat sip_method_stat(const char *method);

/* debug.c: debug ccsip. */
extern int	 sipua_debug_messages;
extern int	 sipua_debug_events;
void		 sipua_debug_message(const char *dir, const char *msg, size_t len);
void		 sipua_debug_event(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

/* show.c: texts of show/clear sip-ua. */
void		 show_sip_status(struct sbuf *);
void		 show_sip_timers(struct sbuf *);
void		 show_sip_retry(struct sbuf *);
void		 show_sip_statistics(struct sbuf *);
/* clear sip-ua T connection {id N [target A:P] | target A:P}: prints the
 * purge lines; returns the number of entries closed. */
int		 clear_sip_connection(enum sip_transport, int id, int has_target,
		    uint32_t addr, uint16_t port, struct sbuf *);

#endif

/* Private to sipua/: the transaction layer. libosip2's four transaction
 * state machines (ICT, IST, NICT, NIST) run on the main loop: a kick
 * event executes pending transaction events, a timer fires at libosip2's
 * next transaction timeout. Messages go out through transport.c along a
 * route each transaction carries; users (calls, registrations) hear of
 * responses, timeouts and the end of their transactions through ops. */
#ifndef VGW_SIPUA_STACK_H
#define VGW_SIPUA_STACK_H

#include <sys/socket.h>

#include <osip2/osip.h>
#include <osip2/osip_dialog.h>

#include "sipua_int.h"

/* A transaction carries stack_run.c's record (with its route) in
 * reserved2 and its user in reserved3 (libosip2 aliases your_instance to
 * reserved1). */
/* Where a transaction's messages go: back on the connection a request came
 * in on (conn_id), else to peer over transport t. */
struct stack_route {
	enum sip_transport	 t;
	int			 conn_id;	/* 0: none */
	struct sockaddr_storage	 peer;
	socklen_t		 peer_len;
};

/* Who owns a client transaction. A user embeds struct stack_user and
 * clears its transactions' owner (stack_disown) before it goes away. */
struct stack_user;
struct stack_ops {
	/* A response (1xx..6xx) to the user's request. */
	void	(*response)(struct stack_user *, osip_transaction_t *,
		    osip_message_t *);
	/* Timer B/F fired, or the transport could not send. */
	void	(*failed)(struct stack_user *, osip_transaction_t *);
	/* The transaction is gone: forget the pointer. */
	void	(*ended)(struct stack_user *, osip_transaction_t *);
};
struct stack_user {
	const struct stack_ops	*ops;
};

extern osip_t	*sip_osip;

int	 stack_init(void);
void	 stack_shutdown(void);
/* A message that message.c parsed and accepted, from connection c. */
void	 stack_receive(struct sip_conn *, osip_event_t *);
/* Starts a client transaction for req (given away) toward rt. */
osip_transaction_t *stack_request(osip_message_t *req,
	    const struct stack_route *, struct stack_user *);
void	 stack_disown(osip_transaction_t *);
/* Answers server transaction tr with resp (given away). */
void	 stack_respond(osip_transaction_t *, osip_message_t *);
/* A response to tr's request with code and, for code > 100 without one, a
 * To tag; NULL when the request cannot be answered. */
osip_message_t *stack_response(osip_transaction_t *, int code,
	    const char *to_tag);
/* Sends msg outside any transaction (the ACK of a 2xx); msg is kept. */
int	 stack_send(osip_message_t *, const struct stack_route *);
/* Handle encoding a route for libosip2's socket argument (200 OK
 * retransmissions carry no transaction). */
int	 stack_route_handle(const struct stack_route *);
/* Random hex for tags, branches and Call-IDs. */
void	 stack_random_hex(char *out, size_t nhex);
const char *stack_reason(int code);
/* A new request of method: SIP/2.0 and vgw's top Via for transport t with
 * a fresh branch; NULL when libosip2 cannot make one. */
osip_message_t *stack_request_new(const char *method, enum sip_transport);
/* A fresh Call-ID, IOS style: four groups of 8 hex @ the local address. */
void	 stack_new_call_id(char *out, size_t len);
/* A new branch in m's top Via: a resent request is a new transaction. */
void	 stack_new_branch(osip_message_t *);
/* Local address for Via/Contact/SDP ("127.0.0.1") and the port of t. */
const char *stack_local_host(void);
int	 stack_local_port(enum sip_transport);
/* Requests the transaction layer cannot hand to a user: OPTIONS and
 * the methods vgw does not serve. Set by call.c for INVITE/BYE/CANCEL. */
typedef int (*stack_request_fn)(osip_transaction_t *, osip_message_t *,
	    const struct stack_route *);
void	 stack_set_request_handler(stack_request_fn);
/* ACKs and 2xx retransmissions that match no transaction. */
typedef void (*stack_stray_fn)(osip_message_t *, struct sip_conn *);
void	 stack_set_stray_handler(stack_stray_fn);
/* message_check.c: a parsed request's checks; 0 or the code to answer. */
int	 msgcheck_request(osip_message_t *, const char *, size_t,
	    const char **why, char **unsupported);
/* stack_run.c: libosip2's transactions run outside its global lists. */
struct stack_tr	*strun_adopt(osip_transaction_t *, const struct stack_route *,
		    osip_message_t *first);
void		 strun_add_event(osip_transaction_t *, osip_event_t *);
osip_transaction_t *strun_match(osip_message_t *);
const struct stack_route *strun_route(osip_transaction_t *);
void		 strun_kill(osip_transaction_t *);
void		 strun_init(void);
void		 strun_shutdown(void);


#endif

/* How libosip2's transactions run on the loop without its global lists.
 *
 * libosip2 keeps every transaction in one linked list per kind and walks
 * them whole: to match each incoming message, to remove a transaction, at
 * every execute and every timer pass. With thousands of calls a second a
 * UDP gateway holds tens of thousands of transactions (a server
 * transaction stays 32 s after its answer, Timer J), and the walks become
 * the whole cost. So vgw takes each transaction out of libosip2's list as
 * soon as libosip2 creates it (the list never holds more than that one),
 * and keeps its own: an index by Call-ID, where libosip2's own RFC 3261
 * §17.1.3/§17.2.3 matchers decide among the few transactions of a call; a
 * list of the transactions with events waiting, each run through
 * osip_transaction_execute (libosip2's state machines); and one libevent
 * timer per transaction at its next deadline, read from its context, which
 * fires libosip2's own __osip_*_need_timer_*_event checks. Matching,
 * state machines and timer rules stay libosip2's; only the bookkeeping is
 * vgw's, and it is O(1) per message (O(log n) per timer). */
#include <sys/time.h>

#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

#include <osip2/osip_time.h>

#include "evloop.h"
#include "stack.h"
#include "xmalloc.h"

/* libosip2 exports these (its fsm.h); the public headers do not declare
 * them. Signatures as libosip2 5.x defines them. */
osip_event_t	*__osip_ict_need_timer_a_event(osip_ict_t *, state_t, int);
osip_event_t	*__osip_ict_need_timer_b_event(osip_ict_t *, state_t, int);
osip_event_t	*__osip_ict_need_timer_d_event(osip_ict_t *, state_t, int);
osip_event_t	*__osip_nict_need_timer_e_event(osip_nict_t *, state_t, int);
osip_event_t	*__osip_nict_need_timer_f_event(osip_nict_t *, state_t, int);
osip_event_t	*__osip_nict_need_timer_k_event(osip_nict_t *, state_t, int);
osip_event_t	*__osip_ist_need_timer_g_event(osip_ist_t *, state_t, int);
osip_event_t	*__osip_ist_need_timer_h_event(osip_ist_t *, state_t, int);
osip_event_t	*__osip_ist_need_timer_i_event(osip_ist_t *, state_t, int);
osip_event_t	*__osip_nist_need_timer_j_event(osip_nist_t *, state_t, int);
int	 __osip_transaction_matching_request_osip_to_xist_17_2_3(
	    osip_transaction_t *, osip_message_t *);
int	 __osip_transaction_matching_response_osip_to_xict_17_1_3(
	    osip_transaction_t *, osip_message_t *);

#define STRUN_HASH	65536

struct stack_tr {
	osip_transaction_t	*tr;
	struct stack_route	 route;
	struct event		*timer;
	unsigned		 hash;
	int			 pending;
	int			 dead;
	struct stack_tr		*hnext;		/* index chain */
	struct stack_tr		*pnext;		/* pending list */
};

static struct stack_tr	*index_by_callid[STRUN_HASH];
static struct stack_tr	*pending_head, **pending_tail = &pending_head;
static struct stack_tr	**garbage;
static size_t		 ngarbage, garbage_cap;
static struct event	*kick_ev, *ixt_ev;
static int		 kicked;

static unsigned
callid_hash(osip_call_id_t *cid)
{
	unsigned	 h = 2166136261u;
	const char	*s;

	if (cid == NULL)
		return 0;
	for (s = cid->number; s != NULL && *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	for (s = cid->host; s != NULL && *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % STRUN_HASH;
}

static void	strun_timer_cb(evutil_socket_t, short, void *);

static void
kick(void)
{
	if (!kicked) {
		kicked = 1;
		event_active(kick_ev, EV_TIMEOUT, 0);
	}
}

static void
pending_add(struct stack_tr *st)
{
	if (st->pending || st->dead)
		return;
	st->pending = 1;
	st->pnext = NULL;
	*pending_tail = st;
	pending_tail = &st->pnext;
	kick();
}

struct stack_tr *
strun_adopt(osip_transaction_t *tr, const struct stack_route *rt,
    osip_message_t *first)
{
	struct stack_tr	*st = xcalloc(1, sizeof *st);

	/* The list holds this one transaction: O(1) to take it out. */
	osip_remove_transaction(sip_osip, tr);
	st->tr = tr;
	st->route = *rt;
	/* orig_request is set only when the first event runs: the index
	 * takes the Call-ID of the message that made the transaction. */
	st->hash = callid_hash(first->call_id);
	st->hnext = index_by_callid[st->hash];
	index_by_callid[st->hash] = st;
	st->timer = evtimer_new(evloop_base(), strun_timer_cb, st);
	osip_transaction_set_reserved2(tr, st);
	return st;
}

const struct stack_route *
strun_route(osip_transaction_t *tr)
{
	struct stack_tr	*st = osip_transaction_get_reserved2(tr);

	return st != NULL ? &st->route : NULL;
}

void
strun_add_event(osip_transaction_t *tr, osip_event_t *evt)
{
	struct stack_tr	*st = osip_transaction_get_reserved2(tr);

	if (st == NULL || st->dead) {
		osip_event_free(evt);
		return;
	}
	evt->transactionid = tr->transactionid;
	osip_transaction_add_event(tr, evt);
	pending_add(st);
}

osip_transaction_t *
strun_match(osip_message_t *msg)
{
	struct stack_tr	*st;
	int		 response = MSG_IS_RESPONSE(msg);

	for (st = index_by_callid[callid_hash(msg->call_id)]; st != NULL;
	    st = st->hnext) {
		if (st->dead)
			continue;
		if (response) {
			if ((st->tr->ctx_type == ICT ||
			    st->tr->ctx_type == NICT) &&
			    __osip_transaction_matching_response_osip_to_xict_17_1_3(
			    st->tr, msg) == 0)
				return st->tr;
		} else if ((st->tr->ctx_type == IST ||
		    st->tr->ctx_type == NIST) &&
		    __osip_transaction_matching_request_osip_to_xist_17_2_3(
		    st->tr, msg) == 0)
			return st->tr;
	}
	return NULL;
}

/* The context's next deadline in its present state; 0 when none. */
static int
next_deadline(osip_transaction_t *tr, struct timeval *out)
{
	struct timeval	*c[3];
	int		 n = 0, i, found = 0;

	switch (tr->ctx_type) {
	case ICT:
		if (tr->state == ICT_CALLING) {
			c[n++] = &tr->ict_context->timer_a_start;
			c[n++] = &tr->ict_context->timer_b_start;
		} else if (tr->state == ICT_COMPLETED)
			c[n++] = &tr->ict_context->timer_d_start;
		break;
	case NICT:
		if (tr->state == NICT_TRYING || tr->state == NICT_PROCEEDING) {
			c[n++] = &tr->nict_context->timer_e_start;
			c[n++] = &tr->nict_context->timer_f_start;
		} else if (tr->state == NICT_COMPLETED)
			c[n++] = &tr->nict_context->timer_k_start;
		break;
	case IST:
		if (tr->state == IST_COMPLETED) {
			c[n++] = &tr->ist_context->timer_g_start;
			c[n++] = &tr->ist_context->timer_h_start;
		} else if (tr->state == IST_CONFIRMED)
			c[n++] = &tr->ist_context->timer_i_start;
		break;
	case NIST:
		if (tr->state == NIST_COMPLETED)
			c[n++] = &tr->nist_context->timer_j_start;
		break;
	default:
		break;
	}
	for (i = 0; i < n; i++) {
		if (c[i]->tv_sec == -1)
			continue;
		if (!found || osip_timercmp(c[i], out, <))
			*out = *c[i];
		found = 1;
	}
	return found;
}

static void
arm(struct stack_tr *st)
{
	struct timeval	due, now, tv;

	if (st->dead)
		return;
	if (!next_deadline(st->tr, &due)) {
		evtimer_del(st->timer);
		return;
	}
	osip_gettimeofday(&now, NULL);
	timersub(&due, &now, &tv);
	/* libosip2 compares with '>': fire just past the deadline. */
	if (tv.tv_sec < 0 || (tv.tv_sec == 0 && tv.tv_usec < 1000)) {
		tv.tv_sec = 0;
		tv.tv_usec = 1000;
	} else
		tv.tv_usec += 1000;
	if (tv.tv_usec >= 1000000) {
		tv.tv_sec++;
		tv.tv_usec -= 1000000;
	}
	evtimer_add(st->timer, &tv);
}

/* The first timer libosip2 says is due, in its own order. */
static osip_event_t *
due_event(osip_transaction_t *tr)
{
	osip_event_t	*e = NULL;
	int		 id = tr->transactionid;

	switch (tr->ctx_type) {
	case ICT:
		if ((e = __osip_ict_need_timer_b_event(tr->ict_context,
		    tr->state, id)) == NULL &&
		    (e = __osip_ict_need_timer_a_event(tr->ict_context,
		    tr->state, id)) == NULL)
			e = __osip_ict_need_timer_d_event(tr->ict_context,
			    tr->state, id);
		break;
	case NICT:
		if ((e = __osip_nict_need_timer_k_event(tr->nict_context,
		    tr->state, id)) == NULL &&
		    (e = __osip_nict_need_timer_f_event(tr->nict_context,
		    tr->state, id)) == NULL)
			e = __osip_nict_need_timer_e_event(tr->nict_context,
			    tr->state, id);
		break;
	case IST:
		if ((e = __osip_ist_need_timer_i_event(tr->ist_context,
		    tr->state, id)) == NULL &&
		    (e = __osip_ist_need_timer_h_event(tr->ist_context,
		    tr->state, id)) == NULL)
			e = __osip_ist_need_timer_g_event(tr->ist_context,
			    tr->state, id);
		break;
	case NIST:
		e = __osip_nist_need_timer_j_event(tr->nist_context,
		    tr->state, id);
		break;
	default:
		break;
	}
	return e;
}

static void
garbage_free(void)
{
	struct stack_tr	*st;
	size_t		 i, keep = 0;

	for (i = 0; i < ngarbage; i++) {
		st = garbage[i];
		if (st->pending) {
			/* Still on the pending list (a pass cut short): next
			 * time. */
			garbage[keep++] = st;
			continue;
		}
		osip_transaction_set_reserved2(st->tr, NULL);
		osip_transaction_free2(st->tr);
		event_free(st->timer);
		free(st);
	}
	ngarbage = keep;
}

static void
run_one(struct stack_tr *st)
{
	osip_event_t	*evt;
	int		 n;

	/* Bounded: a state machine adds at most a few events of its own. */
	for (n = 0; n < 64 && !st->dead; n++) {
		if ((evt = osip_fifo_tryget(st->tr->transactionff)) == NULL)
			break;
		osip_transaction_execute(st->tr, evt);
	}
	arm(st);
}

static void
run_pending(void)
{
	struct stack_tr	*st;
	int		 rounds;

	for (rounds = 0; pending_head != NULL && rounds < 100000; rounds++) {
		st = pending_head;
		if ((pending_head = st->pnext) == NULL)
			pending_tail = &pending_head;
		st->pending = 0;
		run_one(st);
		/* Events added meanwhile put it back on the list. */
		if (!st->dead && osip_fifo_size(st->tr->transactionff) > 0)
			pending_add(st);
	}
	garbage_free();
}

static void
ixt_arm(void)
{
	struct timeval	tv = { 0, 100000 };

	/* 2xx and ACK retransmissions (RFC 3261 §13.3.1.4) are libosip2's
	 * ixt list: as long as a 2xx waits for its ACK, at most the calls
	 * answered in the last 32 s over UDP. */
	if (osip_list_size(&sip_osip->ixt_retransmissions) > 0)
		evtimer_add(ixt_ev, &tv);
}

static void
kick_cb(evutil_socket_t fd, short what, void *arg)
{
	kicked = 0;
	run_pending();
	if (!evtimer_pending(ixt_ev, NULL))
		ixt_arm();
}

static void
ixt_cb(evutil_socket_t fd, short what, void *arg)
{
	osip_retransmissions_execute(sip_osip);
	ixt_arm();
}

static void
strun_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct stack_tr	*st = arg;
	osip_event_t	*e;

	if (st->dead)
		return;
	if ((e = due_event(st->tr)) != NULL) {
		osip_fifo_add(st->tr->transactionff, e);
		pending_add(st);
		return;
	}
	arm(st);
}

static void
unindex(struct stack_tr *st)
{
	struct stack_tr	**pp;

	for (pp = &index_by_callid[st->hash]; *pp != NULL;
	    pp = &(*pp)->hnext)
		if (*pp == st) {
			*pp = st->hnext;
			return;
		}
}

/* From libosip2's kill callback: the transaction is over; it is freed
 * after the pass that is running it. */
void
strun_kill(osip_transaction_t *tr)
{
	struct stack_tr	*st = osip_transaction_get_reserved2(tr);

	if (st == NULL || st->dead)
		return;
	st->dead = 1;
	unindex(st);
	evtimer_del(st->timer);
	if (ngarbage == garbage_cap) {
		garbage_cap = garbage_cap ? 2 * garbage_cap : 64;
		garbage = xreallocarray(garbage, garbage_cap, sizeof *garbage);
	}
	garbage[ngarbage++] = st;
	kick();			/* the garbage goes at the next pass */
}


void
strun_init(void)
{
	kick_ev = event_new(evloop_base(), -1, 0, kick_cb, NULL);
	ixt_ev = evtimer_new(evloop_base(), ixt_cb, NULL);
	kicked = 0;
}

void
strun_shutdown(void)
{
	struct stack_tr	*st;
	int		 i;

	garbage_free();
	for (i = 0; i < STRUN_HASH; i++)
		while ((st = index_by_callid[i]) != NULL) {
			index_by_callid[i] = st->hnext;
			osip_transaction_set_reserved3(st->tr, NULL);
			osip_transaction_set_reserved2(st->tr, NULL);
			osip_transaction_free2(st->tr);
			event_free(st->timer);
			free(st);
		}
	pending_head = NULL;
	pending_tail = &pending_head;
	free(garbage);
	garbage = NULL;
	garbage_cap = 0;
	if (kick_ev != NULL)
		event_free(kick_ev);
	if (ixt_ev != NULL)
		event_free(ixt_ev);
	kick_ev = ixt_ev = NULL;
}

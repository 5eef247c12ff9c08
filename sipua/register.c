/* Registration (calls.md §4): with `registrar` under sip-ua, one REGISTER
 * per pots dial-peer whose destination-pattern is a plain number (IOS
 * registers its lines, not wildcards), to the primary and, when
 * configured, the secondary registrar, refreshed at 80% of the granted
 * time (IOS's later default refresh-ratio; 12.4T's is not documented),
 * retried every 30 s while refused or unanswered, answered with digest
 * credentials on 401/407, and removed with Expires: 0 when the registrar
 * or the number goes. Over TLS with `registrar ... tcp tls` (calls.md
 * §7.7: vgw's choice, as later IOS writes it); the URIs stay sip: with
 * ;transport=tls in the Contact, as the Kamailio lab expects. */
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "call.h"
#include "evloop.h"
#include "log.h"
#include "xmalloc.h"

#define REG_RETRY_SECONDS	30

struct reg {
	struct stack_user	 user;
	int			 which;		/* 0 primary, 1 secondary */
	unsigned long		 peer;
	char			 number[DP_NUMBER_MAX + 1];
	char			 call_id[80];
	char			 tag[16];
	int			 cseq;
	int			 expires;	/* asked */
	int			 granted;
	time_t			 expires_at;	/* monotonic */
	int			 registered;
	int			 removing;	/* Expires: 0 sent */
	int			 auth_tries;
	int			 stale;		/* not in the config any more */
	osip_transaction_t	*tr;
	struct stack_route	 route;
	char			 host[64];
	int			 port;
	struct event		*timer;
	TAILQ_ENTRY(reg)	 entry;
};
static TAILQ_HEAD(, reg) regs = TAILQ_HEAD_INITIALIZER(regs);
static struct event	*reconcile_ev;

static const struct stack_ops reg_ops;
static void	reg_send(struct reg *, int expires);

static time_t
mono_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void
reg_free(struct reg *r)
{
	TAILQ_REMOVE(&regs, r, entry);
	stack_disown(r->tr);
	if (r->timer != NULL)
		event_free(r->timer);
	free(r);
}

static void
reg_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct reg	*r = arg;

	if (r->tr == NULL)
		reg_send(r, r->expires);
}

static void
reg_arm(struct reg *r, int seconds)
{
	struct timeval	tv = { seconds > 0 ? seconds : 1, 0 };

	if (r->timer == NULL)
		r->timer = evtimer_new(evloop_base(), reg_timer_cb, r);
	evtimer_add(r->timer, &tv);
}

static osip_message_t *
reg_build(struct reg *r, int expires)
{
	osip_message_t	*m;
	char		 buf[256];
	const char	*local = stack_local_host();

	if ((m = stack_request_new("REGISTER", r->route.t)) == NULL)
		return NULL;
	snprintf(buf, sizeof buf, "sip:%s", r->host);
	if (r->port != 0)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), ":%d",
		    r->port);
	osip_uri_init(&m->req_uri);
	osip_uri_parse(m->req_uri, buf);
	snprintf(buf, sizeof buf, "<sip:%s@%s>;tag=%s", r->number, r->host,
	    r->tag);
	osip_message_set_from(m, buf);
	snprintf(buf, sizeof buf, "<sip:%s@%s>", r->number, r->host);
	osip_message_set_to(m, buf);
	osip_message_set_call_id(m, r->call_id);
	osip_message_set_user_agent(m, SIPUA_SERVER);
	osip_message_set_max_forwards(m, "70");
	snprintf(buf, sizeof buf, "%lld", (long long)time(NULL));
	osip_message_set_header(m, "Timestamp", buf);
	snprintf(buf, sizeof buf, "%d REGISTER", r->cseq);
	osip_message_set_cseq(m, buf);
	snprintf(buf, sizeof buf, "<sip:%s@%s:%d%s>", r->number, local,
	    stack_local_port(r->route.t), r->route.t == SIPT_TLS ?
	    ";transport=tls" : r->route.t == SIPT_TCP ? ";transport=tcp" : "");
	osip_message_set_contact(m, buf);
	snprintf(buf, sizeof buf, "%d", expires);
	osip_message_set_expires(m, buf);
	osip_message_set_content_length(m, "0");
	return m;
}

static void
reg_send_msg(struct reg *r, osip_message_t *m)
{
	r->tr = stack_request(m, &r->route, &r->user);
}

static void
reg_send(struct reg *r, int expires)
{
	osip_message_t	*m;

	r->cseq++;
	r->auth_tries = 0;
	r->removing = expires == 0;
	if ((m = reg_build(r, expires)) != NULL)
		reg_send_msg(r, m);
}

/* The granted time: the Contact's expires parameter, else Expires. */
static int
granted_expires(osip_message_t *resp, int asked)
{
	osip_contact_t		*ct;
	osip_generic_param_t	*p;
	osip_header_t		*h;
	int			 v;

	if (osip_message_get_contact(resp, 0, &ct) >= 0 &&
	    osip_contact_param_get_byname(ct, "expires", &p) >= 0 &&
	    p->gvalue != NULL && (v = atoi(p->gvalue)) > 0)
		return v;
	if (osip_message_get_expires(resp, 0, &h) >= 0 && h->hvalue != NULL &&
	    (v = atoi(h->hvalue)) > 0)
		return v;
	return asked;
}

static void
reg_failed_now(struct reg *r, const char *why)
{
	r->registered = 0;
	sipua_debug_event("REGISTER %s to %s: %s", r->number, r->host, why);
	if (r->removing) {
		reg_free(r);
		return;
	}
	reg_arm(r, REG_RETRY_SECONDS);
}

static void
ops_response(struct stack_user *u, osip_transaction_t *tr,
    osip_message_t *resp)
{
	struct reg	*r = (struct reg *)u;
	osip_message_t	*m;
	int		 code = resp->status_code;

	if (tr != r->tr || code < 200)
		return;
	if (code < 300) {
		if (r->removing) {
			reg_free(r);
			return;
		}
		r->granted = granted_expires(resp, r->expires);
		r->registered = 1;
		r->expires_at = mono_now() + r->granted;
		reg_arm(r, r->granted * 8 / 10);
		return;
	}
	if ((code == 401 || code == 407) && r->auth_tries++ < 2 &&
	    osip_message_clone(tr->orig_request, &m) == 0) {
		if (auth_answer(resp, m) == 0) {
			char	buf[32];

			snprintf(buf, sizeof buf, "%d", ++r->cseq);
			osip_free(m->cseq->number);
			m->cseq->number = osip_strdup(buf);
			stack_disown(r->tr);
			stack_new_branch(m);
			reg_send_msg(r, m);
			return;
		}
		osip_message_free(m);
	}
	reg_failed_now(r, "refused");
}

static void
ops_failed(struct stack_user *u, osip_transaction_t *tr)
{
	struct reg	*r = (struct reg *)u;

	if (tr == r->tr)
		reg_failed_now(r, "no answer");
}

static void
ops_ended(struct stack_user *u, osip_transaction_t *tr)
{
	struct reg	*r = (struct reg *)u;

	if (tr == r->tr)
		r->tr = NULL;
}

static const struct stack_ops reg_ops = { ops_response, ops_failed, ops_ended };

static struct reg *
reg_find(int which, unsigned long peer)
{
	struct reg	*r;

	TAILQ_FOREACH(r, &regs, entry)
		if (r->which == which && r->peer == peer && !r->removing)
			return r;
	return NULL;
}

static void
reg_add(int which, const struct dial_peer *dp)
{
	const struct sip_registrar	*cfg = &sipua_conf.registrar[which];
	struct reg			*r;

	r = xcalloc(1, sizeof *r);
	r->user.ops = &reg_ops;
	r->which = which;
	r->peer = dp->tag;
	snprintf(r->number, sizeof r->number, "%s", dp->destination);
	r->number[strcspn(r->number, "$")] = '\0';
	r->expires = cfg->expires;
	r->route.t = cfg->t;
	TAILQ_INSERT_TAIL(&regs, r, entry);
	if (call_resolve_target(cfg->target, cfg->t == SIPT_TLS, &r->route,
	    r->host, sizeof r->host, &r->port) != 0) {
		reg_failed_now(r, "registrar does not resolve");
		return;
	}
	stack_new_call_id(r->call_id, sizeof r->call_id);
	stack_random_hex(r->tag, 7);
	r->cseq = 0;
	reg_send(r, r->expires);
}

/* Registrations the configuration no longer asks for say goodbye;
 * new ones start. Runs once after a burst of configuration changes. */
static void
reconcile_cb(evutil_socket_t fd, short what, void *arg)
{
	struct dial_peer	*dp;
	struct reg		*r, *next;
	int			 w;

	TAILQ_FOREACH(r, &regs, entry)
		r->stale = 1;
	for (w = 0; w < 2; w++) {
		if (!sipua_conf.registrar[w].set)
			continue;
		TAILQ_FOREACH(dp, dialpeer_all(), entry) {
			if (dp->voip || dp->destination == NULL ||
			    dp->shutdown || dp->no_register ||
			    !dp_pattern_is_number(dp->destination))
				continue;
			if ((r = reg_find(w, dp->tag)) != NULL &&
			    strncmp(r->number, dp->destination,
			    strlen(r->number)) == 0)
				r->stale = 0;
			else
				reg_add(w, dp);
		}
	}
	for (r = TAILQ_FIRST(&regs); r != NULL; r = next) {
		next = TAILQ_NEXT(r, entry);
		if (!r->stale || r->removing)
			continue;
		if (r->registered && r->tr == NULL) {
			stack_disown(r->tr);
			reg_send(r, 0);
		} else
			reg_free(r);
	}
}

void
register_changed(void)
{
	struct timeval	tv = { 0, 0 };

	if (sip_osip == NULL)
		return;
	if (reconcile_ev == NULL)
		reconcile_ev = evtimer_new(evloop_base(), reconcile_cb, NULL);
	evtimer_add(reconcile_ev, &tv);
}

void
register_show_status(struct sbuf *sb, int secondary)
{
	struct reg	*r;
	time_t		 now = mono_now();
	int		 left;

	/* ios-reference §3.2: nothing at all when nothing registers. */
	if (TAILQ_EMPTY(&regs))
		return;
	sbuf_puts(sb, "Line peer expires(sec) registered\n");
	TAILQ_FOREACH(r, &regs, entry) {
		if (r->which != secondary || r->removing)
			continue;
		left = r->registered ? (int)(r->expires_at - now) : r->expires;
		if (left < 0)
			left = 0;
		sbuf_printf(sb, "%-4s %-5lu %-11d %s\n", r->number, r->peer,
		    left, r->registered ? "yes" : "no");
	}
}

void
register_shutdown(void)
{
	struct reg	*r;

	while ((r = TAILQ_FIRST(&regs)) != NULL)
		reg_free(r);
	if (reconcile_ev != NULL)
		event_free(reconcile_ev);
	reconcile_ev = NULL;
}

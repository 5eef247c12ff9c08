/* The typed view of `dial-peer voice N {pots|voip}` and dial-peer
 * selection (calls.md §2). confdb tells us when a dial-peer changes; the
 * view is rebuilt at its next use, so pasting 10,000 dial-peers costs one
 * rebuild, not one per line. Counters survive rebuilds (kept by tag). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confdb.h"
#include "dialpeer.h"
#include "grammar.h"
#include "sipua_int.h"
#include "xmalloc.h"

static struct dial_peer_list	 peers = TAILQ_HEAD_INITIALIZER(peers);
static int			 peers_dirty = 1;
static int			 peers_count;
static unsigned			 use_clock;	/* least recent use */

/* Counters by tag, kept while the router runs. */
struct stats_slot {
	unsigned long		 tag;
	struct dial_peer_stats	 st;
	struct stats_slot	*next;
};
static struct stats_slot	*stats_slots;

static const struct codec_info codecs[] = {
	{ "g711ulaw", 0, 160, "PCMU/8000" },
	{ "g711alaw", 8, 160, "PCMA/8000" },
	{ "g729r8", 18, 20, "G729/8000" },
	{ "g729br8", 18, 20, "G729/8000" },
	{ "g723r63", 4, 24, "G723/8000" },
	{ "g723r53", 4, 20, "G723/8000" },
	{ "g723ar63", 4, 24, "G723/8000" },
	{ "g723ar53", 4, 20, "G723/8000" },
	{ "g728", 15, 40, "G728/8000" },
	{ "g726r32", 2, 80, "G726-32/8000" },
	{ "gsmfr", 3, 33, "GSM/8000" },
};

const struct codec_info *
codec_lookup(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof codecs / sizeof codecs[0]; i++)
		if (strcmp(codecs[i].name, name) == 0)
			return &codecs[i];
	return NULL;
}

const struct codec_info *
codec_by_pt(int pt)
{
	size_t	i;

	for (i = 0; i < sizeof codecs / sizeof codecs[0]; i++)
		if (codecs[i].pt == pt)
			return &codecs[i];
	return NULL;
}

static struct dial_peer_stats *
stats_for(unsigned long tag)
{
	struct stats_slot	*s;

	for (s = stats_slots; s != NULL; s = s->next)
		if (s->tag == tag)
			return &s->st;
	s = xcalloc(1, sizeof *s);
	s->tag = tag;
	s->next = stats_slots;
	stats_slots = s;
	return &s->st;
}

static void
peer_free(struct dial_peer *dp)
{
	free(dp->destination);
	free(dp->incoming_called);
	free(dp->answer_address);
	free(dp->port);
	free(dp->target);
	free(dp);
}

static void
peers_clear(void)
{
	struct dial_peer	*dp;

	while ((dp = TAILQ_FIRST(&peers)) != NULL) {
		TAILQ_REMOVE(&peers, dp, entry);
		peer_free(dp);
	}
}

static char *
val_dup(const struct gmatch *m, const char *name)
{
	const char	*s = gmatch_str(m, name);

	return s != NULL ? xstrdup(s) : NULL;
}

static void
peer_read_session(struct dial_peer *dp, const struct gmatch *m)
{
	const char	*s;

	if (gmatch_has(m, "protocol"))
		dp->sipv2 = gmatch_has(m, "sipv2");
	else if (gmatch_has(m, "target")) {
		free(dp->target);
		if ((s = gmatch_str(m, "IPV4TARGET")) != NULL ||
		    (s = gmatch_str(m, "DNSNAME")) != NULL)
			dp->target = xstrdup(s);
		else
			dp->target = NULL;	/* sip-server, registrar */
	} else if (gmatch_has(m, "transport"))
		dp->transport = gmatch_has(m, "tls") ? DPT_TLS :
		    gmatch_has(m, "tcp") ? DPT_TCP : DPT_UDP;
}

static void
peer_read_codec(struct dial_peer *dp, const struct gmatch *m)
{
	size_t	i;

	for (i = 0; i < sizeof codecs / sizeof codecs[0]; i++)
		if (gmatch_has(m, codecs[i].name)) {
			snprintf(dp->codec, sizeof dp->codec, "%s",
			    codecs[i].name);
			break;
		}
	dp->codec_bytes = (int)gmatch_num(m, "<10-240>", 0);
}

static void
peer_read_child(struct dial_peer *dp, const struct gmatch *m)
{
	if (m->nvals == 0)
		return;
	if (m->negate == GNEG_NO) {
		if (gmatch_has(m, "vad"))
			dp->vad = 0;
		else if (gmatch_has(m, "sip-register"))
			dp->no_register = 1;
		return;
	}
	if (gmatch_has(m, "destination-pattern"))
		dp->destination = val_dup(m, "WORD");
	else if (gmatch_has(m, "called-number"))
		dp->incoming_called = val_dup(m, "WORD");
	else if (gmatch_has(m, "answer-address"))
		dp->answer_address = val_dup(m, "WORD");
	else if (gmatch_has(m, "port") && !gmatch_has(m, "session"))
		dp->port = val_dup(m, "SLOTPORT");
	else if (gmatch_has(m, "session"))
		peer_read_session(dp, m);
	else if (gmatch_has(m, "url"))
		dp->url = gmatch_has(m, "sips") ? DPU_SIPS :
		    gmatch_has(m, "tel") ? DPU_TEL : DPU_SIP;
	else if (gmatch_has(m, "codec") && !gmatch_has(m, "voice-class"))
		peer_read_codec(dp, m);
	else if (gmatch_has(m, "dtmf-relay"))
		dp->rtp_nte = gmatch_has(m, "rtp-nte");
	else if (gmatch_has(m, "preference"))
		dp->preference = (int)gmatch_num(m, "<0-10>", 0);
	else if (gmatch_has(m, "huntstop"))
		dp->huntstop = 1;
	else if (gmatch_has(m, "shutdown"))
		dp->shutdown = 1;
}

static struct dial_peer *
peer_read(struct confnode *node, int order)
{
	struct dial_peer	*dp;
	struct confnode		*n;

	dp = xcalloc(1, sizeof *dp);
	dp->tag = (unsigned long)gmatch_num(&node->match, "$tag", 0);
	dp->voip = gmatch_has(&node->match, "voip");
	dp->order = order;
	dp->vad = 1;
	/* IOS: a voip peer defaults to g729r8, a pots peer has no codec. */
	snprintf(dp->codec, sizeof dp->codec, "%s", dp->voip ? "g729r8" : "");
	for (n = confdb_first(node); n != NULL; n = confdb_next(n))
		peer_read_child(dp, &n->match);
	dp->stats = stats_for(dp->tag);
	return dp;
}

static void
peers_rebuild(void)
{
	struct confnode		*n;
	struct dial_peer	*dp;
	int			 order = 0;

	peers_clear();
	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n)) {
		if (strncmp(n->key, "dial-peer voice ", 16) != 0)
			continue;
		dp = peer_read(n, order++);
		TAILQ_INSERT_TAIL(&peers, dp, entry);
	}
	peers_count = order;
	peers_dirty = 0;
}

struct dial_peer_list *
dialpeer_all(void)
{
	if (peers_dirty)
		peers_rebuild();
	return &peers;
}

int
dialpeer_count(void)
{
	dialpeer_all();
	return peers_count;
}

struct dial_peer *
dialpeer_find(unsigned long tag)
{
	struct dial_peer	*dp;

	TAILQ_FOREACH(dp, dialpeer_all(), entry)
		if (dp->tag == tag)
			return dp;
	return NULL;
}

int
dialpeer_oper_up(const struct dial_peer *dp)
{
	if (dp->shutdown)
		return 0;
	if (dp->incoming_called != NULL || dp->answer_address != NULL)
		return 1;
	if (dp->destination == NULL)
		return 0;
	return dp->voip ? dp->target != NULL : dp->port != NULL;
}

struct cand {
	struct dial_peer	*dp;
	struct dp_match		 m;
};

/* Hunt 0: longest match, explicit preference, then (IOS: random) least
 * recent use, then configuration order so the choice is reproducible. */
static int
cand_cmp(const void *a, const void *b)
{
	const struct cand	*x = a, *y = b;

	if (x->m.explicit_digits != y->m.explicit_digits)
		return y->m.explicit_digits - x->m.explicit_digits;
	if (x->m.length != y->m.length)
		return y->m.length - x->m.length;
	if (x->dp->preference != y->dp->preference)
		return x->dp->preference - y->dp->preference;
	if (x->dp->stats->last_used != y->dp->stats->last_used)
		return x->dp->stats->last_used < y->dp->stats->last_used ? -1 : 1;
	return x->dp->order - y->dp->order;
}

int
dialpeer_outbound(const char *called, int voip, struct dial_peer **out,
    int max)
{
	struct dial_peer	*dp;
	struct cand		*c;
	int			 n = 0, cap = 16, i, k;

	c = xcalloc(cap, sizeof *c);
	TAILQ_FOREACH(dp, dialpeer_all(), entry) {
		if ((voip >= 0 && dp->voip != voip) || dp->destination == NULL ||
		    !dialpeer_oper_up(dp) ||
		    (dp->voip ? dp->target == NULL : dp->port == NULL))
			continue;
		if (dp_pattern_match(dp->destination, called, &c[n].m) != 0)
			continue;
		c[n].dp = dp;
		if (++n == cap) {
			cap *= 2;
			c = xreallocarray(c, cap, sizeof *c);
		}
	}
	qsort(c, n, sizeof *c, cand_cmp);
	for (i = k = 0; i < n && k < max; i++) {
		out[k++] = c[i].dp;
		if (c[i].dp->huntstop)
			break;
	}
	free(c);
	return k;
}

/* The best voip peer whose field (by offset) matches number. */
static struct dial_peer *
inbound_best(size_t off, const char *number)
{
	struct dial_peer	*dp, *best = NULL;
	struct dp_match		 m, bm = { -1, -1 };
	const char		*pat;

	if (number == NULL || *number == '\0')
		return NULL;
	TAILQ_FOREACH(dp, dialpeer_all(), entry) {
		pat = *(char **)((char *)dp + off);
		if (!dp->voip || dp->shutdown || pat == NULL ||
		    dp_pattern_match(pat, number, &m) != 0)
			continue;
		if (m.explicit_digits > bm.explicit_digits ||
		    (m.explicit_digits == bm.explicit_digits &&
		    m.length > bm.length)) {
			best = dp;
			bm = m;
		}
	}
	return best;
}

struct dial_peer *
dialpeer_inbound_voip(const char *called, const char *calling)
{
	struct dial_peer	*dp;

	if ((dp = inbound_best(offsetof(struct dial_peer, incoming_called),
	    called)) != NULL)
		return dp;
	if ((dp = inbound_best(offsetof(struct dial_peer, answer_address),
	    calling)) != NULL)
		return dp;
	return inbound_best(offsetof(struct dial_peer, destination), calling);
}

void
dialpeer_note_call(struct dial_peer *dp, int success, int cause)
{
	if (dp == NULL)
		return;
	if (success)
		dp->stats->successful++;
	else
		dp->stats->failed++;
	dp->stats->last_cause = cause;
	dp->stats->last_used = ++use_clock;
}

static void
dialpeer_changed(enum confdb_event ev, struct confnode *node, void *arg)
{
	const struct confnode	*top = node;

	while (top->parent != NULL)
		top = top->parent;
	if (strncmp(top->key, "dial-peer voice ", 16) == 0) {
		peers_dirty = 1;
		register_changed();
	}
}

void
dialpeer_init(void)
{
	confdb_subscribe(dialpeer_changed, NULL);
	peers_dirty = 1;
}

void
dialpeer_shutdown(void)
{
	struct stats_slot	*s;

	confdb_unsubscribe(dialpeer_changed, NULL);
	peers_clear();
	while ((s = stats_slots) != NULL) {
		stats_slots = s->next;
		free(s);
	}
	peers_dirty = 1;
}

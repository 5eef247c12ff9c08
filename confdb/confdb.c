/*
 * The configuration database: storage of command nodes, their key index and
 * change events. Rendering lives in render.c, NVRAM in nvram_config.c, node
 * memory in nodemem.c.
 *
 * A node is one block: the header, match.vals[valcap] and a text pool
 * holding the key and the value texts (keywords point at the grammar's own
 * words), so a stored line costs a few hundred bytes. Lookups by key go
 * through one open-addressing hash table keyed by (parent, key text);
 * top-level insertion finds its place through a small table of the last
 * node of each order, so neither 10,000 dial-peers nor 20,000 routes make
 * anything linear.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "confdb.h"
#include "nodemem.h"
#include "xmalloc.h"

/* A named head type with the layout of every TAILQ_HEAD(, confnode), for
 * the macros that need one (TAILQ_PREV). */
TAILQ_HEAD(confnode_head_top, confnode);

struct confdb_subscriber {
	confdb_subscriber_fn	 fn;
	void			*arg;
};

/* The last top-level node of each order present, sorted by order. */
struct confdb_tail {
	int			 order;
	struct confnode		*last;
};

static struct confnode_head_top	 confdb_top = TAILQ_HEAD_INITIALIZER(confdb_top);
static size_t			 confdb_count;
static unsigned long		 confdb_seq;
static int			 confdb_changed;
static struct confdb_subscriber	*confdb_subs;
static int			 confdb_nsubs;
static int			 confdb_notifying;	/* events being told */
static struct confdb_tail	*confdb_tails;
static int			 confdb_ntails;
static int			 confdb_tailcap;

static int
node_order(const struct confnode *n)
{
	return n->match.cmd != NULL ? n->match.cmd->order : 5000;
}

/* murmur3's finaliser: every input bit moves every output bit, so parent
 * pointers a fixed stride apart do not cluster in the probe sequence. */
static uint32_t
confdb_mix(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

static unsigned int
confdb_hash(const struct confnode *parent, const char *key)
{
	uint64_t	 h = 0x9e3779b97f4a7c15ull, w, p = (uintptr_t)parent;
	size_t		 len = strlen(key);

	/* Eight bytes a step: keys are whole command lines. */
	for (; len >= 8; key += 8, len -= 8) {
		memcpy(&w, key, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, key, len);
	h = (h ^ w ^ ((uint64_t)len << 56)) * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 29;
	h ^= confdb_mix((uint32_t)(p >> 4) ^ (uint32_t)(p >> 36));
	return confdb_mix((uint32_t)h ^ (uint32_t)(h >> 32));
}

/* Drops the slots unsubscribed while events were being told. */
static void
confdb_subs_compact(void)
{
	int	 i, j;

	for (i = j = 0; i < confdb_nsubs; i++) {
		if (confdb_subs[i].fn != NULL)
			confdb_subs[j++] = confdb_subs[i];
	}
	confdb_nsubs = j;
}

static void
confdb_notify(enum confdb_event ev, struct confnode *n)
{
	int	 i;

	/* A subscriber may subscribe or unsubscribe while being told (even
	 * change the configuration again): walk by index, skip emptied
	 * slots, compact when the outermost event is done. */
	confdb_notifying++;
	for (i = 0; i < confdb_nsubs; i++) {
		if (confdb_subs[i].fn != NULL)
			confdb_subs[i].fn(ev, n, confdb_subs[i].arg);
	}
	if (--confdb_notifying == 0)
		confdb_subs_compact();
}

void
confdb_subscribe(confdb_subscriber_fn fn, void *arg)
{
	confdb_subs = xreallocarray(confdb_subs, confdb_nsubs + 1,
	    sizeof *confdb_subs);
	confdb_subs[confdb_nsubs].fn = fn;
	confdb_subs[confdb_nsubs].arg = arg;
	confdb_nsubs++;
}

void
confdb_unsubscribe(confdb_subscriber_fn fn, void *arg)
{
	int	 i;

	for (i = 0; i < confdb_nsubs; i++) {
		if (confdb_subs[i].fn == fn && confdb_subs[i].arg == arg) {
			confdb_subs[i].fn = NULL;
			break;
		}
	}
	if (confdb_notifying == 0)
		confdb_subs_compact();
}

/*
 * Key index: open addressing with linear probing. A slot is one word: the
 * node pointer in its low 48 bits (user-space addresses on x86-64 and arm64
 * Linux fit) and 16 bits of the node's hash above, so a miss (every new
 * line while a configuration loads) almost never touches a node. The full
 * hash of each slot sits in a parallel array, so growing (2x) and deleting
 * read no node either: a rehash is two sequential scans. The home slot is
 * found by multiply-shift; ~20-40 bytes of index per stored line.
 */
#define SLOT_PTR_MASK	((UINT64_C(1) << 48) - 1)

static uint64_t		*confdb_slots;
static uint32_t		*confdb_slot_hash;	/* hash of the slot's node */
static size_t		 confdb_nslots;

static uint64_t
slot_make(struct confnode *n)
{
	if (((uintptr_t)n & ~SLOT_PTR_MASK) != 0)
		abort();	/* an address beyond 48 bits: see above */
	return (uint64_t)(uintptr_t)n | (uint64_t)(n->hash & 0xffff) << 48;
}

static struct confnode *
slot_node(uint64_t slot)
{
	return (struct confnode *)(uintptr_t)(slot & SLOT_PTR_MASK);
}

static int
slot_tag_is(uint64_t slot, uint32_t hash)
{
	return (slot >> 48) == (hash & 0xffff);
}

static size_t
index_home(uint32_t hash, size_t nslots)
{
	return (size_t)(((uint64_t)hash * nslots) >> 32);
}

static size_t
index_next(size_t i, size_t nslots)
{
	return i + 1 == nslots ? 0 : i + 1;
}

static void
index_put(uint64_t *slots, uint32_t *hashes, size_t nslots, uint64_t slot,
    uint32_t hash)
{
	size_t	 i = index_home(hash, nslots);

	while (slots[i] != 0)
		i = index_next(i, nslots);
	slots[i] = slot;
	hashes[i] = hash;
}

static void
index_grow(void)
{
	uint64_t	*ns;
	uint32_t	*nh;
	size_t		 nn, i;

	nn = confdb_nslots == 0 ? 1024 : confdb_nslots * 2;
	ns = xcalloc(nn, sizeof *ns);
	/* Read only where a slot is used: no need to clear. */
	nh = xreallocarray(NULL, nn, sizeof *nh);
	for (i = 0; i < confdb_nslots; i++) {
		if (confdb_slots[i] != 0)
			index_put(ns, nh, nn, confdb_slots[i],
			    confdb_slot_hash[i]);
	}
	free(confdb_slots);
	free(confdb_slot_hash);
	confdb_slots = ns;
	confdb_slot_hash = nh;
	confdb_nslots = nn;
}

static void
index_add(struct confnode *n)
{
	/* At most 70% full: probes stay short. */
	if ((confdb_count + 1) * 10 > confdb_nslots * 7)
		index_grow();
	index_put(confdb_slots, confdb_slot_hash, confdb_nslots, slot_make(n),
	    n->hash);
	confdb_count++;
}

/* Is k cyclically within (i, j]? */
static int
index_between(size_t i, size_t k, size_t j)
{
	return i <= j ? (i < k && k <= j) : (i < k || k <= j);
}

/* Removal by backward shift, so no tombstones slow later probes. */
static void
index_del(struct confnode *n)
{
	size_t	 i, j, k;

	for (i = index_home(n->hash, confdb_nslots);
	    slot_node(confdb_slots[i]) != n; i = index_next(i, confdb_nslots)) {
		if (confdb_slots[i] == 0)
			return;
	}
	for (j = i;;) {
		j = index_next(j, confdb_nslots);
		if (confdb_slots[j] == 0)
			break;
		k = index_home(confdb_slot_hash[j], confdb_nslots);
		/* The entry at j may stay if its home lies in (i, j]. */
		if (index_between(i, k, j))
			continue;
		confdb_slots[i] = confdb_slots[j];
		confdb_slot_hash[i] = confdb_slot_hash[j];
		i = j;
	}
	confdb_slots[i] = 0;
	confdb_count--;
}

/* confdb_find that also gives the hash, which an insertion reuses. */
static struct confnode *
index_find(struct confnode *parent, const char *key_text, uint32_t *hp)
{
	struct confnode	*n;
	size_t		 i;
	uint32_t	 h;

	h = *hp = confdb_hash(parent, key_text);
	if (confdb_nslots == 0)
		return NULL;
	for (i = index_home(h, confdb_nslots); confdb_slots[i] != 0;
	    i = index_next(i, confdb_nslots)) {
		if (!slot_tag_is(confdb_slots[i], h))
			continue;
		n = slot_node(confdb_slots[i]);
		if (n->hash == h && n->parent == parent &&
		    strcmp(n->key, key_text) == 0)
			return n;
	}
	return NULL;
}

struct confnode *
confdb_find(struct confnode *parent, const char *key_text)
{
	uint32_t	 h;

	if (key_text == NULL)
		return NULL;
	return index_find(parent, key_text, &h);
}

/* Ordering among siblings: by gcmd.order, then insertion. */

static int
tail_search(int order, int *found)
{
	int	 lo = 0, hi = confdb_ntails, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (confdb_tails[mid].order < order)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < confdb_ntails && confdb_tails[lo].order == order;
	return lo;
}

static void
top_insert(struct confnode *n)
{
	int	 order = node_order(n), i, found;

	i = tail_search(order, &found);
	if (found) {
		TAILQ_INSERT_AFTER(&confdb_top, confdb_tails[i].last, n, entry);
		confdb_tails[i].last = n;
		return;
	}
	if (i > 0)
		TAILQ_INSERT_AFTER(&confdb_top, confdb_tails[i - 1].last, n,
		    entry);
	else
		TAILQ_INSERT_HEAD(&confdb_top, n, entry);
	if (confdb_ntails == confdb_tailcap) {
		confdb_tailcap = confdb_tailcap == 0 ? 32 : confdb_tailcap * 2;
		confdb_tails = xreallocarray(confdb_tails, confdb_tailcap,
		    sizeof *confdb_tails);
	}
	memmove(&confdb_tails[i + 1], &confdb_tails[i],
	    (confdb_ntails - i) * sizeof *confdb_tails);
	confdb_tails[i].order = order;
	confdb_tails[i].last = n;
	confdb_ntails++;
}

static void
top_unlink(struct confnode *n)
{
	struct confnode	*prev;
	int		 order = node_order(n), i, found;

	i = tail_search(order, &found);
	if (found && confdb_tails[i].last == n) {
		prev = TAILQ_PREV(n, confnode_head_top, entry);
		if (prev != NULL && node_order(prev) == order)
			confdb_tails[i].last = prev;
		else {
			memmove(&confdb_tails[i], &confdb_tails[i + 1],
			    (confdb_ntails - i - 1) * sizeof *confdb_tails);
			confdb_ntails--;
		}
	}
	TAILQ_REMOVE(&confdb_top, n, entry);
}

/* Children lists are short: walk back from the end. */
static void
child_insert(struct confnode *parent, struct confnode *n)
{
	struct confnode	*c;
	int		 order = node_order(n);

	TAILQ_FOREACH_REVERSE(c, &parent->children, confnode_head_top, entry) {
		if (node_order(c) <= order) {
			TAILQ_INSERT_AFTER(&parent->children, c, n, entry);
			return;
		}
	}
	TAILQ_INSERT_HEAD(&parent->children, n, entry);
}

/* Node storage. */

/* A keyword's text is the grammar's own keyword (gval.name), which lives as
 * long as the grammar: no copy needed. */
static int
val_shares_name(const struct gval *v)
{
	return v->text == NULL ||
	    (v->name != NULL && strcmp(v->text, v->name) == 0);
}

/* A value that is the key's last word is read from the key itself (the
 * mask of `ip route`, the name of `interface`): no copy either. */
static const char *
val_in_key(const char *key, size_t keylen, const char *text)
{
	size_t	 len = strlen(text);

	if (len == 0 || len > keylen || strcmp(key + keylen - len, text) != 0)
		return NULL;
	if (len < keylen && key[keylen - len - 1] != ' ')
		return NULL;
	return key + keylen - len;
}

static size_t
match_pool_size(const char *key, const struct gmatch *m)
{
	size_t	 keylen = strlen(key), len = keylen + 1;
	int	 i;

	for (i = 0; i < m->nvals; i++) {
		if (!val_shares_name(&m->vals[i]) &&
		    val_in_key(key, keylen, m->vals[i].text) == NULL)
			len += strlen(m->vals[i].text) + 1;
	}
	return len;
}

static char *
node_pool(struct confnode *n)
{
	return (char *)&n->match.vals[n->valcap];
}

/* Copies key and match into n, whose capacities are large enough. */
static void
node_fill(struct confnode *n, const char *key, const struct gmatch *m)
{
	char		*p = node_pool(n);
	const char	*s;
	size_t		 keylen, len;
	int		 i;

	keylen = strlen(key);
	memmove(p, key, keylen + 1);
	n->key = p;
	p += keylen + 1;
	n->match.cmd = m->cmd;
	n->match.negate = m->negate;
	n->match.nvals = m->nvals;
	for (i = 0; i < m->nvals; i++) {
		n->match.vals[i] = m->vals[i];
		if (val_shares_name(&m->vals[i])) {
			if (m->vals[i].text != NULL)
				n->match.vals[i].text = (char *)m->vals[i].name;
			continue;
		}
		if ((s = val_in_key(n->key, keylen, m->vals[i].text)) != NULL) {
			n->match.vals[i].text = (char *)s;
			continue;
		}
		len = strlen(m->vals[i].text) + 1;
		memcpy(p, m->vals[i].text, len);
		n->match.vals[i].text = p;
		p += len;
	}
}

/* Bytes of a node with these capacities. A pool over 65535 bytes is
 * recorded as 65535: such a node is past NODEMEM_MAX either way, which is
 * all nodemem_free needs to know of it. */
static size_t
node_size(size_t valcap, size_t poolcap)
{
	return offsetof(struct confnode, match.vals) +
	    valcap * sizeof(struct gval) + poolcap;
}

static struct confnode *
node_alloc(const char *key, const struct gmatch *m)
{
	struct confnode	*n;
	size_t		 valcap = m->nvals, poolcap;

	poolcap = match_pool_size(key, m);
	if (valcap > GRAMMAR_MAX_TOKENS)
		valcap = GRAMMAR_MAX_TOKENS;
	n = nodemem_alloc(node_size(valcap, poolcap));
	memset(n, 0, offsetof(struct confnode, match.vals));
	TAILQ_INIT(&n->children);
	n->valcap = valcap;
	n->poolcap = poolcap > 65535 ? 65535 : poolcap;
	node_fill(n, key, m);
	return n;
}

static void
node_free(struct confnode *n)
{
	nodemem_free(n, node_size(n->valcap, n->poolcap));
}

static int
match_equal(const struct confnode *n, const struct gmatch *m)
{
	const char	*a, *b;
	int		 i;

	if (n->match.cmd != m->cmd || n->match.negate != m->negate ||
	    n->match.nvals != m->nvals)
		return 0;
	for (i = 0; i < m->nvals; i++) {
		a = n->match.vals[i].text;
		b = m->vals[i].text;
		if (a == NULL || b == NULL ? a != b : strcmp(a, b) != 0)
			return 0;
	}
	return 1;
}

/* Hands n's identity, children and back-end data to its successor nn. */
static void
node_transfer(struct confnode *n, struct confnode *nn)
{
	struct confnode	*c;

	nn->parent = n->parent;
	nn->seq = n->seq;
	nn->priv = n->priv;
	nn->free_priv = n->free_priv;
	nn->hash = n->hash;
	while ((c = TAILQ_FIRST(&n->children)) != NULL) {
		TAILQ_REMOVE(&n->children, c, entry);
		TAILQ_INSERT_TAIL(&nn->children, c, entry);
		c->parent = nn;
	}
}

static void
node_unlink(struct confnode *n)
{
	if (n->parent == NULL)
		top_unlink(n);
	else
		TAILQ_REMOVE(&n->parent->children, n, entry);
	index_del(n);
}

static void
node_link(struct confnode *n)
{
	if (n->parent == NULL)
		top_insert(n);
	else
		child_insert(n->parent, n);
	index_add(n);
}

/* nn takes n's place in its list, keeping the stored order. */
static void
node_swap(struct confnode *n, struct confnode *nn)
{
	int	 i, found;

	if (n->parent == NULL) {
		TAILQ_INSERT_AFTER(&confdb_top, n, nn, entry);
		TAILQ_REMOVE(&confdb_top, n, entry);
		i = tail_search(node_order(n), &found);
		if (found && confdb_tails[i].last == n)
			confdb_tails[i].last = nn;
	} else {
		TAILQ_INSERT_AFTER(&n->parent->children, n, nn, entry);
		TAILQ_REMOVE(&n->parent->children, n, entry);
	}
	index_del(n);
	index_add(nn);
}

/*
 * Same key, new values. In place when the new values fit (re-entering a
 * mode's command with the same words always does); otherwise the node
 * moves and subscribers get the new address with CHANGE.
 */
static struct confnode *
node_replace(struct confnode *n, const struct gmatch *m)
{
	struct confnode	*nn;

	if (m->cmd == n->match.cmd && m->nvals <= n->valcap &&
	    match_pool_size(n->key, m) <= n->poolcap) {
		node_fill(n, n->key, m);
		return n;
	}
	nn = node_alloc(n->key, m);
	node_transfer(n, nn);
	if (node_order(nn) == node_order(n)) {
		node_swap(n, nn);
		node_free(n);
		return nn;
	}
	/* A different command with the same key may have another order:
	 * the successor goes where it belongs. */
	node_unlink(n);
	node_link(nn);
	node_free(n);
	return nn;
}

/*
 * A kept `no` form is stored as `no` and the key alone, as IOS shows it:
 * `no ip address 10.1.1.1 255.255.255.0` is ` no ip address`. km holds
 * the key's values of m (their texts still m's).
 */
static const struct gmatch *
match_key_only(const struct gmatch *m, struct gmatch *km)
{
	int	i;

	km->cmd = m->cmd;
	km->negate = m->negate;
	km->nvals = 0;
	for (i = 0; i < m->nvals; i++) {
		if (m->vals[i].key)
			km->vals[km->nvals++] = m->vals[i];
	}
	return km;
}

struct confnode *
confdb_apply(struct confnode *parent, const struct gmatch *m)
{
	struct sbuf	 key;
	struct gmatch	 km;
	struct confnode	*n;
	uint32_t	 h;
	int		 store = 1;

	if (m->negate == GNEG_DEFAULT)
		store = 0;
	else if (m->negate == GNEG_NO &&
	    (m->cmd == NULL || m->cmd->no_form != GNO_KEEP))
		store = 0;
	else if (m->negate == GNEG_NO)
		m = match_key_only(m, &km);
	sbuf_init(&key);
	gmatch_render_key(m, &key);
	n = index_find(parent, sbuf_str(&key), &h);
	if (!store) {
		sbuf_free(&key);
		if (n != NULL)
			confdb_remove(n);
		return NULL;
	}
	if (n != NULL) {
		sbuf_free(&key);
		if (match_equal(n, m))
			return n;
		n = node_replace(n, m);
		confdb_changed = 1;
		confdb_notify(CONFDB_CHANGE, n);
		return n;
	}
	n = node_alloc(sbuf_str(&key), m);
	sbuf_free(&key);
	n->parent = parent;
	n->seq = ++confdb_seq;
	n->hash = h;
	node_link(n);
	confdb_changed = 1;
	confdb_notify(CONFDB_ADD, n);
	return n;
}

void
confdb_remove(struct confnode *n)
{
	struct confnode	*c;

	/* Children go first, so a subscriber never sees an orphan. */
	while ((c = TAILQ_LAST(&n->children, confnode_head_top)) != NULL)
		confdb_remove(c);
	confdb_notify(CONFDB_REMOVE, n);
	node_unlink(n);
	if (n->free_priv != NULL && n->priv != NULL)
		n->free_priv(n->priv);
	confdb_changed = 1;
	node_free(n);
}

void
confdb_init(void)
{
	if (confdb_nslots == 0)
		index_grow();
}

void
confdb_clear(void)
{
	struct confnode	*n;

	while ((n = TAILQ_LAST(&confdb_top, confnode_head_top)) != NULL)
		confdb_remove(n);
}

struct confnode *
confdb_first(struct confnode *parent)
{
	if (parent == NULL)
		return TAILQ_FIRST(&confdb_top);
	return TAILQ_FIRST(&parent->children);
}

struct confnode *
confdb_next(struct confnode *n)
{
	return TAILQ_NEXT(n, entry);
}

int
confdb_modified(void)
{
	return confdb_changed;
}

void
confdb_mark_saved(void)
{
	confdb_changed = 0;
}

/*
 * The configuration database: a tree of command nodes. The global
 * configuration holds ordered nodes; a node that opens a sub-mode holds its
 * own children. Each node keeps the matched command (canonical keywords and
 * typed values), so running-config is rendered from the grammar and back
 * ends read typed values. After every change subscribers are told.
 */
#ifndef VGW_CONFDB_H
#define VGW_CONFDB_H

#include <sys/queue.h>

#include "grammar.h"
#include "sbuf.h"

/*
 * A node is allocated with room for match.vals[match.nvals] only (a full
 * struct gmatch is ~3 KB; a stored line must cost under 400 bytes), so
 * `match` is the last member: read it through pointers (&node->match,
 * gmatch_str, gmatch_copy), never copy it by value (struct assignment or
 * memcpy of sizeof(struct gmatch) reads past the node). Its texts belong
 * to the node: never gmatch_free(&node->match).
 */
struct confnode {
	char			*key;		/* canonical key text, e.g. "dial-peer voice 5" */
	struct confnode		*parent;	/* NULL for top-level nodes */
	TAILQ_HEAD(, confnode)	 children;
	TAILQ_ENTRY(confnode)	 entry;
	unsigned long		 seq;		/* insertion order, for stable sorting */
	/* Opaque data a back end hangs on its node (a chain's certificates);
	 * freed with free_priv when the node goes. */
	void			*priv;
	void			 (*free_priv)(void *);
	unsigned int		 hash;		/* database-private: hash of parent+key */
	unsigned short		 valcap;	/* database-private: vals allocated */
	unsigned short		 poolcap;	/* database-private: text bytes allocated */
	struct gmatch		 match;		/* negate == GNEG_NO for kept `no` forms; last */
};

enum confdb_event {
	CONFDB_ADD,		/* a new node */
	CONFDB_CHANGE,		/* a node replaced in place (same key, new values) */
	CONFDB_REMOVE		/* the node is about to be freed */
};

typedef void (*confdb_subscriber_fn)(enum confdb_event, struct confnode *,
    void *arg);

void		 confdb_init(void);
/* Removes every node (write erase + reload; tests). Subscribers see REMOVE. */
void		 confdb_clear(void);
/*
 * Applies a matched configuration command under parent (NULL = global):
 * a node with the same key is replaced (CHANGE), else one is added (ADD);
 * a negated match removes the node with that key (REMOVE) unless the
 * command keeps its `no` form. Returns the node stored, or NULL when the
 * command removed one (or found nothing to remove).
 */
struct confnode	*confdb_apply(struct confnode *parent, const struct gmatch *);
void		 confdb_remove(struct confnode *);
/* Finds a node under parent (NULL = global) whose key is key_text, e.g.
 * confdb_find(NULL, "crypto pki trustpoint user1"),
 * confdb_find(tp, "enrollment url"). Keywords compared in full, canonical. */
struct confnode	*confdb_find(struct confnode *parent, const char *key_text);
/* Text of the i-th matched token of a node ("ip", "address", ...), or
 * NULL past its last. */
static inline const char *
confdb_word(const struct confnode *n, int i)
{
	if (n == NULL || i < 0 || i >= n->match.nvals)
		return NULL;
	return n->match.vals[i].text;
}
/* Iteration over top-level nodes or a node's children, in stored order. */
struct confnode	*confdb_first(struct confnode *parent);
struct confnode	*confdb_next(struct confnode *);
void		 confdb_subscribe(confdb_subscriber_fn, void *arg);
void		 confdb_unsubscribe(confdb_subscriber_fn, void *arg);
/* Has anything changed since the last confdb_mark_saved()? (reload asks) */
int		 confdb_modified(void);
void		 confdb_mark_saved(void);

#endif

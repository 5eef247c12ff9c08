/*
 * A mode's token trie: every spelling of every command of the mode,
 * merged on common leading tokens, so matching a word costs a binary
 * search among the keywords possible at that point, however many commands
 * the mode has. Each node remembers who may see it (privilege, hidden) and
 * where `no` may stop.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grammar_int.h"
#include "xmalloc.h"

/* First keyword child whose text starts with (or sorts after) w. */
int
gnode_kw_first(const struct gnode *n, const char *w, size_t len)
{
	int	lo = 0, hi = n->nkw, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (gfold_ncmp(n->kw[mid]->tok->word, w, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static struct gnode *
node_new(struct gnode *parent, const struct gtok *t)
{
	struct gnode	*n;

	n = xcalloc(1, sizeof *n);
	n->tok = t;
	n->parent = parent;
	n->depth = parent->depth + 1;
	n->minpriv = n->vispriv = 99;
	return n;
}

static struct gnode *
child_keyword(struct gnode *n, const struct gtok *t)
{
	int	i;

	i = gnode_kw_first(n, t->word, strlen(t->word));
	if (i < n->nkw && strcasecmp(n->kw[i]->tok->word, t->word) == 0)
		return n->kw[i];
	if (n->nkw == n->kwcap) {
		n->kwcap = n->kwcap ? n->kwcap * 2 : 4;
		n->kw = xreallocarray(n->kw, n->kwcap, sizeof *n->kw);
	}
	memmove(&n->kw[i + 1], &n->kw[i], (n->nkw - i) * sizeof *n->kw);
	n->nkw++;
	return n->kw[i] = node_new(n, t);
}

static struct gnode *
child_arg(struct gnode *n, const struct gtok *t)
{
	const struct gtok	*o;
	int			 i;

	for (i = 0; i < n->nargs; i++) {
		o = n->args[i]->tok;
		if (o->kind == t->kind && o->lo == t->lo && o->hi == t->hi)
			return n->args[i];
	}
	if (n->nargs == n->argcap) {
		n->argcap = n->argcap ? n->argcap * 2 : 2;
		n->args = xreallocarray(n->args, n->argcap, sizeof *n->args);
	}
	return n->args[n->nargs++] = node_new(n, t);
}

static void
node_mark(struct gnode *n, const struct gcmd *cmd, int exec)
{
	int	priv = exec ? cmd->privilege : 0;

	if (priv < n->minpriv)
		n->minpriv = priv;
	if (!cmd->hidden && priv < n->vispriv)
		n->vispriv = priv;
	if (cmd->no_form != GNO_NONE) {
		n->neg = 1;
		if (!cmd->hidden)
			n->negvis = 1;
	}
}

/*
 * Adds one spelling (toks) that ends in command path `end` (the canonical
 * path: an alias's spelling ends in its command's canonical form). Returns
 * the command already ending there when the spelling is taken, else NULL.
 */
const struct gpath *
gtrie_insert(struct gnode *root, struct gtok **toks, int ntoks,
    const struct gpath *end, int exec)
{
	struct gnode	*n = root;
	const struct gcmd *cmd = end->cmd;
	int		 d;

	node_mark(n, cmd, exec);
	for (d = 0; d < ntoks; d++) {
		if (toks[d]->kind == GTOK_KEYWORD)
			n = child_keyword(n, toks[d]);
		else
			n = child_arg(n, toks[d]);
		if (n->tok->help == NULL && toks[d]->help != NULL)
			n->tok = toks[d];
		node_mark(n, cmd, exec);
		if (d + 1 >= end->nkey && cmd->no_form != GNO_NONE &&
		    n->neg_end == NULL)
			n->neg_end = end;
	}
	if (n->end != NULL && n->end->cmd != cmd)
		return n->end;
	if (n->end == NULL)
		n->end = end;
	return NULL;
}

void
gtrie_free(struct gnode *n)
{
	int	i;

	for (i = 0; i < n->nkw; i++) {
		gtrie_free(n->kw[i]);
		free(n->kw[i]);
	}
	for (i = 0; i < n->nargs; i++) {
		gtrie_free(n->args[i]);
		free(n->args[i]);
	}
	free(n->kw);
	free(n->args);
}

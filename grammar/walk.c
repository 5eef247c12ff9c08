/*
 * The walk of a typed line through a mode's trie, word by word, with the
 * IOS rules: unique-prefix and case-insensitive keywords, a whole keyword
 * beating longer ones it prefixes, keywords beating arguments, typed
 * arguments beating WORD, `no`/`default` in configuration modes, the
 * privilege filter, and the caret column of §1.2. Matching, `?` and TAB
 * all use it; none allocates.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grammar_int.h"

/* The words `no` and `default` in front of configuration commands. */
static const struct {
	const char	*word;
	int		 neg;
} negwords[] = {
	{ "default", GNEG_DEFAULT },
	{ "no", GNEG_NO },
};

int
gwalk_init(struct gwalk *w, const struct grammar *g, const struct gmode *mode,
    int priv, const char *line)
{
	const char	*p = line;
	int		 n = 0;

	w->g = g;
	w->mode = (const struct gmode_int *)mode;
	w->priv = priv;
	w->line = line;
	w->linetok = -1;
	w->failtok = -1;
	w->st[0].node = &w->mode->root;
	w->st[0].neg = GNEG_NONE;
	w->nst = 1;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p == '\0' || n > GRAMMAR_MAX_TOKENS)
			break;
		w->start[n] = p - line;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' &&
		    *p != '\n')
			p++;
		w->len[n] = p - line - w->start[n];
		n++;
	}
	return w->ntok = n;
}

/* May the walk go through child n (visible: for `?` and TAB)? */
int
gwalk_child_ok(const struct gwalk *w, const struct gnode *n, int neg,
    int visible)
{
	int	priv = w->mode->exec ? w->priv : 15;

	if ((visible ? n->vispriv : n->minpriv) > priv)
		return 0;
	if (neg != GNEG_NONE && !(visible ? n->negvis : n->neg))
		return 0;
	return 1;
}

/* May `no`/`default` be typed in state s? */
int
gwalk_root_neg(const struct gwalk *w, const struct gstate *s)
{
	return w->mode->config && s->neg == GNEG_NONE &&
	    s->node == &w->mode->root && w->mode->root.neg;
}

const struct gpath *
gwalk_end(const struct gwalk *w, const struct gstate *s)
{
	const struct gpath	*p;

	p = s->node->end;
	if (s->neg != GNEG_NONE) {
		/* `no X` typed in full is X's own `no` form. */
		if (p != NULL && p->cmd->no_form != GNO_NONE)
			return p;
		return s->node->neg_end;
	}
	if (p != NULL && w->mode->exec && p->cmd->privilege > w->priv)
		return NULL;
	return p;
}

static size_t
common_prefix(const char *a, const char *b, size_t blen)
{
	size_t	i;

	for (i = 0; i < blen && a[i] != '\0'; i++) {
		if (strncasecmp(a + i, b + i, 1) != 0)
			break;
	}
	return i;
}

/* §1.2: under the first character at which the word stops prefixing any
 * keyword possible here (the start of the word for a bad argument). */
static int
caret_column(const struct gwalk *w, int ti)
{
	const char		*s = w->line + w->start[ti];
	size_t			 len = w->len[ti], best = 0, l;
	const struct gnode	*n;
	int			 i, k;

	for (i = 0; i < w->nst; i++) {
		n = w->st[i].node;
		if (gwalk_root_neg(w, &w->st[i])) {
			for (k = 0; k < 2; k++) {
				l = common_prefix(negwords[k].word, s, len);
				best = l > best ? l : best;
			}
		}
		for (k = 0; k < n->nkw; k++) {
			if (!gwalk_child_ok(w, n->kw[k], w->st[i].neg, 0))
				continue;
			l = common_prefix(n->kw[k]->tok->word, s, len);
			best = l > best ? l : best;
		}
	}
	return w->start[ti] + (int)best;
}

struct gcands {
	struct gstate	 exact[GWALK_MAX_STATES];
	struct gstate	 prefix[GWALK_MAX_STATES];
	struct gstate	 args[GWALK_MAX_STATES];
	int		 nexact, nprefix, nargs;
	const char	*pword;		/* first keyword matched by prefix */
	int		 pdistinct;	/* distinct keywords matched by prefix */
	int		 rank;		/* best argument rank so far */
};

static void
cand_keyword(struct gcands *c, const struct gnode *n, int neg,
    const char *word, size_t len)
{
	if (strlen(word) == len) {
		if (c->nexact < GWALK_MAX_STATES)
			c->exact[c->nexact++] = (struct gstate){ n, neg };
		return;
	}
	if (c->pword == NULL || (c->pword != word &&
	    strcasecmp(c->pword, word) != 0))
		c->pdistinct++;
	if (c->pword == NULL)
		c->pword = word;
	if (c->nprefix < GWALK_MAX_STATES)
		c->prefix[c->nprefix++] = (struct gstate){ n, neg };
}

static void
cand_state(const struct gwalk *w, const struct gstate *st, const char *s,
    size_t len, struct gcands *c)
{
	const struct gnode	*n = st->node, *ch;
	int			 k, r;

	if (n->tok != NULL && n->tok->kind == GTOK_LINE)
		return;
	if (gwalk_root_neg(w, st)) {
		for (k = 0; k < 2; k++) {
			if (len <= strlen(negwords[k].word) &&
			    gfold_ncmp(negwords[k].word, s, len) == 0)
				cand_keyword(c, n, negwords[k].neg,
				    negwords[k].word, len);
		}
	}
	for (k = gnode_kw_first(n, s, len); k < n->nkw; k++) {
		ch = n->kw[k];
		if (gfold_ncmp(ch->tok->word, s, len) != 0)
			break;
		if (gwalk_child_ok(w, ch, st->neg, 0))
			cand_keyword(c, ch, st->neg, ch->tok->word, len);
	}
	for (k = 0; k < n->nargs; k++) {
		ch = n->args[k];
		if (!gwalk_child_ok(w, ch, st->neg, 0) ||
		    !gtok_accept(ch->tok, s, len))
			continue;
		r = gtok_rank(ch->tok);
		if (r < c->rank) {
			c->rank = r;
			c->nargs = 0;
		}
		if (r == c->rank && c->nargs < GWALK_MAX_STATES)
			c->args[c->nargs++] = (struct gstate){ ch, st->neg };
	}
}

/*
 * The first word of a line and the mode's <reserved> words: IOS knows
 * more commands than vgw, so a prefix that abbreviates two of them (`s`:
 * show, ssh, systat...) is ambiguous even when vgw has only one. A
 * reserved word typed in full is nothing special (it matches nothing).
 * pword/pdistinct: the declared keywords the word abbreviates.
 */
int
gwalk_reserved_ambiguous(const struct gwalk *w, int ti, const char *pword,
    int pdistinct)
{
	const struct greserved	*r;
	const char		*s = w->line + w->start[ti];
	size_t			 len = w->len[ti];
	int			 i, priv = w->mode->exec ? w->priv : 15;

	if (ti != 0 || w->mode->nreserved == 0)
		return 0;
	for (i = 0; i < w->mode->nreserved; i++) {
		r = &w->mode->reserved[i];
		if (r->privilege > priv || gfold_ncmp(r->word, s, len) != 0)
			continue;
		if (strlen(r->word) == len)
			return 0;
		if (pword == NULL || strcasecmp(pword, r->word) != 0) {
			pdistinct++;
			pword = r->word;
		}
	}
	return pdistinct > 1;
}

static enum gstep
gwalk_step(struct gwalk *w, int ti, int *column)
{
	struct gcands		 c;
	const struct gstate	*from;
	int			 i, n;

	c.nexact = c.nprefix = c.nargs = 0;
	c.pword = NULL;
	c.pdistinct = 0;
	c.rank = 99;
	for (i = 0; i < w->nst; i++)
		cand_state(w, &w->st[i], w->line + w->start[ti], w->len[ti],
		    &c);
	if (c.nexact == 0 &&
	    gwalk_reserved_ambiguous(w, ti, c.pword, c.pdistinct))
		return GSTEP_AMBIGUOUS;
	if (c.nexact > 0) {
		from = c.exact;
		n = c.nexact;
	} else if (c.nprefix > 0) {
		if (c.pdistinct > 1)
			return GSTEP_AMBIGUOUS;
		from = c.prefix;
		n = c.nprefix;
	} else if (c.nargs > 0) {
		from = c.args;
		n = c.nargs;
		if (from[0].node->tok->kind == GTOK_LINE)
			w->linetok = ti;
	} else {
		*column = caret_column(w, ti);
		return GSTEP_INVALID;
	}
	memcpy(w->st, from, n * sizeof *from);
	w->nst = n;
	return GSTEP_OK;
}

/* `interface Gi 0/0`: joins a bare interface type and its number into one
 * word when an INTERFACE may come here and no keyword takes the type. */
static void
join_ifname(struct gwalk *w, int ti, int *ntok)
{
	const char		*s = w->line + w->start[ti];
	const struct gnode	*n;
	int			 i, k, ifname = 0, end;

	if (ti + 1 >= *ntok || !isalpha((unsigned char)s[0]))
		return;
	for (i = 0; i < w->nst && !ifname; i++) {
		n = w->st[i].node;
		for (k = 0; k < n->nargs; k++)
			ifname |= n->args[k]->tok->kind == GTOK_IFNAME;
	}
	if (!ifname || gtok_iftype(s, w->len[ti]) == NULL)
		return;
	for (i = 0; i < w->nst; i++) {
		n = w->st[i].node;
		k = gnode_kw_first(n, s, w->len[ti]);
		if (k < n->nkw && gfold_ncmp(n->kw[k]->tok->word, s,
		    w->len[ti]) == 0)
			return;
	}
	end = w->start[ti + 1] + w->len[ti + 1];
	if (!gtok_ifname(s, end - w->start[ti], NULL))
		return;
	w->len[ti] = end - w->start[ti];
	for (i = ti + 1; i + 1 < w->ntok; i++) {
		w->start[i] = w->start[i + 1];
		w->len[i] = w->len[i + 1];
	}
	w->ntok--;
	(*ntok)--;
}

/* Walks the first ntok words (w->ntok drops when two words join). On
 * error, *column is the caret column for an invalid word and w->failtok
 * the word. */
enum gstep
gwalk_run(struct gwalk *w, int ntok, int *column)
{
	enum gstep	r;
	int		ti;

	for (ti = 0; ti < ntok && w->linetok < 0; ti++) {
		if (ti >= GRAMMAR_MAX_TOKENS) {
			*column = w->start[ti];
			w->failtok = ti;
			return GSTEP_INVALID;
		}
		join_ifname(w, ti, &ntok);
		if ((r = gwalk_step(w, ti, column)) != GSTEP_OK) {
			w->failtok = ti;
			return r;
		}
	}
	return GSTEP_OK;
}

/*
 * The IOS command-reference notation: `{a | b c}`, `[x]`, nesting,
 * placeholders and `$name`, expanded into the linear token sequences
 * ("paths") that the trie is built from. Checks the notation; knows
 * nothing of modes or handlers.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar_int.h"
#include "xmalloc.h"

/* Bounds the expansion of `[a] [b] [c] ...` (2^n spellings). */
#define GSYNTAX_MAX_PATHS	1024

struct glex {
	struct grammar	*g;
	const char	*p;
	char		*why;
};

struct gpathset {
	struct gtok_list *v;
	int		 n, cap;
};

static void
set_add(struct gpathset *s, struct gtok **toks, int n)
{
	struct gtok_list	*l;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	l = &s->v[s->n++];
	l->n = n;
	l->toks = xreallocarray(NULL, n > 0 ? n : 1, sizeof *l->toks);
	if (n > 0)
		memcpy(l->toks, toks, n * sizeof *toks);
}

static void
set_free(struct gpathset *s)
{
	gsyntax_free(s->v, s->n);
	s->v = NULL;
	s->n = s->cap = 0;
}

/* Returns the next punctuation char, 'w' for a word (copied to buf), or 0. */
static int
lex_peek(struct glex *lx, char *buf, size_t size, const char **after)
{
	const char	*p = lx->p;
	size_t		 n = 0;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0') {
		*after = p;
		return 0;
	}
	if (strchr("{}[]|", *p) != NULL) {
		*after = p + 1;
		return *p;
	}
	while (*p != '\0' && !isspace((unsigned char)*p) &&
	    strchr("{}[]|", *p) == NULL) {
		if (n + 1 < size)
			buf[n++] = *p;
		p++;
	}
	buf[n] = '\0';
	*after = p;
	return 'w';
}

static struct gtok *
tok_make(struct glex *lx, char *word)
{
	struct gtok	*t;
	char		*dollar;
	int		 r;

	t = grammar_own(lx->g, xcalloc(1, sizeof *t));
	dollar = strchr(word, '$');
	if (dollar == word || (dollar != NULL && dollar[1] == '\0')) {
		xasprintf(&lx->why, "bad $name in \"%s\"", word);
		return NULL;
	}
	if (dollar != NULL) {
		*dollar = '\0';
		t->name = grammar_strdup(lx->g, dollar + 1);
	}
	r = gtok_placeholder(word, &t->kind, &t->lo, &t->hi);
	if (r < 0) {
		xasprintf(&lx->why, "bad range \"%s\"", word);
		return NULL;
	}
	if (r == 0)
		t->kind = GTOK_KEYWORD;
	t->word = grammar_strdup(lx->g, word);
	return t;
}

/* out = every a followed by every b. */
static int
set_product(struct glex *lx, struct gpathset *a, struct gpathset *b,
    struct gpathset *out)
{
	struct gtok	*buf[GRAMMAR_MAX_TOKENS];
	int		 i, j, n;

	if ((long)a->n * b->n > GSYNTAX_MAX_PATHS) {
		xasprintf(&lx->why, "syntax expands to more than %d spellings",
		    GSYNTAX_MAX_PATHS);
		return -1;
	}
	for (i = 0; i < a->n; i++) {
		for (j = 0; j < b->n; j++) {
			n = a->v[i].n + b->v[j].n;
			if (n > GRAMMAR_MAX_TOKENS) {
				xasprintf(&lx->why, "more than %d tokens",
				    GRAMMAR_MAX_TOKENS);
				return -1;
			}
			memcpy(buf, a->v[i].toks, a->v[i].n * sizeof *buf);
			memcpy(buf + a->v[i].n, b->v[j].toks,
			    b->v[j].n * sizeof *buf);
			set_add(out, buf, n);
		}
	}
	return 0;
}

static int parse_alts(struct glex *, struct gpathset *);

static int
parse_item(struct glex *lx, int c, const char *after, char *word,
    struct gpathset *item)
{
	struct gtok	*t;
	int		 close = c == '{' ? '}' : ']';
	char		 buf[256];

	lx->p = after;
	if (c == 'w') {
		if ((t = tok_make(lx, word)) == NULL)
			return -1;
		set_add(item, &t, 1);
		return 0;
	}
	if (parse_alts(lx, item) != 0)
		return -1;
	if (lex_peek(lx, buf, sizeof buf, &after) != close) {
		xasprintf(&lx->why, "missing '%c'", close);
		return -1;
	}
	lx->p = after;
	if (c == '[')
		set_add(item, NULL, 0);
	return 0;
}

static int
parse_seq(struct glex *lx, struct gpathset *out)
{
	struct gpathset	 item = { 0 }, next = { 0 };
	const char	*after;
	char		 word[256];
	int		 c;

	set_add(out, NULL, 0);
	for (;;) {
		c = lex_peek(lx, word, sizeof word, &after);
		if (c == 0 || c == '|' || c == '}' || c == ']')
			return 0;
		if (parse_item(lx, c, after, word, &item) != 0 ||
		    set_product(lx, out, &item, &next) != 0) {
			set_free(&item);
			set_free(&next);
			return -1;
		}
		set_free(&item);
		set_free(out);
		*out = next;
		memset(&next, 0, sizeof next);
	}
}

static int
parse_alts(struct glex *lx, struct gpathset *out)
{
	struct gpathset	 alt = { 0 };
	const char	*after;
	char		 word[256];
	int		 i;

	for (;;) {
		if (parse_seq(lx, &alt) != 0) {
			set_free(&alt);
			return -1;
		}
		if (alt.n == 1 && alt.v[0].n == 0) {
			set_free(&alt);
			xasprintf(&lx->why, "empty alternative");
			return -1;
		}
		for (i = 0; i < alt.n; i++)
			set_add(out, alt.v[i].toks, alt.v[i].n);
		set_free(&alt);
		if (out->n > GSYNTAX_MAX_PATHS) {
			xasprintf(&lx->why, "too many spellings");
			return -1;
		}
		if (lex_peek(lx, word, sizeof word, &after) != '|')
			return 0;
		lx->p = after;
	}
}

/* Expands syntax into *paths (caller frees with gsyntax_free). */
int
gsyntax_expand(struct grammar *g, const char *syntax, struct gtok_list **paths,
    int *npaths, char **why)
{
	struct glex	 lx = { g, syntax, NULL };
	struct gpathset	 set = { 0 };
	const char	*after;
	char		 word[256];
	int		 c, i;

	*paths = NULL;
	*npaths = 0;
	if (parse_alts(&lx, &set) != 0)
		goto fail;
	if ((c = lex_peek(&lx, word, sizeof word, &after)) != 0) {
		xasprintf(&lx.why, "unexpected '%c'", c == 'w' ? word[0] : c);
		goto fail;
	}
	for (i = 0; i < set.n; i++) {
		if (set.v[i].n == 0) {
			xasprintf(&lx.why, "a spelling with no token");
			goto fail;
		}
	}
	*paths = set.v;
	*npaths = set.n;
	return 0;
fail:
	set_free(&set);
	*why = lx.why;
	return -1;
}

void
gsyntax_free(struct gtok_list *v, int n)
{
	int	i;

	for (i = 0; i < n; i++)
		free(v[i].toks);
	free(v);
}

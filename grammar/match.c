/*
 * grammar_match: a typed line to one command and its typed values, or the
 * IOS error for it; and the gmatch_* accessors and canonical rendering that
 * handlers, the configuration database and the back ends use.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grammar_int.h"
#include "xmalloc.h"

/* Every stored configuration line holds one per token (modes/confdb.c). */
_Static_assert(sizeof(void *) != 8 || sizeof(struct gval) == 40,
    "struct gval grew past 40 bytes");

static void
match_fill(const struct gwalk *w, const struct gstate *st,
    const struct gpath *p, struct gmatch *m)
{
	const struct gnode	*n;
	const struct gtok	*t;
	struct gval		*v;
	int			 k, ti, off = st->neg != GNEG_NONE;
	size_t			 len;

	m->cmd = p->cmd;
	m->negate = st->neg;
	m->nvals = st->node->depth;
	for (n = st->node; n->parent != NULL; n = n->parent) {
		k = n->depth - 1;
		ti = k + off;
		t = p->toks[k];
		v = &m->vals[k];
		v->tok = t;
		v->name = t->name != NULL ? t->name : t->word;
		v->key = p->iskey[k];
		if (t->kind == GTOK_LINE) {
			len = strlen(w->line + w->start[ti]);
			while (len > 0 && strchr(" \t\r\n",
			    w->line[w->start[ti] + len - 1]) != NULL)
				len--;
			v->num = v->addr = v->port = 0;
			v->text = xstrndup(w->line + w->start[ti], len);
		} else
			gtok_value(t, w->line + w->start[ti], w->len[ti], v);
	}
}

static int
line_is_empty(const char *line)
{
	line += strspn(line, " \t\r\n");
	return *line == '\0' || *line == '!';
}

int
grammar_match(const struct grammar *g, const struct gmode *mode, int privilege,
    const char *line, struct gmatch *m, struct gerror *err)
{
	struct gwalk		 w;
	const struct gpath	*p, *found = NULL;
	const struct gstate	*fst = NULL;
	int			 i, ntok, pass, column = 0;
	enum gstep		 r;

	m->cmd = NULL;
	m->negate = GNEG_NONE;
	m->nvals = 0;
	err->kind = GERR_NONE;
	err->column = 0;
	if (line_is_empty(line)) {
		err->kind = GERR_EMPTY;
		return -1;
	}
	ntok = gwalk_init(&w, g, mode, privilege, line);
	if ((r = gwalk_run(&w, ntok, &column)) != GSTEP_OK) {
		err->kind = r == GSTEP_INVALID ? GERR_INVALID : GERR_AMBIGUOUS;
		err->column = column;
		return -1;
	}
	/* A command declared as typed (`default interface X`) wins over the
	 * `no`/`default` form derived from another one. */
	for (pass = 0; pass < 2 && found == NULL; pass++) {
		for (i = 0; i < w.nst; i++) {
			if ((w.st[i].neg != GNEG_NONE) != pass ||
			    (p = gwalk_end(&w, &w.st[i])) == NULL)
				continue;
			if (found != NULL && found->cmd != p->cmd) {
				err->kind = GERR_AMBIGUOUS;
				return -1;
			}
			if (found == NULL) {
				found = p;
				fst = &w.st[i];
			}
		}
	}
	if (found == NULL) {
		err->kind = GERR_INCOMPLETE;
		err->column = strlen(line);
		return -1;
	}
	match_fill(&w, fst, found, m);
	return 0;
}

/* By $name (with or without the `$`), then keyword text or placeholder. */
int
gval_is_keyword(const struct gval *v)
{
	return v->tok != NULL && v->tok->kind == GTOK_KEYWORD;
}

const struct gval *
gmatch_get(const struct gmatch *m, const char *name)
{
	int	i;

	if (m == NULL || name == NULL)
		return NULL;
	if (name[0] == '$')
		name++;
	for (i = 0; i < m->nvals; i++) {
		if (m->vals[i].tok->name != NULL &&
		    strcmp(m->vals[i].tok->name, name) == 0)
			return &m->vals[i];
	}
	for (i = 0; i < m->nvals; i++) {
		if (m->vals[i].tok->kind == GTOK_KEYWORD ?
		    strcasecmp(m->vals[i].tok->word, name) == 0 :
		    strcmp(m->vals[i].tok->word, name) == 0)
			return &m->vals[i];
	}
	return NULL;
}

const char *
gmatch_str(const struct gmatch *m, const char *name)
{
	const struct gval	*v = gmatch_get(m, name);

	return v != NULL ? v->text : NULL;
}

long long
gmatch_num(const struct gmatch *m, const char *name, long long dflt)
{
	const struct gval	*v = gmatch_get(m, name);

	if (v == NULL)
		return dflt;
	if (v->tok->kind == GTOK_RANGE)
		return v->num;
	return strtoll(v->text, NULL, 10);
}

int
gmatch_has(const struct gmatch *m, const char *name)
{
	return gmatch_get(m, name) != NULL;
}

void
gmatch_copy(struct gmatch *dst, const struct gmatch *src)
{
	int	i;

	dst->cmd = src->cmd;
	dst->negate = src->negate;
	dst->nvals = src->nvals;
	for (i = 0; i < src->nvals; i++) {
		dst->vals[i] = src->vals[i];
		dst->vals[i].text = xstrdup(src->vals[i].text);
	}
}

void
gmatch_free(struct gmatch *m)
{
	int	i;

	for (i = 0; i < m->nvals; i++) {
		free(m->vals[i].text);
		m->vals[i].text = NULL;
	}
	m->nvals = 0;
}

void
gmatch_render(const struct gmatch *m, struct sbuf *sb)
{
	int	i;

	if (m->negate == GNEG_NO)
		sbuf_puts(sb, "no ");
	else if (m->negate == GNEG_DEFAULT)
		sbuf_puts(sb, "default ");
	for (i = 0; i < m->nvals; i++) {
		if (i > 0)
			sbuf_putc(sb, ' ');
		sbuf_puts(sb, m->vals[i].text);
	}
}

void
gmatch_render_key(const struct gmatch *m, struct sbuf *sb)
{
	int	i, first = 1;

	for (i = 0; i < m->nvals; i++) {
		if (!m->vals[i].key)
			continue;
		if (!first)
			sbuf_putc(sb, ' ');
		sbuf_puts(sb, m->vals[i].text);
		first = 0;
	}
}

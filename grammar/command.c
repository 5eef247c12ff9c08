/*
 * One <command> element: its attributes, its help texts, its key, its
 * spellings (syntax and aliases) inserted into the mode's trie. Errors name
 * file:line; the XML document itself is read by load.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "grammar_int.h"
#include "xmalloc.h"

/* Does key/help word w name token t (keyword, $name or placeholder)? */
static int
tok_named(const struct gtok *t, const char *w)
{
	if (w[0] == '$')
		return t->name != NULL && strcmp(t->name, w + 1) == 0;
	if (t->kind == GTOK_KEYWORD)
		return strcasecmp(t->word, w) == 0;
	return strcmp(t->word, w) == 0;
}

static int
paths_have(struct gtok_list *v, int n, const char *w)
{
	int	i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < v[i].n; j++) {
			if (tok_named(v[i].toks[j], w))
				return 1;
		}
	}
	return 0;
}

static struct gkey *
key_parse(struct gload *ld, xmlNode *n, const char *text, struct gtok_list *v,
    int nv)
{
	struct grammar	*g = gload_grammar(ld);
	struct gkey	*k;
	char		*copy, *w, *save;

	k = grammar_own(g, xcalloc(1, sizeof *k));
	copy = xstrdup(text);
	k->words = grammar_own(g, xcalloc(strlen(text) / 2 + 1,
	    sizeof *k->words));
	for (w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		if (!paths_have(v, nv, w)) {
			gload_error(ld, n, "key word \"%s\" is not in the syntax",
			    w);
			free(copy);
			return NULL;
		}
		k->words[k->n++] = grammar_strdup(g, w);
	}
	free(copy);
	return k;
}

static int
key_has(const struct gkey *k, const struct gtok *t)
{
	int	i;

	if (k == NULL)
		return 1;
	for (i = 0; i < k->n; i++) {
		if (tok_named(t, k->words[i]))
			return 1;
	}
	return 0;
}

static struct gpath *
path_new(struct grammar *g, struct gcmd *cmd, struct gtok_list *l)
{
	struct gpath	*p;
	int		 i, last = -1;

	p = xcalloc(1, sizeof *p);
	p->cmd = cmd;
	p->ntoks = l->n;
	p->toks = xreallocarray(NULL, l->n, sizeof *p->toks);
	memcpy(p->toks, l->toks, l->n * sizeof *p->toks);
	p->iskey = xcalloc(l->n, 1);
	for (i = 0; i < l->n; i++) {
		if ((p->iskey[i] = key_has(cmd->key, l->toks[i])))
			last = i;
	}
	p->nkey = last < 0 ? l->n : last + 1;
	p->next = g->paths;
	g->paths = p;
	return p;
}

/* Help texts: <help token="..."> first, then the file's <keyword>. */
static int
help_apply(struct gload *ld, xmlNode *cn, struct gtok_list *v, int nv)
{
	struct grammar	*g = gload_grammar(ld);
	xmlNode		*h;
	char		*token, *text;
	xmlChar		*content;
	int		 i, j, found;

	for (h = cn->children; h != NULL; h = h->next) {
		if (h->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)h->name, "help") != 0)
			continue;
		if ((token = gload_attr(ld, h, "token")) == NULL)
			return gload_error(ld, h, "<help> without token");
		content = xmlNodeGetContent(h);
		text = grammar_strdup(g, content ? (char *)content : "");
		xmlFree(content);
		found = 0;
		for (i = 0; i < nv; i++) {
			for (j = 0; j < v[i].n; j++) {
				if (tok_named(v[i].toks[j], token)) {
					v[i].toks[j]->help = text;
					found = 1;
				}
			}
		}
		if (!found)
			return gload_error(ld, h, "help token \"%s\" is not in "
			    "the syntax", token);
	}
	for (i = 0; i < nv; i++) {
		for (j = 0; j < v[i].n; j++) {
			if (v[i].toks[j]->help == NULL &&
			    v[i].toks[j]->kind == GTOK_KEYWORD)
				v[i].toks[j]->help = (char *)gload_kwhelp(ld,
				    v[i].toks[j]->word);
		}
	}
	return 0;
}

static int
syntax_check(struct gload *ld, xmlNode *n, struct gtok_list *v, int nv)
{
	int	i, j;

	for (i = 0; i < nv; i++) {
		for (j = 0; j + 1 < v[i].n; j++) {
			if (v[i].toks[j]->kind == GTOK_LINE)
				return gload_error(ld, n, "LINE must be the last "
				    "token");
		}
	}
	return 0;
}

static int
insert(struct gload *ld, xmlNode *n, struct gmode_int *m, struct gtok_list *l,
    struct gpath *end)
{
	const struct gpath	*old;

	old = gtrie_insert(&m->root, l->toks, l->n, end, m->exec);
	if (old != NULL)
		return gload_error(ld, n, "\"%s\" is already declared at %s:%d",
		    end->cmd->syntax, old->cmd->file, old->cmd->line);
	return 0;
}

/* The canonical spelling an alias spelling maps to: same length, same
 * argument types, most keywords in common. */
static struct gpath *
alias_canon(struct gtok_list *a, struct gpath **paths, int np)
{
	struct gpath	*best = NULL;
	int		 i, j, score, bestscore = -1;

	for (i = 0; i < np; i++) {
		if (paths[i]->ntoks != a->n)
			continue;
		score = 0;
		for (j = 0; j < a->n; j++) {
			if (paths[i]->toks[j]->kind != a->toks[j]->kind)
				break;
			if (a->toks[j]->kind == GTOK_KEYWORD &&
			    strcasecmp(a->toks[j]->word,
			    paths[i]->toks[j]->word) == 0)
				score++;
		}
		if (j == a->n && score > bestscore) {
			best = paths[i];
			bestscore = score;
		}
	}
	return best;
}

static int
aliases_load(struct gload *ld, xmlNode *cn, struct gmode_int *m,
    struct gpath **paths, int np)
{
	struct gtok_list	*v;
	struct gpath		*canon;
	xmlNode			*a;
	char			*syntax, *why = NULL;
	int			 nv, i;

	for (a = cn->children; a != NULL; a = a->next) {
		if (a->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)a->name, "alias") != 0)
			continue;
		if ((syntax = gload_attr(ld, a, "syntax")) == NULL)
			return gload_error(ld, a, "<alias> without syntax");
		if (gsyntax_expand(gload_grammar(ld), syntax, &v, &nv,
		    &why) != 0) {
			gload_error(ld, a, "alias syntax: %s", why);
			free(why);
			return -1;
		}
		for (i = 0; i < nv; i++) {
			canon = alias_canon(&v[i], paths, np);
			if (canon == NULL) {
				gsyntax_free(v, nv);
				return gload_error(ld, a, "alias \"%s\" has no "
				    "spelling of the same shape in the command",
				    syntax);
			}
			if (insert(ld, a, m, &v[i], canon) != 0) {
				gsyntax_free(v, nv);
				return -1;
			}
		}
		gsyntax_free(v, nv);
	}
	return 0;
}

static int
cmd_attrs(struct gload *ld, xmlNode *n, struct gcmd *c, struct gmode_int *m)
{
	char	*v;

	if ((v = gload_attr(ld, n, "handler")) != NULL &&
	    (c->handler = grammar_registry_handler(v)) == NULL)
		return gload_error(ld, n, "unknown handler \"%s\"", v);
	if ((v = gload_attr(ld, n, "render-body")) != NULL &&
	    grammar_registry_render(v, &c->render_body) != 0)
		return gload_error(ld, n, "unknown renderer \"%s\"", v);
	if ((v = gload_attr(ld, n, "enters")) != NULL)
		c->enters = &gload_mode(ld, v, c->line)->pub;
	c->privilege = 15;
	if ((v = gload_attr(ld, n, "privilege")) != NULL) {
		c->privilege = atoi(v);
		if (c->privilege < 0 || c->privilege > 15 || v[0] == '\0')
			return gload_error(ld, n, "privilege must be 0 to 15");
	}
	c->no_form = GNO_REMOVE;
	if ((v = gload_attr(ld, n, "no")) != NULL) {
		if (strcmp(v, "keep") == 0)
			c->no_form = GNO_KEEP;
		else if (strcmp(v, "none") == 0)
			c->no_form = GNO_NONE;
		else if (strcmp(v, "remove") != 0)
			return gload_error(ld, n, "no must be remove, keep or "
			    "none");
	}
	if (m->exec)
		c->no_form = GNO_NONE;
	c->order = 5000;
	if ((v = gload_attr(ld, n, "order")) != NULL)
		c->order = atoi(v);
	c->absent = gload_attr(ld, n, "absent");
	c->dflt = gload_attr(ld, n, "default");
	c->respell = gload_attr(ld, n, "respell");
	if (gload_yesno(ld, n, "store", !m->exec, &c->store) != 0 ||
	    gload_yesno(ld, n, "trailing-space", 0, &c->trailing_space) != 0 ||
	    gload_yesno(ld, n, "hidden", 0, &c->hidden) != 0 ||
	    gload_yesno(ld, n, "default-on", 0, &c->default_on) != 0)
		return -1;
	if (c->default_on && c->no_form != GNO_KEEP)
		return gload_error(ld, n, "default-on needs no=\"keep\"");
	return 0;
}

static struct gcmd *
cmd_new(struct grammar *g)
{
	struct gcmd	*c;

	c = xcalloc(1, sizeof *c);
	if (g->ncmds == g->cmdcap) {
		g->cmdcap = g->cmdcap ? g->cmdcap * 2 : 64;
		g->cmds = xreallocarray(g->cmds, g->cmdcap, sizeof *g->cmds);
	}
	g->cmds[g->ncmds++] = c;
	return c;
}

static int
cmd_paths(struct gload *ld, xmlNode *n, struct gcmd *c, struct gmode_int *m,
    struct gtok_list *v, int nv)
{
	struct grammar	 *g = gload_grammar(ld);
	struct gpath	**paths;
	char		 *key;
	int		  i, r = 0;

	if ((key = gload_attr(ld, n, "key")) != NULL &&
	    (c->key = key_parse(ld, n, key, v, nv)) == NULL)
		return -1;
	if (help_apply(ld, n, v, nv) != 0 || syntax_check(ld, n, v, nv) != 0)
		return -1;
	paths = xreallocarray(NULL, nv, sizeof *paths);
	for (i = 0; i < nv && r == 0; i++) {
		paths[i] = path_new(g, c, &v[i]);
		r = insert(ld, n, m, &v[i], paths[i]);
	}
	if (r == 0)
		r = aliases_load(ld, n, m, paths, nv);
	free(paths);
	return r;
}

int
gcmd_load(struct gload *ld, xmlNode *n)
{
	struct grammar		*g = gload_grammar(ld);
	struct gmode_int	*m;
	struct gcmd		*c;
	struct gtok_list	*v;
	char			*mode, *syntax, *why = NULL;
	int			 nv, r;

	if (gload_attrs_check(ld, n) != 0)
		return -1;
	mode = gload_attr(ld, n, "mode");
	syntax = gload_attr(ld, n, "syntax");
	if (mode == NULL || syntax == NULL)
		return gload_error(ld, n, "<command> needs mode and syntax");
	m = gload_mode(ld, mode, xmlGetLineNo(n));
	c = cmd_new(g);
	c->mode = &m->pub;
	c->syntax = syntax;
	c->file = grammar_strdup(g, gload_file(ld));
	c->line = xmlGetLineNo(n);
	if (cmd_attrs(ld, n, c, m) != 0)
		return -1;
	if (gsyntax_expand(g, syntax, &v, &nv, &why) != 0) {
		gload_error(ld, n, "syntax \"%s\": %s", syntax, why);
		free(why);
		return -1;
	}
	r = cmd_paths(ld, n, c, m, v, nv);
	gsyntax_free(v, nv);
	return r;
}

/*
 * Loading grammar XML (libxml2): modes, keyword help, commands and their
 * aliases, with every name resolved (handlers, renderers, modes) and every
 * semantic error reported as file:line. Builds each mode's trie through
 * trie.c; matching is elsewhere.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "grammar_int.h"
#include "xmalloc.h"

struct gload {
	struct grammar	*g;
	const char	*file;
	struct gkwhelp	*kw;		/* this file's <keyword> help */
	char		*err;
};

static const char *mode_attrs[] = { "name", "parent", "header", "prompt",
	"raw-handler", NULL };
static const char *keyword_attrs[] = { "word", "help", NULL };
static const char *reserved_attrs[] = { "mode", "words", "privilege", NULL };
static const char *command_attrs[] = { "mode", "syntax", "handler", "enters",
	"store", "key", "no", "absent", "default", "default-on", "respell",
	"order", "privilege", "trailing-space",
	"hidden", "render-body", NULL };

int
gload_error(struct gload *ld, xmlNode *n, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (ld->err == NULL)
		xasprintf(&ld->err, "%s:%ld: %s", ld->file,
		    n != NULL ? xmlGetLineNo(n) : 0L, msg ? msg : "error");
	free(msg);
	return -1;
}

void *
grammar_own(struct grammar *g, void *p)
{
	if (g->nowned == g->ownedcap) {
		g->ownedcap = g->ownedcap ? g->ownedcap * 2 : 256;
		g->owned = xreallocarray(g->owned, g->ownedcap,
		    sizeof *g->owned);
	}
	g->owned[g->nowned++] = p;
	return p;
}

char *
grammar_strdup(struct grammar *g, const char *s)
{
	return s == NULL ? NULL : grammar_own(g, xstrdup(s));
}

/* An attribute's value owned by the grammar, or NULL. */
static char *
attr(struct gload *ld, xmlNode *n, const char *name)
{
	xmlChar	*v;
	char	*s;

	if ((v = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	s = grammar_strdup(ld->g, (const char *)v);
	xmlFree(v);
	return s;
}

static int
attrs_check(struct gload *ld, xmlNode *n, const char **allowed)
{
	xmlAttr	*a;
	int	 i;

	for (a = n->properties; a != NULL; a = a->next) {
		for (i = 0; allowed[i] != NULL; i++) {
			if (strcmp((const char *)a->name, allowed[i]) == 0)
				break;
		}
		if (allowed[i] == NULL)
			return gload_error(ld, n, "unknown attribute \"%s\" of "
			    "<%s>", a->name, n->name);
	}
	return 0;
}

static int
yesno(struct gload *ld, xmlNode *n, const char *name, int dflt, int *out)
{
	char	*v = attr(ld, n, name);

	*out = dflt;
	if (v == NULL)
		return 0;
	if (strcmp(v, "yes") == 0)
		*out = 1;
	else if (strcmp(v, "no") == 0)
		*out = 0;
	else
		return gload_error(ld, n, "%s must be yes or no", name);
	return 0;
}

static struct gmode_int *
mode_get(struct grammar *g, const char *name, const char *file, int line)
{
	struct gmode_int	*m;

	for (m = g->modes; m != NULL; m = m->next) {
		if (strcmp(m->pub.name, name) == 0)
			return m;
	}
	m = xcalloc(1, sizeof *m);
	m->pub.name = grammar_strdup(g, name);
	m->file = grammar_strdup(g, file);
	m->line = line;
	m->exec = strcmp(name, "exec") == 0;
	m->config = !m->exec;
	m->root.minpriv = m->root.vispriv = 99;
	m->next = g->modes;
	g->modes = m;
	return m;
}

const struct gmode *
grammar_mode(const struct grammar *g, const char *name)
{
	struct gmode_int	*m;

	for (m = g->modes; m != NULL; m = m->next) {
		if (m->declared && strcmp(m->pub.name, name) == 0)
			return &m->pub;
	}
	return NULL;
}

void
grammar_mode_commands(const struct grammar *g, const struct gmode *mode,
    void (*fn)(const struct gcmd *, void *), void *arg)
{
	int	 i;

	for (i = 0; i < g->ncmds; i++) {
		if (mode == NULL || g->cmds[i]->mode == mode)
			fn(g->cmds[i], arg);
	}
}

static int
load_mode(struct gload *ld, xmlNode *n)
{
	struct gmode_int	*m;
	char			*name, *raw, *prompt;

	if (attrs_check(ld, n, mode_attrs) != 0)
		return -1;
	if ((name = attr(ld, n, "name")) == NULL)
		return gload_error(ld, n, "<mode> without name");
	m = mode_get(ld->g, name, ld->file, xmlGetLineNo(n));
	if (m->declared)
		return gload_error(ld, n, "mode \"%s\" already declared at "
		    "%s:%d", name, m->file, m->line);
	m->declared = 1;
	m->file = grammar_strdup(ld->g, ld->file);
	m->line = xmlGetLineNo(n);
	m->pub.parent = attr(ld, n, "parent");
	m->pub.header = attr(ld, n, "header");
	if ((prompt = attr(ld, n, "prompt")) == NULL) {
		if (m->exec)
			prompt = grammar_strdup(ld->g, "");
		else {
			xasprintf(&prompt, "(%s)", name);
			grammar_own(ld->g, prompt);
		}
	}
	m->pub.prompt = prompt;
	if ((raw = attr(ld, n, "raw-handler")) != NULL &&
	    (m->pub.raw_handler = grammar_registry_handler(raw)) == NULL)
		return gload_error(ld, n, "unknown handler \"%s\"", raw);
	return 0;
}

static void
kwhelp_add(struct grammar *g, struct gkwhelp **list, const char *word,
    const char *help)
{
	struct gkwhelp	*k;

	k = xcalloc(1, sizeof *k);
	k->word = grammar_strdup(g, word);
	k->help = grammar_strdup(g, help);
	k->next = *list;
	*list = k;
}

static const char *
kwhelp_find(const struct gkwhelp *k, const char *word)
{
	for (; k != NULL; k = k->next) {
		if (strcasecmp(k->word, word) == 0)
			return k->help;
	}
	return NULL;
}

/* Help of a keyword declared by any file's <keyword>. */
const char *
grammar_keyword_help(const struct grammar *g, const char *word)
{
	return kwhelp_find(g->kwhelp, word);
}

static int
load_keyword(struct gload *ld, xmlNode *n)
{
	char	*word, *help;

	if (attrs_check(ld, n, keyword_attrs) != 0)
		return -1;
	word = attr(ld, n, "word");
	help = attr(ld, n, "help");
	if (word == NULL || help == NULL)
		return gload_error(ld, n, "<keyword> needs word and help");
	kwhelp_add(ld->g, &ld->kw, word, help);
	kwhelp_add(ld->g, &ld->g->kwhelp, word, help);
	return 0;
}

static int
reserved_cmp(const void *a, const void *b)
{
	const struct greserved	*ra = a, *rb = b;

	return strcasecmp(ra->word, rb->word);
}

/* <reserved mode="exec" privilege="1" words="ssh systat"/> */
static int
load_reserved(struct gload *ld, xmlNode *n)
{
	struct gmode_int	*m;
	char			*mode, *words, *v, *w, *save;
	int			 priv = 15;

	if (attrs_check(ld, n, reserved_attrs) != 0)
		return -1;
	mode = attr(ld, n, "mode");
	words = attr(ld, n, "words");
	if (mode == NULL || words == NULL)
		return gload_error(ld, n, "<reserved> needs mode and words");
	if ((v = attr(ld, n, "privilege")) != NULL)
		priv = atoi(v);
	m = mode_get(ld->g, mode, ld->file, xmlGetLineNo(n));
	for (w = strtok_r(words, " \t\n", &save); w != NULL;
	    w = strtok_r(NULL, " \t\n", &save)) {
		m->reserved = xreallocarray(m->reserved, m->nreserved + 1,
		    sizeof *m->reserved);
		m->reserved[m->nreserved].word = w;
		m->reserved[m->nreserved].privilege = priv;
		m->nreserved++;
	}
	qsort(m->reserved, m->nreserved, sizeof *m->reserved, reserved_cmp);
	return 0;
}

static int
load_root(struct gload *ld, xmlNode *root)
{
	xmlNode	*n;
	int	 pass;

	if (root == NULL || strcmp((const char *)root->name, "grammar") != 0)
		return gload_error(ld, root, "root element must be <grammar>");
	/* Modes and keyword help first: commands may precede them. */
	for (pass = 0; pass < 2; pass++) {
		for (n = root->children; n != NULL; n = n->next) {
			if (n->type != XML_ELEMENT_NODE)
				continue;
			if (strcmp((const char *)n->name, "mode") == 0) {
				if (pass == 0 && load_mode(ld, n) != 0)
					return -1;
			} else if (strcmp((const char *)n->name, "keyword") == 0) {
				if (pass == 0 && load_keyword(ld, n) != 0)
					return -1;
			} else if (strcmp((const char *)n->name, "reserved") == 0) {
				if (pass == 0 && load_reserved(ld, n) != 0)
					return -1;
			} else if (strcmp((const char *)n->name, "command") == 0) {
				if (pass == 1 && gcmd_load(ld, n) != 0)
					return -1;
			} else if (pass == 0)
				return gload_error(ld, n, "unknown element <%s>",
				    n->name);
		}
	}
	return 0;
}

struct grammar *
grammar_new(void)
{
	return xcalloc(1, sizeof(struct grammar));
}

int
grammar_load_buffer(struct grammar *g, const char *name, const char *xml,
    size_t len, char **err)
{
	struct gload	 ld = { g, name, NULL, NULL };
	const xmlError	*xe;
	xmlDoc		*doc;
	struct gkwhelp	*k;
	int		 r;

	doc = xmlReadMemory(xml, (int)len, name, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL) {
		xe = xmlGetLastError();
		xasprintf(err, "%s:%d: %s", name, xe ? xe->line : 0,
		    xe && xe->message ? xe->message : "not well-formed XML\n");
		(*err)[strcspn(*err, "\n")] = '\0';
		return -1;
	}
	ld.file = grammar_strdup(g, name);
	r = load_root(&ld, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	while ((k = ld.kw) != NULL) {
		ld.kw = k->next;
		free(k);
	}
	if (r != 0) {
		*err = ld.err;
		return -1;
	}
	return 0;
}

/* Every mode named by a command or parent must be declared somewhere. */
int
grammar_load_finish(struct grammar *g, char **err)
{
	struct gmode_int	*m;

	for (m = g->modes; m != NULL; m = m->next) {
		if (!m->declared) {
			xasprintf(err, "%s:%d: mode \"%s\" is not declared",
			    m->file, m->line, m->pub.name);
			return -1;
		}
		if (m->pub.parent != NULL &&
		    grammar_mode(g, m->pub.parent) == NULL) {
			xasprintf(err, "%s:%d: parent mode \"%s\" is not "
			    "declared", m->file, m->line, m->pub.parent);
			return -1;
		}
	}
	return 0;
}

int
grammar_load_builtin(struct grammar *g, char **err)
{
	const struct grammar_blob	*b;

	for (b = grammar_blobs; b->name != NULL; b++) {
		if (grammar_load_buffer(g, b->name, (const char *)b->data,
		    b->len, err) != 0)
			return -1;
	}
	return grammar_load_finish(g, err);
}

void
grammar_free(struct grammar *g)
{
	struct gmode_int	*m;
	struct gpath		*p;
	struct gkwhelp		*k;
	int			 i;

	if (g == NULL)
		return;
	while ((m = g->modes) != NULL) {
		g->modes = m->next;
		gtrie_free(&m->root);
		free(m->reserved);
		free(m);
	}
	while ((p = g->paths) != NULL) {
		g->paths = p->next;
		free(p->toks);
		free(p->iskey);
		free(p);
	}
	for (i = 0; i < g->ncmds; i++)
		free(g->cmds[i]);
	free(g->cmds);
	while ((k = g->kwhelp) != NULL) {
		g->kwhelp = k->next;
		free(k);
	}
	for (i = 0; i < g->nowned; i++)
		free(g->owned[i]);
	free(g->owned);
	free(g);
}

/* The loader state as command.c sees it. */
struct grammar *
gload_grammar(struct gload *ld)
{
	return ld->g;
}

const char *
gload_file(struct gload *ld)
{
	return ld->file;
}

const char *
gload_kwhelp(struct gload *ld, const char *word)
{
	const char	*h = kwhelp_find(ld->kw, word);

	return h;
}

char *
gload_attr(struct gload *ld, xmlNode *n, const char *name)
{
	return attr(ld, n, name);
}

int
gload_yesno(struct gload *ld, xmlNode *n, const char *name, int dflt, int *out)
{
	return yesno(ld, n, name, dflt, out);
}

int
gload_attrs_check(struct gload *ld, xmlNode *n)
{
	return attrs_check(ld, n, command_attrs);
}

struct gmode_int *
gload_mode(struct gload *ld, const char *name, int line)
{
	return mode_get(ld->g, name, ld->file, line);
}

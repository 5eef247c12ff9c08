/*
 * `?` and TAB: what may follow the words typed so far, printed the way IOS
 * prints it (§1.4: aligned list in ASCII order, `<cr>` last, `|` for show
 * commands in EXEC, word completion on one line, `% Unrecognized command`),
 * and the completions of a partial word. Uses the matcher's walk.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grammar_int.h"
#include "xmalloc.h"

struct hentry {
	const char	*name;
	const char	*help;
};

struct hlist {
	struct hentry	*v;
	int		 n, cap;
	int		 complete;	/* <cr> */
	int		 modifiers;	/* `|` */
};

static const struct {
	const char	*name;
	const char	*help;
} iftype_help[] = {
	{ "Ethernet", "IEEE 802.3" },
	{ "FastEthernet", "FastEthernet IEEE 802.3" },
	{ "GigabitEthernet", "GigabitEthernet IEEE 802.3z" },
	{ "Loopback", "Loopback interface" },
	{ "Serial", "Serial" },
	{ "Tunnel", "Tunnel interface" },
	{ "Vlan", "Catalyst Vlans" },
};

static void
hlist_add(struct hlist *l, const char *name, const char *help)
{
	int	i;

	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, name) == 0)
			return;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n].name = name;
	l->v[l->n].help = help != NULL ? help : "";
	l->n++;
}

static int
hentry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct hentry *)a)->name,
	    ((const struct hentry *)b)->name);
}

static const char *
tok_help(const struct grammar *g, const struct gtok *t)
{
	if (t->help != NULL)
		return t->help;
	if (t->kind == GTOK_KEYWORD)
		return grammar_keyword_help(g, t->word);
	return NULL;
}

static int
path_is_show(const struct gpath *p)
{
	return p->toks[0]->kind == GTOK_KEYWORD &&
	    strcasecmp(p->toks[0]->word, "show") == 0;
}

/* Everything that may follow in state st; prefix limits keywords. */
static void
hlist_state(const struct gwalk *w, const struct gstate *st, struct hlist *l)
{
	const struct gnode	*n = st->node, *ch;
	const struct gpath	*p;
	size_t			 i;
	int			 k;

	if (n->tok != NULL && n->tok->kind == GTOK_LINE) {
		hlist_add(l, n->tok->word, tok_help(w->g, n->tok));
		l->complete = 1;
		return;
	}
	if (gwalk_root_neg(w, st)) {
		hlist_add(l, "default", "Set a command to its defaults");
		hlist_add(l, "no", "Negate a command or set its defaults");
	}
	for (k = 0; k < n->nkw; k++) {
		ch = n->kw[k];
		if (gwalk_child_ok(w, ch, st->neg, 1))
			hlist_add(l, ch->tok->word, tok_help(w->g, ch->tok));
	}
	for (k = 0; k < n->nargs; k++) {
		ch = n->args[k];
		if (!gwalk_child_ok(w, ch, st->neg, 1))
			continue;
		if (ch->tok->kind != GTOK_IFNAME) {
			hlist_add(l, gtok_display(ch->tok),
			    tok_help(w->g, ch->tok));
			continue;
		}
		for (i = 0; i < sizeof iftype_help / sizeof iftype_help[0]; i++)
			hlist_add(l, iftype_help[i].name, iftype_help[i].help);
	}
	if ((p = gwalk_end(w, st)) != NULL) {
		l->complete = 1;
		if (w->mode->exec && path_is_show(p))
			l->modifiers = 1;
	}
}

static void
hlist_print(struct hlist *l, struct sbuf *out)
{
	size_t	width = 0, len;
	int	i;

	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, hentry_cmp);
	for (i = 0; i < l->n; i++) {
		if ((len = strlen(l->v[i].name)) > width)
			width = len;
	}
	if (l->modifiers && width < 1)
		width = 1;
	for (i = 0; i < l->n; i++) {
		if (l->v[i].help[0] == '\0')
			sbuf_printf(out, "  %s\n", l->v[i].name);
		else
			sbuf_printf(out, "  %-*s%s\n", (int)width + 2,
			    l->v[i].name, l->v[i].help);
	}
	if (l->modifiers)
		sbuf_printf(out, "  %-*s%s\n", (int)width + 2, "|",
		    "Output modifiers");
	if (l->complete)
		sbuf_puts(out, "  <cr>\n");
	free(l->v);
}

/* Interface type names an INTERFACE argument here would take. */
static void
hlist_partial_iftypes(const struct gwalk *w, const struct gstate *st,
    const char *s, size_t len, struct hlist *l)
{
	const struct gnode	*ch;
	size_t			 i;
	int			 k;

	for (k = 0; k < st->node->nargs; k++) {
		ch = st->node->args[k];
		if (ch->tok->kind != GTOK_IFNAME ||
		    !gwalk_child_ok(w, ch, st->neg, 1))
			continue;
		for (i = 0; i < sizeof iftype_help / sizeof iftype_help[0];
		    i++) {
			if (gfold_ncmp(iftype_help[i].name, s, len) == 0)
				hlist_add(l, iftype_help[i].name, NULL);
		}
	}
}

/* Keywords (and `no`/`default`) that the partial word prefixes. */
static void
hlist_partial(const struct gwalk *w, const char *s, size_t len,
    struct hlist *l)
{
	const struct gstate	*st;
	const struct gnode	*ch;
	int			 i, k;

	for (i = 0; i < w->nst; i++) {
		st = &w->st[i];
		if (gwalk_root_neg(w, st)) {
			if (strncasecmp("default", s, len) == 0)
				hlist_add(l, "default", NULL);
			if (len <= 2 && strncasecmp("no", s, len) == 0)
				hlist_add(l, "no", NULL);
		}
		for (k = gnode_kw_first(st->node, s, len); k < st->node->nkw;
		    k++) {
			ch = st->node->kw[k];
			if (gfold_ncmp(ch->tok->word, s, len) != 0)
				break;
			if (gwalk_child_ok(w, ch, st->neg, 1))
				hlist_add(l, ch->tok->word, NULL);
		}
		hlist_partial_iftypes(w, st, s, len, l);
	}
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, hentry_cmp);
}

/* Could s be the start of an argument of kind t? */
static int
arg_may_start(const struct gtok *t, const char *s, size_t len)
{
	const char	*chars;
	size_t		 i;

	if (gtok_accept(t, s, len))
		return 1;
	switch (t->kind) {
	case GTOK_RANGE:
		chars = "-0123456789";
		break;
	case GTOK_IPV4:
		chars = ".0123456789";
		break;
	case GTOK_SLOTPORT:
		chars = "/0123456789";
		break;
	case GTOK_TIME:
		chars = ":0123456789";
		break;
	case GTOK_MONTH:	/* Ma? : March and May */
		for (i = 0; i < 12; i++) {
			if (len <= strlen(gtok_month(i)) &&
			    strncasecmp(gtok_month(i), s, len) == 0)
				return 1;
		}
		return 0;
	default:
		return 0;
	}
	for (i = 0; i < len; i++) {
		if (strchr(chars, s[i]) == NULL)
			return 0;
	}
	return 1;
}

/* `hostname R?`: no keyword, so the placeholders the word may start. */
static void
hlist_partial_args(const struct gwalk *w, const char *s, size_t len,
    struct hlist *l)
{
	const struct gnode	*ch;
	int			 i, k;

	for (i = 0; i < w->nst; i++) {
		for (k = 0; k < w->st[i].node->nargs; k++) {
			ch = w->st[i].node->args[k];
			if (ch->tok->kind != GTOK_IFNAME &&
			    gwalk_child_ok(w, ch, w->st[i].neg, 1) &&
			    arg_may_start(ch->tok, s, len))
				hlist_add(l, gtok_display(ch->tok), NULL);
		}
	}
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, hentry_cmp);
}

static void
help_error(const struct gwalk *w, enum gstep r, int column, int prompt_len,
    struct sbuf *out)
{
	size_t	len = strlen(w->line);

	if (r == GSTEP_AMBIGUOUS) {
		while (len > 0 && strchr(" \t", w->line[len - 1]) != NULL)
			len--;
		sbuf_printf(out, "%% Ambiguous command:  \"%.*s\"\n", (int)len,
		    w->line);
	} else if (w->failtok > 0 && prompt_len >= 0)
		sbuf_printf(out, "%*s^\n%% Invalid input detected at '^' "
		    "marker.\n\n", prompt_len + column, "");
	else
		sbuf_puts(out, "% Unrecognized command\n");
}

/* As grammar_help; with prompt_len >= 0 a bad word after the first gets
 * IOS's caret under it, as an Enter would. */
void
grammar_help_prompt(const struct grammar *g, const struct gmode *mode,
    int privilege, const char *line, int prompt_len, struct sbuf *out)
{
	struct gwalk	 w;
	struct hlist	 l = { 0 };
	size_t		 len = strlen(line);
	int		 ntok, words, partial, column = 0, i;
	enum gstep	 r;

	ntok = gwalk_init(&w, g, mode, privilege, line);
	if (ntok == 0 && mode->header != NULL)
		sbuf_printf(out, "%s\n", mode->header);
	/* The last word is partial when nothing separates it from the end
	 * of the line (found by the fuzzer: a line of CRs made a word count
	 * of -1 when judged by the last character alone). */
	partial = ntok > 0 &&
	    (size_t)(w.start[ntok - 1] + w.len[ntok - 1]) == len;
	words = ntok - partial;
	if ((r = gwalk_run(&w, words, &column)) != GSTEP_OK) {
		help_error(&w, r, column, prompt_len, out);
		return;
	}
	if (!partial || w.linetok >= 0) {
		for (i = 0; i < w.nst; i++)
			hlist_state(&w, &w.st[i], &l);
		if (ntok == 0)
			l.complete = l.modifiers = 0;
		if (l.n == 0 && !l.complete) {
			free(l.v);
			sbuf_puts(out, "% Unrecognized command\n");
			return;
		}
		hlist_print(&l, out);
		return;
	}
	hlist_partial(&w, line + w.start[w.ntok - 1], w.len[w.ntok - 1], &l);
	if (l.n == 0)
		hlist_partial_args(&w, line + w.start[w.ntok - 1],
		    w.len[w.ntok - 1], &l);
	if (l.n == 0)
		sbuf_puts(out, "% Unrecognized command\n");
	for (i = 0; i < l.n; i++)
		sbuf_printf(out, "%s  ", l.v[i].name);
	if (l.n > 0)
		sbuf_putc(out, '\n');
	free(l.v);
}

void
grammar_help(const struct grammar *g, const struct gmode *mode, int privilege,
    const char *line, struct sbuf *out)
{
	grammar_help_prompt(g, mode, privilege, line, -1, out);
}

char **
grammar_complete(const struct grammar *g, const struct gmode *mode,
    int privilege, const char *line)
{
	struct gwalk	 w;
	struct hlist	 l = { 0 };
	size_t		 len = strlen(line);
	char		**v;
	int		 ntok, column, i;

	ntok = gwalk_init(&w, g, mode, privilege, line);
	if (ntok > 0 && len > 0 && strchr(" \t", line[len - 1]) == NULL &&
	    gwalk_run(&w, ntok - 1, &column) == GSTEP_OK && w.linetok < 0)
		hlist_partial(&w, line + w.start[w.ntok - 1],
		    w.len[w.ntok - 1], &l);
	/* `s` TAB: no completion to `show` where IOS has ssh, systat... */
	if (l.n == 1 && w.ntok == 1 &&
	    gwalk_reserved_ambiguous(&w, 0, l.v[0].name, 1))
		l.n = 0;
	v = xcalloc(l.n + 1, sizeof *v);
	for (i = 0; i < l.n; i++)
		v[i] = xstrdup(l.v[i].name);
	free(l.v);
	return v;
}

void
grammar_completions_free(char **v)
{
	int	i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

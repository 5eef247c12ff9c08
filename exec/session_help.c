/*
 * `?` and TAB for the line typed so far: the grammar's help and
 * completions in the session's mode, EXEC's after `do `, and the filter
 * keywords after `|`.
 */
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"
#include "session_int.h"
#include "xmalloc.h"

/* `?` after "do " in configuration asks about EXEC commands. */
static const char *
session_do_rest(struct session *s, const char *line)
{
	const char	*w;
	size_t		 n;

	if (s->depth == 0)
		return NULL;
	w = session_word(line, &n);
	if (!session_word_is(w, n, "do", 2) || (w[n] != ' ' && w[n] != '\t'))
		return NULL;
	/* `do ?` itself is answered by the `do LINE` command's help. */
	w += n;
	while (*w == ' ' || *w == '\t')
		w++;
	return *w == '\0' ? NULL : w;
}

static void
session_filter_help(const char *line, int bar, struct sbuf *out)
{
	const char	*w;
	size_t		 n;

	w = session_word(line + bar + 1, &n);
	if (n == 0 && w[0] == '\0') {
		sbuf_puts(out,
		    "  begin    Begin with the line that matches\n"
		    "  count    Count number of lines which match regexp\n"
		    "  exclude  Exclude lines that match\n"
		    "  include  Include lines that match\n"
		    "  section  Filter a section of output\n");
		return;
	}
	if (w[n] == '\0') {
		sbuf_puts(out, "% Unrecognized command\n");
		return;
	}
	sbuf_puts(out, "  LINE  Regular Expression\n");
}

void
session_help(struct session *s, const char *line, struct sbuf *out)
{
	const struct gmode	*mode = session_mode(s);
	const char		*rest;
	int			 bar;

	if (mode == NULL || mode->raw_handler != NULL)
		return;
	if ((bar = session_filter_find(s, line)) != -1) {
		session_filter_help(line, bar, out);
		return;
	}
	if ((rest = session_do_rest(s, line)) != NULL) {
		grammar_help(router_grammar(s->router), s->levels[0].mode, 15, rest,
		    out);
		return;
	}
	grammar_help(router_grammar(s->router), mode, s->depth == 0 ? s->privilege : 15,
	    line, out);
}

/* TAB after `|`: the filter keyword being typed. */
static char **
session_filter_complete(const char *line, int bar)
{
	const char	*w;
	char		**v;
	size_t		 n;
	int		 i, k = 0;

	w = session_word(line + bar + 1, &n);
	if (w[n] != '\0')
		return NULL;
	v = xcalloc(6, sizeof *v);
	for (i = 0; session_filter_names[i] != NULL; i++) {
		if (n == 0 || session_word_is(w, n, session_filter_names[i], 1))
			v[k++] = xstrdup(session_filter_names[i]);
	}
	return v;
}

char **
session_complete(struct session *s, const char *line)
{
	const struct gmode	*mode = session_mode(s);
	const char		*rest;
	int			 bar;

	if (mode == NULL || mode->raw_handler != NULL)
		return NULL;
	if ((bar = session_filter_find(s, line)) != -1)
		return session_filter_complete(line, bar);
	if ((rest = session_do_rest(s, line)) != NULL)
		return grammar_complete(router_grammar(s->router), s->levels[0].mode,
		    15, rest);
	return grammar_complete(router_grammar(s->router), mode,
	    s->depth == 0 ? s->privilege : 15, line);
}

void
session_print_help(struct session *s, const char *line)
{
	struct sbuf	 out;

	sbuf_init(&out);
	session_help(s, line, &out);
	output_begin(s->output, OUTPUT_FILTER_NONE, NULL);
	term_write(s->term, sbuf_str(&out), out.len);
	output_end(s->output);
	sbuf_free(&out);
}

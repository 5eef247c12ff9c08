/*
 * The line executor: one typed line becomes a handler call or an IOS
 * error, as a 12.4T console shows it (ios-reference.md §1, §7): the `|`
 * filter cut off (applied in output.c), the match in the current mode,
 * IOS fall-through to parent modes, `do`, the IOS errors with their caret,
 * storing and entering modes (with the grammar's defaults and
 * respellings). A handler that asks returns CMD_WAIT and the command ends
 * later, in session_finish (ask.c delivers the answer).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "confdb.h"
#include "log.h"
#include "sbuf.h"
#include "session_int.h"
#include "xmalloc.h"

/* Column on screen where the typed line starts: after the prompt. */
static int
session_line_column(struct session *s)
{
	struct sbuf	 sb;
	int		 n;

	if (s->line_column >= 0)
		return s->line_column;
	sbuf_init(&sb);
	session_prompt(s, &sb);
	n = (int)sb.len;
	sbuf_free(&sb);
	return n;
}

int
session_word_is(const char *w, size_t n, const char *keyword, size_t min)
{
	return n >= min && n <= strlen(keyword) &&
	    strncasecmp(w, keyword, n) == 0;
}

/* The first word of line (after blanks): start and length. */
const char *
session_word(const char *line, size_t *n)
{
	while (*line == ' ' || *line == '\t')
		line++;
	*n = strcspn(line, " \t");
	return line;
}

static int
session_single_word(const char *line)
{
	size_t		 n;
	const char	*w = session_word(line, &n);

	if (n == 0)
		return 0;
	w += n;
	while (*w == ' ' || *w == '\t')
		w++;
	return *w == '\0';
}

/* Parser errors are not output of the command: no filter hides them. */
static struct term *
session_error_term(struct session *s)
{
	return s->output != NULL ? output_device(s->output) : s->term;
}

/* IOS resolves a single unknown EXEC word as a host name to telnet to. */
static void
session_translating(struct session *s, const char *line)
{
	struct term	*t = session_error_term(s);
	struct confnode	*n;
	const char	*w;
	size_t		 len;
	int		 lookup = 1;

	w = session_word(line, &len);
	if ((n = confdb_find(NULL, "ip domain lookup")) != NULL ||
	    (n = confdb_find(NULL, "ip domain-lookup")) != NULL)
		lookup = n->match.negate == GNEG_NONE;
	if (lookup)
		term_printf(t, "Translating \"%.*s\"...domain server "
		    "(255.255.255.255)\n", (int)len, w);
	else
		term_printf(t, "Translating \"%.*s\"\n", (int)len, w);
	term_puts(t, "% Unknown command or computer name, or unable to "
	    "find computer address\n");
}

/* Prints the IOS error for line; column is where line starts on screen. */
static void
session_error(struct session *s, const char *line, const struct gerror *err,
    int column, int exec)
{
	struct term	*t = session_error_term(s);
	const char	*w;
	size_t		 n, end;
	int		 i;

	if (column < 0)
		column = session_line_column(s);

	switch (err->kind) {
	case GERR_INVALID:
		if (exec && session_single_word(line)) {
			session_translating(s, line);
			break;
		}
		for (i = 0; i < column + err->column; i++)
			term_write(t, " ", 1);
		term_puts(t, "^\n% Invalid input detected at '^' "
		    "marker.\n\n");
		break;
	case GERR_INCOMPLETE:
		w = session_word(line, &n);
		if (exec && session_single_word(line) &&
		    session_word_is(w, n, "show", 2)) {
			term_puts(t, "% Type \"show ?\" for a list of "
			    "subcommands\n");
			break;
		}
		term_puts(t, "% Incomplete command.\n\n");
		break;
	case GERR_AMBIGUOUS:
		end = strlen(line);
		while (end > 0 && (line[end - 1] == '\r' ||
		    line[end - 1] == '\n'))
			end--;
		term_printf(t, "%% Ambiguous command:  \"%.*s\"\n",
		    (int)end, line);
		break;
	case GERR_NONE:
	case GERR_EMPTY:
		break;
	}
}

/*
 * What the executor does after a handler: the configuration database
 * stores a stored command, then the session enters the mode the command
 * opens unless the handler already moved it (depth is where it was).
 */
static void
session_store_enter(struct session *s, const struct gmatch *m,
    struct confnode *parent, int enter, int depth, int rc)
{
	const struct gcmd	*cmd = m->cmd;
	struct confnode		*stored = NULL;

	if (cmd->store && rc == 0 && !router_store_default(m, parent))
		stored = confdb_apply(parent, m);
	/* A stored command opens its mode on the node stored; one whose
	 * handler did everything (CMD_DONE) enters the mode itself. */
	if (enter && cmd->enters != NULL && m->negate == GNEG_NONE &&
	    s->depth == depth && session_mode(s) != cmd->enters &&
	    (!cmd->store || stored != NULL))
		session_enter(s, cmd->enters, stored);
}

static void
session_ctx(struct session *s, struct cmd_ctx *ctx, const struct gmatch *m,
    struct confnode *node, const char *line)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->term = s->term;
	ctx->session = s;
	ctx->router = s->router;
	ctx->match = m;
	ctx->node = node;
	ctx->line = line;
}

/* The innermost command that got CMD_WAIT says how it ends. */
static void
session_pending_finish_info(struct session *s, struct confnode *parent,
    int enter, int depth)
{
	struct session_pending	*p = s->pending;

	if (p == NULL || p->finish_set)
		return;
	p->finish_set = 1;
	p->parent = parent;
	p->enter = enter;
	p->depth = depth;
}

static int	session_run(struct session *, struct gmatch *, const char *,
		    struct confnode *, int);

/* A legacy spelling runs as the command it respells: its leading keywords
 * replaced (`no ip domain-lookup` is `no ip domain lookup`), the line
 * matched again in the same mode. */
static int
session_respell(struct session *s, struct gmatch *m, struct confnode *parent,
    int enter)
{
	struct sbuf	 legacy, text, line;
	struct gmatch	 nm;
	struct gerror	 err;
	const char	*body;
	size_t		 neg;
	int		 i, rc = CMD_ERROR;

	sbuf_init(&legacy);
	for (i = 0; i < m->nvals && gval_is_keyword(&m->vals[i]); i++)
		sbuf_printf(&legacy, "%s%s", i > 0 ? " " : "",
		    m->vals[i].text);
	sbuf_init(&text);
	gmatch_render(m, &text);
	body = sbuf_str(&text);
	neg = m->negate == GNEG_NO ? 3 : m->negate == GNEG_DEFAULT ? 8 : 0;
	sbuf_init(&line);
	sbuf_add(&line, body, neg);
	sbuf_puts(&line, m->cmd->respell);
	if (strncmp(body + neg, sbuf_str(&legacy), legacy.len) == 0)
		sbuf_puts(&line, body + neg + legacy.len);
	memset(&nm, 0, sizeof nm);
	/* One step only: a respelling never leads to another. */
	if (grammar_match(router_grammar(s->router), m->cmd->mode, 15,
	    sbuf_str(&line), &nm, &err) == 0 && nm.cmd->respell == NULL)
		rc = session_run(s, &nm, sbuf_str(&line), parent, enter);
	gmatch_free(&nm);
	sbuf_free(&line);
	sbuf_free(&legacy);
	sbuf_free(&text);
	return rc;
}

/* Runs a matched command; returns the handler's result. */
static int
session_run(struct session *s, struct gmatch *m, const char *line,
    struct confnode *parent, int enter)
{
	struct cmd_ctx	 ctx;
	int		 depth = s->depth, rc = 0;

	if (m->cmd->respell != NULL)
		return session_respell(s, m, parent, enter);
	session_ctx(s, &ctx, m, parent, line);
	if (m->cmd->handler != NULL)
		rc = m->cmd->handler(&ctx);
	if (rc == CMD_WAIT && s->pending != NULL) {
		session_pending_finish_info(s, parent, enter, depth);
		return CMD_WAIT;
	}
	if (rc == CMD_WAIT)
		rc = CMD_ERROR;
	if (rc != CMD_ERROR)
		session_store_enter(s, m, parent, enter, depth, rc);
	return rc;
}

/* A raw mode takes the line itself; `quit` leaves it (after the question
 * the handler may ask then, in session_finish). */
static int
session_raw(struct session *s, const char *line)
{
	const struct gmode	*mode = session_mode(s);
	struct cmd_ctx		 ctx;
	int			 rc, quit, depth;

	quit = cmd_line_is_quit(line);
	session_ctx(s, &ctx, NULL, session_node(s), quit ? "quit" : line);
	depth = s->depth;
	rc = mode->raw_handler(&ctx);
	if (rc == CMD_WAIT && s->pending != NULL) {
		session_pending_finish_info(s, NULL, quit, depth);
		return CMD_WAIT;
	}
	/* The handler may have removed its node, which left the mode. */
	if (quit && s->depth == depth)
		session_exit(s);
	return rc == CMD_ERROR || rc == CMD_WAIT ? CMD_ERROR : 0;
}

int
session_finish(struct session *s, int rc)
{
	struct session_pending	*p = s->pending;

	if (rc == CMD_WAIT)
		rc = CMD_ERROR;
	if (p != NULL && p->match != NULL && rc != CMD_ERROR && !p->node_gone)
		session_store_enter(s, p->match, p->parent, p->enter, p->depth,
		    rc);
	/* A raw mode's `quit` leaves it once the question is answered. */
	if (p != NULL && p->match == NULL && p->enter && s->depth == p->depth)
		session_exit(s);
	session_pending_free(s);
	output_end(s->output);
	if (rc == CMD_ERROR)
		s->rejected++;
	return rc == CMD_ERROR ? -1 : 0;
}

/*
 * IOS fall-through (§7.1): a line refused in a sub-mode is tried in the
 * parent modes up to global configuration; where it matches, the session
 * moves to that level and runs it there.
 */
static int
session_fall_through(struct session *s, const char *line, struct gmatch *m)
{
	struct gerror	 err;
	int		 level;

	for (level = s->depth - 1; level >= 1; level--) {
		if (grammar_match(router_grammar(s->router), s->levels[level].mode, 15,
		    line, m, &err) == 0) {
			while (s->depth > level) {
				s->levels[s->depth].node = NULL;
				s->depth--;
			}
			return 0;
		}
	}
	return -1;
}

/* Finds the output filter of a show command: returns the offset of the
 * `|`, or -1 when the line has none to strip. */
int
session_filter_find(struct session *s, const char *line)
{
	const char	*w, *bar;
	size_t		 n;

	w = session_word(line, &n);
	if (s->depth != 0) {
		if (!session_word_is(w, n, "do", 2))
			return -1;
		w = session_word(w + n, &n);
	}
	if (!session_word_is(w, n, "show", 1) &&
	    !session_word_is(w, n, "more", 2))
		return -1;
	if ((bar = strchr(w + n, '|')) == NULL)
		return -1;
	return (int)(bar - line);
}

const char *const session_filter_names[] = {
	"begin", "count", "exclude", "include", "section", NULL
};
static const enum output_filter_kind session_filter_kinds[] = {
	OUTPUT_FILTER_BEGIN, OUTPUT_FILTER_COUNT, OUTPUT_FILTER_EXCLUDE,
	OUTPUT_FILTER_INCLUDE, OUTPUT_FILTER_SECTION
};

/* The filter keyword at w (n characters): index, or -1 with *ambiguous. */
static int
session_filter_keyword(const char *w, size_t n, int *ambiguous)
{
	int	 i, found = -1;

	*ambiguous = 0;
	for (i = 0; session_filter_names[i] != NULL; i++) {
		if (!session_word_is(w, n, session_filter_names[i], 1))
			continue;
		if (found != -1)
			*ambiguous = 1;
		found = i;
	}
	return *ambiguous ? -1 : found;
}

/*
 * Parses "| KEYWORD REGEX" at line + bar. On success sets *kind and
 * *regex (caller frees); on error prints the IOS error and returns -1.
 */
static int
session_filter_parse(struct session *s, const char *line, int bar,
    int column, enum output_filter_kind *kind, char **regex)
{
	struct gerror	 err = { GERR_INCOMPLETE, 0 };
	const char	*w, *r;
	size_t		 n, len;
	int		 i, ambiguous;

	w = session_word(line + bar + 1, &n);
	if (n == 0)
		goto fail;
	err.kind = GERR_INVALID;
	err.column = (int)(w - line);
	if ((i = session_filter_keyword(w, n, &ambiguous)) == -1) {
		if (ambiguous)
			err.kind = GERR_AMBIGUOUS;
		goto fail;
	}
	*kind = session_filter_kinds[i];
	r = w + n;
	if (*kind == OUTPUT_FILTER_SECTION) {
		w = session_word(r, &n);
		if (session_word_is(w, n, "include", 3))
			r = w + n;
		else if (session_word_is(w, n, "exclude", 3)) {
			*kind = OUTPUT_FILTER_SECTION_EXCLUDE;
			r = w + n;
		}
	}
	while (*r == ' ' || *r == '\t')
		r++;
	len = strlen(r);
	while (len > 0 && isspace((unsigned char)r[len - 1]))
		len--;
	err.kind = GERR_INCOMPLETE;
	if (len == 0)
		goto fail;
	*regex = xstrndup(r, len);
	if (output_filter_check(*regex) == 0)
		return 0;
	free(*regex);
	*regex = NULL;
	err.kind = GERR_INVALID;
	err.column = (int)(r - line);
fail:
	session_error(s, line, &err, column, 0);
	return -1;
}

int
exec_line_refused_at(const char *line, size_t len)
{
	const char	*nul;
	size_t		 kept = len > EXEC_LINE_MAX ? EXEC_LINE_MAX : len;

	if ((nul = memchr(line, '\0', kept)) != NULL)
		return (int)(nul - line);
	return len > EXEC_LINE_MAX ? EXEC_LINE_MAX : -1;
}

static int
session_refused(struct session *s)
{
	s->rejected++;
	return -1;
}

int
session_refuse_at(struct session *s, const char *line, int at)
{
	struct gerror	 err;

	err.kind = GERR_INVALID;
	err.column = at;
	session_error(s, line, &err, -1, 0);
	return session_refused(s);
}

/* Matches and runs line (the filter already cut off) in the current mode:
 * the handler's result, or CMD_ERROR when refused (error printed). */
static int
session_dispatch(struct session *s, const char *line, const char *typed,
    int column)
{
	struct gmatch	 m;
	struct gerror	 err;
	int		 rc, priv;

	priv = s->depth == 0 ? s->privilege : 15;
	m.nvals = 0;
	if (grammar_match(router_grammar(s->router), session_mode(s), priv,
	    line, &m, &err) != 0) {
		if (err.kind == GERR_EMPTY)
			return 0;
		gmatch_free(&m);
		if (s->depth < 2 || session_fall_through(s, line, &m) != 0) {
			gmatch_free(&m);
			session_error(s, typed, &err, column, s->depth == 0);
			return CMD_ERROR;
		}
	}
	rc = session_run(s, &m, line, session_node(s), 1);
	gmatch_free(&m);
	return rc;
}

/* A command line: its filter cut off, run; the output closed when it has
 * ended, now or when its last question is answered. */
static int
session_execute(struct session *s, const char *line)
{
	enum output_filter_kind	 kind = OUTPUT_FILTER_NONE;
	const char		*saved = s->exec_line;
	char			*cmd = NULL, *regex = NULL;
	int			 bar, rc;

	if (session_mode(s) != NULL && session_mode(s)->raw_handler != NULL) {
		output_begin(s->output, OUTPUT_FILTER_NONE, NULL);
		rc = session_raw(s, line);
	} else {
		if (s->kind != SESSION_FILE && *line != '\0')
			session_history_add(s, line);
		if ((bar = session_filter_find(s, line)) != -1) {
			if (session_filter_parse(s, line, bar, -1, &kind,
			    &regex) != 0)
				return session_refused(s);
			cmd = xstrndup(line, bar);
		}
		s->exec_line = line;
		output_begin(s->output, kind, regex);
		rc = session_dispatch(s, cmd != NULL ? cmd : line, line, -1);
		s->exec_line = saved;
		free(cmd);
		free(regex);
	}
	if (rc == CMD_WAIT)
		return 0;
	output_end(s->output);
	return rc == CMD_ERROR ? session_refused(s) : 0;
}

int
session_input(struct session *s, const char *line)
{
	struct timespec	 ts;
	int		 rc;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->last_input = ts.tv_sec;
	if (session_waiting(s) == SESSION_BUSY)
		return 0;	/* front ends hold input meanwhile */
	if (s->pending != NULL && s->pending->fn != NULL)
		rc = session_answer(s, line);
	else
		rc = session_execute(s, line);
	router_reload_if_requested(s->router);
	return rc;
}

long
session_idle(const struct session *s)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return s->last_input != 0 ? (long)(ts.tv_sec - s->last_input) : 0;
}

void
session_input_end(struct session *s)
{
	if (session_waiting(s) == SESSION_QUESTION)
		session_answer(s, NULL);
	router_reload_if_requested(s->router);
}

/* `do COMMAND`: CMD_DONE, CMD_ERROR or CMD_WAIT for the handler. */
int
session_execute_exec(struct session *s, const char *line)
{
	struct gmatch	 m;
	struct gerror	 err;
	const char	*at;
	int		 column, rc;

	column = session_line_column(s);
	/* The caret goes under the command inside "do COMMAND". */
	if (s->exec_line != NULL && (at = strstr(s->exec_line, line)) != NULL)
		column += (int)(at - s->exec_line);
	m.nvals = 0;
	if (grammar_match(router_grammar(s->router), s->levels[0].mode,
	    s->privilege, line, &m, &err) != 0) {
		gmatch_free(&m);
		if (err.kind == GERR_EMPTY)
			return CMD_DONE;
		session_error(s, line, &err, column, 0);
		return CMD_ERROR;
	}
	/* EXEC commands keep the mode: no node, no sub-mode entered. */
	rc = session_run(s, &m, line, NULL, 0);
	gmatch_free(&m);
	return rc == CMD_ERROR || rc == CMD_WAIT ? rc : CMD_DONE;
}

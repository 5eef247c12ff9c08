/*
 * A session: its kind and name, privilege, mode stack, prompt, history
 * and terminal settings, and how the front end sees it (what it waits
 * for). The executor is execute.c; `?` and TAB are session_help.c.
 */
#include <ctype.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <strings.h>

#include "confdb.h"
#include "log.h"
#include "sbuf.h"
#include "session_int.h"
#include "xmalloc.h"

static void
session_config_left(struct session *s)
{
	if (s->kind != SESSION_FILE)
		log_msg("%%SYS-5-CONFIG_I: Configured from console by %s",
		    s->name);
}

/*
 * A node removed while a session is in its mode (a raw handler dropping a
 * certificate it could not read, another session's `no`) takes the
 * session out of that mode: the session never keeps a freed node, nor does
 * a question waiting in it.
 */
static void
session_confdb_event(enum confdb_event ev, struct confnode *n, void *arg)
{
	struct session		*s = arg;
	struct session_pending	*p = s->pending;
	int			 i;

	if (ev != CONFDB_REMOVE || n == NULL)
		return;
	if (p != NULL && (p->parent == n || p->ctx.node == n)) {
		p->parent = NULL;
		p->ctx.node = NULL;
		p->node_gone = 1;
	}
	for (i = 1; i <= s->depth; i++) {
		if (s->levels[i].node != n)
			continue;
		while (s->depth >= i) {
			s->levels[s->depth].node = NULL;
			s->depth--;
		}
		if (s->depth == 0)
			session_config_left(s);
		return;
	}
}

static void
session_defaults(struct session *s)
{
	s->depth = 0;
	s->privilege = 1;
	s->quit = 0;
	s->term_length = 24;
	s->term_width = s->io.dev != NULL && s->io.dev->width != 0 ?
	    s->io.dev->width : 80;
	s->monitor = 0;
	s->history_size = 10;
	s->levels[0].mode = grammar_mode(router_grammar(s->router), "exec");
}

struct session *
session_new(struct router *r, enum session_kind kind, const char *name,
    const struct session_io *io)
{
	struct session	*s;
	struct timespec	 ts;

	s = xcalloc(1, sizeof *s);
	s->router = r;
	s->kind = kind;
	s->name = xstrdup(name);
	s->io = *io;
	session_defaults(s);
	s->output = output_new(io->dev, s);
	s->term = output_term(s->output);
	s->line_column = -1;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	s->last_input = ts.tv_sec;	/* idle from the start */
	confdb_subscribe(session_confdb_event, s);
	router_session_add(r, s);
	return s;
}

void
session_free(struct session *s)
{
	int	 i;

	if (s == NULL)
		return;
	session_pending_free(s);
	router_session_remove(s->router, s);
	confdb_unsubscribe(session_confdb_event, s);
	for (i = 0; i < s->history_len; i++)
		free(s->history[i]);
	free(s->history);
	output_free(s->output);
	free(s->name);
	free(s->user);
	free(s->location);
	free(s->transport);
	free(s->ssh_info);
	free(s);
}

void
session_set_login(struct session *s, int line_no, const char *user,
    const char *location)
{
	free(s->user);
	free(s->location);
	s->line_no = line_no;
	s->user = user != NULL && *user != '\0' ? xstrdup(user) : NULL;
	s->location = location != NULL ? xstrdup(location) : NULL;
	if (s->kind == SESSION_VTY && line_no >= 0 && line_no < 16)
		s->router->line_uses[2 + line_no]++;
}

void
session_set_transport(struct session *s, const char *name, const char *info)
{
	free(s->transport);
	free(s->ssh_info);
	s->transport = name != NULL ? xstrdup(name) : NULL;
	s->ssh_info = info != NULL ? xstrdup(info) : NULL;
}

void
session_reset(struct session *s)
{
	int	 i;

	session_pending_free(s);
	output_begin(s->output, OUTPUT_FILTER_NONE, NULL);
	for (i = 0; i < s->history_len; i++)
		free(s->history[i]);
	s->history_len = 0;
	session_defaults(s);
	if (s->io.reset != NULL)
		s->io.reset(s->io.arg);
}

enum session_kind
session_kind(const struct session *s)
{
	return s->kind;
}

const char *
session_name(const struct session *s)
{
	return s->name;
}

struct router *
session_router(const struct session *s)
{
	return s->router;
}

int
session_privilege(const struct session *s)
{
	return s->privilege;
}

void
session_set_privilege(struct session *s, int privilege)
{
	s->privilege = privilege;
}

int
session_in_exec(const struct session *s)
{
	return s->depth == 0;
}

int
session_quiet(const struct session *s)
{
	return s->kind == SESSION_FILE;
}

int
session_rejected(const struct session *s)
{
	return s->rejected;
}

int
session_quit(const struct session *s)
{
	return s->quit;
}

void
session_set_quit(struct session *s)
{
	s->quit = 1;
}

void
session_set_line_column(struct session *s, int column)
{
	s->line_column = column;
}

void
session_output_flush(struct session *s)
{
	output_flush(s->output);
}

enum session_wait
session_waiting(const struct session *s)
{
	if (s->pending != NULL && s->pending->fn != NULL)
		return s->pending->busy ? SESSION_BUSY : SESSION_QUESTION;
	if (output_paused(s->output))
		return SESSION_MORE;
	return SESSION_READY;
}

int
session_question_echo(const struct session *s)
{
	return s->pending == NULL || s->pending->echo;
}

void
session_more_key(struct session *s, int key)
{
	output_more_key(s->output, key);
}

const struct gmode *
session_mode(const struct session *s)
{
	return s->levels[s->depth].mode;
}

struct confnode *
session_node(const struct session *s)
{
	return s->levels[s->depth].node;
}

void
session_prompt(struct session *s, struct sbuf *out)
{
	const struct gmode	*mode = session_mode(s);

	sbuf_puts(out, router_hostname(s->router));
	if (mode != NULL && mode->prompt != NULL)
		sbuf_puts(out, mode->prompt);
	sbuf_putc(out, s->depth == 0 && s->privilege < 15 ? '>' : '#');
}

void
session_enter(struct session *s, const struct gmode *mode,
    struct confnode *node)
{
	if (s->depth + 1 >= SESSION_MAX_DEPTH)
		return;
	s->depth++;
	s->levels[s->depth].mode = mode;
	s->levels[s->depth].node = node;
}

void
session_exit(struct session *s)
{
	if (s->depth == 0) {
		s->quit = 1;
		return;
	}
	s->levels[s->depth].node = NULL;
	s->depth--;
	if (s->depth == 0)
		session_config_left(s);
}

void
session_end(struct session *s)
{
	if (s->depth == 0)
		return;
	s->depth = 0;
	session_config_left(s);
}

void
session_leave_to(struct session *s, int depth)
{
	while (s->depth > depth && s->depth > 1) {
		s->levels[s->depth].node = NULL;
		s->depth--;
	}
}

void
session_history_add(struct session *s, const char *line)
{
	int	 i, drop;

	if (s->history_size <= 0)
		return;
	if (s->history_len >= s->history_size) {
		drop = s->history_len - s->history_size + 1;
		for (i = 0; i < drop; i++)
			free(s->history[i]);
		memmove(s->history, s->history + drop,
		    (s->history_len - drop) * sizeof *s->history);
		s->history_len -= drop;
	}
	s->history = xreallocarray(s->history, s->history_len + 1,
	    sizeof *s->history);
	s->history[s->history_len++] = xstrdup(line);
}


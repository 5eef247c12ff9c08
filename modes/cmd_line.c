/*
 * The handlers of modes/line.xml that storing alone cannot express:
 * `line console 0` kept as `line con 0`, `line vty FIRST LAST` checked (a
 * range of one line is that line), `exec-timeout M` shown with its `0`
 * seconds, and `password 0 TEXT` kept as `password TEXT`. Defaults IOS
 * does not show are the grammar's (`default=` in line.xml).
 */
#include <stdlib.h>
#include <string.h>

#include "modes_int.h"
#include "xmalloc.h"

/* Stores m (a respelled copy of the typed command) and enters the mode it
 * opens, as the executor does for a command without handler. */
static void
line_apply_enter(struct cmd_ctx *ctx, const struct gmatch *m)
{
	struct confnode	*n;

	n = confdb_apply(ctx->node, m);
	if (n != NULL && ctx->session != NULL && m->cmd->enters != NULL)
		session_enter(ctx->session, m->cmd->enters, n);
}

/* `line console 0` is `console` to the parser but `line con 0` in
 * running-config: the node is stored under the short spelling. */
static int
line_console(struct cmd_ctx *ctx)
{
	struct gmatch	 m;
	int		 i;

	memset(&m, 0, sizeof m);
	gmatch_copy(&m, ctx->match);
	for (i = 0; i < m.nvals; i++) {
		if (strcmp(m.vals[i].text, "console") == 0) {
			free(m.vals[i].text);
			m.vals[i].text = xstrdup("con");
		}
	}
	line_apply_enter(ctx, &m);
	gmatch_free(&m);
	return CMD_DONE;
}

/* `line vty FIRST LAST` with LAST before FIRST names no line; with LAST
 * equal to FIRST it names one line, kept and shown as `line vty FIRST`. */
static int
line_vty(struct cmd_ctx *ctx)
{
	const struct gval	*first, *last;
	struct gmatch		 m;

	if ((first = gmatch_get(ctx->match, "$first")) == NULL ||
	    (last = gmatch_get(ctx->match, "$last")) == NULL)
		return 0;
	if (last->num < first->num) {
		term_puts(ctx->term, "%Invalid line range\n");
		return -1;
	}
	if (last->num > first->num)
		return 0;
	memset(&m, 0, sizeof m);
	gmatch_copy(&m, ctx->match);
	free(m.vals[m.nvals - 1].text);
	m.nvals--;
	line_apply_enter(ctx, &m);
	gmatch_free(&m);
	return CMD_DONE;
}

/* `exec-timeout M` is kept as `exec-timeout M 0` (and, as the default
 * of line.xml says, `exec-timeout 10 0` not at all). */
static int
line_exec_timeout(struct cmd_ctx *ctx)
{
	const struct gmatch	*m = ctx->match;
	char			*line;

	if (m->negate != GNEG_NONE || gmatch_has(m, "$sec"))
		return 0;
	xasprintf(&line, "exec-timeout %lld 0", gmatch_num(m, "$min", 10));
	router_apply_line(ctx->router, ctx->node, m->cmd->mode->name, line);
	free(line);
	return CMD_DONE;
}

/* `password 0 TEXT` is kept and shown as `password TEXT` (type 7 once
 * service password-encryption is on: the renderer's job). */
static int
line_password(struct cmd_ctx *ctx)
{
	const char	*typed;
	char		*line;

	if (ctx->match->negate != GNEG_NONE ||
	    (typed = gmatch_str(ctx->match, "typed")) == NULL)
		return 0;
	xasprintf(&line, "password %s", typed);
	router_apply_line(ctx->router, ctx->node,
	    ctx->match->cmd->mode->name, line);
	free(line);
	return CMD_DONE;
}

void
line_cmds_register(void)
{
	grammar_handler_register("line_console", line_console);
	grammar_handler_register("line_vty", line_vty);
	grammar_handler_register("line_exec_timeout", line_exec_timeout);
	grammar_handler_register("line_password", line_password);
}

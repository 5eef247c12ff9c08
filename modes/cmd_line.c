/*
 * The handlers of modes/line.xml that storing alone cannot express:
 * `line console 0` kept as `line con 0`, `line vty FIRST LAST` checked (a
 * range of one line is that line), `exec-timeout M` shown with its `0`
 * seconds, and `password 0 TEXT` kept as `password TEXT`. Defaults IOS
 * does not show are the grammar's (`default=` in line.xml).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modes_int.h"
#include "term.h"
#include "type7.h"
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
	struct confnode		*n;
	char			 key[64];
	int			 fresh;

	if ((first = gmatch_get(ctx->match, "$first")) == NULL ||
	    (last = gmatch_get(ctx->match, "$last")) == NULL)
		return 0;
	if (last->num < first->num) {
		term_puts(ctx->term, "%Invalid line range\n");
		return -1;
	}
	memset(&m, 0, sizeof m);
	gmatch_copy(&m, ctx->match);
	if (last->num == first->num) {
		free(m.vals[m.nvals - 1].text);
		m.nvals--;
		snprintf(key, sizeof key, "line vty %lld", first->num);
	} else
		snprintf(key, sizeof key, "line vty %lld %lld", first->num,
		    last->num);
	fresh = confdb_find(NULL, key) == NULL;
	line_apply_enter(ctx, &m);
	gmatch_free(&m);
	/* IOS's vty lines come with `login`: a new one asks a password. */
	if (fresh && (n = confdb_find(NULL, key)) != NULL)
		router_apply_line(ctx->router, n, "config-line", "login");
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

/* `username N [privilege P] secret TEXT` is kept as `secret 5 HASH`;
 * `password TEXT` as `password 0 TEXT`, as 12.4T shows it. */
static int
line_username(struct cmd_ctx *ctx)
{
	const struct gmatch	*m = ctx->match;
	const char		*name, *plain, *priv;
	char			*line, *hash, pbuf[32] = "";

	if (m->negate != GNEG_NONE || (name = gmatch_str(m, "$name")) == NULL)
		return 0;
	if ((priv = gmatch_str(m, "$priv")) != NULL)
		snprintf(pbuf, sizeof pbuf, " privilege %s", priv);
	if ((plain = gmatch_str(m, "$stype")) != NULL ||
	    (plain = gmatch_str(m, "$splain")) != NULL) {
		hash = password5_hash(plain, NULL);
		xasprintf(&line, "username %s%s secret 5 %s", name, pbuf, hash);
		free(hash);
	} else if ((plain = gmatch_str(m, "$plain")) != NULL)
		/* IOS shows the type: `password 0 TEXT`. */
		xasprintf(&line, "username %s%s password 0 %s", name, pbuf,
		    plain);
	else if ((plain = gmatch_str(m, "$shash")) != NULL &&
	    !password5_valid(plain)) {
		term_puts(ctx->term, "ERROR: The secret you entered is not a "
		    "valid encrypted secret.\n");
		return CMD_ERROR;
	} else
		return 0;		/* stored as typed */
	router_apply_line(ctx->router, NULL, "config", line);
	free(line);
	return CMD_DONE;
}

void
line_cmds_register(void)
{
	grammar_handler_register("line_username", line_username);
	grammar_handler_register("line_console", line_console);
	grammar_handler_register("line_vty", line_vty);
	grammar_handler_register("line_exec_timeout", line_exec_timeout);
	grammar_handler_register("line_password", line_password);
}

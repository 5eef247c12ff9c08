/*
 * Moving between EXEC levels and configuration modes: enable (with its
 * password prompt), disable, exit/logout/quit, configure, end, do
 * (ios-reference.md §4.1, §4.2, §7.2).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "modes.h"
#include "modes_int.h"
#include "exec.h"
#include "type7.h"
#include "xmalloc.h"

/* Does the typed answer open privileged EXEC? `enable secret` wins over
 * `enable password` when both are set, as on IOS. */
static int
enable_check(const char *answer)
{
	struct confnode	*n;
	const char	*v;
	char		*plain;
	int		 ok;

	if ((n = confdb_find(NULL, "enable secret")) != NULL) {
		v = gmatch_str(&n->match, "hash");
		return v != NULL && password5_check(answer, v);
	}
	if ((n = confdb_find(NULL, "enable password")) == NULL)
		return 1;
	if ((v = gmatch_str(&n->match, "hidden")) != NULL) {
		if ((plain = password7_decode(v)) == NULL)
			return 0;
		ok = strcmp(plain, answer) == 0;
		free(plain);
		return ok;
	}
	if ((v = gmatch_str(&n->match, "plain")) == NULL)
		v = gmatch_str(&n->match, "typed");
	return v != NULL && strcmp(v, answer) == 0;
}

/* Each wrong password asks again, three times in all, as IOS does. */
struct enable_try {
	int	 tries;
};

static int
enable_answer(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	struct enable_try	*t = arg;

	if (answer != NULL && enable_check(answer)) {
		session_set_privilege(ctx->session, 15);
		free(t);
		return 0;
	}
	if (answer != NULL && ++t->tries < 3)
		return cmd_ask(ctx, "Password: ", 0, enable_answer, t);
	free(t);
	if (answer != NULL)
		term_puts(ctx->term, "% Bad secrets\n\n");
	return -1;
}

int
modes_enable(struct cmd_ctx *ctx)
{
	struct session	*s = ctx->session;

	if (session_privilege(s) >= 15)
		return 0;
	if (confdb_find(NULL, "enable secret") == NULL &&
	    confdb_find(NULL, "enable password") == NULL) {
		/* The console enters at once; a vty has nothing to check. */
		if (session_kind(s) == SESSION_VTY) {
			term_puts(ctx->term, "% No password set\n");
			return -1;
		}
		session_set_privilege(s, 15);
		return 0;
	}
	return cmd_ask(ctx, "Password: ", 0, enable_answer,
	    xcalloc(1, sizeof(struct enable_try)));
}

int
modes_disable(struct cmd_ctx *ctx)
{
	session_set_privilege(ctx->session, 1);
	return 0;
}

/* exit/logout/quit in EXEC ends the session; exit in a configuration mode
 * goes one level up (leaving global configuration logs CONFIG_I). */
int
modes_exit(struct cmd_ctx *ctx)
{
	session_exit(ctx->session);
	return CMD_DONE;
}

int
modes_end(struct cmd_ctx *ctx)
{
	session_end(ctx->session);
	return CMD_DONE;
}

int
modes_do(struct cmd_ctx *ctx)
{
	const char	*line = gmatch_str(ctx->match, "LINE");

	if (line == NULL)
		return CMD_DONE;
	return session_execute_exec(ctx->session, line);
}

static void
configure_terminal(struct cmd_ctx *ctx)
{
	const struct gmode	*config;

	config = grammar_mode(router_grammar(ctx->router), "config");
	term_puts(ctx->term, "Enter configuration commands, one per line.  "
	    "End with CNTL/Z.\n");
	if (config != NULL)
		session_enter(ctx->session, config, NULL);
}

/* `configure memory`: startup-config merged into the running one. */
static int
configure_memory(struct cmd_ctx *ctx)
{
	if (startup_config_merge(ctx->router) != 0)
		return -1;
	log_msg("%%SYS-5-CONFIG_I: Configured from memory by %s",
	    session_name(ctx->session));
	return 0;
}

static int
configure_answer(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	const char	*a;
	size_t		 n;
	int		 rc = 0;

	if (answer == NULL)
		return -1;
	a = answer + strspn(answer, " \t");
	n = strcspn(a, " \t");
	if (n == 0 || strncasecmp(a, "terminal", n) == 0)
		configure_terminal(ctx);
	else if (strncasecmp(a, "memory", n) == 0)
		rc = configure_memory(ctx);
	else {
		term_puts(ctx->term, "?Must be \"terminal\", \"memory\" or "
		    "\"network\"\n");
		rc = -1;
	}
	return rc == 0 ? CMD_DONE : -1;
}

int
modes_configure(struct cmd_ctx *ctx)
{
	const struct gmatch	*m = ctx->match;

	/* `do configure` is refused by IOS: configuration is entered from
	 * EXEC only. */
	if (!session_in_exec(ctx->session))
		return CMD_DONE;
	if (gmatch_has(m, "terminal")) {
		configure_terminal(ctx);
		return CMD_DONE;
	}
	if (gmatch_has(m, "memory"))
		return configure_memory(ctx) == 0 ? CMD_DONE : -1;
	return cmd_ask(ctx,
	    "Configuring from terminal, memory, or network [terminal]? ", 1,
	    configure_answer, NULL);
}

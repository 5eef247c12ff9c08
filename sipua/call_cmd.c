/* EXEC handlers of sipua/call.xml: they read the match and print; the
 * work is call*.c's, dialpeer*.c's and register.c's. */
#include <stdio.h>
#include <string.h>

#include "call.h"
#include "exec.h"
#include "grammar.h"
#include "term.h"

static int
call_csim_start(struct cmd_ctx *ctx)
{
	const char	*number = gmatch_str(ctx->match, "$number");
	const char	*err = NULL;

	/* calls.md §1.7: the blank lines are IOS's. */
	term_printf(ctx->term, "\ncsim: called number = %s, loop count = 1 "
	    "ping count = 0\n\n", number);
	if (call_place(number, &err) == NULL && err != NULL)
		/* calls.md §7.4: unverified wording, from forum memory. */
		term_printf(ctx->term, "csim err:csim_do_test Error %s\n", err);
	return CMD_OK;
}

static int
call_show(struct cmd_ctx *ctx)
{
	const struct gmatch	*m = ctx->match;
	struct sbuf		 sb;
	int			 rc = CMD_OK;

	sbuf_init(&sb);
	if (gmatch_has(m, "dial-peer")) {
		if (gmatch_has(m, "summary"))
			dialpeer_show_summary(&sb);
		else if (gmatch_has(m, "$tag")) {
			if (dialpeer_show_one((unsigned long)gmatch_num(m,
			    "$tag", 0), &sb) != 0)
				rc = CMD_OK;	/* IOS prints nothing */
		} else {
			struct dial_peer	*dp;

			TAILQ_FOREACH(dp, dialpeer_all(), entry) {
				dialpeer_show_one(dp->tag, &sb);
				sbuf_putc(&sb, '\n');
			}
		}
	} else if (gmatch_has(m, "history"))
		call_show_history_brief(&sb);
	else if (gmatch_has(m, "active"))
		if (gmatch_has(m, "brief"))
			call_show_active_brief(&sb);
		else
			call_show_active(&sb);
	else if (gmatch_has(m, "calls"))
		call_show_sip_calls(&sb);
	else if (gmatch_has(m, "register"))
		register_show_status(&sb, gmatch_has(m, "secondary"));
	else
		call_show_rtp(&sb);
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return rc;
}

static int
call_clear(struct cmd_ctx *ctx)
{
	const struct gmatch	*m = ctx->match;
	int			 cause = (int)gmatch_num(m, "$cause", 16);
	struct call		*c, *next;
	unsigned		 id;

	if (gmatch_has(m, "$id")) {
		id = (unsigned)gmatch_num(m, "$id", 0);
		if ((c = call_by_id(id)) == NULL) {
			term_printf(ctx->term, "%% Call ID %u not found\n", id);
			return CMD_ERROR;
		}
		call_hangup(c, cause);
		return CMD_OK;
	}
	for (c = TAILQ_FIRST(&calls); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		call_hangup(c, cause);
	}
	return CMD_OK;
}

void
call_cmd_register(void)
{
	grammar_handler_register("call_csim_start", call_csim_start);
	grammar_handler_register("call_show", call_show);
	grammar_handler_register("call_clear", call_clear);
}

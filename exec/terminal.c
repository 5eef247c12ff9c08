/* The commands that are session settings (exec/terminal.xml): terminal
 * length, width, monitor, history size, and show history. */
#include <stdlib.h>
#include <string.h>

#include "session_int.h"

static int
exec_terminal_length(struct cmd_ctx *ctx)
{
	ctx->session->term_length = (int)gmatch_num(ctx->match, "<0-512>", 24);
	return 0;
}

static int
exec_terminal_width(struct cmd_ctx *ctx)
{
	int	 width = (int)gmatch_num(ctx->match, "<0-512>", 80);

	ctx->session->term_width = width;
	return 0;
}

static int
exec_terminal_monitor(struct cmd_ctx *ctx)
{
	ctx->session->monitor = 1;
	return 0;
}

static int
exec_terminal_no_monitor(struct cmd_ctx *ctx)
{
	ctx->session->monitor = 0;
	return 0;
}

static int
exec_terminal_history_size(struct cmd_ctx *ctx)
{
	struct session	*s = ctx->session;
	int		 size, i, drop;

	size = (int)gmatch_num(ctx->match, "<0-256>", 10);
	if (s->history_len > size) {
		drop = s->history_len - size;
		for (i = 0; i < drop; i++)
			free(s->history[i]);
		memmove(s->history, s->history + drop,
		    size * sizeof *s->history);
		s->history_len = size;
	}
	s->history_size = size;
	return 0;
}

/* Oldest first, two spaces in front; the `show history` just typed is the
 * last entry because the executor records a line before running it. */
static int
cli_show_history(struct cmd_ctx *ctx)
{
	struct session	*s = ctx->session;
	int		 i;

	for (i = 0; i < s->history_len; i++)
		term_printf(ctx->term, "  %s\n", s->history[i]);
	return 0;
}

void
exec_register(void)
{
	exec_users_register();
	exec_lines_register();
	exec_logging_register();
	grammar_handler_register("exec_terminal_length", exec_terminal_length);
	grammar_handler_register("exec_terminal_width", exec_terminal_width);
	grammar_handler_register("exec_terminal_monitor", exec_terminal_monitor);
	grammar_handler_register("exec_terminal_no_monitor",
	    exec_terminal_no_monitor);
	grammar_handler_register("exec_terminal_history_size",
	    exec_terminal_history_size);
	grammar_handler_register("cli_show_history", cli_show_history);
}

/* `show users` and `who`: one row per session of the router, the caller's
 * marked with `*`, as IOS lists its lines. No 12.4T capture of this
 * router's line numbering was found: the console is line 0, the aux port
 * line 1 and vty N line 2+N, as on a router without async lines; the
 * layout is IOS's (header, rows, and the empty interface table). Script
 * mode stands for the console. */
#include <stdio.h>
#include <time.h>

#include "grammar.h"
#include "session_int.h"
#include "term.h"

static void
users_row(struct sbuf *sb, const struct session *s, int self, time_t now)
{
	char		 line[16], idle[32];
	long		 secs = s->last_input != 0 ? (long)(now - s->last_input) : 0;
	int		 abs_line;

	if (s->kind == SESSION_VTY) {
		snprintf(line, sizeof line, "vty %d", s->line_no);
		abs_line = 2 + s->line_no;
	} else {
		snprintf(line, sizeof line, "con 0");
		abs_line = 0;
	}
	if (secs < 0)
		secs = 0;
	snprintf(idle, sizeof idle, "%02ld:%02ld:%02ld", secs / 3600,
	    secs / 60 % 60, secs % 60);
	sbuf_printf(sb, "%c%3d %-9s %-10s %-20s %s", self ? '*' : ' ',
	    abs_line, line, s->user != NULL ? s->user : "", "idle", idle);
	if (s->location != NULL)
		sbuf_printf(sb, "   %s", s->location);
	sbuf_putc(sb, '\n');
}

static int
exec_show_users(struct cmd_ctx *ctx)
{
	struct session	*s;
	struct sbuf	 sb;
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	sbuf_init(&sb);
	sbuf_puts(&sb, "    Line       User       Host(s)              Idle "
	    "      Location\n");
	TAILQ_FOREACH(s, &ctx->router->sessions, entry)
		if (s->kind != SESSION_FILE)
			users_row(&sb, s, s == ctx->session, ts.tv_sec);
	sbuf_puts(&sb, "\n  Interface    User               Mode         Idle "
	    "    Peer Address\n\n");
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return CMD_OK;
}

void
exec_users_register(void)
{
	grammar_handler_register("exec_show_users", exec_show_users);
}

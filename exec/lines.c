/* The terminal lines as IOS lists them: `show line`, `clear line N`,
 * `show ssh`, `show ip ssh`. Line numbers are users.c's: the console 0,
 * aux 1, vty N 2+N. No 12.4T capture of a 2811's `show line` was found;
 * the columns are those of 12.4 captures of other routers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confdb.h"
#include "grammar.h"
#include "session_int.h"
#include "term.h"

/* The vty lines configured (`line vty 0 4` and the like): the highest. */
static int
lines_vty_last(void)
{
	struct confnode	*n;
	int		 last = 4, v;

	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n)) {
		if (n->match.nvals < 3 || strcmp(n->match.vals[0].text,
		    "line") != 0 || strcmp(n->match.vals[1].text, "vty") != 0)
			continue;
		v = atoi(n->match.vals[n->match.nvals - 1].text);
		if (v > last && v < 16)
			last = v;
	}
	return last;
}

static struct session *
lines_session(struct router *r, int abs)
{
	struct session	*s;

	TAILQ_FOREACH(s, &r->sessions, entry) {
		if (s->kind == SESSION_VTY && 2 + s->line_no == abs)
			return s;
		if ((s->kind == SESSION_CONSOLE || s->kind == SESSION_SCRIPT) &&
		    abs == 0)
			return s;
	}
	return NULL;
}

static int
exec_show_line(struct cmd_ctx *ctx)
{
	struct sbuf	 sb;
	int		 i, last = 2 + lines_vty_last();
	const char	*typ;

	sbuf_init(&sb);
	sbuf_puts(&sb, "   Tty Typ     Tx/Rx    A Modem  Roty AccO AccI   Uses"
	    "   Noise  Overruns   Int\n");
	for (i = 0; i <= last; i++) {
		typ = i == 0 ? "CTY" : i == 1 ? "AUX" : "VTY";
		sbuf_printf(&sb, "%c%5d %-3s %11s  -    -      -    -    -   "
		    "%4d       0     0/0       -\n",
		    lines_session(ctx->router, i) != NULL ? '*' : ' ', i, typ,
		    i == 1 ? "9600/9600" : "", i == 0 ? 0 :
		    ctx->router->line_uses[i]);
	}
	sbuf_puts(&sb, "\nLine(s) not in async mode -or- with no hardware "
	    "support: \n");
	sbuf_printf(&sb, "%d-%d\n\n", 2, last);
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return CMD_OK;
}

static int
clear_line_confirmed(struct cmd_ctx *ctx, int yes, void *arg)
{
	struct session	*s;
	int		 abs = (int)gmatch_num(ctx->match, "$line", -1);

	if (yes != 1)
		return CMD_DONE;
	term_puts(ctx->term, " [OK]\n");
	if ((s = lines_session(ctx->router, abs)) != NULL &&
	    s->kind == SESSION_VTY && s->io.hangup != NULL)
		s->io.hangup(s->io.arg);	/* may be this session */
	return CMD_DONE;
}

static int
exec_clear_line(struct cmd_ctx *ctx)
{
	return cmd_confirm(ctx, "[confirm]", clear_line_confirmed, NULL);
}

/* 12.4's layout (captures of `show ssh` on 12.4(15)T and later). */
static int
exec_show_ssh(struct cmd_ctx *ctx)
{
	struct session	*s;
	struct sbuf	 sb;
	char		 ver[16], cin[32], cout[32], hin[32], hout[32];
	int		 any = 0;

	sbuf_init(&sb);
	TAILQ_FOREACH(s, &ctx->router->sessions, entry) {
		if (s->kind != SESSION_VTY || s->transport == NULL ||
		    strcmp(s->transport, "ssh") != 0 || s->ssh_info == NULL ||
		    sscanf(s->ssh_info, "%15s %31s %31s %31s %31s", ver, cin,
		    cout, hin, hout) != 5)
			continue;
		if (!any++)
			sbuf_puts(&sb, "Connection Version Mode Encryption  Hmac"
			    "\t State\t                 Username\n");
		sbuf_printf(&sb, "%-10d %-7s %-4s %-11s %-12s %-21s %s\n",
		    s->line_no, ver, "IN", cin, hin, "Session started",
		    s->user != NULL ? s->user : "");
		sbuf_printf(&sb, "%-10d %-7s %-4s %-11s %-12s %-21s %s\n",
		    s->line_no, ver, "OUT", cout, hout, "Session started",
		    s->user != NULL ? s->user : "");
	}
	if (!any)
		sbuf_puts(&sb, "%No SSHv2 server connections running.\n");
	sbuf_puts(&sb, "%No SSHv1 server connections running.\n");
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return CMD_OK;
}

static long
lines_conf_num(const char *key, long dflt)
{
	struct confnode	*n = confdb_find(NULL, key);

	if (n == NULL || n->match.negate != GNEG_NONE)
		return dflt;
	return atol(n->match.vals[n->match.nvals - 1].text);
}

static int
exec_show_ip_ssh(struct cmd_ctx *ctx)
{
	if (ctx->router->ssh_port == 0)
		term_puts(ctx->term, "SSH Disabled - version 2.0\n"
		    "%Please create RSA keys to enable SSH (and of atleast 768 "
		    "bits for SSH v2).\n");
	else
		term_puts(ctx->term, "SSH Enabled - version 2.0\n");
	term_printf(ctx->term, "Authentication timeout: %ld secs; "
	    "Authentication retries: %ld\n",
	    lines_conf_num("ip ssh time-out", 120),
	    lines_conf_num("ip ssh authentication-retries", 3));
	return CMD_OK;
}

void
router_set_ssh_port(struct router *r, int port)
{
	r->ssh_port = port;
}

void
exec_lines_register(void)
{
	grammar_handler_register("exec_show_line", exec_show_line);
	grammar_handler_register("exec_clear_line", exec_clear_line);
	grammar_handler_register("exec_show_ssh", exec_show_ssh);
	grammar_handler_register("exec_show_ip_ssh", exec_show_ip_ssh);
}

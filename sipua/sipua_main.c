/* SIP UA start-up and its command handlers: show/clear sip-ua, debug
 * ccsip. The handlers only read the match and print; the work is in
 * conn_table.c, show.c, transport.c and sipua_config.c. */
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "exec.h"
#include "grammar.h"
#include "sipua.h"
#include "sipua_int.h"
#include "call.h"
#include "term.h"

int
sipua_set_listen(const char *addr, int sip_port, int tls_port)
{
	unsigned char	buf[16];

	if (addr != NULL) {
		if (inet_pton(AF_INET, addr, buf) != 1 &&
		    inet_pton(AF_INET6, addr, buf) != 1)
			return -1;
		snprintf(sipua_listen.bind, sizeof sipua_listen.bind, "%s",
		    addr);
	}
	if (sip_port < 0 || sip_port > 65535 || tls_port < 0 ||
	    tls_port > 65535)
		return -1;
	if (sip_port > 0)
		sipua_listen.sip_port = sip_port;
	if (tls_port > 0)
		sipua_listen.tls_port = tls_port;
	return 0;
}

static int
match_has(const struct gmatch *m, const char *word)
{
	int	i;

	for (i = 0; m != NULL && i < m->nvals; i++)
		if (strcmp(m->vals[i].text, word) == 0)
			return 1;
	return 0;
}

static enum sip_transport
match_transport(const struct gmatch *m)
{
	if (match_has(m, "tls"))
		return SIPT_TLS;
	if (match_has(m, "tcp"))
		return SIPT_TCP;
	return SIPT_UDP;
}

static void
print_sbuf(struct cmd_ctx *ctx, struct sbuf *sb)
{
	term_write(ctx->term, sbuf_str(sb), sb->len);
	sbuf_free(sb);
}

static int
sipua_show_connections(struct cmd_ctx *ctx)
{
	struct sbuf	sb;

	sbuf_init(&sb);
	conn_table_render(conn_table_get(match_transport(ctx->match)),
	    match_has(ctx->match, "detail"), &sb);
	print_sbuf(ctx, &sb);
	return 0;
}

static int
sipua_show_status(struct cmd_ctx *ctx)
{
	struct sbuf	sb;

	sbuf_init(&sb);
	show_sip_status(&sb);
	print_sbuf(ctx, &sb);
	return 0;
}

static int
sipua_show_timers(struct cmd_ctx *ctx)
{
	struct sbuf	sb;

	sbuf_init(&sb);
	show_sip_timers(&sb);
	print_sbuf(ctx, &sb);
	return 0;
}

static int
sipua_show_retry(struct cmd_ctx *ctx)
{
	struct sbuf	sb;

	sbuf_init(&sb);
	show_sip_retry(&sb);
	print_sbuf(ctx, &sb);
	return 0;
}

static int
sipua_show_statistics(struct cmd_ctx *ctx)
{
	struct sbuf	sb;

	sbuf_init(&sb);
	show_sip_statistics(&sb);
	print_sbuf(ctx, &sb);
	return 0;
}

/* `show sip-ua ...` in one handler, for an XML that declares them as one. */
static int
sipua_show(struct cmd_ctx *ctx)
{
	const struct gmatch	*m = ctx->match;

	if (match_has(m, "connections"))
		return sipua_show_connections(ctx);
	if (match_has(m, "timers"))
		return sipua_show_timers(ctx);
	if (match_has(m, "retry"))
		return sipua_show_retry(ctx);
	if (match_has(m, "statistics"))
		return sipua_show_statistics(ctx);
	return sipua_show_status(ctx);
}

static int
sipua_clear_statistics(struct cmd_ctx *ctx)
{
	memset(&sip_stats, 0, sizeof sip_stats);
	sip_stats.cleared = router_clock_now();
	return 0;
}

static int
sipua_clear_connection(struct cmd_ctx *ctx)
{
	const struct gmatch	*m = ctx->match;
	struct sbuf		 sb;
	int			 i, id = 0, has_target = 0;
	uint32_t		 addr = 0;
	uint16_t		 port = 0;

	if (match_has(m, "statistics"))
		return sipua_clear_statistics(ctx);
	for (i = 0; i + 1 < m->nvals; i++) {
		if (strcmp(m->vals[i].text, "id") == 0 &&
		    strcmp(m->vals[i].name, "id") == 0)
			id = m->vals[i + 1].num;
		if (strcmp(m->vals[i].text, "target") == 0 &&
		    strcmp(m->vals[i].name, "target") == 0) {
			has_target = 1;
			addr = m->vals[i + 1].addr;
			port = m->vals[i + 1].port;
		}
	}
	/* A target without a port means the transport's well-known one. */
	if (has_target && port == 0)
		port = match_transport(m) == SIPT_TLS ? 5061 : 5060;
	sbuf_init(&sb);
	clear_sip_connection(match_transport(m), id, has_target, addr, port,
	    &sb);
	print_sbuf(ctx, &sb);
	return 0;
}

static int
sipua_debug_ccsip(struct cmd_ctx *ctx)
{
	const struct gmatch	*m = ctx->match;
	int			 on = !match_has(m, "undebug") &&
				    m->negate != GNEG_NO;
	int			 all = match_has(m, "all");

	if (all || match_has(m, "messages")) {
		sipua_debug_messages = on;
		term_printf(ctx->term, "SIP Call messages tracing is %s\n",
		    on ? "enabled" : "disabled");
	}
	if (all || match_has(m, "events")) {
		sipua_debug_events = on;
		term_printf(ctx->term, "SIP Call events tracing is %s\n",
		    on ? "enabled" : "disabled");
	}
	return 0;
}

static int
sipua_undebug_all(struct cmd_ctx *ctx)
{
	sipua_debug_messages = 0;
	sipua_debug_events = 0;
	term_puts(ctx->term, "All possible debugging has been turned off\n");
	return 0;
}

void
sipua_register(void)
{
	grammar_handler_register("sipua_show", sipua_show);
	grammar_handler_register("sipua_show_connections",
	    sipua_show_connections);
	grammar_handler_register("sipua_show_status", sipua_show_status);
	grammar_handler_register("sipua_show_timers", sipua_show_timers);
	grammar_handler_register("sipua_show_retry", sipua_show_retry);
	grammar_handler_register("sipua_show_statistics",
	    sipua_show_statistics);
	grammar_handler_register("sipua_clear_connection",
	    sipua_clear_connection);
	grammar_handler_register("sipua_clear_statistics",
	    sipua_clear_statistics);
	grammar_handler_register("sipua_debug_ccsip", sipua_debug_ccsip);
	grammar_handler_register("sipua_undebug_all", sipua_undebug_all);
	call_cmd_register();
}

void
sipua_init(void)
{
	message_init();
	tls_global_init();
	sipua_conf_defaults(&sipua_conf);
	stack_init();
	dialpeer_init();
	call_init();
	sipua_config_subscribe();
	sipua_config_reload();
}

void
sipua_set_answer_delay(int ms)
{
	if (ms >= 0)
		call_answer_delay_ms = ms;
}

void
sipua_shutdown(void)
{
	call_shutdown();
	register_shutdown();
	stack_shutdown();
	dialpeer_shutdown();
	transport_shutdown();
	sipua_conf_free(&sipua_conf);
}

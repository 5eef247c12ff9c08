/*
 * The few handlers the example configuration's plain stored commands need
 * (modes/system.xml, ip.xml, voice.xml, sipua/dialpeer.xml): commands that
 * are on by default and so only show their `no` form, legacy spellings
 * IOS accepts and shows in today's form, the address/mask checks of
 * `ip route` and `ip address`, the `line vty` range check, and the ` !`
 * that closes an application service block. Everything else
 * of those files is stored and rendered by confdb alone.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "confdb.h"
#include "grammar.h"
#include "modes_int.h"
#include "sbuf.h"
#include "exec.h"
#include "term.h"
#include "xmalloc.h"

/*
 * A command whose default is on (`service pad`, `ip domain lookup`, `vad`)
 * is shown only as ` no X`; typing X again goes back to the default, which
 * IOS does not show.
 */
static int
example_default_on(struct cmd_ctx *ctx)
{
	struct sbuf	 key;
	struct confnode	*n;

	if (ctx->match == NULL || ctx->match->negate != GNEG_NONE)
		return 0;
	sbuf_init(&key);
	gmatch_render_key(ctx->match, &key);
	if ((n = confdb_find(ctx->node, sbuf_str(&key))) != NULL)
		confdb_remove(n);
	sbuf_free(&key);
	return CMD_DONE;
}

/*
 * Values IOS does not show because they are the default: typing one
 * removes the line (as `no` would). exec-timeout without seconds is shown
 * with `0` seconds.
 */
static const char *const example_defaults[] = {
	"exec-timeout 10 0",
	"privilege level 1",
	"history size 10",
	"session protocol cisco",
	"codec g729r8",
};

static int
example_default_value(struct cmd_ctx *ctx)
{
	const struct gmatch	*m = ctx->match;
	struct sbuf		 text, key;
	struct confnode		*n;
	char			*line;
	size_t			 i;
	int			 rc = 0;

	if (m->negate != GNEG_NONE)
		return 0;
	sbuf_init(&text);
	gmatch_render(m, &text);
	if (strcmp(m->vals[0].text, "exec-timeout") == 0 &&
	    !gmatch_has(m, "sec")) {
		xasprintf(&line, "%s 0", sbuf_str(&text));
		sbuf_reset(&text);
		sbuf_puts(&text, line);
		free(line);
		rc = CMD_DONE;
	}
	for (i = 0; i < sizeof example_defaults / sizeof example_defaults[0];
	    i++) {
		if (strcmp(sbuf_str(&text), example_defaults[i]) != 0)
			continue;
		sbuf_init(&key);
		gmatch_render_key(m, &key);
		if ((n = confdb_find(ctx->node, sbuf_str(&key))) != NULL)
			confdb_remove(n);
		sbuf_free(&key);
		sbuf_free(&text);
		return CMD_DONE;
	}
	if (rc == CMD_DONE)
		router_apply_line(ctx->router, ctx->node, m->cmd->mode->name,
		    sbuf_str(&text));
	sbuf_free(&text);
	return rc;
}

/* Legacy spellings and the form IOS 12.4T shows for them. */
static const struct {
	const char	*legacy;
	const char	*canonical;
} example_spellings[] = {
	{ "ip domain-name", "ip domain name" },
	{ "ip domain-lookup", "ip domain lookup" },
};

static int
example_respell(struct cmd_ctx *ctx)
{
	struct sbuf	 text, out;
	struct gmatch	 m;
	struct gerror	 err;
	struct cmd_ctx	 nctx;
	const char	*s, *at;
	size_t		 i;
	int		 rc = -1;

	sbuf_init(&text);
	sbuf_init(&out);
	gmatch_render(ctx->match, &text);
	s = sbuf_str(&text);
	for (i = 0; i < sizeof example_spellings / sizeof example_spellings[0];
	    i++) {
		if ((at = strstr(s, example_spellings[i].legacy)) == NULL)
			continue;
		sbuf_add(&out, s, at - s);
		sbuf_puts(&out, example_spellings[i].canonical);
		sbuf_puts(&out, at + strlen(example_spellings[i].legacy));
		break;
	}
	memset(&m, 0, sizeof m);
	if (sbuf_str(&out)[0] != '\0' && grammar_match(router_grammar(ctx->router), ctx->match->cmd->mode, 15,
	    sbuf_str(&out), &m, &err) == 0) {
		nctx = *ctx;
		nctx.match = &m;
		rc = m.cmd->handler != NULL ? m.cmd->handler(&nctx) : 0;
		if (rc == 0 && m.cmd->store)
			confdb_apply(ctx->node, &m);
	}
	gmatch_free(&m);
	sbuf_free(&text);
	sbuf_free(&out);
	return rc == -1 ? -1 : CMD_DONE;
}

/* Stores m (a respelled copy of the typed command) and enters the mode
 * it opens, as the session does for a command without handler. */
static void
example_apply_enter(struct cmd_ctx *ctx, const struct gmatch *m)
{
	struct confnode	*n;

	n = confdb_apply(ctx->node, m);
	if (n != NULL && ctx->session != NULL && m->cmd->enters != NULL)
		session_enter(ctx->session, m->cmd->enters, n);
}

/*
 * `line console 0` is `console` to the parser but `line con 0` in
 * running-config: the node is stored under the short spelling, and the
 * session enters (config-line) on it.
 */
static int
example_line_console(struct cmd_ctx *ctx)
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
	example_apply_enter(ctx, &m);
	gmatch_free(&m);
	return CMD_DONE;
}

/*
 * A line password typed as `password 0 TEXT` is kept and shown as
 * `password TEXT` (type 7 once service password-encryption is on, which
 * the renderer of modes/ takes care of).
 */
static int
example_line_password(struct cmd_ctx *ctx)
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

/* IOS refuses a route whose prefix has bits outside its mask. */
static int
example_ip_route_check(struct cmd_ctx *ctx)
{
	const struct gval	*prefix, *mask;

	if (ctx->match->negate != GNEG_NONE)
		return 0;
	prefix = gmatch_get(ctx->match, "prefix");
	mask = gmatch_get(ctx->match, "mask");
	if (prefix == NULL || mask == NULL)
		return 0;
	if ((prefix->addr & ~mask->addr) != 0) {
		term_printf(ctx->term, "%%Inconsistent address and mask\n");
		return -1;
	}
	return 0;
}

/*
 * `ip address A M` (and its secondary form): IOS refuses a mask that is
 * not contiguous ones and the address 0.0.0.0, in that order.
 */
static int
example_ip_address_check(struct cmd_ctx *ctx)
{
	const struct gval	*addr, *mask;
	uint32_t		 hostbits;

	if (ctx->match->negate != GNEG_NONE)
		return 0;
	addr = gmatch_get(ctx->match, "addr");
	mask = gmatch_get(ctx->match, "mask");
	if (addr == NULL || mask == NULL)
		return 0;
	hostbits = ~mask->addr;
	if ((hostbits & (hostbits + 1)) != 0) {
		term_printf(ctx->term, "Bad mask 0x%X for address %s\n",
		    mask->addr, addr->text);
		return -1;
	}
	if (addr->addr == 0) {
		term_printf(ctx->term, "Not a valid host address - %s\n",
		    addr->text);
		return -1;
	}
	return 0;
}

/* `line vty FIRST LAST` with LAST before FIRST names no line; with LAST
 * equal to FIRST it names one line, kept and shown as `line vty FIRST`. */
static int
example_line_vty_check(struct cmd_ctx *ctx)
{
	const struct gval	*first, *last;
	struct gmatch		 m;

	if ((first = gmatch_get(ctx->match, "first")) == NULL ||
	    (last = gmatch_get(ctx->match, "last")) == NULL)
		return 0;
	if (last->num < first->num) {
		term_puts(ctx->term, "%Invalid line range\n");
		return -1;
	}
	if (last->num > first->num)
		return 0;
	/* A range of one line is that line: `line vty 5 5` is `line vty 5`. */
	memset(&m, 0, sizeof m);
	gmatch_copy(&m, ctx->match);
	free(m.vals[m.nvals - 1].text);
	m.nvals--;
	example_apply_enter(ctx, &m);
	gmatch_free(&m);
	return CMD_DONE;
}

/* `service NAME URL` under `application`: its parameters, then the ` !`
 * IOS closes every service block with. */
static void
example_app_service_body(const struct confnode *n, struct sbuf *out,
    int indent)
{
	struct confnode	*c;
	int		 i;

	for (c = confdb_first((struct confnode *)n); c != NULL;
	    c = confdb_next(c)) {
		for (i = 0; i < indent; i++)
			sbuf_putc(out, ' ');
		gmatch_render(&c->match, out);
		sbuf_putc(out, '\n');
	}
	for (i = 0; i < indent - 1; i++)
		sbuf_putc(out, ' ');
	sbuf_puts(out, "!\n");
}

void
example_cmds_register(void)
{
	grammar_handler_register("example_default_on", example_default_on);
	grammar_handler_register("example_respell", example_respell);
	grammar_handler_register("example_default_value",
	    example_default_value);
	grammar_handler_register("example_line_console",
	    example_line_console);
	grammar_handler_register("example_line_password",
	    example_line_password);
	grammar_handler_register("example_ip_route_check",
	    example_ip_route_check);
	grammar_handler_register("example_ip_address_check",
	    example_ip_address_check);
	grammar_handler_register("example_line_vty_check",
	    example_line_vty_check);
	grammar_render_register("example_app_service_body",
	    example_app_service_body);
}


/*
 * modes/ as the rest of vgw sees it: registration of the generic command
 * handlers, its start-up, and the caret error the handlers share.
 */
#include <string.h>

#include "grammar.h"
#include "modes.h"
#include "modes_int.h"

static const struct {
	const char	*name;
	cmd_handler_fn	 fn;
} modes_handlers[] = {
	{ "modes_enable", modes_enable },
	{ "modes_disable", modes_disable },
	{ "modes_exit", modes_exit },
	{ "modes_end", modes_end },
	{ "modes_do", modes_do },
	{ "modes_configure", modes_configure },
	{ "modes_enable_secret", modes_enable_secret },
	{ "modes_enable_password", modes_enable_password },
	{ "modes_password_encryption", modes_password_encryption_cmd },
	{ "modes_show_version", modes_show_version },
	{ "modes_show_clock", modes_show_clock },
	{ "modes_clock_set", modes_clock_set },
	{ "modes_show_running", modes_show_running },
	{ "modes_show_startup", modes_show_startup },
	{ "modes_write", modes_write },
	{ "modes_copy", modes_copy },
	{ "modes_erase", modes_erase },
	{ "modes_reload", modes_reload },
	{ "modes_banner", modes_banner },
	{ "modes_banner_line", modes_banner_line },
	{ "modes_ping", modes_ping },
};

void
modes_register(void)
{
	size_t	 i;

	for (i = 0; i < sizeof modes_handlers / sizeof modes_handlers[0]; i++)
		grammar_handler_register(modes_handlers[i].name,
		    modes_handlers[i].fn);
	line_cmds_register();
	ip_cmds_register();
	files_cmds_register();
	show_if_register();
	voice_render_register();
	grammar_render_register("modes_banner_render", modes_banner_render);
}

void
modes_init(struct router *r)
{
	router_set_boot(r, startup_config_replay);
}

/*
 * "% Invalid input detected at '^' marker." with the caret under the
 * val-th token of the typed line, as the matcher would have put it.
 */
void
modes_invalid_at(struct cmd_ctx *ctx, int val)
{
	struct sbuf	 prompt;
	const char	*p = ctx->line != NULL ? ctx->line : "";
	int		 col, i;

	sbuf_init(&prompt);
	if (ctx->session != NULL)
		session_prompt(ctx->session, &prompt);
	col = (int)prompt.len;
	sbuf_free(&prompt);
	/* The value's token: skip val words. */
	while (*p == ' ')
		p++;
	for (i = 0; i < val && *p != '\0'; i++) {
		p += strcspn(p, " \t");
		p += strspn(p, " \t");
	}
	col += (int)(p - (ctx->line != NULL ? ctx->line : ""));
	sbuf_init(&prompt);
	for (i = 0; i < col; i++)
		sbuf_putc(&prompt, ' ');
	sbuf_puts(&prompt, "^\n% Invalid input detected at '^' marker.\n\n");
	term_write(ctx->term, sbuf_str(&prompt), prompt.len);
	sbuf_free(&prompt);
}

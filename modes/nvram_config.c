/*
 * running-config and startup-config: `show running-config`,
 * `show startup-config`, `write`, `copy`, `erase`, `reload` with their IOS
 * dialogs (ios-reference.md §3.12, §4.3, §4.4), the atomic save to the NVRAM
 * folder and the boot replay of startup-config through the parser.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "clock.h"
#include "confdb.h"
#include "log.h"
#include "modes.h"
#include "modes_int.h"
#include "nvram.h"
#include "exec.h"
#include "xmalloc.h"

#define NVRAM_SIZE		155640

void
modes_config_text(const struct grammar *g, struct sbuf *out)
{
	sbuf_puts(out, "!\n");
	confdb_render(g, out);
}

static void
running_config_show(struct cmd_ctx *ctx, int brief)
{
	struct sbuf	 text, out;

	sbuf_init(&text);
	if (brief) {
		sbuf_puts(&text, "!\n");
		render_config_brief(router_grammar(ctx->router), &text);
	} else
		modes_config_text(router_grammar(ctx->router), &text);
	sbuf_init(&out);
	sbuf_printf(&out, "Building configuration...\n\n"
	    "Current configuration : %zu bytes\n", text.len);
	sbuf_add(&out, sbuf_str(&text), text.len);
	term_write(ctx->term, sbuf_str(&out), out.len);
	sbuf_free(&out);
	sbuf_free(&text);
}

/* `show running-config interface X`: the one block, closed by `end` and
 * an empty line as IOS prints it. */
static int
running_config_interface(struct cmd_ctx *ctx, const struct gval *ifname)
{
	struct sbuf	 key, text, out;
	struct confnode	*n;

	sbuf_init(&key);
	sbuf_printf(&key, "interface %s", ifname->text);
	n = confdb_find(NULL, sbuf_str(&key));
	sbuf_free(&key);
	if (n == NULL) {
		modes_invalid_at(ctx, (int)(ifname - ctx->match->vals));
		return -1;
	}
	sbuf_init(&text);
	sbuf_puts(&text, "!\n");
	confdb_render_node(router_grammar(ctx->router), n, &text);
	sbuf_puts(&text, "end\n");
	sbuf_init(&out);
	sbuf_printf(&out, "Building configuration...\n\n"
	    "Current configuration : %zu bytes\n", text.len);
	sbuf_add(&out, sbuf_str(&text), text.len);
	sbuf_putc(&out, '\n');
	term_write(ctx->term, sbuf_str(&out), out.len);
	sbuf_free(&out);
	sbuf_free(&text);
	return 0;
}

int
modes_show_running(struct cmd_ctx *ctx)
{
	const struct gval	*ifname = gmatch_get(ctx->match, "ifname");

	if (ifname != NULL)
		return running_config_interface(ctx, ifname);
	running_config_show(ctx, gmatch_has(ctx->match, "brief"));
	return 0;
}

int
modes_show_startup(struct cmd_ctx *ctx)
{
	struct sbuf	 out;
	char		*text;
	size_t		 len;
	int		 err;

	if ((text = startup_config_read(&len, &err)) == NULL) {
		if (err != 0) {
			startup_config_error(ctx->term, err);
			return -1;
		}
		term_puts(ctx->term, "startup-config is not present\n");
		return 0;
	}
	sbuf_init(&out);
	sbuf_printf(&out, "Using %zu out of %d bytes\n", len, NVRAM_SIZE);
	sbuf_add(&out, text, len);
	term_write(ctx->term, sbuf_str(&out), out.len);
	sbuf_free(&out);
	free(text);
	return 0;
}

int
startup_config_write(const struct grammar *g)
{
	struct sbuf	 text;
	char		*path;
	int		 rc, saved;

	sbuf_init(&text);
	modes_config_text(g, &text);
	path = nvram_path(STARTUP_CONFIG);
	/* What killed saves left behind goes first (issue 9: 34 files). */
	nvram_clean_stale();
	rc = file_write_atomic(path, sbuf_str(&text), text.len, 0600);
	saved = errno;
	free(path);
	sbuf_free(&text);
	if (rc == 0)
		confdb_mark_saved();
	errno = saved;
	return rc;
}

/* "Building configuration..." / "[OK]", as `write memory` prints it. */
static int
config_save_write(struct cmd_ctx *ctx)
{
	term_puts(ctx->term, "Building configuration...\n");
	if (startup_config_write(router_grammar(ctx->router)) != 0) {
		term_printf(ctx->term, "%%Error writing nvram:%s (%s)\n"
		    "[FAILED]\n", STARTUP_CONFIG, strerror(errno));
		return -1;
	}
	term_puts(ctx->term, "[OK]\n");
	return 0;
}

/* Why startup-config exists but cannot be read (0: readable or absent). */
static int
config_unreadable(void)
{
	char	*text;
	int	 err;

	text = startup_config_read(NULL, &err);
	free(text);
	return err;
}

static int
config_save_confirmed(struct cmd_ctx *ctx, int yes, void *arg)
{
	if (!yes) {
		term_puts(ctx->term, "%Save aborted\n");
		return -1;
	}
	return config_save_write(ctx);
}

/*
 * A startup-config vgw cannot read is never replaced without the user
 * saying so: the error is shown and, when may_ask, the overwrite
 * confirmed first (the question is IOS's for NVRAM it cannot use; `write
 * erase` also clears the way). The save before a reload asks nothing
 * more: the file stays and the reload does not happen.
 */
static int
config_save(struct cmd_ctx *ctx, int may_ask)
{
	int	 err;

	if ((err = config_unreadable()) == 0)
		return config_save_write(ctx);
	startup_config_error(ctx->term, err);
	if (!may_ask) {
		term_puts(ctx->term, "[FAILED]\n");
		return -1;
	}
	return cmd_confirm(ctx, "Overwrite the previous NVRAM configuration?"
	    "[confirm]", config_save_confirmed, NULL);
}

/* `write erase` and `erase startup-config`. */
static int
config_erase_confirmed(struct cmd_ctx *ctx, int yes, void *arg)
{
	char	*path;
	int	 rc;

	if (!yes)
		return 0;
	path = nvram_path(STARTUP_CONFIG);
	rc = unlink(path);
	free(path);
	if (rc == -1 && errno != ENOENT) {
		term_printf(ctx->term, "%%Error erasing nvram: (%s)\n",
		    strerror(errno));
		return -1;
	}
	term_puts(ctx->term, "[OK]\nErase of nvram: complete\n");
	log_msg("%%SYS-7-NV_BLOCK_INIT: Initialized the geometry of nvram");
	return 0;
}

static int
config_erase(struct cmd_ctx *ctx)
{
	return cmd_confirm(ctx, "Erasing the nvram filesystem will remove all "
	    "configuration files! Continue? [confirm]", config_erase_confirmed,
	    NULL);
}

int
modes_write(struct cmd_ctx *ctx)
{
	const struct gmatch	*m = ctx->match;

	if (gmatch_has(m, "terminal")) {
		running_config_show(ctx, 0);
		return 0;
	}
	if (gmatch_has(m, "erase"))
		return config_erase(ctx);
	return config_save(ctx, 1);
}

int
modes_erase(struct cmd_ctx *ctx)
{
	return config_erase(ctx);
}

/* copy startup-config running-config: the destination asked, then a
 * merge through a file session. */
static int
copy_fromstart_answer(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	char	*text;
	int	 rc, err;

	if (answer == NULL)
		return -1;
	if ((text = startup_config_read(NULL, &err)) == NULL) {
		term_printf(ctx->term, "%%Error opening nvram:/%s (%s)\n",
		    STARTUP_CONFIG, strerror(err != 0 ? err : ENOENT));
		return -1;
	}
	free(text);
	if ((rc = startup_config_merge(ctx->router)) == 0)
		log_msg("%%SYS-5-CONFIG_I: Configured from memory by %s",
		    session_name(ctx->session));
	return rc;
}

/* copy running-config startup-config: only startup-config is writable. */
static int
copy_torun_answer(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	char	*a;
	int	 ok;

	if (answer == NULL)
		return -1;
	a = xstrdup(answer + strspn(answer, " \t"));
	a[strcspn(a, " \t")] = '\0';
	ok = *a == '\0' || strcmp(a, STARTUP_CONFIG) == 0 ||
	    strcmp(a, "nvram:startup-config") == 0;
	if (!ok)
		term_printf(ctx->term, "%%Error opening nvram:%s (Permission "
		    "denied)\n", a);
	free(a);
	return ok ? config_save(ctx, 1) : -1;
}

int
modes_copy(struct cmd_ctx *ctx)
{
	if (gmatch_has(ctx->match, "fromstart"))
		return cmd_ask(ctx, "Destination filename [running-config]? ",
		    1, copy_fromstart_answer, NULL);
	return cmd_ask(ctx, "Destination filename [startup-config]? ", 1,
	    copy_torun_answer, NULL);
}

/* Does running-config differ from what is saved? */
static int
config_unsaved(const struct grammar *g)
{
	struct sbuf	 text;
	char		*saved;
	size_t		 len;
	int		 differs, err;
	const char	*factory;

	if ((saved = startup_config_read(&len, &err)) == NULL) {
		if (err != 0)
			return 1;
		/* Nothing saved: changed if it differs from a fresh boot. */
		if ((factory = startup_factory_text(&len)) == NULL)
			return confdb_first(NULL) != NULL;
		saved = xstrndup(factory, len);
	}
	sbuf_init(&text);
	modes_config_text(g, &text);
	differs = text.len != len || memcmp(sbuf_str(&text), saved, len) != 0;
	sbuf_free(&text);
	free(saved);
	return differs;
}

static int
reload_confirmed(struct cmd_ctx *ctx, int yes, void *arg)
{
	if (!yes)
		return 0;
	term_puts(ctx->term, "\n");
	log_msg("%%SYS-5-RELOAD: Reload requested by %s. Reload Reason: "
	    "Reload command.", session_name(ctx->session));
	router_reload_request(ctx->router);
	return 0;
}

static int
reload_save_answer(struct cmd_ctx *ctx, int save, void *arg)
{
	if (save == -1)
		return -1;
	if (save == 1 && config_save(ctx, 0) != 0)
		return -1;
	return cmd_confirm(ctx, "Proceed with reload? [confirm]",
	    reload_confirmed, NULL);
}

int
modes_reload(struct cmd_ctx *ctx)
{
	term_puts(ctx->term, "\n");
	if (config_unsaved(router_grammar(ctx->router)))
		return cmd_ask_yesno(ctx, "System configuration has been "
		    "modified. Save? [yes/no]: ", reload_save_answer, NULL);
	return cmd_confirm(ctx, "Proceed with reload? [confirm]",
	    reload_confirmed, NULL);
}

/*
 * startup-config merged into running-config (`copy startup-config
 * running-config`, `configure memory`): a replay through a file session
 * of the router; the user's session stays where it is.
 */
int
startup_config_merge(struct router *r)
{
	return startup_config_replay(r);
}


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
#include "session.h"
#include "xmalloc.h"

#define NVRAM_SIZE		155640
#define STARTUP_CONFIG		"startup-config"

void
modes_config_text(struct sbuf *out)
{
	sbuf_puts(out, "!\n");
	confdb_render(out);
}

static void
running_config_show(struct cmd_ctx *ctx, int brief)
{
	struct sbuf	 text, out;

	sbuf_init(&text);
	if (brief) {
		sbuf_puts(&text, "!\n");
		render_config_brief(&text);
	} else
		modes_config_text(&text);
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
	confdb_render_node(n, &text);
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

static char *
startup_config_read(size_t *lenp)
{
	char	*path, *text;

	path = nvram_path(STARTUP_CONFIG);
	text = file_read_all(path, lenp);
	free(path);
	return text;
}

int
modes_show_startup(struct cmd_ctx *ctx)
{
	struct sbuf	 out;
	char		*text;
	size_t		 len;

	if ((text = startup_config_read(&len)) == NULL) {
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
startup_config_write(void)
{
	struct sbuf	 text;
	char		*path;
	int		 rc, saved;

	sbuf_init(&text);
	modes_config_text(&text);
	path = nvram_path(STARTUP_CONFIG);
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
config_save(struct cmd_ctx *ctx)
{
	term_puts(ctx->term, "Building configuration...\n");
	if (startup_config_write() != 0) {
		term_printf(ctx->term, "%%Error writing nvram:%s (%s)\n"
		    "[FAILED]\n", STARTUP_CONFIG, strerror(errno));
		return -1;
	}
	term_puts(ctx->term, "[OK]\n");
	return 0;
}

/* `write erase` and `erase startup-config`. */
static int
config_erase(struct cmd_ctx *ctx)
{
	char	*path;
	int	 rc;

	if (!term_confirm(ctx->term, "Erasing the nvram filesystem will "
	    "remove all configuration files! Continue? [confirm]"))
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
	return config_save(ctx);
}

int
modes_erase(struct cmd_ctx *ctx)
{
	return config_erase(ctx);
}

int
modes_copy(struct cmd_ctx *ctx)
{
	const struct gmatch	*m = ctx->match;
	struct session		*s = ctx->session;
	char			*answer, *a, *path;
	int			 rc;

	if (gmatch_has(m, "fromstart")) {
		answer = term_ask(ctx->term,
		    "Destination filename [running-config]? ", 1);
		if (answer == NULL)
			return -1;
		free(answer);
		path = nvram_path(STARTUP_CONFIG);
		rc = access(path, R_OK);
		free(path);
		if (rc == -1) {
			term_printf(ctx->term, "%%Error opening nvram:/%s (%s)\n",
			    STARTUP_CONFIG, strerror(errno));
			return -1;
		}
		rc = startup_config_merge(s);
		if (rc == 0)
			log_msg("%%SYS-5-CONFIG_I: Configured from memory by "
			    "%s", s->name != NULL ? s->name : "console");
		return rc;
	}
	answer = term_ask(ctx->term, "Destination filename [startup-config]? ",
	    1);
	if (answer == NULL)
		return -1;
	a = answer + strspn(answer, " \t");
	a[strcspn(a, " \t")] = '\0';
	if (*a != '\0' && strcmp(a, STARTUP_CONFIG) != 0 &&
	    strcmp(a, "nvram:startup-config") != 0) {
		term_printf(ctx->term, "%%Error opening nvram:%s (Permission "
		    "denied)\n", a);
		free(answer);
		return -1;
	}
	free(answer);
	return config_save(ctx);
}

/* Does running-config differ from what is saved? */
static int
config_unsaved(void)
{
	struct sbuf	 text;
	char		*saved;
	size_t		 len;
	int		 differs;

	if ((saved = startup_config_read(&len)) == NULL)
		return confdb_first(NULL) != NULL;
	sbuf_init(&text);
	modes_config_text(&text);
	differs = text.len != len || memcmp(sbuf_str(&text), saved, len) != 0;
	sbuf_free(&text);
	free(saved);
	return differs;
}

int
modes_reload(struct cmd_ctx *ctx)
{
	struct session	*s = ctx->session;
	int		 save;

	term_puts(ctx->term, "\n");
	if (config_unsaved()) {
		save = term_ask_yesno(ctx->term, "System configuration has "
		    "been modified. Save? [yes/no]: ");
		if (save == -1)
			return -1;
		if (save == 1 && config_save(ctx) != 0)
			return -1;
	}
	if (!term_confirm(ctx->term, "Proceed with reload? [confirm]"))
		return 0;
	term_puts(ctx->term, "\n");
	log_msg("%%SYS-5-RELOAD: Reload requested by %s. Reload Reason: "
	    "Reload command.", s->name != NULL ? s->name : "console");
	s->reload = 1;
	/* The router starts again: show version counts uptime from here. */
	router_clock_init();
	return 0;
}

/*
 * startup-config merged into running-config (`copy startup-config
 * running-config`, `configure memory`): a quiet replay, after which the
 * session is back where it was.
 */
int
startup_config_merge(struct session *s)
{
	struct session_level	 levels[SESSION_MAX_DEPTH];
	int			 depth = s->depth, quiet = s->quiet, rc;

	memcpy(levels, s->levels, sizeof levels);
	s->quiet = 1;
	rc = startup_config_replay(s);
	s->quiet = quiet;
	memcpy(s->levels, levels, sizeof levels);
	s->depth = depth;
	return rc;
}

/* Leading blanks of a line: its depth in the configuration tree. */
static int
line_indent(const char *line)
{
	return (int)strspn(line, " ");
}

/*
 * Boot: each line of startup-config goes through the parser in global
 * configuration. Its indentation says which mode it belongs to, so a line
 * that would also be valid one level up lands where it was saved; raw
 * modes (certificate hex) take their lines as they come.
 */
int
startup_config_replay(struct session *s)
{
	const struct gmode	*config, *mode;
	char			*text, *line, *next;
	size_t			 len;
	int			 depth;

	if ((text = startup_config_read(&len)) == NULL)
		return 0;
	config = grammar_mode(session_grammar, "config");
	s->depth = 0;
	session_enter(s, config, NULL);
	for (line = text; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line[strcspn(line, "\r")] = '\0';
		mode = session_mode(s);
		if (mode == NULL || mode->raw_handler == NULL) {
			if (line[line_indent(line)] == '!' ||
			    line[line_indent(line)] == '\0')
				continue;
			if (strcmp(line, "end") == 0)
				break;
			depth = line_indent(line) + 1;
			while (s->depth > depth && s->depth > 1) {
				s->levels[s->depth].node = NULL;
				s->depth--;
			}
		}
		session_execute(s, line);
	}
	free(text);
	confdb_mark_saved();
	return 0;
}

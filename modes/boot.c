/*
 * Boot (and reload, copy startup-config running-config): startup-config
 * replayed line by line through a file session of the router, in global
 * configuration, as IOS does. Lines end at LF, CRLF or a lone CR (as
 * --check reads them). Every good line applies; each refused one is
 * reported with its line number and text, as --check does, and one
 * summary line says how many were refused. A startup-config that cannot
 * be read is reported, never taken as absent.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "modes_int.h"
#include "nvram.h"
#include "xmalloc.h"

struct boot {
	struct router	*router;
	struct session	*session;
	struct term	*console;
	struct term_buf	 out;		/* one line's output */
	int		 lineno;
	int		 refused;
	/* Indentation of the line that opened a raw block (certificate
	 * hex): a later line no deeper ends the block. -1: none open. */
	int		 raw_indent;
};

char *
startup_config_read(size_t *lenp, int *err)
{
	char	*path, *text;

	path = nvram_path(STARTUP_CONFIG);
	text = file_read_all(path, lenp);
	*err = text == NULL ? (errno == ENOENT ? 0 : errno) : 0;
	free(path);
	return text;
}

void
startup_config_error(struct term *t, int err)
{
	term_printf(t, "%%Error opening nvram:%s (%s)\n", STARTUP_CONFIG,
	    strerror(err));
}

/* Leading blanks of a line: its depth in the configuration tree. */
static int
boot_indent(const char *line)
{
	return (int)strspn(line, " ");
}

/* Runs (or refuses at `at`) one line; a refused one is printed with its
 * number, the caret placed under it as --check places it. */
static void
boot_line_run(struct boot *b, const char *line, int at)
{
	struct sbuf	 prefix;
	int		 before = session_rejected(b->session);

	sbuf_init(&prefix);
	sbuf_printf(&prefix, "startup-config:%d: ", b->lineno);
	session_set_line_column(b->session, (int)prefix.len);
	sbuf_reset(&b->out.out);
	if (at >= 0)
		session_refuse_at(b->session, line, at);
	else
		router_file_line(b->session, line);
	if (session_rejected(b->session) > before) {
		b->refused++;
		term_printf(b->console, "%s%s\n", sbuf_str(&prefix), line);
	}
	if (b->out.out.len > 0)
		term_write(b->console, b->out.out.data, b->out.out.len);
	sbuf_reset(&b->out.out);
	sbuf_free(&prefix);
}

/*
 * A raw block (certificate hex) whose `quit` is missing is closed as the
 * `quit` would close it, before line `lineno`; what that refuses (the hex
 * cut short) is reported there. The text is vgw's: IOS has none for it.
 */
static void
boot_close_raw(struct boot *b)
{
	int	 before = session_rejected(b->session);

	sbuf_reset(&b->out.out);
	router_file_line(b->session, "quit");
	if (session_rejected(b->session) > before) {
		b->refused++;
		term_printf(b->console, "startup-config:%d: %% quit missing: "
		    "the certificate block ends here\n", b->lineno);
	}
	if (b->out.out.len > 0)
		term_write(b->console, b->out.out.data, b->out.out.len);
	sbuf_reset(&b->out.out);
}

/* One line of the file, of len bytes (NUL bytes and all). */
static int
boot_line(struct boot *b, const char *line, size_t len)
{
	const struct gmode	*mode = session_mode(b->session);
	int			 at, indent = boot_indent(line);
	int			 blank = line[indent] == '\0';

	at = exec_line_refused_at(line, len);
	if (mode != NULL && mode->raw_handler != NULL) {
		/* A raw block cut short (its `quit` missing) ends at the
		 * first line no deeper than the one that opened it. */
		if (b->raw_indent > 0 && !blank && indent <= b->raw_indent)
			boot_close_raw(b);
		else {
			boot_line_run(b, line, at);
			return 0;
		}
	}
	if (blank || line[indent] == '!')
		return 0;
	if (strcmp(line, "end") == 0)
		return 1;
	session_leave_to(b->session, indent + 1);
	boot_line_run(b, line, at);
	mode = session_mode(b->session);
	b->raw_indent = mode != NULL && mode->raw_handler != NULL ? indent : -1;
	return 0;
}

/* Splits text at LF, CRLF or a lone CR; NUL bytes stay in the line. */
static void
boot_lines(struct boot *b, char *text, size_t len)
{
	char	*line = text, *end = text + len, *eol, *next;

	while (line < end) {
		for (eol = line; eol < end && *eol != '\n' && *eol != '\r';
		    eol++)
			;
		next = eol + 1;
		if (eol < end && *eol == '\r' && next < end && *next == '\n')
			next++;
		/* file_read_all put a NUL after the last byte. */
		*eol = '\0';
		b->lineno++;
		if (boot_line(b, line, (size_t)(eol - line)))
			return;
		line = next;
	}
}

/*
 * Replays text (len bytes, text[len] == '\0', changed in place) through a
 * file session of the router; reports go to the console term. The fuzz
 * target for boot calls this directly.
 */
int
startup_config_replay_text(struct router *r, char *text, size_t len)
{
	struct boot	 b;
	struct term_buf	 nowhere;	/* no console yet: reports dropped */

	memset(&b, 0, sizeof b);
	b.router = r;
	term_buf_init(&nowhere);
	if ((b.console = router_console_term(r)) == NULL)
		b.console = &nowhere.term;
	term_buf_init(&b.out);
	b.raw_indent = -1;
	b.session = router_file_session(r, "startup-config", &b.out.term);
	boot_lines(&b, text, len);
	/* A raw block still open at the end: closed as its `quit` would. */
	if (session_mode(b.session) != NULL &&
	    session_mode(b.session)->raw_handler != NULL)
		boot_close_raw(&b);
	router_file_session_free(b.session);
	term_buf_free(&b.out);
	/* vgw's own line (IOS prints none): how much of the file applied. */
	if (b.refused > 0)
		term_printf(b.console, "%% startup-config: %d of %d lines "
		    "refused\n", b.refused, b.lineno);
	term_buf_free(&nowhere);
	confdb_mark_saved();
	return b.refused > 0 ? -1 : 0;
}

static struct sbuf	factory_text;	/* running-config of a fresh boot */

/* The running-config text a boot without startup-config made; NULL when
 * this boot had a startup-config. */
const char *
startup_factory_text(size_t *len)
{
	if (factory_text.len == 0)
		return NULL;
	*len = factory_text.len;
	return sbuf_str(&factory_text);
}

static const char factory_config[] =
    "interface GigabitEthernet0/0\n no ip address\n shutdown\n duplex auto\n"
    " speed auto\n"
    "interface GigabitEthernet0/1\n no ip address\n shutdown\n duplex auto\n"
    " speed auto\n";

int
startup_config_replay(struct router *r)
{
	struct term	*console = router_console_term(r);
	char		*text;
	size_t		 len;
	int		 err;

	sbuf_reset(&factory_text);
	if ((text = startup_config_read(&len, &err)) == NULL) {
		if (err != 0 && console != NULL)
			startup_config_error(console, err);
		if (err != 0)
			return -1;
		/* No startup-config: the hardware's interfaces as a new 2821
		 * shows them, down until configured. */
		text = xstrdup(factory_config);
		startup_config_replay_text(r, text, strlen(text));
		free(text);
		/* What "unchanged" means until something is saved. */
		sbuf_reset(&factory_text);
		modes_config_text(router_grammar(r), &factory_text);
		return 0;
	}
	startup_config_replay_text(r, text, len);
	free(text);
	return 0;
}

/*
 * The console: GNU Readline in callback mode inside the libevent loop, so
 * syslog and debug lines print above the line being typed and the line is
 * redrawn. `?` shows help without consuming the line, TAB completes,
 * Ctrl-Z acts as `end`, Ctrl-C only drops the line. Also the console's
 * struct term: output to stdout, questions read from the terminal with
 * echo off for passwords, and the --More-- key.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

#include <event2/event.h>
#include <readline/history.h>
#include <readline/readline.h>

#include "cli.h"
#include "evloop.h"
#include "log.h"
#include "output.h"
#include "sbuf.h"
#include "session.h"
#include "xmalloc.h"

static struct session	*console_session;
static struct event	*console_ev;
static int		 console_busy;		/* a command is running */
static int		 console_active;	/* readline handler installed */
static int		 console_saved_set;
static struct termios	 console_saved;

static void	console_term_write(struct term *, const char *, size_t);
static char	*console_term_ask(struct term *, const char *, int);

static const struct term_ops console_ops = {
	console_term_write,
	console_term_ask
};

static struct term	 console_tty = { &console_ops, NULL, 80 };

struct term *
console_term(void)
{
	return &console_tty;
}

static void
console_term_write(struct term *t, const char *s, size_t n)
{
	fwrite(s, 1, n, stdout);
}

/* Reads one line from the terminal, the way a cooked tty gives it. */
static char *
console_read_line(void)
{
	struct sbuf	 sb;
	char		 c;
	ssize_t		 n;

	sbuf_init(&sb);
	for (;;) {
		n = read(STDIN_FILENO, &c, 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (sb.len == 0) {
				sbuf_free(&sb);
				return NULL;
			}
			break;
		}
		if (c == '\n' || c == '\r')
			break;
		sbuf_putc(&sb, c);
	}
	return sbuf_detach(&sb);
}

static char *
console_term_ask(struct term *t, const char *prompt, int echo)
{
	struct termios	 tio, quiet;
	char		*line;
	int		 restore = 0;

	/* Echo goes off before the prompt shows: a password typed at once
	 * must not appear. */
	if (!echo && tcgetattr(STDIN_FILENO, &tio) == 0) {
		quiet = tio;
		quiet.c_lflag &= ~(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		restore = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
	}
	fputs(prompt, stdout);
	fflush(stdout);
	line = console_read_line();
	if (restore) {
		tcsetattr(STDIN_FILENO, TCSANOW, &tio);
		fputc('\n', stdout);
	}
	return line;
}

/* --More--: one key, without echo. */
static int
console_more(void *arg, const char *prompt)
{
	struct termios	 tio, raw;
	unsigned char	 c;
	ssize_t		 n;
	int		 restore;

	restore = tcgetattr(STDIN_FILENO, &tio) == 0;
	if (restore) {
		raw = tio;
		raw.c_lflag &= ~(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	}
	fputs(prompt, stdout);
	fflush(stdout);
	do
		n = read(STDIN_FILENO, &c, 1);
	while (n == -1 && errno == EINTR);
	if (restore)
		tcsetattr(STDIN_FILENO, TCSANOW, &tio);
	if (n <= 0)
		return -1;
	if (c == ' ')
		return ' ';
	if (c == '\r' || c == '\n')
		return '\n';
	return 'q';
}

static void
console_set_prompt(void)
{
	struct sbuf	 sb;

	sbuf_init(&sb);
	session_prompt(console_session, &sb);
	rl_set_prompt(sbuf_str(&sb));
	sbuf_free(&sb);
}

/* Syslog and debug lines: above the line being typed, which is redrawn. */
static void
console_log_sink(enum log_kind kind, const char *line, void *arg)
{
	if (console_busy || !console_active) {
		if (console_session != NULL && console_session->output != NULL)
			output_flush(console_session->output);
		printf("%s\n", line);
		fflush(stdout);
		return;
	}
	rl_clear_visible_line();
	printf("%s\n", line);
	fflush(stdout);
	rl_on_new_line();
	rl_forced_update_display();
}

static void
console_stop_loop(void)
{
	if (console_active) {
		rl_callback_handler_remove();
		console_active = 0;
	}
	event_base_loopbreak(evloop_base());
}

static void
console_line(char *line)
{
	struct session	*s = console_session;

	if (line == NULL) {
		/* End of input (Ctrl-D on an empty line, or hang-up). */
		fputc('\n', stdout);
		s->quit = 1;
		console_stop_loop();
		return;
	}
	console_busy = 1;
	/* The limit of script mode: an over-long line is refused with the
	 * caret at CLI_LINE_MAX, unrun and not kept in the history. */
	if (strlen(line) > CLI_LINE_MAX)
		session_refuse_at(s, line, CLI_LINE_MAX);
	else {
		if (*line != '\0')
			add_history(line);
		session_execute(s, line);
	}
	fflush(stdout);
	console_busy = 0;
	free(line);
	if (s->quit || s->reload) {
		console_stop_loop();
		return;
	}
	console_set_prompt();
}

/* `?`: help for the text up to the cursor; the line stays as typed. */
static int
console_help_key(int count, int key)
{
	struct session	*s = console_session;
	struct sbuf	 out;
	char		*upto;
	int		 point = rl_point;

	upto = xstrndup(rl_line_buffer, rl_point);
	rl_insert_text("?");
	rl_redisplay();
	fputc('\n', stdout);
	sbuf_init(&out);
	session_help(s, upto, &out);
	/* Through the output path: a long list pauses at --More--. */
	console_busy = 1;
	output_begin(s->output, OUTPUT_FILTER_NONE, NULL);
	term_write(s->term, sbuf_str(&out), out.len);
	output_end(s->output);
	console_busy = 0;
	sbuf_free(&out);
	free(upto);
	rl_delete_text(point, point + 1);
	rl_point = point;
	fflush(stdout);
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

/* Ctrl-Z: the line is dropped and the session goes back to EXEC. */
static int
console_ctrlz_key(int count, int key)
{
	struct session	*s = console_session;

	if (s->depth == 0)
		return 0;
	rl_point = rl_end;
	rl_redisplay();
	fputs("^Z\n", stdout);
	rl_replace_line("", 0);
	console_busy = 1;
	session_end(s);
	console_busy = 0;
	console_set_prompt();
	fflush(stdout);
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

/* Ctrl-C: harmless, the line typed is dropped. */
static int
console_ctrlc_key(int count, int key)
{
	rl_point = rl_end;
	rl_redisplay();
	fputs("^C\n", stdout);
	rl_replace_line("", 0);
	fflush(stdout);
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

static char *
console_no_entry(const char *text, int state)
{
	return NULL;
}

/* TAB: the word's completions from the grammar; readline inserts their
 * common part, and a blank after a unique one. */
static char **
console_complete(const char *text, int start, int end)
{
	char	**cands, **matches;
	char	*line;
	size_t	 n, i, lcd;

	rl_attempted_completion_over = 1;
	line = xstrndup(rl_line_buffer, end);
	cands = session_complete(console_session, line);
	free(line);
	if (cands == NULL)
		return NULL;
	for (n = 0; cands[n] != NULL; n++)
		;
	if (n == 0) {
		grammar_completions_free(cands);
		return NULL;
	}
	matches = xcalloc(n + 2, sizeof *matches);
	lcd = strlen(cands[0]);
	for (i = 0; i < n; i++) {
		matches[i + 1] = xstrdup(cands[i]);
		while (lcd > 0 && strncasecmp(cands[0], cands[i], lcd) != 0)
			lcd--;
	}
	if (n == 1) {
		matches[0] = matches[1];
		matches[1] = NULL;
	} else
		matches[0] = xstrndup(cands[0], lcd);
	grammar_completions_free(cands);
	return matches;
}

static void
console_read_cb(evutil_socket_t fd, short what, void *arg)
{
	rl_callback_read_char();
}

/* Ctrl-Z and Ctrl-C reach readline as keys, not as signals. */
static void
console_tty_setup(void)
{
	struct termios	 tio;

	if (tcgetattr(STDIN_FILENO, &console_saved) != 0)
		return;
	console_saved_set = 1;
	tio = console_saved;
	tio.c_cc[VSUSP] = _POSIX_VDISABLE;
	tio.c_cc[VINTR] = _POSIX_VDISABLE;
	tio.c_cc[VQUIT] = _POSIX_VDISABLE;
#ifdef VDSUSP
	tio.c_cc[VDSUSP] = _POSIX_VDISABLE;
#endif
	tcsetattr(STDIN_FILENO, TCSANOW, &tio);
}

void
console_start(struct session *s)
{
	console_session = s;
	console_tty.width = s->term_width;
	output_set_pager(s->output, console_more, NULL);
	rl_readline_name = "vgw";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 1;
	rl_attempted_completion_function = console_complete;
	rl_completion_entry_function = console_no_entry;
	rl_basic_word_break_characters = " \t";
	rl_completer_word_break_characters = " \t";
	rl_variable_bind("enable-bracketed-paste", "off");
	rl_bind_key('?', console_help_key);
	rl_bind_key(0x1a, console_ctrlz_key);
	rl_bind_key(0x03, console_ctrlc_key);
	console_tty_setup();
	signal(SIGINT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	log_set_sink(console_log_sink, NULL);
	stifle_history(256);
}

void
console_run(struct session *s)
{
	static int	 runs;
	struct sbuf	 sb;

	/* After a reload the arrow keys recall nothing, as on a new login. */
	if (runs++ > 0)
		clear_history();
	console_session = s;
	sbuf_init(&sb);
	session_prompt(s, &sb);
	fflush(stdout);
	rl_callback_handler_install(sbuf_str(&sb), console_line);
	sbuf_free(&sb);
	console_active = 1;
	if (console_ev == NULL)
		console_ev = event_new(evloop_base(), STDIN_FILENO,
		    EV_READ | EV_PERSIST, console_read_cb, NULL);
	event_add(console_ev, NULL);
	event_base_dispatch(evloop_base());
	event_del(console_ev);
	if (console_active) {
		rl_callback_handler_remove();
		console_active = 0;
	}
}

void
console_stop(void)
{
	if (console_active) {
		rl_callback_handler_remove();
		console_active = 0;
	}
	if (console_ev != NULL) {
		event_free(console_ev);
		console_ev = NULL;
	}
	if (console_saved_set)
		tcsetattr(STDIN_FILENO, TCSANOW, &console_saved);
	log_set_sink(NULL, NULL);
}

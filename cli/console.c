/*
 * The console: GNU Readline in callback mode inside the libevent loop, so
 * syslog and debug lines print above the line being typed and the line is
 * redrawn. `?` shows help without consuming the line, TAB completes,
 * Ctrl-Z acts as `end`, Ctrl-C only drops the line. When the session
 * waits for an answer (echo off for passwords) or a --More-- key, readline
 * steps aside and the same stdin event reads it: nothing here blocks.
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
#include "sbuf.h"
#include "session.h"
#include "xmalloc.h"

/* What stdin is read for. */
enum console_input {
	CONSOLE_READLINE,	/* a command line, through readline */
	CONSOLE_ANSWER,		/* a question's answer: a cooked line */
	CONSOLE_KEY,		/* a key at --More-- */
	CONSOLE_BUSY		/* a command waits for the loop: keys dropped */
};

static struct session	*console_session;
static struct event	*console_ev;
static enum console_input console_mode;
static int		 console_busy;		/* a command is running */
static int		 console_help_paused;	/* `?` list at --More-- */
static int		 console_help_point;	/* where that `?` was typed */
static int		 console_active;	/* readline handler installed */
static int		 console_saved_set;
static struct termios	 console_saved;		/* as vgw found the tty */
static struct termios	 console_cooked;	/* with Ctrl-Z/C as keys */
static struct sbuf	 console_answer;	/* answer read so far */

static void	console_term_write(struct term *, const char *, size_t);

static const struct term_ops console_ops = {
	console_term_write
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
console_log(void *arg, const char *line)
{
	if (console_busy || !console_active) {
		if (console_session != NULL)
			session_output_flush(console_session);
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
	evloop_exit();
}

static void	console_line(char *);
static void	console_help_done(void);

/* The terminal as each input kind wants it; readline sets its own. */
static void
console_tty_for(enum console_input mode, int echo)
{
	struct termios	 tio = console_cooked;

	if (!console_saved_set)
		return;
	if (mode == CONSOLE_ANSWER) {
		tio.c_lflag |= ICANON;
		if (!echo)
			tio.c_lflag &= ~(ECHO | ECHONL);
	} else if (mode == CONSOLE_KEY) {
		tio.c_lflag &= ~(ICANON | ECHO);
		tio.c_cc[VMIN] = 1;
		tio.c_cc[VTIME] = 0;
	}
	tcsetattr(STDIN_FILENO, TCSANOW, &tio);
}

/*
 * After each input: readline again when the session is ready, else the
 * tty set up for the answer or key it waits for (its prompt is shown).
 */
static void
console_follow(void)
{
	struct session	*s = console_session;
	enum session_wait w = session_waiting(s);
	struct sbuf	 sb;

	fflush(stdout);
	if (session_quit(s)) {
		console_stop_loop();
		return;
	}
	if (w == SESSION_READY) {
		if (console_active) {
			console_set_prompt();
			return;
		}
		console_tty_for(CONSOLE_READLINE, 1);
		sbuf_init(&sb);
		session_prompt(s, &sb);
		rl_callback_handler_install(sbuf_str(&sb), console_line);
		sbuf_free(&sb);
		console_active = 1;
		console_mode = CONSOLE_READLINE;
		return;
	}
	if (console_active) {
		rl_callback_handler_remove();
		console_active = 0;
	}
	console_mode = w == SESSION_QUESTION ? CONSOLE_ANSWER :
	    w == SESSION_BUSY ? CONSOLE_BUSY : CONSOLE_KEY;
	sbuf_reset(&console_answer);
	console_tty_for(console_mode, session_question_echo(s));
}

static void
console_line(char *line)
{
	struct session	*s = console_session;

	if (line == NULL) {
		/* End of input (Ctrl-D on an empty line, or hang-up). */
		fputc('\n', stdout);
		session_set_quit(s);
		console_stop_loop();
		return;
	}
	console_busy = 1;
	/* The limit of script mode: an over-long line is refused with the
	 * caret at EXEC_LINE_MAX, unrun and not kept in the history. */
	if (strlen(line) > EXEC_LINE_MAX)
		session_refuse_at(s, line, EXEC_LINE_MAX);
	else {
		if (*line != '\0')
			add_history(line);
		session_input(s, line);
	}
	console_busy = 0;
	free(line);
	console_follow();
}

/* An answer line is complete: delivered; a password's Enter echoes. */
static void
console_answer_done(void)
{
	struct session	*s = console_session;
	char		*line;

	if (!session_question_echo(s))
		fputc('\n', stdout);
	line = sbuf_detach(&console_answer);
	sbuf_init(&console_answer);
	console_busy = 1;
	session_input(s, line);
	console_busy = 0;
	free(line);
	console_follow();
}

static void
console_read_answer(void)
{
	char	 buf[512];
	ssize_t	 n, i;

	do
		n = read(STDIN_FILENO, buf, sizeof buf);
	while (n == -1 && errno == EINTR);
	if (n == -1 && errno == EAGAIN)
		return;
	if (n <= 0) {
		console_busy = 1;
		session_input_end(console_session);
		console_busy = 0;
		session_set_quit(console_session);
		console_follow();
		return;
	}
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n' || buf[i] == '\r') {
			console_answer_done();
			return;
		}
		if (console_answer.len < EXEC_LINE_MAX)
			sbuf_putc(&console_answer, buf[i]);
	}
}

static void
console_read_key(void)
{
	unsigned char	 c;
	ssize_t		 n;
	int		 key;

	do
		n = read(STDIN_FILENO, &c, 1);
	while (n == -1 && errno == EINTR);
	if (n == -1 && errno == EAGAIN)
		return;
	key = n <= 0 ? 'q' : c == ' ' ? ' ' : c == '\r' || c == '\n' ?
	    '\n' : 'q';
	session_more_key(console_session, key);
	fflush(stdout);
	if (console_help_paused) {
		if (session_waiting(console_session) == SESSION_MORE)
			return;
		console_help_paused = 0;
		console_mode = CONSOLE_READLINE;
		console_help_done();
		return;
	}
	console_follow();
}

/* The help list is over: the `?` goes from the line, shown again. */
static void
console_help_done(void)
{
	rl_delete_text(console_help_point, console_help_point + 1);
	rl_point = console_help_point;
	fflush(stdout);
	rl_on_new_line();
	rl_redisplay();
}

/* `?`: help for the text up to the cursor; the line stays as typed. A
 * long list pauses at --More-- with readline kept (its tty is already
 * raw); the line comes back when the list is done. */
static int
console_help_key(int count, int key)
{
	struct session	*s = console_session;
	char		*upto;
	int		 point = rl_point;

	upto = xstrndup(rl_line_buffer, rl_point);
	rl_insert_text("?");
	rl_redisplay();
	fputc('\n', stdout);
	console_busy = 1;
	session_print_help(s, upto);
	console_busy = 0;
	free(upto);
	/* The `?` leaves the line when the list is done: while it waits at
	 * --More--, readline must not redraw over the prompt. */
	console_help_point = point;
	fflush(stdout);
	if (session_waiting(s) == SESSION_MORE) {
		console_mode = CONSOLE_KEY;
		console_help_paused = 1;
		return 0;
	}
	console_help_done();
	return 0;
}

/* Ctrl-Z: the line is dropped and the session goes back to EXEC. */
static int
console_ctrlz_key(int count, int key)
{
	struct session	*s = console_session;

	if (session_in_exec(s))
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

/* Typed while a command waits (`crypto pki authenticate` fetching):
 * dropped, as the line it would start could not run; end of input ends
 * the console once the command is done. */
static void
console_drop_input(void)
{
	char	 buf[256];
	ssize_t	 n;

	do
		n = read(STDIN_FILENO, buf, sizeof buf);
	while (n == -1 && errno == EINTR);
	if (n == 0)
		session_set_quit(console_session);
}

static void
console_read_cb(evutil_socket_t fd, short what, void *arg)
{
	switch (console_mode) {
	case CONSOLE_READLINE:
		rl_callback_read_char();
		break;
	case CONSOLE_ANSWER:
		console_read_answer();
		break;
	case CONSOLE_KEY:
		console_read_key();
		break;
	case CONSOLE_BUSY:
		console_drop_input();
		break;
	}
}

/* A SESSION_BUSY command went on: prompt or question again. */
static void
console_resumed(void *arg)
{
	fflush(stdout);
	console_follow();
}

/* A reload (this session's or another's) reset the session: a fresh
 * login, whose arrow keys recall nothing. */
static void
console_reset(void *arg)
{
	clear_history();
	if (console_active && !console_busy) {
		console_set_prompt();
		rl_on_new_line();
		rl_redisplay();
	}
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
	console_cooked = tio;
}

struct session *
console_start(struct router *r)
{
	struct session_io	 io;

	memset(&io, 0, sizeof io);
	io.dev = &console_tty;
	io.log = console_log;
	io.reset = console_reset;
	io.resumed = console_resumed;
	io.pager = 1;
	console_session = session_new(r, SESSION_CONSOLE, "console", &io);
	sbuf_init(&console_answer);
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
	stifle_history(256);
	return console_session;
}

/* The prompt shows and stdin is watched; main then runs the loop. */
void
console_attach(void)
{
	console_mode = CONSOLE_READLINE;
	console_follow();
	console_ev = event_new(evloop_base(), STDIN_FILENO,
	    EV_READ | EV_PERSIST, console_read_cb, NULL);
	event_add(console_ev, NULL);
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
	session_free(console_session);
	console_session = NULL;
	sbuf_free(&console_answer);
}

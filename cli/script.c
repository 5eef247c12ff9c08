/*
 * Script mode: stdin is not a terminal, so each input line is handled as if
 * typed at the console and stdout receives the console transcript (prompt,
 * the line, its output). A question takes the next input line as its
 * answer, when it comes: input is read inside the event loop, so the SIP UA
 * keeps serving while a pipe is quiet or a question waits. -c runs its
 * commands the same way, answers still coming from stdin. Also the syslog
 * sink of both.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "cli.h"
#include "evloop.h"
#include "log.h"
#include "sbuf.h"
#include "session.h"
#include "term.h"
#include "xmalloc.h"

#define SCRIPT_CHUNK	65536

struct script {
	struct term	 term;
	int		 fd;
	int		 regular;	/* not a pipe: epoll cannot watch it */
	int		 eof;
	int		 discard;	/* dropping an over-long line's rest */
	char		*buf;		/* input not handled yet */
	size_t		 off, len, cap;
	struct event	*ev;
	struct session	*session;
	struct sbuf	 current;	/* the line being run */
	char		**commands;	/* -c: the lines to run, else NULL */
	int		 ncommands, next_command;
};

static void	script_term_write(struct term *, const char *, size_t);

static const struct term_ops script_ops = {
	script_term_write
};

static int	script_idle = 1;	/* no command running: flush logs */

struct script *
script_new(int fd)
{
	struct script	*sc;
	struct stat	 st;

	sc = xcalloc(1, sizeof *sc);
	sc->term.ops = &script_ops;
	sc->term.impl = sc;
	sc->term.width = 80;
	sc->fd = fd;
	/* Only pipes and sockets can be watched; files and devices such as
	 * /dev/null are read in turns with the loop's other events. */
	sc->regular = fstat(fd, &st) != 0 ||
	    !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
	sc->cap = SCRIPT_CHUNK * 2;
	sc->buf = xmalloc(sc->cap);
	sbuf_init(&sc->current);
	/* The transcript can be large (a 28k-line configuration): write it
	 * in big blocks, flushed when input pauses. */
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	return sc;
}

void
script_free(struct script *sc)
{
	if (sc == NULL)
		return;
	fflush(stdout);
	if (sc->ev != NULL)
		event_free(sc->ev);
	free(sc->buf);
	sbuf_free(&sc->current);
	free(sc);
}

struct term *
script_term(struct script *sc)
{
	return &sc->term;
}

int
script_eof(struct script *sc)
{
	return sc->eof && sc->off == sc->len;
}

static void
script_term_write(struct term *t, const char *s, size_t n)
{
	fwrite(s, 1, n, stdout);
}

/* Reads more input; returns bytes read, 0 at end of input. */
static ssize_t
script_fill(struct script *sc)
{
	ssize_t	 n;

	if (sc->eof)
		return 0;
	if (sc->off > 0) {
		memmove(sc->buf, sc->buf + sc->off, sc->len - sc->off);
		sc->len -= sc->off;
		sc->off = 0;
	}
	if (sc->cap - sc->len < SCRIPT_CHUNK) {
		sc->cap *= 2;
		sc->buf = xrealloc(sc->buf, sc->cap);
	}
	do
		n = read(sc->fd, sc->buf + sc->len, sc->cap - sc->len);
	while (n == -1 && errno == EINTR);
	if (n <= 0) {
		sc->eof = 1;
		return 0;
	}
	sc->len += n;
	return n;
}

/*
 * Drops the rest of an over-long line up to its newline; returns 0 while
 * the newline has not been read yet.
 */
static int
script_discard(struct script *sc)
{
	char	*nl;

	if (!sc->discard)
		return 1;
	nl = memchr(sc->buf + sc->off, '\n', sc->len - sc->off);
	if (nl == NULL) {
		sc->off = sc->len;
		return 0;
	}
	sc->off = nl - sc->buf + 1;
	sc->discard = 0;
	return 1;
}

/*
 * The next whole line, NUL-terminated in place (CR and LF removed), or
 * NULL when none is buffered; *len is its length. At end of input a last
 * line without newline counts as a line. A line longer than EXEC_LINE_MAX
 * comes cut there with *len EXEC_LINE_MAX + 1, and the rest of it is read
 * and dropped, so the buffer never holds more than one line's worth of
 * an unfinished line.
 */
static char *
script_next_line(struct script *sc, size_t *len)
{
	char	*start, *nl;
	size_t	 n, avail;

	if (!script_discard(sc) || sc->off == sc->len)
		return NULL;
	start = sc->buf + sc->off;
	avail = sc->len - sc->off;
	/* Room for the line's CR and LF after its last character. */
	nl = memchr(start, '\n', avail < EXEC_LINE_MAX + 2 ?
	    avail : EXEC_LINE_MAX + 2);
	if (nl == NULL && avail >= EXEC_LINE_MAX + 2) {
		start[EXEC_LINE_MAX] = '\0';
		sc->off += EXEC_LINE_MAX + 1;
		sc->discard = 1;
		*len = EXEC_LINE_MAX + 1;
		return start;
	}
	if (nl == NULL) {
		if (!sc->eof)
			return NULL;
		if (sc->len == sc->cap)
			sc->buf = xrealloc(sc->buf, ++sc->cap);
		start = sc->buf + sc->off;
		nl = sc->buf + sc->len;
		sc->len++;
	}
	*nl = '\0';
	n = nl - start;
	if (n > 0 && start[n - 1] == '\r')
		start[--n] = '\0';
	sc->off = nl - sc->buf + 1;
	if (n > EXEC_LINE_MAX) {
		start[EXEC_LINE_MAX] = '\0';
		n = EXEC_LINE_MAX + 1;
	}
	*len = n;
	return start;
}

/* A line ending in `?` asks for help as the key would at the console. */
static int
script_help(struct session *s, const char *line)
{
	size_t		 n = strlen(line);
	struct sbuf	 out;
	char		*upto;

	while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	if (n == 0 || line[n - 1] != '?')
		return 0;
	sbuf_init(&out);
	upto = xstrndup(line, n - 1);
	session_help(s, upto, &out);
	free(upto);
	fwrite(sbuf_str(&out), 1, out.len, stdout);
	sbuf_free(&out);
	return 1;
}

void
script_line(struct session *s, const char *line)
{
	static struct sbuf	 prompt;
	const struct gmode	*mode = session_mode(s);

	sbuf_reset(&prompt);
	session_prompt(s, &prompt);
	fwrite(prompt.data, 1, prompt.len, stdout);
	fputs(line, stdout);
	fputc('\n', stdout);
	if ((mode == NULL || mode->raw_handler == NULL) && script_help(s, line))
		return;
	script_idle = 0;
	session_input(s, line);
	script_idle = 1;
}

/* A line refused unread, the caret at offset at: echoed as typed. */
static void
script_line_refuse(struct session *s, const char *line, int at)
{
	struct sbuf	 prompt;

	sbuf_init(&prompt);
	session_prompt(s, &prompt);
	fwrite(prompt.data, 1, prompt.len, stdout);
	sbuf_free(&prompt);
	fputs(line, stdout);
	fputc('\n', stdout);
	session_refuse_at(s, line, at);
}

/* The answer to the question shown: echoed as the console shows it, a
 * password not at all. */
static void
script_answer(struct session *s, const char *line)
{
	if (session_question_echo(s))
		fputs(line, stdout);
	fputc('\n', stdout);
	script_idle = 0;
	session_input(s, line);
	script_idle = 1;
}

/* Input ended while a question waits: no answer will come. */
static void
script_input_end(struct session *s)
{
	int	 rounds;

	for (rounds = 0; rounds < 64 &&
	    session_waiting(s) == SESSION_QUESTION; rounds++) {
		fputc('\n', stdout);
		session_input_end(s);
	}
}

/* Handles buffered lines; returns 1 when the session stops (quit, the end
 * of -c's commands). */
static int
script_process(struct script *sc, struct session *s)
{
	char	*line;
	size_t	 len;
	int	 at, question;

	while (!session_quit(s)) {
		if (session_waiting(s) == SESSION_BUSY)
			return 0;	/* script_resumed goes on */
		question = session_waiting(s) == SESSION_QUESTION;
		if (!question && sc->commands != NULL) {
			if (sc->next_command >= sc->ncommands)
				return 1;
			script_line(s, sc->commands[sc->next_command++]);
			continue;
		}
		if ((line = script_next_line(sc, &len)) == NULL) {
			if (script_eof(sc) && question)
				script_input_end(s);
			else
				return 0;
			continue;
		}
		/* The session may read on (a paste): the line being run
		 * lives apart from the buffer. */
		sbuf_reset(&sc->current);
		sbuf_puts(&sc->current, line);
		if (question)
			script_answer(s, sbuf_str(&sc->current));
		else if ((at = exec_line_refused_at(line, len)) >= 0)
			script_line_refuse(s, sbuf_str(&sc->current), at);
		else
			script_line(s, sbuf_str(&sc->current));
	}
	return 1;
}

static void
script_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct script	*sc = arg;
	struct session	*s = sc->session;

	if (script_fill(sc) > 0 || sc->eof) {
		if (script_process(sc, s) || (script_eof(sc) &&
		    session_waiting(s) != SESSION_BUSY)) {
			fflush(stdout);
			evloop_exit();
			return;
		}
	}
	fflush(stdout);
	/* A command waiting for the loop: script_resumed reads on. */
	if (sc->regular && session_waiting(s) != SESSION_BUSY)
		event_active(sc->ev, EV_READ, 0);
}

void
script_commands(struct script *sc, char **commands, int n)
{
	sc->commands = commands;
	sc->ncommands = n;
	sc->next_command = 0;
}

int
script_attach(struct script *sc, struct session *s)
{
	sc->session = s;
	if (script_process(sc, s) || (script_eof(sc) &&
	    session_waiting(s) != SESSION_BUSY)) {
		fflush(stdout);
		return 1;
	}
	if (sc->ev == NULL) {
		if (sc->regular)
			sc->ev = event_new(evloop_base(), -1, 0, script_read_cb,
			    sc);
		else
			sc->ev = event_new(evloop_base(), sc->fd,
			    EV_READ | EV_PERSIST, script_read_cb, sc);
	}
	if (sc->regular)
		event_active(sc->ev, EV_READ, 0);
	else
		event_add(sc->ev, NULL);
	return 0;
}

/* Syslog lines in the transcript, flushed at once when no command runs. */
static void
script_log(void *arg, const char *line)
{
	fputs(line, stdout);
	fputc('\n', stdout);
	if (script_idle)
		fflush(stdout);
}

/* A command that waited for the loop went on: the lines after it run. */
static void
script_resumed(void *arg)
{
	struct script	*sc = arg;

	if (sc->ev == NULL)
		return;
	if (sc->regular)
		event_active(sc->ev, EV_READ, 0);
	else if (script_process(sc, sc->session) || (script_eof(sc) &&
	    session_waiting(sc->session) != SESSION_BUSY)) {
		fflush(stdout);
		evloop_exit();
	}
	fflush(stdout);
}

struct session *
script_session_new(struct script *sc, struct router *r)
{
	struct session_io	 io;

	memset(&io, 0, sizeof io);
	io.dev = &sc->term;
	io.log = script_log;
	io.resumed = script_resumed;
	io.arg = sc;
	return session_new(r, SESSION_SCRIPT, "console", &io);
}

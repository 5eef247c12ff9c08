/*
 * Sessions as front ends (cli/: console, script mode, --check; vty servers
 * later) drive them: create one on a router with an output device, feed it
 * lines and keys, and follow what it waits for. The front end never
 * blocks: when the session waits for an answer or a --More-- key it
 * returns to the loop and delivers the input when it comes.
 */
#ifndef VGW_SESSION_H
#define VGW_SESSION_H

#include "exec.h"

/* What the session waits for from its front end. */
enum session_wait {
	SESSION_READY,		/* a command line (show the prompt) */
	SESSION_QUESTION,	/* an answer line (prompt already shown) */
	SESSION_MORE,		/* a key at --More-- (already shown) */
	SESSION_BUSY		/* nothing: a command waits for work on the
				 * loop (cmd_wait); resumed() follows */
};

/*
 * The front end's side of a session. dev receives all output. log prints
 * an asynchronous syslog or debug line (NULL: written to dev). reset tells
 * that the session changed under the front end (a reload reset it, a
 * question was cancelled): show a fresh prompt. resumed: a SESSION_BUSY
 * command went on (it may have ended or asked): follow the session again.
 * pager: the front end can answer --More--.
 */
struct session_io {
	struct term	*dev;
	void		 (*log)(void *arg, const char *line);
	void		 (*reset)(void *arg);
	void		 (*resumed)(void *arg);
	void		 (*hangup)(void *arg);	/* clear line: close it */
	void		*arg;
	int		 pager;
};

struct session	*session_new(struct router *, enum session_kind,
		    const char *name, const struct session_io *);
/* Who uses the session, for `show users`: vty line N, the user (NULL
 * without login local), the peer's address. */
void		 session_set_login(struct session *, int line_no,
		    const char *user, const char *location);
/* What carries a vty session ("telnet", "ssh") and, for SSH, its
 * "VERSION CIPHER HMAC" (show ssh). */
void		 session_set_transport(struct session *, const char *name,
		    const char *info);
/* SSH listens (show ip ssh). */
void		 router_set_ssh_port(struct router *, int port);
/* Ends the session; a question still waiting is answered with NULL
 * (output dropped) so its handler frees what it holds. */
void		 session_free(struct session *);

/* One input line: the answer when a question waits, else a command line.
 * Returns 0 if accepted, -1 if refused (the IOS error printed). */
int		 session_input(struct session *, const char *line);
/* Input ended: a waiting question gets NULL. The continuation may ask
 * again: front ends call this while a question waits, a bounded number of
 * times (each new prompt is on screen). */
void		 session_input_end(struct session *);
/* A key at --More--: ' ' next page, '\n' one more line, else stop. */
void		 session_more_key(struct session *, int key);
enum session_wait session_waiting(const struct session *);
/* The waiting question echoes its answer? (0: a password) */
int		 session_question_echo(const struct session *);
/* `?` and TAB for the line typed so far. session_complete's result is
 * freed with grammar_completions_free. */
void		 session_help(struct session *, const char *line, struct sbuf *out);
char		**session_complete(struct session *, const char *line);
/* `?` output through the session's pager, as a command's output. */
void		 session_print_help(struct session *, const char *line);
/* Seconds since the last line was typed (since creation before that). */
long		 session_idle(const struct session *);
/* exit/logout typed in EXEC. */
int		 session_quit(const struct session *);
void		 session_set_quit(struct session *);
/* Writes a partial line of output still held (before a log line). */
void		 session_output_flush(struct session *);
/* A fresh login, as after a reload: user EXEC, default terminal settings,
 * empty history. */
void		 session_reset(struct session *);

#endif

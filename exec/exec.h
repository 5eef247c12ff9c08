/*
 * The execution layer as features (modes/, pki/, sipua/) and front ends
 * (cli/) see it: the handler interface and its results, questions that
 * never block the loop, the session and the router. The line executor,
 * the mode stack and the output path behind it are private to exec/.
 */
#ifndef VGW_EXEC_H
#define VGW_EXEC_H

#include <stddef.h>
#include <strings.h>

#include "grammar.h"
#include "sbuf.h"
#include "term.h"

struct confnode;
struct router;
struct session;

/*
 * What a handler returns. CMD_OK: accepted (a stored command is then
 * stored); CMD_ERROR: refused, the IOS error printed; CMD_DONE: the handler
 * did all there is, nothing is stored; CMD_WAIT: the handler asked a
 * question (cmd_ask and friends) and its continuation finishes the command
 * when the answer comes. CMD_DONE is grammar.h's.
 */
#define CMD_OK		0
#define CMD_ERROR	(-1)
#define CMD_WAIT	2

struct cmd_ctx {
	struct term		*term;		/* print here */
	struct session		*session;	/* mode stack, privilege */
	struct router		*router;	/* the router the session is on */
	const struct gmatch	*match;		/* the command and its values; NULL in raw modes */
	/* The configuration node of the mode the command was typed in
	 * ("dial-peer voice 5 voip" for its sub-commands); NULL in EXEC and
	 * global configuration, and when another session removed it while a
	 * question waited. */
	struct confnode		*node;
	const char		*line;		/* the line as typed (raw modes use it) */
};

/*
 * The longest line vgw takes, in characters (CR and LF not counted), from
 * any source: typed, piped, --check or startup-config. IOS's console input
 * buffer is bounded too; 8192 holds any real command and any pasted
 * certificate hex line. A longer line is refused with the caret at the
 * limit.
 */
#define EXEC_LINE_MAX	8192
/* Where a read line of len bytes must be refused unread: its first NUL
 * byte (which would otherwise end it silently), or the limit when len is
 * over it; -1 when it may run. */
int		 exec_line_refused_at(const char *line, size_t len);

/* Does this line end a raw mode (certificate hex)? As on IOS, only `quit`
 * on a line by itself (blanks around it, any case); `quit now` is data. */
static inline int
cmd_line_is_quit(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	if (strncasecmp(line, "quit", 4) != 0)
		return 0;
	for (line += 4; *line != '\0'; line++) {
		if (*line != ' ' && *line != '\t' && *line != '\r' &&
		    *line != '\n')
			return 0;
	}
	return 1;
}

/*
 * Questions (tmux's cmd-confirm-before.c is the model). The handler prints
 * what comes before, calls one of these and returns what it returns,
 * CMD_WAIT. The prompt is shown at once; when the answer arrives (the next
 * script line, a console line, a vty line) the continuation runs with the
 * same ctx and returns a handler result: CMD_WAIT again after asking the
 * next question, or how the command ended. The answer is NULL (choice -1
 * for yes/no, 0 for confirm) when input ended or the session is going
 * away: the continuation then only cleans up. arg belongs to the handler,
 * which frees it when its continuation does not ask again.
 */
typedef int (*cmd_answer_fn)(struct cmd_ctx *, const char *answer,
    void *arg);
typedef int (*cmd_choice_fn)(struct cmd_ctx *, int choice, void *arg);

/* One line of answer; echo 0 for passwords. */
int		 cmd_ask(struct cmd_ctx *, const char *prompt, int echo,
		    cmd_answer_fn, void *arg);
/* "... [yes/no]: ": asked again on other input with "% Please answer 'yes'
 * or 'no'."; choice 1 yes, 0 no, -1 no answer. */
int		 cmd_ask_yesno(struct cmd_ctx *, const char *prompt,
		    cmd_choice_fn, void *arg);
/* "[confirm]": Enter or y/yes give 1, anything else 0. */
int		 cmd_confirm(struct cmd_ctx *, const char *prompt,
		    cmd_choice_fn, void *arg);

/*
 * Work on the loop the command waits for (an HTTP answer), as IOS makes
 * the user wait for `crypto pki authenticate`: cmd_wait returns CMD_WAIT
 * and the session shows no prompt and takes no input (SESSION_BUSY) until
 * the work calls cmd_resume(ctx->session); fn then runs with answer ""
 * and may print, ask or end the command. If the session goes away first,
 * fn runs with answer NULL: it must stop the work from calling cmd_resume.
 * Not in SESSION_FILE sessions (replay never waits): CMD_ERROR there.
 */
int		 cmd_wait(struct cmd_ctx *, cmd_answer_fn fn, void *arg);
void		 cmd_resume(struct session *);

/* Registers the handlers of exec/terminal.xml (terminal settings, show
 * history) before the grammar is loaded. */
void		 exec_register(void);

/* The session as handlers see it. */
enum session_kind {
	SESSION_CONSOLE,	/* the readline console */
	SESSION_VTY,		/* telnet or SSH line */
	SESSION_SCRIPT,		/* stdin that is not a terminal, -c */
	SESSION_FILE		/* startup-config replay, --check */
};

enum session_kind session_kind(const struct session *);
/* "console", "vty0", "startup-config": what %SYS-5-CONFIG_I names. */
const char	*session_name(const struct session *);
struct router	*session_router(const struct session *);
int		 session_privilege(const struct session *);
void		 session_set_privilege(struct session *, int);
/* In EXEC (not in a configuration mode)? */
int		 session_in_exec(const struct session *);
/* Boot replay and --check: no %SYS-5-CONFIG_I, no history. */
int		 session_quiet(const struct session *);
const struct gmode *session_mode(const struct session *);
struct confnode	*session_node(const struct session *);
void		 session_enter(struct session *, const struct gmode *,
		    struct confnode *);
/* One level up; exit in EXEC ends the session. Leaving global
 * configuration logs %SYS-5-CONFIG_I. */
void		 session_exit(struct session *);
/* Back to EXEC (end, Ctrl-Z). */
void		 session_end(struct session *);
/* Leaves sub-modes down to depth (1: global configuration): a replayed
 * file's indentation says where a line belongs. */
void		 session_leave_to(struct session *, int depth);
/* The `do` command: line run as an EXEC command from any mode. */
int		 session_execute_exec(struct session *, const char *line);
/* Refuses line without running it: IOS's invalid-input error with the
 * caret at offset at (an over-long line, a NUL byte). Returns -1. */
int		 session_refuse_at(struct session *, const char *line, int at);
/* Lines refused so far (script exit status, boot's report). */
int		 session_rejected(const struct session *);
/* The column where a line starts on screen (--check and boot put it after
 * their FILE:LINE: prefix); -1: after the prompt. */
void		 session_set_line_column(struct session *, int column);
/* "Router>", "Router#", "Router(config-sip-ua)#". */
void		 session_prompt(struct session *, struct sbuf *out);

/*
 * The router: the grammar, the sessions on it, the hostname, boot and
 * reload. One process is one router; main builds it and passes it down.
 */
typedef int (*router_boot_fn)(struct router *);

struct router	*router_new(const struct grammar *);
void		 router_free(struct router *);
const struct grammar *router_grammar(const struct router *);
/* "Router" until `hostname` changes it. */
const char	*router_hostname(const struct router *);
/* Where a file session (boot) prints what it refuses: the console. */
void		 router_set_console_term(struct router *, struct term *);
struct term	*router_console_term(const struct router *);
/* modes/ replays startup-config with this at boot and reload. */
void		 router_set_boot(struct router *, router_boot_fn);
int		 router_boot(struct router *);
/* `reload` confirmed: done when the command has finished (configuration
 * cleared, startup-config replayed, every session back at a fresh login). */
void		 router_reload_request(struct router *);
/*
 * A session of kind FILE on the router in global configuration, for a
 * replay (boot, copy startup-config running-config): never the user's
 * session. Its output and errors go to term; questions get no answer.
 */
struct session	*router_file_session(struct router *, const char *name,
		    struct term *);
/* Runs one line in a file session; 0 accepted, -1 refused. */
int		 router_file_line(struct session *, const char *line);
void		 router_file_session_free(struct session *);
/* Matches line in mode (by name) and stores it under parent, as if typed
 * (back ends add the configuration a command implies, such as a
 * certificate chain), the grammar's defaults applied; returns the node,
 * or NULL (refused, removed, or a default not kept). */
struct confnode	*router_apply_line(struct router *, struct confnode *parent,
		    const char *mode, const char *line);

#endif

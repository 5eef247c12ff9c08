/*
 * A terminal session: the mode stack, privilege and per-session settings,
 * and the line executor that turns a typed line into a handler call or an
 * IOS error. The console, script mode and -c each own one session.
 * Generic commands in modes/ (exit, end, enable, terminal length ...) act
 * on the session through these functions.
 */
#ifndef VGW_SESSION_H
#define VGW_SESSION_H

#include "grammar.h"
#include "term.h"

#define SESSION_MAX_DEPTH	8

struct confnode;
struct output;

struct session_level {
	const struct gmode	*mode;
	struct confnode		*node;	/* the node that opened the mode */
};

struct session {
	struct term		*term;
	const char		*name;		/* "console" (used in CONFIG_I) */
	int			 privilege;	/* 1: Router>, 15: Router# */
	struct session_level	 levels[SESSION_MAX_DEPTH];
	int			 depth;		/* index of the current level;
						   levels[0] is EXEC */
	int			 term_length;	/* lines per page, 0 = no pager */
	int			 term_width;
	int			 monitor;	/* terminal monitor */
	int			 rejected;	/* lines refused so far (script exit status) */
	int			 quit;		/* exit/logout from EXEC was typed */
	int			 reload;	/* reload confirmed: main restarts */
	char			**history;	/* newest last */
	int			 history_len;
	int			 history_size;	/* default 10 */
	/* Added by cli/: */
	struct output		*output;	/* filter and pager (cli/output.h) */
	int			 quiet;		/* no %SYS-5-CONFIG_I, no history
						   (boot replay, --check) */
	int			 line_column;	/* column where the typed line
						   starts on screen; -1: after
						   the prompt (--check sets it) */
	const char		*exec_line;	/* line being executed (for `do`) */
};

extern const struct grammar	*session_grammar;	/* set once by main */

/* The session writes through cli/output.c (filters, pager) in front of
 * term: s->term is that output term, the one handlers receive. */
void		 session_init(struct session *, struct term *, const char *name);
void		 session_free(struct session *);
/* Handles one line as if typed at the prompt: returns 0 if accepted, -1
 * if refused (the IOS error has been printed). */
int		 session_execute(struct session *, const char *line);
/*
 * Runs line as an EXEC command from any mode without leaving it (the `do`
 * command's handler calls this with its LINE). Errors put the caret under
 * the line's place in the line typed. Returns 0 or -1 as session_execute.
 */
int		 session_execute_exec(struct session *, const char *line);
/* Refuses line without running it: IOS's invalid-input error with the
 * caret at offset at (an over-long line, a NUL byte). Returns -1. */
int		 session_refuse_at(struct session *, const char *line, int at);
/* A fresh login, as after a reload: user EXEC, no pending quit or reload,
 * default terminal settings, empty history. */
void		 session_reset(struct session *);
/* `?` and TAB for the line typed so far. session_complete's result is
 * freed with grammar_completions_free. Raw modes (gmode.raw_handler) take
 * every line except `quit`, which leaves them; the raw handler is called a
 * last time with ctx->line "quit" so it can finish what was typed. */
void		 session_help(struct session *, const char *line, struct sbuf *out);
char		**session_complete(struct session *, const char *line);
/* The prompt: "Router>", "Router#", "Router(config-sip-ua)#". */
void		 session_prompt(struct session *, struct sbuf *out);

const struct gmode *session_mode(const struct session *);
struct confnode	*session_node(const struct session *);
void		 session_enter(struct session *, const struct gmode *, struct confnode *);
/* One level up; leaving global configuration logs %SYS-5-CONFIG_I. */
void		 session_exit(struct session *);
/* Back to EXEC (end, Ctrl-Z); logs %SYS-5-CONFIG_I when leaving config. */
void		 session_end(struct session *);
void		 session_history_add(struct session *, const char *line);

#endif

/* Private to exec/: the session, the router and the pending command a
 * question holds. Nothing outside exec/ sees these fields. */
#ifndef VGW_SESSION_INT_H
#define VGW_SESSION_INT_H

#include <sys/queue.h>

#include <time.h>

#include "output.h"
#include "session.h"

#define SESSION_MAX_DEPTH	8

struct session_level {
	const struct gmode	*mode;
	struct confnode		*node;	/* the node that opened the mode */
};

/*
 * A command that asked a question and waits for its answer: its own copy
 * of the match and the line (the caller's are gone when the answer comes),
 * the continuation, and what the executor does when it ends (store the
 * command under parent, enter its mode).
 */
struct session_pending {
	struct cmd_ctx		 ctx;
	struct gmatch		*match;		/* copy; NULL in raw modes */
	char			*line;
	cmd_answer_fn		 fn;
	void			*arg;
	int			 echo;
	int			 busy;		/* cmd_wait: no input taken */
	/* Set by the innermost session_run that got CMD_WAIT. */
	int			 finish_set;
	struct confnode		*parent;
	int			 enter;
	int			 depth;
	int			 node_gone;	/* parent removed meanwhile */
};

struct session {
	struct router		*router;
	enum session_kind	 kind;
	char			*name;
	struct session_io	 io;
	int			 privilege;	/* 1: Router>, 15: Router# */
	struct session_level	 levels[SESSION_MAX_DEPTH];
	int			 depth;		/* current level; 0 is EXEC */
	int			 term_length;	/* lines per page, 0 = no pager */
	int			 term_width;
	int			 monitor;	/* terminal monitor */
	int			 rejected;	/* lines refused so far */
	int			 quit;		/* exit/logout from EXEC */
	char			**history;	/* newest last */
	int			 history_len;
	int			 history_size;	/* default 10 */
	struct output		*output;	/* filter and pager */
	struct term		*term;		/* output's term: what handlers get */
	int			 line_column;	/* -1: after the prompt */
	const char		*exec_line;	/* line being executed (for `do`) */
	struct session_pending	*pending;	/* a question waits */
	/* What `show users` shows: the line, who logged in, from where. */
	int			 line_no;	/* vty N; 0 for the console */
	char			*user;
	char			*location;
	time_t			 last_input;	/* monotonic seconds */
	char			*transport;	/* "telnet", "ssh"; NULL console */
	char			*ssh_info;	/* cipher/hmac, for show ssh */
	TAILQ_ENTRY(session)	 entry;		/* the router's list */
};

TAILQ_HEAD(session_list, session);

struct router {
	const struct grammar	*grammar;
	struct router_log	*log;		/* logging.c */
	struct session_list	 sessions;
	struct confnode		*hostname;	/* followed through events */
	struct term		*console_term;
	router_boot_fn		 boot;
	int			 reload_requested;
	int			 line_uses[2 + 16];	/* show line's Uses */
	int			 ssh_port;	/* 0: SSH is off */
};

/* execute.c: what `?` and TAB share with the executor. */
/* Does the word w (n characters) abbreviate keyword, at least min long? */
int		 session_word_is(const char *w, size_t n, const char *keyword,
		    size_t min);
/* The first word of line (after blanks): its start, *n its length. */
const char	*session_word(const char *line, size_t *n);
/* Where the `|` of a show command's output filter is, or -1. */
int		 session_filter_find(struct session *, const char *line);
/* The filter keywords (begin, count, ...), NULL-terminated. */
extern const char *const session_filter_names[];

/* session.c */
void		 session_history_add(struct session *, const char *line);
/* The end of a command: store and enter as the executor does, the output
 * closed, a refusal counted. rc is the handler's result. */
int		 session_finish(struct session *, int rc);
/* ask.c */
void		 session_pending_free(struct session *);
/* Delivers an answer line (NULL: none will come) to the waiting
 * question; the command goes on or ends. 0, or -1 if it was refused. */
int		 session_answer(struct session *, const char *answer);
/* logging.c */
struct router_log *router_log_new(void);
void		 router_log_free(struct router_log *);
/* The router takes every syslog and debug line (core/log.c's sink). */
void		 router_log_install(struct router *);
void		 exec_logging_register(void);
void		 exec_users_register(void);	/* users.c */
void		 exec_lines_register(void);	/* lines.c */
/* router.c */
/* What IOS does not show is not stored (the grammar's default= and
 * default-on=): 1 when m was such a command, its node removed. */
int		 router_store_default(const struct gmatch *, struct confnode *);
void		 router_session_add(struct router *, struct session *);
void		 router_session_remove(struct router *, struct session *);
void		 router_reload_if_requested(struct router *);

#endif

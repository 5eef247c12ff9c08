/*
 * What cli/ offers main(): the front ends that drive sessions of the
 * router: the readline console, script mode on a non-terminal stdin (and
 * -c), and --check. Nothing but main includes this header.
 */
#ifndef VGW_CLI_H
#define VGW_CLI_H

#include <stddef.h>

struct router;
struct session;
struct term;
struct script;

/* Console: readline in callback mode inside the event loop. The session
 * is made by console_start on the router. */
struct session	*console_start(struct router *);
/* The console's output device (boot replay errors print there). */
struct term	*console_term(void);
/* Shows the prompt and watches stdin; main runs the loop (evloop_run)
 * until the session quits or input ends. */
void		 console_attach(void);
void		 console_stop(void);

/* Script mode: lines from stdin handled as if typed, with the transcript
 * on stdout. */
struct script	*script_new(int fd);
struct term	*script_term(struct script *);
/* -c: these lines are run instead of stdin's, whose lines answer the
 * questions they ask. */
void		 script_commands(struct script *, char **commands, int n);
/* Watches stdin for s; 1 when input was already all handled (no loop
 * needed), else main runs the loop until input ends or s quits. */
int		 script_attach(struct script *, struct session *);
void		 script_free(struct script *);
/* One line as typed: prompt and line echoed, then handled. */
void		 script_line(struct session *, const char *line);
/* The script's session on the router ("console" in CONFIG_I). */
struct session	*script_session_new(struct script *, struct router *);

/* --check FILE: exit status (0 all lines accepted, 1 otherwise). */
int		 check_run(struct router *, const char *path);

#endif

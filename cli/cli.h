/*
 * What cli/ offers main(): its own command handlers (terminal settings,
 * show history) and the three ways of driving a session: the readline
 * console, script mode on a non-terminal stdin, and --check.
 */
#ifndef VGW_CLI_H
#define VGW_CLI_H

#include <stddef.h>

struct session;
struct term;
struct script;

/*
 * The longest line script mode and --check take, in characters (CR and LF
 * not counted). IOS's console input buffer is bounded too; 8192 holds any
 * real command and any pasted certificate hex line. A longer line is
 * refused with the caret at the limit, the rest of it read and dropped.
 */
#define CLI_LINE_MAX	8192
/* Where a read line of len bytes is refused unread (a NUL byte, the
 * limit), or -1 (cli/script.c). */
int		 cli_line_refused_at(const char *line, size_t len);

/* Registers the handlers of cli/cli.xml (before the grammar is loaded). */
void		 cli_register(void);

/* Console: readline in callback mode inside the event loop. */
struct term	*console_term(void);
void		 console_start(struct session *);
/* Runs until the session quits, reloads or input ends. */
void		 console_run(struct session *);
void		 console_stop(void);

/* Script mode: lines from stdin handled as if typed, with the transcript
 * on stdout. script_run returns when the session quits, reloads or input
 * ends (script_eof). */
struct script	*script_new(int fd);
struct term	*script_term(struct script *);
void		 script_run(struct script *, struct session *);
int		 script_eof(struct script *);
void		 script_free(struct script *);
/* One line as typed: prompt and line echoed, then handled (-c uses it). */
void		 script_line(struct session *, const char *line);
/* Prints syslog lines to stdout. */
void		 script_log_sink_install(void);

/* --check FILE: exit status (0 all lines accepted, 1 otherwise). */
int		 check_run(const char *path);

#endif

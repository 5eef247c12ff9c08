/* IOS-style asynchronous messages: syslog lines (%SYS-5-CONFIG_I: ...) and
 * debug output (debug ccsip). Producers call log_msg/debug_msg; the router
 * registers the sink (exec/logging.c) that adds the `service timestamps`
 * prefix, keeps `logging buffered` and fans the line out to the console
 * and the sessions with `terminal monitor`. */
#ifndef VGW_LOG_H
#define VGW_LOG_H

enum log_kind {
	LOG_KIND_LOG,		/* %FAC-SEV-MNEMONIC messages */
	LOG_KIND_DEBUG		/* debug output, shown only with terminal monitor on vty */
};

typedef void (*log_sink_fn)(enum log_kind, const char *line, void *arg);

void	 log_set_sink(log_sink_fn, void *arg);
/* fmt is the message without timestamp, e.g. "%%SYS-5-CONFIG_I: Configured ...". */
void	 log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 debug_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

/* Formats syslog and debug lines and hands them to the sink the router
 * registered (exec/logging.c: timestamps, buffer, sessions), stderr until
 * one is. */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"
#include "sbuf.h"

static log_sink_fn	 log_sink;
static void		*log_sink_arg;

void
log_set_sink(log_sink_fn fn, void *arg)
{
	log_sink = fn;
	log_sink_arg = arg;
}

static void
log_vemit(enum log_kind kind, const char *fmt, va_list ap)
{
	struct sbuf	 sb;

	sbuf_init(&sb);
	sbuf_vprintf(&sb, fmt, ap);
	if (log_sink != NULL)
		log_sink(kind, sbuf_str(&sb), log_sink_arg);
	else
		fprintf(stderr, "%s\n", sbuf_str(&sb));
	sbuf_free(&sb);
}
void
log_msg(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vemit(LOG_KIND_LOG, fmt, ap);
	va_end(ap);
}

void
debug_msg(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vemit(LOG_KIND_DEBUG, fmt, ap);
	va_end(ap);
}

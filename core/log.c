/* Formats syslog and debug lines with their IOS timestamp and hands them to
 * the sink the CLI registered (stderr until one is). */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "clock.h"
#include "log.h"
#include "sbuf.h"

static log_sink_fn	 log_sink;
static void		*log_sink_arg;
static int		 log_timestamps[2];

void
log_set_sink(log_sink_fn fn, void *arg)
{
	log_sink = fn;
	log_sink_arg = arg;
}

void
log_set_timestamps(enum log_kind kind, int on)
{
	log_timestamps[kind] = on;
}

/* "*Mar  1 00:03:30.223: ": asterisk while the clock is not authoritative,
 * day of month padded to two characters. */
static void
log_timestamp(struct sbuf *sb)
{
	struct timeval	 tv;
	struct tm	 tm;
	char		 buf[32];

	router_clock_gettimeofday(&tv);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(buf, sizeof buf, "%b %e %H:%M:%S", &tm);
	sbuf_printf(sb, "%s%s.%03ld: ", router_clock_is_set() ? "" : "*", buf,
	    (long)(tv.tv_usec / 1000));
}

static void
log_vemit(enum log_kind kind, const char *fmt, va_list ap)
{
	struct sbuf	 sb;

	sbuf_init(&sb);
	if (log_timestamps[kind])
		log_timestamp(&sb);
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

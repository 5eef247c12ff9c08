/*
 * Where log lines go (IOS's logging process): every syslog and debug line
 * (core/log.c produces them) gets its `service timestamps` prefix, is kept
 * in the `logging buffered` ring and goes to the console and to each
 * session with `terminal monitor` (a vty sees debug output only then).
 * `show logging` and `clear logging` are here. No real IOS capture of
 * `show logging` was found (reference/ios-reference.md has none): its
 * layout follows the 12.4 output commonly reproduced in Cisco guides,
 * without the message-discriminator lines of later trains.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "confdb.h"
#include "egress.h"
#include "log.h"
#include "session_int.h"
#include "xmalloc.h"

#define LOG_BUFFER_DEFAULT	4096	/* `logging buffered` without size */
#define LOG_HOSTS		8	/* `logging host`s counted */
#define LOG_FACILITY_LOCAL7	23	/* IOS's default facility */

enum log_stamp { STAMP_NONE, STAMP_UPTIME, STAMP_DATETIME };

struct log_stamp_conf {
	enum log_stamp	 kind;
	int		 msec, localtime, year, show_tz;
};

struct router_log {
	struct log_stamp_conf	 stamp[2];	/* LOG_KIND_LOG, LOG_KIND_DEBUG */
	size_t			 buffer_size;	/* 0: not buffered */
	int			 buffer_level;
	char			**lines;	/* the ring, oldest first */
	size_t			 nlines, bytes;
	unsigned long		 console_count, monitor_count, buffer_count;
	unsigned long		 trap_count;
	int			 console_level;	/* -1: no logging console */
	int			 monitor_level;
	int			 trap_level;
	int			 udp;		/* syslog to `logging host`s */
	unsigned long		 host_count[LOG_HOSTS];
};

static const char *const log_level_names[] = {
	"emergencies", "alerts", "critical", "errors", "warnings",
	"notifications", "informational", "debugging"
};

/* A factory-fresh 12.4T router: `service timestamps debug|log datetime
 * msec`, shown in its running-config (modes/system.xml's absent texts). */
static void
log_stamp_default(struct log_stamp_conf *c)
{
	memset(c, 0, sizeof *c);
	c->kind = STAMP_DATETIME;
	c->msec = 1;
}

static void
log_stamp_read(struct log_stamp_conf *c, const struct confnode *n)
{
	const struct gmatch	*m = &n->match;

	memset(c, 0, sizeof *c);
	if (m->negate != GNEG_NONE)
		return;
	if (gmatch_has(m, "uptime") || !gmatch_has(m, "datetime")) {
		c->kind = STAMP_UPTIME;
		return;
	}
	c->kind = STAMP_DATETIME;
	c->msec = gmatch_has(m, "msec");
	c->localtime = gmatch_has(m, "localtime");
	c->year = gmatch_has(m, "year");
	c->show_tz = gmatch_has(m, "show-timezone");
}

static int
log_level_of(const struct gmatch *m)
{
	int	 i;

	if (gmatch_has(m, "$level"))
		return (int)gmatch_num(m, "$level", 7);
	for (i = 0; i < 8; i++) {
		if (gmatch_has(m, log_level_names[i]))
			return i;
	}
	return 7;
}

static void
log_buffer_trim(struct router_log *l, size_t size)
{
	size_t	 drop = 0, i;

	while (drop < l->nlines && l->bytes > size) {
		l->bytes -= strlen(l->lines[drop]) + 1;
		free(l->lines[drop]);
		drop++;
	}
	if (drop == 0)
		return;
	for (i = drop; i < l->nlines; i++)
		l->lines[i - drop] = l->lines[i];
	l->nlines -= drop;
}

/* `service timestamps` and `logging buffered` as configured. */
static void
log_confdb_event(enum confdb_event ev, struct confnode *n, void *arg)
{
	struct router_log	*l = arg;
	int			 kind;

	if (n->parent != NULL)
		return;
	if (strcmp(n->key, "service timestamps log") == 0 ||
	    strcmp(n->key, "service timestamps debug") == 0) {
		kind = strcmp(n->key, "service timestamps log") == 0 ?
		    LOG_KIND_LOG : LOG_KIND_DEBUG;
		if (ev == CONFDB_REMOVE)
			log_stamp_default(&l->stamp[kind]);
		else
			log_stamp_read(&l->stamp[kind], n);
	} else if (strcmp(n->key, "logging console") == 0 ||
	    strcmp(n->key, "logging monitor") == 0 ||
	    strcmp(n->key, "logging trap") == 0) {
		int	*lv = n->key[8] == 'c' ? &l->console_level :
		    n->key[8] == 'm' ? &l->monitor_level : &l->trap_level;

		if (ev == CONFDB_REMOVE)
			*lv = n->key[8] == 't' ? 6 : 7;
		else if (n->match.negate != GNEG_NONE)
			*lv = -1;
		else
			*lv = log_level_of(&n->match);
	} else if (strcmp(n->key, "logging buffered") == 0) {
		if (ev == CONFDB_REMOVE || n->match.negate != GNEG_NONE) {
			log_buffer_trim(l, 0);
			l->buffer_size = 0;
			return;
		}
		l->buffer_size = (size_t)gmatch_num(&n->match, "$size",
		    LOG_BUFFER_DEFAULT);
		l->buffer_level = log_level_of(&n->match);
		log_buffer_trim(l, l->buffer_size);
	}
}

struct router_log *
router_log_new(void)
{
	struct router_log	*l;

	l = xcalloc(1, sizeof *l);
	l->console_level = l->monitor_level = 7;
	l->trap_level = 6;
	l->udp = -1;
	log_stamp_default(&l->stamp[LOG_KIND_LOG]);
	log_stamp_default(&l->stamp[LOG_KIND_DEBUG]);
	confdb_subscribe(log_confdb_event, l);
	return l;
}

void
router_log_free(struct router_log *l)
{
	if (l == NULL)
		return;
	confdb_unsubscribe(log_confdb_event, l);
	if (l->udp >= 0)
		close(l->udp);
	log_buffer_trim(l, 0);
	free(l->lines);
	free(l);
}

/* "1d02h", "1w2d" or "00:01:02", as IOS's uptime stamps. */
static void
log_stamp_uptime(struct sbuf *sb)
{
	long	 up = (long)router_clock_uptime();

	if (up >= 7 * 86400)
		sbuf_printf(sb, "%ldw%ldd: ", up / (7 * 86400),
		    (up / 86400) % 7);
	else if (up >= 86400)
		sbuf_printf(sb, "%ldd%02ldh: ", up / 86400, (up / 3600) % 24);
	else
		sbuf_printf(sb, "%02ld:%02ld:%02ld: ", up / 3600,
		    (up / 60) % 60, up % 60);
}

/* "*Mar  1 00:03:30.223: ": asterisk while the clock is not authoritative,
 * day of month padded to two characters. */
static void
log_stamp(const struct log_stamp_conf *c, struct sbuf *sb)
{
	struct timeval	 tv;
	struct tm	 tm;
	char		 buf[48];

	if (c->kind == STAMP_NONE)
		return;
	if (c->kind == STAMP_UPTIME) {
		log_stamp_uptime(sb);
		return;
	}
	router_clock_gettimeofday(&tv);
	if (c->localtime)
		localtime_r(&tv.tv_sec, &tm);
	else
		gmtime_r(&tv.tv_sec, &tm);
	strftime(buf, sizeof buf, c->year ? "%b %e %Y %H:%M:%S" :
	    "%b %e %H:%M:%S", &tm);
	sbuf_printf(sb, "%s%s", router_clock_is_set() ? "" : "*", buf);
	if (c->msec)
		sbuf_printf(sb, ".%03ld", (long)(tv.tv_usec / 1000));
	if (c->show_tz)
		sbuf_printf(sb, " %s", c->localtime ? tm.tm_zone : "UTC");
	sbuf_puts(sb, ": ");
}

/* The severity in "%FAC-5-MNEMONIC: ..."; debug lines are 7. */
static int
log_severity(enum log_kind kind, const char *msg)
{
	const char	*dash;

	if (kind == LOG_KIND_DEBUG || msg[0] != '%' ||
	    (dash = strchr(msg, '-')) == NULL || dash[1] < '0' ||
	    dash[1] > '7')
		return 7;
	return dash[1] - '0';
}

static void
log_buffer_add(struct router_log *l, const char *line)
{
	size_t	 n = strlen(line) + 1;

	if (n > l->buffer_size)
		return;
	log_buffer_trim(l, l->buffer_size - n);
	l->lines = xreallocarray(l->lines, l->nlines + 1, sizeof *l->lines);
	l->lines[l->nlines++] = xstrdup(line);
	l->bytes += n;
	l->buffer_count++;
}

static void
log_to_session(struct session *s, const char *line)
{
	if (s->io.log != NULL)
		s->io.log(s->io.arg, line);
	else {
		output_flush(s->output);
		term_puts(s->io.dev, line);
		term_puts(s->io.dev, "\n");
	}
}

/* `logging host A.B.C.D [transport udp port N]`, the Nth configured. */
static const struct confnode *
log_host(int i, struct sockaddr_in *sin)
{
	const struct confnode	*n;

	for (n = confdb_first(NULL); n != NULL; n = confdb_next(
	    (struct confnode *)n)) {
		if (strncmp(n->key, "logging host ", 13) != 0 ||
		    n->match.negate != GNEG_NONE || i-- > 0)
			continue;
		memset(sin, 0, sizeof *sin);
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)gmatch_num(&n->match, "$port",
		    514));
		if (inet_pton(AF_INET, gmatch_str(&n->match, "$host"),
		    &sin->sin_addr) != 1)
			return NULL;
		return n;
	}
	return NULL;
}

/* Syslog over UDP (RFC 3164 as IOS sends it: "<PRI>N: stamp: %MSG") to
 * each `logging host` up to `logging trap`'s level; egress rules apply:
 * a host off loopback gets nothing unless mapped or a lab's own. */
static void
log_to_hosts(struct router_log *l, int severity, const char *line)
{
	struct sockaddr_in	 sin;
	struct sockaddr_storage	 out;
	socklen_t		 outlen;
	char			*pkt;
	int			 i, n;

	if (severity > l->trap_level)
		return;
	for (i = 0; i < LOG_HOSTS && log_host(i, &sin) != NULL; i++) {
		if (egress_check((struct sockaddr *)&sin, sizeof sin, &out,
		    &outlen) != 0)
			continue;
		if (l->udp < 0 && (l->udp = socket(AF_INET, SOCK_DGRAM |
		    SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0)
			return;
		n = xasprintf(&pkt, "<%d>%lu: %s", LOG_FACILITY_LOCAL7 * 8 +
		    severity, l->trap_count, line);
		if (sendto(l->udp, pkt, n, 0, (struct sockaddr *)&out,
		    outlen) == n)
			l->host_count[i]++;
		free(pkt);
	}
}

/* The sink core/log.c calls for every line: prefix, ring, sessions. */
static void
router_log_line(enum log_kind kind, const char *msg, void *arg)
{
	struct router		*r = arg;
	struct router_log	*l = r->log;
	struct session		*s;
	struct sbuf		 line;
	int			 console = 0, sev;

	sbuf_init(&line);
	log_stamp(&l->stamp[kind], &line);
	sbuf_puts(&line, msg);
	if (l->buffer_size > 0 && log_severity(kind, msg) <= l->buffer_level)
		log_buffer_add(l, sbuf_str(&line));
	sev = log_severity(kind, msg);
	if (kind == LOG_KIND_LOG && sev <= l->trap_level) {
		l->trap_count++;
		log_to_hosts(l, sev, sbuf_str(&line));
	}
	TAILQ_FOREACH(s, &r->sessions, entry) {
		if (s->kind == SESSION_CONSOLE || s->kind == SESSION_SCRIPT) {
			console = 1;	/* heard, or silenced by its level */
			if (sev > l->console_level)
				continue;
			log_to_session(s, sbuf_str(&line));
			l->console_count++;
		} else if (s->kind == SESSION_VTY && s->monitor &&
		    sev <= l->monitor_level) {
			log_to_session(s, sbuf_str(&line));
			l->monitor_count++;
		}
	}
	if (!console)
		fprintf(stderr, "%s\n", sbuf_str(&line));
	sbuf_free(&line);
}

void
router_log_install(struct router *r)
{
	log_set_sink(router_log_line, r);
}

static void
log_show_status(struct router_log *l, struct sbuf *sb)
{
	struct sockaddr_in	 sin;
	char			 addr[INET_ADDRSTRLEN];
	int			 i;

	sbuf_printf(sb, "Syslog logging: enabled (0 messages dropped, 0 "
	    "messages rate-limited,\n                0 flushes, 0 overruns, "
	    "xml disabled, filtering disabled)\n"
	    "    Console logging: ");
	if (l->console_level < 0)
		sbuf_puts(sb, "disabled\n");
	else
		sbuf_printf(sb, "level %s, %lu messages logged, xml "
		    "disabled,\n                     filtering disabled\n",
		    log_level_names[l->console_level], l->console_count);
	sbuf_puts(sb, "    Monitor logging: ");
	if (l->monitor_level < 0)
		sbuf_puts(sb, "disabled\n");
	else
		sbuf_printf(sb, "level %s, %lu messages logged, xml "
		    "disabled,\n                     filtering disabled\n",
		    log_level_names[l->monitor_level], l->monitor_count);
	if (l->buffer_size > 0)
		sbuf_printf(sb, "    Buffer logging: level %s, %lu messages "
		    "logged, xml disabled,\n                    filtering "
		    "disabled\n", log_level_names[l->buffer_level],
		    l->buffer_count);
	else
		sbuf_puts(sb, "    Buffer logging: disabled, xml disabled,\n"
		    "                    filtering disabled\n");
	sbuf_printf(sb, "    Logging Exception size (4096 bytes)\n"
	    "    Count and timestamp logging messages: disabled\n"
	    "    Persistent logging: disabled\n\nNo active filter modules.\n\n"
	    "    Trap logging: level %s, %lu message lines logged\n",
	    log_level_names[l->trap_level >= 0 ? l->trap_level : 6],
	    l->trap_count);
	for (i = 0; i < LOG_HOSTS && log_host(i, &sin) != NULL; i++)
		sbuf_printf(sb, "        Logging to %s  (udp port %d, audit "
		    "disabled,\n              authentication disabled, "
		    "encryption disabled, link up),\n              %lu message "
		    "lines logged, \n              0 message lines rate-limited, "
		    "\n              0 message lines dropped-by-MD, \n"
		    "              xml disabled, sequence number disabled\n"
		    "              filtering disabled\n",
		    inet_ntop(AF_INET, &sin.sin_addr, addr, sizeof addr),
		    ntohs(sin.sin_port), l->host_count[i]);
}

static int
exec_show_logging(struct cmd_ctx *ctx)
{
	struct router_log	*l = ctx->router->log;
	struct sbuf		 sb;
	size_t			 i;

	sbuf_init(&sb);
	log_show_status(l, &sb);
	if (l->buffer_size > 0) {
		sbuf_printf(&sb, "\nLog Buffer (%zu bytes):\n\n",
		    l->buffer_size);
		for (i = 0; i < l->nlines; i++)
			sbuf_printf(&sb, "%s\n", l->lines[i]);
	}
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return 0;
}

static int
clear_logging_confirmed(struct cmd_ctx *ctx, int yes, void *arg)
{
	if (yes)
		log_buffer_trim(ctx->router->log, 0);
	return 0;
}

static int
exec_clear_logging(struct cmd_ctx *ctx)
{
	return cmd_confirm(ctx, "Clear logging buffer [confirm]",
	    clear_logging_confirmed, NULL);
}

void
exec_logging_register(void)
{
	grammar_handler_register("exec_show_logging", exec_show_logging);
	grammar_handler_register("exec_clear_logging", exec_clear_logging);
}

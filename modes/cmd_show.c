/*
 * `show version` (ios-reference.md §3.11, a 12.4T 2800-series router with
 * its computed uptime), `show clock [detail]` (§3.13) and `clock set`.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "clock.h"
#include "log.h"
#include "modes.h"
#include "modes_int.h"
#include "router_id.h"
#include "sbuf.h"
#include "exec.h"

static const char *const show_months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* "12 weeks, 2 hours, 26 minutes": zero parts left out, minutes always. */
static void
show_uptime(struct sbuf *sb, time_t up)
{
	static const struct {
		const char	*unit;
		time_t		 secs;
	} parts[] = {
		{ "year", 365 * 86400 }, { "week", 7 * 86400 },
		{ "day", 86400 }, { "hour", 3600 }
	};
	size_t	 i;
	long	 v;

	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		v = (long)(up / parts[i].secs);
		up %= parts[i].secs;
		if (v > 0)
			sbuf_printf(sb, "%ld %s%s, ", v, parts[i].unit,
			    v == 1 ? "" : "s");
	}
	v = (long)(up / 60);
	sbuf_printf(sb, "%ld minute%s", v, v == 1 ? "" : "s");
}

/* "09:29:31 UTC Tue Jun 23 2015" (day of month not padded). */
static void
show_date(struct sbuf *sb, time_t t, int msec)
{
	struct tm	 tm;
	char		 hms[16], wday[8], mon[8];

	gmtime_r(&t, &tm);
	strftime(hms, sizeof hms, "%H:%M:%S", &tm);
	strftime(wday, sizeof wday, "%a", &tm);
	strftime(mon, sizeof mon, "%b", &tm);
	sbuf_puts(sb, hms);
	if (msec >= 0)
		sbuf_printf(sb, ".%03d", msec);
	sbuf_printf(sb, " UTC %s %s %d %d", wday, mon, tm.tm_mday,
	    tm.tm_year + 1900);
}

int
modes_show_version(struct cmd_ctx *ctx)
{
	struct sbuf	 sb;
	time_t		 up = router_clock_uptime();

	sbuf_init(&sb);
	sbuf_puts(&sb,
	    "Cisco IOS Software, 2800 Software (C2800NM-ADVIPSERVICESK9-M), "
	    "Version 12.4(24)T2, RELEASE SOFTWARE (fc2)\n"
	    "Technical Support: http://www.cisco.com/techsupport\n"
	    "Copyright (c) 1986-2009 by Cisco Systems, Inc.\n"
	    "Compiled Mon 19-Oct-09 17:38 by prod_rel_team\n"
	    "\n"
	    "ROM: System Bootstrap, Version 12.4(13r)T, RELEASE SOFTWARE "
	    "(fc1)\n"
	    "\n");
	sbuf_printf(&sb, "%s uptime is ", router_hostname(ctx->router));
	show_uptime(&sb, up);
	sbuf_puts(&sb, "\nSystem returned to ROM by power-on\n"
	    "System restarted at ");
	show_date(&sb, router_clock_now() - up, -1);
	sbuf_puts(&sb, "\n"
	    "System image file is \"flash:c2800nm-advipservicesk9-mz.124-24.T2.bin\"\n"
	    "\n"
	    "\n"
	    "This product contains cryptographic features and is subject to United\n"
	    "States and local country laws governing import, export, transfer and\n"
	    "use. Delivery of Cisco cryptographic products does not imply\n"
	    "third-party authority to import, export, distribute or use encryption.\n"
	    "Importers, exporters, distributors and users are responsible for\n"
	    "compliance with U.S. and local country laws. By using this product you\n"
	    "agree to comply with applicable laws and regulations. If you are unable\n"
	    "to comply with U.S. and local laws, return this product immediately.\n"
	    "\n"
	    "A summary of U.S. laws governing Cisco cryptographic products may be found at:\n"
	    "http://www.cisco.com/wwl/export/crypto/tool/stqrg.html\n"
	    "\n"
	    "If you require further assistance please contact us by sending email to\n"
	    "export@cisco.com.\n"
	    "\n"
	    "Cisco 2821 (revision 53.51) with 247808K/14336K bytes of memory.\n");
	/* The serial number certificate requests carry (crypto pki enroll). */
	sbuf_printf(&sb, "Processor board ID %s\n", router_serial_number());
	sbuf_puts(&sb,
	    "2 Gigabit Ethernet interfaces\n"
	    "2 Voice FXS interfaces\n"
	    "1 Virtual Private Network (VPN) Module\n"
	    "DRAM configuration is 64 bits wide with parity enabled.\n"
	    "239K bytes of non-volatile configuration memory.\n"
	    "62720K bytes of ATA CompactFlash (Read/Write)\n"
	    "\n"
	    "Configuration register is 0x2102\n"
	    "\n");
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return 0;
}

int
modes_show_clock(struct cmd_ctx *ctx)
{
	struct timeval	 tv;
	struct sbuf	 sb;

	router_clock_gettimeofday(&tv);
	sbuf_init(&sb);
	/* `*`: not authoritative, the state of a router nobody set. */
	if (!router_clock_is_set())
		sbuf_putc(&sb, '*');
	show_date(&sb, tv.tv_sec, (int)(tv.tv_usec / 1000));
	sbuf_putc(&sb, '\n');
	if (gmatch_has(ctx->match, "detail"))
		sbuf_puts(&sb, router_clock_is_set() ?
		    "Time source is user configuration\n" :
		    "No time source\n");
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return 0;
}

/* Index of the value named name in the match (for the caret). */
static int
show_val_index(const struct gmatch *m, const char *name)
{
	const struct gval	*v = gmatch_get(m, name);

	return v != NULL ? (int)(v - m->vals) : 0;
}

static int
clock_parse_time(const char *s, int *h, int *mi, int *sec)
{
	char	 extra;

	if (sscanf(s, "%d:%d:%d%c", h, mi, sec, &extra) != 3)
		return -1;
	if (*h < 0 || *h > 23 || *mi < 0 || *mi > 59 || *sec < 0 || *sec > 59)
		return -1;
	return 0;
}

int
modes_clock_set(struct cmd_ctx *ctx)
{
	const struct gmatch	*m = ctx->match;
	const char		*month;
	struct sbuf		 sb;
	struct tm		 tm;
	time_t			 t, before;
	int			 h, mi, sec, mon;

	if (clock_parse_time(gmatch_str(m, "time"), &h, &mi, &sec) != 0) {
		modes_invalid_at(ctx, show_val_index(m, "time"));
		return -1;
	}
	month = gmatch_str(m, "month");
	for (mon = 0; mon < 12; mon++) {
		if (month != NULL && strcasecmp(month, show_months[mon]) == 0)
			break;
	}
	memset(&tm, 0, sizeof tm);
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_mday = (int)gmatch_num(m, "day", 1);
	tm.tm_mon = mon;
	tm.tm_year = (int)gmatch_num(m, "year", 1993) - 1900;
	t = timegm(&tm);
	/* 31 February and the like: timegm would roll it over. */
	if (mon == 12 || tm.tm_mday != (int)gmatch_num(m, "day", 1)) {
		modes_invalid_at(ctx, show_val_index(m, "day"));
		return -1;
	}
	before = router_clock_now();
	router_clock_set(t);
	sbuf_init(&sb);
	show_date(&sb, before, -1);
	sbuf_puts(&sb, " to ");
	show_date(&sb, t, -1);
	log_msg("%%SYS-6-CLOCKUPDATE: System clock has been updated from %s, "
	    "configured from console by %s.", sbuf_str(&sb),
	    ctx->session != NULL ? session_name(ctx->session) : "console");
	sbuf_free(&sb);
	return 0;
}

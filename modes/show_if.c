/*
 * `show ip interface brief` and `show interfaces [NAME]` from the
 * configured interfaces: address, `shutdown` (administratively down),
 * description, duplex and speed. vgw's interfaces carry no traffic of
 * their own (SIP binds to --bind's address), so the counters are zero:
 * said here, not hidden. Layouts from 12.4 captures of a 2811's
 * FastEthernet (MV96340 hardware).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "confdb.h"
#include "exec.h"
#include "modes_int.h"
#include "xmalloc.h"

struct if_view {
	const char	*name;
	const char	*addr;		/* NULL: unassigned */
	const char	*mask;
	const char	*description;
	const char	*duplex;
	const char	*speed;
	int		 shutdown;
};

static int
if_is(const struct confnode *n, const char *w0, const char *w1)
{
	if (confdb_word(n, 0) == NULL || strcmp(confdb_word(n, 0), w0) != 0)
		return 0;
	return w1 == NULL || (confdb_word(n, 1) != NULL &&
	    strcmp(confdb_word(n, 1), w1) == 0);
}

static void
if_read(const struct confnode *ifn, struct if_view *v)
{
	const struct confnode	*c;

	memset(v, 0, sizeof *v);
	v->name = confdb_word(ifn, 1);
	for (c = confdb_first((struct confnode *)ifn); c != NULL;
	    c = confdb_next((struct confnode *)c)) {
		if (c->match.negate != GNEG_NONE)
			continue;
		if (if_is(c, "ip", "address") && c->match.nvals == 4) {
			v->addr = confdb_word(c, 2);
			v->mask = confdb_word(c, 3);
		} else if (if_is(c, "shutdown", NULL))
			v->shutdown = 1;
		else if (if_is(c, "description", NULL))
			v->description = confdb_word(c, 1);
		else if (if_is(c, "duplex", NULL))
			v->duplex = confdb_word(c, 1);
		else if (if_is(c, "speed", NULL))
			v->speed = confdb_word(c, 1);
	}
}

static const char *
if_status(const struct if_view *v)
{
	return v->shutdown ? "administratively down" : "up";
}

static int
modes_show_ip_int_brief(struct cmd_ctx *ctx)
{
	struct confnode	*n;
	struct if_view	 v;
	struct sbuf	 sb;

	sbuf_init(&sb);
	sbuf_puts(&sb, "Interface                  IP-Address      OK? Method "
	    "Status                Protocol\n");
	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n)) {
		if (!if_is(n, "interface", NULL) || n->match.negate != GNEG_NONE)
			continue;
		if_read(n, &v);
		sbuf_printf(&sb, "%-26s %-15s YES %-6s %-21s %s\n", v.name,
		    v.addr != NULL ? v.addr : "unassigned",
		    v.addr != NULL ? "manual" : "unset", if_status(&v),
		    v.shutdown ? "down" : "up");
	}
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return CMD_DONE;
}

static int
if_prefix(const char *mask)
{
	unsigned int	 a, b, c, d, m, bits = 0;

	if (sscanf(mask, "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
		return 0;
	for (m = a << 24 | b << 16 | c << 8 | d; m & 0x80000000U; m <<= 1)
		bits++;
	return (int)bits;
}

/* A made-up but stable MAC per interface name (0019.e8xx.xxxx, Cisco's). */
static void
if_mac(const char *name, char *out, size_t sz)
{
	unsigned int	 h = 5381;

	while (*name != '\0')
		h = h * 33 + (unsigned char)*name++;
	snprintf(out, sz, "0019.e8%02x.%04x", (h >> 16) & 0xff, h & 0xffff);
}

static void
if_render(const struct if_view *v, struct sbuf *sb)
{
	char	 mac[32];
	int	 loop = strncasecmp(v->name, "Loopback", 8) == 0;

	if_mac(v->name, mac, sizeof mac);
	sbuf_printf(sb, "%s is %s, line protocol is %s \n", v->name,
	    if_status(v), v->shutdown ? "down" : "up");
	if (loop)
		sbuf_puts(sb, "  Hardware is Loopback\n");
	else
		sbuf_printf(sb, "  Hardware is MV96340 Ethernet, address is %s "
		    "(bia %s)\n", mac, mac);
	if (v->description != NULL)
		sbuf_printf(sb, "  Description: %s\n", v->description);
	if (v->addr != NULL)
		sbuf_printf(sb, "  Internet address is %s/%d\n", v->addr,
		    if_prefix(v->mask));
	sbuf_printf(sb, "  MTU %d bytes, BW %d Kbit/sec, DLY %d usec, \n"
	    "     reliability 255/255, txload 1/255, rxload 1/255\n"
	    "  Encapsulation %s, loopback not set\n",
	    loop ? 1514 : 1500, loop ? 8000000 : 100000, loop ? 5000 : 100,
	    loop ? "LOOPBACK" : "ARPA");
	if (!loop)
		sbuf_printf(sb, "  Keepalive set (10 sec)\n  %s-duplex, %s, "
		    "100BaseTX/FX\n  ARP type: ARPA, ARP Timeout 04:00:00\n",
		    v->duplex == NULL || strcmp(v->duplex, "auto") == 0 ?
		    "Auto" : strcmp(v->duplex, "full") == 0 ? "Full" : "Half",
		    v->speed == NULL || strcmp(v->speed, "auto") == 0 ?
		    "Auto Speed" : v->speed);
	sbuf_puts(sb, "  Last input never, output never, output hang never\n"
	    "  Last clearing of \"show interface\" counters never\n"
	    "  Input queue: 0/75/0/0 (size/max/drops/flushes); Total output "
	    "drops: 0\n  Queueing strategy: fifo\n"
	    "  Output queue: 0/40 (size/max)\n"
	    "  5 minute input rate 0 bits/sec, 0 packets/sec\n"
	    "  5 minute output rate 0 bits/sec, 0 packets/sec\n"
	    "     0 packets input, 0 bytes, 0 no buffer\n"
	    "     Received 0 broadcasts, 0 runts, 0 giants, 0 throttles\n"
	    "     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored\n"
	    "     0 packets output, 0 bytes, 0 underruns\n"
	    "     0 output errors, 0 collisions, 0 interface resets\n"
	    "     0 unknown protocol drops\n"
	    "     0 output buffer failures, 0 output buffers swapped out\n");
}

static int
modes_show_interfaces(struct cmd_ctx *ctx)
{
	const char	*want = gmatch_str(ctx->match, "$ifname");
	struct confnode	*n;
	struct if_view	 v;
	struct sbuf	 sb;
	int		 found = 0;

	sbuf_init(&sb);
	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n)) {
		if (!if_is(n, "interface", NULL) || n->match.negate != GNEG_NONE)
			continue;
		if_read(n, &v);
		if (want != NULL && strcasecmp(want, v.name) != 0)
			continue;
		if_render(&v, &sb);
		found++;
	}
	if (want != NULL && !found) {
		sbuf_free(&sb);
		modes_invalid_at(ctx, 2);
		return CMD_ERROR;
	}
	term_write(ctx->term, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
	return CMD_DONE;
}

void
show_if_register(void)
{
	grammar_handler_register("modes_show_ip_int_brief",
	    modes_show_ip_int_brief);
	grammar_handler_register("modes_show_interfaces",
	    modes_show_interfaces);
}

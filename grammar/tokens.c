/*
 * Argument token types: which placeholders the syntax notation knows, what
 * text each accepts, the typed value and canonical text of an accepted
 * argument, and how a placeholder is shown by `?`. Keywords are matched in
 * walk.c, not here.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grammar_int.h"
#include "xmalloc.h"

static const struct {
	const char	*word;
	enum gtok_kind	 kind;
} placeholders[] = {
	{ "WORD", GTOK_WORD },
	{ "LINE", GTOK_LINE },
	{ "A.B.C.D", GTOK_IPV4 },
	{ "IPV4TARGET", GTOK_IPV4_TARGET },
	{ "DNSNAME", GTOK_DNS },
	{ "URL", GTOK_URL },
	{ "HEX", GTOK_HEX },
	{ "INTERFACE", GTOK_IFNAME },
	{ "SLOTPORT", GTOK_SLOTPORT },
	{ "hh:mm:ss", GTOK_TIME },
	{ "MONTH", GTOK_MONTH },
};

static const char *months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

const char *
gtok_month(int i)
{
	return months[i];
}

/* MONTH: the month a name or unique prefix (any case) stands for. */
static const char *
month_name(const char *s, size_t len)
{
	const char	*found = NULL;
	size_t		 i;

	if (len == 0)
		return NULL;
	for (i = 0; i < sizeof months / sizeof months[0]; i++) {
		if (len > strlen(months[i]) ||
		    strncasecmp(months[i], s, len) != 0)
			continue;
		if (len == strlen(months[i]))
			return months[i];
		if (found != NULL)
			return NULL;
		found = months[i];
	}
	return found;
}

/* hh:mm:ss: three groups of one or two digits (values: the handler). */
static int
accept_time(const char *s, size_t len)
{
	size_t	 i = 0, digits;
	int	 group;

	for (group = 0; group < 3; group++) {
		if (group > 0 && (i >= len || s[i++] != ':'))
			return 0;
		for (digits = 0; i < len && isdigit((unsigned char)s[i]);
		    i++)
			digits++;
		if (digits == 0 || digits > 2)
			return 0;
	}
	return i == len;
}

/* Interface types INTERFACE accepts, abbreviated by unique prefix. */
static const char *iftypes[] = {
	"Ethernet", "FastEthernet", "GigabitEthernet", "Loopback", "Null",
	"Serial", "Tunnel", "Vlan"
};

/*
 * An interface number: numbers of at most IFNUM_MAX (IOS's Loopback
 * <0-2147483647>; slots, ports and subinterfaces are smaller) joined by
 * `/`, `.` or `:`, none empty. Null has the one interface Null0.
 */
#define IFNUM_MAX	2147483647LL

static int
ifnum_valid(const char *type, const char *s, size_t len)
{
	size_t		 i = 0, digits;
	long long	 v;

	if (strcmp(type, "Null") == 0)
		return len == 1 && s[0] == '0';
	for (;;) {
		v = 0;
		for (digits = 0; i < len && isdigit((unsigned char)s[i]);
		    digits++, i++) {
			v = v * 10 + (s[i] - '0');
			if (v > IFNUM_MAX)
				return 0;
		}
		if (digits == 0)
			return 0;
		if (i == len)
			return 1;
		if (strchr("/.:", s[i]) == NULL)
			return 0;
		i++;
	}
}

static int
parse_ll(const char *s, size_t len, long long *v)
{
	size_t		 i = 0;
	int		 neg = 0;
	long long	 n = 0;

	if (len > 0 && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == len || len - i > 18)
		return -1;
	for (; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	*v = neg ? -n : n;
	return 0;
}

/* Recognises `<lo-hi>` and the named placeholders. */
int
gtok_placeholder(const char *word, enum gtok_kind *kind, long long *lo,
    long long *hi)
{
	size_t		 i, n = strlen(word);
	const char	*dash;

	for (i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++) {
		if (strcmp(word, placeholders[i].word) == 0) {
			*kind = placeholders[i].kind;
			return 1;
		}
	}
	if (n < 5 || word[0] != '<' || word[n - 1] != '>')
		return 0;
	dash = strchr(word + 2, '-');	/* +2: a negative low bound */
	if (dash == NULL || dash > word + n - 1)
		return -1;
	if (parse_ll(word + 1, dash - word - 1, lo) != 0 ||
	    parse_ll(dash + 1, word + n - 2 - dash, hi) != 0 || *lo > *hi)
		return -1;
	*kind = GTOK_RANGE;
	return 1;
}

/* Lower ranks win when several argument types accept a word. */
int
gtok_rank(const struct gtok *t)
{
	switch (t->kind) {
	case GTOK_KEYWORD:
		return 0;
	case GTOK_URL:
		return 2;
	case GTOK_WORD:
		return 3;
	case GTOK_LINE:
		return 4;
	default:
		return 1;
	}
}

static int
parse_ipv4(const char *s, size_t len, uint32_t *addr)
{
	uint32_t	 a = 0;
	size_t		 i = 0, digits;
	int		 octet, v;

	for (octet = 0; octet < 4; octet++) {
		if (octet > 0) {
			if (i >= len || s[i] != '.')
				return -1;
			i++;
		}
		v = 0;
		for (digits = 0; i < len && isdigit((unsigned char)s[i]) &&
		    digits <= 3; digits++, i++)
			v = v * 10 + (s[i] - '0');
		if (digits == 0 || digits > 3 || v > 255)
			return -1;
		a = (a << 8) | (uint32_t)v;
	}
	if (i != len)
		return -1;
	*addr = a;
	return 0;
}

static int
parse_target(const char *s, size_t len, uint32_t *addr, uint16_t *port)
{
	const char	*colon;
	long long	 p;

	if (len < 5 || strncasecmp(s, "ipv4:", 5) != 0)
		return -1;
	s += 5;
	len -= 5;
	*port = 0;
	colon = memchr(s, ':', len);
	if (colon != NULL) {
		if (parse_ll(colon + 1, s + len - colon - 1, &p) != 0 ||
		    p < 1 || p > 65535 || colon[1] == '-')
			return -1;
		*port = (uint16_t)p;
		len = colon - s;
	}
	return parse_ipv4(s, len, addr);
}

static int
accept_url(const char *s, size_t len)
{
	size_t	i;

	if (len == 0 || !isalpha((unsigned char)s[0]))
		return 0;
	for (i = 1; i < len; i++) {
		if (s[i] == ':')
			return 1;
		if (!isalnum((unsigned char)s[i]) && strchr("+.-", s[i]) == NULL)
			return 0;
	}
	return 0;
}

static int
accept_slotport(const char *s, size_t len)
{
	size_t	i;
	int	slashes = 0, digits = 0;

	for (i = 0; i < len; i++) {
		if (isdigit((unsigned char)s[i])) {
			digits++;
			continue;
		}
		if (s[i] != '/' || digits == 0)
			return 0;
		slashes++;
		digits = 0;
	}
	return digits > 0 && slashes >= 1 && slashes <= 2;
}

/* The full interface type name that s (letters only) abbreviates. */
const char *
gtok_iftype(const char *s, size_t n)
{
	size_t	t, nfound = 0;
	const char *found = NULL;

	if (n == 0)
		return NULL;
	for (t = 0; t < sizeof iftypes / sizeof iftypes[0]; t++) {
		if (strncasecmp(iftypes[t], s, n) != 0)
			continue;
		if (strlen(iftypes[t]) == n)
			return iftypes[t];
		found = iftypes[t];
		nfound++;
	}
	return nfound == 1 ? found : NULL;
}

/*
 * INTERFACE: a type name or unique prefix of one (case-insensitive), then
 * its number (0/0, 1, 0/1.100), glued or after blanks as IOS allows
 * ("GigabitEthernet 0/0"). canon, when not NULL, gets the full name.
 */
int
gtok_ifname(const char *s, size_t len, struct sbuf *canon)
{
	const char	*type;
	size_t		 n, num;

	for (n = 0; n < len && (isalpha((unsigned char)s[n]) || s[n] == '-');
	    n++)
		;
	for (num = n; num < len && (s[num] == ' ' || s[num] == '\t'); num++)
		;
	if (n == 0 || num == len || !isdigit((unsigned char)s[num]))
		return 0;
	if ((type = gtok_iftype(s, n)) == NULL ||
	    !ifnum_valid(type, s + num, len - num))
		return 0;
	if (canon != NULL) {
		sbuf_puts(canon, type);
		sbuf_add(canon, s + num, len - num);
	}
	return 1;
}

int
gtok_accept(const struct gtok *t, const char *s, size_t len)
{
	long long	 v;
	uint32_t	 a;
	uint16_t	 p;
	size_t		 i;

	switch (t->kind) {
	case GTOK_KEYWORD:
		return len <= strlen(t->word) && strncasecmp(t->word, s, len) == 0;
	case GTOK_WORD:
	case GTOK_LINE:
		return len > 0;
	case GTOK_RANGE:
		return parse_ll(s, len, &v) == 0 && v >= t->lo && v <= t->hi;
	case GTOK_IPV4:
		return parse_ipv4(s, len, &a) == 0;
	case GTOK_IPV4_TARGET:
		return parse_target(s, len, &a, &p) == 0;
	case GTOK_DNS:
		return len > 4 && strncasecmp(s, "dns:", 4) == 0;
	case GTOK_URL:
		return accept_url(s, len);
	case GTOK_HEX:
		for (i = 0; i < len; i++) {
			if (!isxdigit((unsigned char)s[i]))
				return 0;
		}
		return len > 0;
	case GTOK_IFNAME:
		return gtok_ifname(s, len, NULL);
	case GTOK_SLOTPORT:
		return accept_slotport(s, len);
	case GTOK_TIME:
		return accept_time(s, len);
	case GTOK_MONTH:
		return month_name(s, len) != NULL;
	}
	return 0;
}

/* Dotted quad of a (no printf: this runs for every address loaded). */
static size_t
ipv4_format(uint32_t a, char *buf)
{
	size_t	n = 0;
	int	shift, o;

	for (shift = 24; shift >= 0; shift -= 8) {
		o = (a >> shift) & 255;
		if (o >= 100)
			buf[n++] = '0' + o / 100;
		if (o >= 10)
			buf[n++] = '0' + o / 10 % 10;
		buf[n++] = '0' + o % 10;
		if (shift > 0)
			buf[n++] = '.';
	}
	buf[n] = '\0';
	return n;
}

static char *
ipv4_text(uint32_t a)
{
	char	buf[16];

	ipv4_format(a, buf);
	return xstrdup(buf);
}

/* Fills v's typed fields and canonical text for an accepted argument. */
void
gtok_value(const struct gtok *t, const char *s, size_t len, struct gval *v)
{
	struct sbuf	 sb;
	char		*ip;

	v->num = 0;
	v->addr = 0;
	v->port = 0;
	switch (t->kind) {
	case GTOK_KEYWORD:
		v->text = xstrdup(t->word);
		return;
	case GTOK_RANGE:
		parse_ll(s, len, &v->num);
		if (len > 1 && (s[0] == '0' || s[0] == '-'))
			xasprintf(&v->text, "%lld", v->num);
		else
			v->text = xstrndup(s, len);
		return;
	case GTOK_IPV4:
		parse_ipv4(s, len, &v->addr);
		v->text = ipv4_text(v->addr);
		return;
	case GTOK_IPV4_TARGET:
		parse_target(s, len, &v->addr, &v->port);
		ip = ipv4_text(v->addr);
		if (v->port != 0)
			xasprintf(&v->text, "ipv4:%s:%u", ip, v->port);
		else
			xasprintf(&v->text, "ipv4:%s", ip);
		free(ip);
		return;
	case GTOK_DNS:
		xasprintf(&v->text, "dns:%.*s", (int)len - 4, s + 4);
		return;
	case GTOK_IFNAME:
		sbuf_init(&sb);
		gtok_ifname(s, len, &sb);
		v->text = sbuf_detach(&sb);
		return;
	case GTOK_MONTH:
		v->text = xstrdup(month_name(s, len));
		return;
	default:
		v->text = xstrndup(s, len);
		return;
	}
}

/* How `?` shows a token. */
const char *
gtok_display(const struct gtok *t)
{
	switch (t->kind) {
	case GTOK_IPV4_TARGET:
		return "ipv4:A.B.C.D";
	case GTOK_DNS:
		return "dns:WORD";
	case GTOK_SLOTPORT:
		return "SLOT/PORT";
	default:
		return t->word;
	}
}

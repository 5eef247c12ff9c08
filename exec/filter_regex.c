/*
 * Bounds on the regular expression of an output filter (`| include a+`),
 * which is user input handed to glibc's regcomp: patterns such as
 * `a++++++++++++++++++++` make its automaton grow without bound (800 MB
 * and seconds measured). IOS-style patterns are short and never stack
 * quantifiers, so a pattern is refused before regcomp sees it when it is
 * longer than FILTER_REGEX_MAX, stacks two quantifiers, repeats more than
 * FILTER_REPEAT_MAX times, nests groups deeper than FILTER_DEPTH_MAX, or
 * would expand past FILTER_COST_MAX atoms once its bounded repetitions
 * are unrolled. What is left compiles in bounded time and memory.
 */
#include <ctype.h>
#include <stdlib.h>

#include "output.h"

#define FILTER_REGEX_MAX	255
#define FILTER_REPEAT_MAX	255
#define FILTER_DEPTH_MAX	16
#define FILTER_COST_MAX		4096

struct rx_scan {
	const char	*p;
	int		 depth;
	int		 bad;
};

static long	rx_alt(struct rx_scan *);

/* `{m}`, `{m,}`, `{m,n}`: the larger bound; -1 when malformed. */
static long
rx_braces(struct rx_scan *rx)
{
	long	 lo, hi;
	char	*end;

	lo = strtol(rx->p + 1, &end, 10);
	hi = lo;
	if (end == rx->p + 1 || lo < 0)
		return -1;
	if (*end == ',') {
		hi = isdigit((unsigned char)end[1]) ? strtol(end + 1, &end, 10) :
		    (end++, lo);
	}
	if (*end != '}' || hi < lo || hi > FILTER_REPEAT_MAX)
		return -1;
	rx->p = end + 1;
	return hi > 0 ? hi : 1;
}

/* A quantifier after an atom: its repeat count (1 for * + ?). */
static long
rx_quantifier(struct rx_scan *rx)
{
	long	 rep = 1;

	if (*rx->p == '*' || *rx->p == '+' || *rx->p == '?')
		rx->p++;
	else if (*rx->p == '{')
		rep = rx_braces(rx);
	else
		return 1;
	/* Stacked quantifiers (`a++`, `a*{3}`) are what blow up. */
	if (rep < 0 || *rx->p == '*' || *rx->p == '+' || *rx->p == '?' ||
	    *rx->p == '{')
		rx->bad = 1;
	return rep;
}

/* One atom: a group, a bracket expression, an escape or a character. */
static long
rx_atom(struct rx_scan *rx)
{
	long	 cost = 1;

	switch (*rx->p) {
	case '(':
		if (++rx->depth > FILTER_DEPTH_MAX) {
			rx->bad = 1;
			return 1;
		}
		rx->p++;
		cost = rx_alt(rx);
		if (*rx->p != ')')
			rx->bad = 1;
		else
			rx->p++;
		rx->depth--;
		return cost;
	case '[':
		rx->p++;
		if (*rx->p == '^')
			rx->p++;
		if (*rx->p == ']')
			rx->p++;
		while (*rx->p != '\0' && *rx->p != ']')
			rx->p++;
		if (*rx->p == '\0')
			rx->bad = 1;
		else
			rx->p++;
		return 1;
	case '\\':
		rx->p += rx->p[1] != '\0' ? 2 : 1;
		return 1;
	case '*':
	case '+':
	case '?':
	case '{':
		/* A quantifier with nothing before it. */
		rx->bad = 1;
		rx->p++;
		return 1;
	default:
		rx->p++;
		return cost;
	}
}

static long
rx_alt(struct rx_scan *rx)
{
	long	 cost = 0, atom;

	while (!rx->bad && *rx->p != '\0' && *rx->p != ')') {
		if (*rx->p == '|') {
			rx->p++;
			continue;
		}
		atom = rx_atom(rx);
		atom *= rx_quantifier(rx);
		cost += atom;
		if (cost > FILTER_COST_MAX)
			rx->bad = 1;
	}
	return cost;
}

int
output_filter_bounded(const char *regex)
{
	struct rx_scan	 rx;
	size_t		 n = 0;

	while (regex[n] != '\0' && n <= FILTER_REGEX_MAX)
		n++;
	if (n > FILTER_REGEX_MAX)
		return -1;
	rx.p = regex;
	rx.depth = 0;
	rx.bad = 0;
	rx_alt(&rx);
	/* A `)` left over closes nothing. */
	if (*rx.p != '\0')
		rx.bad = 1;
	return rx.bad ? -1 : 0;
}

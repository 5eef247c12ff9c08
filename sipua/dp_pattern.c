/* IOS dial-peer number patterns (calls.md §2.1): digits, A-D, `*`, `#`,
 * `.` any digit, `[...]` one digit of a set or range (`^` first negates),
 * `?` `%` `+` the preceding digit zero-or-one, zero-or-more, one-or-more
 * times (a leading `+` is the E.164 plus, literal), `T` any number of
 * further digits, `^` start, `$` end, `,` a pause (ignored), `\x` literal
 * x. A pattern matches a prefix of the number (the rest are extra digits
 * IOS forwards) unless it ends with `$`. `( )` groups are not supported:
 * such a pattern matches nothing (noted in the README).
 *
 * The matcher backtracks over at most DP_PATTERN_MAX tokens and numbers
 * of DP_NUMBER_MAX digits, with a step budget, so no pattern can make it
 * run long. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "dialpeer.h"

enum tok_rep {
	REP_ONE,
	REP_OPT,	/* ? */
	REP_STAR,	/* % */
	REP_PLUS	/* + */
};

struct ptok {
	char		 set[16];	/* accepted digits, NUL-terminated */
	int		 literal;	/* a written digit, counts as explicit */
	int		 rest;		/* T: any digits to the end */
	enum tok_rep	 rep;
};

struct pattern {
	struct ptok	 tok[DP_PATTERN_MAX];
	int		 n;
	int		 anchored_end;
};

static const char DIGITS[] = "0123456789ABCD*#";

static int
is_digit_char(int c)
{
	return c != '\0' && strchr(DIGITS, toupper(c)) != NULL;
}

/* A `[...]` set starting after the `[` at p; returns the `]` or NULL. */
static const char *
parse_set(const char *p, struct ptok *t)
{
	char	 in[sizeof DIGITS] = { 0 };
	int	 neg = 0, i, n = 0, c, hi;

	if (*p == '^') {
		neg = 1;
		p++;
	}
	for (; *p != ']'; p++) {
		if (!is_digit_char(*p))
			return NULL;
		c = toupper((unsigned char)*p);
		if (p[1] == '-' && is_digit_char(p[2]) && isdigit((unsigned char)c)) {
			hi = p[2];
			if (hi < c)
				return NULL;
			for (; c <= hi; c++)
				in[strchr(DIGITS, c) - DIGITS] = 1;
			p += 2;
		} else
			in[strchr(DIGITS, c) - DIGITS] = 1;
	}
	for (i = 0; DIGITS[i] != '\0'; i++)
		if (in[i] != neg)
			t->set[n++] = DIGITS[i];
	t->set[n] = '\0';
	return n > 0 ? p : NULL;
}

static int
pattern_compile(const char *s, struct pattern *pt)
{
	struct ptok	*t;
	const char	*p = s;

	memset(pt, 0, sizeof *pt);
	if (strlen(s) > DP_PATTERN_MAX)
		return -1;
	if (*p == '^')
		p++;
	for (; *p != '\0'; p++) {
		if (*p == ',')
			continue;
		if (*p == '$' && p[1] == '\0') {
			pt->anchored_end = 1;
			break;
		}
		if ((*p == '?' || *p == '%' || (*p == '+' && pt->n > 0))) {
			if (pt->n == 0 || pt->tok[pt->n - 1].rep != REP_ONE ||
			    pt->tok[pt->n - 1].rest)
				return -1;
			pt->tok[pt->n - 1].rep = *p == '?' ? REP_OPT :
			    *p == '%' ? REP_STAR : REP_PLUS;
			continue;
		}
		if (pt->n == DP_PATTERN_MAX)
			return -1;
		t = &pt->tok[pt->n];
		if (*p == 'T' || *p == 't') {
			t->rest = 1;
			strcpy(t->set, DIGITS);
		} else if (*p == '.')
			strcpy(t->set, DIGITS);
		else if (*p == '[') {
			if ((p = parse_set(p + 1, t)) == NULL)
				return -1;
		} else if (*p == '\\' && p[1] != '\0') {
			p++;
			t->set[0] = *p;
			t->literal = 1;
		} else if (*p == '+') {		/* leading: E.164 plus */
			t->set[0] = '+';
			t->literal = 1;
		} else if (is_digit_char(*p)) {
			t->set[0] = (char)toupper((unsigned char)*p);
			t->literal = 1;
		} else
			return -1;		/* ( ) groups and others */
		pt->n++;
	}
	return 0;
}

struct match_state {
	const struct pattern	*pt;
	const char		*num;
	int			 len;
	int			 budget;
	struct dp_match		 best;
};

static int
tok_accepts(const struct ptok *t, char c)
{
	return c != '\0' && strchr(t->set, toupper((unsigned char)c)) != NULL;
}

/* Token i against num[pos..]; explicit digits so far in lit. */
static int
match_from(struct match_state *ms, int i, int pos, int lit)
{
	const struct ptok	*t;
	int			 k, max;

	if (--ms->budget < 0)
		return 0;
	if (i == ms->pt->n) {
		if (ms->pt->anchored_end && pos != ms->len)
			return 0;
		ms->best.explicit_digits = lit;
		ms->best.length = pos;
		return 1;
	}
	t = &ms->pt->tok[i];
	if (t->rest) {
		ms->best.explicit_digits = lit;
		ms->best.length = ms->len;
		return 1;
	}
	switch (t->rep) {
	case REP_ONE:
		return tok_accepts(t, ms->num[pos]) &&
		    match_from(ms, i + 1, pos + 1, lit + t->literal);
	case REP_OPT:
		if (tok_accepts(t, ms->num[pos]) &&
		    match_from(ms, i + 1, pos + 1, lit + t->literal))
			return 1;
		return match_from(ms, i + 1, pos, lit);
	case REP_STAR:
	case REP_PLUS:
		for (max = 0; tok_accepts(t, ms->num[pos + max]); max++)
			;
		/* Greedy: the longest run first. */
		for (k = max; k >= (t->rep == REP_PLUS ? 1 : 0); k--)
			if (match_from(ms, i + 1, pos + k,
			    lit + (k > 0 ? t->literal : 0)))
				return 1;
		return 0;
	}
	return 0;
}

int
dp_pattern_match(const char *pattern, const char *number, struct dp_match *out)
{
	struct pattern		pt;
	struct match_state	ms;

	if (pattern == NULL || number == NULL ||
	    strlen(number) > DP_NUMBER_MAX ||
	    pattern_compile(pattern, &pt) != 0)
		return -1;
	memset(&ms, 0, sizeof ms);
	ms.pt = &pt;
	ms.num = number;
	ms.len = (int)strlen(number);
	ms.budget = 20000;
	if (!match_from(&ms, 0, 0, 0))
		return -1;
	if (out != NULL)
		*out = ms.best;
	return 0;
}

int
dp_pattern_is_number(const char *pattern)
{
	const char	*p = pattern;

	if (*p == '+')
		p++;
	if (*p == '\0')
		return 0;
	for (; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p) &&
		    !(*p == '$' && p[1] == '\0'))
			return 0;
	return 1;
}


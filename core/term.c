/* Helpers over struct term: formatted output and the IOS question forms. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sbuf.h"
#include "term.h"

void
term_write(struct term *t, const char *s, size_t n)
{
	t->ops->write(t, s, n);
}

void
term_puts(struct term *t, const char *s)
{
	t->ops->write(t, s, strlen(s));
}

void
term_printf(struct term *t, const char *fmt, ...)
{
	struct sbuf	 sb;
	va_list		 ap;

	sbuf_init(&sb);
	va_start(ap, fmt);
	sbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	t->ops->write(t, sbuf_str(&sb), sb.len);
	sbuf_free(&sb);
}

char *
term_ask(struct term *t, const char *prompt, int echo)
{
	return t->ops->ask(t, prompt, echo);
}

/* Trims leading and trailing blanks in place; returns the trimmed start. */
static char *
term_trim(char *s)
{
	size_t	 n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

int
term_ask_yesno(struct term *t, const char *prompt)
{
	char	*answer, *a;
	int	 tries, result;

	/* Bounded: a script feeding garbage must not loop forever. */
	for (tries = 0; tries < 16; tries++) {
		if ((answer = term_ask(t, prompt, 1)) == NULL)
			return -1;
		a = term_trim(answer);
		result = -2;
		if (*a != '\0' && strncasecmp(a, "yes", strlen(a)) == 0)
			result = 1;
		else if (*a != '\0' && strncasecmp(a, "no", strlen(a)) == 0)
			result = 0;
		free(answer);
		if (result != -2)
			return result;
		term_puts(t, "% Please answer 'yes' or 'no'.\n");
	}
	return -1;
}

int
term_confirm(struct term *t, const char *prompt)
{
	char	*answer, *a;
	int	 result;

	if ((answer = term_ask(t, prompt, 1)) == NULL)
		return 0;
	a = term_trim(answer);
	result = (*a == '\0' || strncasecmp(a, "yes", strlen(a)) == 0);
	free(answer);
	return result;
}

/* Growable string buffer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbuf.h"
#include "xmalloc.h"

void
sbuf_init(struct sbuf *sb)
{
	sb->data = NULL;
	sb->len = 0;
	sb->cap = 0;
}

void
sbuf_free(struct sbuf *sb)
{
	free(sb->data);
	sbuf_init(sb);
}

void
sbuf_reset(struct sbuf *sb)
{
	sb->len = 0;
	if (sb->data != NULL)
		sb->data[0] = '\0';
}

static void
sbuf_reserve(struct sbuf *sb, size_t more)
{
	size_t	 need = sb->len + more + 1;

	if (need <= sb->cap)
		return;
	if (sb->cap == 0)
		sb->cap = 64;
	while (sb->cap < need)
		sb->cap *= 2;
	sb->data = xrealloc(sb->data, sb->cap);
}

void
sbuf_add(struct sbuf *sb, const char *s, size_t n)
{
	sbuf_reserve(sb, n);
	memcpy(sb->data + sb->len, s, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

void
sbuf_puts(struct sbuf *sb, const char *s)
{
	sbuf_add(sb, s, strlen(s));
}

void
sbuf_putc(struct sbuf *sb, char c)
{
	sbuf_add(sb, &c, 1);
}

void
sbuf_vprintf(struct sbuf *sb, const char *fmt, va_list ap)
{
	char	 small[256];
	va_list	 ap2;
	int	 n;

	/* Most lines fit the stack buffer: one formatting pass instead of two. */
	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof small, fmt, ap2);
	va_end(ap2);
	if (n <= 0)
		return;
	if ((size_t)n < sizeof small) {
		sbuf_add(sb, small, (size_t)n);
		return;
	}
	sbuf_reserve(sb, (size_t)n);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
sbuf_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	sbuf_vprintf(sb, fmt, ap);
	va_end(ap);
}

char *
sbuf_detach(struct sbuf *sb)
{
	char	*s;

	s = sb->data != NULL ? sb->data : xstrdup("");
	sbuf_init(sb);
	return s;
}

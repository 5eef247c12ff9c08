/* Helpers over struct term: formatted output. */
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


static void
term_buf_write(struct term *t, const char *s, size_t n)
{
	struct term_buf	*tb = t->impl;

	sbuf_add(&tb->out, s, n);
}

static const struct term_ops term_buf_ops = {
	term_buf_write
};

void
term_buf_init(struct term_buf *tb)
{
	tb->term.ops = &term_buf_ops;
	tb->term.impl = tb;
	tb->term.width = 80;
	sbuf_init(&tb->out);
}

void
term_buf_free(struct term_buf *tb)
{
	sbuf_free(&tb->out);
}

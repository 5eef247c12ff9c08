/* A growable string buffer: the one way vgw builds text (show output,
 * running-config, SIP messages before they are sent). Always NUL-terminated. */
#ifndef VGW_SBUF_H
#define VGW_SBUF_H

#include <stdarg.h>
#include <stddef.h>

struct sbuf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

void	 sbuf_init(struct sbuf *);
void	 sbuf_free(struct sbuf *);
void	 sbuf_reset(struct sbuf *);
void	 sbuf_add(struct sbuf *, const char *, size_t);
void	 sbuf_puts(struct sbuf *, const char *);
void	 sbuf_putc(struct sbuf *, char);
void	 sbuf_printf(struct sbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 sbuf_vprintf(struct sbuf *, const char *, va_list);
/* Gives the text to the caller (who frees it) and empties the buffer. */
char	*sbuf_detach(struct sbuf *);
static inline const char *
sbuf_str(const struct sbuf *sb)
{
	return sb->data != NULL ? sb->data : "";
}

#endif

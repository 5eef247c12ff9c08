/* The terminal as a command handler sees it: somewhere to print. Front ends
 * (cli/) implement it for the console, script mode and vty lines; unit tests
 * over a string buffer. Questions are not asked here but through the
 * execution layer (exec.h: cmd_ask), which never blocks. */
#ifndef VGW_TERM_H
#define VGW_TERM_H

#include <stddef.h>

#include "sbuf.h"

struct term;

struct term_ops {
	/* Output, already formatted. */
	void	 (*write)(struct term *, const char *, size_t);
};

struct term {
	const struct term_ops	*ops;
	void			*impl;		/* the implementation's own state */
	int			 width;		/* terminal width, 80 by default */
};

void	 term_write(struct term *, const char *, size_t);
void	 term_puts(struct term *, const char *);
void	 term_printf(struct term *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* A term that keeps what is written in a buffer: --check collects a line's
 * errors in one, unit tests read output from one. */
struct term_buf {
	struct term	 term;
	struct sbuf	 out;
};

void	 term_buf_init(struct term_buf *);
void	 term_buf_free(struct term_buf *);

#endif

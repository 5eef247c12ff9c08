/* The terminal as a command handler sees it: somewhere to print and someone
 * to ask. cli/ implements it for the console, script mode and -c; unit tests
 * implement it over a string buffer with canned answers. Handlers in modes/,
 * pki/ and sipua/ use only this, never readline or stdio. */
#ifndef VGW_TERM_H
#define VGW_TERM_H

#include <stddef.h>

struct term;

struct term_ops {
	/* Output, already formatted; goes through the pager and `|` filter. */
	void	 (*write)(struct term *, const char *, size_t);
	/*
	 * Prints prompt (no newline) and reads one line of answer, without the
	 * newline. echo == 0 for passwords. Returns a string the caller frees,
	 * or NULL at end of input. In script mode the answer is the next input
	 * line, echoed after the prompt as the console would show it.
	 */
	char	*(*ask)(struct term *, const char *prompt, int echo);
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
char	*term_ask(struct term *, const char *prompt, int echo);
/*
 * IOS questions built on term_ask. term_ask_yesno asks "prompt [yes/no]: "
 * style questions again on other input with "% Please answer 'yes' or 'no'."
 * and returns 1 (yes), 0 (no) or -1 (end of input). term_confirm handles
 * "[confirm]": Enter or y/yes confirm (1), anything else cancels (0).
 */
int	 term_ask_yesno(struct term *, const char *prompt);
int	 term_confirm(struct term *, const char *prompt);

#endif

/* Allocation that never returns NULL: out of memory aborts here, once, as
 * tmux does, so the rest of vgw does not check every allocation. */
#ifndef VGW_XMALLOC_H
#define VGW_XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

#endif

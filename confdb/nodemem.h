/* Private to modes/: the memory of configuration nodes (nodemem.c). */
#ifndef VGW_NODEMEM_H
#define VGW_NODEMEM_H

#include <stddef.h>

void	*nodemem_alloc(size_t);
/* size: what was asked of nodemem_alloc for p. */
void	 nodemem_free(void *p, size_t size);

#endif

/*
 * Memory for configuration nodes. A loaded configuration is tens of
 * thousands of small blocks that live long: carving them from 64 KB slabs
 * in 8-byte size classes, recycled through one free list per class, saves
 * malloc's header and 16-byte rounding (~25 bytes a line). Slabs are kept
 * for the next configuration (reload) rather than returned. Under
 * AddressSanitizer every node is its own malloc, so use-after-free of a
 * node is still caught.
 */
#include <stdint.h>
#include <stdlib.h>

#include "nodemem.h"
#include "xmalloc.h"

#define NODEMEM_SLAB	65536
#define NODEMEM_MAX	2048		/* larger nodes: plain malloc */
#define NODEMEM_CLASSES	(NODEMEM_MAX / 8 + 1)

#if defined(__SANITIZE_ADDRESS__)
#define NODEMEM_PLAIN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NODEMEM_PLAIN	1
#endif
#endif

static char	*nodemem_cur;
static size_t	 nodemem_left;
static void	*nodemem_freelist[NODEMEM_CLASSES];

static size_t
nodemem_round(size_t size)
{
	return (size + 7) & ~(size_t)7;
}

void *
nodemem_alloc(size_t size)
{
	void	*p;
	size_t	 c;

	size = nodemem_round(size);
#ifdef NODEMEM_PLAIN
	return xmalloc(size);
#endif
	if (size > NODEMEM_MAX)
		return xmalloc(size);
	c = size / 8;
	if ((p = nodemem_freelist[c]) != NULL) {
		nodemem_freelist[c] = *(void **)p;
		return p;
	}
	if (nodemem_left < size) {
		/* The slab's tail serves a smaller class later. */
		if (nodemem_left >= 8) {
			*(void **)nodemem_cur = nodemem_freelist[nodemem_left / 8];
			nodemem_freelist[nodemem_left / 8] = nodemem_cur;
		}
		nodemem_cur = xmalloc(NODEMEM_SLAB);
		nodemem_left = NODEMEM_SLAB;
	}
	p = nodemem_cur;
	nodemem_cur += size;
	nodemem_left -= size;
	return p;
}

void
nodemem_free(void *p, size_t size)
{
	size_t	 c;

	if (p == NULL)
		return;
	size = nodemem_round(size);
#ifdef NODEMEM_PLAIN
	free(p);
	return;
#endif
	if (size > NODEMEM_MAX) {
		free(p);
		return;
	}
	c = size / 8;
	*(void **)p = nodemem_freelist[c];
	nodemem_freelist[c] = p;
}

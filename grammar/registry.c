/*
 * The registry of handler and body-renderer names that grammar XML files
 * refer to. Features fill it in their *_register() functions before the
 * grammar is loaded; the loader resolves names once, at load time.
 */
#include <stdlib.h>
#include <string.h>

#include "grammar_int.h"
#include "xmalloc.h"

struct registry_entry {
	char	*name;
	cmd_handler_fn handler;
	void	(*render)(const struct confnode *, struct sbuf *, int);
};

static struct registry_entry *registry;
static int registry_n, registry_cap;

static struct registry_entry *
registry_find(const char *name)
{
	int	i;

	for (i = 0; i < registry_n; i++) {
		if (strcmp(registry[i].name, name) == 0)
			return &registry[i];
	}
	return NULL;
}

static struct registry_entry *
registry_add(const char *name)
{
	struct registry_entry	*e;

	if ((e = registry_find(name)) != NULL)
		return e;
	if (registry_n == registry_cap) {
		registry_cap = registry_cap ? registry_cap * 2 : 64;
		registry = xreallocarray(registry, registry_cap,
		    sizeof *registry);
	}
	e = &registry[registry_n++];
	memset(e, 0, sizeof *e);
	e->name = xstrdup(name);
	return e;
}

void
grammar_handler_register(const char *name, cmd_handler_fn fn)
{
	registry_add(name)->handler = fn;
}

void
grammar_render_register(const char *name,
    void (*fn)(const struct confnode *, struct sbuf *, int))
{
	registry_add(name)->render = fn;
}

cmd_handler_fn
grammar_registry_handler(const char *name)
{
	struct registry_entry	*e;

	e = registry_find(name);
	return e != NULL ? e->handler : NULL;
}

int
grammar_registry_render(const char *name,
    void (**fn)(const struct confnode *, struct sbuf *, int))
{
	struct registry_entry	*e;

	if ((e = registry_find(name)) == NULL || e->render == NULL)
		return -1;
	*fn = e->render;
	return 0;
}

/*
 * Shared by the libFuzzer targets (tests/fuzz/fuzz_*.c): one router on the
 * built-in grammar, made once per process, in a private NVRAM folder; no
 * console term, so nothing is printed. static inline: each target is one
 * translation unit.
 */
#ifndef VGW_FUZZ_LIB_H
#define VGW_FUZZ_LIB_H

#include <stdlib.h>
#include <string.h>

#include "confdb.h"
#include "exec.h"
#include "log.h"
#include "modes.h"
#include "nvram.h"
#include "pki.h"
#include "session.h"
#include "sipua.h"

static struct router	*fuzz_router;

static void
fuzz_log_drop(enum log_kind kind, const char *line, void *arg)
{
}

static inline struct router *
fuzz_router_get(void)
{
	static char	 dir[] = "/tmp/vgw-fuzz.XXXXXX";
	struct grammar	*g;
	char		*err = NULL;

	if (fuzz_router != NULL)
		return fuzz_router;
	if (mkdtemp(dir) == NULL)
		abort();
	nvram_set_dir(dir);
	exec_register();
	modes_register();
	pki_register();
	sipua_register();
	g = grammar_new();
	if (grammar_load_builtin(g, &err) != 0)
		abort();
	confdb_init();
	fuzz_router = router_new(g);
	modes_init(fuzz_router);
	pki_init(fuzz_router);
	log_set_sink(fuzz_log_drop, NULL);
	return fuzz_router;
}

/* A copy of the input with a NUL after it. */
static inline char *
fuzz_text(const unsigned char *data, size_t size)
{
	char	*text = malloc(size + 1);

	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

#endif

/*
 * Shared set-up of the grammar/ unit tests (test_grammar_match.c,
 * test_grammar_help.c, test_grammar_load.c): the small grammar of
 * tests/unit/grammar/small.xml loaded fresh for each test, its modes,
 * match/render/help helpers, a grammar from an inline XML string, and the
 * suite runner. Everything is static, so each test program has its own.
 */
#ifndef VGW_GRAMMAR_TESTLIB_H
#define VGW_GRAMMAR_TESTLIB_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar.h"
#include "sbuf.h"
#include "testlib.h"
#include "xmalloc.h"

static struct grammar	*g;
static const struct gmode *exec_mode, *config_mode, *sipua_mode, *dp_mode,
			*tp_mode;

static inline int
test_handler(struct cmd_ctx *ctx __attribute__((unused)))
{
	return 0;
}

static inline char *
fixture_read(const char *name, size_t *len)
{
	char	 path[512], *dir, *buf;
	FILE	*f;
	long	 n;

	dir = xstrdup(__FILE__);
	if (strrchr(dir, '/') != NULL)
		*strrchr(dir, '/') = '\0';
	else
		strcpy(dir, ".");
	snprintf(path, sizeof path, "%s/grammar/%s", dir, name);
	free(dir);
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = xmalloc(n + 1);
	*len = fread(buf, 1, n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static inline void
setup(void)
{
	char	*xml, *err = NULL;
	size_t	 len;

	grammar_handler_register("test_handler", test_handler);
	xml = fixture_read("small.xml", &len);
	ck_assert_ptr_nonnull(xml);
	g = grammar_new();
	if (grammar_load_buffer(g, "small.xml", xml, len, &err) != 0 ||
	    grammar_load_finish(g, &err) != 0)
		ck_abort_msg("load: %s", err);
	free(xml);
	exec_mode = grammar_mode(g, "exec");
	config_mode = grammar_mode(g, "config");
	sipua_mode = grammar_mode(g, "config-sip-ua");
	dp_mode = grammar_mode(g, "config-dial-peer");
	tp_mode = grammar_mode(g, "ca-trustpoint");
	ck_assert_ptr_nonnull(exec_mode);
	ck_assert_ptr_nonnull(sipua_mode);
}

static inline void
teardown(void)
{
	grammar_free(g);
	g = NULL;
}

/* Matches line; returns the error kind (GERR_NONE on success). */
static inline enum gerror_kind
try(const struct gmode *mode, int priv, const char *line, struct gmatch *m,
    int *column)
{
	struct gerror	err;

	if (grammar_match(g, mode, priv, line, m, &err) == 0)
		return GERR_NONE;
	if (column != NULL)
		*column = err.column;
	return err.kind;
}

static inline char *
rendered(const struct gmatch *m, int key)
{
	struct sbuf	sb;

	sbuf_init(&sb);
	if (key)
		gmatch_render_key(m, &sb);
	else
		gmatch_render(m, &sb);
	sbuf_puts(&sb, "");
	return sbuf_detach(&sb);
}

/* Canonical text of line matched in mode at privilege 15. */
static inline char *
canon(const struct gmode *mode, const char *line)
{
	struct gmatch	 m;
	char		*s;

	ck_assert_msg(try(mode, 15, line, &m, NULL) == GERR_NONE,
	    "no match: %s", line);
	s = rendered(&m, 0);
	gmatch_free(&m);
	return s;
}

static inline char *
help(const struct gmode *mode, int priv, const char *line)
{
	struct sbuf	sb;

	sbuf_init(&sb);
	grammar_help(g, mode, priv, line, &sb);
	sbuf_puts(&sb, "");
	return sbuf_detach(&sb);
}

#define ck_canon(mode, line, want) do {					\
	char *s_ = canon(mode, line);					\
	ck_assert_str_eq(s_, want);					\
	free(s_);							\
} while (0)

#define ck_help(mode, priv, line, want) do {				\
	char *h_ = help(mode, priv, line);				\
	ck_assert_str_eq(h_, want);					\
	free(h_);							\
} while (0)

/* A grammar of its own, from an inline XML string. */
static inline struct grammar *
inline_grammar(const char *xml)
{
	struct grammar	*lg = grammar_new();
	char		*err = NULL;

	if (grammar_load_buffer(lg, "inline.xml", xml, strlen(xml), &err) != 0 ||
	    grammar_load_finish(lg, &err) != 0)
		ck_abort_msg("load: %s", err);
	return lg;
}


#endif

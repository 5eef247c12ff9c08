/*
 * `banner {motd | login | exec} c TEXT c`: the text between two
 * delimiter characters (`^C`, as running-config writes it, counts as one),
 * on one line or over several. When the first line does not close it,
 * IOS says "Enter TEXT message.  End with the character 'c'." and takes
 * the next lines as text: the raw mode banner-text, which a pasted
 * configuration, --check and startup-config replay go through alike. The
 * whole banner is then stored as one node whose text holds its line
 * breaks, so running-config shows it as IOS does: `banner motd ^C` ...
 * `^C`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confdb.h"
#include "exec.h"
#include "modes_int.h"
#include "xmalloc.h"

#define BANNER_MAX	4000	/* characters, as IOS's limit is near */

/* node->priv of a banner being typed over several lines. */
struct banner {
	char		 delim[3];	/* "^C" or one character */
	struct sbuf	 text;
	int		 lines;
};

/* The delimiter a banner line starts with, and where its text begins. */
static const char *
banner_delim(const char *line, char *delim)
{
	while (*line == ' ')
		line++;
	if (line[0] == '^' && line[1] == 'C') {
		strcpy(delim, "^C");
		return line + 2;
	}
	delim[0] = *line;
	delim[1] = '\0';
	return *line != '\0' ? line + 1 : line;
}

static void
banner_free(void *arg)
{
	struct banner	*b = arg;

	sbuf_free(&b->text);
	free(b);
}

/* Stored and shown with ^C, whatever the delimiter typed. */
static struct confnode *
banner_store(struct router *r, const char *kind, const char *text)
{
	struct confnode	*n;
	char		*line;

	xasprintf(&line, "banner %s ^C%s^C", kind, text);
	n = router_apply_line(r, NULL, "config", line);
	free(line);
	return n;
}

/* A line of a banner's text (mode banner-text); the delimiter ends it. */
int
modes_banner_line(struct cmd_ctx *ctx)
{
	struct confnode	*n = ctx->node;
	struct banner	*b;
	const char	*end;

	if (n == NULL || (b = n->priv) == NULL)
		return CMD_ERROR;
	end = strstr(ctx->line, b->delim);
	if (b->lines++ > 0 || b->text.len > 0)
		sbuf_putc(&b->text, '\n');
	sbuf_add(&b->text, ctx->line, end != NULL ? (size_t)(end - ctx->line) :
	    strlen(ctx->line));
	if (end != NULL || b->text.len > BANNER_MAX || b->lines >= 100)
		session_exit(ctx->session);
	return 0;
}

/* What follows `banner KIND ^C` in running-config: the text, then ^C. */
void
modes_banner_render(const struct confnode *n, struct sbuf *out, int indent)
{
	const struct banner	*b = n->priv;

	if (b == NULL)
		return;
	sbuf_add(out, b->text.data != NULL ? b->text.data : "", b->text.len);
	sbuf_puts(out, "^C\n");
}

int
modes_banner(struct cmd_ctx *ctx)
{
	const char		*text = gmatch_str(ctx->match, "LINE"), *end;
	const char		*kind = gmatch_str(ctx->match, "$kind");
	const struct gmode	*mode;
	struct confnode		*n;
	struct banner		*b;
	char			 delim[3], *line;

	if (ctx->match->negate != GNEG_NONE || text == NULL)
		return 0;
	text = banner_delim(text, delim);
	if (delim[0] == '\0')
		return CMD_ERROR;
	if ((end = strstr(text, delim)) != NULL) {
		/* Whole on one line: stored as typed with ^C, else rewritten. */
		if (strcmp(delim, "^C") == 0)
			return 0;
		text = xstrndup(text, end - text);
		n = banner_store(ctx->router, kind, text);
		free((char *)text);
		return n != NULL ? CMD_DONE : CMD_ERROR;
	}
	/* The rest comes on the next lines (mode banner-text), up to the
	 * delimiter; the node (`banner KIND ^C`) holds the text. */
	if ((mode = grammar_mode(router_grammar(ctx->router),
	    "banner-text")) == NULL)
		return CMD_ERROR;
	xasprintf(&line, "banner %s ^C", kind);
	n = router_apply_line(ctx->router, NULL, "config", line);
	free(line);
	if (n == NULL)
		return CMD_ERROR;
	b = xcalloc(1, sizeof *b);
	strcpy(b->delim, delim);
	sbuf_init(&b->text);
	sbuf_puts(&b->text, text);
	if (n->free_priv != NULL)
		n->free_priv(n->priv);
	n->priv = b;
	n->free_priv = banner_free;
	if (session_kind(ctx->session) != SESSION_FILE)
		term_printf(ctx->term, "Enter TEXT message.  End with the "
		    "character '%s'.\n", delim);
	session_enter(ctx->session, mode, n);
	return CMD_DONE;
}

/* The text of `banner KIND` (motd, login, exec), without delimiters;
 * NULL when none is configured. */
char *
modes_banner_text(const char *kind)
{
	struct confnode		*n;
	const struct banner	*b;
	char			 key[32];
	const char		*v, *end;
	char			 delim[3];

	snprintf(key, sizeof key, "banner %s", kind);
	if ((n = confdb_find(NULL, key)) == NULL || n->match.nvals < 3)
		return NULL;
	if ((b = n->priv) != NULL)
		return xstrndup(b->text.data != NULL ? b->text.data : "",
		    b->text.len);
	v = banner_delim(n->match.vals[n->match.nvals - 1].text, delim);
	end = strstr(v, delim);
	return xstrndup(v, end != NULL ? (size_t)(end - v) : strlen(v));
}

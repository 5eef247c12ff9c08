/*
 * `banner {motd | login | exec} c TEXT c`: the text between two
 * delimiter characters (`^C`, as running-config writes it, counts as one),
 * on one line or over several. When the first line does not close it,
 * IOS says "Enter TEXT message.  End with the character 'c'." and takes
 * the next lines; vgw asks for them (cmd_ask with no prompt), so a pasted
 * configuration and startup-config replay read them the same way. The
 * whole banner is stored as one node whose text holds its line breaks,
 * so running-config shows it as IOS does: `banner motd ^C` ... `^C`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confdb.h"
#include "exec.h"
#include "modes_int.h"
#include "xmalloc.h"

#define BANNER_MAX	4000	/* characters, as IOS's limit is near */

struct banner {
	char		*kind;
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

static int
banner_store(struct cmd_ctx *ctx, struct banner *b)
{
	char		*line;
	struct confnode	*n;

	/* Stored and shown with ^C, whatever the delimiter typed. */
	xasprintf(&line, "banner %s ^C%s^C", b->kind, sbuf_str(&b->text));
	n = router_apply_line(ctx->router, NULL, "config", line);
	free(line);
	return n != NULL ? CMD_DONE : CMD_ERROR;
}

static int
banner_end(struct banner *b, int ret)
{
	free(b->kind);
	sbuf_free(&b->text);
	free(b);
	return ret;
}

static int
banner_more(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	struct banner	*b = arg;
	const char	*end;

	if (answer == NULL)
		return banner_end(b, CMD_ERROR);
	end = strstr(answer, b->delim);
	sbuf_putc(&b->text, '\n');
	sbuf_add(&b->text, answer, end != NULL ? (size_t)(end - answer) :
	    strlen(answer));
	if (end != NULL || b->text.len > BANNER_MAX || ++b->lines > 100)
		return banner_end(b, banner_store(ctx, b));
	return cmd_ask(ctx, "", 1, banner_more, b);
}

int
modes_banner(struct cmd_ctx *ctx)
{
	const char	*text = gmatch_str(ctx->match, "LINE"), *end;
	struct banner	*b;

	if (ctx->match->negate != GNEG_NONE || text == NULL)
		return 0;
	/* Already whole (running-config replayed as one node, or one
	 * line): stored as is. */
	b = xcalloc(1, sizeof *b);
	b->kind = xstrdup(gmatch_str(ctx->match, "$kind"));
	sbuf_init(&b->text);
	text = banner_delim(text, b->delim);
	if (b->delim[0] == '\0')
		return banner_end(b, CMD_ERROR);
	if ((end = strstr(text, b->delim)) != NULL) {
		sbuf_add(&b->text, text, end - text);
		if (strcmp(b->delim, "^C") == 0)
			return banner_end(b, 0);	/* stored as typed */
		return banner_end(b, banner_store(ctx, b));
	}
	sbuf_puts(&b->text, text);
	term_printf(ctx->term, "Enter TEXT message.  End with the character "
	    "'%s'.\n", b->delim);
	return cmd_ask(ctx, "", 1, banner_more, b);
}

/* The text of `banner KIND` (motd, login, exec), without delimiters;
 * NULL when none is configured. */
char *
modes_banner_text(const char *kind)
{
	struct confnode	*n;
	char		 key[32];
	const char	*v, *end;
	char		 delim[3];

	snprintf(key, sizeof key, "banner %s", kind);
	if ((n = confdb_find(NULL, key)) == NULL || n->match.nvals < 3)
		return NULL;
	v = banner_delim(n->match.vals[n->match.nvals - 1].text, delim);
	end = strstr(v, delim);
	return xstrndup(v, end != NULL ? (size_t)(end - v) : strlen(v));
}

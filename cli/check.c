/*
 * vgw --check FILE: reads a configuration file as lines typed in global
 * configuration (as after `configure terminal`) and prints every refused
 * line as FILE:LINE: TEXT followed by the IOS error, like `nginx -t`
 * (FILE "-" is stdin).
 * Nothing is written to NVRAM. Stops at `end`, as IOS does when it copies
 * a file into the running configuration.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sbuf.h"
#include "session.h"
#include "term.h"
#include "xmalloc.h"

struct check_term {
	struct term	 term;
	struct sbuf	 out;
};

static void
check_term_write(struct term *t, const char *s, size_t n)
{
	struct check_term	*ct = t->impl;

	sbuf_add(&ct->out, s, n);
}

/* No one to answer: a question in a configuration file gets end of input. */
static char *
check_term_ask(struct term *t, const char *prompt, int echo)
{
	struct check_term	*ct = t->impl;

	sbuf_puts(&ct->out, prompt);
	sbuf_putc(&ct->out, '\n');
	return NULL;
}

static const struct term_ops check_ops = {
	check_term_write,
	check_term_ask
};

/*
 * Reads one line into buf (CLI_LINE_MAX + 2 bytes), CR and LF removed.
 * Returns its length, CLI_LINE_MAX + 1 for a longer line (kept cut at the
 * limit, the rest read and dropped), -1 at end of input, -2 on a read
 * error (errno set).
 */
static ssize_t
check_getline(FILE *f, char *buf)
{
	size_t	 n = 0, kept;
	int	 c;

	while ((c = getc(f)) != EOF && c != '\n') {
		if (n <= CLI_LINE_MAX)
			buf[n] = (char)c;
		if (n <= CLI_LINE_MAX + 1)
			n++;
	}
	if (c == EOF && ferror(f))
		return -2;
	if (c == EOF && n == 0)
		return -1;
	kept = n <= CLI_LINE_MAX + 1 ? n : CLI_LINE_MAX + 1;
	if (n <= CLI_LINE_MAX + 1) {
		while (kept > 0 && buf[kept - 1] == '\r')
			kept--;
	}
	if (kept > CLI_LINE_MAX) {
		buf[CLI_LINE_MAX] = '\0';
		return CLI_LINE_MAX + 1;
	}
	buf[kept] = '\0';
	return (ssize_t)kept;
}

/* Runs line, or refuses it with the caret at offset at when at >= 0. */
static void
check_line(struct session *s, struct check_term *ct, const char *path,
    int lineno, const char *line, int at, int *refused)
{
	struct sbuf	 prefix;
	int		 before = s->rejected;

	sbuf_init(&prefix);
	sbuf_printf(&prefix, "%s:%d: ", path, lineno);
	s->line_column = (int)prefix.len;
	sbuf_reset(&ct->out);
	if (at >= 0)
		session_refuse_at(s, line, at);
	else
		session_execute(s, line);
	if (s->rejected > before) {
		printf("%s%s\n", sbuf_str(&prefix), line);
		fwrite(sbuf_str(&ct->out), 1, ct->out.len, stdout);
		(*refused)++;
	}
	sbuf_free(&prefix);
}

int
check_run(const char *path)
{
	struct check_term	 ct;
	struct session		 s;
	FILE			*f;
	char			*line;
	ssize_t			 n;
	int			 lineno = 0, refused = 0;

	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "r")) == NULL) {
		fprintf(stderr, "vgw: %s: %s\n", path, strerror(errno));
		return 1;
	}
	memset(&ct, 0, sizeof ct);
	ct.term.ops = &check_ops;
	ct.term.impl = &ct;
	ct.term.width = 80;
	sbuf_init(&ct.out);
	session_init(&s, &ct.term, "console");
	s.quiet = 1;
	s.privilege = 15;
	session_enter(&s, grammar_mode(session_grammar, "config"), NULL);
	line = xmalloc(CLI_LINE_MAX + 2);
	while ((n = check_getline(f, line)) >= 0) {
		lineno++;
		check_line(&s, &ct, path, lineno, line,
		    cli_line_refused_at(line, n), &refused);
		if (s.depth == 0)
			break;
	}
	/* A directory opens but cannot be read (EISDIR): say so. */
	if (n == -2) {
		fprintf(stderr, "vgw: %s: %s\n",
		    strcmp(path, "-") == 0 ? "stdin" : path, strerror(errno));
		refused++;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	session_free(&s);
	sbuf_free(&ct.out);
	fflush(stdout);
	return refused > 0 ? 1 : 0;
}

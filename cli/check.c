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

/*
 * Reads one line into buf (EXEC_LINE_MAX + 2 bytes). A line ends at LF,
 * CRLF or a lone CR, as boot reads startup-config (modes/boot.c).
 * Returns its length, EXEC_LINE_MAX + 1 for a longer line (kept cut at the
 * limit, the rest read and dropped), -1 at end of input, -2 on a read
 * error (errno set).
 */
static ssize_t
check_getline(FILE *f, char *buf)
{
	size_t	 n = 0, kept;
	int	 c, next;

	while ((c = getc(f)) != EOF && c != '\n' && c != '\r') {
		if (n <= EXEC_LINE_MAX)
			buf[n] = (char)c;
		if (n <= EXEC_LINE_MAX + 1)
			n++;
	}
	if (c == '\r' && (next = getc(f)) != '\n' && next != EOF)
		ungetc(next, f);
	if (c == EOF && ferror(f))
		return -2;
	if (c == EOF && n == 0)
		return -1;
	kept = n <= EXEC_LINE_MAX + 1 ? n : EXEC_LINE_MAX + 1;
	if (kept > EXEC_LINE_MAX) {
		buf[EXEC_LINE_MAX] = '\0';
		return EXEC_LINE_MAX + 1;
	}
	buf[kept] = '\0';
	return (ssize_t)kept;
}

/* Runs line, or refuses it with the caret at offset at when at >= 0. No
 * one answers a configuration file's questions: each gets end of input. */
static void
check_line(struct session *s, struct term_buf *ct, const char *path,
    int lineno, const char *line, int at, int *refused)
{
	struct sbuf	 prefix;
	int		 before = session_rejected(s), rounds;

	sbuf_init(&prefix);
	sbuf_printf(&prefix, "%s:%d: ", path, lineno);
	session_set_line_column(s, (int)prefix.len);
	sbuf_reset(&ct->out);
	if (at >= 0)
		session_refuse_at(s, line, at);
	else
		session_input(s, line);
	for (rounds = 0; rounds < 64 &&
	    session_waiting(s) == SESSION_QUESTION; rounds++) {
		sbuf_putc(&ct->out, '\n');
		session_input_end(s);
	}
	if (session_rejected(s) > before) {
		printf("%s%s\n", sbuf_str(&prefix), line);
		fwrite(sbuf_str(&ct->out), 1, ct->out.len, stdout);
		(*refused)++;
	}
	sbuf_free(&prefix);
}

int
check_run(struct router *r, const char *path)
{
	struct term_buf		 ct;
	struct session		*s;
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
	term_buf_init(&ct);
	/* A file session: quiet, privileged, in global configuration. */
	s = router_file_session(r, "console", &ct.term);
	line = xmalloc(EXEC_LINE_MAX + 2);
	while ((n = check_getline(f, line)) >= 0) {
		lineno++;
		check_line(s, &ct, path, lineno, line,
		    exec_line_refused_at(line, n), &refused);
		if (session_in_exec(s))
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
	router_file_session_free(s);
	term_buf_free(&ct);
	fflush(stdout);
	return refused > 0 ? 1 : 0;
}

/*
 * CLI lines in every mode: each input line goes to a session of the router
 * as typed; a line ending in `?` asks for help and one ending in TAB
 * (\t) for completions at that point, as the console keys do; an empty
 * input line answers a waiting question. The session starts privileged,
 * so configuration modes, raw modes (certificate hex) and questions are
 * all reachable. The configuration is cleared after each input.
 */
#include "fuzz_lib.h"

#define FUZZ_MAX_LINES	256

static void
fuzz_term_write(struct term *t, const char *s, size_t n)
{
}

static const struct term_ops fuzz_term_ops = { fuzz_term_write };
static struct term fuzz_term = { &fuzz_term_ops, NULL, 80 };

static void
fuzz_cli_line(struct session *s, char *line, size_t len)
{
	struct sbuf	 out;
	char		**c;

	if (len > 0 && line[len - 1] == '?') {
		line[len - 1] = '\0';
		sbuf_init(&out);
		session_help(s, line, &out);
		sbuf_free(&out);
		return;
	}
	if (len > 0 && line[len - 1] == '\t') {
		line[len - 1] = '\0';
		if ((c = session_complete(s, line)) != NULL)
			grammar_completions_free(c);
		return;
	}
	if (exec_line_refused_at(line, len) >= 0)
		session_refuse_at(s, line, exec_line_refused_at(line, len));
	else
		session_input(s, line);
	while (session_waiting(s) == SESSION_MORE)
		session_more_key(s, ' ');
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct router		*r = fuzz_router_get();
	struct session_io	 io;
	struct session		*s;
	char			*text = fuzz_text(data, size), *line, *nl;
	int			 n = 0;

	memset(&io, 0, sizeof io);
	io.dev = &fuzz_term;
	io.pager = 1;
	s = session_new(r, SESSION_CONSOLE, "console", &io);
	session_set_privilege(s, 15);
	for (line = text; line <= text + size && n < FUZZ_MAX_LINES; n++) {
		nl = memchr(line, '\n', text + size - line);
		if (nl == NULL)
			nl = text + size;
		*nl = '\0';
		fuzz_cli_line(s, line, (size_t)(nl - line));
		line = nl + 1;
	}
	/* Input ends: a question still waiting gets no answer. */
	while (session_waiting(s) == SESSION_QUESTION && n++ < 2 * FUZZ_MAX_LINES)
		session_input_end(s);
	session_free(s);
	confdb_clear();
	free(text);
	return 0;
}

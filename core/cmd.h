/* What a command handler receives (handlers live in modes/, pki/, sipua/;
 * the line executor in cli/ calls them). */
#ifndef VGW_CMD_H
#define VGW_CMD_H

#include <strings.h>

#include "grammar.h"
#include "term.h"

struct session;
struct confnode;

struct cmd_ctx {
	struct term		*term;		/* print and ask here */
	struct session		*session;	/* mode stack, privilege (cli/session.h) */
	const struct gmatch	*match;		/* the command and its values; NULL in raw modes */
	/* The configuration node of the mode the command was typed in
	 * ("dial-peer voice 5 voip" for its sub-commands); NULL in EXEC and
	 * global configuration. */
	struct confnode		*node;
	const char		*line;		/* the line as typed (raw modes use it) */
};

/* Does this line end a raw mode (certificate hex)? As on IOS, only `quit`
 * on a line by itself (blanks around it, any case); `quit now` is data.
 * The one rule for cli/ (which leaves the mode) and the raw handlers. */
static inline int
cmd_line_is_quit(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	if (strncasecmp(line, "quit", 4) != 0)
		return 0;
	for (line += 4; *line != '\0'; line++) {
		if (*line != ' ' && *line != '\t' && *line != '\r' &&
		    *line != '\n')
			return 0;
	}
	return 1;
}

#endif

/* What a command handler receives (handlers live in modes/, pki/, sipua/;
 * the line executor in cli/ calls them). */
#ifndef VGW_CMD_H
#define VGW_CMD_H

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

#endif

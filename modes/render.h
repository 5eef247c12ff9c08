/* Private to modes/: what the running-config renderer knows of the
 * grammar's `absent` texts (render_absent.c). */
#ifndef VGW_RENDER_H
#define VGW_RENDER_H

#include "grammar.h"

struct render_absent_cmd {
	const struct gmode	*mode;
	char			*syntax;	/* identifies the command */
	char			*text;		/* what is shown when absent */
	int			 order;
};

/* Every command of the grammar that has an absent text. */
const struct render_absent_cmd *render_absent_cmds(const struct grammar *,
		    int *n);

#endif

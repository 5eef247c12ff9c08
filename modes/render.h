/* Private to modes/: the running-config renderer's helpers. */
#ifndef VGW_RENDER_H
#define VGW_RENDER_H

#include "grammar.h"

/*
 * The commands of a mode (the renderer prints the `absent` text of those
 * no node holds). Asks grammar/ through grammar_mode_commands() when the
 * grammar offers it; *n = 0 otherwise.
 */
const struct gcmd *const *render_mode_commands(const struct grammar *,
		    const struct gmode *, int *n);

#endif

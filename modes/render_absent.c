/*
 * Bridge to grammar_mode_commands(), the one thing the renderer needs from
 * grammar/ that grammar.h does not declare yet: the list of a mode's
 * commands, for their `absent` texts. Declared weak and without grammar.h so
 * the tree links (and compiles) whether or not grammar/ defines it yet;
 * wanted signature:
 *   const struct gcmd *const *grammar_mode_commands(const struct grammar *,
 *       const struct gmode *, int *n);
 */
#include <stddef.h>

struct grammar;
struct gmode;
struct gcmd;

extern const struct gcmd *const *grammar_mode_commands(const struct grammar *,
    const struct gmode *, int *) __attribute__((weak));

const struct gcmd *const *render_mode_commands(const struct grammar *,
		    const struct gmode *, int *);

const struct gcmd *const *
render_mode_commands(const struct grammar *g, const struct gmode *mode, int *n)
{
	*n = 0;
	if (grammar_mode_commands == NULL)
		return NULL;
	return grammar_mode_commands(g, mode, n);
}

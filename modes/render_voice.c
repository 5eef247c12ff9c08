/*
 * The one voice block of modes/voice.xml the generic renderer cannot
 * print: `service NAME URL` under `application` lists its parameters and
 * is closed by the ` !` IOS writes after every service block.
 */
#include "modes_int.h"

static void
voice_app_service_body(const struct confnode *n, struct sbuf *out,
    int indent)
{
	struct confnode	*c;
	int		 i;

	for (c = confdb_first((struct confnode *)n); c != NULL;
	    c = confdb_next(c)) {
		for (i = 0; i < indent; i++)
			sbuf_putc(out, ' ');
		gmatch_render(&c->match, out);
		sbuf_putc(out, '\n');
	}
	for (i = 0; i < indent - 1; i++)
		sbuf_putc(out, ' ');
	sbuf_puts(out, "!\n");
}

void
voice_render_register(void)
{
	grammar_render_register("voice_app_service_body",
	    voice_app_service_body);
}

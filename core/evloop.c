/* Owner of the process's libevent base. */
#include <stdio.h>
#include <stdlib.h>

#include <event2/event.h>

#include "evloop.h"

static struct event_base	*evloop;

void
evloop_init(void)
{
	if (evloop != NULL)
		return;
	if ((evloop = event_base_new()) == NULL) {
		fprintf(stderr, "vgw: cannot create the event loop\n");
		abort();
	}
}

struct event_base *
evloop_base(void)
{
	if (evloop == NULL)
		evloop_init();
	return evloop;
}

/* The one place the loop runs: main calls it once, after the front end
 * has added its events. Nothing else dispatches, so no loop nests. */
void
evloop_run(void)
{
	event_base_dispatch(evloop_base());
}

/* The front end's input has ended or its session quit. */
void
evloop_exit(void)
{
	event_base_loopbreak(evloop_base());
}

void
evloop_free(void)
{
	if (evloop != NULL)
		event_base_free(evloop);
	evloop = NULL;
}

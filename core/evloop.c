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

void
evloop_free(void)
{
	if (evloop != NULL)
		event_base_free(evloop);
	evloop = NULL;
}

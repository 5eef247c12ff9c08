/* The one libevent loop of the process (ARCHITECTURE.md: everything runs in it). */
#ifndef VGW_EVLOOP_H
#define VGW_EVLOOP_H

struct event_base;

struct event_base	*evloop_base(void);
void			 evloop_init(void);
void			 evloop_free(void);
/* Runs the loop until evloop_exit (main only). */
void			 evloop_run(void);
void			 evloop_exit(void);

#endif

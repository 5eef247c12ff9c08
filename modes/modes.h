/* What modes/ offers the rest of vgw: registration of its generic command
 * handlers, boot (replaying startup-config through a file session of the
 * router) and running-config text. */
#ifndef VGW_MODES_H
#define VGW_MODES_H

#include <stddef.h>

#include "sbuf.h"

struct confnode;
struct grammar;
struct router;

/* Registers the handlers of the modes/ XML files with the grammar
 * (before loading). */
void		 modes_register(void);
/* After the grammar is loaded: modes/ follows configuration changes
 * (service timestamps) and becomes the router's boot. */
void		 modes_init(struct router *);
/* Replays startup-config from the NVRAM folder through a file session of
 * the router (in global configuration), as IOS does at boot; a missing
 * file: nothing. */
int		 startup_config_replay(struct router *);
/* The same over text of len bytes (text[len] is NUL; changed in place);
 * -1 when a line was refused. */
int		 startup_config_replay_text(struct router *, char *text,
		    size_t len);
/* Writes running-config to startup-config atomically; 0 or -1. */
int		 startup_config_write(const struct grammar *);
/* Running-config text from "version" to "end", without the
 * "Building configuration..." header. */
void		 confdb_render(const struct grammar *, struct sbuf *);
/* One node as running-config shows it: its line and what follows (children
 * or body), without separators (show running-config interface X). */
void		 confdb_render_node(const struct grammar *,
		    const struct confnode *, struct sbuf *);

#endif

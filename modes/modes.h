/* What modes/ offers the rest of vgw: the router identity, boot and reload
 * (replaying startup-config through the parser), and registration of its
 * generic command handlers. */
#ifndef VGW_MODES_H
#define VGW_MODES_H

struct session;

/* Registers the handlers of the modes/ XML files with the grammar
 * (before loading). */
void		 modes_register(void);
/* "Router" until `hostname` changes it. */
const char	*router_hostname(void);
/* Replays startup-config from the NVRAM folder through session s (in
 * global configuration), as IOS does at boot; missing file: nothing. */
int		 startup_config_replay(struct session *s);
/* Writes running-config to startup-config atomically; 0 or -1. */
int		 startup_config_write(void);

#endif

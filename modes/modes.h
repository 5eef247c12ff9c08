/* What modes/ offers the rest of vgw: the router identity, boot and reload
 * (replaying startup-config through the parser), and registration of its
 * generic command handlers. */
#ifndef VGW_MODES_H
#define VGW_MODES_H

struct session;
struct confnode;

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
/* Matches line in mode (by name) and stores it under parent, as if typed
 * (back ends use it to add the configuration a command implies, such as a
 * certificate chain); returns the node or NULL (line refused, or it removed
 * something). */
struct confnode	*modes_apply_line(struct confnode *parent, const char *mode,
		    const char *line);

#endif

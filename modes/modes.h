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

/* line_login.c: what `line vty N` asks of a login (the vty front end
 * asks; the configuration is modes/'s). */
enum vty_login {
	VTY_LOGIN_NONE,		/* no `login`: straight to EXEC */
	VTY_LOGIN_PASSWORD,	/* `login`: the line password */
	VTY_LOGIN_LOCAL		/* `login local`: a `username` */
};

struct vty_policy {
	enum vty_login	 login;
	char		*password;	/* the line password, clear; NULL none */
	int		 privilege;	/* `privilege level` */
	int		 telnet;	/* `transport input` allows telnet */
	int		 ssh;		/* ... and ssh */
	int		 exec_timeout;	/* seconds idle before the line closes;
					 * 0 never (`exec-timeout 0 0`) */
};

void	 vty_login_policy(int line, struct vty_policy *);
void	 vty_policy_free(struct vty_policy *);
int	 vty_login_user(const char *name, const char *password,
	    int *privilege);


/* banner.c: the text of `banner KIND` (motd, login, exec), without its
 * delimiters; NULL when none. The caller frees it. */
char	*modes_banner_text(const char *kind);

#endif

/* The vty lines: a telnet server (libtelnet) whose connections are router
 * sessions of kind VTY, each with its own mode stack, privilege and
 * terminal settings, after IOS's login dialog. */
#ifndef VGW_VTY_H
#define VGW_VTY_H

struct router;

/* Listens for telnet on addr:port (port 0: no telnet). 0 or -1. */
int	 vty_telnet_start(struct router *, const char *addr, int port);
/* Closes the listener and every vty connection. */
void	 vty_stop(void);

/* vty_login.c: what `line vty N` asks of a login. */
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
};

void	 vty_login_policy(int line, struct vty_policy *);
void	 vty_policy_free(struct vty_policy *);
int	 vty_login_user(const char *name, const char *password,
	    int *privilege);

#endif

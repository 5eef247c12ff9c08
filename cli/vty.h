/* The vty lines: telnet (libtelnet) and SSH (libssh) servers whose connections are router
 * sessions of kind VTY, each with its own mode stack, privilege and
 * terminal settings, after IOS's login dialog (what it asks is modes/'s
 * line_login.c, from `line vty` and `username`). */
#ifndef VGW_VTY_H
#define VGW_VTY_H

struct router;

/* Listens for telnet on addr:port (port 0: no telnet). 0 or -1. */
int	 vty_telnet_start(struct router *, const char *addr, int port);
/* Listens for SSH on addr:port (port 0: no SSH). 0 or -1. */
int	 vty_ssh_start(struct router *, const char *addr, int port);
/* Closes the listener and every vty connection. */
void	 vty_stop(void);

#endif

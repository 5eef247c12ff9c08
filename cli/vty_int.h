/* What the vty line editor (vty.c) and its transports (vty_telnet.c,
 * vty_ssh.c) share. Private to cli/. */
#ifndef VGW_VTY_INT_H
#define VGW_VTY_INT_H

#include <stddef.h>
#include <time.h>

#include "modes.h"
#include "sbuf.h"
#include "term.h"
#include "vty.h"

#define VTY_LINES		16
#define VTY_LINE_MAX		4096
#define VTY_OUT_MAX		(4 * 1024 * 1024)	/* output queued, bytes */
#define VTY_LOGIN_DELAY		1	/* seconds after a wrong password */

enum vty_state {
	VTY_USER,		/* Username: */
	VTY_PASS,		/* Password: */
	VTY_EXEC,
	VTY_CLOSING
};

struct vty;

/* A transport: send bytes as they are (the editor made CR LF), close
 * once the output is out (then it calls vty_free), free its own part. */
struct vty_ops {
	const char	*name;		/* "telnet", "ssh" for show line */
	void		 (*send)(struct vty *, const char *, size_t);
	void		 (*close)(struct vty *);
	void		 (*free)(struct vty *);
};

struct vty {
	int			 line;
	const struct vty_ops	*ops;
	void			*impl;		/* the transport's */
	struct term		 term;
	struct session		*s;
	struct router		*router;
	enum vty_state		 state;
	struct vty_policy	 policy;
	int			 tries;
	int			 login_wait;	/* after a wrong password */
	char			 user[65];
	char			 peer[64];
	struct sbuf		 buf;		/* the line being typed */
	struct sbuf		 held;		/* typed while a command waits */
	int			 last_cr;
	int			 esc;		/* in an escape sequence */
	time_t			 started;	/* monotonic seconds */
	struct event		*timer;		/* login delay */
	struct event		*idle;		/* exec-timeout */
	struct event		*hangup;	/* clear line, pending */
};

extern struct vty	*vtys[VTY_LINES];

/* A new line for a connection from peer; NULL when all 16 are busy. */
struct vty	*vty_new(struct router *, const char *peer,
		    const struct vty_ops *, void *impl);
int		 vty_login_begin(struct vty *);
void		 vty_banner(struct vty *, const char *kind);
void		 vty_exec_start(struct vty *, int privilege);
void		 vty_key(struct vty *, unsigned char);
void		 vty_out(struct vty *, const char *, size_t);
void		 vty_puts(struct vty *, const char *);
void		 vty_follow(struct vty *);
void		 vty_close(struct vty *);
void		 vty_gone(struct vty *);
void		 vty_free(struct vty *);

void		 vty_telnet_stop(void);
void		 vty_ssh_stop(void);

#endif

/* Private to modes/: the handlers named in the modes/ XML files and the
 * helpers they share. */
#ifndef VGW_MODES_INT_H
#define VGW_MODES_INT_H

#include "confdb.h"
#include "exec.h"
#include "modes.h"

/* Running-config as IOS stores it: "!\n" then version ... end. */
void		 modes_config_text(const struct grammar *, struct sbuf *);
/* running-config without certificate hex (show running-config brief). */
void		 render_config_brief(const struct grammar *, struct sbuf *);
/* The caret error under the val-th value of the typed line. */
void		 modes_invalid_at(struct cmd_ctx *, int val);
/* Re-stores every cleartext password as type 7 (service
 * password-encryption). */
void		 modes_passwords_encrypt(struct router *);
/* A node's line as running-config shows it: a cleartext password as
 * `7 ENCODED` when encrypt (service password-encryption is on). */
void		 modes_password_render(const struct confnode *, struct sbuf *,
		    int encrypt);
/* service password-encryption is on. */
int		 modes_password_encryption(void);

/* cmd_line.c, cmd_ip.c, render_voice.c */
void		 line_cmds_register(void);
void		 ip_cmds_register(void);
void		 voice_render_register(void);

/* cmd_exec.c */
int		 modes_enable(struct cmd_ctx *);
int		 modes_disable(struct cmd_ctx *);
int		 modes_exit(struct cmd_ctx *);
int		 modes_end(struct cmd_ctx *);
int		 modes_do(struct cmd_ctx *);
int		 modes_configure(struct cmd_ctx *);

/* cmd_config.c */
int		 modes_enable_secret(struct cmd_ctx *);
int		 modes_enable_password(struct cmd_ctx *);
int		 modes_password_encryption_cmd(struct cmd_ctx *);

/* cmd_show.c */
int		 modes_show_version(struct cmd_ctx *);
int		 modes_show_clock(struct cmd_ctx *);
int		 modes_clock_set(struct cmd_ctx *);

#define STARTUP_CONFIG		"startup-config"

/* boot.c: startup-config's text; NULL with *err 0 when it is absent, else
 * the errno of why it cannot be read. */
char		*startup_config_read(size_t *lenp, int *err);
/* "%Error opening nvram:startup-config (REASON)". */
void		 startup_config_error(struct term *, int err);

/* nvram_config.c */
int		 startup_config_merge(struct router *);
int		 modes_show_running(struct cmd_ctx *);
int		 modes_show_startup(struct cmd_ctx *);
int		 modes_write(struct cmd_ctx *);
int		 modes_copy(struct cmd_ctx *);
int		 modes_erase(struct cmd_ctx *);
int		 modes_reload(struct cmd_ctx *);

int	 modes_banner(struct cmd_ctx *);
int	 modes_banner_line(struct cmd_ctx *);
void	 modes_banner_render(const struct confnode *, struct sbuf *, int);

void	 files_cmds_register(void);	/* files.c */

void	 show_if_register(void);	/* show_if.c */

int	 modes_ping(struct cmd_ctx *);		/* ping.c */

const char *startup_factory_text(size_t *len);	/* boot.c */

#endif

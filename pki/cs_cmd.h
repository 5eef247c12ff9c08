/* Handlers of pki/cs.xml (cs_cmd.c). */
#ifndef VGW_CS_CMD_H
#define VGW_CS_CMD_H

struct cmd_ctx;

int	 cs_server_cmd(struct cmd_ctx *);
int	 cs_locked(struct cmd_ctx *);
int	 cs_grant_mode(struct cmd_ctx *);
int	 cs_shutdown(struct cmd_ctx *);
int	 cs_exec_grant(struct cmd_ctx *);
int	 cs_exec_revoke(struct cmd_ctx *);
int	 cs_exec_info(struct cmd_ctx *);
int	 cs_show_server(struct cmd_ctx *);
int	 cs_show_timers(struct cmd_ctx *);

#endif

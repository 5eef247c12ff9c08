/* The SIP user agent's public face: registration of its command handlers,
 * its start-up (listeners, confdb subscription) and the listening options
 * main takes from the command line. Everything else stays in sipua/. */
#ifndef VGW_SIPUA_H
#define VGW_SIPUA_H

void	 sipua_register(void);	/* handlers named in the sipua XML files */
void	 sipua_init(void);	/* after the grammar is loaded: listeners, confdb subscription */

/*
 * main passes --bind ADDR (default 127.0.0.1), --sip-port (UDP and TCP, default 5060)
 * and --tls-port (default 5061), so several routers can share a host.
 * Call before sipua_init(); NULL or 0 keeps the default. Returns -1 when
 * addr is not an IPv4/IPv6 address or a port is out of range.
 */
int	 sipua_set_listen(const char *addr, int sip_port, int tls_port);
/* --answer-delay MS: how long a called line rings before it answers
 * (1000 by default, 0 for benchmarks). */
void	 sipua_set_answer_delay(int ms);
/* Closes every listener and connection (reload, exit). */
void	 sipua_shutdown(void);

#endif

/* Network safety (ARCHITECTURE.md): vgw sends nothing outside 127.0.0.0/8
 * and ::1 unless --allow-egress is given or the address is mapped to a
 * loopback one (--map REAL=LOOPBACK, --map-file FILE). Every outbound
 * connect/sendto in sipua/ and pki/ goes through egress_check. */
#ifndef VGW_EGRESS_H
#define VGW_EGRESS_H

#include <sys/socket.h>

void	 egress_allow_all(int on);
/* "172.18.193.97=127.0.0.2"; returns -1 with *err set (caller frees) on bad text. */
int	 egress_map_add(const char *spec, char **err);
int	 egress_map_file(const char *path, char **err);
/*
 * Decides whether traffic to dst may be sent. On success returns 0 and
 * writes the address to really use (dst itself, or its loopback mapping)
 * to out. On refusal returns -1, logs one line naming the address, and the
 * caller counts a connection failure.
 */
int	 egress_check(const struct sockaddr *dst, socklen_t dstlen,
	    struct sockaddr_storage *out, socklen_t *outlen);

#endif

/* Network safety: the one gate every outbound connect/sendto passes
 * (ARCHITECTURE.md). Loopback always passes; other addresses pass only with
 * --allow-egress or through a --map/--map-file mapping to a loopback
 * address. It keeps no sockets and knows nothing of SIP or PKI. */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "egress.h"
#include "log.h"
#include "xmalloc.h"

struct egress_map {
	int		 family;
	unsigned char	 real[16];	/* in_addr or in6_addr bytes */
	unsigned char	 loop[16];
};

static int			 egress_allowed;
static struct egress_map	*egress_maps;
static size_t			 egress_nmaps;

void
egress_allow_all(int on)
{
	egress_allowed = on != 0;
}

static int
egress_parse_addr(const char *text, int *family, unsigned char *bytes)
{
	if (inet_pton(AF_INET, text, bytes) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, text, bytes) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -1;
}

static int
egress_is_loopback_bytes(int family, const unsigned char *b)
{
	static const unsigned char	v6loop[16] = { [15] = 1 };
	static const unsigned char	v4mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (family == AF_INET)
		return b[0] == 127;
	if (memcmp(b, v6loop, 16) == 0)
		return 1;
	/* ::ffff:127.x.y.z is IPv4 loopback spoken over an IPv6 socket. */
	return memcmp(b, v4mapped, 12) == 0 && b[12] == 127;
}

int
egress_map_add(const char *spec, char **err)
{
	struct egress_map	 m;
	char			*copy, *eq, *real, *loop;
	int			 lfamily;

	copy = xstrdup(spec);
	real = copy;
	while (isspace((unsigned char)*real))
		real++;
	if ((eq = strchr(real, '=')) == NULL) {
		xasprintf(err, "bad mapping \"%s\": expected REAL=LOOPBACK", spec);
		free(copy);
		return -1;
	}
	*eq = '\0';
	loop = eq + 1;
	real[strcspn(real, " \t")] = '\0';
	while (isspace((unsigned char)*loop))
		loop++;
	loop[strcspn(loop, " \t\r\n")] = '\0';
	memset(&m, 0, sizeof m);
	if (egress_parse_addr(real, &m.family, m.real) != 0 ||
	    egress_parse_addr(loop, &lfamily, m.loop) != 0) {
		xasprintf(err, "bad mapping \"%s\": not an IP address", spec);
		free(copy);
		return -1;
	}
	if (lfamily != m.family) {
		xasprintf(err, "bad mapping \"%s\": address families differ",
		    spec);
		free(copy);
		return -1;
	}
	if (!egress_is_loopback_bytes(lfamily, m.loop)) {
		xasprintf(err, "bad mapping \"%s\": %s is not a loopback address",
		    spec, loop);
		free(copy);
		return -1;
	}
	free(copy);
	egress_maps = xreallocarray(egress_maps, egress_nmaps + 1,
	    sizeof *egress_maps);
	egress_maps[egress_nmaps++] = m;
	return 0;
}

/* One REAL=LOOPBACK per line; blank lines and # comments are skipped. */
int
egress_map_file(const char *path, char **err)
{
	FILE	*f;
	char	 buf[512], *line, *perr;
	int	 lineno = 0;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(err, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(buf, sizeof buf, f) != NULL) {
		lineno++;
		line = buf;
		line[strcspn(line, "#\r\n")] = '\0';
		while (isspace((unsigned char)*line))
			line++;
		if (*line == '\0')
			continue;
		if (egress_map_add(line, &perr) != 0) {
			xasprintf(err, "%s:%d: %s", path, lineno, perr);
			free(perr);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

static const struct egress_map *
egress_map_find(int family, const unsigned char *b)
{
	size_t	i;
	size_t	len = family == AF_INET ? 4 : 16;

	for (i = 0; i < egress_nmaps; i++) {
		if (egress_maps[i].family == family &&
		    memcmp(egress_maps[i].real, b, len) == 0)
			return &egress_maps[i];
	}
	return NULL;
}

static void
egress_log_blocked(const struct sockaddr *dst)
{
	char		 host[INET6_ADDRSTRLEN];
	unsigned	 port = 0;

	host[0] = '\0';
	if (dst->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)dst;
		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
		port = ntohs(sin->sin_port);
	} else if (dst->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)dst;
		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
		port = ntohs(s6->sin6_port);
	} else
		snprintf(host, sizeof host, "family %d", dst->sa_family);
	log_msg("%%VGW-4-EGRESS_BLOCKED: Traffic to %s port %u blocked: "
	    "not loopback (use --allow-egress or --map %s=127.0.0.x)",
	    host, port, host);
}

int
egress_check(const struct sockaddr *dst, socklen_t dstlen,
    struct sockaddr_storage *out, socklen_t *outlen)
{
	const struct egress_map	*m;
	const unsigned char	*b;
	int			 family = dst->sa_family;

	if ((family != AF_INET && family != AF_INET6) ||
	    dstlen > sizeof *out) {
		egress_log_blocked(dst);
		return -1;
	}
	memset(out, 0, sizeof *out);
	memcpy(out, dst, dstlen);
	*outlen = dstlen;
	if (family == AF_INET)
		b = (const unsigned char *)
		    &((const struct sockaddr_in *)dst)->sin_addr;
	else
		b = (const unsigned char *)
		    &((const struct sockaddr_in6 *)dst)->sin6_addr;
	if ((m = egress_map_find(family, b)) != NULL) {
		if (family == AF_INET)
			memcpy(&((struct sockaddr_in *)out)->sin_addr,
			    m->loop, 4);
		else
			memcpy(&((struct sockaddr_in6 *)out)->sin6_addr,
			    m->loop, 16);
		return 0;
	}
	if (egress_allowed || egress_is_loopback_bytes(family, b))
		return 0;
	egress_log_blocked(dst);
	return -1;
}

/*
 * SIP messages as they arrive: the first byte picks datagram (the whole
 * input is one UDP message) or stream framing (message_frame cuts the
 * input as a TCP or TLS byte stream would be cut, each message then
 * parsed). Answers go over UDP to 127.0.0.1 only (port 9, discard).
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include "fuzz_lib.h"
#include "sipua_int.h"

/* transport.c's bound on one message. */
#define FUZZ_SIP_MAX	65535

static struct sip_conn *
fuzz_sip_conn(void)
{
	static struct sip_conn	*c;
	struct sockaddr_in	 sin;
	int			 fd;
	socklen_t		 sl = sizeof sin;

	if (c != NULL)
		return c;
	fuzz_router_get();
	/* A port from the kernel for the listeners vgw answers from. */
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl) == -1)
		abort();
	close(fd);
	sipua_set_listen("127.0.0.1", ntohs(sin.sin_port),
	    ntohs(sin.sin_port) + 1);
	sipua_init();
	sin.sin_port = htons(9);
	if ((c = conn_table_add(conn_table_get(SIPT_UDP),
	    (struct sockaddr *)&sin, sizeof sin)) == NULL)
		abort();
	return c;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct sip_conn	*c = fuzz_sip_conn();
	const char	*buf;
	size_t		 left;
	ssize_t		 n;
	int		 i;

	if (size == 0)
		return 0;
	buf = (const char *)data + 1;
	left = size - 1;
	if (data[0] & 1) {
		message_receive(c, buf, left);
		return 0;
	}
	for (i = 0; i < 64 && left > 0; i++) {
		if ((n = message_frame(buf, left, FUZZ_SIP_MAX)) <= 0)
			break;
		message_receive(c, buf, (size_t)n);
		buf += n;
		left -= (size_t)n;
	}
	return 0;
}

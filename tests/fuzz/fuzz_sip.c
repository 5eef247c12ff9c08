/*
 * SIP messages as they arrive: the first byte picks datagram (the whole
 * input is one UDP message) or stream framing (message_frame cuts the
 * input as a TCP or TLS byte stream would be cut, each message then
 * parsed). Answers go over UDP to 127.0.0.1 only (port 9, discard). The
 * router has a line for 9001 that answers at once, so INVITEs reach the
 * call layer; after each input the loop turns (transactions, the answer)
 * and the calls and transactions are dropped, so inputs stay independent
 * and memory bounded.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <event2/event.h>

#include "call.h"
#include "evloop.h"
#include "fuzz_lib.h"
#include "sipua_int.h"

/* transport.c's bound on one message. */
#define FUZZ_SIP_MAX	65535

/* Configuration lines, each in the mode the one before it left. */
static void
fuzz_config(const char *first, ...)
{
	struct confnode	*parent = NULL, *n;
	const char	*line;
	va_list		 ap;

	va_start(ap, first);
	for (line = first; line != NULL; line = va_arg(ap, const char *)) {
		if (line[0] == ' ')
			router_apply_line(fuzz_router_get(), parent,
			    "config-dial-peer", line + 1);
		else {
			n = router_apply_line(fuzz_router_get(), NULL,
			    "config", line);
			parent = n;
		}
	}
	va_end(ap);
}

/* The loop turns until nothing is pending, then calls and transactions
 * go, as after a reload. */
static void
fuzz_sip_settle(void)
{
	int	i;

	for (i = 0; i < 8; i++)
		event_base_loop(evloop_base(), EVLOOP_NONBLOCK);
	call_shutdown();
	stack_shutdown();
	stack_init();
	call_init();
}

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
	sipua_set_answer_delay(0);
	sipua_init();
	fuzz_config("dial-peer voice 1 pots", " destination-pattern 9001",
	    " port 0/0/0", "dial-peer voice 2 voip",
	    " incoming called-number 9001", " session protocol sipv2",
	    " codec g711ulaw", NULL);
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
		fuzz_sip_settle();
		return 0;
	}
	for (i = 0; i < 64 && left > 0; i++) {
		if ((n = message_frame(buf, left, FUZZ_SIP_MAX)) <= 0)
			break;
		message_receive(c, buf, (size_t)n);
		buf += n;
		left -= (size_t)n;
	}
	fuzz_sip_settle();
	return 0;
}

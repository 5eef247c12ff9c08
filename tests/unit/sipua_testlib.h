/* What the sipua unit tests (test_sipua.c, test_sipua_tls.c,
 * test_sipua_config.c, test_egress.c) share: a log sink that counts and
 * keeps lines, free loopback ports, IPv4 socket addresses, turning the
 * event loop for a while (TESTLIB_PUMP_WHILE) and running a suite. Each
 * test binary is built from one .c file (Makefile), so the helpers are
 * static inline here. */
#ifndef VGW_SIPUA_TESTLIB_H
#define VGW_SIPUA_TESTLIB_H

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "confdb.h"
#include "evloop.h"
#include "grammar.h"
#include "log.h"
#include "sipua.h"
#include "testlib.h"

/* Applies a configuration line in mode under parent, as typed at
 * privilege 15 (the test fails if the grammar refuses it). */
static inline struct confnode *
testlib_apply(struct grammar *g, struct confnode *parent, const char *mode,
    const char *line)
{
	struct gmatch	 m;
	struct gerror	 err;
	struct confnode	*n;

	memset(&m, 0, sizeof m);
	ck_assert_msg(grammar_match(g, grammar_mode(g, mode), 15, line, &m,
	    &err) == 0, "line refused: %s", line);
	n = confdb_apply(parent, &m);
	gmatch_free(&m);
	return n;
}

/* Log lines seen since testlib_log_capture(): all of them, those that
 * contain testlib_log_want (when set), and the last one. SINK_DEBUG=1 in
 * the environment prints them on stderr. */
static int		 testlib_log_lines;
static int		 testlib_log_count;
static const char	*testlib_log_want;
static char		 testlib_log_last[512];

static inline void
testlib_log_sink(enum log_kind kind, const char *line, void *arg)
{
	if (getenv("SINK_DEBUG") != NULL)
		fprintf(stderr, "%s\n", line);
	testlib_log_lines++;
	snprintf(testlib_log_last, sizeof testlib_log_last, "%s", line);
	if (testlib_log_want != NULL && strstr(line, testlib_log_want) != NULL)
		testlib_log_count++;
}

/* Sends the log to testlib_log_sink, counters at zero; want may be NULL. */
static inline void
testlib_log_capture(const char *want)
{
	testlib_log_lines = testlib_log_count = 0;
	testlib_log_last[0] = '\0';
	testlib_log_want = want;
	log_set_sink(testlib_log_sink, NULL);
}

static inline struct sockaddr_in
testlib_v4(const char *a, int port)
{
	struct sockaddr_in	sin;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	inet_pton(AF_INET, a, &sin.sin_addr);
	return sin;
}

/* A port from first on whose UDP and TCP, and the TCP of the next one,
 * are free now: other suites run vgw processes on loopback at the same
 * time (each suite starts elsewhere, after its pid). 0 if none. */
static inline int
testlib_free_port_pair(int first)
{
	struct sockaddr_in	 sin;
	int			 base, ok, fds[3], i;

	for (base = first + getpid() % 20000; base < 65000; base += 7) {
		ok = 1;
		for (i = 0; i < 3; i++) {
			fds[i] = socket(AF_INET, i == 1 ? SOCK_DGRAM :
			    SOCK_STREAM, 0);
			sin = testlib_v4("127.0.0.1", i == 2 ? base + 1 : base);
			if (bind(fds[i], (struct sockaddr *)&sin, sizeof sin) != 0)
				ok = 0;
		}
		for (i = 0; i < 3; i++)
			close(fds[i]);
		if (ok)
			return base;
	}
	return 0;
}

/* The SIP UA listens on 127.0.0.1, SIP on a free port from first (its
 * return value), TLS on the next one. */
static inline int
testlib_listen_loopback(int first)
{
	int	port = testlib_free_port_pair(first);

	ck_assert_int_ne(port, 0);
	ck_assert_int_eq(sipua_set_listen("127.0.0.1", port, port + 1), 0);
	return port;
}

/* Turns the event loop without blocking, every 5 ms, while cond holds,
 * for ms milliseconds at the most (cond is evaluated before each turn). */
#define TESTLIB_PUMP_WHILE(cond, ms) do {				\
	int	testlib_i_;						\
									\
	for (testlib_i_ = 0; testlib_i_ < (ms) / 5 && (cond); testlib_i_++) { \
		event_base_loop(evloop_base(), EVLOOP_NONBLOCK);	\
		usleep(5000);						\
	}								\
} while (0)


#endif

/* sipua/: the connection table (ids, reuse, grouping, counters, show
 * text), crypto signaling remote-addr matching, stream framing, and the
 * transports on loopback (OPTIONS → 200 OK over UDP and TCP, 405/481/501,
 * malformed messages counted, clear closing the real socket). */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <check.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "egress.h"
#include "evloop.h"
#include "log.h"
#include "sipua_int.h"
#include "sipua_testlib.h"

static uint32_t
ip(const char *a)
{
	struct in_addr	in;

	inet_pton(AF_INET, a, &in);
	return ntohl(in.s_addr);
}

static struct sip_conn *
add(struct conn_table *ct, const char *a, int port)
{
	struct sockaddr_in	sin = testlib_v4(a, port);

	return conn_table_add(ct, (struct sockaddr *)&sin, sizeof sin);
}

START_TEST(test_conn_ids_increase_wrap_and_skip_used)
{
	struct conn_table	 ct;
	struct sip_conn		*a, *b, *c, *d;

	conn_table_init(&ct, SIPT_TCP, 3);
	a = add(&ct, "127.0.0.1", 5060);
	b = add(&ct, "127.0.0.2", 5060);
	c = add(&ct, "127.0.0.3", 5060);
	ck_assert_int_eq(a->id, 1);
	ck_assert_int_eq(b->id, 2);
	ck_assert_int_eq(c->id, 3);
	/* Table full: the caller counts a connection failure. */
	ck_assert_ptr_null(add(&ct, "127.0.0.4", 5060));
	conn_table_remove(&ct, b);
	free(b);
	d = add(&ct, "127.0.0.4", 5060);
	ck_assert_int_eq(d->id, 2);
	ck_assert_ptr_eq(conn_table_find_id(&ct, 2), d);
	ck_assert_ptr_null(conn_table_find_id(&ct, 0));
	ck_assert_ptr_null(conn_table_find_id(&ct, 4));
	ck_assert_int_eq(ct.count, 3);
	conn_table_free(&ct);
}
END_TEST

START_TEST(test_conn_reuse_finds_newest_to_same_target)
{
	struct conn_table	 ct;
	struct sip_conn		*a, *b;
	struct sockaddr_in	 sin = testlib_v4("172.18.194.183", 5060);

	conn_table_init(&ct, SIPT_UDP, 2048);
	a = add(&ct, "172.18.194.183", 5060);
	add(&ct, "172.18.194.183", 5061);
	b = add(&ct, "172.18.194.183", 5060);
	ck_assert_ptr_eq(conn_table_find_remote(&ct, (struct sockaddr *)&sin,
	    sizeof sin), b);
	ck_assert_ptr_eq(conn_table_find_target(&ct, ip("172.18.194.183"),
	    5060), b);
	conn_table_remove(&ct, b);
	free(b);
	ck_assert_ptr_eq(conn_table_find_target(&ct, ip("172.18.194.183"),
	    5060), a);
	ck_assert_ptr_null(conn_table_find_target(&ct, ip("172.18.194.184"),
	    5060));
	conn_table_free(&ct);
}
END_TEST

START_TEST(test_conn_detail_groups_by_remote_agent)
{
	struct conn_table	 ct;
	struct sip_conn		*a;
	struct sbuf		 sb;
	const char		*want =
	    "Total active connections      : 3\n"
	    "No. of send failures          : 0\n"
	    "No. of remote closures        : 0\n"
	    "No. of conn. failures         : 0\n"
	    "No. of inactive conn. ageouts : 0\n"
	    "Max. udp send msg queue size of 2, recorded for 172.18.194.183:5060\n"
	    "---------Printing Detailed Connection Report---------\n"
	    "Note:\n"
	    " ** Tuples with no matching socket entry\n"
	    "    - Do 'clear sip <tcp[tls]/udp> conn t ipv4:<addr>:<port>'\n"
	    "      to overcome this error condition\n"
	    " ++ Tuples with mismatched address/port entry\n"
	    "    - Do 'clear sip <tcp[tls]/udp> conn t ipv4:<addr>:<port> id <connid>'\n"
	    "      to overcome this error condition\n"
	    "Remote-Agent:172.18.194.183, Connections-Count:2\n"
	    "  Remote-Port Conn-Id Conn-State  WriteQ-Size\n"
	    "  =========== ======= =========== ===========\n"
	    "         5060       1 Established           0\n"
	    "         5062       3 Established           0\n"
	    "Remote-Agent:172.19.154.18, Connections-Count:1\n"
	    "  Remote-Port Conn-Id Conn-State  WriteQ-Size\n"
	    "  =========== ======= =========== ===========\n"
	    "         5060       2 Established           0\n";

	conn_table_init(&ct, SIPT_UDP, 2048);
	a = add(&ct, "172.18.194.183", 5060);
	add(&ct, "172.19.154.18", 5060);
	add(&ct, "172.18.194.183", 5062);
	a->writeq_size = 2;
	conn_table_note_writeq(&ct, a);
	a->writeq_size = 0;
	sbuf_init(&sb);
	conn_table_render(&ct, 1, &sb);
	ck_assert_str_eq(sbuf_str(&sb), want);
	sbuf_free(&sb);
	conn_table_free(&ct);
}
END_TEST

START_TEST(test_conn_brief_tls_has_handshake_errors_and_no_report)
{
	struct conn_table	 ct;
	struct sbuf		 sb;

	conn_table_init(&ct, SIPT_TLS, 2048);
	ct.stats.handshake_errors = 4;
	sbuf_init(&sb);
	conn_table_render(&ct, 0, &sb);
	ck_assert_str_eq(sbuf_str(&sb),
	    "Total active connections      : 0\n"
	    "No. of send failures          : 0\n"
	    "No. of remote closures        : 0\n"
	    "No. of conn. failures         : 0\n"
	    "No. of inactive conn. ageouts : 0\n"
	    "No. of handshake errors       : 4\n"
	    "Max. tls send msg queue size of 0, recorded for 0.0.0.0:0\n");
	sbuf_free(&sb);
	conn_table_free(&ct);
}
END_TEST

START_TEST(test_sig_most_specific_remote_addr_wins)
{
	struct sipua_conf		 sc;
	const struct sip_sig_entry	*e;

	sipua_conf_defaults(&sc);
	ck_assert_ptr_null(sipua_sig_lookup(&sc, ip("10.1.1.1")));
	sipua_sig_add(&sc, 1, 0, 0, "dflt", 0);
	sipua_sig_add(&sc, 0, ip("172.16.0.0"), ip("255.255.0.0"), "wide", 0);
	sipua_sig_add(&sc, 0, ip("172.16.5.0"), ip("255.255.255.0"), "narrow",
	    1);
	sipua_sig_add(&sc, 0, ip("172.16.5.7"), ip("255.255.255.255"), "host",
	    0);
	e = sipua_sig_lookup(&sc, ip("172.16.5.7"));
	ck_assert_str_eq(e->trustpoint, "host");
	e = sipua_sig_lookup(&sc, ip("172.16.5.8"));
	ck_assert_str_eq(e->trustpoint, "narrow");
	ck_assert_int_eq(e->strict_cipher, 1);
	e = sipua_sig_lookup(&sc, ip("172.16.9.9"));
	ck_assert_str_eq(e->trustpoint, "wide");
	e = sipua_sig_lookup(&sc, ip("127.0.0.1"));
	ck_assert_str_eq(e->trustpoint, "dflt");
	ck_assert_int_eq(e->is_default, 1);
	sipua_conf_free(&sc);
}
END_TEST

START_TEST(test_sig_address_is_masked_and_without_default_nothing)
{
	struct sipua_conf		 sc;
	const struct sip_sig_entry	*e;

	sipua_conf_defaults(&sc);
	/* 172.16.5.9 255.255.255.0 is stored as its network. */
	sipua_sig_add(&sc, 0, ip("172.16.5.9"), ip("255.255.255.0"), "net", 0);
	e = sipua_sig_lookup(&sc, ip("172.16.5.200"));
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->trustpoint, "net");
	ck_assert_ptr_null(sipua_sig_lookup(&sc, ip("172.16.6.1")));
	sipua_conf_free(&sc);
}
END_TEST

START_TEST(test_frame_by_content_length)
{
	const char	*two = "OPTIONS sip:a SIP/2.0\r\nContent-Length: 4\r\n"
	    "\r\nbodyINFO sip:a SIP/2.0\r\nl: 0\r\n\r\n";
	const char	*nocl = "OPTIONS sip:a SIP/2.0\r\nVia: x\r\n\r\n";
	size_t		 first = strlen("OPTIONS sip:a SIP/2.0\r\n"
	    "Content-Length: 4\r\n\r\nbody");

	ck_assert_int_eq(message_frame(two, strlen(two), 65535), first);
	ck_assert_int_eq(message_frame(two + first, strlen(two) - first,
	    65535), strlen(two) - first);
	/* Incomplete body or headers: wait for more. */
	ck_assert_int_eq(message_frame(two, first - 1, 65535), 0);
	ck_assert_int_eq(message_frame(two, 10, 65535), 0);
	/* No Content-Length on a stream: framing is lost. */
	ck_assert_int_eq(message_frame(nocl, strlen(nocl), 65535), -1);
	/* Keep-alive CRLFs come out on their own. */
	ck_assert_int_eq(message_frame("\r\n\r\nOPT", 7, 65535), 4);
	/* Larger than allowed. */
	ck_assert_int_eq(message_frame(two, strlen(two), 20), -1);
}
END_TEST

/* Live transports on loopback: the test drives the event loop itself. */
static int	test_port;

static void
live_setup(void)
{
	testlib_log_capture(NULL);
	test_port = testlib_listen_loopback(20000);
	message_init();
	sipua_conf_defaults(&sipua_conf);
	sipua_conf.enabled[SIPT_TLS] = 0;
	ck_assert_int_eq(transport_apply(), 0);
}

static void
live_teardown(void)
{
	transport_shutdown();
}

static char *
options_msg(const char *callid, const char *transport, int cseq)
{
	char	*m;

	if (asprintf(&m, "OPTIONS sip:gw@127.0.0.1 SIP/2.0\r\n"
	    "Via: SIP/2.0/%s 127.0.0.1:5999;branch=z9hG4bK-%s;rport\r\n"
	    "Max-Forwards: 70\r\n"
	    "From: <sip:t@127.0.0.1>;tag=f1\r\n"
	    "To: <sip:gw@127.0.0.1>\r\n"
	    "Call-ID: %s@127.0.0.1\r\n"
	    "CSeq: %d OPTIONS\r\n"
	    "Content-Length: 0\r\n\r\n", transport, callid, callid, cseq) < 0)
		return NULL;
	return m;
}

static int
recv_wait(int fd, char *buf, size_t len, int ms)
{
	struct pollfd	pfd = { fd, POLLIN, 0 };
	ssize_t		n;
	int		i;

	for (i = 0; i < ms / 5; i++) {
		event_base_loop(evloop_base(), EVLOOP_NONBLOCK);
		if (poll(&pfd, 1, 5) == 1) {
			n = recv(fd, buf, len - 1, 0);
			if (n < 0)
				return -1;
			buf[n] = '\0';
			return n;
		}
	}
	return -2;
}

START_TEST(test_udp_options_gets_200_and_is_counted)
{
	struct sockaddr_in	 gw = testlib_v4("127.0.0.1", test_port);
	char			*m, buf[4096];
	int			 fd;
	struct conn_table	*ct = conn_table_get(SIPT_UDP);
	unsigned long		 before = sip_stats.ok_out[SM_OPTIONS];

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	m = options_msg("u1", "UDP", 1);
	sendto(fd, m, strlen(m), 0, (struct sockaddr *)&gw, sizeof gw);
	ck_assert_int_gt(recv_wait(fd, buf, sizeof buf, 2000), 0);
	ck_assert_ptr_nonnull(strstr(buf, "SIP/2.0 200 OK\r\n"));
	ck_assert_ptr_nonnull(strstr(buf, "CSeq: 1 OPTIONS\r\n"));
	ck_assert_ptr_nonnull(strstr(buf, "Call-ID: u1@127.0.0.1\r\n"));
	ck_assert_ptr_nonnull(strstr(buf, "rport="));
	ck_assert_ptr_nonnull(strstr(buf, ";tag="));
	ck_assert_int_eq(sip_stats.ok_out[SM_OPTIONS], before + 1);
	ck_assert_int_eq(ct->count, 1);
	ck_assert_str_eq(TAILQ_FIRST(&ct->list)->remote_host, "127.0.0.1");
	free(m);
	close(fd);
}
END_TEST

START_TEST(test_udp_unserved_methods_get_errors)
{
	struct sockaddr_in	 gw = testlib_v4("127.0.0.1", test_port);
	char			 buf[4096];
	const char		*invite = "INVITE sip:gw@127.0.0.1 SIP/2.0\r\n"
	    "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-i1\r\n"
	    "Max-Forwards: 70\r\nFrom: <sip:t@h>;tag=1\r\nTo: <sip:gw@h>\r\n"
	    "Call-ID: i1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
	const char		*bye = "BYE sip:gw@127.0.0.1 SIP/2.0\r\n"
	    "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-b1\r\n"
	    "Max-Forwards: 70\r\nFrom: <sip:t@h>;tag=1\r\n"
	    "To: <sip:gw@h>;tag=2\r\n"
	    "Call-ID: b1\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n";
	const char		*foo = "FOO sip:gw@127.0.0.1 SIP/2.0\r\n"
	    "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-f1\r\n"
	    "Max-Forwards: 70\r\nFrom: <sip:t@h>;tag=1\r\nTo: <sip:gw@h>\r\n"
	    "Call-ID: f1\r\nCSeq: 1 FOO\r\nContent-Length: 0\r\n\r\n";
	/* No Max-Forwards is fine (RFC 2543 peers, RFC 4475 inv2543); a
	 * CSeq beyond 2**31-1 is not. */
	const char		*nomf = "OPTIONS sip:gw@127.0.0.1 SIP/2.0\r\n"
	    "Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-n1\r\n"
	    "From: <sip:t@h>;tag=1\r\nTo: <sip:gw@h>\r\n"
	    "Call-ID: n1\r\nCSeq: 4294967296 OPTIONS\r\n"
	    "Content-Length: 0\r\n\r\n";
	int			 fd = socket(AF_INET, SOCK_DGRAM, 0);
	unsigned long		 before =
	    conn_table_get(SIPT_UDP)->stats.malformed;

	sendto(fd, invite, strlen(invite), 0, (struct sockaddr *)&gw,
	    sizeof gw);
	ck_assert_int_gt(recv_wait(fd, buf, sizeof buf, 2000), 0);
	ck_assert_ptr_nonnull(strstr(buf, "SIP/2.0 405 Method Not Allowed"));
	ck_assert_ptr_nonnull(strstr(buf, "Allow: OPTIONS\r\n"));
	sendto(fd, bye, strlen(bye), 0, (struct sockaddr *)&gw, sizeof gw);
	ck_assert_int_gt(recv_wait(fd, buf, sizeof buf, 2000), 0);
	ck_assert_ptr_nonnull(strstr(buf, "SIP/2.0 481 "));
	sendto(fd, foo, strlen(foo), 0, (struct sockaddr *)&gw, sizeof gw);
	ck_assert_int_gt(recv_wait(fd, buf, sizeof buf, 2000), 0);
	ck_assert_ptr_nonnull(strstr(buf, "SIP/2.0 501 "));
	sendto(fd, nomf, strlen(nomf), 0, (struct sockaddr *)&gw, sizeof gw);
	ck_assert_int_gt(recv_wait(fd, buf, sizeof buf, 2000), 0);
	ck_assert_ptr_nonnull(strstr(buf, "SIP/2.0 400 Bad Request"));
	ck_assert_int_eq(conn_table_get(SIPT_UDP)->stats.malformed, before + 1);
	close(fd);
}
END_TEST

START_TEST(test_udp_garbage_dropped_and_counted)
{
	struct sockaddr_in	 gw = testlib_v4("127.0.0.1", test_port);
	char			 buf[512];
	int			 fd = socket(AF_INET, SOCK_DGRAM, 0);
	unsigned long		 before =
	    conn_table_get(SIPT_UDP)->stats.malformed;

	sendto(fd, "\x01\x02garbage\r\n\r\n", 13, 0, (struct sockaddr *)&gw,
	    sizeof gw);
	ck_assert_int_eq(recv_wait(fd, buf, sizeof buf, 300), -2);
	ck_assert_int_eq(conn_table_get(SIPT_UDP)->stats.malformed, before + 1);
	close(fd);
}
END_TEST

static int
tcp_connect(int port)
{
	struct sockaddr_in	gw = testlib_v4("127.0.0.1", port);
	int			fd = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_eq(connect(fd, (struct sockaddr *)&gw, sizeof gw), 0);
	return fd;
}

START_TEST(test_tcp_pipelined_and_split_messages)
{
	char		*m1 = options_msg("t1", "TCP", 1);
	char		*m2 = options_msg("t2", "TCP", 2);
	char		 buf[8192], sent[8192], got[16384];
	size_t		 have = 0;
	int		 fd = tcp_connect(test_port), n, i;
	unsigned long	 closures =
	    conn_table_get(SIPT_TCP)->stats.remote_closures;

	snprintf(sent, sizeof sent, "%s%s", m1, m2);
	got[0] = '\0';
	/* The second message arrives in two pieces. */
	ck_assert_int_eq(write(fd, sent, strlen(m1) + 10),
	    (ssize_t)strlen(m1) + 10);
	TESTLIB_PUMP_WHILE(1, 50);
	ck_assert_int_eq(write(fd, sent + strlen(m1) + 10, strlen(m2) - 10),
	    (ssize_t)strlen(m2) - 10);
	for (i = 0; i < 10 && strstr(got, "CSeq: 2 OPTIONS") == NULL; i++) {
		n = recv_wait(fd, buf, sizeof buf, 500);
		if (n <= 0 || have + n >= sizeof got)
			break;
		memcpy(got + have, buf, n);
		have += n;
		got[have] = '\0';
	}
	ck_assert_ptr_nonnull(strstr(got, "SIP/2.0 200 OK\r\n"));
	ck_assert_ptr_nonnull(strstr(got, "CSeq: 1 OPTIONS"));
	ck_assert_ptr_nonnull(strstr(got, "CSeq: 2 OPTIONS"));
	ck_assert(strstr(got, "CSeq: 1 OPTIONS") <
	    strstr(got, "CSeq: 2 OPTIONS"));
	ck_assert_int_eq(conn_table_get(SIPT_TCP)->count, 1);
	close(fd);
	TESTLIB_PUMP_WHILE(1, 100);
	ck_assert_int_eq(conn_table_get(SIPT_TCP)->count, 0);
	ck_assert_int_eq(conn_table_get(SIPT_TCP)->stats.remote_closures,
	    closures + 1);
	free(m1);
	free(m2);
}
END_TEST

START_TEST(test_clear_by_id_closes_real_socket)
{
	struct sbuf	 sb;
	char		 buf[64];
	int		 fd = tcp_connect(test_port), id;

	TESTLIB_PUMP_WHILE(1, 50);
	ck_assert_int_eq(conn_table_get(SIPT_TCP)->count, 1);
	id = TAILQ_FIRST(&conn_table_get(SIPT_TCP)->list)->id;
	sbuf_init(&sb);
	ck_assert_int_eq(clear_sip_connection(SIPT_TCP, id, 0, 0, 0, &sb), 1);
	ck_assert_str_eq(sbuf_str(&sb),
	    "Purging the entry from sip tcp process\n");
	sbuf_reset(&sb);
	ck_assert_int_eq(conn_table_get(SIPT_TCP)->count, 0);
	/* The client sees the close. */
	ck_assert_int_eq(recv_wait(fd, buf, sizeof buf, 1000), 0);
	ck_assert_int_eq(clear_sip_connection(SIPT_TCP, id, 0, 0, 0, &sb), 0);
	sbuf_free(&sb);
	close(fd);
}
END_TEST

START_TEST(test_tcp_broken_framing_closes_and_counts)
{
	char		 buf[64];
	int		 fd = tcp_connect(test_port);
	unsigned long	 before = conn_table_get(SIPT_TCP)->stats.malformed;
	const char	*m = "OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\n";

	ck_assert_int_eq(write(fd, m, strlen(m)), (ssize_t)strlen(m));
	ck_assert_int_eq(recv_wait(fd, buf, sizeof buf, 1000), 0);
	ck_assert_int_eq(conn_table_get(SIPT_TCP)->stats.malformed,
	    before + 1);
	ck_assert_int_eq(conn_table_get(SIPT_TCP)->count, 0);
	close(fd);
}
END_TEST

START_TEST(test_no_transport_closes_listener_live)
{
	int	fd;
	struct sockaddr_in gw = testlib_v4("127.0.0.1", test_port);

	sipua_conf.enabled[SIPT_TCP] = 0;
	ck_assert_int_eq(transport_apply(), 0);
	ck_assert_int_eq(transport_is_listening(SIPT_TCP), 0);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&gw, sizeof gw), -1);
	close(fd);
	sipua_conf.enabled[SIPT_TCP] = 1;
	ck_assert_int_eq(transport_apply(), 0);
	fd = tcp_connect(test_port);
	close(fd);
}
END_TEST

START_TEST(test_aging_closes_idle_and_counts)
{
	int		fd = tcp_connect(test_port);
	char		buf[64];
	unsigned long	before = conn_table_get(SIPT_TCP)->stats.ageouts;

	TESTLIB_PUMP_WHILE(1, 50);
	ck_assert_int_eq(conn_table_get(SIPT_TCP)->count, 1);
	transport_age(sipua_now() + 4 * 60);
	ck_assert_int_eq(conn_table_get(SIPT_TCP)->count, 1);
	transport_age(sipua_now() + 5 * 60);
	ck_assert_int_eq(conn_table_get(SIPT_TCP)->count, 0);
	ck_assert_int_eq(conn_table_get(SIPT_TCP)->stats.ageouts, before + 1);
	ck_assert_int_eq(recv_wait(fd, buf, sizeof buf, 1000), 0);
	close(fd);
}
END_TEST

START_TEST(test_outbound_to_blocked_address_is_conn_failure)
{
	struct sockaddr_in	 dst = testlib_v4("172.18.193.97", 5061);
	struct conn_table	*ct = conn_table_get(SIPT_TLS);
	unsigned long		 tls_before = ct->stats.conn_failures;
	unsigned long		 udp_before =
	    conn_table_get(SIPT_UDP)->stats.conn_failures;

	egress_allow_all(0);
	ck_assert_int_eq(transport_send_to(SIPT_TLS, (struct sockaddr *)&dst,
	    sizeof dst, "x", 1), -1);
	ck_assert_int_eq(ct->stats.conn_failures, tls_before + 1);
	ck_assert_int_eq(ct->count, 0);
	ck_assert_int_eq(transport_send_to(SIPT_UDP, (struct sockaddr *)&dst,
	    sizeof dst, "x", 1), -1);
	ck_assert_int_eq(conn_table_get(SIPT_UDP)->stats.conn_failures,
	    udp_before + 1);
}
END_TEST

/* Random corruptions of a valid request: each is answered, refused or
 * dropped, never a crash (run under ASan by `make check`), and a valid
 * OPTIONS is still answered afterwards on both transports. */
static size_t
mutate(char *buf, size_t len, size_t cap)
{
	int	kind = rand() % 5, i, n;
	size_t	at = rand() % len;

	switch (kind) {
	case 0:		/* flip bytes */
		n = 1 + rand() % 8;
		for (i = 0; i < n; i++)
			buf[rand() % len] = rand() % 256;
		return len;
	case 1:		/* truncate */
		return at > 0 ? at : 1;
	case 2:		/* a huge or negative Content-Length */
		return snprintf(buf, cap, "OPTIONS sip:x SIP/2.0\r\n"
		    "Via: SIP/2.0/UDP h;branch=z9hG4bK-m\r\nMax-Forwards: 70\r\n"
		    "From: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: m\r\n"
		    "CSeq: 1 OPTIONS\r\nContent-Length: %s\r\n\r\n",
		    rand() % 2 ? "99999999999999999999" : "-5");
	case 3:		/* delete a run */
		n = rand() % (len - at);
		memmove(buf + at, buf + at + n, len - at - n);
		return len - n;
	default:	/* duplicate a run */
		n = rand() % (len - at);
		if (len + n >= cap)
			return len;
		memmove(buf + at + n, buf + at, len - at);
		return len + n;
	}
}

START_TEST(test_random_corruptions_never_crash)
{
	struct sockaddr_in	 gw = testlib_v4("127.0.0.1", test_port);
	char			*m = options_msg("z1", "UDP", 1), buf[8192];
	size_t			 len;
	int			 i, fd = socket(AF_INET, SOCK_DGRAM, 0), tfd;

	srand(1);
	for (i = 0; i < 3000; i++) {
		len = strlen(m);
		memcpy(buf, m, len);
		len = mutate(buf, len, sizeof buf);
		sendto(fd, buf, len, 0, (struct sockaddr *)&gw, sizeof gw);
		if (i % 50 == 0)
			TESTLIB_PUMP_WHILE(1, 10);
	}
	TESTLIB_PUMP_WHILE(1, 100);
	while (recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0)
		;
	sendto(fd, m, strlen(m), 0, (struct sockaddr *)&gw, sizeof gw);
	ck_assert_int_gt(recv_wait(fd, buf, sizeof buf, 2000), 0);
	ck_assert_ptr_nonnull(strstr(buf, "SIP/2.0 200 OK"));
	close(fd);
	free(m);
	m = options_msg("z2", "TCP", 1);
	tfd = tcp_connect(test_port);
	for (i = 0; i < 500; i++) {
		len = strlen(m);
		memcpy(buf, m, len);
		len = mutate(buf, len, sizeof buf);
		if (send(tfd, buf, len, MSG_NOSIGNAL) < 0) {
			close(tfd);
			tfd = tcp_connect(test_port);
		}
		if (i % 20 == 0)
			TESTLIB_PUMP_WHILE(1, 10);
	}
	close(tfd);
	TESTLIB_PUMP_WHILE(1, 100);
	tfd = tcp_connect(test_port);
	ck_assert_int_eq(write(tfd, m, strlen(m)), (ssize_t)strlen(m));
	ck_assert_int_gt(recv_wait(tfd, buf, sizeof buf, 2000), 0);
	ck_assert_ptr_nonnull(strstr(buf, "SIP/2.0 200 OK"));
	close(tfd);
	free(m);
}
END_TEST

START_TEST(test_udp_full_table_ages_out_most_idle_entry)
{
	struct conn_table	*ct = conn_table_get(SIPT_UDP);
	struct sockaddr_in	 gw = testlib_v4("127.0.0.1", test_port);
	char			*m = options_msg("f1", "UDP", 1), buf[4096];
	int			 fd, i;
	unsigned long		 ageouts = ct->stats.ageouts;

	/* Fill the table with idle entries from other (fake) peers. */
	for (i = ct->count; i < ct->max; i++) {
		struct sockaddr_in	peer = testlib_v4("127.0.0.9", 1000 + i);
		struct sip_conn		*c = conn_table_add(ct,
		    (struct sockaddr *)&peer, sizeof peer);
		ck_assert_ptr_nonnull(c);
		c->last_active = sipua_now() - 100 + (i == 5 ? -50 : 0);
	}
	ck_assert_int_eq(ct->count, ct->max);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	sendto(fd, m, strlen(m), 0, (struct sockaddr *)&gw, sizeof gw);
	ck_assert_int_gt(recv_wait(fd, buf, sizeof buf, 2000), 0);
	ck_assert_ptr_nonnull(strstr(buf, "SIP/2.0 200 OK"));
	ck_assert_int_eq(ct->stats.ageouts, ageouts + 1);
	ck_assert_int_eq(ct->count, ct->max);
	/* The most idle one (remote port 1005) made room. */
	ck_assert_ptr_null(conn_table_find_target(ct, ip("127.0.0.9"), 1005));
	ck_assert_ptr_nonnull(conn_table_find_target(ct, ip("127.0.0.9"), 1006));
	close(fd);
	free(m);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("sipua");
	TCase	*tc = tcase_create("table");
	TCase	*live = tcase_create("live");

	tcase_add_test(tc, test_conn_ids_increase_wrap_and_skip_used);
	tcase_add_test(tc, test_conn_reuse_finds_newest_to_same_target);
	tcase_add_test(tc, test_conn_detail_groups_by_remote_agent);
	tcase_add_test(tc, test_conn_brief_tls_has_handshake_errors_and_no_report);
	tcase_add_test(tc, test_sig_most_specific_remote_addr_wins);
	tcase_add_test(tc, test_sig_address_is_masked_and_without_default_nothing);
	tcase_add_test(tc, test_frame_by_content_length);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(live, live_setup, live_teardown);
	tcase_set_timeout(live, 30);
	tcase_add_test(live, test_udp_options_gets_200_and_is_counted);
	tcase_add_test(live, test_udp_unserved_methods_get_errors);
	tcase_add_test(live, test_udp_garbage_dropped_and_counted);
	tcase_add_test(live, test_tcp_pipelined_and_split_messages);
	tcase_add_test(live, test_clear_by_id_closes_real_socket);
	tcase_add_test(live, test_tcp_broken_framing_closes_and_counts);
	tcase_add_test(live, test_no_transport_closes_listener_live);
	tcase_add_test(live, test_aging_closes_idle_and_counts);
	tcase_add_test(live, test_outbound_to_blocked_address_is_conn_failure);
	tcase_add_test(live, test_random_corruptions_never_crash);
	tcase_add_test(live, test_udp_full_table_ages_out_most_idle_entry);
	suite_add_tcase(s, live);
	return testlib_run(s);
}

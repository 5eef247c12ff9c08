/* sipua/sipua_config.c against the real grammar (the embedded XML): what
 * `sip-ua` commands and `voice service voip` / `sip` / `session transport`
 * do to the SIP UA's settings, applied at once through confdb events,
 * including removals (`no crypto signaling ...`, `no sip-ua`). */
#include <sys/socket.h>

#include <netinet/in.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "confdb.h"
#include "grammar.h"
#include "log.h"
#include "modes.h"
#include "pki.h"
#include "exec.h"
#include "sipua.h"
#include "sipua_int.h"
#include "sipua_testlib.h"

static struct grammar	*bg;

static void
setup(void)
{
	char	*err = NULL;

	testlib_log_capture(NULL);
	modes_register();
	pki_register();
	sipua_register();
	exec_register();
	bg = grammar_new();
	ck_assert_msg(grammar_load_builtin(bg, &err) == 0, "%s", err);
	confdb_init();
	testlib_listen_loopback(21000);
	message_init();
	sipua_conf_defaults(&sipua_conf);
	sipua_config_subscribe();
	sipua_config_reload();
}

static void
teardown(void)
{
	confdb_clear();
	sipua_shutdown();
	grammar_free(bg);
}

static struct confnode *
apply(struct confnode *parent, const char *mode, const char *line)
{
	return testlib_apply(bg, parent, mode, line);
}

static struct confnode *
sip_ua(void)
{
	struct confnode	*ua = confdb_find(NULL, "sip-ua");

	return ua != NULL ? ua : apply(NULL, "config", "sip-ua");
}

static uint32_t
ip(unsigned a, unsigned b, unsigned c, unsigned d)
{
	return a << 24 | b << 16 | c << 8 | d;
}

START_TEST(test_crypto_signaling_entries_and_removal)
{
	const struct sip_sig_entry	*e;
	struct confnode			*ua = sip_ua();

	apply(ua, "config-sip-ua", "crypto signaling default trustpoint user1");
	apply(ua, "config-sip-ua", "crypto signaling remote-addr 172.16.0.0 "
	    "255.255.0.0 trustpoint user3 strict-cipher");
	ck_assert_int_eq(sipua_conf.nsig, 2);
	e = sipua_sig_lookup(&sipua_conf, ip(172, 16, 9, 9));
	ck_assert_str_eq(e->trustpoint, "user3");
	ck_assert_int_eq(e->strict_cipher, 1);
	ck_assert_uint_eq(e->mask, ip(255, 255, 0, 0));
	e = sipua_sig_lookup(&sipua_conf, ip(127, 0, 0, 1));
	ck_assert_str_eq(e->trustpoint, "user1");
	ck_assert_int_eq(e->strict_cipher, 0);
	/* The same key replaces: default becomes strict. */
	apply(ua, "config-sip-ua",
	    "crypto signaling default trustpoint user2 strict-cipher");
	ck_assert_int_eq(sipua_conf.nsig, 2);
	e = sipua_sig_lookup(&sipua_conf, ip(127, 0, 0, 1));
	ck_assert_str_eq(e->trustpoint, "user2");
	ck_assert_int_eq(e->strict_cipher, 1);
	/* Removal applies at once, although the node still exists while
	 * subscribers hear of it. */
	apply(ua, "config-sip-ua",
	    "no crypto signaling remote-addr 172.16.0.0 255.255.0.0");
	ck_assert_int_eq(sipua_conf.nsig, 1);
	e = sipua_sig_lookup(&sipua_conf, ip(172, 16, 9, 9));
	ck_assert_str_eq(e->trustpoint, "user2");
}
END_TEST

START_TEST(test_transport_switches_listeners_live)
{
	struct confnode	*ua = sip_ua();

	ck_assert(transport_is_listening(SIPT_UDP));
	ck_assert(transport_is_listening(SIPT_TCP));
	ck_assert(transport_is_listening(SIPT_TLS));
	apply(ua, "config-sip-ua", "no transport udp");
	apply(ua, "config-sip-ua", "no transport tcp tls");
	ck_assert_int_eq(sipua_conf.enabled[SIPT_UDP], 0);
	ck_assert_int_eq(sipua_conf.enabled[SIPT_TCP], 1);
	ck_assert_int_eq(sipua_conf.enabled[SIPT_TLS], 0);
	ck_assert(!transport_is_listening(SIPT_UDP));
	ck_assert(transport_is_listening(SIPT_TCP));
	ck_assert(!transport_is_listening(SIPT_TLS));
	apply(ua, "config-sip-ua", "transport udp");
	ck_assert_int_eq(sipua_conf.enabled[SIPT_UDP], 1);
	ck_assert(transport_is_listening(SIPT_UDP));
	/* `no sip-ua` takes every setting back to the defaults. */
	apply(NULL, "config", "no sip-ua");
	ck_assert_int_eq(sipua_conf.enabled[SIPT_TLS], 1);
	ck_assert(transport_is_listening(SIPT_TLS));
}
END_TEST

START_TEST(test_timers_and_retry)
{
	struct confnode	*ua = sip_ua();

	ck_assert_int_eq(sipua_conf.aging_minutes, 5);
	ck_assert_int_eq(sipua_conf.tls_aging_minutes, 60);
	apply(ua, "config-sip-ua", "timers connection aging 10");
	apply(ua, "config-sip-ua", "timers connection aging tls 30");
	apply(ua, "config-sip-ua", "timers connection establish tls 5");
	apply(ua, "config-sip-ua", "retry invite 3");
	apply(ua, "config-sip-ua", "retry notify 4");
	ck_assert_int_eq(sipua_conf.aging_minutes, 10);
	ck_assert_int_eq(sipua_conf.tls_aging_minutes, 30);
	ck_assert_int_eq(sipua_conf.tls_establish_seconds, 5);
	ck_assert_int_eq(sipua_conf.retry_invite, 3);
	ck_assert_int_eq(sipua_conf.retry_notify, 4);
	ck_assert_int_eq(sipua_conf.retry_bye, 1);
	apply(ua, "config-sip-ua", "no timers connection aging 10");
	ck_assert_int_eq(sipua_conf.aging_minutes, 5);
	ck_assert_int_eq(sipua_conf.tls_aging_minutes, 30);
}
END_TEST

START_TEST(test_session_transport_is_the_default_outbound)
{
	struct confnode	*vsv, *sip;

	ck_assert_int_eq(sipua_conf.session_transport, SIPT_UDP);
	vsv = apply(NULL, "config", "voice service voip");
	sip = apply(vsv, "conf-voi-serv", "sip");
	apply(sip, "conf-serv-sip", "session transport tcp tls");
	ck_assert_int_eq(sipua_conf.session_transport, SIPT_TLS);
	apply(sip, "conf-serv-sip", "session transport tcp");
	ck_assert_int_eq(sipua_conf.session_transport, SIPT_TCP);
	apply(sip, "conf-serv-sip", "no session transport");
	ck_assert_int_eq(sipua_conf.session_transport, SIPT_UDP);
}
END_TEST

/* Only the nodes the SIP UA reads make it re-read its settings: a marker
 * left in sipua_conf survives ip route, interface and dial-peer lines, and
 * a sip-ua line (or a voice service voip / sip one) replaces it. */
START_TEST(test_unrelated_changes_do_not_reload)
{
	struct confnode	*n, *vsv;

	sipua_conf.retry_cancel = 77;
	apply(NULL, "config", "ip route 10.0.0.0 255.0.0.0 192.168.0.1");
	n = apply(NULL, "config", "interface Loopback0");
	apply(n, "config-if", "description not for the SIP UA");
	n = apply(NULL, "config", "dial-peer voice 5 voip");
	apply(n, "config-dial-peer", "destination-pattern 555");
	apply(n, "config-dial-peer", "session target ipv4:127.0.0.2:5061");
	apply(NULL, "config", "no dial-peer voice 5 voip");
	apply(NULL, "config", "no ip route 10.0.0.0 255.0.0.0 192.168.0.1");
	ck_assert_int_eq(sipua_conf.retry_cancel, 77);
	vsv = apply(NULL, "config", "voice service voip");
	ck_assert_int_eq(sipua_conf.retry_cancel, 1);
	sipua_conf.retry_cancel = 77;
	n = apply(vsv, "conf-voi-serv", "sip");
	ck_assert_int_eq(sipua_conf.retry_cancel, 1);
	sipua_conf.retry_cancel = 77;
	apply(sip_ua(), "config-sip-ua", "retry bye 2");
	ck_assert_int_eq(sipua_conf.retry_cancel, 1);
	ck_assert_int_eq(sipua_conf.retry_bye, 2);
}
END_TEST

/* A TCP socket listening on a port the kernel picks; its port in *port. */
static int
occupy_tcp(int *port)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof sin;
	int			fd = socket(AF_INET, SOCK_STREAM, 0);

	sin = testlib_v4("127.0.0.1", 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	ck_assert_int_eq(listen(fd, 1), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

/* A taken port is reported once, however many lines follow, and retried at
 * each change; turning the transport off and on, or another port, reports
 * again; once the port is free the next change opens the listener. */
START_TEST(test_taken_port_reported_once)
{
	struct confnode	*ua = sip_ua();
	char		 want[64], want2[64];
	int		 p1, p2, fd1, fd2, tls = sipua_listen.tls_port;

	fd1 = occupy_tcp(&p1);
	fd2 = occupy_tcp(&p2);
	snprintf(want, sizeof want, "cannot listen on TCP 127.0.0.1:%d:", p1);
	snprintf(want2, sizeof want2, "cannot listen on TCP 127.0.0.1:%d:", p2);
	apply(ua, "config-sip-ua", "no transport tcp");
	ck_assert(!transport_is_listening(SIPT_TCP));
	ck_assert_int_eq(sipua_set_listen("127.0.0.1", p1, tls), 0);
	testlib_log_capture(want);
	apply(ua, "config-sip-ua", "transport tcp");
	ck_assert_int_eq(testlib_log_count, 1);
	apply(ua, "config-sip-ua", "retry bye 2");
	apply(ua, "config-sip-ua", "retry invite 3");
	apply(ua, "config-sip-ua", "timers connection aging 7");
	apply(NULL, "config", "voice service voip");
	ck_assert_int_eq(testlib_log_count, 1);
	ck_assert(!transport_is_listening(SIPT_TCP));
	/* Off and on again: a new state, reported again. */
	apply(ua, "config-sip-ua", "no transport tcp");
	apply(ua, "config-sip-ua", "transport tcp");
	ck_assert_int_eq(testlib_log_count, 2);
	apply(ua, "config-sip-ua", "retry bye 3");
	ck_assert_int_eq(testlib_log_count, 2);
	/* Another taken port is reported once too. */
	ck_assert_int_eq(sipua_set_listen("127.0.0.1", p2, tls), 0);
	testlib_log_capture(want2);
	apply(ua, "config-sip-ua", "retry bye 4");
	apply(ua, "config-sip-ua", "retry bye 5");
	ck_assert_int_eq(testlib_log_count, 1);
	/* Still retried: free the port and the next change listens. */
	close(fd2);
	apply(ua, "config-sip-ua", "retry bye 6");
	ck_assert(transport_is_listening(SIPT_TCP));
	ck_assert_int_eq(testlib_log_count, 1);
	testlib_log_capture(NULL);
	close(fd1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("sipua_config");
	TCase	*tc = tcase_create("config");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_crypto_signaling_entries_and_removal);
	tcase_add_test(tc, test_transport_switches_listeners_live);
	tcase_add_test(tc, test_timers_and_retry);
	tcase_add_test(tc, test_session_transport_is_the_default_outbound);
	tcase_add_test(tc, test_unrelated_changes_do_not_reload);
	tcase_add_test(tc, test_taken_port_reported_once);
	suite_add_tcase(s, tc);
	return testlib_run(s);
}

/* sipua's call engine parts that need no network: IOS number patterns
 * (calls.md §2.1), dial-peer selection against the real grammar (longest
 * explicit match, preference, huntstop, inbound order of §2.2, operational
 * state), digest responses (RFC 2617 §3.5's own example), and SDP offer
 * parsing and codec choice with libosip2's SDP parser. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "call.h"
#include "confdb.h"
#include "dialpeer.h"
#include "exec.h"
#include "grammar.h"
#include "modes.h"
#include "pki.h"
#include "sipua.h"
#include "sipua_int.h"
#include "sipua_testlib.h"

static struct grammar	*bg;

static int
matches(const char *pat, const char *num, int *explicit_digits, int *len)
{
	struct dp_match	m;

	if (dp_pattern_match(pat, num, &m) != 0)
		return 0;
	if (explicit_digits != NULL)
		*explicit_digits = m.explicit_digits;
	if (len != NULL)
		*len = m.length;
	return 1;
}

START_TEST(test_pattern_wildcards)
{
	int	ex, len;

	ck_assert(matches("9001", "9001", &ex, &len));
	ck_assert_int_eq(ex, 4);
	ck_assert(matches("9001", "90015", &ex, &len));	/* prefix */
	ck_assert_int_eq(len, 4);
	ck_assert(!matches("9001$", "90015", NULL, NULL));
	ck_assert(matches("9001$", "9001", NULL, NULL));
	ck_assert(matches("5...", "5123", &ex, &len));
	ck_assert_int_eq(ex, 1);
	ck_assert(!matches("5...", "512", NULL, NULL));
	ck_assert(matches("9T", "918005551212", &ex, &len));
	ck_assert_int_eq(len, 12);
	ck_assert(matches(".T", "4", NULL, NULL));
	ck_assert(matches("[2-9]...", "7000", NULL, NULL));
	ck_assert(!matches("[2-9]...", "1000", NULL, NULL));
	ck_assert(matches("[^2-9]..", "100", NULL, NULL));
	ck_assert(matches("1[12]3", "123", NULL, NULL));
	ck_assert(matches("12?3", "13", NULL, NULL));
	ck_assert(matches("12?3", "123", NULL, NULL));
	ck_assert(!matches("12?3", "1223", NULL, NULL));
	ck_assert(matches("12%3", "122223", NULL, NULL));
	ck_assert(matches("12%3", "13", NULL, NULL));
	ck_assert(matches("12+3", "1223", NULL, NULL));
	ck_assert(!matches("12+3", "13", NULL, NULL));
	ck_assert(matches("+1408...", "+1408555", NULL, NULL));
	ck_assert(matches("^55,5", "555", NULL, NULL));
	ck_assert(matches("\\*5", "*5", NULL, NULL));
	ck_assert(matches("*#", "*#", NULL, NULL));
	ck_assert(!matches("(12)3", "123", NULL, NULL));	/* groups: no */
	ck_assert(!matches("5[9-2]", "55", NULL, NULL));	/* bad range */
	/* Bounded however nasty: many % against a long number. */
	ck_assert(!matches("1%1%1%1%1%1%1%1%1%1%1%1%2", "11111111111111111111"
	    "11111111111", NULL, NULL));
}
END_TEST

START_TEST(test_pattern_helpers)
{
	ck_assert(dp_pattern_is_number("9001"));
	ck_assert(dp_pattern_is_number("1001$"));
	ck_assert(!dp_pattern_is_number("5..."));
	ck_assert(!dp_pattern_is_number("9T"));
}
END_TEST

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
	testlib_listen_loopback(23000);
	sipua_init();
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

/* dial-peer voice TAG KIND with its sub-commands, NULL-terminated. */
static void
peer(const char *head, ...)
{
	struct confnode	*n = apply(NULL, "config", head);
	const char	*line;
	va_list		 ap;

	va_start(ap, head);
	while ((line = va_arg(ap, const char *)) != NULL)
		apply(n, "config-dial-peer", line);
	va_end(ap);
}

START_TEST(test_outbound_longest_then_preference_then_huntstop)
{
	struct dial_peer	*out[8];
	int			 n;

	peer("dial-peer voice 10 voip", "destination-pattern 816..",
	    "session target ipv4:127.0.0.1", NULL);
	peer("dial-peer voice 11 voip", "destination-pattern 81690",
	    "session target ipv4:127.0.0.2", "preference 2", NULL);
	peer("dial-peer voice 12 voip", "destination-pattern 81690",
	    "session target ipv4:127.0.0.3", "preference 1", NULL);
	peer("dial-peer voice 13 voip", "destination-pattern 8....",
	    "session target ipv4:127.0.0.4", "huntstop", NULL);
	peer("dial-peer voice 14 voip", "destination-pattern .....",
	    "session target ipv4:127.0.0.5", NULL);
	/* No target: operationally down, never a candidate. */
	peer("dial-peer voice 15 voip", "destination-pattern 81690", NULL);
	/* Shut down: never a candidate. */
	peer("dial-peer voice 16 voip", "destination-pattern 81690",
	    "session target ipv4:127.0.0.6", "shutdown", NULL);
	n = dialpeer_outbound("81690", 1, out, 8);
	ck_assert_int_eq(n, 4);
	ck_assert_uint_eq(out[0]->tag, 12);	/* explicit, preference 1 */
	ck_assert_uint_eq(out[1]->tag, 11);
	ck_assert_uint_eq(out[2]->tag, 10);	/* 816.. */
	ck_assert_uint_eq(out[3]->tag, 13);	/* huntstop ends the list */
	ck_assert_int_eq(dialpeer_outbound("99999", 1, out, 8), 1);
	ck_assert_uint_eq(out[0]->tag, 14);
	ck_assert_int_eq(dialpeer_outbound("99999", 0, out, 8), 0);
	ck_assert(!dialpeer_oper_up(dialpeer_find(15)));
}
END_TEST

START_TEST(test_inbound_order)
{
	struct dial_peer	*dp;

	peer("dial-peer voice 2 voip", "destination-pattern 111",
	    "session target ipv4:127.0.0.1", "incoming called-number 9001",
	    NULL);
	peer("dial-peer voice 3 voip", "answer-address 55501..", NULL);
	peer("dial-peer voice 4 voip", "destination-pattern 5550100",
	    "session target ipv4:127.0.0.1", NULL);
	/* 1: incoming called-number on the called number. */
	dp = dialpeer_inbound_voip("9001", "5550100");
	ck_assert_ptr_nonnull(dp);
	ck_assert_uint_eq(dp->tag, 2);
	/* 2: answer-address before destination-pattern on the caller. */
	dp = dialpeer_inbound_voip("7000", "5550100");
	ck_assert_uint_eq(dp->tag, 3);
	/* 3: destination-pattern on the caller. */
	apply(confdb_find(NULL, "dial-peer voice 3"), "config-dial-peer",
	    "no answer-address");
	dp = dialpeer_inbound_voip("7000", "5550100");
	ck_assert_uint_eq(dp->tag, 4);
	/* Nothing: dial-peer 0. */
	ck_assert_ptr_null(dialpeer_inbound_voip("7000", "4000"));
}
END_TEST

START_TEST(test_counters_survive_a_rebuild)
{
	struct dial_peer	*dp;

	peer("dial-peer voice 5 voip", "destination-pattern 9001",
	    "session target ipv4:127.0.0.1", NULL);
	dialpeer_note_call(dialpeer_find(5), 0, 17);
	/* A change rebuilds the view; the counters stay. */
	apply(confdb_find(NULL, "dial-peer voice 5"), "config-dial-peer",
	    "preference 3");
	dp = dialpeer_find(5);
	ck_assert_int_eq(dp->preference, 3);
	ck_assert_uint_eq(dp->stats->failed, 1);
	ck_assert_int_eq(dp->stats->last_cause, 17);
}
END_TEST

START_TEST(test_show_summary_columns)
{
	struct sbuf	sb;

	peer("dial-peer voice 13 voip", "destination-pattern [2-9]...",
	    "session target ipv4:192.168.0.21", NULL);
	peer("dial-peer voice 20001 pots", "destination-pattern 1001$",
	    "port 50/0/1", NULL);
	sbuf_init(&sb);
	dialpeer_show_summary(&sb);
	/* The aligned row of the real capture (ios-reference §3.10). */
	ck_assert_ptr_nonnull(strstr(sbuf_str(&sb),
	    "\n13     voip  up   up             [2-9]...           0  syst "
	    "ipv4:192.168.0.21\n"));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&sb),
	    "\n20001  pots  up   up             1001$              0"));
	sbuf_free(&sb);
}
END_TEST

/* RFC 2617 §3.5: Mufasa, "Circle Of Life", dir/index.html. */
START_TEST(test_digest_rfc2617_example)
{
	char	out[33];

	auth_digest("Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
	    "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001",
	    "0a4f113b", "auth", out);
	ck_assert_str_eq(out, "6629fae49393a05397450978507c4ef1");
}
END_TEST

START_TEST(test_sdp_offer_and_choice)
{
	struct call_media	 m;
	const char		*offer = "v=0\r\n"
	    "o=CiscoSystemsSIP-GW-UserAgent 6603 1568 IN IP4 127.0.0.1\r\n"
	    "s=SIP Call\r\nc=IN IP4 127.0.0.9\r\nt=0 0\r\n"
	    "m=audio 17978 RTP/AVP 18 0 101\r\n"
	    "a=rtpmap:18 G729/8000\r\na=rtpmap:0 PCMU/8000\r\n"
	    "a=rtpmap:101 telephone-event/8000\r\n";

	ck_assert_int_eq(sdp_parse(offer, &m), 0);
	ck_assert_int_eq(m.port, 17978);
	ck_assert_str_eq(m.host, "127.0.0.9");
	ck_assert_int_eq(m.npts, 3);
	ck_assert_int_eq(m.nte_pt, 101);
	ck_assert_int_eq(sdp_choose(&m, codec_lookup("g711ulaw")), 0);
	ck_assert_int_eq(sdp_choose(&m, NULL), 18);	/* dial-peer 0 */
	ck_assert_int_eq(sdp_choose(&m, codec_lookup("g711alaw")), -1);
	ck_assert_int_eq(sdp_parse("garbage", &m), -1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("dialpeer");
	TCase	*tc = tcase_create("pattern");
	TCase	*cfg = tcase_create("config");

	tcase_add_test(tc, test_pattern_wildcards);
	tcase_add_test(tc, test_pattern_helpers);
	tcase_add_test(tc, test_digest_rfc2617_example);
	tcase_add_test(tc, test_sdp_offer_and_choice);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(cfg, setup, teardown);
	tcase_add_test(cfg, test_outbound_longest_then_preference_then_huntstop);
	tcase_add_test(cfg, test_inbound_order);
	tcase_add_test(cfg, test_counters_survive_a_rebuild);
	tcase_add_test(cfg, test_show_summary_columns);
	suite_add_tcase(s, cfg);
	return testlib_run(s);
}

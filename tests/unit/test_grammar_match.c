/*
 * grammar/: the IOS matcher on the small grammar of tests/unit/grammar/small.xml
 * and inline XML: abbreviation, ambiguity, caret columns of
 * ios-reference.md §1.2, typed arguments (ranges, addresses, interfaces,
 * URLs, times), no/default with keys, aliases, privilege, random lines.
 * Set-up and helpers: grammar_testlib.h.
 */
#include "grammar_testlib.h"

START_TEST(test_unique_prefix_abbreviates_every_keyword)
{
	ck_canon(exec_mode, "sh cl", "show clock");
	ck_canon(exec_mode, "conf t", "configure terminal");
	ck_canon(exec_mode, "config term", "configure terminal");
	ck_canon(exec_mode, "wr", "write");
	ck_canon(exec_mode, "sh ip int b", "show ip interface brief");
	ck_canon(config_mode, "serv time deb date msec",
	    "service timestamps debug datetime msec");
}
END_TEST

START_TEST(test_keywords_are_case_insensitive_arguments_keep_case)
{
	ck_canon(exec_mode, "SHOW CLOCK Det", "show clock detail");
	ck_canon(config_mode, "HOSTNAME MyRouter", "hostname MyRouter");
}
END_TEST

START_TEST(test_exact_keyword_beats_longer_keywords_it_prefixes)
{
	struct gmatch	m;

	/* `ip` is typed whole; `ip cef` must not be ambiguous with nothing,
	 * and `dir` exact must win over nothing else starting with dir. */
	ck_canon(exec_mode, "dir", "dir");
	ck_assert_int_eq(try(config_mode, 15, "ip cef", &m, NULL), GERR_NONE);
	gmatch_free(&m);
}
END_TEST

START_TEST(test_ambiguous_prefix_reports_ambiguous)
{
	struct gmatch	m;

	ck_assert_int_eq(try(exec_mode, 15, "di", &m, NULL), GERR_AMBIGUOUS);
	ck_assert_int_eq(try(exec_mode, 15, "show ip c", &m, NULL),
	    GERR_AMBIGUOUS);
	ck_help(exec_mode, 15, "di ", "% Ambiguous command:  \"di\"\n");
}
END_TEST

START_TEST(test_caret_show_ip_config_under_n)
{
	struct gmatch	m;
	int		col = -1;

	/* `co` prefixes cef? no: community-list; `con` prefixes nothing. */
	ck_assert_int_eq(try(exec_mode, 15, "show ip config", &m, &col),
	    GERR_INVALID);
	ck_assert_int_eq(col, 10);	/* R3# + 10 = column 13 */
}
END_TEST

START_TEST(test_caret_show_ip_vlan_brief_under_l)
{
	struct gmatch	m;
	int		col = -1;

	ck_assert_int_eq(try(exec_mode, 15, "show ip vlan brief", &m, &col),
	    GERR_INVALID);
	ck_assert_int_eq(col, 9);	/* R3# + 9 = column 12 */
}
END_TEST

START_TEST(test_caret_show_in_config_mode_under_h)
{
	struct gmatch	m;
	int		col = -1;

	ck_assert_int_eq(try(config_mode, 15, "show ip interface brief", &m,
	    &col), GERR_INVALID);
	ck_assert_int_eq(col, 1);	/* R1(config)# + 1 = column 12 */
}
END_TEST

START_TEST(test_caret_bad_argument_under_its_start)
{
	struct gmatch	m;
	int		col = -1;

	ck_assert_int_eq(try(config_mode, 15, "ip route 10.0.0.256 255.0.0.0 "
	    "1.1.1.1", &m, &col), GERR_INVALID);
	ck_assert_int_eq(col, 9);
	ck_assert_int_eq(try(exec_mode, 15, "clear sip-ua tcp tls connection "
	    "id 16381", &m, &col), GERR_INVALID);
	ck_assert_int_eq(col, 35);
	ck_assert_int_eq(try(config_mode, 15, "hostname a b", &m, &col),
	    GERR_INVALID);
	ck_assert_int_eq(col, 11);
}
END_TEST

START_TEST(test_incomplete_and_empty_lines)
{
	struct gmatch	m;

	ck_assert_int_eq(try(exec_mode, 15, "show", &m, NULL),
	    GERR_INCOMPLETE);
	ck_assert_int_eq(try(config_mode, 15, "ip route 1.1.1.1", &m, NULL),
	    GERR_INCOMPLETE);
	ck_assert_int_eq(try(config_mode, 15, "   ", &m, NULL), GERR_EMPTY);
	ck_assert_int_eq(try(config_mode, 15, "", &m, NULL), GERR_EMPTY);
	ck_assert_int_eq(try(config_mode, 15, "! comment", &m, NULL),
	    GERR_EMPTY);
	ck_assert_int_eq(try(config_mode, 15, " !", &m, NULL), GERR_EMPTY);
}
END_TEST

START_TEST(test_ranges_are_checked_and_typed)
{
	struct gmatch	m;

	ck_assert_int_eq(try(config_mode, 15, "dial-peer voice 100 voip", &m,
	    NULL), GERR_NONE);
	ck_assert_int_eq(gmatch_num(&m, "tag", -1), 100);
	ck_assert_int_eq(gmatch_num(&m, "$tag", -1), 100);
	ck_assert_int_eq(gmatch_num(&m, "nothere", -7), -7);
	gmatch_free(&m);
	ck_assert_int_eq(try(config_mode, 15, "dial-peer voice 0 voip", &m,
	    NULL), GERR_INVALID);
	ck_assert_int_eq(try(config_mode, 15, "dial-peer voice 2147483648 voip",
	    &m, NULL), GERR_INVALID);
	ck_assert_int_eq(try(config_mode, 15, "dial-peer voice 1x voip", &m,
	    NULL), GERR_INVALID);
}
END_TEST

START_TEST(test_ipv4_addresses_validated_and_normalised)
{
	struct gmatch		 m;
	const struct gval	*v;

	ck_canon(config_mode, "ip route 010.0.0.0 255.0.0.0 192.168.001.1",
	    "ip route 10.0.0.0 255.0.0.0 192.168.1.1");
	ck_assert_int_eq(try(config_mode, 15, "ip route 1.2.3.4 255.0.0.0 "
	    "9.9.9.9", &m, NULL), GERR_NONE);
	v = gmatch_get(&m, "prefix");
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(v->addr, 0x01020304);
	ck_assert_str_eq(gmatch_str(&m, "nexthop"), "9.9.9.9");
	ck_assert_str_eq(gmatch_str(&m, "A.B.C.D"), "1.2.3.4");
	gmatch_free(&m);
	ck_assert_int_eq(try(config_mode, 15, "ip route 1.2.3 255.0.0.0 "
	    "9.9.9.9", &m, NULL), GERR_INVALID);
	ck_assert_int_eq(try(config_mode, 15, "ip route 1.2.3.4.5 255.0.0.0 "
	    "9.9.9.9", &m, NULL), GERR_INVALID);
}
END_TEST

START_TEST(test_session_targets_ipv4_with_port_and_dns)
{
	struct gmatch		 m;
	const struct gval	*v;

	ck_assert_int_eq(try(dp_mode, 15, "session target ipv4:10.48.54.89:5061",
	    &m, NULL), GERR_NONE);
	v = gmatch_get(&m, "IPV4TARGET");
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(v->addr, (10u << 24) | (48 << 16) | (54 << 8) | 89);
	ck_assert_uint_eq(v->port, 5061);
	gmatch_free(&m);
	ck_canon(dp_mode, "sess tar IPV4:172.18.201.177",
	    "session target ipv4:172.18.201.177");
	ck_canon(dp_mode, "session target dns:liotta.com",
	    "session target dns:liotta.com");
	ck_assert_int_eq(try(dp_mode, 15, "session target ipv4:1.2.3.4:70000",
	    &m, NULL), GERR_INVALID);
	ck_assert_int_eq(try(dp_mode, 15, "session target 1.2.3.4", &m, NULL),
	    GERR_INVALID);
}
END_TEST

START_TEST(test_url_needs_a_scheme)
{
	struct gmatch	m;

	ck_canon(tp_mode, "enrollment url http://10.1.1.1:80",
	    "enrollment url http://10.1.1.1:80");
	ck_assert_int_eq(try(tp_mode, 15, "enrollment url 10.1.1.1", &m, NULL),
	    GERR_INVALID);
}
END_TEST

START_TEST(test_interface_names_abbreviated_and_canonical)
{
	struct gmatch	m;

	ck_canon(config_mode, "interface gi0/0", "interface GigabitEthernet0/0");
	ck_canon(config_mode, "int Loopback0", "interface Loopback0");
	ck_canon(config_mode, "int fa0/1.100", "interface FastEthernet0/1.100");
	ck_canon(config_mode, "int Gi 0/1", "interface GigabitEthernet0/1");
	ck_canon(config_mode, "no int gigabitethernet  0/1",
	    "no interface GigabitEthernet0/1");
	ck_assert_int_eq(try(config_mode, 15, "interface foo0", &m, NULL),
	    GERR_INVALID);
	ck_assert_int_eq(try(config_mode, 15, "interface gi", &m, NULL),
	    GERR_INVALID);
}
END_TEST

START_TEST(test_slot_port)
{
	struct gmatch	m;

	ck_canon(config_mode, "voice-port 0/3/1", "voice-port 0/3/1");
	ck_assert_int_eq(try(config_mode, 15, "voice-port 0", &m, NULL),
	    GERR_INVALID);
}
END_TEST

START_TEST(test_keyword_preferred_over_word)
{
	struct gmatch	m;

	/* `serial-number [none]`: `none` is a keyword; elsewhere WORD takes
	 * anything, keywords included. */
	ck_canon(tp_mode, "serial n", "serial-number none");
	ck_canon(config_mode, "hostname none", "hostname none");
	ck_assert_int_eq(try(config_mode, 15, "hostname", &m, NULL),
	    GERR_INCOMPLETE);
}
END_TEST

START_TEST(test_line_takes_the_rest_of_the_line)
{
	struct gmatch	m;

	ck_assert_int_eq(try(config_mode, 15, "description  two  words here  ",
	    &m, NULL), GERR_NONE);
	ck_assert_str_eq(gmatch_str(&m, "LINE"), "two  words here");
	gmatch_free(&m);
}
END_TEST

START_TEST(test_no_stops_after_the_key)
{
	struct gmatch	 m;
	char		*s;

	ck_assert_int_eq(try(config_mode, 15, "no hostname", &m, NULL),
	    GERR_NONE);
	ck_assert_int_eq(m.negate, GNEG_NO);
	s = rendered(&m, 0);
	ck_assert_str_eq(s, "no hostname");
	free(s);
	gmatch_free(&m);
	ck_assert_int_eq(try(config_mode, 15, "no ip route 1.0.0.0 255.0.0.0",
	    &m, NULL), GERR_NONE);
	s = rendered(&m, 1);
	ck_assert_str_eq(s, "ip route 1.0.0.0 255.0.0.0");
	free(s);
	gmatch_free(&m);
	ck_assert_int_eq(try(config_mode, 15, "no ip route 1.0.0.0", &m, NULL),
	    GERR_INCOMPLETE);
	ck_assert_int_eq(try(sipua_mode, 15, "no crypto signaling default", &m,
	    NULL), GERR_NONE);
	gmatch_free(&m);
	ck_assert_int_eq(try(sipua_mode, 15, "no crypto signaling remote-addr "
	    "1.1.1.1 255.255.255.255", &m, NULL), GERR_NONE);
	s = rendered(&m, 1);
	ck_assert_str_eq(s, "crypto signaling remote-addr 1.1.1.1 "
	    "255.255.255.255");
	free(s);
	gmatch_free(&m);
	ck_assert_int_eq(try(sipua_mode, 15, "n transport", &m, NULL),
	    GERR_NONE);
	ck_assert_int_eq(m.negate, GNEG_NO);
	gmatch_free(&m);
	/* A whole command is accepted after `no` too. */
	ck_assert_int_eq(try(sipua_mode, 15, "no transport tcp tls", &m, NULL),
	    GERR_NONE);
	gmatch_free(&m);
}
END_TEST

START_TEST(test_default_prefix_and_no_form_none)
{
	struct gmatch	 m;
	char		*s;

	ck_assert_int_eq(try(config_mode, 15, "default hostname", &m, NULL),
	    GERR_NONE);
	ck_assert_int_eq(m.negate, GNEG_DEFAULT);
	s = rendered(&m, 0);
	ck_assert_str_eq(s, "default hostname");
	free(s);
	gmatch_free(&m);
	ck_assert_int_eq(try(config_mode, 15, "no end", &m, NULL),
	    GERR_INVALID);
	ck_assert_int_eq(try(exec_mode, 15, "no dir", &m, NULL),
	    GERR_INVALID);
	ck_assert_int_eq(try(config_mode, 15, "no", &m, NULL),
	    GERR_INCOMPLETE);
}
END_TEST

START_TEST(test_key_values_marked)
{
	struct gmatch	 m;
	char		*s;

	ck_assert_int_eq(try(sipua_mode, 15, "crypto sig default trustpoint TP1 "
	    "strict", &m, NULL), GERR_NONE);
	ck_assert_int_eq(m.nvals, 6);
	ck_assert_int_eq(m.vals[2].key, 1);
	ck_assert_int_eq(m.vals[4].key, 0);
	ck_assert_str_eq(gmatch_str(&m, "tp"), "TP1");
	ck_assert(gmatch_has(&m, "strict-cipher"));
	ck_assert(!gmatch_has(&m, "remote-addr"));
	s = rendered(&m, 1);
	ck_assert_str_eq(s, "crypto signaling default");
	free(s);
	gmatch_free(&m);
}
END_TEST

START_TEST(test_alias_renders_canonical_form)
{
	struct gmatch	m;

	ck_canon(config_mode, "crypto ca trustpoint user1",
	    "crypto pki trustpoint user1");
	ck_assert_int_eq(try(config_mode, 15, "crypto ca trust user1", &m,
	    NULL), GERR_NONE);
	ck_assert_str_eq(gmatch_str(&m, "tp"), "user1");
	ck_assert_ptr_nonnull(m.cmd->enters);
	gmatch_free(&m);
}
END_TEST

START_TEST(test_privilege_hides_exec_commands)
{
	struct gmatch	m;

	ck_assert_int_eq(try(exec_mode, 1, "show clock", &m, NULL), GERR_NONE);
	gmatch_free(&m);
	ck_assert_int_eq(try(exec_mode, 1, "configure terminal", &m, NULL),
	    GERR_INVALID);
	ck_assert_int_eq(try(exec_mode, 1, "show running-config", &m, NULL),
	    GERR_INVALID);
	/* `di` is ambiguous at 15 (dir) but not at 1. */
	ck_assert_int_eq(try(exec_mode, 1, "disa", &m, NULL), GERR_NONE);
	gmatch_free(&m);
	ck_assert_int_eq(try(exec_mode, 15, "show running-config", &m, NULL),
	    GERR_NONE);
	ck_assert_ptr_nonnull(m.cmd->handler);
	gmatch_free(&m);
}
END_TEST

START_TEST(test_gmatch_copy_is_deep)
{
	struct gmatch	m, c;

	ck_assert_int_eq(try(config_mode, 15, "hostname R1", &m, NULL),
	    GERR_NONE);
	gmatch_copy(&c, &m);
	gmatch_free(&m);
	ck_assert_str_eq(gmatch_str(&c, "WORD"), "R1");
	ck_assert_int_eq(c.cmd->store, 1);
	gmatch_free(&c);
}
END_TEST

START_TEST(test_random_lines_give_a_match_or_an_error)
{
	static const char *words[] = { "no", "default", "n", "ip", "route",
	    "sh", "int", "gi", "0/0", "1.2.3.4", "ipv4:1.2.3.4:0", "dns:",
	    "x", "<1-5>", "|", "dial-peer", "voice", "99999999999999999999",
	    "-5", "session", "target", "description", "crypto", "ca", "!",
	    "\t", "" };
	const struct gmode *modes[] = { exec_mode, config_mode, sipua_mode,
	    dp_mode, tp_mode };
	struct gmatch	 m;
	struct gerror	 err;
	struct sbuf	 sb;
	char		 line[512], **c;
	int		 i, k, n, nw = sizeof words / sizeof words[0];
	unsigned	 seed = 7;

	sbuf_init(&sb);
	for (i = 0; i < 20000; i++) {
		line[0] = '\0';
		n = rand_r(&seed) % 8;
		for (k = 0; k < n; k++) {
			strcat(line, words[rand_r(&seed) % nw]);
			if (rand_r(&seed) % 4)
				strcat(line, " ");
		}
		if (grammar_match(g, modes[i % 5], i % 2 ? 1 : 15, line, &m,
		    &err) == 0) {
			ck_assert_ptr_nonnull(m.cmd);
			gmatch_render(&m, &sb);
			gmatch_free(&m);
		} else {
			ck_assert(err.kind != GERR_NONE);
			ck_assert(err.column >= 0 &&
			    err.column <= (int)strlen(line));
		}
		grammar_help(g, modes[i % 5], 15, line, &sb);
		ck_assert(sb.len > 0);
		sbuf_reset(&sb);
		c = grammar_complete(g, modes[i % 5], 15, line);
		grammar_completions_free(c);
	}
	sbuf_free(&sb);
}
END_TEST

START_TEST(test_whole_keyword_beats_line_and_named_keywords)
{
	struct grammar		*lg;
	const struct gmode	*c;
	struct gmatch		 m;
	struct gerror		 e;

	lg = inline_grammar("<grammar><mode name=\"c\"/>"
	    "<command mode=\"c\" syntax=\"password {0 LINE$typed | "
	    "7 WORD$hidden | LINE$plain}\" key=\"password\"/>"
	    "<command mode=\"c\" syntax=\"clock WORD$time {&lt;1-31&gt;$day "
	    "{January$month | June$month} | {January$month | June$month} "
	    "&lt;1-31&gt;$day}\"/>"
	    "<command mode=\"c\" syntax=\"certificate HEX$serial\"/>"
	    "</grammar>");
	c = grammar_mode(lg, "c");
	ck_assert_int_eq(grammar_match(lg, c, 15, "password 7 0822455D0A16",
	    &m, &e), 0);
	ck_assert_str_eq(gmatch_str(&m, "hidden"), "0822455D0A16");
	ck_assert(!gmatch_has(&m, "plain"));
	gmatch_free(&m);
	ck_assert_int_eq(grammar_match(lg, c, 15, "password my secret", &m,
	    &e), 0);
	ck_assert_str_eq(gmatch_str(&m, "plain"), "my secret");
	gmatch_free(&m);
	ck_assert_int_eq(grammar_match(lg, c, 15, "clock 10:00:00 jun 5", &m,
	    &e), 0);
	ck_assert_str_eq(gmatch_str(&m, "month"), "June");
	ck_assert_int_eq(gmatch_num(&m, "day", 0), 5);
	gmatch_free(&m);
	ck_assert_int_eq(grammar_match(lg, c, 15, "clock 10:00:00 5 January",
	    &m, &e), 0);
	ck_assert_str_eq(gmatch_str(&m, "month"), "January");
	gmatch_free(&m);
	ck_assert_int_eq(grammar_match(lg, c, 15, "certificate 0a1F", &m, &e),
	    0);
	ck_assert_str_eq(gmatch_str(&m, "serial"), "0a1F");
	gmatch_free(&m);
	ck_assert_int_eq(grammar_match(lg, c, 15, "certificate 0g", &m, &e),
	    -1);
	ck_assert_int_eq(e.kind, GERR_INVALID);
	ck_assert_int_eq(e.column, 12);
	grammar_free(lg);
}
END_TEST

START_TEST(test_declared_default_command_beats_derived_default)
{
	struct grammar		*lg;
	const struct gmode	*c;
	struct gmatch		 m;
	struct gerror		 e;

	lg = inline_grammar("<grammar><mode name=\"c\"/>"
	    "<command mode=\"c\" syntax=\"interface INTERFACE\"/>"
	    "<command mode=\"c\" syntax=\"default interface INTERFACE\" "
	    "no=\"none\" store=\"no\"/>"
	    "</grammar>");
	c = grammar_mode(lg, "c");
	ck_assert_int_eq(grammar_match(lg, c, 15, "default interface gi0/1",
	    &m, &e), 0);
	ck_assert_int_eq(m.negate, GNEG_NONE);
	ck_assert_int_eq(m.cmd->store, 0);
	gmatch_free(&m);
	ck_assert_int_eq(grammar_match(lg, c, 15, "no interface gi0/1", &m,
	    &e), 0);
	ck_assert_int_eq(m.negate, GNEG_NO);
	gmatch_free(&m);
	grammar_free(lg);
}
END_TEST

START_TEST(test_time_month_placeholders_and_reserved_words)
{
	static const char xml[] =
	    "<grammar><mode name=\"exec\" header=\"Exec commands:\"/>"
	    "<reserved mode=\"exec\" privilege=\"1\" words=\"ssh systat\"/>"
	    "<command mode=\"exec\" privilege=\"1\" syntax=\"show version\"/>"
	    "<command mode=\"exec\" syntax=\"clock set hh:mm:ss$time "
	    "{&lt;1-31&gt;$day MONTH$month | MONTH$month &lt;1-31&gt;$day} "
	    "&lt;1993-2035&gt;$year\">"
	    "<help token=\"$time\">Current Time</help>"
	    "<help token=\"$day\">Day of the month</help>"
	    "<help token=\"$month\">Month of the year</help></command>"
	    "</grammar>";
	struct grammar		*lg = grammar_new();
	const struct gmode	*ex;
	struct gmatch		 m;
	struct gerror		 err;
	struct sbuf		 sb;
	char			*e = NULL, **c;

	if (grammar_load_buffer(lg, "t.xml", xml, sizeof xml - 1, &e) != 0 ||
	    grammar_load_finish(lg, &e) != 0)
		ck_abort_msg("load: %s", e);
	ex = grammar_mode(lg, "exec");
	sbuf_init(&sb);
	grammar_help(lg, ex, 15, "clock set ", &sb);
	ck_assert_str_eq(sbuf_str(&sb), "  hh:mm:ss  Current Time\n");
	sbuf_reset(&sb);
	grammar_help(lg, ex, 15, "clock set 1:2:3 ", &sb);
	ck_assert_str_eq(sbuf_str(&sb), "  <1-31>  Day of the month\n"
	    "  MONTH   Month of the year\n");
	sbuf_free(&sb);
	/* Both orders; a month by unique prefix, stored in full. */
	ck_assert_int_eq(grammar_match(lg, ex, 15, "clock set 10:00:00 5 mar 2020",
	    &m, &err), 0);
	ck_assert_str_eq(gmatch_str(&m, "month"), "March");
	ck_assert_int_eq(gmatch_num(&m, "day", 0), 5);
	gmatch_free(&m);
	ck_assert_int_eq(grammar_match(lg, ex, 15, "clock set 1:00:00 Dec 24 2020",
	    &m, &err), 0);
	ck_assert_str_eq(gmatch_str(&m, "month"), "December");
	gmatch_free(&m);
	/* Ma: March or May; a time of the wrong shape. */
	ck_assert_int_ne(grammar_match(lg, ex, 15, "clock set 10:00:00 5 Ma 2020",
	    &m, &err), 0);
	ck_assert_int_eq(err.kind, GERR_INVALID);
	ck_assert_int_ne(grammar_match(lg, ex, 15, "clock set 100:00 5 May 2020",
	    &m, &err), 0);
	ck_assert_int_eq(err.column, 10);
	/* Reserved words: `s` is show, ssh, systat; `sh` is show; `ss`
	 * matches nothing; `s` TAB completes nothing. */
	ck_assert_int_ne(grammar_match(lg, ex, 1, "s", &m, &err), 0);
	ck_assert_int_eq(err.kind, GERR_AMBIGUOUS);
	ck_assert_int_ne(grammar_match(lg, ex, 1, "sh", &m, &err), 0);
	ck_assert_int_eq(err.kind, GERR_INCOMPLETE);
	ck_assert_int_ne(grammar_match(lg, ex, 1, "ss", &m, &err), 0);
	ck_assert_int_eq(err.kind, GERR_INVALID);
	ck_assert_int_ne(grammar_match(lg, ex, 1, "ssh", &m, &err), 0);
	ck_assert_int_eq(err.kind, GERR_INVALID);
	c = grammar_complete(lg, ex, 1, "s");
	ck_assert_ptr_null(c[0]);
	grammar_completions_free(c);
	c = grammar_complete(lg, ex, 1, "sh");
	ck_assert_str_eq(c[0], "show");
	grammar_completions_free(c);
	grammar_free(lg);
}
END_TEST

static Suite *
grammar_match_suite(void)
{
	Suite	*s = suite_create("grammar_match");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_unique_prefix_abbreviates_every_keyword);
	tcase_add_test(tc, test_keywords_are_case_insensitive_arguments_keep_case);
	tcase_add_test(tc, test_exact_keyword_beats_longer_keywords_it_prefixes);
	tcase_add_test(tc, test_ambiguous_prefix_reports_ambiguous);
	tcase_add_test(tc, test_caret_show_ip_config_under_n);
	tcase_add_test(tc, test_caret_show_ip_vlan_brief_under_l);
	tcase_add_test(tc, test_caret_show_in_config_mode_under_h);
	tcase_add_test(tc, test_caret_bad_argument_under_its_start);
	tcase_add_test(tc, test_incomplete_and_empty_lines);
	tcase_add_test(tc, test_ranges_are_checked_and_typed);
	tcase_add_test(tc, test_ipv4_addresses_validated_and_normalised);
	tcase_add_test(tc, test_session_targets_ipv4_with_port_and_dns);
	tcase_add_test(tc, test_url_needs_a_scheme);
	tcase_add_test(tc, test_interface_names_abbreviated_and_canonical);
	tcase_add_test(tc, test_slot_port);
	tcase_add_test(tc, test_keyword_preferred_over_word);
	tcase_add_test(tc, test_line_takes_the_rest_of_the_line);
	tcase_add_test(tc, test_no_stops_after_the_key);
	tcase_add_test(tc, test_default_prefix_and_no_form_none);
	tcase_add_test(tc, test_key_values_marked);
	tcase_add_test(tc, test_alias_renders_canonical_form);
	tcase_add_test(tc, test_privilege_hides_exec_commands);
	tcase_add_test(tc, test_gmatch_copy_is_deep);
	tcase_add_test(tc, test_random_lines_give_a_match_or_an_error);
	tcase_add_test(tc, test_whole_keyword_beats_line_and_named_keywords);
	tcase_add_test(tc, test_declared_default_command_beats_derived_default);
	tcase_add_test(tc, test_time_month_placeholders_and_reserved_words);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testlib_run(grammar_match_suite());
}

/*
 * grammar/: loading (schema-like checks with file:line), the IOS matcher
 * (abbreviation, ambiguity, caret columns of ios-reference.md §1.2,
 * arguments, no/default with keys, privilege), `?` help and TAB, on the
 * small grammar of tests/unit/grammar/small.xml and inline XML strings.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar.h"
#include "sbuf.h"
#include "xmalloc.h"

static struct grammar	*g;
static const struct gmode *exec_mode, *config_mode, *sipua_mode, *dp_mode,
			*tp_mode;

static int
test_handler(struct cmd_ctx *ctx __attribute__((unused)))
{
	return 0;
}

static char *
fixture_read(const char *name, size_t *len)
{
	char	 path[512], *dir, *buf;
	FILE	*f;
	long	 n;

	dir = xstrdup(__FILE__);
	if (strrchr(dir, '/') != NULL)
		*strrchr(dir, '/') = '\0';
	else
		strcpy(dir, ".");
	snprintf(path, sizeof path, "%s/grammar/%s", dir, name);
	free(dir);
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = xmalloc(n + 1);
	*len = fread(buf, 1, n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void
setup(void)
{
	char	*xml, *err = NULL;
	size_t	 len;

	grammar_handler_register("test_handler", test_handler);
	xml = fixture_read("small.xml", &len);
	ck_assert_ptr_nonnull(xml);
	g = grammar_new();
	if (grammar_load_buffer(g, "small.xml", xml, len, &err) != 0 ||
	    grammar_load_finish(g, &err) != 0)
		ck_abort_msg("load: %s", err);
	free(xml);
	exec_mode = grammar_mode(g, "exec");
	config_mode = grammar_mode(g, "config");
	sipua_mode = grammar_mode(g, "config-sip-ua");
	dp_mode = grammar_mode(g, "config-dial-peer");
	tp_mode = grammar_mode(g, "ca-trustpoint");
	ck_assert_ptr_nonnull(exec_mode);
	ck_assert_ptr_nonnull(sipua_mode);
}

static void
teardown(void)
{
	grammar_free(g);
	g = NULL;
}

/* Matches line; returns the error kind (GERR_NONE on success). */
static enum gerror_kind
try(const struct gmode *mode, int priv, const char *line, struct gmatch *m,
    int *column)
{
	struct gerror	err;

	if (grammar_match(g, mode, priv, line, m, &err) == 0)
		return GERR_NONE;
	if (column != NULL)
		*column = err.column;
	return err.kind;
}

static char *
rendered(const struct gmatch *m, int key)
{
	struct sbuf	sb;

	sbuf_init(&sb);
	if (key)
		gmatch_render_key(m, &sb);
	else
		gmatch_render(m, &sb);
	sbuf_puts(&sb, "");
	return sbuf_detach(&sb);
}

/* Canonical text of line matched in mode at privilege 15. */
static char *
canon(const struct gmode *mode, const char *line)
{
	struct gmatch	 m;
	char		*s;

	ck_assert_msg(try(mode, 15, line, &m, NULL) == GERR_NONE,
	    "no match: %s", line);
	s = rendered(&m, 0);
	gmatch_free(&m);
	return s;
}

static char *
help(const struct gmode *mode, int priv, const char *line)
{
	struct sbuf	sb;

	sbuf_init(&sb);
	grammar_help(g, mode, priv, line, &sb);
	sbuf_puts(&sb, "");
	return sbuf_detach(&sb);
}

#define ck_canon(mode, line, want) do {					\
	char *s_ = canon(mode, line);					\
	ck_assert_str_eq(s_, want);					\
	free(s_);							\
} while (0)

#define ck_help(mode, priv, line, want) do {				\
	char *h_ = help(mode, priv, line);				\
	ck_assert_str_eq(h_, want);					\
	free(h_);							\
} while (0)

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

START_TEST(test_interface_types_in_help_and_tab)
{
	char	**c;

	ck_help(config_mode, 15, "interface G", "GigabitEthernet  \n");
	c = grammar_complete(g, config_mode, 15, "interface gi");
	ck_assert_str_eq(c[0], "GigabitEthernet");
	ck_assert_ptr_null(c[1]);
	grammar_completions_free(c);
	c = grammar_complete(g, config_mode, 15, "interface gi 0/1 ");
	ck_assert_ptr_null(c[0]);
	grammar_completions_free(c);
	ck_help(config_mode, 15, "interface gi 0/1 ", "  <cr>\n");
	ck_help(config_mode, 15, "interface ",
	    "  Ethernet         IEEE 802.3\n"
	    "  FastEthernet     FastEthernet IEEE 802.3\n"
	    "  GigabitEthernet  GigabitEthernet IEEE 802.3z\n"
	    "  Loopback         Loopback interface\n"
	    "  Serial           Serial\n"
	    "  Tunnel           Tunnel interface\n"
	    "  Vlan             Catalyst Vlans\n");
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

START_TEST(test_help_next_word_aligned_sorted_cr_last)
{
	ck_help(config_mode, 15, "hostname ",
	    "  WORD  This system's network name\n");
	ck_help(exec_mode, 15, "clear sip-ua tcp tls connection id ",
	    "  <1-16380>  Value of the Connection ID that needs to be closed\n");
	ck_help(exec_mode, 15, "show ip interface ",
	    "  brief\n  |      Output modifiers\n  <cr>\n");
}
END_TEST

START_TEST(test_help_show_lists_output_modifiers_before_cr)
{
	ck_help(exec_mode, 15, "show clock ",
	    "  detail  Display detailed information\n"
	    "  |       Output modifiers\n"
	    "  <cr>\n");
	ck_help(exec_mode, 15, "sh clock det ",
	    "  |  Output modifiers\n"
	    "  <cr>\n");
	/* Not a show command: no `|`. */
	ck_help(exec_mode, 15, "write ", "  memory\n  <cr>\n");
}
END_TEST

START_TEST(test_help_placeholders_sort_before_keywords)
{
	ck_help(dp_mode, 15, "session target ",
	    "  dns:WORD\n  ipv4:A.B.C.D\n");
	ck_help(exec_mode, 15, "show ip ",
	    "  cef\n  community-list\n  interface\n  route\n  verify\n"
	    "  vrf\n");
}
END_TEST

START_TEST(test_help_glued_word_completion)
{
	ck_help(exec_mode, 15, "di", "dir  disable  disconnect  \n");
	ck_help(exec_mode, 1, "di", "disable  disconnect  \n");
	ck_help(exec_mode, 15, "sh", "show  \n");
	ck_help(exec_mode, 15, "show ip co", "community-list  \n");
	ck_help(exec_mode, 15, "xyz", "% Unrecognized command\n");
	/* No keyword: the placeholders the word may begin. */
	ck_help(config_mode, 15, "hostname R", "WORD  \n");
	ck_help(config_mode, 15, "ip route 10.1", "A.B.C.D  \n");
	ck_help(config_mode, 15, "dial-peer voice 12", "<1-2147483647>  \n");
}
END_TEST

START_TEST(test_help_unrecognized_in_config_mode)
{
	ck_help(config_mode, 15, "show ip ", "% Unrecognized command\n");
}
END_TEST

START_TEST(test_help_caret_for_bad_later_word_with_prompt)
{
	struct sbuf	sb;

	sbuf_init(&sb);
	grammar_help_prompt(g, exec_mode, 15, "show ipx ", 3, &sb);
	ck_assert_str_eq(sbuf_str(&sb), "          ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
	sbuf_free(&sb);
}
END_TEST

START_TEST(test_help_empty_line_header_and_first_words)
{
	ck_help(exec_mode, 1, "",
	    "Exec commands:\n"
	    "  disable\n"
	    "  disconnect\n"
	    "  enable      Turn on privileged commands\n"
	    "  show        Show running system information\n");
}
END_TEST

START_TEST(test_help_config_lists_no_and_default)
{
	char	*h = help(config_mode, 15, "");

	ck_assert_ptr_nonnull(strstr(h, "Configure commands:\n"));
	ck_assert_ptr_nonnull(strstr(h,
	    "  default      Set a command to its defaults\n"));
	ck_assert_ptr_nonnull(strstr(h,
	    "  no           Negate a command or set its defaults\n"));
	ck_assert_ptr_null(strstr(h, "<cr>"));
	free(h);
	/* After `no`, only commands that have a no form. */
	h = help(config_mode, 15, "no ");
	ck_assert_ptr_null(strstr(h, "end"));
	ck_assert_ptr_nonnull(strstr(h, "hostname"));
	free(h);
}
END_TEST

START_TEST(test_help_hidden_commands_not_listed_but_accepted)
{
	struct gmatch	 m;
	char		*h = help(exec_mode, 15, "");

	ck_assert_ptr_null(strstr(h, "secret-debug"));
	free(h);
	ck_assert_int_eq(try(exec_mode, 15, "secret-debug", &m, NULL),
	    GERR_NONE);
	gmatch_free(&m);
}
END_TEST

START_TEST(test_tab_completes_unique_and_lists_several)
{
	char	**c;

	c = grammar_complete(g, exec_mode, 15, "sh");
	ck_assert_str_eq(c[0], "show");
	ck_assert_ptr_null(c[1]);
	grammar_completions_free(c);
	c = grammar_complete(g, exec_mode, 15, "di");
	ck_assert_str_eq(c[0], "dir");
	ck_assert_str_eq(c[1], "disable");
	ck_assert_str_eq(c[2], "disconnect");
	ck_assert_ptr_null(c[3]);
	grammar_completions_free(c);
	c = grammar_complete(g, exec_mode, 15, "SHOW CL");
	ck_assert_str_eq(c[0], "clock");
	grammar_completions_free(c);
	c = grammar_complete(g, config_mode, 15, "hostname R");
	ck_assert_ptr_null(c[0]);
	grammar_completions_free(c);
	c = grammar_complete(g, config_mode, 15, "show ");
	ck_assert_ptr_null(c[0]);
	grammar_completions_free(c);
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

/* A grammar of its own, from an inline XML string. */
static struct grammar *
inline_grammar(const char *xml)
{
	struct grammar	*lg = grammar_new();
	char		*err = NULL;

	if (grammar_load_buffer(lg, "inline.xml", xml, strlen(xml), &err) != 0 ||
	    grammar_load_finish(lg, &err) != 0)
		ck_abort_msg("load: %s", err);
	return lg;
}

START_TEST(test_attributes_reach_the_command)
{
	struct grammar		*lg;
	const struct gmode	*c, *p;
	struct gmatch		 m;
	struct gerror		 e;

	lg = inline_grammar("<grammar>"
	    "<mode name=\"exec\"/><mode name=\"c\" parent=\"exec\" "
	    "prompt=\"(cfg)\"/>"
	    "<mode name=\"p\" parent=\"c\" raw-handler=\"test_handler\"/>"
	    "<command mode=\"c\" syntax=\"aaa new-model\" order=\"700\" "
	    "absent=\"no aaa new-model\" no=\"keep\" trailing-space=\"yes\" "
	    "handler=\"test_handler\" enters=\"p\"/>"
	    "<command mode=\"exec\" syntax=\"show x\" privilege=\"1\"/>"
	    "</grammar>");
	c = grammar_mode(lg, "c");
	p = grammar_mode(lg, "p");
	ck_assert_str_eq(c->prompt, "(cfg)");
	ck_assert_str_eq(c->parent, "exec");
	ck_assert_str_eq(grammar_mode(lg, "exec")->prompt, "");
	ck_assert_ptr_eq(p->raw_handler, test_handler);
	ck_assert_int_eq(grammar_match(lg, c, 15, "aaa new", &m, &e), 0);
	ck_assert_int_eq(m.cmd->order, 700);
	ck_assert_str_eq(m.cmd->absent, "no aaa new-model");
	ck_assert_int_eq(m.cmd->no_form, GNO_KEEP);
	ck_assert_int_eq(m.cmd->trailing_space, 1);
	ck_assert_int_eq(m.cmd->store, 1);
	ck_assert_ptr_eq(m.cmd->enters, p);
	ck_assert_ptr_eq(m.cmd->mode, c);
	ck_assert_str_eq(m.cmd->file, "inline.xml");
	gmatch_free(&m);
	ck_assert_int_eq(grammar_match(lg, grammar_mode(lg, "exec"), 1,
	    "show x", &m, &e), 0);
	ck_assert_int_eq(m.cmd->store, 0);
	ck_assert_int_eq(m.cmd->privilege, 1);
	gmatch_free(&m);
	grammar_free(lg);
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

START_TEST(test_help_of_named_tokens_and_line)
{
	struct grammar		*lg;
	const struct gmode	*c;
	struct sbuf		 sb;

	lg = inline_grammar("<grammar><mode name=\"c\"/>"
	    "<keyword word=\"description\" help=\"Interface specific "
	    "description\"/>"
	    "<command mode=\"c\" syntax=\"description LINE\">"
	    "<help token=\"LINE\">Up to 240 characters describing this "
	    "interface</help></command>"
	    "<command mode=\"c\" syntax=\"route A.B.C.D$prefix A.B.C.D$mask\">"
	    "<help token=\"$prefix\">Destination prefix</help>"
	    "<help token=\"$mask\">Destination prefix mask</help></command>"
	    "</grammar>");
	c = grammar_mode(lg, "c");
	sbuf_init(&sb);
	grammar_help(lg, c, 15, "description ", &sb);
	ck_assert_str_eq(sbuf_str(&sb),
	    "  LINE  Up to 240 characters describing this interface\n");
	sbuf_reset(&sb);
	grammar_help(lg, c, 15, "description two words ", &sb);
	ck_assert_str_eq(sbuf_str(&sb),
	    "  LINE  Up to 240 characters describing this interface\n"
	    "  <cr>\n");
	sbuf_reset(&sb);
	grammar_help(lg, c, 15, "route 1.1.1.1 ", &sb);
	ck_assert_str_eq(sbuf_str(&sb), "  A.B.C.D  Destination prefix mask\n");
	sbuf_reset(&sb);
	grammar_help(lg, c, 15, "", &sb);
	ck_assert_str_eq(sbuf_str(&sb),
	    "  default      Set a command to its defaults\n"
	    "  description  Interface specific description\n"
	    "  no           Negate a command or set its defaults\n"
	    "  route\n");
	sbuf_free(&sb);
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

static char *
load_error(const char *xml)
{
	struct grammar	*lg = grammar_new();
	char		*err = NULL;

	if (grammar_load_buffer(lg, "t.xml", xml, strlen(xml), &err) == 0 &&
	    grammar_load_finish(lg, &err) == 0) {
		grammar_free(lg);
		return NULL;
	}
	grammar_free(lg);
	return err;
}

#define ck_load_error(xml, want) do {					\
	char *e_ = load_error(xml);					\
	ck_assert_ptr_nonnull(e_);					\
	ck_assert_msg(strstr(e_, want) != NULL, "got: %s", e_);		\
	free(e_);							\
} while (0)

START_TEST(test_load_errors_name_file_and_line)
{
	ck_load_error("<grammar>\n<mode name=\"exec\"/>\n"
	    "<command mode=\"exec\" syntax=\"a\" handler=\"nope\"/>\n</grammar>",
	    "t.xml:3: unknown handler \"nope\"");
	ck_load_error("<grammar>\n\n<command mode=\"x\" syntax=\"a\"/>\n"
	    "</grammar>", "t.xml:3: mode \"x\" is not declared");
	ck_load_error("<grammar>\n<mode name=\"c\"/>\n"
	    "<command mode=\"c\" syntax=\"a {b | c\"/>\n</grammar>",
	    "t.xml:3: syntax \"a {b | c\": missing '}'");
	ck_load_error("<grammar>\n<mode name=\"c\"/>\n"
	    "<command mode=\"c\" syntax=\"a &lt;9-1&gt;\"/>\n</grammar>",
	    "t.xml:3:");
	ck_load_error("<grammar>\n<mode name=\"c\"/>\n"
	    "<command mode=\"c\" syntax=\"a WORD\" key=\"b\"/>\n</grammar>",
	    "t.xml:3: key word \"b\" is not in the syntax");
	ck_load_error("<grammar>\n<mode name=\"c\"/>\n"
	    "<command mode=\"c\" syntax=\"a\"/>\n"
	    "<command mode=\"c\" syntax=\"a\"/>\n</grammar>",
	    "t.xml:4: \"a\" is already declared at t.xml:3");
	ck_load_error("<grammar>\n<mode name=\"c\"/>\n"
	    "<command mode=\"c\" syntax=\"a\" colour=\"red\"/>\n</grammar>",
	    "t.xml:3: unknown attribute \"colour\"");
	ck_load_error("<grammar>\n<mode name=\"c\"/>\n<command mode=\"c\"\n"
	    "</grammar>", "t.xml:");
	ck_load_error("<grammar>\n<mode name=\"c\" parent=\"zz\"/>\n</grammar>",
	    "t.xml:2: parent mode \"zz\" is not declared");
	ck_load_error("<grammar>\n<mode name=\"c\"/>\n"
	    "<command mode=\"c\" syntax=\"a\">\n<help token=\"b\">x</help>\n"
	    "</command>\n</grammar>",
	    "t.xml:4: help token \"b\" is not in the syntax");
	ck_load_error("<grammar>\n<mode name=\"c\"/>\n"
	    "<command mode=\"c\" syntax=\"a LINE b\"/>\n</grammar>",
	    "t.xml:3: LINE must be the last token");
	ck_load_error("<grammar>\n<mode name=\"c\"/>\n"
	    "<command mode=\"c\" syntax=\"a WORD\">\n"
	    "<alias syntax=\"b c d\"/>\n</command>\n</grammar>",
	    "t.xml:4: alias \"b c d\" has no spelling");
	ck_load_error("<grammar>\n<mode name=\"c\"/>\n<mode name=\"c\"/>\n"
	    "</grammar>", "t.xml:3: mode \"c\" already declared at t.xml:2");
	ck_load_error("<grammar>\n<mode name=\"c\"/>\n"
	    "<command mode=\"c\" syntax=\"a\" render-body=\"nope\"/>\n"
	    "</grammar>", "t.xml:3: unknown renderer \"nope\"");
}
END_TEST

START_TEST(test_modes_may_be_declared_in_any_file)
{
	struct grammar		*lg = grammar_new();
	const char		*a = "<grammar><command mode=\"m2\" syntax=\"x\"/>"
				    "</grammar>";
	const char		*b = "<grammar><mode name=\"m2\" parent=\"m1\"/>"
				    "<mode name=\"m1\"/></grammar>";
	char			*err = NULL;
	struct gmatch		 m;
	struct gerror		 e;

	ck_assert_int_eq(grammar_load_buffer(lg, "a.xml", a, strlen(a), &err),
	    0);
	ck_assert_int_eq(grammar_load_buffer(lg, "b.xml", b, strlen(b), &err),
	    0);
	ck_assert_int_eq(grammar_load_finish(lg, &err), 0);
	ck_assert_str_eq(grammar_mode(lg, "m2")->prompt, "(m2)");
	ck_assert_int_eq(grammar_match(lg, grammar_mode(lg, "m2"), 15, "x", &m,
	    &e), 0);
	gmatch_free(&m);
	grammar_free(lg);
}
END_TEST

START_TEST(test_builtin_grammar_loads)
{
	struct grammar	*lg = grammar_new();
	char		*err = NULL;

	/* Handlers of the other parts are not registered in this test, so
	 * only check that an error, if any, names a file and a line. */
	if (grammar_load_builtin(lg, &err) != 0) {
		ck_assert_ptr_nonnull(strchr(err, ':'));
		free(err);
	}
	grammar_free(lg);
}
END_TEST

static void
collect_syntax(const struct gcmd *c, void *arg)
{
	struct sbuf	*sb = arg;

	sbuf_printf(sb, "%s|", c->syntax);
}

START_TEST(test_mode_commands_lists_a_mode_in_declaration_order)
{
	struct sbuf	 b, *sb = &b;
	int		 n = 0;

	sbuf_init(sb);

	grammar_mode_commands(g, sipua_mode, collect_syntax, sb);
	ck_assert_ptr_nonnull(strstr(sbuf_str(sb), "crypto signaling {default"));
	ck_assert_ptr_null(strstr(sbuf_str(sb), "hostname WORD"));
	sbuf_reset(sb);
	grammar_mode_commands(g, config_mode, collect_syntax, sb);
	ck_assert_ptr_nonnull(strstr(sbuf_str(sb),
	    "hostname WORD|interface INTERFACE|ip route "));
	sbuf_reset(sb);
	grammar_mode_commands(g, NULL, collect_syntax, sb);
	for (const char *p = sbuf_str(sb); (p = strchr(p, '|')) != NULL; p++)
		n++;
	ck_assert_int_gt(n, 10);
	sbuf_free(sb);
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
grammar_suite(void)
{
	Suite	*s = suite_create("grammar");
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
	tcase_add_test(tc, test_interface_types_in_help_and_tab);
	tcase_add_test(tc, test_slot_port);
	tcase_add_test(tc, test_keyword_preferred_over_word);
	tcase_add_test(tc, test_line_takes_the_rest_of_the_line);
	tcase_add_test(tc, test_no_stops_after_the_key);
	tcase_add_test(tc, test_default_prefix_and_no_form_none);
	tcase_add_test(tc, test_key_values_marked);
	tcase_add_test(tc, test_alias_renders_canonical_form);
	tcase_add_test(tc, test_privilege_hides_exec_commands);
	tcase_add_test(tc, test_gmatch_copy_is_deep);
	tcase_add_test(tc, test_help_next_word_aligned_sorted_cr_last);
	tcase_add_test(tc, test_help_show_lists_output_modifiers_before_cr);
	tcase_add_test(tc, test_help_placeholders_sort_before_keywords);
	tcase_add_test(tc, test_help_glued_word_completion);
	tcase_add_test(tc, test_help_unrecognized_in_config_mode);
	tcase_add_test(tc, test_help_caret_for_bad_later_word_with_prompt);
	tcase_add_test(tc, test_help_empty_line_header_and_first_words);
	tcase_add_test(tc, test_help_config_lists_no_and_default);
	tcase_add_test(tc, test_help_hidden_commands_not_listed_but_accepted);
	tcase_add_test(tc, test_tab_completes_unique_and_lists_several);
	tcase_add_test(tc, test_random_lines_give_a_match_or_an_error);
	tcase_add_test(tc, test_attributes_reach_the_command);
	tcase_add_test(tc, test_whole_keyword_beats_line_and_named_keywords);
	tcase_add_test(tc, test_help_of_named_tokens_and_line);
	tcase_add_test(tc, test_declared_default_command_beats_derived_default);
	tcase_add_test(tc, test_mode_commands_lists_a_mode_in_declaration_order);
	tcase_add_test(tc, test_time_month_placeholders_and_reserved_words);
	tcase_add_test(tc, test_load_errors_name_file_and_line);
	tcase_add_test(tc, test_modes_may_be_declared_in_any_file);
	tcase_add_test(tc, test_builtin_grammar_loads);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(grammar_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}

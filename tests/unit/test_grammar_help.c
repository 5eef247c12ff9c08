/*
 * grammar/: `?` help (aligned, sorted, <cr> last, output modifiers,
 * placeholders, carets with a prompt, hidden commands) and TAB completion.
 * Set-up and helpers: grammar_testlib.h.
 */
#include "grammar_testlib.h"

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

/* Found by fuzz_cli: `?` after a TAB and CRs (no word at all) read the
 * word table at index -1. It is an empty line: the mode's commands. */
START_TEST(test_help_after_blanks_and_crs_only)
{
	char	*h = help(exec_mode, 15, "\t\r\r\r\r\r\r\r\r\r\r\r");
	char	*e = help(exec_mode, 15, "");

	ck_assert_str_eq(h, e);
	free(h);
	free(e);
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

static Suite *
grammar_help_suite(void)
{
	Suite	*s = suite_create("grammar_help");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_interface_types_in_help_and_tab);
	tcase_add_test(tc, test_help_next_word_aligned_sorted_cr_last);
	tcase_add_test(tc, test_help_after_blanks_and_crs_only);
	tcase_add_test(tc, test_help_show_lists_output_modifiers_before_cr);
	tcase_add_test(tc, test_help_placeholders_sort_before_keywords);
	tcase_add_test(tc, test_help_glued_word_completion);
	tcase_add_test(tc, test_help_unrecognized_in_config_mode);
	tcase_add_test(tc, test_help_caret_for_bad_later_word_with_prompt);
	tcase_add_test(tc, test_help_empty_line_header_and_first_words);
	tcase_add_test(tc, test_help_config_lists_no_and_default);
	tcase_add_test(tc, test_help_hidden_commands_not_listed_but_accepted);
	tcase_add_test(tc, test_tab_completes_unique_and_lists_several);
	tcase_add_test(tc, test_help_of_named_tokens_and_line);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testlib_run(grammar_help_suite());
}

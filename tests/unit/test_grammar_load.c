/*
 * grammar/: loading grammar XML: attributes reaching the command, errors
 * naming file:line, modes declared in any file, the built-in grammar, a
 * mode's commands in declaration order.
 * Set-up and helpers: grammar_testlib.h.
 */
#include "grammar_testlib.h"

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

static Suite *
grammar_load_suite(void)
{
	Suite	*s = suite_create("grammar_load");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_attributes_reach_the_command);
	tcase_add_test(tc, test_load_errors_name_file_and_line);
	tcase_add_test(tc, test_modes_may_be_declared_in_any_file);
	tcase_add_test(tc, test_builtin_grammar_loads);
	tcase_add_test(tc, test_mode_commands_lists_a_mode_in_declaration_order);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testlib_run(grammar_load_suite());
}

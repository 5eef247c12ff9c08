/* cli/: the output path (filters, --More-- pager) over a buffer term, and
 * the line executor on the built-in grammar: IOS errors, fall-through,
 * `do`, history, questions answered from a canned list. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "confdb.h"
#include "log.h"
#include "modes.h"
#include "output.h"
#include "pki.h"
#include "sbuf.h"
#include "session.h"
#include "sipua.h"
#include "xmalloc.h"
#include "testlib.h"

/* A term that keeps what is written and answers from a list. */
struct buf_term {
	struct term	 term;
	struct sbuf	 out;
	const char	**answers;
	int		 asked;
};

static void
buf_write(struct term *t, const char *s, size_t n)
{
	struct buf_term	*bt = t->impl;

	sbuf_add(&bt->out, s, n);
}

static char *
buf_ask(struct term *t, const char *prompt, int echo)
{
	struct buf_term	*bt = t->impl;

	sbuf_puts(&bt->out, prompt);
	if (bt->answers == NULL || bt->answers[bt->asked] == NULL)
		return NULL;
	return xstrdup(bt->answers[bt->asked++]);
}

static const struct term_ops buf_ops = { buf_write, buf_ask };

static struct buf_term	 bt;
static struct session	 fake;		/* settings the output path reads */
static struct output	*out;
static const char	*keys;		/* keys pressed at --More-- */
static int		 more_shown;

static int
fake_more(void *arg, const char *prompt)
{
	more_shown++;
	sbuf_puts(&bt.out, prompt);
	if (keys == NULL || *keys == '\0')
		return -1;
	return *keys++;
}

static void
out_setup(void)
{
	memset(&bt, 0, sizeof bt);
	bt.term.ops = &buf_ops;
	bt.term.impl = &bt;
	bt.term.width = 80;
	sbuf_init(&bt.out);
	memset(&fake, 0, sizeof fake);
	fake.term_width = 80;
	out = output_new(&bt.term, &fake);
	keys = NULL;
	more_shown = 0;
}

static void
out_teardown(void)
{
	output_free(out);
	sbuf_free(&bt.out);
}

static const char running[] =
    "version 12.4\n"
    "hostname gw\n"
    "!\n"
    "interface Loopback0\n"
    " ip address 10.0.0.1 255.255.255.255\n"
    "!\n"
    "sip-ua \n"
    " transport tcp tls\n"
    " crypto signaling default trustpoint tp1\n"
    "!\n"
    "end\n";

/* Writes running in odd pieces, as handlers do, with the given filter. */
static const char *
filtered(enum output_filter_kind kind, const char *regex)
{
	size_t	 i, n = strlen(running);

	output_begin(out, kind, regex);
	for (i = 0; i < n; i += 7)
		term_write(output_term(out), running + i, n - i < 7 ? n - i : 7);
	output_end(out);
	return sbuf_str(&bt.out);
}

START_TEST(test_include_keeps_matching_lines)
{
	ck_assert_str_eq(filtered(OUTPUT_FILTER_INCLUDE, "^ "),
	    " ip address 10.0.0.1 255.255.255.255\n"
	    " transport tcp tls\n"
	    " crypto signaling default trustpoint tp1\n");
}
END_TEST

START_TEST(test_exclude_drops_matching_lines)
{
	ck_assert_str_eq(filtered(OUTPUT_FILTER_EXCLUDE, "^ |^!"),
	    "version 12.4\nhostname gw\ninterface Loopback0\nsip-ua \nend\n");
}
END_TEST

START_TEST(test_begin_starts_at_first_match)
{
	ck_assert_str_eq(filtered(OUTPUT_FILTER_BEGIN, "^sip-ua"),
	    "sip-ua \n"
	    " transport tcp tls\n"
	    " crypto signaling default trustpoint tp1\n"
	    "!\n"
	    "end\n");
}
END_TEST

START_TEST(test_count_prints_number_of_matches)
{
	ck_assert_str_eq(filtered(OUTPUT_FILTER_COUNT, "^!"),
	    "Number of lines which match regexp = 3\n");
}
END_TEST

START_TEST(test_section_shows_parent_and_children)
{
	ck_assert_str_eq(filtered(OUTPUT_FILTER_SECTION, "sip-ua"),
	    "sip-ua \n"
	    " transport tcp tls\n"
	    " crypto signaling default trustpoint tp1\n");
}
END_TEST

START_TEST(test_section_child_match_shows_whole_block)
{
	ck_assert_str_eq(filtered(OUTPUT_FILTER_SECTION, "10\\.0\\.0\\.1"),
	    "interface Loopback0\n"
	    " ip address 10.0.0.1 255.255.255.255\n");
}
END_TEST

START_TEST(test_section_exclude_drops_blocks)
{
	ck_assert_str_eq(filtered(OUTPUT_FILTER_SECTION_EXCLUDE, "^sip-ua|^!"),
	    "version 12.4\nhostname gw\ninterface Loopback0\n"
	    " ip address 10.0.0.1 255.255.255.255\nend\n");
}
END_TEST

START_TEST(test_bad_regex_is_refused)
{
	ck_assert_int_eq(output_filter_check("("), -1);
	ck_assert_int_eq(output_filter_check("a|b"), 0);
}
END_TEST

START_TEST(test_pager_space_shows_next_page_q_stops)
{
	output_set_pager(out, fake_more, NULL);
	fake.term_length = 4;		/* 3 lines, then --More-- */
	keys = " q";
	filtered(OUTPUT_FILTER_NONE, NULL);
	ck_assert_int_eq(more_shown, 2);
	ck_assert_str_eq(sbuf_str(&bt.out),
	    "version 12.4\nhostname gw\n!\n"
	    " --More-- \r          \r"
	    "interface Loopback0\n ip address 10.0.0.1 255.255.255.255\n!\n"
	    " --More-- \r          \r");
}
END_TEST

START_TEST(test_pager_enter_shows_one_line)
{
	output_set_pager(out, fake_more, NULL);
	fake.term_length = 4;
	keys = "\nq";
	filtered(OUTPUT_FILTER_NONE, NULL);
	ck_assert_int_eq(more_shown, 2);
	ck_assert_str_eq(sbuf_str(&bt.out),
	    "version 12.4\nhostname gw\n!\n"
	    " --More-- \r          \r"
	    "interface Loopback0\n"
	    " --More-- \r          \r");
}
END_TEST

START_TEST(test_pager_off_with_length_zero)
{
	output_set_pager(out, fake_more, NULL);
	fake.term_length = 0;
	ck_assert_str_eq(filtered(OUTPUT_FILTER_NONE, NULL), running);
	ck_assert_int_eq(more_shown, 0);
}
END_TEST

START_TEST(test_pager_counts_filtered_lines_only)
{
	output_set_pager(out, fake_more, NULL);
	fake.term_length = 4;
	filtered(OUTPUT_FILTER_INCLUDE, "^ ");
	ck_assert_int_eq(more_shown, 0);
}
END_TEST

START_TEST(test_pager_wide_lines_take_screen_lines)
{
	output_set_pager(out, fake_more, NULL);
	fake.term_length = 4;
	fake.term_width = 10;		/* " ip address ..." takes 4 lines */
	keys = "q";
	filtered(OUTPUT_FILTER_INCLUDE, "^ |^version");
	ck_assert_int_eq(more_shown, 1);
}
END_TEST

/* The line executor on the real grammar. */
static struct buf_term	 sbt;
static struct session	 s;
static const struct grammar *g;

static void
log_to_buffer(enum log_kind kind, const char *line, void *arg)
{
	sbuf_puts(&sbt.out, line);
	sbuf_putc(&sbt.out, '\n');
}

static void
grammar_once(void)
{
	struct grammar	*gr;
	char		*err = NULL;

	if (g != NULL)
		return;
	modes_register();
	pki_register();
	sipua_register();
	cli_register();
	gr = grammar_new();
	if (grammar_load_builtin(gr, &err) != 0)
		ck_abort_msg("grammar: %s", err);
	g = gr;
	session_grammar = g;
	confdb_init();
}

static void
exec_setup(void)
{
	grammar_once();
	confdb_clear();
	memset(&sbt, 0, sizeof sbt);
	sbt.term.ops = &buf_ops;
	sbt.term.impl = &sbt;
	sbt.term.width = 80;
	sbuf_init(&sbt.out);
	session_init(&s, &sbt.term, "console");
	log_set_sink(log_to_buffer, NULL);
}

static void
exec_teardown(void)
{
	session_free(&s);
	sbuf_free(&sbt.out);
	log_set_sink(NULL, NULL);
}

/* Runs lines; returns what they printed. */
static const char *
run(const char *const *lines)
{
	sbuf_reset(&sbt.out);
	for (; *lines != NULL; lines++)
		session_execute(&s, *lines);
	return sbuf_str(&sbt.out);
}

START_TEST(test_caret_under_prompt_plus_column)
{
	const char *const lines[] = { "enable", "show running-config xyz", NULL };

	/* "Router#show running-config " is 27 columns. */
	ck_assert_str_eq(run(lines),
	    "                           ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
	ck_assert_int_eq(s.rejected, 1);
}
END_TEST

START_TEST(test_single_unknown_word_is_translated)
{
	const char *const lines[] = { "frobnicate", NULL };

	ck_assert_str_eq(run(lines),
	    "Translating \"frobnicate\"...domain server (255.255.255.255)\n"
	    "% Unknown command or computer name, or unable to find computer "
	    "address\n");
}
END_TEST

START_TEST(test_bare_show_asks_for_show_help)
{
	const char *const lines[] = { "sh", NULL };

	ck_assert_str_eq(run(lines),
	    "% Type \"show ?\" for a list of subcommands\n");
}
END_TEST

START_TEST(test_fall_through_moves_to_global)
{
	const char *const lines[] = { "enable", "configure terminal",
	    "interface Loopback0", "hostname R2", NULL };
	struct sbuf	 p;

	run(lines);
	sbuf_init(&p);
	session_prompt(&s, &p);
	ck_assert_str_eq(sbuf_str(&p), "R2(config)#");
	ck_assert_int_eq(s.depth, 1);
	ck_assert_int_eq(s.rejected, 0);
	sbuf_free(&p);
}
END_TEST

START_TEST(test_error_in_submode_reported_for_submode)
{
	const char *const lines[] = { "enable", "configure terminal",
	    "interface Loopback0", "bogus words", NULL };

	/* The caret counts from "Router(config-if)#" (18 columns). */
	ck_assert_str_eq(run(lines),
	    "Enter configuration commands, one per line.  End with CNTL/Z.\n"
	    "                  ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
	ck_assert_int_eq(s.depth, 2);
}
END_TEST

START_TEST(test_end_logs_config_i)
{
	const char *const lines[] = { "enable", "configure terminal", "end",
	    NULL };

	ck_assert_ptr_nonnull(strstr(run(lines),
	    "%SYS-5-CONFIG_I: Configured from console by console\n"));
	ck_assert_int_eq(s.depth, 0);
}
END_TEST

START_TEST(test_do_runs_exec_and_stays)
{
	const char *const lines[] = { "enable", "configure terminal",
	    "hostname R5", "do show running-config | include ^hostname",
	    NULL };

	ck_assert_ptr_nonnull(strstr(run(lines), "hostname R5\n"));
	ck_assert_int_eq(s.depth, 1);
}
END_TEST

START_TEST(test_filter_hides_output_not_errors)
{
	const char *const lines[] = { "show running-config | include x",
	    NULL };

	/* Privileged only: refused in user EXEC, and the error shows. */
	ck_assert_ptr_nonnull(strstr(run(lines), "% Invalid input"));
}
END_TEST

START_TEST(test_history_keeps_last_entries)
{
	const char *const lines[] = { "terminal history size 2", "enable",
	    "show history", NULL };

	ck_assert_str_eq(run(lines), "  enable\n  show history\n");
}
END_TEST

START_TEST(test_terminal_length_in_user_exec)
{
	const char *const lines[] = { "terminal length 0",
	    "terminal width 100", NULL };

	ck_assert_str_eq(run(lines), "");
	ck_assert_int_eq(s.term_length, 0);
	ck_assert_int_eq(s.term_width, 100);
	ck_assert_int_eq(s.rejected, 0);
}
END_TEST

static Suite *
cli_suite(void)
{
	Suite	*su = suite_create("cli");
	TCase	*tc;

	tc = tcase_create("output");
	tcase_add_checked_fixture(tc, out_setup, out_teardown);
	tcase_add_test(tc, test_include_keeps_matching_lines);
	tcase_add_test(tc, test_exclude_drops_matching_lines);
	tcase_add_test(tc, test_begin_starts_at_first_match);
	tcase_add_test(tc, test_count_prints_number_of_matches);
	tcase_add_test(tc, test_section_shows_parent_and_children);
	tcase_add_test(tc, test_section_child_match_shows_whole_block);
	tcase_add_test(tc, test_section_exclude_drops_blocks);
	tcase_add_test(tc, test_bad_regex_is_refused);
	tcase_add_test(tc, test_pager_space_shows_next_page_q_stops);
	tcase_add_test(tc, test_pager_enter_shows_one_line);
	tcase_add_test(tc, test_pager_off_with_length_zero);
	tcase_add_test(tc, test_pager_counts_filtered_lines_only);
	tcase_add_test(tc, test_pager_wide_lines_take_screen_lines);
	suite_add_tcase(su, tc);

	tc = tcase_create("executor");
	tcase_add_checked_fixture(tc, exec_setup, exec_teardown);
	tcase_add_test(tc, test_caret_under_prompt_plus_column);
	tcase_add_test(tc, test_single_unknown_word_is_translated);
	tcase_add_test(tc, test_bare_show_asks_for_show_help);
	tcase_add_test(tc, test_fall_through_moves_to_global);
	tcase_add_test(tc, test_error_in_submode_reported_for_submode);
	tcase_add_test(tc, test_end_logs_config_i);
	tcase_add_test(tc, test_do_runs_exec_and_stays);
	tcase_add_test(tc, test_filter_hides_output_not_errors);
	tcase_add_test(tc, test_history_keeps_last_entries);
	tcase_add_test(tc, test_terminal_length_in_user_exec);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return testlib_run(cli_suite());
}

/* exec/: the output path (filters, the --More-- pager that never waits)
 * over a buffer term, and the line executor on the built-in grammar: IOS
 * errors, fall-through, `do`, history, questions that wait for their
 * answer without blocking, several sessions on one router, reload. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "confdb.h"
#include "log.h"
#include "modes.h"
#include "nvram.h"
#include "pki.h"
#include "sbuf.h"
#include "session_int.h"
#include "sipua.h"
#include "xmalloc.h"
#include "testlib.h"

static const struct grammar	*g;
static struct router		*r;

static void
grammar_once(void)
{
	struct grammar	*gr;
	char		*err = NULL;

	if (g != NULL)
		return;
	exec_register();
	modes_register();
	pki_register();
	sipua_register();
	gr = grammar_new();
	if (grammar_load_builtin(gr, &err) != 0)
		ck_abort_msg("grammar: %s", err);
	g = gr;
	confdb_init();
	r = router_new(g);
	modes_init(r);
}

static struct session *
session_on(struct term_buf *tb, enum session_kind kind, const char *name,
    int pager)
{
	struct session_io	 io;

	memset(&io, 0, sizeof io);
	io.dev = &tb->term;
	io.pager = pager;
	return session_new(r, kind, name, &io);
}

static struct term_buf	 bt;
static struct session	*fake;		/* the session the output path pages for */
static struct output	*out;

static void
out_setup(void)
{
	grammar_once();
	term_buf_init(&bt);
	fake = session_on(&bt, SESSION_CONSOLE, "console", 1);
	out = fake->output;
}

static void
out_teardown(void)
{
	session_free(fake);
	term_buf_free(&bt);
}

/* How many times --More-- was shown. */
static int
more_shown(void)
{
	const char	*p = sbuf_str(&bt.out);
	int		 n = 0;

	while ((p = strstr(p, " --More-- ")) != NULL) {
		n++;
		p++;
	}
	return n;
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
	fake->term_length = 4;		/* 3 lines, then --More-- */
	filtered(OUTPUT_FILTER_NONE, NULL);
	/* The command has ended; its output waits at --More--. */
	ck_assert_int_eq(session_waiting(fake), SESSION_MORE);
	session_more_key(fake, ' ');
	ck_assert_int_eq(session_waiting(fake), SESSION_MORE);
	session_more_key(fake, 'q');
	ck_assert_int_eq(session_waiting(fake), SESSION_READY);
	ck_assert_int_eq(more_shown(), 2);
	ck_assert_str_eq(sbuf_str(&bt.out),
	    "version 12.4\nhostname gw\n!\n"
	    " --More-- \r          \r"
	    "interface Loopback0\n ip address 10.0.0.1 255.255.255.255\n!\n"
	    " --More-- \r          \r");
}
END_TEST

START_TEST(test_pager_enter_shows_one_line)
{
	fake->term_length = 4;
	filtered(OUTPUT_FILTER_NONE, NULL);
	session_more_key(fake, '\n');
	session_more_key(fake, 'q');
	ck_assert_int_eq(more_shown(), 2);
	ck_assert_str_eq(sbuf_str(&bt.out),
	    "version 12.4\nhostname gw\n!\n"
	    " --More-- \r          \r"
	    "interface Loopback0\n"
	    " --More-- \r          \r");
}
END_TEST

START_TEST(test_pager_shows_all_with_spaces)
{
	int	 keys;

	fake->term_length = 4;
	filtered(OUTPUT_FILTER_NONE, NULL);
	for (keys = 0; keys < 10 && session_waiting(fake) == SESSION_MORE;
	    keys++)
		session_more_key(fake, ' ');
	ck_assert_int_eq(keys, 3);
	ck_assert_int_eq(session_waiting(fake), SESSION_READY);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&bt.out), "!\nend\n"));
}
END_TEST

START_TEST(test_pager_off_with_length_zero)
{
	fake->term_length = 0;
	ck_assert_str_eq(filtered(OUTPUT_FILTER_NONE, NULL), running);
	ck_assert_int_eq(more_shown(), 0);
}
END_TEST

START_TEST(test_pager_counts_filtered_lines_only)
{
	fake->term_length = 4;
	filtered(OUTPUT_FILTER_INCLUDE, "^ ");
	ck_assert_int_eq(more_shown(), 0);
}
END_TEST

START_TEST(test_pager_wide_lines_take_screen_lines)
{
	fake->term_length = 4;
	fake->term_width = 10;		/* " ip address ..." takes 4 lines */
	filtered(OUTPUT_FILTER_INCLUDE, "^ |^version");
	ck_assert_int_eq(more_shown(), 1);
}
END_TEST

/* The line executor on the real grammar. */
static struct term_buf	 sbt;
static struct session	*s;

static void
log_to_buffer(enum log_kind kind, const char *line, void *arg)
{
	sbuf_puts(&sbt.out, line);
	sbuf_putc(&sbt.out, '\n');
}

static void
exec_setup(void)
{
	grammar_once();
	confdb_clear();
	term_buf_init(&sbt);
	s = session_on(&sbt, SESSION_CONSOLE, "console", 0);
	log_set_sink(log_to_buffer, NULL);
}

static void
exec_teardown(void)
{
	session_free(s);
	term_buf_free(&sbt);
	log_set_sink(NULL, NULL);
}

/* Runs lines (answers included); returns what they printed. */
static const char *
run(const char *const *lines)
{
	sbuf_reset(&sbt.out);
	for (; *lines != NULL; lines++)
		session_input(s, *lines);
	return sbuf_str(&sbt.out);
}

START_TEST(test_caret_under_prompt_plus_column)
{
	const char *const lines[] = { "enable", "show running-config xyz", NULL };

	/* "Router#show running-config " is 27 columns. */
	ck_assert_str_eq(run(lines),
	    "                           ^\n"
	    "% Invalid input detected at '^' marker.\n\n");
	ck_assert_int_eq(s->rejected, 1);
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
	session_prompt(s, &p);
	ck_assert_str_eq(sbuf_str(&p), "R2(config)#");
	ck_assert_int_eq(s->depth, 1);
	ck_assert_int_eq(s->rejected, 0);
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
	ck_assert_int_eq(s->depth, 2);
}
END_TEST

START_TEST(test_end_logs_config_i)
{
	const char *const lines[] = { "enable", "configure terminal", "end",
	    NULL };

	ck_assert_ptr_nonnull(strstr(run(lines),
	    "%SYS-5-CONFIG_I: Configured from console by console\n"));
	ck_assert_int_eq(s->depth, 0);
}
END_TEST

START_TEST(test_do_runs_exec_and_stays)
{
	const char *const lines[] = { "enable", "configure terminal",
	    "hostname R5", "do show running-config | include ^hostname",
	    NULL };

	ck_assert_ptr_nonnull(strstr(run(lines), "hostname R5\n"));
	ck_assert_int_eq(s->depth, 1);
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
	ck_assert_int_eq(s->term_length, 0);
	ck_assert_int_eq(s->term_width, 100);
	ck_assert_int_eq(s->rejected, 0);
}
END_TEST

/* A second session on the same router, as a vty would be. */
static struct term_buf	 sbt2;
static struct session	*s2;

static void
two_setup(void)
{
	static char	 dir[] = "/tmp/vgw-test-exec.XXXXXX";

	exec_setup();
	if (dir[sizeof dir - 2] == 'X' && mkdtemp(dir) == NULL)
		ck_abort_msg("mkdtemp");
	nvram_set_dir(dir);
	term_buf_init(&sbt2);
	s2 = session_on(&sbt2, SESSION_SCRIPT, "vty0", 0);
}

static void
two_teardown(void)
{
	session_free(s2);
	term_buf_free(&sbt2);
	exec_teardown();
}

static const char *
run2(const char *line)
{
	sbuf_reset(&sbt2.out);
	session_input(s2, line);
	return sbuf_str(&sbt2.out);
}

START_TEST(test_question_waits_while_other_session_runs)
{
	const char *const setup[] = { "enable", "configure terminal",
	    "enable secret cisco", "end", NULL };

	run(setup);
	ck_assert_str_eq(run2("enable"), "Password: ");
	ck_assert_int_eq(session_waiting(s2), SESSION_QUESTION);
	ck_assert_int_eq(session_question_echo(s2), 0);
	/* The other session is served meanwhile. */
	ck_assert_ptr_nonnull(strstr(run((const char *const[]){
	    "show running-config | include ^hostname", NULL }),
	    "hostname Router\n"));
	ck_assert_str_eq(run2("wrong"), "Password: ");
	ck_assert_str_eq(run2("cisco"), "");
	ck_assert_int_eq(session_waiting(s2), SESSION_READY);
	ck_assert_int_eq(session_privilege(s2), 15);
	ck_assert_int_eq(s2->rejected, 0);
}
END_TEST

START_TEST(test_three_bad_passwords_refuse)
{
	const char *const setup[] = { "enable", "configure terminal",
	    "enable secret cisco", "end", NULL };

	run(setup);
	run2("enable");
	run2("a");
	run2("b");
	ck_assert_str_eq(run2("c"), "% Bad secrets\n\n");
	ck_assert_int_eq(session_privilege(s2), 1);
	ck_assert_int_eq(s2->rejected, 1);
}
END_TEST

START_TEST(test_sessions_share_one_configuration)
{
	const char *const lines[] = { "enable", "configure terminal",
	    "hostname R9", NULL };
	struct sbuf	 p;

	run(lines);
	sbuf_init(&p);
	session_prompt(s2, &p);
	ck_assert_str_eq(sbuf_str(&p), "R9>");
	sbuf_free(&p);
	run2("enable");
	ck_assert_str_eq(run2("show running-config | include ^hostname"),
	    "hostname R9\n");
	/* A change of the second is seen by the first at once. */
	run2("configure terminal");
	run2("no hostname R9");
	sbuf_init(&p);
	session_prompt(s, &p);
	ck_assert_str_eq(sbuf_str(&p), "Router(config)#");
	sbuf_free(&p);
}
END_TEST

START_TEST(test_session_freed_mid_question)
{
	const char *const setup[] = { "enable", "configure terminal",
	    "enable secret cisco", "end", NULL };

	run(setup);
	run2("enable");
	ck_assert_int_eq(session_waiting(s2), SESSION_QUESTION);
	/* The pending command and its continuation's state go with it
	 * (ASan's leak check in `make check` proves nothing is kept). */
	session_free(s2);
	s2 = session_on(&sbt2, SESSION_SCRIPT, "vty0", 0);
	ck_assert_int_eq(session_waiting(s2), SESSION_READY);
	ck_assert_int_eq(session_privilege(s2), 1);
}
END_TEST

START_TEST(test_reload_while_other_session_waits)
{
	const char *const setup[] = { "enable", "configure terminal",
	    "enable secret cisco", "hostname R7", "end", "reload", NULL };

	run2("enable");
	run2("configure");
	ck_assert_int_eq(session_waiting(s2), SESSION_QUESTION);
	run(setup);
	ck_assert_int_eq(session_waiting(s), SESSION_QUESTION);
	ck_assert_ptr_nonnull(strstr(run((const char *const[]){ "no", NULL }),
	    "Proceed with reload? [confirm]"));
	run((const char *const[]){ "", NULL });
	/* Nothing was saved: the router comes back empty, every session at
	 * a fresh login and no question left waiting. */
	ck_assert_ptr_null(confdb_find(NULL, "hostname"));
	ck_assert_int_eq(session_waiting(s2), SESSION_READY);
	ck_assert_int_eq(session_waiting(s), SESSION_READY);
	ck_assert_int_eq(session_privilege(s), 1);
	ck_assert_int_eq(s2->depth, 0);
}
END_TEST

/* What a continuation saw of its node when the answer came. */
static int	 node_answer_calls;
static void	*node_answer_seen;

static int
node_answer(struct cmd_ctx *ctx, const char *answer, void *arg)
{
	node_answer_calls++;
	node_answer_seen = ctx->node;
	return CMD_DONE;
}

/* A question asked in a sub-mode (as `no certificate` asks in a chain)
 * whose node another session removes meanwhile: the session leaves the
 * mode at once, the continuation gets ctx->node NULL, nothing is stored. */
START_TEST(test_question_node_removed_meanwhile)
{
	const char *const lines[] = { "enable", "configure terminal",
	    "crypto pki trustpoint tp1", "enrollment terminal", "exit",
	    "crypto pki certificate chain tp1", NULL };
	struct cmd_ctx	 ctx;

	run(lines);
	ck_assert_int_eq(s->depth, 2);
	memset(&ctx, 0, sizeof ctx);
	ctx.term = s->term;
	ctx.session = s;
	ctx.router = r;
	ctx.node = session_node(s);
	ctx.line = "no certificate ca 01";
	ck_assert_ptr_nonnull(ctx.node);
	ck_assert_int_eq(cmd_ask(&ctx, "Sure? ", 1, node_answer, NULL),
	    CMD_WAIT);
	ck_assert_ptr_eq(s->pending->ctx.node, ctx.node);
	ck_assert_int_eq(session_waiting(s), SESSION_QUESTION);
	/* The other session removes the chain the first is in. */
	run2("enable");
	run2("configure terminal");
	run2("no crypto pki certificate chain tp1");
	ck_assert_int_eq(s->depth, 1);
	ck_assert_ptr_null(confdb_find(NULL, "crypto pki certificate chain "
	    "tp1"));
	ck_assert_int_eq(s->pending->node_gone, 1);
	node_answer_seen = &node_answer_calls;
	session_input(s, "y");
	ck_assert_int_eq(node_answer_calls, 1);
	ck_assert_ptr_null(node_answer_seen);
	ck_assert_ptr_null(s->pending);
	ck_assert_int_eq(session_waiting(s), SESSION_READY);
}
END_TEST

/* Log lines reach the console always and a vty only with `terminal
 * monitor`; a file session (boot) never; each line carries its
 * timestamp. */
START_TEST(test_log_fans_out_to_console_and_monitor)
{
	struct term_buf	 vbuf, fbuf;
	struct session	*vty, *file;

	router_log_install(r);		/* the router's sink, not the test's */
	term_buf_init(&vbuf);
	term_buf_init(&fbuf);
	vty = session_on(&vbuf, SESSION_VTY, "vty0", 0);
	file = router_file_session(r, "file", &fbuf.term);
	sbuf_reset(&sbt.out);
	log_msg("%%SYS-5-TEST: one");
	ck_assert_ptr_nonnull(strstr(sbuf_str(&sbt.out), ": %SYS-5-TEST: one\n"));
	ck_assert_int_eq(sbuf_str(&sbt.out)[0], '*');	/* clock not set */
	ck_assert_uint_eq(vbuf.out.len, 0);
	session_input(vty, "terminal monitor");
	log_msg("%%SYS-5-TEST: two");
	debug_msg("debug three");
	ck_assert_ptr_nonnull(strstr(sbuf_str(&vbuf.out), "%SYS-5-TEST: two\n"));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&vbuf.out), "debug three\n"));
	ck_assert_ptr_null(strstr(sbuf_str(&vbuf.out), "one"));
	ck_assert_uint_eq(fbuf.out.len, 0);
	router_file_session_free(file);
	session_free(vty);
	term_buf_free(&vbuf);
	term_buf_free(&fbuf);
	log_set_sink(log_to_buffer, NULL);
}
END_TEST

static Suite *
cli_suite(void)
{
	Suite	*su = suite_create("exec");
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
	tcase_add_test(tc, test_pager_shows_all_with_spaces);
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

	tc = tcase_create("sessions");
	tcase_add_checked_fixture(tc, two_setup, two_teardown);
	tcase_add_test(tc, test_question_waits_while_other_session_runs);
	tcase_add_test(tc, test_three_bad_passwords_refuse);
	tcase_add_test(tc, test_sessions_share_one_configuration);
	tcase_add_test(tc, test_session_freed_mid_question);
	tcase_add_test(tc, test_reload_while_other_session_waits);
	tcase_add_test(tc, test_question_node_removed_meanwhile);
	tcase_add_test(tc, test_log_fans_out_to_console_and_monitor);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return testlib_run(cli_suite());
}

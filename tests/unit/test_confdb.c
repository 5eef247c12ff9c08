/*
 * modes/: the configuration database (apply, replace, `no`, kept `no`
 * forms, events in order, find by key, ordering), the running-config
 * renderer (section order, `!`, absent texts, indentation), the atomic
 * NVRAM write, and the type 7 / type 5 password encodings.
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <check.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "confdb.h"
#include "cli.h"
#include "grammar.h"
#include "modes.h"
#include "pki.h"
#include "exec.h"
#include "sipua.h"
#include "nvram.h"
#include "type7.h"
#include "xmalloc.h"
#include "testlib.h"

/* A grammar of its own: orders chosen so that insertion order differs
 * from running-config order. */
static const char test_xml[] =
    "<grammar>"
    "<mode name='exec'/>"
    "<mode name='config' parent='exec'/>"
    "<mode name='config-dial-peer' parent='config'/>"
    "<mode name='config-if' parent='config'/>"
    "<command mode='config' order='300' syntax='hostname WORD' key='hostname'/>"
    "<command mode='config' order='2600' syntax='dial-peer voice &lt;1-2147483647&gt;$tag {pots | voip}'"
    " key='dial-peer voice $tag' enters='config-dial-peer'/>"
    "<command mode='config' order='2000' syntax='interface WORD' enters='config-if'/>"
    "<command mode='config' order='2100' syntax='ip route A.B.C.D A.B.C.D$mask A.B.C.D$hop'/>"
    "<command mode='config-dial-peer' order='10' syntax='destination-pattern WORD' key='destination-pattern'/>"
    "<command mode='config-dial-peer' order='30' syntax='session target IPV4TARGET' key='session target'/>"
    "<command mode='config-dial-peer' order='20' syntax='session protocol sipv2' key='session protocol'/>"
    "<command mode='config-if' order='10' syntax='shutdown' no='keep'/>"
    "<command mode='config-if' order='5' syntax='description LINE' key='description'/>"
    "</grammar>";

static struct grammar	*tg;
static const struct gmode *t_config, *t_dp, *t_if;

/* Events as text, in the order subscribers saw them. */
static char	 events[4096];

static void
record(enum confdb_event ev, struct confnode *n, void *arg)
{
	static const char *const names[] = { "ADD", "CHANGE", "REMOVE" };
	char	 buf[256];

	snprintf(buf, sizeof buf, "%s %s;", names[ev], n->key);
	strncat(events, buf, sizeof events - strlen(events) - 1);
}

static struct confnode *
apply(struct confnode *parent, const struct gmode *mode, const char *line)
{
	struct gmatch	 m;
	struct gerror	 err;
	struct confnode	*n;

	memset(&m, 0, sizeof m);
	ck_assert_msg(grammar_match(tg, mode, 15, line, &m, &err) == 0,
	    "line refused: %s", line);
	n = confdb_apply(parent, &m);
	gmatch_free(&m);
	return n;
}

static void
setup(void)
{
	char	*err = NULL;

	tg = grammar_new();
	ck_assert_int_eq(grammar_load_buffer(tg, "test.xml", test_xml,
	    strlen(test_xml), &err), 0);
	ck_assert_int_eq(grammar_load_finish(tg, &err), 0);
	t_config = grammar_mode(tg, "config");
	t_dp = grammar_mode(tg, "config-dial-peer");
	t_if = grammar_mode(tg, "config-if");
	confdb_init();
	events[0] = '\0';
	confdb_subscribe(record, NULL);
}

static void
teardown(void)
{
	confdb_clear();
	confdb_unsubscribe(record, NULL);
	grammar_free(tg);
}

START_TEST(test_apply_adds_and_finds_by_key)
{
	struct confnode	*dp, *st;

	dp = apply(NULL, t_config, "dial-peer voice 5 voip");
	ck_assert_ptr_nonnull(dp);
	ck_assert_str_eq(dp->key, "dial-peer voice 5");
	st = apply(dp, t_dp, "session target ipv4:10.1.1.1:5061");
	ck_assert_ptr_eq(confdb_find(NULL, "dial-peer voice 5"), dp);
	ck_assert_ptr_eq(confdb_find(dp, "session target"), st);
	ck_assert_ptr_null(confdb_find(NULL, "session target"));
	ck_assert_ptr_null(confdb_find(dp, "dial-peer voice 5"));
	ck_assert_int_eq(gmatch_get(&st->match, "IPV4TARGET")->port, 5061);
}
END_TEST

START_TEST(test_key_last_word_values_read_from_the_key)
{
	struct confnode	*r, *i, *h;
	const char	*hop, *name;
	struct gmatch	 copy;

	r = apply(NULL, t_config, "ip route 10.0.0.0 255.0.0.0 192.168.1.1");
	hop = gmatch_str(&r->match, "hop");
	ck_assert_str_eq(hop, "192.168.1.1");
	ck_assert_ptr_eq(hop, r->key + strlen(r->key) - strlen("192.168.1.1"));
	ck_assert_str_eq(gmatch_str(&r->match, "mask"), "255.0.0.0");
	i = apply(NULL, t_config, "interface Loopback7");
	name = gmatch_str(&i->match, "WORD");
	ck_assert_str_eq(name, "Loopback7");
	ck_assert_ptr_eq(name, i->key + strlen("interface "));
	/* Replaced in place: the texts follow the new values. */
	h = apply(NULL, t_config, "hostname gw1");
	ck_assert_ptr_eq(apply(NULL, t_config, "hostname g2"), h);
	ck_assert_str_eq(gmatch_str(&h->match, "WORD"), "g2");
	ck_assert_str_eq(h->key, "hostname");
	/* A copy owns its texts. */
	gmatch_copy(&copy, &r->match);
	confdb_remove(r);
	ck_assert_str_eq(gmatch_str(&copy, "hop"), "192.168.1.1");
	gmatch_free(&copy);
}
END_TEST

START_TEST(test_same_key_replaces_in_place_with_change)
{
	struct confnode	*dp, *a, *b;

	dp = apply(NULL, t_config, "dial-peer voice 5 voip");
	a = apply(dp, t_dp, "session target ipv4:10.1.1.1");
	b = apply(dp, t_dp, "session target ipv4:10.1.1.2");
	ck_assert_ptr_eq(confdb_find(dp, "session target"), b);
	ck_assert_str_eq(gmatch_str(&b->match, "IPV4TARGET"), "ipv4:10.1.1.2");
	ck_assert_ptr_eq(confdb_next(confdb_first(dp)), NULL);
	(void)a;
	/* Re-entering the mode's own command changes nothing. */
	ck_assert_ptr_eq(apply(NULL, t_config, "dial-peer voice 5 voip"), dp);
	ck_assert_str_eq(events, "ADD dial-peer voice 5;ADD session target;"
	    "CHANGE session target;");
}
END_TEST

START_TEST(test_no_removes_and_keep_stores_the_no_form)
{
	struct confnode	*ifn, *sh;

	ifn = apply(NULL, t_config, "interface Loopback0");
	sh = apply(ifn, t_if, "shutdown");
	ck_assert_int_eq(sh->match.negate, GNEG_NONE);
	sh = apply(ifn, t_if, "no shutdown");
	ck_assert_ptr_nonnull(sh);
	ck_assert_int_eq(sh->match.negate, GNEG_NO);
	ck_assert_ptr_eq(confdb_find(ifn, "shutdown"), sh);
	apply(ifn, t_if, "description uplink to core");
	ck_assert_ptr_null(apply(ifn, t_if, "no description"));
	ck_assert_ptr_null(confdb_find(ifn, "description"));
	/* Removing what is not there is silent. */
	ck_assert_ptr_null(apply(ifn, t_if, "no description"));
}
END_TEST

START_TEST(test_remove_tells_children_first)
{
	struct confnode	*dp;

	dp = apply(NULL, t_config, "dial-peer voice 7 voip");
	apply(dp, t_dp, "destination-pattern 777");
	apply(dp, t_dp, "session protocol sipv2");
	events[0] = '\0';
	ck_assert_ptr_null(apply(NULL, t_config, "no dial-peer voice 7"));
	ck_assert_str_eq(events, "REMOVE session protocol;"
	    "REMOVE destination-pattern;REMOVE dial-peer voice 7;");
	ck_assert_ptr_null(confdb_find(NULL, "dial-peer voice 7"));
	ck_assert_ptr_null(confdb_first(NULL));
}
END_TEST

START_TEST(test_clear_removes_everything)
{
	apply(NULL, t_config, "hostname R1");
	apply(NULL, t_config, "ip route 10.0.0.0 255.0.0.0 10.1.1.1");
	events[0] = '\0';
	confdb_clear();
	ck_assert_ptr_null(confdb_first(NULL));
	ck_assert_ptr_nonnull(strstr(events, "REMOVE hostname;"));
	ck_assert_ptr_nonnull(strstr(events, "REMOVE ip route 10.0.0.0"));
}
END_TEST

START_TEST(test_order_then_insertion)
{
	struct confnode	*n, *dp;
	const char	*want[] = { "hostname", "interface Loopback1",
	    "interface Loopback0", "ip route 10.2.0.0 255.255.0.0 10.0.0.1",
	    "ip route 10.1.0.0 255.255.0.0 10.0.0.1", "dial-peer voice 1" };
	int		 i = 0;

	apply(NULL, t_config, "ip route 10.2.0.0 255.255.0.0 10.0.0.1");
	dp = apply(NULL, t_config, "dial-peer voice 1 pots");
	apply(NULL, t_config, "interface Loopback1");
	apply(NULL, t_config, "ip route 10.1.0.0 255.255.0.0 10.0.0.1");
	apply(NULL, t_config, "hostname R2");
	apply(NULL, t_config, "interface Loopback0");
	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n), i++)
		ck_assert_str_eq(n->key, want[i]);
	ck_assert_int_eq(i, 6);
	/* Children by their own order whatever the typing order. */
	apply(dp, t_dp, "session target ipv4:10.0.0.9");
	apply(dp, t_dp, "destination-pattern 1...");
	apply(dp, t_dp, "session protocol sipv2");
	n = confdb_first(dp);
	ck_assert_str_eq(n->key, "destination-pattern");
	ck_assert_str_eq(confdb_next(n)->key, "session protocol");
	ck_assert_str_eq(confdb_next(confdb_next(n))->key, "session target");
}
END_TEST

START_TEST(test_render_indents_children_and_closes_blocks)
{
	struct sbuf	 sb;
	struct confnode	*dp;

	dp = apply(NULL, t_config, "dial-peer voice 9 voip");
	apply(dp, t_dp, "session target ipv4:10.0.0.9");
	apply(dp, t_dp, "destination-pattern 9");
	apply(NULL, t_config, "hostname R3");
	sbuf_init(&sb);
	confdb_render(NULL, &sb);
	ck_assert_str_eq(sbuf_str(&sb),
	    "version 12.4\n"
	    "!\n"
	    "hostname R3\n"
	    "!\n"
	    "boot-start-marker\n"
	    "boot-end-marker\n"
	    "!\n"
	    "!\n"
	    "dial-peer voice 9 voip\n"
	    " destination-pattern 9\n"
	    " session target ipv4:10.0.0.9\n"
	    "!\n"
	    "end\n");
	sbuf_free(&sb);
}
END_TEST

static int	 once_calls;

static void
once(enum confdb_event ev, struct confnode *n, void *arg)
{
	once_calls++;
	confdb_unsubscribe(once, arg);
}

START_TEST(test_unsubscribe_while_told)
{
	/* `once` goes away during its first event; `record`, subscribed
	 * after it, must still see that event and the next. */
	confdb_unsubscribe(record, NULL);
	confdb_subscribe(once, NULL);
	confdb_subscribe(record, NULL);
	apply(NULL, t_config, "hostname R5");
	apply(NULL, t_config, "hostname R6");
	ck_assert_int_eq(once_calls, 1);
	ck_assert_str_eq(events, "ADD hostname;CHANGE hostname;");
}
END_TEST

START_TEST(test_modified_until_saved)
{
	confdb_mark_saved();
	ck_assert_int_eq(confdb_modified(), 0);
	apply(NULL, t_config, "hostname R4");
	ck_assert_int_eq(confdb_modified(), 1);
	confdb_mark_saved();
	ck_assert_int_eq(confdb_modified(), 0);
}
END_TEST

START_TEST(test_many_dial_peers_found_by_key)
{
	char		 line[64], key[64];
	struct confnode	*n;
	int		 i;

	for (i = 1; i <= 10000; i++) {
		snprintf(line, sizeof line, "dial-peer voice %d voip", i);
		n = apply(NULL, t_config, line);
		apply(n, t_dp, "session protocol sipv2");
	}
	for (i = 1; i <= 10000; i += 997) {
		snprintf(key, sizeof key, "dial-peer voice %d", i);
		n = confdb_find(NULL, key);
		ck_assert_ptr_nonnull(n);
		ck_assert_int_eq(gmatch_num(&n->match, "tag", 0), i);
		ck_assert_ptr_nonnull(confdb_find(n, "session protocol"));
	}
	ck_assert_ptr_null(confdb_find(NULL, "dial-peer voice 10001"));
}
END_TEST

START_TEST(test_index_survives_removals)
{
	char		 line[64], key[64];
	struct confnode	*n;
	int		 i, round;

	/* Removals shift entries back in the probe sequence: every key
	 * must still be found, every removed one not, over several rounds
	 * of growth. */
	for (round = 0; round < 3; round++) {
		for (i = 0; i < 6000; i++) {
			snprintf(line, sizeof line,
			    "ip route 10.%d.%d.0 255.255.255.0 10.0.0.%d",
			    i / 256, i % 256, 1 + round);
			apply(NULL, t_config, line);
		}
		for (i = 0; i < 6000; i += 2) {
			snprintf(line, sizeof line,
			    "no ip route 10.%d.%d.0 255.255.255.0 10.0.0.%d",
			    i / 256, i % 256, 1 + round);
			apply(NULL, t_config, line);
		}
		for (i = 0; i < 6000; i++) {
			snprintf(key, sizeof key,
			    "ip route 10.%d.%d.0 255.255.255.0 10.0.0.%d",
			    i / 256, i % 256, 1 + round);
			n = confdb_find(NULL, key);
			if (i % 2 == 0)
				ck_assert_ptr_null(n);
			else {
				ck_assert_ptr_nonnull(n);
				ck_assert_str_eq(n->key, key);
			}
		}
	}
}
END_TEST

/* NVRAM: the atomic write. */

static char	 nv_dir[] = "/tmp/vgw-test-nvram.XXXXXX";

static int
dir_entries(const char *path)
{
	struct dirent	*e;
	DIR		*d;
	int		 n = 0;

	if ((d = opendir(path)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

START_TEST(test_atomic_write_replaces_whole_file)
{
	char	*path, *text;
	size_t	 len;

	ck_assert_ptr_nonnull(mkdtemp(nv_dir));
	nvram_set_dir(nv_dir);
	path = nvram_path("startup-config");
	ck_assert_int_eq(file_write_atomic(path, "one\n", 4, 0600), 0);
	ck_assert_int_eq(file_write_atomic(path, "two two\n", 8, 0600), 0);
	text = file_read_all(path, &len);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(len, 8);
	ck_assert_str_eq(text, "two two\n");
	ck_assert_int_eq(dir_entries(nv_dir), 1);
	free(text);
	unlink(path);
	free(path);
	rmdir(nv_dir);
}
END_TEST

START_TEST(test_atomic_write_failure_keeps_old_file)
{
	struct rlimit	 old, small = { 16, 16 };
	struct stat	 st;
	char		*path, *text, big[4096];

	ck_assert_ptr_nonnull(mkdtemp(nv_dir));
	nvram_set_dir(nv_dir);
	path = nvram_path("startup-config");
	ck_assert_int_eq(file_write_atomic(path, "old config\n", 11, 0600), 0);
	/* A write that fails half-way: the file size limit (EFBIG). */
	memset(big, 'x', sizeof big);
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &old);
	setrlimit(RLIMIT_FSIZE, &small);
	ck_assert_int_eq(file_write_atomic(path, big, sizeof big, 0600), -1);
	setrlimit(RLIMIT_FSIZE, &old);
	text = file_read_all(path, NULL);
	ck_assert_str_eq(text, "old config\n");
	/* No temporary file left behind, mode kept. */
	ck_assert_int_eq(dir_entries(nv_dir), 1);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	free(text);
	unlink(path);
	free(path);
	rmdir(nv_dir);
}
END_TEST

START_TEST(test_nvram_dir_default_is_created_0700)
{
	char		 state[] = "/tmp/vgw-test-state.XXXXXX", *want;
	struct stat	 st;

	ck_assert_ptr_nonnull(mkdtemp(state));
	setenv("XDG_STATE_HOME", state, 1);
	nvram_set_dir(NULL);
	xasprintf(&want, "%s/vgw/nvram", state);
	ck_assert_str_eq(nvram_dir(), want);
	ck_assert_int_eq(stat(want, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	rmdir(want);
	*strrchr(want, '/') = '\0';
	rmdir(want);
	rmdir(state);
	free(want);
}
END_TEST

/* Password encodings. */

START_TEST(test_type7_known_values)
{
	char	*s, *plain;

	s = password7_encode("cisco", 12);
	ck_assert_str_eq(s, "121A0C041104");
	free(s);
	s = password7_encode("password", 4);
	ck_assert_str_eq(s, "044B0A151C36435C0D");
	free(s);
	s = password7_decode("121A0C041104");
	ck_assert_str_eq(s, "cisco");
	free(s);
	s = password7_decode("011E0305481F0B0E2F");
	ck_assert_ptr_nonnull(s);
	free(s);
	ck_assert_ptr_null(password7_decode("1G"));
	ck_assert_ptr_null(password7_decode("99AA"));
	/* What `enable password 7 X` accepts: seed 00..15, hex pairs. */
	ck_assert_int_eq(password7_valid("121A0C041104"), 1);
	ck_assert_int_eq(password7_valid("15"), 1);
	ck_assert_int_eq(password7_valid("121A0C04110"), 0);
	ck_assert_int_eq(password7_valid("121A0C04110G"), 0);
	ck_assert_int_eq(password7_valid("161A0C041104"), 0);
	ck_assert_int_eq(password7_valid("1X1A"), 0);
	ck_assert_int_eq(password7_valid(""), 0);
	/* The same text always shows the same way. */
	s = password7_encode("lab", -1);
	plain = password7_decode(s);
	ck_assert_str_eq(plain, "lab");
	free(plain);
	free(s);
}
END_TEST

START_TEST(test_type5_md5_crypt)
{
	char	*h;

	/* IOS's own: enable secret cisco with salt mERr. */
	h = password5_hash("cisco", "mERr");
	ck_assert_str_eq(h, "$1$mERr$hx5rVt7rPNoS4wqbXKX7m0");
	free(h);
	ck_assert(password5_check("cisco", "$1$mERr$hx5rVt7rPNoS4wqbXKX7m0"));
	ck_assert(!password5_check("Cisco", "$1$mERr$hx5rVt7rPNoS4wqbXKX7m0"));
	h = password5_hash("secret", NULL);
	ck_assert_int_eq(strncmp(h, "$1$", 3), 0);
	ck_assert(password5_check("secret", h));
	free(h);
}
END_TEST

/* The whole grammar, as vgw loads it: absent texts and passwords. */

static struct grammar	*bg;

static void
builtin_setup(void)
{
	char	*err = NULL;

	modes_register();
	pki_register();
	sipua_register();
	exec_register();
	bg = grammar_new();
	ck_assert_msg(grammar_load_builtin(bg, &err) == 0, "%s", err);
	confdb_init();
}

static void
builtin_teardown(void)
{
	confdb_clear();
	grammar_free(bg);
}

static void
builtin_apply(struct confnode *parent, const char *mode, const char *line)
{
	struct gmatch	 m;
	struct gerror	 err;

	memset(&m, 0, sizeof m);
	ck_assert_msg(grammar_match(bg, grammar_mode(bg, mode), 15, line, &m,
	    &err) == 0, "line refused: %s", line);
	confdb_apply(parent, &m);
	gmatch_free(&m);
}

START_TEST(test_absent_text_until_configured)
{
	struct sbuf	 sb;

	sbuf_init(&sb);
	confdb_render(bg, &sb);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&sb),
	    "version 12.4\nservice timestamps debug datetime msec\n"
	    "service timestamps log datetime msec\n"
	    "no service password-encryption\n!\n"));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&sb),
	    "boot-end-marker\n!\n!\nno aaa new-model\n!\nline con 0\n"
	    "line aux 0\nline vty 0 4\n login\n!\nend\n"));
	builtin_apply(NULL, "config", "service password-encryption");
	builtin_apply(NULL, "config", "aaa new-model");
	sbuf_reset(&sb);
	confdb_render(bg, &sb);
	ck_assert_ptr_null(strstr(sbuf_str(&sb), "no service"));
	ck_assert_ptr_null(strstr(sbuf_str(&sb), "no aaa"));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&sb),
	    "service timestamps log datetime msec\n"
	    "service password-encryption\n!\n"));
	/* `no service timestamps log` is kept and shown, as `no service
	 * pad` is. */
	builtin_apply(NULL, "config", "no service timestamps log");
	sbuf_reset(&sb);
	confdb_render(bg, &sb);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&sb),
	    "service timestamps debug datetime msec\n"
	    "no service timestamps log\n"));
	sbuf_free(&sb);
}
END_TEST

START_TEST(test_cleartext_password_shown_as_type7)
{
	struct confnode	*n;
	struct sbuf	 sb;

	builtin_apply(NULL, "config", "enable password 0 lab");
	builtin_apply(NULL, "config", "line con 0");
	for (n = confdb_first(NULL); n != NULL; n = confdb_next(n)) {
		if (strncmp(n->key, "line ", 5) == 0)
			break;
	}
	ck_assert_ptr_nonnull(n);
	builtin_apply(n, "config-line", "password cisco");
	sbuf_init(&sb);
	confdb_render(bg, &sb);
	ck_assert_ptr_nonnull(strstr(sbuf_str(&sb), "enable password 0 lab\n"));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&sb), " password cisco\n"));
	builtin_apply(NULL, "config", "service password-encryption");
	sbuf_reset(&sb);
	confdb_render(bg, &sb);
	ck_assert_ptr_null(strstr(sbuf_str(&sb), "cisco"));
	ck_assert_ptr_null(strstr(sbuf_str(&sb), "lab"));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&sb), "enable password 7 "));
	ck_assert_ptr_nonnull(strstr(sbuf_str(&sb), " password 7 "));
	sbuf_free(&sb);
}
END_TEST

Suite *
confdb_suite(void)
{
	Suite	*s = suite_create("confdb");
	TCase	*tc;

	tc = tcase_create("database");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_apply_adds_and_finds_by_key);
	tcase_add_test(tc, test_same_key_replaces_in_place_with_change);
	tcase_add_test(tc, test_no_removes_and_keep_stores_the_no_form);
	tcase_add_test(tc, test_remove_tells_children_first);
	tcase_add_test(tc, test_clear_removes_everything);
	tcase_add_test(tc, test_order_then_insertion);
	tcase_add_test(tc, test_render_indents_children_and_closes_blocks);
	tcase_add_test(tc, test_modified_until_saved);
	tcase_add_test(tc, test_unsubscribe_while_told);
	tcase_add_test(tc, test_many_dial_peers_found_by_key);
	tcase_add_test(tc, test_index_survives_removals);
	tcase_add_test(tc, test_key_last_word_values_read_from_the_key);
	suite_add_tcase(s, tc);

	tc = tcase_create("nvram");
	tcase_add_test(tc, test_atomic_write_replaces_whole_file);
	tcase_add_test(tc, test_atomic_write_failure_keeps_old_file);
	tcase_add_test(tc, test_nvram_dir_default_is_created_0700);
	suite_add_tcase(s, tc);

	tc = tcase_create("builtin");
	tcase_add_checked_fixture(tc, builtin_setup, builtin_teardown);
	tcase_add_test(tc, test_absent_text_until_configured);
	tcase_add_test(tc, test_cleartext_password_shown_as_type7);
	suite_add_tcase(s, tc);

	tc = tcase_create("passwords");
	tcase_add_test(tc, test_type7_known_values);
	tcase_add_test(tc, test_type5_md5_crypt);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return testlib_run(confdb_suite());
}

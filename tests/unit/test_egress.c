/* core/egress.c: loopback passes, other addresses are blocked with one log
 * line unless allowed or mapped; map specs and map files are validated. */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "egress.h"
#include "log.h"
#include "sipua_testlib.h"

static void
setup(void)
{
	testlib_log_capture(NULL);
	egress_allow_all(0);
}

static int
check_v4(const char *a, int port, char *outaddr, int *outport)
{
	struct sockaddr_in	 sin = testlib_v4(a, port);
	struct sockaddr_storage	 out;
	socklen_t		 outlen;
	int			 rc;

	rc = egress_check((struct sockaddr *)&sin, sizeof sin, &out, &outlen);
	if (rc == 0 && outaddr != NULL) {
		struct sockaddr_in *o = (struct sockaddr_in *)&out;
		inet_ntop(AF_INET, &o->sin_addr, outaddr, INET_ADDRSTRLEN);
		*outport = ntohs(o->sin_port);
	}
	return rc;
}

START_TEST(test_loopback_passes_unchanged)
{
	char	a[INET_ADDRSTRLEN];
	int	p;

	ck_assert_int_eq(check_v4("127.0.0.1", 5060, a, &p), 0);
	ck_assert_str_eq(a, "127.0.0.1");
	ck_assert_int_eq(p, 5060);
	ck_assert_int_eq(check_v4("127.45.3.2", 5061, a, &p), 0);
	ck_assert_int_eq(testlib_log_lines, 0);
}
END_TEST

START_TEST(test_outside_address_blocked_with_one_line)
{
	ck_assert_int_eq(check_v4("172.18.193.97", 5061, NULL, NULL), -1);
	ck_assert_int_eq(testlib_log_lines, 1);
	ck_assert_ptr_nonnull(strstr(testlib_log_last, "172.18.193.97"));
	ck_assert_int_eq(check_v4("8.8.8.8", 53, NULL, NULL), -1);
	ck_assert_int_eq(testlib_log_lines, 2);
}
END_TEST

START_TEST(test_ipv6_loopback_only)
{
	struct sockaddr_in6	 s6;
	struct sockaddr_storage	 out;
	socklen_t		 outlen;

	memset(&s6, 0, sizeof s6);
	s6.sin6_family = AF_INET6;
	inet_pton(AF_INET6, "::1", &s6.sin6_addr);
	ck_assert_int_eq(egress_check((struct sockaddr *)&s6, sizeof s6,
	    &out, &outlen), 0);
	inet_pton(AF_INET6, "2001:db8::1", &s6.sin6_addr);
	ck_assert_int_eq(egress_check((struct sockaddr *)&s6, sizeof s6,
	    &out, &outlen), -1);
	ck_assert_int_eq(testlib_log_lines, 1);
}
END_TEST

START_TEST(test_allow_all_lets_everything_through)
{
	char	a[INET_ADDRSTRLEN];
	int	p;

	egress_allow_all(1);
	ck_assert_int_eq(check_v4("172.18.193.97", 5060, a, &p), 0);
	ck_assert_str_eq(a, "172.18.193.97");
	ck_assert_int_eq(testlib_log_lines, 0);
	egress_allow_all(0);
	ck_assert_int_eq(check_v4("172.18.193.97", 5060, NULL, NULL), -1);
}
END_TEST

START_TEST(test_map_rewrites_address_keeps_port)
{
	char	 a[INET_ADDRSTRLEN], *err = NULL;
	int	 p;

	ck_assert_int_eq(egress_map_add("172.18.201.177=127.0.0.5", &err), 0);
	ck_assert_int_eq(check_v4("172.18.201.177", 5061, a, &p), 0);
	ck_assert_str_eq(a, "127.0.0.5");
	ck_assert_int_eq(p, 5061);
	ck_assert_int_eq(testlib_log_lines, 0);
	ck_assert_int_eq(check_v4("172.18.201.178", 5061, NULL, NULL), -1);
}
END_TEST

START_TEST(test_map_rejects_bad_specs)
{
	char	*err = NULL;

	ck_assert_int_eq(egress_map_add("172.18.1.1", &err), -1);
	ck_assert_ptr_nonnull(err);
	free(err);
	err = NULL;
	ck_assert_int_eq(egress_map_add("172.18.1.1=10.0.0.1", &err), -1);
	ck_assert_ptr_nonnull(strstr(err, "loopback"));
	free(err);
	err = NULL;
	ck_assert_int_eq(egress_map_add("nonsense=127.0.0.1", &err), -1);
	free(err);
	err = NULL;
	ck_assert_int_eq(egress_map_add("172.18.1.1=::1", &err), -1);
	free(err);
}
END_TEST

START_TEST(test_map_file_lines_and_errors)
{
	char	 path[] = "/tmp/test_egress_XXXXXX", a[INET_ADDRSTRLEN];
	char	*err = NULL;
	int	 fd, p;
	FILE	*f;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs("# lab map\n\n172.18.195.49 = 127.0.0.7  # a peer\n"
	    "172.18.197.182=127.0.0.8\n", f);
	fclose(f);
	ck_assert_int_eq(egress_map_file(path, &err), 0);
	ck_assert_int_eq(check_v4("172.18.195.49", 5060, a, &p), 0);
	ck_assert_str_eq(a, "127.0.0.7");
	ck_assert_int_eq(check_v4("172.18.197.182", 5060, a, &p), 0);
	ck_assert_str_eq(a, "127.0.0.8");
	f = fopen(path, "w");
	fputs("172.18.1.2=127.0.0.9\nbroken line\n", f);
	fclose(f);
	ck_assert_int_eq(egress_map_file(path, &err), -1);
	ck_assert_ptr_nonnull(strstr(err, ":2:"));
	free(err);
	unlink(path);
	err = NULL;
	ck_assert_int_eq(egress_map_file("/nonexistent/map", &err), -1);
	free(err);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("egress");
	TCase	*tc = tcase_create("egress");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_loopback_passes_unchanged);
	tcase_add_test(tc, test_outside_address_blocked_with_one_line);
	tcase_add_test(tc, test_ipv6_loopback_only);
	tcase_add_test(tc, test_allow_all_lets_everything_through);
	tcase_add_test(tc, test_map_rewrites_address_keeps_port);
	tcase_add_test(tc, test_map_rejects_bad_specs);
	tcase_add_test(tc, test_map_file_lines_and_errors);
	suite_add_tcase(s, tc);
	return testlib_run(s);
}

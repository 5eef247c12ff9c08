/* What every Check test program shares: running its suite. Part-specific
 * set-up lives in grammar_testlib.h and sipua_testlib.h, which include this. */
#ifndef VGW_TESTLIB_H
#define VGW_TESTLIB_H

#include <check.h>

/* Runs every test of s; the exit status of the test binary. */
static inline int
testlib_run(Suite *s)
{
	SRunner	*sr = srunner_create(s);
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}

#endif

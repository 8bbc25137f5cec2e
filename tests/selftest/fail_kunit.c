// SPDX-License-Identifier: GPL-2.0
/*
 * A KUnit suite with one failing case, to prove the harness reports it.
 * One case passes, so the test can also check that a pass is counted.
 */
#include <kunit/test.h>
#include <linux/module.h>

static void hvg2_selftest_passes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 2, 1 + 1);
}

static void hvg2_selftest_fails(struct kunit *test)
{
	KUNIT_EXPECT_EQ_MSG(test, 3, 1 + 1, "deliberate failure");
}

static struct kunit_case hvg2_selftest_cases[] = {
	KUNIT_CASE(hvg2_selftest_passes),
	KUNIT_CASE(hvg2_selftest_fails),
	{}
};

static struct kunit_suite hvg2_selftest_suite = {
	.name = "hvg2_selftest_fail",
	.test_cases = hvg2_selftest_cases,
};

kunit_test_suite(hvg2_selftest_suite);

MODULE_DESCRIPTION("hvgen2 harness self-test: a failing KUnit case");
MODULE_LICENSE("GPL");

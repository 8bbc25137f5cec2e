// SPDX-License-Identifier: GPL-2.0
/*
 * Run the hvg2_ring KUnit suite's cases in user space (see kunit/test.h
 * here), printing KTAP-like lines. The two-kthread stress case needs a
 * kernel; its user-space twin is tools/ring/stress.c.
 */
#include "kunit/test.h"
#include "../../../kunit/ring_kunit.h"

int hvg2_shim_verbose;

void hvg2_ring_test_stress(struct kunit *test)
{
	test->status = KUNIT_SKIPPED;
}

const void *hvg2_ring_test_stress_params(const void *prev, char *desc)
{
	return NULL;
}

void hvg2_shim_fail(struct kunit *test, const char *file, int line,
		    const char *what, long long a, long long b)
{
	printf("    # %s: %s:%d: expected %s (%lld, %lld)\n", test->name, file,
	       line, what, a, b);
	test->status = KUNIT_FAILURE;
}

static int run_one(struct kunit_suite *s, struct kunit_case *c, const void *param,
		   const char *desc)
{
	struct kunit test = { .param_value = param, .name = c->name };

	if (s->init && s->init(&test))
		return 1;
	if (!setjmp(test.bail))
		c->run_case(&test);
	if (s->exit)
		s->exit(&test);
	printf("%s - %s%s%s\n", test.status == KUNIT_FAILURE ? "not ok" : "ok",
	       c->name, desc ? " " : "", desc ? desc : "");
	return test.status == KUNIT_FAILURE;
}

int main(void)
{
	struct kunit_suite *s = hvg2_shim_suite;
	struct kunit_case *c;
	int failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("# suite %s (user space)\n", s->name);
	for (c = s->test_cases; c->run_case; c++) {
		const void *p = NULL;
		char desc[KUNIT_PARAM_DESC_SIZE];

		if (!c->generate_params) {
			failed += run_one(s, c, NULL, NULL);
			continue;
		}
		while ((p = c->generate_params(p, desc)))
			failed += run_one(s, c, p, desc);
	}
	printf("# %d failed\n", failed);
	return !!failed;
}

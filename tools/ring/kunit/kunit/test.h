/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A user-space stand-in for <kunit/test.h>: just enough to run the
 * hvg2_ring KUnit suite's single-threaded cases (kunit/ring_kunit.c,
 * unchanged) under ASan, before a test kernel exists. Also provides the
 * kernel-only ring memory API on top of ring_umem.c.
 */
#ifndef _HVG2_KUNIT_SHIM_H
#define _HVG2_KUNIT_SHIM_H

#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include "hvg2_shim.h"
#include "hvg2/ring.h"
#include "ring_umem.h"

#define KUNIT_PARAM_DESC_SIZE	128
#define NUMA_NO_NODE	(-1)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MODULE_LICENSE(x)
#define MODULE_DESCRIPTION(x)
#define PTR_ERR_OR_ZERO(p)	(IS_ERR(p) ? PTR_ERR(p) : 0)

enum kunit_status { KUNIT_SUCCESS, KUNIT_FAILURE, KUNIT_SKIPPED };

struct kunit {
	void *priv;
	const void *param_value;
	enum kunit_status status;
	jmp_buf bail;
	const char *name;
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
	const void *(*generate_params)(const void *prev, char *desc);
};

struct kunit_suite {
	const char *name;
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
};

extern struct kunit_suite *hvg2_shim_suite;
#define kunit_test_suite(s)	struct kunit_suite *hvg2_shim_suite = &(s)

#define KUNIT_CASE(f)		{ .run_case = f, .name = #f }
#define KUNIT_CASE_PARAM(f, g)	{ .run_case = f, .name = #f, .generate_params = g }

#define KUNIT_ARRAY_PARAM(name, array, get_desc)				\
	static const void *name##_gen_params(const void *prev, char *desc)	\
	{									\
		__typeof__((array)[0]) *__next = prev ? ((__typeof__(__next))prev) + 1 : (array); \
		if (__next - (array) < (long)ARRAY_SIZE(array)) {		\
			void (*__get_desc)(__typeof__(__next), char *) = get_desc; \
			if (__get_desc)						\
				__get_desc(__next, desc);			\
			return __next;						\
		}								\
		return NULL;							\
	}

static inline size_t strscpy(char *d, const char *s, size_t n)
{
	snprintf(d, n, "%s", s);
	return strlen(d);
}

static inline void *kunit_kzalloc(struct kunit *test, size_t n, gfp_t gfp)
{
	return calloc(1, n);	/* leaked, as KUnit would free it at the end */
}

#define kunit_info(test, fmt, ...)	printf("    # " fmt, ##__VA_ARGS__)

void hvg2_shim_fail(struct kunit *test, const char *file, int line,
		    const char *what, long long a, long long b);

#define __KCHECK(test, ok, what, a, b, assert) do {				\
	if (!(ok)) {								\
		hvg2_shim_fail(test, __FILE__, __LINE__, what,			\
			       (long long)(a), (long long)(b));			\
		if (assert)							\
			longjmp((test)->bail, 1);				\
	}									\
} while (0)

#define KUNIT_EXPECT_EQ(t, a, b)	__KCHECK(t, (a) == (b), #a " == " #b, a, b, 0)
#define KUNIT_ASSERT_EQ(t, a, b)	__KCHECK(t, (a) == (b), #a " == " #b, a, b, 1)
#define KUNIT_EXPECT_EQ_MSG(t, a, b, ...)	KUNIT_EXPECT_EQ(t, a, b)
#define KUNIT_EXPECT_TRUE(t, c)		__KCHECK(t, (c), #c, !!(c), 1, 0)
#define KUNIT_EXPECT_FALSE(t, c)	__KCHECK(t, !(c), "!" #c, !!(c), 0, 0)
#define KUNIT_ASSERT_FALSE(t, c)	__KCHECK(t, !(c), "!" #c, !!(c), 0, 1)
#define KUNIT_ASSERT_NOT_NULL(t, p)	__KCHECK(t, (p) != NULL, #p, 0, 0, 1)
#define KUNIT_EXPECT_PTR_EQ(t, a, b)	__KCHECK(t, (a) == (b), #a " == " #b, \
						 (long)(a), (long)(b), 0)
#define KUNIT_FAIL(t, msg)		__KCHECK(t, 0, msg, 0, 0, 0)

/* ---- the kernel-only ring memory API, over a memfd ---- */

struct hvg2_ring_mem {
	struct hvg2u_mem u;
	void *vaddr;
	unsigned int npages;
};

static inline int hvg2_ring_mem_alloc(struct hvg2_ring_mem *m, u32 bytes, int node)
{
	int err = hvg2u_mem_alloc(&m->u, ALIGN(bytes, PAGE_SIZE));

	m->vaddr = err ? NULL : m->u.hdr;
	m->npages = 1 + ALIGN(bytes, PAGE_SIZE) / PAGE_SIZE;
	return err;
}

static inline void hvg2_ring_mem_free(struct hvg2_ring_mem *m)
{
	hvg2u_mem_free(&m->u);
	m->vaddr = NULL;
}

static inline struct hvg2_ring_hdr *hvg2_ring_mem_hdr(struct hvg2_ring_mem *m)
{
	return m->u.hdr;
}

static inline void *hvg2_ring_mem_data(struct hvg2_ring_mem *m)
{
	return m->u.data;
}

static inline u32 hvg2_ring_mem_data_size(struct hvg2_ring_mem *m)
{
	return m->u.size;
}

#endif

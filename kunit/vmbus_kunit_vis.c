// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_vmbus suite, host-visible memory (drivers/vmbus/visible.c): the
 * conversions and the GPADL round trips are fakes that write one letter
 * each into a log, so each case reads as the order things happened in:
 *
 *   D  decrypt (one call: a contiguous buffer, or one page of a ring)
 *   E  encrypt
 *   A  announce (GPADL_HEADER ... GPADL_CREATED)
 *   T  teardown (GPADL_TEARDOWN ... GPADL_TORNDOWN)
 *
 * Every case uses two buffers, as a ring GPADL does: a contiguous one of
 * two pages (one call each way) and a page array of two pages (one call
 * per page).
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "../drivers/vmbus/internal.h"
#include "vmbus_kunit.h"

#define VIS_LOG_MAX	32

static struct {
	char log[VIS_LOG_MAX + 1];
	unsigned int n;
	unsigned int calls;		/* conversions so far */
	unsigned int fail_call;		/* fail this conversion (1-based), 0 never */
	bool fail_encrypt;		/* every encrypt fails */
	int announce_ret, teardown_ret;
} vis;

static void vis_log(char c)
{
	if (vis.n < VIS_LOG_MAX)
		vis.log[vis.n++] = c;
}

static int vis_decrypt(void *addr, unsigned int npages)
{
	vis_log('D');
	return ++vis.calls == vis.fail_call ? -EIO : 0;
}

static int vis_encrypt(void *addr, unsigned int npages)
{
	vis_log('E');
	if (++vis.calls == vis.fail_call || vis.fail_encrypt)
		return -EIO;
	return 0;
}

static const struct hvg2_vis_ops vis_fake = {
	.decrypt = vis_decrypt,
	.encrypt = vis_encrypt,
};

static int vis_announce(void *ctx)
{
	vis_log('A');
	return vis.announce_ret;
}

static int vis_teardown(void *ctx)
{
	vis_log('T');
	return vis.teardown_ret;
}

struct vis_fixture {
	struct hvg2_vis_mem m[2];
	struct page *pages[2];
};

static void vis_free_pages(void *data)
{
	struct vis_fixture *f = data;

	__free_page(f->pages[0]);
	__free_page(f->pages[1]);
}

static struct vis_fixture *vis_setup(struct kunit *test)
{
	struct vis_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	memset(&vis, 0, sizeof(vis));
	f->m[0].addr = kunit_kzalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->m[0].addr);
	f->m[0].npages = 2;
	f->pages[0] = alloc_page(GFP_KERNEL);
	f->pages[1] = alloc_page(GFP_KERNEL);
	if (!f->pages[0] || !f->pages[1]) {
		if (f->pages[0])
			__free_page(f->pages[0]);
		if (f->pages[1])
			__free_page(f->pages[1]);
		KUNIT_FAIL_AND_ABORT(test, "no pages");
	}
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, vis_free_pages, f), 0);
	f->m[1].pages = f->pages;
	f->m[1].npages = 2;
	return f;
}

/* what happened since the last call, and a fresh log */
static const char *vis_took(struct kunit *test)
{
	char *s = kunit_kzalloc(test, VIS_LOG_MAX + 1, GFP_KERNEL);

	if (s)
		memcpy(s, vis.log, vis.n);
	memset(vis.log, 0, sizeof(vis.log));
	vis.n = 0;
	return s ? s : "";
}

/* Decrypt before announce; encrypt only after teardown; each page once. */
void hvg2_vmbus_test_vis_order(struct kunit *test)
{
	struct vis_fixture *f = vis_setup(test);

	KUNIT_EXPECT_EQ(test, hvg2_vis_gpadl_create(&vis_fake, true, f->m, 2,
						    vis_announce, NULL), 0);
	KUNIT_EXPECT_STREQ(test, vis_took(test), "DDDA");
	KUNIT_EXPECT_FALSE(test, hvg2_vis_may_free(f->m, 2));

	KUNIT_EXPECT_EQ(test, hvg2_vis_gpadl_teardown(&vis_fake, f->m, 2,
						      vis_teardown, NULL), 0);
	KUNIT_EXPECT_STREQ(test, vis_took(test), "TEEE");
	KUNIT_EXPECT_TRUE(test, hvg2_vis_may_free(f->m, 2));

	/* private already: a second unshare converts nothing */
	KUNIT_EXPECT_EQ(test, hvg2_vis_unshare(&vis_fake, f->m, 2), 0);
	KUNIT_EXPECT_STREQ(test, vis_took(test), "");
}

/* Not isolated: no conversion either way. */
void hvg2_vmbus_test_vis_off(struct kunit *test)
{
	struct vis_fixture *f = vis_setup(test);

	KUNIT_EXPECT_EQ(test, hvg2_vis_gpadl_create(&vis_fake, false, f->m, 2,
						    vis_announce, NULL), 0);
	KUNIT_EXPECT_EQ(test, hvg2_vis_gpadl_teardown(&vis_fake, f->m, 2,
						      vis_teardown, NULL), 0);
	KUNIT_EXPECT_STREQ(test, vis_took(test), "AT");
	KUNIT_EXPECT_TRUE(test, hvg2_vis_may_free(f->m, 2));
}

/*
 * A decrypt fails (the ring's first page): nothing is announced, what was
 * converted is converted back - the failed buffer too, its state being
 * unknown - and the buffers may be freed. If converting back fails as
 * well, they must not be.
 */
void hvg2_vmbus_test_vis_decrypt_fails(struct kunit *test)
{
	struct vis_fixture *f = vis_setup(test);

	vis.fail_call = 2;
	KUNIT_EXPECT_EQ(test, hvg2_vis_gpadl_create(&vis_fake, true, f->m, 2,
						    vis_announce, NULL), -EIO);
	KUNIT_EXPECT_STREQ(test, vis_took(test), "DDEEE");
	KUNIT_EXPECT_TRUE(test, hvg2_vis_may_free(f->m, 2));

	vis.calls = 0;
	vis.fail_encrypt = true;
	KUNIT_EXPECT_EQ(test, hvg2_vis_gpadl_create(&vis_fake, true, f->m, 2,
						    vis_announce, NULL), -EIO);
	KUNIT_EXPECT_STREQ(test, vis_took(test), "DDEE");
	KUNIT_EXPECT_FALSE(test, hvg2_vis_may_free(f->m, 2));
}

/*
 * The host refuses the GPADL: the pages are made private again. It does
 * not answer: it may map them later, so they stay host-visible.
 */
void hvg2_vmbus_test_vis_refused(struct kunit *test)
{
	struct vis_fixture *f = vis_setup(test);

	vis.announce_ret = -EIO;
	KUNIT_EXPECT_EQ(test, hvg2_vis_gpadl_create(&vis_fake, true, f->m, 2,
						    vis_announce, NULL), -EIO);
	KUNIT_EXPECT_STREQ(test, vis_took(test), "DDDAEEE");
	KUNIT_EXPECT_TRUE(test, hvg2_vis_may_free(f->m, 2));

	vis.announce_ret = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, hvg2_vis_gpadl_create(&vis_fake, true, f->m, 2,
						    vis_announce, NULL), -ETIMEDOUT);
	KUNIT_EXPECT_STREQ(test, vis_took(test), "DDDA");
	KUNIT_EXPECT_FALSE(test, hvg2_vis_may_free(f->m, 2));
}

/* The teardown fails: the host may still hold the pages; no encrypt. */
void hvg2_vmbus_test_vis_teardown_fails(struct kunit *test)
{
	struct vis_fixture *f = vis_setup(test);

	KUNIT_ASSERT_EQ(test, hvg2_vis_gpadl_create(&vis_fake, true, f->m, 2,
						    vis_announce, NULL), 0);
	vis_took(test);
	vis.teardown_ret = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, hvg2_vis_gpadl_teardown(&vis_fake, f->m, 2,
						      vis_teardown, NULL), -ETIMEDOUT);
	KUNIT_EXPECT_STREQ(test, vis_took(test), "T");
	KUNIT_EXPECT_FALSE(test, hvg2_vis_may_free(f->m, 2));
}

/*
 * Encrypt fails after teardown (the ring's last page): that buffer stays
 * marked host-visible (leaked), the other one is private; a later retry
 * converts only what is still shared.
 */
void hvg2_vmbus_test_vis_encrypt_fails(struct kunit *test)
{
	struct vis_fixture *f = vis_setup(test);

	KUNIT_ASSERT_EQ(test, hvg2_vis_gpadl_create(&vis_fake, true, f->m, 2,
						    vis_announce, NULL), 0);
	vis_took(test);
	vis.fail_call = vis.calls + 3;
	KUNIT_EXPECT_EQ(test, hvg2_vis_gpadl_teardown(&vis_fake, f->m, 2,
						      vis_teardown, NULL), -EIO);
	KUNIT_EXPECT_STREQ(test, vis_took(test), "TEEE");
	KUNIT_EXPECT_FALSE(test, f->m[0].shared);
	KUNIT_EXPECT_TRUE(test, f->m[1].shared);
	KUNIT_EXPECT_FALSE(test, hvg2_vis_may_free(f->m, 2));

	KUNIT_EXPECT_EQ(test, hvg2_vis_unshare(&vis_fake, f->m, 2), 0);
	KUNIT_EXPECT_STREQ(test, vis_took(test), "EE");
	KUNIT_EXPECT_TRUE(test, hvg2_vis_may_free(f->m, 2));
}

// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite hvg2_ring: the ring core on real double-mapped ring memory.
 *
 *   fixture: hvg2_ring_mem (header + N data pages, vmap'd [hdr, data, data])
 *            prod  = producer side   \  both on the same header, as the
 *            cons  = consumer side   /  guest and the host would be
 *
 * Layout and boundaries: wrap-around at every 8-byte offset of a one-page
 * ring, full and empty, the largest packet, batch commit. Signalling: both
 * decisions as tables. Copy-out. The batch cursors' fallbacks.
 *
 * In the other files of the suite: each corrupted peer field breaks the
 * ring with -EIO (ring_kunit_corrupt.c); a producer and a consumer kthread
 * that really sleep on the ring's signals, with sequence-numbered
 * random-size packets, every byte checked (ring_kunit_stress.c).
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/err.h>
#include <linux/uio.h>

#include "hvg2/ring.h"
#include "ring_kunit.h"

/* ---- fixture ---- */

static int ring_test_init(struct kunit *test)
{
	struct hvg2_ring_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	test->priv = f;
	return 0;
}

static void fx_teardown(struct hvg2_ring_fixture *f)
{
	hvg2_ring_destroy(&f->prod);
	hvg2_ring_destroy(&f->cons);
	if (f->mem.vaddr)
		hvg2_ring_mem_free(&f->mem);
}

static void ring_test_exit(struct kunit *test)
{
	fx_teardown(test->priv);
}

/*
 * A fresh ring of @pages data pages, both indexes at @start, and a
 * producer and a consumer on it; the consumer takes @cons_flags.
 */
static struct hvg2_ring_fixture *fx_setup(struct kunit *test, u32 pages,
					  u32 start, u32 cons_flags)
{
	struct hvg2_ring_fixture *f = test->priv;
	struct hvg2_ring_hdr *hdr;

	fx_teardown(f);
	memset(f, 0, sizeof(*f));
	KUNIT_ASSERT_EQ(test, 0,
			hvg2_ring_mem_alloc(&f->mem, pages * PAGE_SIZE, NUMA_NO_NODE));
	f->size = hvg2_ring_mem_data_size(&f->mem);
	hdr = hvg2_ring_mem_hdr(&f->mem);
	hvg2_ring_reset_hdr(hdr);
	hdr->write_index = start;
	hdr->read_index = start;
	KUNIT_ASSERT_EQ(test, 0, hvg2_ring_init(&f->prod, hdr,
						hvg2_ring_mem_data(&f->mem), f->size, 0));
	KUNIT_ASSERT_EQ(test, 0, hvg2_ring_init(&f->cons, hdr,
						hvg2_ring_mem_data(&f->mem), f->size,
						cons_flags));
	return f;
}

/* For the other files of the suite. */
struct hvg2_ring_fixture *hvg2_ring_test_setup(struct kunit *test, u32 pages,
					       u32 start, u32 cons_flags)
{
	return fx_setup(test, pages, start, cons_flags);
}

/* The same memory, a fresh header with both indexes at @start. */
static void fx_restart(struct kunit *test, struct hvg2_ring_fixture *f, u32 start)
{
	hvg2_ring_destroy(&f->prod);
	hvg2_ring_destroy(&f->cons);
	hvg2_ring_reset_hdr(fx_hdr(f));
	fx_hdr(f)->write_index = start;
	fx_hdr(f)->read_index = start;
	KUNIT_ASSERT_EQ(test, 0, hvg2_ring_init(&f->prod, fx_hdr(f),
						hvg2_ring_mem_data(&f->mem), f->size, 0));
	KUNIT_ASSERT_EQ(test, 0, hvg2_ring_init(&f->cons, fx_hdr(f),
						hvg2_ring_mem_data(&f->mem), f->size, 0));
}

/* The two ways in: the plain calls and the batch cursors. */
static const bool api_modes[] = { false, true };

static void api_desc(const bool *cursor, char *desc)
{
	strscpy(desc, *cursor ? "batch cursors" : "plain calls", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(api, api_modes, api_desc);

/* ---- layout and boundaries ---- */

/*
 * Start a one-page ring at every 8-byte offset and send packets that
 * straddle the end in every possible way; check payload and trailer.
 */
static void ring_test_wrap_every_offset(struct kunit *test)
{
	static const u32 plens[] = { 0, 1, 37, 100, 1000 };
	bool cursor = test->param_value && *(const bool *)test->param_value;
	struct hvg2_ring_fixture *f = fx_setup(test, 1, 0, 0);
	bool signal;
	u32 start, k;

	for (start = 0; start < PAGE_SIZE; start += 8) {
		fx_restart(test, f, start);
		for (k = 0; k < ARRAY_SIZE(plens); k++) {
			u32 at = f->prod.prod_next, alen = ALIGN(DESC_SZ + plens[k], 8);
			u64 trailer;

			if (cursor) {
				KUNIT_ASSERT_EQ(test, 0, put_cursor(f, k, plens[k], &signal));
				KUNIT_EXPECT_TRUE(test, signal);
			} else {
				KUNIT_ASSERT_EQ(test, 0, put(f, k, plens[k]));
				KUNIT_EXPECT_TRUE(test, hvg2_ring_publish(&f->prod));
			}
			/* the trailer: where the packet started, shifted left 32 */
			memcpy(&trailer, f->prod.data + at + alen, sizeof(trailer));
			KUNIT_EXPECT_EQ(test, trailer, (u64)at << 32);
			if (cursor) {
				get_check_cursor(test, f, k, plens[k]);
			} else {
				get_check(test, f, k, plens[k]);
				hvg2_ring_release(&f->cons);
			}
		}
		KUNIT_EXPECT_EQ(test, fx_hdr(f)->read_index, fx_hdr(f)->write_index);
		KUNIT_EXPECT_FALSE(test, hvg2_ring_is_broken(&f->cons));
		if (test->status == KUNIT_FAILURE) {
			kunit_info(test, "first failure at start offset %u\n", start);
			return;
		}
	}
}

/* Empty reads -ENODATA; the ring takes exactly size - 8 bytes, no more. */
static void ring_test_full_empty(struct kunit *test)
{
	struct hvg2_ring_fixture *f = fx_setup(test, 1, 0, 0);
	struct hvg2_ring_pkt pkt;
	u32 n = 0;

	KUNIT_EXPECT_EQ(test, -ENODATA, hvg2_ring_peek(&f->cons, &pkt));
	KUNIT_EXPECT_EQ(test, 0u, hvg2_ring_pending(&f->cons));
	/* 64-byte wire packets: 63 fit in 4096, the 64th would fill it */
	while (put(f, n, 64 - 8 - DESC_SZ) == 0)
		n++;
	KUNIT_EXPECT_EQ(test, n, PAGE_SIZE / 64 - 1);
	KUNIT_EXPECT_EQ(test, PTR_ERR(hvg2_ring_reserve(&f->prod, 56)), -EAGAIN);
	KUNIT_EXPECT_EQ(test, fx_hdr(f)->pending_send_sz, 64u);
	KUNIT_EXPECT_EQ(test, f->prod.stats.full, 2ull);
	/* published before the request, the signal held for the publish */
	KUNIT_EXPECT_EQ(test, fx_hdr(f)->write_index, (u32)(PAGE_SIZE - 64));
	KUNIT_EXPECT_EQ(test, f->prod.stats.signals, 0ull);
	/* 64 bytes free: a 56-byte wire packet still fits, 48 + trailer */
	KUNIT_EXPECT_EQ(test, hvg2_ring_space(&f->prod), 48u);
	KUNIT_EXPECT_TRUE(test, hvg2_ring_publish(&f->prod));
	KUNIT_EXPECT_EQ(test, hvg2_ring_pending(&f->cons), (u32)(PAGE_SIZE - 64));

	/* one packet out: free goes from 64 to 128, across pending_send_sz */
	get_check(test, f, 0, 64 - 8 - DESC_SZ);
	KUNIT_EXPECT_TRUE(test, hvg2_ring_release(&f->cons));
	KUNIT_EXPECT_EQ(test, hvg2_ring_space(&f->prod), 128u - 16);
	KUNIT_EXPECT_EQ(test, 0, put(f, n, 64 - 8 - DESC_SZ));
	KUNIT_EXPECT_EQ(test, fx_hdr(f)->pending_send_sz, 0u);
	KUNIT_EXPECT_FALSE(test, hvg2_ring_publish(&f->prod));

	/* drain: the ring is empty again with write == read */
	for (n = 1; n < PAGE_SIZE / 64; n++)
		get_check(test, f, n, 64 - 8 - DESC_SZ);
	hvg2_ring_release(&f->cons);
	KUNIT_EXPECT_EQ(test, -ENODATA, hvg2_ring_peek(&f->cons, &pkt));
	KUNIT_EXPECT_EQ(test, fx_hdr(f)->read_index, fx_hdr(f)->write_index);
}

/*
 * A request for space made behind packets not yet published. The consumer
 * measures free space from write_index: had the reservation not published
 * them first, the release below would see 2048 bytes free before it and
 * 4096 after, no crossing of 1024, and no signal; and after the publish,
 * releasing 1536 of 4096 crosses nothing either: the producer would wait
 * forever. Published, the release goes from 512 to 2560: one signal.
 */
static void ring_test_wait_behind_unpublished(struct kunit *test)
{
	struct hvg2_ring_fixture *f = fx_setup(test, 1, 0, 0);
	u32 a = 2048 - 8 - DESC_SZ, b = 1536 - 8 - DESC_SZ;

	KUNIT_ASSERT_EQ(test, 0, put(f, 0, a));
	KUNIT_EXPECT_TRUE(test, hvg2_ring_publish(&f->prod));
	KUNIT_ASSERT_EQ(test, 0, put(f, 1, b));
	/* 512 free: 1024 does not fit */
	KUNIT_EXPECT_EQ(test, PTR_ERR(hvg2_ring_reserve(&f->prod, 1016)), -EAGAIN);
	KUNIT_EXPECT_EQ(test, fx_hdr(f)->pending_send_sz, 1024u);
	KUNIT_EXPECT_EQ(test, fx_hdr(f)->write_index, 3584u);

	get_check(test, f, 0, a);
	KUNIT_EXPECT_TRUE(test, hvg2_ring_release(&f->cons));
	/* the consumer was busy: the early publish owes nothing */
	KUNIT_EXPECT_FALSE(test, hvg2_ring_publish(&f->prod));
	KUNIT_EXPECT_EQ(test, 0, put(f, 2, 1016 - DESC_SZ));
	KUNIT_EXPECT_EQ(test, fx_hdr(f)->pending_send_sz, 0u);
	KUNIT_EXPECT_FALSE(test, hvg2_ring_publish(&f->prod));
	get_check(test, f, 1, b);
	get_check(test, f, 2, 1016 - DESC_SZ);
	KUNIT_EXPECT_FALSE(test, hvg2_ring_release(&f->cons));
	KUNIT_EXPECT_EQ(test, f->prod.stats.signals, 1ull);
	KUNIT_EXPECT_EQ(test, f->cons.stats.signals, 1ull);
}

/*
 * The signal an early publish wants is kept for the caller's next
 * publish, or reported owed by the deferring one; it is due only while
 * the consumer still sleeps with packets unread.
 */
static void ring_test_wait_publish_signal(struct kunit *test)
{
	struct hvg2_ring_fixture *f = fx_setup(test, 1, 0, 0);
	u32 n = 0;

	while (put(f, n, 64 - 8 - DESC_SZ) == 0)
		n++;
	/* the consumer read everything meanwhile: nothing due */
	while (n--)
		get_check(test, f, PAGE_SIZE / 64 - 2 - n, 64 - 8 - DESC_SZ);
	KUNIT_EXPECT_TRUE(test, hvg2_ring_release(&f->cons));
	KUNIT_EXPECT_FALSE(test, hvg2_ring_publish(&f->prod));
	KUNIT_EXPECT_EQ(test, f->prod.stats.signals, 0ull);

	/* fill again from here; the deferring publish reports it owed */
	n = 0;
	while (put(f, n, 64 - 8 - DESC_SZ) == 0)
		n++;
	KUNIT_EXPECT_TRUE(test, hvg2_ring_publish_owe(&f->prod));
	KUNIT_EXPECT_TRUE(test, hvg2_ring_owed(&f->prod));
	KUNIT_EXPECT_EQ(test, f->prod.stats.signals, 1ull);
}

/* The largest packet of the smallest ring, and len8's limit on a big one. */
/* A producer cursor's answer to one reservation of @len, nothing committed. */
static int cursor_reserve(struct hvg2_ring_fixture *f, u32 len)
{
	struct hvg2_ring_wbatch wb;
	struct hvg2_pkt_desc *d;

	hvg2_ring_wbatch_begin(&f->prod, &wb);
	d = hvg2_ring_wbatch_reserve(&f->prod, &wb, len);
	hvg2_ring_wbatch_end(&f->prod, &wb);
	return PTR_ERR_OR_ZERO(d);
}

static void ring_test_largest_packet(struct kunit *test)
{
	struct hvg2_ring_fixture *f = fx_setup(test, 1, 2048, 0);
	u32 max = PAGE_SIZE - 8 - 8;

	KUNIT_EXPECT_EQ(test, hvg2_ring_space(&f->prod), max);
	KUNIT_EXPECT_EQ(test, PTR_ERR(hvg2_ring_reserve(&f->prod, max + 1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(hvg2_ring_reserve(&f->prod, DESC_SZ - 1)), -EINVAL);
	KUNIT_EXPECT_EQ(test, cursor_reserve(f, max + 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, cursor_reserve(f, DESC_SZ - 1), -EINVAL);
	KUNIT_ASSERT_EQ(test, 0, put(f, 7, max - DESC_SZ));
	KUNIT_EXPECT_TRUE(test, hvg2_ring_publish(&f->prod));
	get_check(test, f, 7, max - DESC_SZ);
	hvg2_ring_release(&f->cons);

	/* 129 pages: len8 (16 bits of 8-byte units) is the limit, not the ring */
	f = fx_setup(test, 129, 0, HVG2_RING_COPY_OUT);
	KUNIT_EXPECT_EQ(test, hvg2_ring_space(&f->prod), HVG2_PKT_MAX_LEN);
	KUNIT_EXPECT_EQ(test, PTR_ERR(hvg2_ring_reserve(&f->prod, HVG2_PKT_MAX_LEN + 1)),
			-EINVAL);
	/* the cursors refuse what len8 cannot describe, however much room */
	KUNIT_EXPECT_EQ(test, cursor_reserve(f, HVG2_PKT_MAX_LEN + 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, cursor_reserve(f, 0xfffffffcu), -EINVAL);
	KUNIT_ASSERT_EQ(test, 0, put(f, 9, HVG2_PKT_MAX_LEN - DESC_SZ));
	hvg2_ring_publish(&f->prod);
	get_check(test, f, 9, HVG2_PKT_MAX_LEN - DESC_SZ);
}

/* Commits are invisible until one publish makes the whole batch visible. */
static void ring_test_batch_commit(struct kunit *test)
{
	struct hvg2_ring_fixture *f = fx_setup(test, 2, 0, 0);
	struct hvg2_ring_pkt pkt;
	u32 i;

	for (i = 0; i < 10; i++)
		KUNIT_ASSERT_EQ(test, 0, put(f, i, i * 10));
	KUNIT_EXPECT_EQ(test, fx_hdr(f)->write_index, 0u);
	KUNIT_EXPECT_EQ(test, -ENODATA, hvg2_ring_peek(&f->cons, &pkt));
	KUNIT_EXPECT_TRUE(test, hvg2_ring_publish(&f->prod));
	KUNIT_EXPECT_EQ(test, fx_hdr(f)->write_index, f->prod.prod_next);
	KUNIT_EXPECT_FALSE(test, hvg2_ring_publish(&f->prod));	/* nothing new */
	KUNIT_EXPECT_EQ(test, f->prod.stats.signals, 1ull);
	for (i = 0; i < 10; i++)
		get_check(test, f, i, i * 10);
	KUNIT_EXPECT_EQ(test, fx_hdr(f)->read_index, 0u);	/* not yet released */
	hvg2_ring_release(&f->cons);
	KUNIT_EXPECT_EQ(test, fx_hdr(f)->read_index, f->prod.prod_next);
	KUNIT_EXPECT_EQ(test, f->cons.stats.packets, 10ull);
	KUNIT_EXPECT_EQ(test, f->cons.stats.bytes, f->prod.stats.bytes);
}

/* A gathered packet equals one built in place. */
static void ring_test_writev(struct kunit *test)
{
	struct hvg2_ring_fixture *f = fx_setup(test, 1, PAGE_SIZE - 16, 0);
	struct hvg2_pkt_desc d = {
		.type = HVG2_PKT_DATA_INBAND, .offset8 = DESC_SZ / 8, .trans_id = 3,
	};
	u8 a[29], b[70];
	struct kvec short_iov = { .iov_base = a, .iov_len = 8 };
	struct kvec iov[] = {
		{ .iov_base = &d, .iov_len = sizeof(d) },
		{ .iov_base = a, .iov_len = sizeof(a) },
		{ .iov_base = b, .iov_len = sizeof(b) },
	};
	u32 i;

	for (i = 0; i < sizeof(a); i++)
		a[i] = hvg2_ring_test_pattern(3, i);
	for (i = 0; i < sizeof(b); i++)
		b[i] = hvg2_ring_test_pattern(3, sizeof(a) + i);
	KUNIT_ASSERT_EQ(test, 0, hvg2_ring_writev(&f->prod, iov, ARRAY_SIZE(iov)));
	KUNIT_EXPECT_EQ(test, -EINVAL, hvg2_ring_writev(&f->prod, &short_iov, 1));
	hvg2_ring_publish(&f->prod);
	get_check(test, f, 3, sizeof(a) + sizeof(b));
	KUNIT_EXPECT_EQ(test, f->prod.stats.copied, (u64)(sizeof(d) + sizeof(a) + sizeof(b)));
}

/* ---- signalling, as tables ---- */

struct publish_case {
	const char *name;
	bool backlog;		/* an earlier packet is still unconsumed */
	bool mask;		/* the consumer masked interrupts */
	bool commit;		/* something to publish at all */
	bool signal;
};

static const struct publish_case publish_cases[] = {
	{ "empty to non-empty", false, false, true, true },
	{ "empty, masked", false, true, true, false },
	{ "already non-empty", true, false, true, false },
	{ "already non-empty, masked", true, true, true, false },
	{ "nothing committed", false, false, false, false },
};

static void publish_case_desc(const struct publish_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(publish, publish_cases, publish_case_desc);

static void ring_test_publish_signal(struct kunit *test)
{
	const struct publish_case *c = test->param_value;
	struct hvg2_ring_fixture *f = fx_setup(test, 1, 0, 0);

	if (c->backlog) {
		KUNIT_ASSERT_EQ(test, 0, put(f, 0, 8));
		hvg2_ring_publish(&f->prod);
	}
	if (c->mask)
		hvg2_ring_mask(&f->cons);
	if (c->commit)
		KUNIT_ASSERT_EQ(test, 0, put(f, 1, 8));
	KUNIT_EXPECT_EQ(test, hvg2_ring_publish(&f->prod), c->signal);
	if (c->mask)	/* packets arrived while masked: poll again */
		KUNIT_EXPECT_TRUE(test, hvg2_ring_unmask(&f->cons));
}

struct release_case {
	const char *name;
	bool feature;		/* the producer honours pending_send_sz */
	u32 fill;		/* bytes queued (64-byte packets) */
	u32 take;		/* bytes consumed, then released at once */
	u32 pending;		/* the producer's pending_send_sz */
	bool signal;
};

static const struct release_case release_cases[] = {
	{ "no request", true, 4032, 64, 0, false },
	{ "crossing", true, 4032, 64, 100, true },
	{ "crossing exactly", true, 4032, 64, 127, true },
	{ "not enough yet", true, 4032, 64, 128, false },
	{ "had enough before", true, 1024, 64, 100, false },
	{ "big release crossing", true, 4032, 2048, 1000, true },
	{ "feature bit clear", false, 4032, 64, 100, false },
};

static void release_case_desc(const struct release_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(release, release_cases, release_case_desc);

static void ring_test_release_signal(struct kunit *test)
{
	const struct release_case *c = test->param_value;
	struct hvg2_ring_fixture *f = fx_setup(test, 1, 0, 0);
	u32 i;

	if (!c->feature)
		fx_hdr(f)->feature_bits = 0;
	for (i = 0; i < c->fill / 64; i++)
		KUNIT_ASSERT_EQ(test, 0, put(f, i, 64 - 8 - DESC_SZ));
	hvg2_ring_publish(&f->prod);
	fx_hdr(f)->pending_send_sz = c->pending;
	for (i = 0; i < c->take / 64; i++)
		get_check(test, f, i, 64 - 8 - DESC_SZ);
	KUNIT_EXPECT_EQ(test, hvg2_ring_release(&f->cons), c->signal);
	KUNIT_EXPECT_FALSE(test, hvg2_ring_is_broken(&f->cons));
}

/* A masked consumer is not signalled; unmask reports what arrived. */
static void ring_test_mask_unmask(struct kunit *test)
{
	struct hvg2_ring_fixture *f = fx_setup(test, 1, 0, 0);

	hvg2_ring_mask(&f->cons);
	KUNIT_EXPECT_EQ(test, fx_hdr(f)->interrupt_mask, 1u);
	KUNIT_EXPECT_FALSE(test, hvg2_ring_unmask(&f->cons));
	KUNIT_EXPECT_EQ(test, fx_hdr(f)->interrupt_mask, 0u);
	hvg2_ring_mask(&f->cons);
	KUNIT_ASSERT_EQ(test, 0, put(f, 0, 8));
	KUNIT_EXPECT_FALSE(test, hvg2_ring_publish(&f->prod));
	KUNIT_EXPECT_TRUE(test, hvg2_ring_unmask(&f->cons));
	get_check(test, f, 0, 8);
	hvg2_ring_release(&f->cons);
	KUNIT_EXPECT_FALSE(test, hvg2_ring_unmask(&f->cons));
}

/* ---- deferred doorbells: hvg2_ring_publish_owe() and hvg2_ring_owed() ---- */

struct owe_case {
	const char *name;
	bool mask_first;	/* consumer masked before the publish */
	bool read;		/* consumer reads and releases before the check */
	bool mask_later;	/* consumer masks after the publish */
	bool more;		/* a second, plain publish before the check */
	bool owed;		/* publish_owe's answer */
	bool due;		/* hvg2_ring_owed()'s answer */
};

static const struct owe_case owe_cases[] = {
	{ "idle consumer, still idle", false, false, false, false, true, true },
	{ "idle consumer read it meanwhile", false, true, false, false, true, false },
	{ "idle consumer, masked meanwhile", false, false, true, false, true, false },
	{ "masked consumer", true, false, false, false, false, false },
	{ "a plain publish behind it", false, false, false, true, true, true },
};

static void owe_case_desc(const struct owe_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(owe, owe_cases, owe_case_desc);

/*
 * An owed signal is not counted nor sent; it is due later only while the
 * consumer sleeps with unread packets. A plain publish behind an owed one
 * does not signal (the ring is not empty): only the owed check pays it.
 */
static void ring_test_owe(struct kunit *test)
{
	const struct owe_case *c = test->param_value;
	struct hvg2_ring_fixture *f = fx_setup(test, 1, 0, 0);

	if (c->mask_first)
		hvg2_ring_mask(&f->cons);
	KUNIT_ASSERT_EQ(test, 0, put(f, 1, 8));
	KUNIT_EXPECT_EQ(test, hvg2_ring_publish_owe(&f->prod), c->owed);
	KUNIT_EXPECT_EQ(test, f->prod.stats.signals, 0ull);
	if (c->more) {
		KUNIT_ASSERT_EQ(test, 0, put(f, 2, 8));
		KUNIT_EXPECT_FALSE(test, hvg2_ring_publish(&f->prod));
	}
	if (c->read) {
		get_check(test, f, 1, 8);
		hvg2_ring_release(&f->cons);
	}
	if (c->mask_later)
		hvg2_ring_mask(&f->cons);
	KUNIT_EXPECT_EQ(test, hvg2_ring_owed(&f->prod), c->due);
	KUNIT_EXPECT_EQ(test, f->prod.stats.signals, c->due ? 1ull : 0ull);
	/* a masked consumer finds the packets when it unmasks */
	if (c->mask_first || c->mask_later)
		KUNIT_EXPECT_TRUE(test, hvg2_ring_unmask(&f->cons));
	KUNIT_EXPECT_FALSE(test, hvg2_ring_is_broken(&f->prod));
}

/* A broken ring owes nothing. */
static void ring_test_owe_broken(struct kunit *test)
{
	struct hvg2_ring_fixture *f = fx_setup(test, 1, 0, 0);

	KUNIT_ASSERT_EQ(test, 0, put(f, 1, 8));
	KUNIT_EXPECT_TRUE(test, hvg2_ring_publish_owe(&f->prod));
	fx_hdr(f)->read_index = f->prod.size + 8;	/* out of range */
	KUNIT_EXPECT_FALSE(test, hvg2_ring_owed(&f->prod));
	KUNIT_EXPECT_TRUE(test, hvg2_ring_is_broken(&f->prod));
	KUNIT_EXPECT_FALSE(test, hvg2_ring_owed(&f->prod));
}

/*
 * The cursors fall back to the plain path at every edge: a full ring
 * (pending_send_sz set, then cleared), a bad descriptor, a broken ring.
 */
static void ring_test_cursor_edges(struct kunit *test)
{
	struct hvg2_ring_fixture *f = fx_setup(test, 1, 0, 0);
	struct hvg2_ring_wbatch wb;
	struct hvg2_ring_rbatch rb;
	struct hvg2_ring_pkt pkt;
	struct hvg2_pkt_desc *d;
	bool signal;
	u32 n = 0;

	/* one batch that fills the ring: 63 packets of 64 wire bytes */
	hvg2_ring_wbatch_begin(&f->prod, &wb);
	while (!IS_ERR(d = hvg2_ring_wbatch_reserve(&f->prod, &wb, 56))) {
		d->type = HVG2_PKT_DATA_INBAND;
		d->offset8 = DESC_SZ / 8;
		d->flags = 0;
		d->trans_id = n;
		memset(d + 1, 0, 40);
		hvg2_ring_wbatch_commit(&wb);
		n++;
	}
	KUNIT_EXPECT_EQ(test, PTR_ERR(d), -EAGAIN);
	KUNIT_EXPECT_EQ(test, n, PAGE_SIZE / 64 - 1);
	KUNIT_EXPECT_TRUE(test, hvg2_ring_wbatch_end(&f->prod, &wb));
	KUNIT_EXPECT_EQ(test, f->prod.stats.packets, (u64)n);
	KUNIT_EXPECT_EQ(test, fx_hdr(f)->pending_send_sz, 64u);

	/* one packet out crosses pending_send_sz; the next reserve clears it */
	hvg2_ring_rbatch_begin(&f->cons, &rb);
	KUNIT_ASSERT_EQ(test, 0, hvg2_ring_rbatch_peek(&f->cons, &rb, &pkt));
	KUNIT_EXPECT_EQ(test, pkt.trans_id, 0ull);
	hvg2_ring_rbatch_advance(&rb);
	KUNIT_EXPECT_TRUE(test, hvg2_ring_rbatch_end(&f->cons, &rb));
	KUNIT_EXPECT_EQ(test, 0, put_cursor(f, n, 40, &signal));
	KUNIT_EXPECT_FALSE(test, signal);
	KUNIT_EXPECT_EQ(test, fx_hdr(f)->pending_send_sz, 0u);

	/* a bad descriptor the cursor reaches breaks the ring for good */
	hvg2_ring_rbatch_begin(&f->cons, &rb);
	KUNIT_ASSERT_EQ(test, 0, hvg2_ring_rbatch_peek(&f->cons, &rb, &pkt));
	hvg2_ring_rbatch_advance(&rb);
	((struct hvg2_pkt_desc *)(f->cons.data + rb.next))->offset8 = 1;
	KUNIT_EXPECT_EQ(test, -EIO, hvg2_ring_rbatch_peek(&f->cons, &rb, &pkt));
	KUNIT_EXPECT_FALSE(test, hvg2_ring_rbatch_end(&f->cons, &rb));
	hvg2_ring_rbatch_begin(&f->cons, &rb);
	KUNIT_EXPECT_EQ(test, -EIO, hvg2_ring_rbatch_peek(&f->cons, &rb, &pkt));
	hvg2_ring_rbatch_end(&f->cons, &rb);
	KUNIT_EXPECT_EQ(test, f->cons.stats.packets, 2ull);

	/* and a producer cursor on a broken ring gets -EIO */
	WRITE_ONCE(f->prod.broken, true);
	KUNIT_EXPECT_EQ(test, -EIO, put_cursor(f, 0, 8, &signal));
	KUNIT_EXPECT_FALSE(test, signal);
}

/* ---- copy-out ---- */

static void ring_test_copy_out(struct kunit *test)
{
	struct hvg2_ring_fixture *f = fx_setup(test, 1, PAGE_SIZE - 40, HVG2_RING_COPY_OUT);
	const u8 *ring_lo = f->cons.data, *ring_hi = ring_lo + 2 * f->size;
	struct hvg2_ring_pkt pkt;
	u8 *in_ring;
	u8 first;

	KUNIT_ASSERT_EQ(test, 0, put(f, 5, 300));	/* straddles the end */
	hvg2_ring_publish(&f->prod);
	KUNIT_ASSERT_EQ(test, 0, hvg2_ring_peek(&f->cons, &pkt));
	/* the packet handed out is the private copy, not the ring */
	KUNIT_EXPECT_PTR_EQ(test, (const void *)pkt.desc, (const void *)f->cons.copy_buf);
	KUNIT_EXPECT_TRUE(test, (const u8 *)pkt.payload < ring_lo ||
			  (const u8 *)pkt.payload >= ring_hi);
	/* the peer rewriting the ring after the copy changes nothing */
	in_ring = f->cons.data + f->cons.cons_next + DESC_SZ;
	first = *(const u8 *)pkt.payload;
	*in_ring ^= 0xff;
	KUNIT_EXPECT_EQ(test, *(const u8 *)pkt.payload, first);
	KUNIT_EXPECT_EQ(test, f->cons.stats.copied, (u64)ALIGN(DESC_SZ + 300, 8));
	*in_ring ^= 0xff;
	get_check(test, f, 5, 300);

	/* validated on the copy: a bad length in the ring is caught there */
	KUNIT_ASSERT_EQ(test, 0, put(f, 6, 300));
	hvg2_ring_publish(&f->prod);
	((struct hvg2_pkt_desc *)(f->cons.data + f->cons.cons_next))->len8 = 0x1ff;
	KUNIT_EXPECT_EQ(test, -EIO, hvg2_ring_peek(&f->cons, &pkt));
	KUNIT_EXPECT_TRUE(test, hvg2_ring_is_broken(&f->cons));
}

static struct kunit_case ring_test_cases[] = {
	KUNIT_CASE_PARAM(ring_test_wrap_every_offset, api_gen_params),
	KUNIT_CASE(ring_test_full_empty),
	KUNIT_CASE(ring_test_wait_behind_unpublished),
	KUNIT_CASE(ring_test_wait_publish_signal),
	KUNIT_CASE(ring_test_largest_packet),
	KUNIT_CASE(ring_test_batch_commit),
	KUNIT_CASE(ring_test_writev),
	KUNIT_CASE_PARAM(ring_test_publish_signal, publish_gen_params),
	KUNIT_CASE_PARAM(ring_test_release_signal, release_gen_params),
	KUNIT_CASE(ring_test_mask_unmask),
	KUNIT_CASE_PARAM(ring_test_owe, owe_gen_params),
	KUNIT_CASE(ring_test_owe_broken),
	KUNIT_CASE(ring_test_cursor_edges),
	KUNIT_CASE(ring_test_copy_out),
	KUNIT_CASE_PARAM(hvg2_ring_test_corrupt, hvg2_ring_test_corrupt_params),
	KUNIT_CASE(hvg2_ring_test_init_rejects),
	KUNIT_CASE_PARAM(hvg2_ring_test_stress, hvg2_ring_test_stress_params),
	{}
};

static struct kunit_suite ring_test_suite = {
	.name = "hvg2_ring",
	.init = ring_test_init,
	.exit = ring_test_exit,
	.test_cases = ring_test_cases,
};

kunit_test_suite(ring_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for hvg2_ring");

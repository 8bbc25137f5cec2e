// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_ring KUnit suite, the hostile peer: each field the peer writes
 * (write_index, read_index, len8, offset8, pending_send_sz), corrupted in
 * each way an honest peer could not have written it, breaks the ring with
 * -EIO, and every later call fails without touching the ring (KASAN
 * watches for any access outside it). Each corruption is tried through the
 * plain calls, the batch cursors and a copy-out consumer.
 *
 *   ring in mid-life: [consumed][pkt 1][pkt 2][free ...]
 *                                 ^ cons_next (or past pkt 2: the cached
 *                                   write_index is used up, the header is
 *                                   read again)
 */
#include <linux/module.h>
#include <linux/err.h>

#include "ring_kunit.h"

enum corrupt_side {
	CONSUMER_PEEK,		/* the next packet's descriptor */
	CONSUMER_REFRESH,	/* write_index, once the cached one is used up */
	CONSUMER_RELEASE,
	PRODUCER_RESERVE,
	PRODUCER_PUBLISH,
};

enum corruption {
	WIDX_RANGE, WIDX_HUGE, WIDX_ALIGN, WIDX_INSIDE, WIDX_BACK,
	LEN_SHORT, LEN_ZERO, LEN_LONG, LEN_AVAIL, OFF_SHORT, OFF_LONG,
	PENDING, RIDX_RANGE, RIDX_ALIGN, RIDX_PAST, RIDX_BACK,
};

struct corrupt_case {
	const char *name;
	enum corrupt_side side;
	enum corruption what;
};

static struct hvg2_pkt_desc *next_desc(struct hvg2_ring_fixture *f)
{
	return (struct hvg2_pkt_desc *)(f->cons.data + f->cons.cons_next);
}

static void corrupt(struct hvg2_ring_fixture *f, enum corruption what)
{
	struct hvg2_ring_hdr *hdr = fx_hdr(f);
	struct hvg2_pkt_desc *d = next_desc(f);

	switch (what) {
	case WIDX_RANGE:
		hdr->write_index = f->size;
		break;
	case WIDX_HUGE:
		hdr->write_index = 0xfffffff8;
		break;
	case WIDX_ALIGN:
		hdr->write_index += 4;
		break;
	case WIDX_INSIDE:
		hdr->write_index = f->cons.cons_next + 16;
		break;
	case WIDX_BACK:
		hdr->write_index = 128;
		break;
	case LEN_SHORT:
		d->len8 = 1;
		break;
	case LEN_ZERO:
		d->len8 = 0;
		break;
	case LEN_LONG:
		d->len8 = 0xffff;
		break;
	case LEN_AVAIL:
		d->len8 = 128 / 8;	/* two packets are available */
		break;
	case OFF_SHORT:
		d->offset8 = 1;
		break;
	case OFF_LONG:
		d->offset8 = d->len8 + 1;
		break;
	case PENDING:
		hdr->pending_send_sz = f->size + 8;
		break;
	case RIDX_RANGE:
		hdr->read_index = f->size + 64;
		break;
	case RIDX_ALIGN:
		hdr->read_index = 12;
		break;
	case RIDX_PAST:
		hdr->read_index = f->prod.prod_pub + 128;
		break;
	case RIDX_BACK:
		hdr->read_index = f->size - 64;
		break;
	}
}

static const struct corrupt_case corrupt_cases[] = {
	{ "write_index == size", CONSUMER_REFRESH, WIDX_RANGE },
	{ "write_index huge", CONSUMER_REFRESH, WIDX_HUGE },
	{ "write_index misaligned", CONSUMER_REFRESH, WIDX_ALIGN },
	{ "write_index inside a packet", CONSUMER_REFRESH, WIDX_INSIDE },
	{ "write_index moved backwards", CONSUMER_REFRESH, WIDX_BACK },
	{ "len8 shorter than a descriptor", CONSUMER_PEEK, LEN_SHORT },
	{ "len8 zero", CONSUMER_PEEK, LEN_ZERO },
	{ "len8 longer than the ring", CONSUMER_PEEK, LEN_LONG },
	{ "len8 past the bytes available", CONSUMER_PEEK, LEN_AVAIL },
	{ "offset8 inside the descriptor", CONSUMER_PEEK, OFF_SHORT },
	{ "offset8 past len8", CONSUMER_PEEK, OFF_LONG },
	{ "pending_send_sz larger than the ring", CONSUMER_RELEASE, PENDING },
	{ "read_index out of range", PRODUCER_RESERVE, RIDX_RANGE },
	{ "read_index misaligned", PRODUCER_RESERVE, RIDX_ALIGN },
	{ "read_index past write_index", PRODUCER_PUBLISH, RIDX_PAST },
	{ "read_index moved backwards", PRODUCER_PUBLISH, RIDX_BACK },
};

static void corrupt_case_desc(const struct corrupt_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(corrupt, corrupt_cases, corrupt_case_desc);

/* Every later call on a broken ring fails, and touches nothing. */
static void expect_dead(struct kunit *test, struct hvg2_ring *r)
{
	struct hvg2_ring_pkt pkt;

	KUNIT_EXPECT_TRUE(test, hvg2_ring_is_broken(r));
	KUNIT_EXPECT_EQ(test, -EIO, hvg2_ring_peek(r, &pkt));
	KUNIT_EXPECT_EQ(test, -EIO, PTR_ERR(hvg2_ring_reserve(r, 64)));
	KUNIT_EXPECT_FALSE(test, hvg2_ring_publish(r));
	KUNIT_EXPECT_FALSE(test, hvg2_ring_release(r));
	KUNIT_EXPECT_EQ(test, 0u, hvg2_ring_pending(r));
	KUNIT_EXPECT_EQ(test, 0u, hvg2_ring_space(r));
	KUNIT_EXPECT_TRUE(test, hvg2_ring_unmask(r));
}

/* The ways into the ring a corruption is tried through. */
enum corrupt_via {
	VIA_PLAIN,		/* the plain calls, in place */
	VIA_CURSOR,		/* the batch cursors */
	VIA_COPY_OUT,		/* the plain calls, copy-out consumer */
	VIA_NR
};

static const char *const corrupt_via_name[VIA_NR] = {
	"plain calls", "batch cursors", "copy-out",
};

/* Fill until the cached read index runs out and the header is read. */
static void corrupt_fill(struct hvg2_ring_fixture *f, bool cursor)
{
	bool signal;

	if (cursor) {
		while (put_cursor(f, 9, 200, &signal) == 0)
			;
	} else {
		while (put(f, 9, 200) == 0)
			;
	}
}

/* What the consumer side does once the field is corrupted. */
static void corrupt_consume(struct kunit *test, struct hvg2_ring_fixture *f,
			    enum corrupt_side side, bool cursor)
{
	struct hvg2_ring_rbatch rb;
	struct hvg2_ring_pkt pkt;

	if (side == CONSUMER_RELEASE) {
		if (cursor)
			KUNIT_EXPECT_FALSE(test, get_check_cursor(test, f, 1, 40));
		else
			get_check(test, f, 1, 40);
		KUNIT_EXPECT_FALSE(test, hvg2_ring_release(&f->cons));
		return;
	}
	if (!cursor) {
		KUNIT_EXPECT_EQ(test, -EIO, hvg2_ring_peek(&f->cons, &pkt));
		return;
	}
	hvg2_ring_rbatch_begin(&f->cons, &rb);
	KUNIT_EXPECT_EQ(test, -EIO, hvg2_ring_rbatch_peek(&f->cons, &rb, &pkt));
	KUNIT_EXPECT_FALSE(test, hvg2_ring_rbatch_end(&f->cons, &rb));
}

static void corrupt_via(struct kunit *test, const struct corrupt_case *c,
			enum corrupt_via via)
{
	bool producer = c->side == PRODUCER_RESERVE || c->side == PRODUCER_PUBLISH;
	bool cursor = via == VIA_CURSOR;
	struct hvg2_ring_fixture *f;
	struct hvg2_ring *victim;
	bool signal;
	u32 i;

	f = hvg2_ring_test_setup(test, 1, 0, via == VIA_COPY_OUT ? HVG2_RING_COPY_OUT : 0);
	/* a ring in mid-life: one packet consumed, two waiting */
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, 0, put(f, i, 40));
	hvg2_ring_publish(&f->prod);
	get_check(test, f, 0, 40);
	hvg2_ring_release(&f->cons);

	/*
	 * The cached write_index still covers two packets; consume them
	 * (without releasing) so that the next peek must read the header.
	 */
	if (c->side == CONSUMER_REFRESH) {
		get_check(test, f, 1, 40);
		get_check(test, f, 2, 40);
	}
	corrupt(f, c->what);
	switch (c->side) {
	case PRODUCER_RESERVE:
		corrupt_fill(f, cursor);
		break;
	case PRODUCER_PUBLISH:
		if (cursor) {
			KUNIT_ASSERT_EQ(test, 0, put_cursor(f, 9, 40, &signal));
			KUNIT_EXPECT_FALSE(test, signal);
		} else {
			KUNIT_ASSERT_EQ(test, 0, put(f, 9, 40));
			KUNIT_EXPECT_FALSE(test, hvg2_ring_publish(&f->prod));
		}
		break;
	default:
		corrupt_consume(test, f, c->side, cursor);
		break;
	}
	victim = producer ? &f->prod : &f->cons;
	expect_dead(test, victim);
}

/*
 * Each corruption through every way in: the plain calls, the batch
 * cursors and (for the consumer) copy-out, each on a fresh ring.
 */
void hvg2_ring_test_corrupt(struct kunit *test)
{
	const struct corrupt_case *c = test->param_value;
	bool producer = c->side == PRODUCER_RESERVE || c->side == PRODUCER_PUBLISH;
	enum corrupt_via via;

	for (via = VIA_PLAIN; via < VIA_NR; via++) {
		if (producer && via == VIA_COPY_OUT)
			continue;	/* copy-out is a consumer mode */
		corrupt_via(test, c, via);
		if (test->status == KUNIT_FAILURE) {
			kunit_info(test, "failed through the %s\n", corrupt_via_name[via]);
			return;
		}
	}
}

/* Nothing the peer wrote before we start is trusted either. */
void hvg2_ring_test_init_rejects(struct kunit *test)
{
	struct hvg2_ring_fixture *f = hvg2_ring_test_setup(test, 1, 0, 0);
	struct hvg2_ring r;

	fx_hdr(f)->write_index = PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, -EINVAL, hvg2_ring_init(&r, fx_hdr(f), f->cons.data,
						      f->size, 0));
	fx_hdr(f)->write_index = 0;
	fx_hdr(f)->read_index = 3;
	KUNIT_EXPECT_EQ(test, -EINVAL, hvg2_ring_init(&r, fx_hdr(f), f->cons.data,
						      f->size, 0));
	fx_hdr(f)->read_index = 0;
	KUNIT_EXPECT_EQ(test, -EINVAL, hvg2_ring_init(&r, fx_hdr(f), f->cons.data,
						      f->size + 100, 0));
	KUNIT_EXPECT_EQ(test, -EINVAL, hvg2_ring_init(&r, fx_hdr(f), f->cons.data,
						      f->size, 0x80));
}

const void *hvg2_ring_test_corrupt_params(const void *prev, char *desc)
{
	return corrupt_gen_params(prev, desc);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the hvg2_ring KUnit suite share: the fixture (a ring
 * of real double-mapped memory with a producer and a consumer on it), the
 * payload pattern, and the helpers that put and check one packet.
 */
#ifndef _HVG2_RING_KUNIT_H
#define _HVG2_RING_KUNIT_H

#include <kunit/test.h>
#include <linux/err.h>
#include "hvg2/ring.h"

#define DESC_SZ		((u32)sizeof(struct hvg2_pkt_desc))

struct hvg2_ring_fixture {
	struct hvg2_ring_mem mem;
	struct hvg2_ring prod;
	struct hvg2_ring cons;
	u32 size;
};

/* Payload byte @i of packet @seq. */
static inline u8 hvg2_ring_test_pattern(u64 seq, u32 i)
{
	return (u8)(seq * 131 + i * 7 + 1);
}

struct hvg2_ring_fixture *hvg2_ring_test_setup(struct kunit *test, u32 pages,
					       u32 start, u32 cons_flags);

static inline struct hvg2_ring_hdr *fx_hdr(struct hvg2_ring_fixture *f)
{
	return hvg2_ring_mem_hdr(&f->mem);
}

/* Produce one packet with @plen payload bytes of hvg2_ring_test_pattern(@seq); commit. */
static inline int put(struct hvg2_ring_fixture *f, u64 seq, u32 plen)
{
	struct hvg2_pkt_desc *d = hvg2_ring_reserve(&f->prod, DESC_SZ + plen);
	u8 *p;
	u32 i;

	if (IS_ERR(d))
		return PTR_ERR(d);
	d->type = HVG2_PKT_DATA_INBAND;
	d->offset8 = DESC_SZ / 8;
	d->flags = 0;
	d->trans_id = seq;
	p = (u8 *)(d + 1);
	for (i = 0; i < plen; i++)
		p[i] = hvg2_ring_test_pattern(seq, i);
	hvg2_ring_commit(&f->prod);
	return 0;
}

/* The same through a producer batch cursor: one packet, one batch. */
static inline int put_cursor(struct hvg2_ring_fixture *f, u64 seq, u32 plen,
			     bool *signal)
{
	struct hvg2_ring_wbatch wb;
	struct hvg2_pkt_desc *d;
	u32 i;

	hvg2_ring_wbatch_begin(&f->prod, &wb);
	d = hvg2_ring_wbatch_reserve(&f->prod, &wb, DESC_SZ + plen);
	if (!IS_ERR(d)) {
		d->type = HVG2_PKT_DATA_INBAND;
		d->offset8 = DESC_SZ / 8;
		d->flags = 0;
		d->trans_id = seq;
		for (i = 0; i < plen; i++)
			((u8 *)(d + 1))[i] = hvg2_ring_test_pattern(seq, i);
		hvg2_ring_wbatch_commit(&wb);
	}
	*signal = hvg2_ring_wbatch_end(&f->prod, &wb);
	return PTR_ERR_OR_ZERO(d);
}

/* Check that @pkt is packet @seq with @plen payload bytes. */
static inline void check_pkt(struct kunit *test, const struct hvg2_ring_pkt *pkt,
			     u64 seq, u32 plen)
{
	const u8 *p;
	u32 i, bad = 0;

	KUNIT_EXPECT_EQ(test, pkt->trans_id, seq);
	KUNIT_EXPECT_EQ(test, pkt->type, HVG2_PKT_DATA_INBAND);
	KUNIT_EXPECT_EQ(test, pkt->len, ALIGN(DESC_SZ + plen, 8));
	KUNIT_EXPECT_EQ(test, pkt->payload_len, ALIGN(DESC_SZ + plen, 8) - DESC_SZ);
	p = pkt->payload;
	for (i = 0; i < plen; i++)
		bad += p[i] != hvg2_ring_test_pattern(seq, i);
	for (; i < pkt->payload_len; i++)
		bad += p[i] != 0;	/* padding is zeroed */
	KUNIT_EXPECT_EQ(test, bad, 0);
}

/* Consume one packet and check it is @seq with @plen payload bytes. */
static inline void get_check(struct kunit *test, struct hvg2_ring_fixture *f,
			     u64 seq, u32 plen)
{
	struct hvg2_ring_pkt pkt;

	KUNIT_ASSERT_EQ(test, 0, hvg2_ring_peek(&f->cons, &pkt));
	check_pkt(test, &pkt, seq, plen);
	hvg2_ring_advance(&f->cons);
}

/* The same through a consumer batch cursor; releases. */
static inline bool get_check_cursor(struct kunit *test,
				    struct hvg2_ring_fixture *f, u64 seq,
				    u32 plen)
{
	struct hvg2_ring_rbatch rb;
	struct hvg2_ring_pkt pkt;
	int err;

	hvg2_ring_rbatch_begin(&f->cons, &rb);
	err = hvg2_ring_rbatch_peek(&f->cons, &rb, &pkt);
	KUNIT_EXPECT_EQ(test, 0, err);
	if (!err) {
		check_pkt(test, &pkt, seq, plen);
		hvg2_ring_rbatch_advance(&rb);
	}
	return hvg2_ring_rbatch_end(&f->cons, &rb);
}

/* ring_kunit_corrupt.c */
void hvg2_ring_test_corrupt(struct kunit *test);
const void *hvg2_ring_test_corrupt_params(const void *prev, char *desc);
void hvg2_ring_test_init_rejects(struct kunit *test);

/* ring_kunit_stress.c */
void hvg2_ring_test_stress(struct kunit *test);
const void *hvg2_ring_test_stress_params(const void *prev, char *desc);

#endif /* _HVG2_RING_KUNIT_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the hvg2_ring KUnit suite share: the fixture (a ring
 * of real double-mapped memory with a producer and a consumer on it) and
 * the payload pattern.
 */
#ifndef _HVG2_RING_KUNIT_H
#define _HVG2_RING_KUNIT_H

#include <kunit/test.h>
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

/* ring_kunit_stress.c */
void hvg2_ring_test_stress(struct kunit *test);
const void *hvg2_ring_test_stress_params(const void *prev, char *desc);

#endif /* _HVG2_RING_KUNIT_H */

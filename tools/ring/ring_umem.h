/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space ring memory: the header page and the data area from one
 * memfd, the data mapped twice back to back (like ring_mem.c's vmap), with
 * an inaccessible guard page on either side so that any access outside
 * the ring faults at once.
 */
#ifndef _HVG2_RING_UMEM_H
#define _HVG2_RING_UMEM_H

#include "hvg2/ring.h"

struct hvg2u_mem {
	void *base;			/* the whole reservation, guards included */
	size_t len;
	struct hvg2_ring_hdr *hdr;
	u8 *data;			/* data[i] and data[size + i] alias */
	u32 size;
};

int hvg2u_mem_alloc(struct hvg2u_mem *m, u32 size);
void hvg2u_mem_free(struct hvg2u_mem *m);

#endif

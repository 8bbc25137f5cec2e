/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_ring batch cursors: the producer's and the consumer's hot paths,
 * inline, for callers that move many small packets per batch.
 *
 * The plain calls (hvg2_ring_reserve() ... hvg2_ring_publish()) keep the
 * ring position in struct hvg2_ring and update it at every packet. A store
 * there is cheap on its own, but a producer's stores queue behind its
 * stores to ring lines that are still on their way back from the
 * consumer's cache, so per-packet bookkeeping stores slow the whole
 * stream down. A cursor is a copy of the position on the caller's stack
 * for the length of one batch: the compiler keeps it in registers, the
 * only per-packet stores are the packet's own, and the ring structure is
 * written back once, at the end of the batch.
 *
 *	hvg2_ring_wbatch_begin(r, &wb);
 *	while (more && !IS_ERR(d = hvg2_ring_wbatch_reserve(r, &wb, len))) {
 *		...build the packet at d...
 *		hvg2_ring_wbatch_commit(&wb);
 *	}
 *	if (hvg2_ring_wbatch_end(r, &wb))
 *		signal the consumer;
 *
 *	hvg2_ring_rbatch_begin(r, &rb);
 *	while (budget-- && !hvg2_ring_rbatch_peek(r, &rb, &pkt)) {
 *		...use pkt...
 *		hvg2_ring_rbatch_advance(&rb);
 *	}
 *	if (hvg2_ring_rbatch_end(r, &rb))
 *		signal the producer;
 *
 * Same packets, same validation, same signalling decisions as the plain
 * calls (whose slow paths the cursors fall back to whenever the cached
 * index runs out). Between begin and end, use only the cursor on that side
 * of the ring. Copy-out consumers always take the plain path.
 */
#ifndef _HVG2_RING_BATCH_H
#define _HVG2_RING_BATCH_H

#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/string.h>

/* ---- shared by the plain calls and the cursors ---- */

/*
 * Finish a packet of @len bytes built at @p, which starts at ring offset
 * @at: len8 (unless the caller already wrote it: one store less), zeroed
 * padding, and the trailer holding @at in its high half. Returns the wire
 * length.
 */
static inline u32 __hvg2_ring_finish(u8 *p, u32 len, u32 at)
{
	u32 alen = ALIGN(len, HVG2_PKT_ALIGN);
	struct hvg2_pkt_desc *d = (struct hvg2_pkt_desc *)p;

	if (d->len8 != alen / HVG2_PKT_ALIGN)
		d->len8 = alen / HVG2_PKT_ALIGN;
	if (alen != len)
		memset(p + len, 0, alen - len);
	*(u64 *)(p + alen) = (u64)at << 32;
	return alen + HVG2_PKT_TRAILER_SIZE;
}

/*
 * Check the descriptor at @d, with @avail bytes published beyond it, and
 * snapshot it into @pkt. Each field the peer may still be writing is read
 * once. False when the peer broke the protocol.
 */
static inline bool __hvg2_ring_parse(const struct hvg2_pkt_desc *d, u32 avail,
				     struct hvg2_ring_pkt *pkt)
{
	u32 len = READ_ONCE(d->len8) * HVG2_PKT_ALIGN;
	u32 off = READ_ONCE(d->offset8) * HVG2_PKT_ALIGN;

	if (len < sizeof(*d) || len + HVG2_PKT_TRAILER_SIZE > avail ||
	    off < sizeof(*d) || off > len)
		return false;
	pkt->desc = d;
	pkt->payload = (const u8 *)d + off;
	pkt->len = len;
	pkt->payload_len = len - off;
	pkt->type = READ_ONCE(d->type);
	pkt->flags = READ_ONCE(d->flags);
	pkt->trans_id = READ_ONCE(d->trans_id);
	return true;
}

/* ---- producer cursor ---- */

/**
 * struct hvg2_ring_wbatch - a producer's batch in progress
 * @data: the ring's data area
 * @size: its size
 * @next: where the next packet goes
 * @room: bytes known free from @next on (a packet needs more than its wire
 *	length: the ring is never filled completely)
 * @len: length of the open reservation
 * @packets: packets committed in this batch
 */
struct hvg2_ring_wbatch {
	u8 *data;
	u32 size;
	u32 next;
	u32 room;
	u32 len;
	u32 packets;
};

/*
 * The out-of-line halves never see the cursor's address: a cursor whose
 * address escapes lives in memory, and keeping it in registers is the
 * point.
 */
struct hvg2_pkt_desc *hvg2_ring_wbatch_slow(struct hvg2_ring *r, u32 next,
					    u32 packets, u32 len);
u32 hvg2_ring_wbatch_room(struct hvg2_ring *r, u32 next);

/* Start a batch; nothing is read from the shared header. */
static inline void hvg2_ring_wbatch_begin(struct hvg2_ring *r,
					  struct hvg2_ring_wbatch *b)
{
	b->data = r->data;
	b->size = r->size;
	b->next = r->prod_next;
	b->len = 0;
	b->packets = 0;
	b->room = hvg2_ring_wbatch_room(r, b->next);
}

/*
 * hvg2_ring_reserve() for the batch: the same arguments, results and
 * errors. The fast path only compares against the room already known.
 */
static inline struct hvg2_pkt_desc *
hvg2_ring_wbatch_reserve(struct hvg2_ring *r, struct hvg2_ring_wbatch *b, u32 len)
{
	u32 wire = ALIGN(len, HVG2_PKT_ALIGN) + HVG2_PKT_TRAILER_SIZE;
	struct hvg2_pkt_desc *d;

	/* lengths len8 cannot describe (wire may have wrapped) go slow too */
	if (unlikely(len < sizeof(struct hvg2_pkt_desc) ||
		     len > HVG2_PKT_MAX_LEN || wire >= b->room)) {
		d = hvg2_ring_wbatch_slow(r, b->next, b->packets, len);
		b->packets = 0;
		b->room = hvg2_ring_wbatch_room(r, b->next);
		if (IS_ERR(d))
			return d;
	} else {
		d = (struct hvg2_pkt_desc *)(b->data + b->next);
	}
	b->len = len;
	return d;
}

/* hvg2_ring_commit() for the batch. */
static inline void hvg2_ring_wbatch_commit(struct hvg2_ring_wbatch *b)
{
	u32 wire;

	if (WARN_ON_ONCE(!b->len))
		return;
	wire = __hvg2_ring_finish(b->data + b->next, b->len, b->next);

	b->next += wire;
	if (b->next >= b->size)
		b->next -= b->size;
	b->room -= wire;
	b->len = 0;
	b->packets++;
}

/* End the batch: write the position back and publish, as hvg2_ring_publish(). */
static inline bool hvg2_ring_wbatch_end(struct hvg2_ring *r,
					struct hvg2_ring_wbatch *b)
{
	r->prod_next = b->next;
	r->stats.packets += b->packets;
	b->packets = 0;
	return hvg2_ring_publish(r);
}

/* ---- consumer cursor ---- */

/**
 * struct hvg2_ring_rbatch - a consumer's batch in progress
 * @data: the ring's data area
 * @size: its size
 * @next: where the next packet starts
 * @avail: bytes known published from @next on
 * @cur: wire length of the packet peeked, 0 if none
 * @packets: packets consumed in this batch
 */
struct hvg2_ring_rbatch {
	const u8 *data;
	u32 size;
	u32 next;
	u32 avail;
	u32 cur;
	u32 packets;
};

int hvg2_ring_rbatch_slow(struct hvg2_ring *r, u32 next, u32 packets,
			  struct hvg2_ring_pkt *pkt);

/* Where the plain path left the consumer: bytes published past @next. */
static inline u32 __hvg2_ring_rbatch_avail(const struct hvg2_ring *r, u32 next)
{
	u32 w = r->peer_write;

	if (hvg2_ring_is_broken(r))
		return 0;	/* the plain path reports -EIO */
	return w >= next ? w - next : w + r->size - next;
}

/* Start a batch; nothing is read from the shared header. */
static inline void hvg2_ring_rbatch_begin(struct hvg2_ring *r,
					  struct hvg2_ring_rbatch *b)
{
	b->data = r->data;
	b->size = r->size;
	b->next = r->cons_next;
	b->avail = __hvg2_ring_rbatch_avail(r, b->next);
	b->cur = 0;
	b->packets = 0;
}

/*
 * hvg2_ring_peek() for the batch: the same results and errors. The fast
 * path parses a packet the cached write index already covers; anything
 * else (empty, broken, a bad descriptor, copy-out) takes the plain path.
 */
static inline int hvg2_ring_rbatch_peek(struct hvg2_ring *r,
					struct hvg2_ring_rbatch *b,
					struct hvg2_ring_pkt *pkt)
{
	const struct hvg2_pkt_desc *d = (const struct hvg2_pkt_desc *)(b->data + b->next);
	int err;

	if (likely(b->avail >= sizeof(*d) + HVG2_PKT_TRAILER_SIZE &&
		   !(r->flags & HVG2_RING_COPY_OUT) &&
		   __hvg2_ring_parse(d, b->avail, pkt))) {
		b->cur = pkt->len + HVG2_PKT_TRAILER_SIZE;
		return 0;
	}
	err = hvg2_ring_rbatch_slow(r, b->next, b->packets, pkt);
	b->packets = 0;
	b->avail = __hvg2_ring_rbatch_avail(r, b->next);
	b->cur = err ? 0 : pkt->len + HVG2_PKT_TRAILER_SIZE;
	return err;
}

/* hvg2_ring_advance() for the batch. */
static inline void hvg2_ring_rbatch_advance(struct hvg2_ring_rbatch *b)
{
	if (WARN_ON_ONCE(!b->cur))
		return;
	b->next += b->cur;
	if (b->next >= b->size)
		b->next -= b->size;
	b->avail -= b->cur;
	b->cur = 0;
	b->packets++;
}

/* End the batch: write the position back and release, as hvg2_ring_release(). */
static inline bool hvg2_ring_rbatch_end(struct hvg2_ring *r,
					struct hvg2_ring_rbatch *b)
{
	r->cons_next = b->next;
	r->cons_cur = 0;
	r->stats.packets += b->packets;
	b->packets = 0;
	return hvg2_ring_release(r);
}

#endif /* _HVG2_RING_BATCH_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_ring: the Hyper-V ring buffer, one direction, one side.
 *
 * A VMBus channel is two of these: the guest produces into the outbound
 * ring and consumes from the inbound ring; the host does the opposite. The
 * same code serves both sides (the simulated host uses it too) and builds
 * unchanged in user space (tools/ring).
 *
 * The ring core never calls out. Every call that publishes an index returns
 * whether the peer must now be signalled; the caller (transport, simulated
 * host, benchmark) acts on it. A peer that breaks the protocol marks the
 * ring broken and every later call fails with -EIO.
 *
 * Concurrency: one producer and one consumer per ring, no lock. Callers
 * with several producers serialise them (hvg2_ring_lock()).
 *
 * See Documentation/ring.rst for the layout, the signalling rules and the
 * ordering argument.
 */
#ifndef _HVG2_RING_H
#define _HVG2_RING_H

#include <linux/types.h>
#include <linux/compiler.h>
#ifdef __KERNEL__
#include <linux/spinlock.h>
#endif
#include "hvg2/ring_wire.h"

struct kvec;
struct page;

/* hvg2_ring_init() flags */
#define HVG2_RING_COPY_OUT	0x1	/* consumer: copy each packet out, then validate */

/**
 * struct hvg2_ring_stats - what the ring did, for counters and benchmarks
 * @packets: packets committed (producer) or consumed (consumer)
 * @bytes: wire bytes of those packets, descriptors and trailers included,
 *	counted when published (producer) or released (consumer)
 * @signals: publishes that asked the caller to signal the peer
 * @full: reservations refused for lack of space
 * @copied: bytes copied by the ring core itself (copy-out mode, gather)
 */
struct hvg2_ring_stats {
	u64 packets;
	u64 bytes;
	u64 signals;
	u64 full;
	u64 copied;
};

/**
 * struct hvg2_ring - one side of one ring
 * @hdr: the shared header page (the peer writes it)
 * @data: the data area, mapped twice back to back
 * @size: bytes in the data area
 * @flags: hvg2_ring_init() flags
 * @broken: the peer broke the protocol; every call fails
 * @prod_next: producer: where the next packet goes
 * @prod_pub: producer: the write_index last published
 * @prod_reserved: producer: length of the open reservation, 0 if none
 * @peer_read: producer: cached copy of the peer's read_index
 * @prod_waiting: producer: we set pending_send_sz, clear it on success
 * @prod_sig_due: producer: a full ring made us publish early, and that
 *	publish asked for a signal; the next hvg2_ring_publish() decides it
 * @cons_next: consumer: where the next packet starts
 * @cons_pub: consumer: the read_index last published
 * @cons_cur: consumer: wire length of the packet peeked, 0 if none
 * @peer_write: consumer: cached copy of the peer's write_index
 * @copy_buf: consumer, HVG2_RING_COPY_OUT: the private packet copy
 * @copy_size: its size
 * @stats: what the ring did
 * @lock: for callers with several producers (hvg2_ring_lock())
 *
 * All fields are private to the ring core; they are in the header only so
 * that callers can embed the structure.
 */
struct hvg2_ring {
	struct hvg2_ring_hdr *hdr;
	u8 *data;
	u32 size;
	u32 flags;
	bool broken;

	u32 prod_next;
	u32 prod_pub;
	u32 prod_reserved;
	u32 peer_read;
	bool prod_waiting;
	bool prod_sig_due;

	u32 cons_next;
	u32 cons_pub;
	u32 cons_cur;
	u32 peer_write;

	void *copy_buf;
	u32 copy_size;

	struct hvg2_ring_stats stats;
#ifdef __KERNEL__
	spinlock_t lock;		/* serialises several producers */
#endif
};

/*
 * ---- setup ----
 *
 * @hdr is the 4 KiB header page; @data points at @size bytes that are
 * mapped twice back to back (data[i] and data[size + i] alias), so every
 * packet is contiguous. @size is a multiple of PAGE_SIZE, at least one page.
 * hvg2_ring_init() leaves the shared header alone (the peer may own it);
 * hvg2_ring_reset_hdr() zeroes it and advertises pending_send_sz support,
 * for the side that creates the ring.
 */
int hvg2_ring_init(struct hvg2_ring *r, struct hvg2_ring_hdr *hdr, void *data,
		   u32 size, u32 flags);
void hvg2_ring_reset_hdr(struct hvg2_ring_hdr *hdr);
void hvg2_ring_destroy(struct hvg2_ring *r);

/* ---- producer ---- */

/*
 * Reserve room for a packet of @len bytes (descriptor included, trailer and
 * padding excluded) and return where to build it, in place. The caller fills
 * in type, offset8, flags and trans_id; hvg2_ring_commit() writes len8, the
 * padding and the trailer. Returns ERR_PTR(-EAGAIN) when the ring is full
 * (pending_send_sz is then set so that the peer signals when space frees),
 * ERR_PTR(-EINVAL) for an impossible length, ERR_PTR(-EIO) when broken.
 * Before it sets pending_send_sz, the reservation publishes what was
 * committed (the consumer measures free space against the published write
 * index); the signal that publish may need is returned by the next
 * hvg2_ring_publish(), or reported owed by hvg2_ring_publish_owe().
 */
struct hvg2_pkt_desc *hvg2_ring_reserve(struct hvg2_ring *r, u32 len);
void hvg2_ring_commit(struct hvg2_ring *r);

/*
 * Gather write: iov[0] starts with the descriptor (type, offset8, flags and
 * trans_id set by the caller); the pieces are concatenated, len8, padding
 * and trailer added. Commits, does not publish. 0, -EAGAIN, -EINVAL or -EIO.
 */
int hvg2_ring_writev(struct hvg2_ring *r, const struct kvec *iov,
		     unsigned int niov);

/*
 * Publish every packet committed since the last publish (one index store
 * for a whole batch). Returns true when the caller must signal the peer:
 * the ring went from empty to non-empty and the peer's interrupt_mask is
 * clear.
 */
bool hvg2_ring_publish(struct hvg2_ring *r);

/*
 * A deferred doorbell: hvg2_ring_publish_owe() publishes like
 * hvg2_ring_publish() but the signal it returns is only owed (not sent,
 * not counted). Later, hvg2_ring_owed() says whether it is still due: the
 * consumer is unmasked and has not read all that was published.
 */
bool hvg2_ring_publish_owe(struct hvg2_ring *r);
bool hvg2_ring_owed(struct hvg2_ring *r);

/* Bytes a producer could reserve now (one packet's worth, trailer excluded). */
u32 hvg2_ring_space(struct hvg2_ring *r);

/* ---- consumer ---- */

/**
 * struct hvg2_ring_pkt - a packet the consumer is looking at
 * @desc: the descriptor, in the ring (or in the private copy)
 * @payload: desc + offset8 * 8
 * @len: len8 * 8: descriptor, payload and padding; trailer excluded
 * @payload_len: @len - offset8 * 8
 * @type: descriptor type, as validated
 * @flags: descriptor flags, as validated
 * @trans_id: descriptor transaction id, as read once
 *
 * The scalar fields are snapshots taken once and validated: use them, not
 * the descriptor, because in place the peer can still write the ring. In
 * copy-out mode the whole packet is a private copy.
 */
struct hvg2_ring_pkt {
	const struct hvg2_pkt_desc *desc;
	const void *payload;
	u32 len;
	u32 payload_len;
	u16 type;
	u16 flags;
	u64 trans_id;
};

/*
 * The next packet, validated, in place (or in the private copy in copy-out
 * mode). Returns 0 and fills @pkt, -ENODATA when the ring is empty, -EIO
 * when broken. @pkt stays valid until hvg2_ring_advance().
 */
int hvg2_ring_peek(struct hvg2_ring *r, struct hvg2_ring_pkt *pkt);
void hvg2_ring_advance(struct hvg2_ring *r);

/*
 * Publish the read index once for a batch of advances. Returns true when
 * the caller must signal the peer: it asked (pending_send_sz, feature bit
 * set) for more space than it had and now has it.
 */
bool hvg2_ring_release(struct hvg2_ring *r);

/*
 * Interrupt masking for polled consumers. hvg2_ring_unmask() clears the
 * mask and returns true if packets arrived meanwhile (poll again: the
 * producer may have seen the mask set and not signalled).
 */
void hvg2_ring_mask(struct hvg2_ring *r);
bool hvg2_ring_unmask(struct hvg2_ring *r);

/* Bytes of packets waiting to be consumed. */
u32 hvg2_ring_pending(struct hvg2_ring *r);

static inline bool hvg2_ring_is_broken(const struct hvg2_ring *r)
{
	return READ_ONCE(r->broken);
}

#ifdef __KERNEL__
/* ---- kernel memory: a ring allocated and mapped twice ---- */

/**
 * struct hvg2_ring_mem - header page plus data pages, data mapped twice
 * @pages: the @npages pages: [0] header, [1..] data
 * @vaddr: vmap of header, data, data again
 * @npages: 1 + data pages
 * @owned: the pages were allocated here and are freed here
 */
struct hvg2_ring_mem {
	struct page **pages;
	void *vaddr;
	unsigned int npages;
	bool owned;
};

int hvg2_ring_mem_alloc(struct hvg2_ring_mem *m, u32 bytes, int node);
int hvg2_ring_mem_alloc_prot(struct hvg2_ring_mem *m, u32 bytes, int node,
			     bool decrypted);
int hvg2_ring_mem_map(struct hvg2_ring_mem *m, struct page **pages,
		      unsigned int npages);
void hvg2_ring_mem_free(struct hvg2_ring_mem *m);

static inline struct hvg2_ring_hdr *hvg2_ring_mem_hdr(struct hvg2_ring_mem *m)
{
	return m->vaddr;
}

static inline void *hvg2_ring_mem_data(struct hvg2_ring_mem *m)
{
	return (u8 *)m->vaddr + HVG2_RING_HDR_SIZE;
}

static inline u32 hvg2_ring_mem_data_size(struct hvg2_ring_mem *m)
{
	return (m->npages - 1) * PAGE_SIZE;
}

static inline void hvg2_ring_lock(struct hvg2_ring *r, unsigned long *flags)
{
	spin_lock_irqsave(&r->lock, *flags);
}

static inline void hvg2_ring_unlock(struct hvg2_ring *r, unsigned long flags)
{
	spin_unlock_irqrestore(&r->lock, flags);
}
#endif /* __KERNEL__ */

/* the inline batch cursors: the hot paths for many small packets */
#include "hvg2/ring_batch.h"

#endif /* _HVG2_RING_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_ring: producer, consumer and validation of the Hyper-V ring buffer.
 *
 * One producer and one consumer per ring, no lock. Each side keeps its own
 * position privately and a cached copy of the peer's index, and touches the
 * shared header line only to publish (once per batch) or when the cached
 * copy says the ring is full (producer) or empty (consumer).
 *
 * Everything the peer writes - write_index, read_index, pending_send_sz,
 * the descriptors - is read once into a local, checked, and only then used.
 * A value that an honest peer could not have written marks the ring broken
 * and every later call fails with -EIO. No offset derived from the peer ever
 * leaves [data, data + 2 * size): indexes are < size and packets are shorter
 * than size, and the data area is mapped twice back to back.
 *
 * This file builds unchanged in user space (tools/ring) against shim
 * headers; it must use nothing beyond what those shims provide.
 *
 * Documentation/ring.rst has the layout, the signalling rules and the
 * ordering argument; the barrier comments below name their pairs.
 */
#define pr_fmt(fmt) "hvg2_ring: " fmt

#include <linux/kernel.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uio.h>
#include <asm/barrier.h>

#include "hvg2/ring.h"

/* The smallest packet: a bare descriptor, plus its trailer. */
#define RING_MIN_WIRE	(sizeof(struct hvg2_pkt_desc) + HVG2_PKT_TRAILER_SIZE)

/* Keep index arithmetic (size + index) far from u32 overflow. */
#define RING_MAX_SIZE	BIT(30)

/* ---- index arithmetic ---- */

/* Bytes from @from forward to @to, both offsets in [0, size). */
static inline u32 ring_dist(const struct hvg2_ring *r, u32 from, u32 to)
{
	return to >= from ? to - from : to + r->size - from;
}

static inline u32 ring_wrap(const struct hvg2_ring *r, u32 off)
{
	return off >= r->size ? off - r->size : off;
}

static inline bool ring_index_ok(const struct hvg2_ring *r, u32 idx)
{
	return idx < r->size && !(idx & (HVG2_PKT_ALIGN - 1));
}

/* The peer broke the protocol: stop using the ring, for good. */
static int ring_break(struct hvg2_ring *r, const char *why)
{
	if (!READ_ONCE(r->broken))
		pr_warn_ratelimited("peer broke the ring protocol: %s\n", why);
	WRITE_ONCE(r->broken, true);
	return -EIO;
}

/* ---- setup ---- */

/**
 * hvg2_ring_init() - set up one side of a ring over existing memory
 * @r: the ring state to initialise
 * @hdr: the shared 4 KiB header page
 * @data: the data area, mapped twice back to back
 * @size: bytes in the data area, a multiple of PAGE_SIZE
 * @flags: HVG2_RING_COPY_OUT or 0
 *
 * Picks up the indexes already in @hdr (a fresh ring has both at 0) and
 * leaves the header alone. May sleep (copy-out allocates its buffer).
 *
 * Return: 0, -EINVAL for bad arguments or indexes, -ENOMEM.
 */
int hvg2_ring_init(struct hvg2_ring *r, struct hvg2_ring_hdr *hdr, void *data,
		   u32 size, u32 flags)
{
	u32 w, rd;

	memset(r, 0, sizeof(*r));
#ifdef __KERNEL__
	spin_lock_init(&r->lock);
#endif
	if (!hdr || !data || !size || size % PAGE_SIZE || size > RING_MAX_SIZE ||
	    (flags & ~HVG2_RING_COPY_OUT))
		return -EINVAL;

	r->hdr = hdr;
	r->data = data;
	r->size = size;
	r->flags = flags;

	w = READ_ONCE(hdr->write_index);
	rd = READ_ONCE(hdr->read_index);
	if (!ring_index_ok(r, w) || !ring_index_ok(r, rd))
		return -EINVAL;
	r->prod_next = w;
	r->prod_pub = w;
	r->peer_read = rd;
	r->cons_next = rd;
	r->cons_pub = rd;
	r->peer_write = w;

	if (flags & HVG2_RING_COPY_OUT) {
		/* A packet is shorter than the ring and than len8 allows. */
		r->copy_size = min_t(u32, size, HVG2_PKT_MAX_LEN);
		r->copy_buf = kvmalloc(r->copy_size, GFP_KERNEL);
		if (!r->copy_buf)
			return -ENOMEM;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(hvg2_ring_init);

/**
 * hvg2_ring_reset_hdr() - zero a header and advertise pending_send_sz
 * @hdr: the header page of a ring this side creates
 */
void hvg2_ring_reset_hdr(struct hvg2_ring_hdr *hdr)
{
	memset(hdr, 0, sizeof(*hdr));
	hdr->feature_bits = HVG2_RING_FEAT_PENDING_SEND_SZ;
}
EXPORT_SYMBOL_GPL(hvg2_ring_reset_hdr);

/**
 * hvg2_ring_destroy() - free what hvg2_ring_init() allocated
 * @r: the ring; the shared memory is the caller's
 */
void hvg2_ring_destroy(struct hvg2_ring *r)
{
	kvfree(r->copy_buf);
	r->copy_buf = NULL;
	r->copy_size = 0;
}
EXPORT_SYMBOL_GPL(hvg2_ring_destroy);

/* ---- producer ---- */

/*
 * Reload the consumer's read index. It may only move forward and never past
 * what we published: the bytes between it and prod_pub are packets the
 * consumer has not released, and there can only be fewer of them than last
 * time.
 */
static int prod_refresh(struct hvg2_ring *r)
{
	/*
	 * Acquire pairs with the smp_store_release() of read_index in
	 * hvg2_ring_release(): the consumer's reads of the bytes it released
	 * are complete before we overwrite them.
	 */
	u32 rd = smp_load_acquire(&r->hdr->read_index);

	if (!ring_index_ok(r, rd))
		return ring_break(r, "read_index out of range");
	if (ring_dist(r, rd, r->prod_pub) > ring_dist(r, r->peer_read, r->prod_pub))
		return ring_break(r, "read_index moved backwards or past write_index");
	r->peer_read = rd;
	return 0;
}

/* Hyper-V never fills the ring: write == read means empty, so keep 8 spare. */
static inline bool prod_fits(const struct hvg2_ring *r, u32 wire)
{
	return r->size - ring_dist(r, r->peer_read, r->prod_next) > wire;
}

static bool ring_publish(struct hvg2_ring *r);

/*
 * The ring is full: ask the consumer to signal when @wire bytes are free,
 * then look once more, since it may have released just before it could see
 * our request.
 */
static int prod_wait(struct hvg2_ring *r, u32 wire)
{
	int err;

	/*
	 * Publish what is committed before asking. The consumer signals only
	 * when a release takes the free space across pending_send_sz, and it
	 * measures that space from write_index: packets committed but not
	 * published would count as free to it. It would see its releases as
	 * already above the request, never cross it, and we would wait for a
	 * signal that never comes. The signal this publish may need goes
	 * out with the caller's next hvg2_ring_publish().
	 */
	if (r->prod_pub != r->prod_next) {
		if (ring_publish(r))
			r->prod_sig_due = true;
		if (unlikely(READ_ONCE(r->broken)))
			return -EIO;
	}
	/*
	 * A producer spinning on -EAGAIN asks once: after the first store and
	 * barrier every later release sees the request, so retries only load.
	 */
	if (!r->prod_waiting || READ_ONCE(r->hdr->pending_send_sz) != wire) {
		WRITE_ONCE(r->hdr->pending_send_sz, wire);
		r->prod_waiting = true;
		/*
		 * Order the pending_send_sz store before the read_index load.
		 * Pairs with the smp_mb() in hvg2_ring_release() between its
		 * read_index store and its pending_send_sz load: either it
		 * sees our request and signals, or we see the space it freed.
		 */
		smp_mb();
	}
	err = prod_refresh(r);
	if (err)
		return err;
	if (prod_fits(r, wire))
		return 0;
	r->stats.full++;
	return -EAGAIN;
}

/**
 * hvg2_ring_reserve() - reserve room for one packet, to build in place
 * @r: the ring (producer side)
 * @len: packet length, descriptor included, padding and trailer excluded
 *
 * The caller fills in the descriptor's type, offset8, flags and trans_id
 * and the payload, then calls hvg2_ring_commit(), which adds len8, the
 * padding and the trailer.
 *
 * When the ring is full, the packets committed so far are published before
 * the peer is asked to signal; the caller's next hvg2_ring_publish() tells
 * whether that publish needs a signal.
 *
 * Return: where to build the packet; ERR_PTR(-EAGAIN) when full (the peer
 * is asked to signal when space frees), ERR_PTR(-EINVAL) for a length that
 * can never fit or a reservation already open, ERR_PTR(-EIO) when broken.
 */
struct hvg2_pkt_desc *hvg2_ring_reserve(struct hvg2_ring *r, u32 len)
{
	u32 wire;
	int err;

	if (unlikely(READ_ONCE(r->broken)))
		return ERR_PTR(-EIO);
	if (unlikely(len < sizeof(struct hvg2_pkt_desc) ||
		     len > HVG2_PKT_MAX_LEN || r->prod_reserved))
		return ERR_PTR(-EINVAL);
	wire = ALIGN(len, HVG2_PKT_ALIGN) + HVG2_PKT_TRAILER_SIZE;
	if (unlikely(wire >= r->size))
		return ERR_PTR(-EINVAL);

	/* Only look at the shared line when the cached index says full. */
	if (unlikely(!prod_fits(r, wire))) {
		err = prod_refresh(r);
		if (!err && !prod_fits(r, wire))
			err = prod_wait(r, wire);
		if (err)
			return ERR_PTR(err);
	}
	if (unlikely(r->prod_waiting)) {
		WRITE_ONCE(r->hdr->pending_send_sz, 0);
		r->prod_waiting = false;
	}
	r->prod_reserved = len;
	return (struct hvg2_pkt_desc *)(r->data + r->prod_next);
}
EXPORT_SYMBOL_GPL(hvg2_ring_reserve);

/**
 * hvg2_ring_commit() - finish the packet reserved last; does not publish
 * @r: the ring (producer side)
 */
void hvg2_ring_commit(struct hvg2_ring *r)
{
	u32 len = r->prod_reserved;

	if (WARN_ON_ONCE(!len))
		return;
	r->prod_next = ring_wrap(r, r->prod_next +
				 __hvg2_ring_finish(r->data + r->prod_next, len,
						    r->prod_next));
	r->prod_reserved = 0;
	r->stats.packets++;
}
EXPORT_SYMBOL_GPL(hvg2_ring_commit);

/**
 * hvg2_ring_writev() - write one packet gathered from pieces
 * @r: the ring (producer side)
 * @iov: the pieces; iov[0] starts with the descriptor
 * @niov: number of pieces
 *
 * Commits, does not publish.
 *
 * Return: 0, -EAGAIN when full, -EINVAL for a bad length, -EIO when broken.
 */
int hvg2_ring_writev(struct hvg2_ring *r, const struct kvec *iov,
		     unsigned int niov)
{
	struct hvg2_pkt_desc *d;
	size_t total = 0;
	unsigned int i;
	u8 *p;

	for (i = 0; i < niov; i++)
		total += iov[i].iov_len;
	if (!niov || iov[0].iov_len < sizeof(*d) || total > HVG2_PKT_MAX_LEN)
		return READ_ONCE(r->broken) ? -EIO : -EINVAL;

	d = hvg2_ring_reserve(r, total);
	if (IS_ERR(d))
		return PTR_ERR(d);
	/* Contiguous even across the end: the data area is mapped twice. */
	p = (u8 *)d;
	for (i = 0; i < niov; i++) {
		memcpy(p, iov[i].iov_base, iov[i].iov_len);
		p += iov[i].iov_len;
	}
	r->stats.copied += total;
	hvg2_ring_commit(r);
	return 0;
}
EXPORT_SYMBOL_GPL(hvg2_ring_writev);

/* Publish; true when a signal is due (not counted: the callers do). */
static bool ring_publish(struct hvg2_ring *r)
{
	u32 old = r->prod_pub;

	if (r->prod_next == old || unlikely(READ_ONCE(r->broken)))
		return false;
	/*
	 * Release pairs with the smp_load_acquire() of write_index in
	 * cons_refresh(): the packets, trailers included, are visible before
	 * the index that covers them.
	 */
	smp_store_release(&r->hdr->write_index, r->prod_next);
	r->stats.bytes += ring_dist(r, old, r->prod_next);
	r->prod_pub = r->prod_next;
	/*
	 * Order the write_index store before the interrupt_mask and
	 * read_index loads. Pairs with the smp_mb() in hvg2_ring_unmask()
	 * (mask store, then write_index load) and in hvg2_ring_release()
	 * (read_index store, then the consumer's next write_index load):
	 * either the consumer sees our packets, or we see it unmasked and
	 * caught up, and signal.
	 */
	smp_mb();
	if (READ_ONCE(r->hdr->interrupt_mask))
		return false;
	/*
	 * The fresh read_index also refreshes our cached copy, which later
	 * reservations write behind: prod_refresh() loads it with acquire.
	 */
	if (prod_refresh(r))
		return false;
	/* the consumer had not caught up: it is awake */
	return r->peer_read == old;
}

/*
 * A signal held back from an earlier publish: due while the consumer has
 * its interrupts unmasked and has not read everything published (it may
 * be asleep). Not counted: the callers do.
 */
static bool ring_sig_due(struct hvg2_ring *r)
{
	if (unlikely(READ_ONCE(r->broken)))
		return false;
	/* the same pairing as in ring_publish(): write_index is out */
	smp_mb();
	if (READ_ONCE(r->hdr->interrupt_mask))
		return false;
	return !prod_refresh(r) && r->peer_read != r->prod_pub;
}

/**
 * hvg2_ring_publish() - make every committed packet visible to the peer
 * @r: the ring (producer side)
 *
 * One index store for the whole batch.
 *
 * Return: true when the caller must signal the peer: the ring went from
 * empty to non-empty and the peer's interrupt_mask is clear; or a full
 * ring made hvg2_ring_reserve() publish early, that publish wanted a
 * signal, and the peer is still unmasked with packets unread.
 */
bool hvg2_ring_publish(struct hvg2_ring *r)
{
	bool sig = ring_publish(r);

	if (unlikely(r->prod_sig_due)) {
		r->prod_sig_due = false;
		sig = sig || ring_sig_due(r);
	}
	if (sig)
		r->stats.signals++;
	return sig;
}
EXPORT_SYMBOL_GPL(hvg2_ring_publish);

/**
 * hvg2_ring_publish_owe() - publish, and hold back the signal
 * @r: the ring (producer side)
 *
 * hvg2_ring_publish() for a producer that defers its doorbell: a signal
 * it asks for is not counted, since the producer does not send it now.
 *
 * Return: true when a signal is owed: the producer must call
 * hvg2_ring_owed() later, and signal if it says so.
 */
bool hvg2_ring_publish_owe(struct hvg2_ring *r)
{
	bool owed = ring_publish(r) || r->prod_sig_due;

	r->prod_sig_due = false;
	return owed;
}
EXPORT_SYMBOL_GPL(hvg2_ring_publish_owe);

/**
 * hvg2_ring_owed() - is a signal owed by hvg2_ring_publish_owe() still due?
 * @r: the ring (producer side), under its lock
 *
 * For a producer that defers its doorbell: hvg2_ring_publish_owe() said
 * "signal" and the producer held it back, knowing it will come here
 * later (a driver's next reap, which answers to its earlier requests
 * guarantee). The signal is due when the consumer has its interrupts
 * unmasked and has not read everything published: it may be asleep with
 * packets to read. A masked consumer re-checks the ring when it unmasks
 * (hvg2_ring_unmask()), and one that caught up has read them: no signal.
 *
 * Return: true when the caller must signal the peer now.
 */
bool hvg2_ring_owed(struct hvg2_ring *r)
{
	if (!ring_sig_due(r))
		return false;
	r->stats.signals++;
	return true;
}
EXPORT_SYMBOL_GPL(hvg2_ring_owed);

/**
 * hvg2_ring_space() - how long a packet could be reserved now
 * @r: the ring (producer side)
 *
 * Return: the largest @len hvg2_ring_reserve() would accept now, 0 if none
 * (or broken).
 */
u32 hvg2_ring_space(struct hvg2_ring *r)
{
	u32 free;

	if (READ_ONCE(r->broken) || prod_refresh(r))
		return 0;
	free = r->size - ring_dist(r, r->peer_read, r->prod_next);
	/* reserve() needs ALIGN(len) + trailer < free, free 8-aligned */
	if (free < RING_MIN_WIRE + HVG2_PKT_ALIGN)
		return 0;
	return min_t(u32, free - HVG2_PKT_TRAILER_SIZE - HVG2_PKT_ALIGN,
		     HVG2_PKT_MAX_LEN);
}
EXPORT_SYMBOL_GPL(hvg2_ring_space);

/* ---- consumer ---- */

/*
 * Reload the producer's write index. It may only move forward, and never
 * onto or past the read index we published: the packets we know of stay.
 */
static int cons_refresh(struct hvg2_ring *r)
{
	/*
	 * Acquire pairs with the smp_store_release() of write_index in
	 * hvg2_ring_publish(): the packet bytes are visible once the index is.
	 */
	u32 w = smp_load_acquire(&r->hdr->write_index);

	if (!ring_index_ok(r, w))
		return ring_break(r, "write_index out of range");
	if (ring_dist(r, r->cons_pub, w) < ring_dist(r, r->cons_pub, r->peer_write))
		return ring_break(r, "write_index moved backwards");
	r->peer_write = w;
	return 0;
}

/*
 * Copy-out mode: the descriptor first, so that the length we copy by is
 * the one we then validate, then the rest of the packet, each byte once.
 * @avail bounds the copy before the length is validated.
 */
static const struct hvg2_pkt_desc *cons_copy_out(struct hvg2_ring *r,
						 const u8 *src, u32 avail)
{
	struct hvg2_pkt_desc *d = r->copy_buf;
	u32 len;

	memcpy(d, src, sizeof(*d));
	len = d->len8 * HVG2_PKT_ALIGN;
	if (len < sizeof(*d) || len > r->copy_size ||
	    len + HVG2_PKT_TRAILER_SIZE > avail)
		return d;	/* the caller's validation rejects it */
	memcpy(d + 1, src + sizeof(*d), len - sizeof(*d));
	r->stats.copied += len;
	return d;
}

/**
 * hvg2_ring_peek() - the next packet, validated
 * @r: the ring (consumer side)
 * @pkt: filled in on success
 *
 * In place, or in the private copy in copy-out mode. Peeking again without
 * hvg2_ring_advance() returns the same packet.
 *
 * Return: 0, -ENODATA when the ring is empty, -EIO when broken.
 */
int hvg2_ring_peek(struct hvg2_ring *r, struct hvg2_ring_pkt *pkt)
{
	const struct hvg2_pkt_desc *d;
	u32 avail;
	int err;

	if (unlikely(READ_ONCE(r->broken)))
		return -EIO;
	/* Only look at the shared line when the cached index says empty. */
	avail = ring_dist(r, r->cons_next, r->peer_write);
	if (avail < RING_MIN_WIRE) {
		r->cons_cur = 0;
		if (avail)
			return ring_break(r, "write_index inside a packet");
		err = cons_refresh(r);
		if (err)
			return err;
		avail = ring_dist(r, r->cons_next, r->peer_write);
		if (!avail)
			return -ENODATA;
		if (avail < RING_MIN_WIRE)
			return ring_break(r, "write_index inside a packet");
	}

	d = (const struct hvg2_pkt_desc *)(r->data + r->cons_next);
	if (r->flags & HVG2_RING_COPY_OUT)
		d = cons_copy_out(r, (const u8 *)d, avail);

	/* In place the peer can still write: each field is read once. */
	if (!__hvg2_ring_parse(d, avail, pkt))
		return ring_break(r, "packet descriptor (len8 or offset8)");
	r->cons_cur = pkt->len + HVG2_PKT_TRAILER_SIZE;
	return 0;
}
EXPORT_SYMBOL_GPL(hvg2_ring_peek);

/**
 * hvg2_ring_advance() - step past the packet peeked last
 * @r: the ring (consumer side)
 *
 * The space is returned to the producer at hvg2_ring_release().
 */
void hvg2_ring_advance(struct hvg2_ring *r)
{
	u32 wire = r->cons_cur;

	if (WARN_ON_ONCE(!wire))
		return;
	r->cons_next = ring_wrap(r, r->cons_next + wire);
	r->cons_cur = 0;
	r->stats.packets++;
}
EXPORT_SYMBOL_GPL(hvg2_ring_advance);

/**
 * hvg2_ring_release() - give the consumed packets' space back, once a batch
 * @r: the ring (consumer side)
 *
 * A full barrier after the read_index store: a consumer that then finds the
 * ring empty (hvg2_ring_peek() or hvg2_ring_pending()) may wait for a
 * signal, since any later publish sees it caught up.
 *
 * Return: true when the caller must signal the peer: it asked, through
 * pending_send_sz with the feature bit set, for more free space than it had
 * and now has it.
 */
bool hvg2_ring_release(struct hvg2_ring *r)
{
	u32 freed, pend, free_after;

	if (r->cons_next == r->cons_pub || unlikely(READ_ONCE(r->broken)))
		return false;
	freed = ring_dist(r, r->cons_pub, r->cons_next);
	r->stats.bytes += freed;
	/*
	 * Release pairs with the smp_load_acquire() of read_index in
	 * prod_refresh(): we are done reading these bytes before the producer
	 * may overwrite them.
	 */
	smp_store_release(&r->hdr->read_index, r->cons_next);
	r->cons_pub = r->cons_next;
	/*
	 * Order the read_index store before the loads that follow (here
	 * pending_send_sz, later write_index). Pairs with the smp_mb() in
	 * prod_wait() (pending_send_sz store, then read_index load) and in
	 * hvg2_ring_publish() (write_index store, then read_index load).
	 */
	smp_mb();
	if (!(READ_ONCE(r->hdr->feature_bits) & HVG2_RING_FEAT_PENDING_SEND_SZ))
		return false;
	pend = READ_ONCE(r->hdr->pending_send_sz);
	if (likely(!pend))
		return false;
	/*
	 * The producer published before it asked (prod_wait()): order the
	 * pending_send_sz load before the write_index load, so that the
	 * space measured below counts every packet the request was made
	 * behind.
	 */
	smp_rmb();
	if (pend > r->size) {
		ring_break(r, "pending_send_sz larger than the ring");
		return false;
	}
	if (cons_refresh(r))
		return false;
	free_after = r->size - ring_dist(r, r->cons_pub, r->peer_write);
	/* Signal on the crossing only: before, it had been told already. */
	if (free_after <= pend || free_after - freed > pend)
		return false;
	r->stats.signals++;
	return true;
}
EXPORT_SYMBOL_GPL(hvg2_ring_release);

/**
 * hvg2_ring_mask() - ask the producer not to signal (polling consumer)
 * @r: the ring (consumer side)
 *
 * No barrier: a signal that races with this is merely redundant.
 */
void hvg2_ring_mask(struct hvg2_ring *r)
{
	if (!READ_ONCE(r->broken))
		WRITE_ONCE(r->hdr->interrupt_mask, 1);
}
EXPORT_SYMBOL_GPL(hvg2_ring_mask);

/**
 * hvg2_ring_unmask() - ask for signals again
 * @r: the ring (consumer side)
 *
 * Return: true when the caller must poll again: packets arrived while
 * masked (their producer may have seen the mask and not signalled), or the
 * ring is broken (the poll reports -EIO).
 */
bool hvg2_ring_unmask(struct hvg2_ring *r)
{
	if (READ_ONCE(r->broken))
		return true;
	WRITE_ONCE(r->hdr->interrupt_mask, 0);
	/*
	 * Order the mask store before the write_index load. Pairs with the
	 * smp_mb() in hvg2_ring_publish() (write_index store, then
	 * interrupt_mask load): either the producer sees the mask clear and
	 * signals, or we see its packets here.
	 */
	smp_mb();
	if (cons_refresh(r))
		return true;
	return r->peer_write != r->cons_next;
}
EXPORT_SYMBOL_GPL(hvg2_ring_unmask);

/**
 * hvg2_ring_pending() - bytes of packets waiting to be consumed
 * @r: the ring (consumer side)
 *
 * Return: wire bytes between our read position and the producer's write
 * index; 0 when empty or broken.
 */
u32 hvg2_ring_pending(struct hvg2_ring *r)
{
	if (READ_ONCE(r->broken) || cons_refresh(r))
		return 0;
	return ring_dist(r, r->cons_next, r->peer_write);
}
EXPORT_SYMBOL_GPL(hvg2_ring_pending);

/* ---- batch cursors: the slow paths (include/hvg2/ring_batch.h) ---- */

/**
 * hvg2_ring_wbatch_room() - the room a producer cursor may use at @next
 * @r: the ring (producer side)
 * @next: the cursor's write position
 *
 * From the cached read index only. None when broken, and none while a
 * pending_send_sz request is out, so that the plain path clears it.
 *
 * Return: bytes known free from @next on.
 */
u32 hvg2_ring_wbatch_room(struct hvg2_ring *r, u32 next)
{
	if (READ_ONCE(r->broken) || r->prod_waiting)
		return 0;
	return r->size - ring_dist(r, r->peer_read, next);
}
EXPORT_SYMBOL_GPL(hvg2_ring_wbatch_room);

/**
 * hvg2_ring_wbatch_slow() - reserve through the plain path
 * @r: the ring (producer side)
 * @next: the cursor's write position
 * @packets: packets the cursor committed since it last synced
 * @len: as for hvg2_ring_reserve()
 *
 * Return: as hvg2_ring_reserve(); the cursor holds the reservation.
 */
struct hvg2_pkt_desc *hvg2_ring_wbatch_slow(struct hvg2_ring *r, u32 next,
					    u32 packets, u32 len)
{
	struct hvg2_pkt_desc *d;

	r->prod_next = next;
	r->stats.packets += packets;
	d = hvg2_ring_reserve(r, len);
	if (!IS_ERR(d))
		r->prod_reserved = 0;
	return d;
}
EXPORT_SYMBOL_GPL(hvg2_ring_wbatch_slow);

/**
 * hvg2_ring_rbatch_slow() - peek through the plain path
 * @r: the ring (consumer side)
 * @next: the cursor's read position
 * @packets: packets the cursor consumed since it last synced
 * @pkt: as for hvg2_ring_peek()
 *
 * Return: as hvg2_ring_peek(); the cursor holds the peeked packet.
 */
int hvg2_ring_rbatch_slow(struct hvg2_ring *r, u32 next, u32 packets,
			  struct hvg2_ring_pkt *pkt)
{
	int err;

	r->cons_next = next;
	r->stats.packets += packets;
	err = hvg2_ring_peek(r, pkt);
	r->cons_cur = 0;
	return err;
}
EXPORT_SYMBOL_GPL(hvg2_ring_rbatch_slow);

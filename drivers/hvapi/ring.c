// SPDX-License-Identifier: GPL-2.0
/*
 * The ring bookkeeping, send, and the packet iterator.
 *
 * Our ring core owns the rings; struct hv_ring_buffer_info is a window on
 * them for the inline helpers of <linux/hyperv.h> that upstream drivers
 * compiled in: hv_get_bytes_to_read/write() and
 * hv_get_avail_to_write_percent() read ring_buffer->read_index and
 * write_index and use ring_datasize and ring_size_div10_reciprocal;
 * hv_begin_read()/hv_end_read() write interrupt_mask; netvsc prefetches
 * hv_get_ring_buffer() + priv_read_index. So ring_buffer points at the real
 * shared header (our layout is Hyper-V's, checked below), ring_datasize is
 * our data size, and priv_read_index follows our consumer's position.
 *
 * A packet that wraps the end of the ring is contiguous here as upstream:
 * our ring core maps the data pages twice back to back, as upstream does.
 *
 * The iterator copies each packet out of the ring into pkt_buffer
 * (max_pkt_size bytes) before the driver sees it, like upstream: the host
 * cannot change a packet the driver is parsing. Our ring core has already
 * validated len8 and offset8 against the ring; the copy is truncated to
 * the buffer like upstream's, and its descriptor carries the values the
 * ring core validated, not a second read of the shared ring.
 */
#include <linux/reciprocal_div.h>
#include <linux/slab.h>
#include "hvapi.h"

/* Our header layout is Hyper-V's; the header page is one 4 KiB page. */
static_assert(offsetof(struct hv_ring_buffer, write_index) ==
	      offsetof(struct hvg2_ring_hdr, write_index));
static_assert(offsetof(struct hv_ring_buffer, read_index) ==
	      offsetof(struct hvg2_ring_hdr, read_index));
static_assert(offsetof(struct hv_ring_buffer, interrupt_mask) ==
	      offsetof(struct hvg2_ring_hdr, interrupt_mask));
static_assert(offsetof(struct hv_ring_buffer, pending_send_sz) ==
	      offsetof(struct hvg2_ring_hdr, pending_send_sz));
static_assert(offsetof(struct hv_ring_buffer, feature_bits) ==
	      offsetof(struct hvg2_ring_hdr, feature_bits));
static_assert(offsetof(struct hv_ring_buffer, buffer) == HVG2_RING_HDR_SIZE);
static_assert(sizeof(struct vmpacket_descriptor) == sizeof(struct hvg2_pkt_desc));

/* ---- binding ---- */

static void hvapi_rbi_bind(struct hv_ring_buffer_info *rbi,
			   struct hvg2_ring_hdr *hdr, u32 size)
{
	rbi->ring_buffer = (struct hv_ring_buffer *)hdr;
	rbi->ring_size = size + HVG2_RING_HDR_SIZE;
	rbi->ring_size_div10_reciprocal = reciprocal_value(rbi->ring_size / 10);
	rbi->ring_datasize = size;
	rbi->priv_read_index = READ_ONCE(hdr->read_index);
	spin_lock_init(&rbi->ring_lock);
	mutex_init(&rbi->ring_buffer_mutex);
}

/**
 * hvg2_hvapi_rings_bind - point the upstream bookkeeping at our rings
 * @c: the channel
 * @out_hdr: the guest-to-host ring's header
 * @out_size: its data bytes
 * @in_hdr: the host-to-guest ring's header
 * @in_size: its data bytes
 *
 * Allocates the inbound packet buffer (vc.max_pkt_size bytes).
 *
 * Return: 0 or -ENOMEM.
 */
int hvg2_hvapi_rings_bind(struct hvapi_chan *c, struct hvg2_ring_hdr *out_hdr,
			  u32 out_size, struct hvg2_ring_hdr *in_hdr, u32 in_size)
{
	struct vmbus_channel *vc = &c->vc;
	u32 bufsize = max_t(u32, vc->max_pkt_size, sizeof(struct vmpacket_descriptor));

	vc->inbound.pkt_buffer = kzalloc(bufsize, GFP_KERNEL);
	if (!vc->inbound.pkt_buffer)
		return -ENOMEM;
	vc->inbound.pkt_buffer_size = bufsize;
	hvapi_rbi_bind(&vc->outbound, out_hdr, out_size);
	hvapi_rbi_bind(&vc->inbound, in_hdr, in_size);
	c->cur_wire = 0;
	return 0;
}

/**
 * hvg2_hvapi_rings_unbind - forget the rings (they are about to be freed)
 * @c: the channel, with no callback running
 */
void hvg2_hvapi_rings_unbind(struct hvapi_chan *c)
{
	struct vmbus_channel *vc = &c->vc;

	kfree(vc->inbound.pkt_buffer);
	vc->inbound.pkt_buffer = NULL;
	vc->inbound.pkt_buffer_size = 0;
	vc->inbound.ring_buffer = NULL;
	vc->outbound.ring_buffer = NULL;
}

/*
 * ---- our transport, or bare rings ----
 *
 * A channel of the transport goes through its API (which signals the host
 * and marks the channel broken); a KUnit channel drives the two rings
 * directly, with no peer to signal.
 */

static void hvapi_out_lock(struct hvapi_chan *c, unsigned long *flags)
	__acquires(c)
{
	if (c->hch) {
		hvg2_channel_lock(c->hch, flags);
		/* for sparse: the header does not annotate hvg2_channel_lock() */
		__acquire(c);
	} else {
		hvg2_ring_lock(c->kout, flags);
	}
}

static void hvapi_out_unlock(struct hvapi_chan *c, unsigned long flags)
	__releases(c)
{
	if (c->hch) {
		hvg2_channel_unlock(c->hch, flags);
		__release(c);	/* as in hvapi_out_lock() */
	} else {
		hvg2_ring_unlock(c->kout, flags);
	}
}

static struct hvg2_pkt_desc *hvapi_out_reserve(struct hvapi_chan *c, u32 len)
{
	return c->hch ? hvg2_channel_reserve(c->hch, len) :
			hvg2_ring_reserve(c->kout, len);
}

static void hvapi_out_commit(struct hvapi_chan *c)
{
	if (c->hch) {
		hvg2_channel_commit(c->hch, false);
	} else {
		hvg2_ring_commit(c->kout);
		hvg2_ring_publish(c->kout);
	}
}

static int hvapi_in_peek(struct hvapi_chan *c, struct hvg2_ring_pkt *pkt)
{
	return c->hch ? hvg2_channel_peek(c->hch, pkt) : hvg2_ring_peek(c->kin, pkt);
}

static void hvapi_in_advance(struct hvapi_chan *c)
{
	if (c->hch)
		hvg2_channel_advance(c->hch);
	else
		hvg2_ring_advance(c->kin);
}

static void hvapi_in_release(struct hvapi_chan *c)
{
	if (c->hch)
		hvg2_channel_release(c->hch);
	else
		hvg2_ring_release(c->kin);
}

static bool hvapi_rescinded(struct hvapi_chan *c)
{
	if (READ_ONCE(c->vc.rescind))
		return true;
	if (c->hch && hvg2_channel_rescinded(c->hch)) {
		/* upstream drivers test channel->rescind themselves */
		WRITE_ONCE(c->vc.rescind, true);
		return true;
	}
	return false;
}

/* ---- send ---- */

/*
 * One packet gathered from @kv: kv[0] starts with the descriptor (type,
 * offset8 and flags as the caller set them). Upstream semantics: a packet
 * that asks for a completion gets its transaction id from the channel's
 * next_request_id_callback (the driver's, or vmbus_next_request_id()), and
 * -EAGAIN when the table or the ring is full; -ENODEV once rescinded.
 */
static int hvapi_write(struct vmbus_channel *vc, const struct kvec *kv,
		       unsigned int n, u64 requestid, u64 *trans_id)
{
	struct hvapi_chan *c = to_hvapi_chan(vc);
	const struct vmpacket_descriptor *d0 = kv[0].iov_base;
	u64 rqst_id = VMBUS_NO_RQSTOR, tid;
	struct hvg2_pkt_desc *d;
	unsigned long flags;
	unsigned int i;
	u32 len = 0;
	u8 *p;

	if (hvapi_rescinded(c))
		return -ENODEV;
	if (unlikely(!READ_ONCE(c->ready)))
		return -EINVAL;
	for (i = 0; i < n; i++)
		len += kv[i].iov_len;

	hvapi_out_lock(c, &flags);
	if (d0->flags == VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED &&
	    vc->next_request_id_callback) {
		rqst_id = vc->next_request_id_callback(vc, requestid);
		if (rqst_id == VMBUS_RQST_ERROR) {
			hvapi_out_unlock(c, flags);
			return -EAGAIN;
		}
	}
	d = hvapi_out_reserve(c, len);
	if (IS_ERR(d)) {
		if (PTR_ERR(d) == -EAGAIN) {
			vc->out_full_total++;
			if (!vc->out_full_flag) {
				vc->out_full_first++;
				vc->out_full_flag = true;
			}
		}
		hvapi_out_unlock(c, flags);
		/* the id was never seen by the host: give it back */
		if (rqst_id != VMBUS_NO_RQSTOR && vc->request_addr_callback)
			vc->request_addr_callback(vc, rqst_id);
		return PTR_ERR(d);
	}
	vc->out_full_flag = false;
	/* the data area is mapped twice: the packet is contiguous */
	p = (u8 *)d;
	for (i = 0; i < n; i++) {
		memcpy(p, kv[i].iov_base, kv[i].iov_len);
		p += kv[i].iov_len;
	}
	tid = rqst_id == VMBUS_NO_RQSTOR ? requestid : rqst_id;
	/* the ring is shared: write our fields once, never read them back */
	WRITE_ONCE(d->type, d0->type);
	WRITE_ONCE(d->offset8, d0->offset8);
	WRITE_ONCE(d->flags, d0->flags);
	WRITE_ONCE(d->trans_id, tid);
	hvapi_out_commit(c);	/* len8, padding, trailer; publish, signal */
	hvapi_out_unlock(c, flags);
	if (trans_id)
		*trans_id = tid;

	if (hvapi_rescinded(c)) {
		if (rqst_id != VMBUS_NO_RQSTOR && vc->request_addr_callback)
			vc->request_addr_callback(vc, rqst_id);
		return -ENODEV;
	}
	return 0;
}

/**
 * vmbus_sendpacket_getid - send an inband packet, return its transaction id
 * @channel: an open channel
 * @buffer: the payload
 * @bufferlen: its length
 * @requestid: the driver's request (an address, or an id it chose)
 * @trans_id: set to the transaction id the host will echo (may be NULL)
 * @type: VM_PKT_DATA_INBAND, VM_PKT_COMP, ...
 * @flags: VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED or 0
 *
 * Return: 0, -EAGAIN (ring or request table full), -ENODEV (rescinded),
 * -EINVAL (too long, or not open), -EIO (the host broke the ring).
 */
int vmbus_sendpacket_getid(struct vmbus_channel *channel, void *buffer,
			   u32 bufferlen, u64 requestid, u64 *trans_id,
			   enum vmbus_packet_type type, u32 flags)
{
	struct vmpacket_descriptor desc = {
		.type = type,
		.flags = flags,
		.offset8 = sizeof(desc) >> 3,
	};
	struct kvec kv[2] = {
		{ .iov_base = &desc, .iov_len = sizeof(desc) },
		{ .iov_base = buffer, .iov_len = bufferlen },
	};

	return hvapi_write(channel, kv, bufferlen ? 2 : 1, requestid, trans_id);
}
EXPORT_SYMBOL_GPL(vmbus_sendpacket_getid);

/**
 * vmbus_sendpacket - send an inband packet
 * @channel: an open channel
 * @buffer: the payload
 * @bufferlen: its length
 * @requestid: the driver's request (an address, or an id it chose)
 * @type: VM_PKT_DATA_INBAND, VM_PKT_COMP, ...
 * @flags: VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED or 0
 *
 * Return: as vmbus_sendpacket_getid().
 */
int vmbus_sendpacket(struct vmbus_channel *channel, void *buffer,
		     u32 bufferlen, u64 requestid, enum vmbus_packet_type type,
		     u32 flags)
{
	return vmbus_sendpacket_getid(channel, buffer, bufferlen, requestid,
				      NULL, type, flags);
}
EXPORT_SYMBOL_GPL(vmbus_sendpacket);

/**
 * vmbus_sendpacket_mpb_desc - send a GPA-direct packet
 * @channel: an open channel
 * @desc: the descriptor and one range with its PFNs, @desc_size bytes
 * @desc_size: a multiple of 8
 * @buffer: the inband part
 * @bufferlen: its length
 * @requestid: the driver's request
 *
 * The packet always asks for a completion. Fills in @desc's type, flags,
 * offset and length.
 *
 * Return: as vmbus_sendpacket_getid().
 */
int vmbus_sendpacket_mpb_desc(struct vmbus_channel *channel,
			      struct vmbus_packet_mpb_array *desc,
			      u32 desc_size, void *buffer, u32 bufferlen,
			      u64 requestid)
{
	struct kvec kv[2] = {
		{ .iov_base = desc, .iov_len = desc_size },
		{ .iov_base = buffer, .iov_len = bufferlen },
	};

	if (desc_size < sizeof(*desc) || desc_size % 8 ||
	    desc_size + bufferlen > HVG2_PKT_MAX_LEN)
		return -EINVAL;
	desc->type = VM_PKT_DATA_USING_GPA_DIRECT;
	desc->flags = VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED;
	desc->dataoffset8 = desc_size >> 3;
	desc->length8 = ALIGN(desc_size + bufferlen, 8) >> 3;
	desc->transactionid = VMBUS_RQST_ERROR;	/* set by hvapi_write() */
	desc->reserved = 0;
	return hvapi_write(channel, kv, 2, requestid, NULL);
}
EXPORT_SYMBOL_GPL(vmbus_sendpacket_mpb_desc);

/* ---- receive: the packet iterator ---- */

/* Copy the packet peeked into pkt_buffer; the driver reads the copy. */
static struct vmpacket_descriptor *hvapi_copy_out(struct hvapi_chan *c,
						  const struct hvg2_ring_pkt *pkt)
{
	struct hv_ring_buffer_info *rbi = &c->vc.inbound;
	struct vmpacket_descriptor *d = rbi->pkt_buffer;
	u32 off = pkt->len - pkt->payload_len;
	u32 len = min(pkt->len, round_down(rbi->pkt_buffer_size, 8));

	memcpy(d, pkt->desc, len);
	/* truncated below its payload offset: upstream's fallback */
	if (off > len)
		off = sizeof(*d);
	d->type = pkt->type;
	d->flags = pkt->flags;
	d->trans_id = pkt->trans_id;
	d->offset8 = off >> 3;
	d->len8 = len >> 3;
	c->cur_wire = pkt->len + HVG2_PKT_TRAILER_SIZE;
	return d;
}

/**
 * hv_pkt_iter_first - the next inbound packet, copied out of the ring
 * @channel: an open channel
 *
 * Return: the packet (valid until the next iterator call), or NULL when
 * the ring is empty, the channel is not open, or the host broke the ring.
 */
struct vmpacket_descriptor *hv_pkt_iter_first(struct vmbus_channel *channel)
{
	struct hvapi_chan *c = to_hvapi_chan(channel);
	struct hvg2_ring_pkt pkt;

	if (unlikely(!READ_ONCE(c->ready)))
		return NULL;
	if (hvapi_in_peek(c, &pkt))
		return NULL;
	return hvapi_copy_out(c, &pkt);
}
EXPORT_SYMBOL_GPL(hv_pkt_iter_first);

/**
 * __hv_pkt_iter_next - step past a packet and return the next one
 * @channel: an open channel
 * @pkt: the packet hv_pkt_iter_first() or this returned last
 *
 * The read index is not published (hv_pkt_iter_close() does that), so the
 * space is not yet returned to the host; priv_read_index moves on.
 *
 * Return: as hv_pkt_iter_first().
 */
struct vmpacket_descriptor *__hv_pkt_iter_next(struct vmbus_channel *channel,
					       const struct vmpacket_descriptor *pkt)
{
	struct hvapi_chan *c = to_hvapi_chan(channel);
	struct hv_ring_buffer_info *rbi = &channel->inbound;

	if (c->cur_wire) {
		hvapi_in_advance(c);
		rbi->priv_read_index += c->cur_wire;
		if (rbi->priv_read_index >= rbi->ring_datasize)
			rbi->priv_read_index -= rbi->ring_datasize;
		c->cur_wire = 0;
	}
	return hv_pkt_iter_first(channel);
}
EXPORT_SYMBOL_GPL(__hv_pkt_iter_next);

/**
 * hv_pkt_iter_close - return the space of the packets read to the host
 * @channel: an open channel
 *
 * Publishes the read index once for the whole batch, and signals the host
 * if it waits for space (pending_send_sz).
 */
void hv_pkt_iter_close(struct vmbus_channel *channel)
{
	struct hvapi_chan *c = to_hvapi_chan(channel);

	if (unlikely(!READ_ONCE(c->ready)))
		return;
	hvapi_in_release(c);
}
EXPORT_SYMBOL_GPL(hv_pkt_iter_close);

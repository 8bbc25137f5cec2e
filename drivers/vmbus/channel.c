// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: open and close, send and receive, interrupt and polled
 * dispatch, rescind.
 *
 * Open: allocate the two rings (each a header page and data pages, mapped
 * twice by the ring core), hand all their pages to the host in one GPADL -
 * outbound ring first, inbound ring at downstream_offset - and send
 * OPENCHANNEL naming that GPADL and the CPU to interrupt. Close is the
 * reverse: CLOSECHANNEL, GPADL_TEARDOWN, free. The rings' memory, its
 * GPADL and its quarantine are in chanring.c.
 */
#include <linux/cpumask.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "internal.h"

#define HVG2_CHANNEL_MAX_IOV	8

/* ---- lifetime ---- */

/* Spread channels over the online CPUs, round robin. */
static unsigned int hvg2_pick_cpu(void)
{
	unsigned int n = atomic_inc_return(&hvg2_conn.next_cpu);
	unsigned int cpu, i = 0;

	n %= num_online_cpus();
	for_each_online_cpu(cpu)
		if (i++ == n)
			return cpu;
	return cpumask_first(cpu_online_mask);
}

struct hvg2_channel *hvg2_channel_alloc(const struct hvg2_vmbus_msg_offer *o)
{
	struct hvg2_channel *ch = kzalloc(sizeof(*ch), GFP_KERNEL);

	if (!ch)
		return NULL;
	kobject_init(&ch->kobj, &hvg2_channel_ktype);
	ch->offer = *o;
	ch->relid = o->child_relid;
	ch->conn_id = o->connection_id;
	ch->dedicated_intr = o->interrupt_flags & HVG2_VMBUS_OFFER_DEDICATED_INTR;
	ch->cpu = hvg2_pick_cpu();
	mutex_init(&ch->lock);
	ch->state = HVG2_CHAN_OFFERED;
	INIT_LIST_HEAD(&ch->subs);
	mutex_init(&ch->sub_lock);
	mutex_init(&ch->sub_cb_lock);
	return ch;
}

/* ---- signalling ---- */

static void hvg2_channel_signal(struct hvg2_channel *ch)
{
	struct hvg2_link *link = READ_ONCE(hvg2_conn.cur_link);

	if (!link)
		return;
	/*
	 * A shared (non-dedicated) interrupt also names the channel in the
	 * send half of the interrupt page, as the host expects.
	 */
	if (!ch->dedicated_intr && hvg2_conn.int_page)
		set_bit(ch->relid, (unsigned long *)((u8 *)hvg2_conn.int_page +
						     PAGE_SIZE / 2));
	atomic64_inc(&ch->signals);
	link->ops->signal_event(link, ch->conn_id);
}

/* The interrupt found this channel's event flag set (RCU read side). */
void hvg2_channel_event(struct hvg2_channel *ch)
{
	hvg2_channel_cb_t cb = READ_ONCE(ch->cb);

	atomic64_inc(&ch->interrupts);
	if (cb)
		cb(ch, ch->cb_ctx);
}

/* The host rescinded: no more messages about this channel will be answered. */
void hvg2_channel_rescind(struct hvg2_channel *ch)
{
	WRITE_ONCE(ch->rescinded, true);
	/* Pairs with the barrier in hvg2_waiter_add()'s unlock / re-check. */
	smp_mb();
}

static void hvg2_channel_broken(struct hvg2_channel *ch)
{
	if (cmpxchg(&ch->state, HVG2_CHAN_OPEN, HVG2_CHAN_BROKEN) == HVG2_CHAN_OPEN)
		pr_warn("hvg2_vmbus: relid %u: host broke the ring protocol; channel disabled\n",
			ch->relid);
}

/* ---- open and close ---- */

static int hvg2_send_open(struct hvg2_channel *ch)
{
	struct hvg2_link *link = hvg2_conn.cur_link;
	struct hvg2_vmbus_msg_open msg = {
		.hdr.msgtype = HVG2_CHMSG_OPENCHANNEL,
		.child_relid = ch->relid,
		.openid = ch->relid,
		.ring_gpadl = ch->ring_gpadl,
		.target_vp = link->ops->vp_index(link, ch->cpu),
		.downstream_offset = ch->out_mem.npages *
				     (PAGE_SIZE / HVG2_HV_PAGE_SIZE),
	};
	struct hvg2_vmbus_msg_open_result res;
	int ret;

	ret = hvg2_request(ch, hvg2_conn.msg_conn_id, &msg, sizeof(msg),
			   HVG2_CHMSG_OPENCHANNEL_RESULT, ch->relid, &res,
			   sizeof(res));
	if (ret)
		return ret;
	if (res.openid != ch->relid || res.status) {
		pr_warn("hvg2_vmbus: relid %u: host refused open: %#x\n",
			ch->relid, res.status);
		return -EIO;
	}
	return 0;
}

static void hvg2_send_close(struct hvg2_channel *ch)
{
	struct hvg2_vmbus_msg_relid msg = {
		.hdr.msgtype = HVG2_CHMSG_CLOSECHANNEL,
		.child_relid = ch->relid,
	};

	if (!READ_ONCE(ch->rescinded) && hvg2_post(&msg, sizeof(msg)))
		pr_warn("hvg2_vmbus: relid %u: CLOSECHANNEL not posted\n", ch->relid);
}

/* Stop callbacks; on return none runs and none will start. */
static void hvg2_channel_quiesce(struct hvg2_channel *ch)
{
	WRITE_ONCE(ch->cb, NULL);
	/* The interrupt reads ->cb under RCU (irqs off): wait it out. */
	synchronize_rcu();
}

/**
 * hvg2_channel_open - open a channel with rings of the given sizes
 * @ch: the channel, closed
 * @out_bytes: data bytes of the guest-to-host ring (rounded up to pages)
 * @in_bytes: data bytes of the host-to-guest ring
 * @cb: called when the host signals (see hvg2_channel_cb_t)
 * @ctx: passed to @cb
 *
 * Sleeps for the GPADL and open round trips.
 *
 * Return: 0; -EBUSY if open; -ENODEV if rescinded; -EIO if the host
 * refused; -ETIMEDOUT if it did not answer; -ENOMEM; -EINVAL for sizes.
 */
int hvg2_channel_open(struct hvg2_channel *ch, u32 out_bytes, u32 in_bytes,
		      hvg2_channel_cb_t cb, void *ctx)
{
	int ret;

	mutex_lock(&ch->lock);
	ret = -EBUSY;
	if (ch->state != HVG2_CHAN_OFFERED)
		goto unlock;
	ret = -ENODEV;
	if (READ_ONCE(ch->rescinded) || !hvg2_conn.cur_link)
		goto unlock;
	ret = hvg2_rings_create(ch, out_bytes, in_bytes);
	if (ret)
		goto unlock;

	/*
	 * The host may signal as soon as it has opened, before its answer
	 * reaches us: be ready (callback set, rings readable) first.
	 */
	ch->cb_ctx = ctx;
	WRITE_ONCE(ch->cb, cb);
	WRITE_ONCE(ch->state, HVG2_CHAN_OPEN);
	ret = hvg2_send_open(ch);
	if (ret) {
		WRITE_ONCE(ch->state, HVG2_CHAN_OFFERED);
		hvg2_channel_quiesce(ch);
		/* a lost OPENCHANNEL_RESULT may mean the host did open it */
		if (ret == -ETIMEDOUT)
			hvg2_send_close(ch);
		hvg2_channel_reclaim(ch);
		goto unlock;
	}
	mutex_unlock(&ch->lock);
	return 0;

unlock:
	mutex_unlock(&ch->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(hvg2_channel_open);

/**
 * hvg2_channel_close - close an open channel
 * @ch: the channel
 *
 * The driver must have stopped sending. Sleeps for the teardown round
 * trip. After a rescind, sends nothing: the host let go already; a
 * rescinded subchannel is gone once this returns.
 */
void hvg2_channel_close(struct hvg2_channel *ch)
{
	mutex_lock(&ch->lock);
	if (ch->state == HVG2_CHAN_OFFERED)
		goto unlock;
	hvg2_channel_quiesce(ch);
	hvg2_send_close(ch);
	hvg2_channel_reclaim(ch);
	WRITE_ONCE(ch->state, HVG2_CHAN_OFFERED);
unlock:
	mutex_unlock(&ch->lock);
	if (hvg2_channel_is_sub(ch))
		hvg2_subchannel_closed(ch);
}
EXPORT_SYMBOL_GPL(hvg2_channel_close);

/**
 * hvg2_channel_device - the device a channel belongs to
 * @ch: the channel
 *
 * Return: the device, NULL once removed.
 */
struct hvg2_vmbus_device *hvg2_channel_device(struct hvg2_channel *ch)
{
	return READ_ONCE(ch->device);
}
EXPORT_SYMBOL_GPL(hvg2_channel_device);

/**
 * hvg2_channel_relid - the channel's relid
 * @ch: the channel
 *
 * Return: the relid the host gave it.
 */
u32 hvg2_channel_relid(struct hvg2_channel *ch)
{
	return ch->relid;
}
EXPORT_SYMBOL_GPL(hvg2_channel_relid);

/**
 * hvg2_channel_cpu - the CPU the channel's interrupts arrive on
 * @ch: the channel
 *
 * Return: the CPU number.
 */
unsigned int hvg2_channel_cpu(struct hvg2_channel *ch)
{
	return ch->cpu;
}
EXPORT_SYMBOL_GPL(hvg2_channel_cpu);

/**
 * hvg2_channel_rescinded - has the host rescinded the channel?
 * @ch: the channel
 *
 * Return: true once rescinded; the device is about to be removed.
 */
bool hvg2_channel_rescinded(struct hvg2_channel *ch)
{
	return READ_ONCE(ch->rescinded);
}
EXPORT_SYMBOL_GPL(hvg2_channel_rescinded);

/**
 * hvg2_channel_stats - one of the channel's counters
 * @ch: the channel
 * @which: the counter
 *
 * Return: its value.
 */
u64 hvg2_channel_stats(struct hvg2_channel *ch, enum hvg2_chan_stat which)
{
	switch (which) {
	case HVG2_CHAN_STAT_SIGNALS:
		return atomic64_read(&ch->signals);
	case HVG2_CHAN_STAT_INTERRUPTS:
		return atomic64_read(&ch->interrupts);
	case HVG2_CHAN_STAT_RING_FULL:
		return atomic64_read(&ch->ring_full);
	}
	return 0;
}
EXPORT_SYMBOL_GPL(hvg2_channel_stats);

/**
 * hvg2_channel_ring_hdr - the shared header of one of the channel's rings
 * @ch: an open channel
 * @outbound: the guest-to-host ring (else host-to-guest)
 * @data_size: set to the bytes of the ring's data area
 *
 * For hvg2_hvapi, whose callers read the ring indices directly. Only
 * valid while the channel stays open.
 *
 * Return: the header, or NULL when the channel is not open.
 */
struct hvg2_ring_hdr *hvg2_channel_ring_hdr(struct hvg2_channel *ch,
					    bool outbound, u32 *data_size)
{
	struct hvg2_ring_mem *m = outbound ? &ch->out_mem : &ch->in_mem;

	if (READ_ONCE(ch->state) == HVG2_CHAN_OFFERED || !m->vaddr)
		return NULL;
	*data_size = hvg2_ring_mem_data_size(m);
	return hvg2_ring_mem_hdr(m);
}
EXPORT_SYMBOL_GPL(hvg2_channel_ring_hdr);

/* ---- send ---- */

static int hvg2_send_check(struct hvg2_channel *ch)
{
	if (unlikely(READ_ONCE(ch->state) != HVG2_CHAN_OPEN ||
		     READ_ONCE(ch->rescinded)))
		return -EIO;
	return 0;
}

/*
 * Under the ring lock: publish, and pay a signal hvg2_channel_commit_owe()
 * owes (a ring it left non-empty makes the publish itself see no need).
 */
static bool hvg2_channel_publish(struct hvg2_channel *ch)
{
	bool signal = hvg2_ring_publish(&ch->out);

	if (unlikely(ch->owed)) {
		ch->owed = false;
		if (!signal)
			signal = hvg2_ring_owed(&ch->out);
	}
	return signal;
}

/* Under the ring lock: publish if asked (or on error), note what happened. */
static bool hvg2_send_done(struct hvg2_channel *ch, int ret, bool more)
{
	if (ret == -EAGAIN)
		atomic64_inc(&ch->ring_full);
	else if (ret == -EIO)
		hvg2_channel_broken(ch);
	/* on failure, publish what earlier "more" packets left pending */
	if (more && !ret)
		return false;
	return hvg2_channel_publish(ch);
}

/* One gathered packet, under the ring lock; signal after unlocking. */
static int hvg2_channel_writev(struct hvg2_channel *ch, const struct kvec *kv,
			       unsigned int n, bool more)
{
	unsigned long irqf;
	bool signal;
	int ret;

	hvg2_ring_lock(&ch->out, &irqf);
	ret = hvg2_ring_writev(&ch->out, kv, n);
	signal = hvg2_send_done(ch, ret, more);
	hvg2_ring_unlock(&ch->out, irqf);
	if (signal)
		hvg2_channel_signal(ch);
	return ret;
}

/**
 * hvg2_channel_sendv - send one packet gathered from pieces
 * @ch: an open channel
 * @type: HVG2_PKT_DATA_INBAND and friends
 * @flags: HVG2_PKT_FLAG_*
 * @trans_id: echoed by the host in its completion
 * @iov: the payload pieces
 * @niov: how many (at most 8)
 * @more: more packets follow: do not publish yet
 *
 * Return: 0, -EAGAIN (ring full), -EIO (broken, closed or rescinded),
 * -EINVAL.
 */
int hvg2_channel_sendv(struct hvg2_channel *ch, u16 type, u16 flags,
		       u64 trans_id, const struct kvec *iov, unsigned int niov,
		       bool more)
{
	struct hvg2_pkt_desc desc = {
		.type = type,
		.offset8 = sizeof(desc) / 8,
		.flags = flags,
		.trans_id = trans_id,
	};
	struct kvec kv[HVG2_CHANNEL_MAX_IOV + 1];
	int ret;

	if (niov > HVG2_CHANNEL_MAX_IOV)
		return -EINVAL;
	ret = hvg2_send_check(ch);
	if (ret)
		return ret;
	kv[0].iov_base = &desc;
	kv[0].iov_len = sizeof(desc);
	memcpy(&kv[1], iov, niov * sizeof(*iov));
	return hvg2_channel_writev(ch, kv, niov + 1, more);
}
EXPORT_SYMBOL_GPL(hvg2_channel_sendv);

/**
 * hvg2_channel_send - send one inband packet
 * @ch: an open channel
 * @data: the payload
 * @len: its length
 * @trans_id: echoed by the host in its completion
 * @flags: HVG2_PKT_FLAG_*
 * @more: more packets follow: do not publish yet
 *
 * Return: as hvg2_channel_sendv().
 */
int hvg2_channel_send(struct hvg2_channel *ch, const void *data, u32 len,
		      u64 trans_id, u16 flags, bool more)
{
	struct kvec kv = { .iov_base = (void *)data, .iov_len = len };

	return hvg2_channel_sendv(ch, HVG2_PKT_DATA_INBAND, flags, trans_id,
				  &kv, 1, more);
}
EXPORT_SYMBOL_GPL(hvg2_channel_send);

/* The GPA-direct packet's fixed part after the descriptor. */
struct hvg2_gpa_direct_hdr {
	struct hvg2_pkt_desc desc;
	u32 reserved;
	u32 range_cnt;
} __packed;

/**
 * hvg2_channel_send_gpa - send a GPA-direct packet
 * @ch: an open channel
 * @range: one GPA range with its PFNs
 * @range_len: bytes of @range, PFNs included (a multiple of 8)
 * @data: the inband part
 * @len: its length
 * @trans_id: echoed in the completion (always requested)
 * @more: more packets follow: do not publish yet
 *
 * Return: as hvg2_channel_sendv().
 */
int hvg2_channel_send_gpa(struct hvg2_channel *ch,
			  const struct hvg2_vmbus_gpa_range *range,
			  u32 range_len, const void *data, u32 len,
			  u64 trans_id, bool more)
{
	struct hvg2_gpa_direct_hdr h = {
		.desc.type = HVG2_PKT_DATA_USING_GPA_DIRECT,
		.desc.flags = HVG2_PKT_FLAG_COMPLETION_REQUESTED,
		.desc.trans_id = trans_id,
		.range_cnt = 1,
	};
	struct kvec kv[3] = {
		{ .iov_base = &h, .iov_len = sizeof(h) },
		{ .iov_base = (void *)range, .iov_len = range_len },
		{ .iov_base = (void *)data, .iov_len = len },
	};
	int ret;

	if (range_len < sizeof(*range) || range_len % 8 ||
	    sizeof(h) + range_len > HVG2_PKT_MAX_LEN)
		return -EINVAL;
	ret = hvg2_send_check(ch);
	if (ret)
		return ret;
	h.desc.offset8 = (sizeof(h) + range_len) / 8;
	return hvg2_channel_writev(ch, kv, ARRAY_SIZE(kv), more);
}
EXPORT_SYMBOL_GPL(hvg2_channel_send_gpa);

/**
 * hvg2_channel_lock - serialise in-place sends with every other sender
 * @ch: an open channel
 * @irqflags: saved interrupt state, for hvg2_channel_unlock()
 */
void hvg2_channel_lock(struct hvg2_channel *ch, unsigned long *irqflags)
	__acquires(&ch->out.lock)
{
	spin_lock_irqsave(&ch->out.lock, *irqflags);
}
EXPORT_SYMBOL_GPL(hvg2_channel_lock);

/**
 * hvg2_channel_unlock - end of a run of in-place sends
 * @ch: the channel
 * @irqflags: from hvg2_channel_lock()
 */
void hvg2_channel_unlock(struct hvg2_channel *ch, unsigned long irqflags)
	__releases(&ch->out.lock)
{
	spin_unlock_irqrestore(&ch->out.lock, irqflags);
}
EXPORT_SYMBOL_GPL(hvg2_channel_unlock);

/**
 * hvg2_channel_reserve - reserve a packet to build in place
 * @ch: an open channel, locked with hvg2_channel_lock()
 * @len: the packet's length, descriptor included
 *
 * Return: the descriptor to fill in (then hvg2_channel_commit()), or an
 * ERR_PTR: -EAGAIN (full; what earlier packets left unpublished is
 * published), -EIO, -EINVAL.
 */
struct hvg2_pkt_desc *hvg2_channel_reserve(struct hvg2_channel *ch, u32 len)
{
	struct hvg2_pkt_desc *d;
	int ret = hvg2_send_check(ch);

	if (ret)
		return ERR_PTR(ret);
	d = hvg2_ring_reserve(&ch->out, len);
	if (IS_ERR(d) && hvg2_send_done(ch, PTR_ERR(d), false))
		hvg2_channel_signal(ch);
	return d;
}
EXPORT_SYMBOL_GPL(hvg2_channel_reserve);

/**
 * hvg2_channel_commit - commit the packet built in place
 * @ch: the channel, still locked
 * @more: more packets follow: do not publish yet
 */
void hvg2_channel_commit(struct hvg2_channel *ch, bool more)
{
	hvg2_ring_commit(&ch->out);
	if (hvg2_send_done(ch, 0, more))
		hvg2_channel_signal(ch);
}
EXPORT_SYMBOL_GPL(hvg2_channel_commit);

/**
 * hvg2_channel_commit_owe - commit and publish, deferring the doorbell
 * @ch: the channel, still locked
 *
 * The last packet of a batch, published like hvg2_channel_commit() does,
 * but a signal it needs is owed instead of sent: the channel remembers
 * it until hvg2_channel_kick(). Only for a driver that is sure to call
 * hvg2_channel_kick() soon, whatever the host does: from the reap that
 * the answers to its earlier, signalled requests bring.
 *
 * Return: true when a signal is owed now.
 */
bool hvg2_channel_commit_owe(struct hvg2_channel *ch)
{
	hvg2_ring_commit(&ch->out);
	if (!hvg2_ring_publish_owe(&ch->out))
		return false;
	ch->owed = true;
	return true;
}
EXPORT_SYMBOL_GPL(hvg2_channel_commit_owe);

/**
 * hvg2_channel_kick - send the signal hvg2_channel_commit_owe() owed
 * @ch: an open channel, not locked
 *
 * Signals when a signal is owed and still due: the host has its
 * interrupts unmasked and has not read everything published. Otherwise
 * the host read the packets meanwhile, or reads them before it unmasks:
 * the signal is saved. Any later publish that is not itself deferred
 * (a send, a commit ending a batch, a flush) pays the debt the same way.
 *
 * Return: true when it signalled.
 */
bool hvg2_channel_kick(struct hvg2_channel *ch)
{
	unsigned long irqf;
	bool due = false;

	hvg2_ring_lock(&ch->out, &irqf);
	if (ch->owed) {
		ch->owed = false;
		due = hvg2_ring_owed(&ch->out);
	}
	hvg2_ring_unlock(&ch->out, irqf);
	if (due)
		hvg2_channel_signal(ch);
	return due;
}
EXPORT_SYMBOL_GPL(hvg2_channel_kick);

/**
 * hvg2_channel_flush - publish packets sent with @more, signal if needed
 * @ch: an open channel
 */
void hvg2_channel_flush(struct hvg2_channel *ch)
{
	unsigned long irqf;
	bool signal;

	hvg2_ring_lock(&ch->out, &irqf);
	signal = hvg2_channel_publish(ch);
	hvg2_ring_unlock(&ch->out, irqf);
	if (signal)
		hvg2_channel_signal(ch);
}
EXPORT_SYMBOL_GPL(hvg2_channel_flush);

/**
 * hvg2_channel_flush_owe - publish packets sent with @more, maybe owing
 * @ch: an open channel, not locked
 * @defer: asked under the ring lock, just before the publish: may the
 *	doorbell wait for hvg2_channel_kick() (or a later publish)? The
 *	rules of hvg2_channel_commit_owe() apply
 * @ctx: @defer's argument
 *
 * hvg2_channel_flush() for a driver that builds its batches with @more and
 * decides whether to defer the doorbell from counts that its reap path
 * changes before it kicks: taken under the ring lock, the decision is
 * ordered with that kick.
 *
 * Return: true when a signal is owed now.
 */
bool hvg2_channel_flush_owe(struct hvg2_channel *ch, bool (*defer)(void *ctx),
			    void *ctx)
{
	bool signal = false, owe = false;
	unsigned long irqf;

	hvg2_ring_lock(&ch->out, &irqf);
	if (defer(ctx)) {
		owe = hvg2_ring_publish_owe(&ch->out);
		if (owe)
			ch->owed = true;
	} else {
		signal = hvg2_channel_publish(ch);
	}
	hvg2_ring_unlock(&ch->out, irqf);
	if (signal)
		hvg2_channel_signal(ch);
	return owe;
}
EXPORT_SYMBOL_GPL(hvg2_channel_flush_owe);

/* ---- receive ---- */

/**
 * hvg2_channel_peek - the next inbound packet, validated, in place
 * @ch: an open channel
 * @pkt: filled in
 *
 * Return: 0, -ENODATA (empty), -EIO (the host broke the ring).
 */
int hvg2_channel_peek(struct hvg2_channel *ch, struct hvg2_ring_pkt *pkt)
{
	int ret;

	if (unlikely(READ_ONCE(ch->state) != HVG2_CHAN_OPEN))
		return -EIO;
	ret = hvg2_ring_peek(&ch->in, pkt);
	if (unlikely(ret == -EIO))
		hvg2_channel_broken(ch);
	return ret;
}
EXPORT_SYMBOL_GPL(hvg2_channel_peek);

/**
 * hvg2_channel_advance - done with the packet peeked
 * @ch: the channel
 */
void hvg2_channel_advance(struct hvg2_channel *ch)
{
	hvg2_ring_advance(&ch->in);
}
EXPORT_SYMBOL_GPL(hvg2_channel_advance);

/**
 * hvg2_channel_release - publish the read index for a batch, signal if asked
 * @ch: the channel
 */
void hvg2_channel_release(struct hvg2_channel *ch)
{
	if (hvg2_ring_release(&ch->in))
		hvg2_channel_signal(ch);
}
EXPORT_SYMBOL_GPL(hvg2_channel_release);

/**
 * hvg2_channel_poll_begin - switch to polling: ask the host not to interrupt
 * @ch: an open channel
 */
void hvg2_channel_poll_begin(struct hvg2_channel *ch)
{
	hvg2_ring_mask(&ch->in);
}
EXPORT_SYMBOL_GPL(hvg2_channel_poll_begin);

/**
 * hvg2_channel_poll_end - back to interrupts
 * @ch: an open channel
 *
 * Return: true when packets arrived while masked: poll again.
 */
bool hvg2_channel_poll_end(struct hvg2_channel *ch)
{
	return hvg2_ring_unmask(&ch->in);
}
EXPORT_SYMBOL_GPL(hvg2_channel_poll_end);

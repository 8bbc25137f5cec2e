// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_hvapi_echo: a test driver written only against the kernel's VMBus
 * driver API (<linux/hyperv.h>), as hv_netvsc is, for our echo class
 * (include/hvg2/echo.h). It proves hvg2_hvapi before a storage or network
 * host exists: vmbus_open with a request-id table, vmbus_sendpacket asking
 * for completions, the completions read with foreach_vmbus_pkt and matched
 * with vmbus_request_addr, the inline helpers' view of the rings.
 *
 * Module parameter mode: the channels' callback_mode (0 batched, 1 direct,
 * 2 isr), so each of the shim's dispatch paths runs. Small rings (two data
 * pages) make packets wrap the ring's end often. Subchannels the host
 * offers are opened from the sc_creation_callback, as hv_storvsc does, and
 * a run spreads its packets over all channels.
 *
 * sysfs, on the hv_device:
 *   run    write "count depth len": count packets of len bytes, at most
 *          depth in flight, every echo checked; returns when all came
 *          back, or fails (-ETIMEDOUT: some never did)
 *   stats  packets bad rejected, then the primary's ring view: out/in
 *          bytes to read, priv_read_index, read_index, write_index of the
 *          inbound ring, the outbound ring's free percentage; channels
 */
#include <linux/hyperv.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include "hvg2/echo.h"
#include "hvg2_hvapi_compat.h"

static unsigned int mode;
module_param(mode, uint, 0444);
MODULE_PARM_DESC(mode, "callback_mode: 0 batched, 1 direct, 2 isr");

#define ET_DEPTH	64
#define ET_MAX_LEN	2048
#define ET_RING		(3 * PAGE_SIZE)		/* header and two data pages */
#define ET_TIMEOUT	(5 * HZ)
#define ET_MAX_CH	16

struct et_req {
	u32 seq;
	u32 len;
};

struct et_dev {
	struct hv_device *hv;
	struct mutex run_lock;		/* one run at a time */
	spinlock_t lock;		/* the reaper */
	wait_queue_head_t wait;
	atomic_t inflight;
	u64 packets, bad, rejected;
	struct vmbus_channel *chans[ET_MAX_CH];	/* [0] the primary */
	unsigned int nch;			/* published after chans[nch - 1] */
	u8 buf[ET_MAX_LEN];
	struct et_req reqs[ET_DEPTH];
	DECLARE_BITMAP(used, ET_DEPTH);
};

static u8 et_byte(u32 seq, u32 i)
{
	return (u8)(seq * 7 + i);
}

static void et_complete(struct et_dev *ed, struct vmbus_channel *ch,
			const struct vmpacket_descriptor *d)
{
	const u8 *p = hv_pkt_data(d);
	u32 i, len = hv_pkt_datalen(d);
	struct et_req *r;
	u64 addr;

	if (d->type != VM_PKT_COMP) {
		ed->bad++;
		return;
	}
	addr = vmbus_request_addr(ch, d->trans_id);
	if (addr == VMBUS_RQST_ERROR || addr >= ET_DEPTH) {
		ed->rejected++;
		return;
	}
	r = &ed->reqs[addr];
	if (len < r->len)
		ed->bad++;
	else
		for (i = 0; i < r->len; i++)
			if (p[i] != et_byte(r->seq, i)) {
				ed->bad++;
				break;
			}
	ed->packets++;
	clear_bit(addr, ed->used);
	atomic_dec(&ed->inflight);
	wake_up(&ed->wait);
}

static struct et_dev *et_of(struct vmbus_channel *ch)
{
	struct vmbus_channel *primary = ch->primary_channel ?: ch;

	return hv_get_drvdata(primary->device_obj);
}

/*
 * @ctx is the channel: one callback serves the primary and subchannels.
 *
 * A packet the host writes while we still hold the old read_index finds
 * the ring non-empty, and the host does not signal for it. In batched
 * mode the bus looks again after the callback (hv_end_read); in direct
 * and isr mode that is the driver's job, as in netvsc's poll: after
 * publishing read_index, look at write_index once more.
 */
static void et_callback(void *ctx)
{
	struct vmbus_channel *ch = ctx;
	struct et_dev *ed = et_of(ch);
	struct vmpacket_descriptor *d;
	unsigned long flags;

	spin_lock_irqsave(&ed->lock, flags);
	do {
		foreach_vmbus_pkt(d, ch)
			et_complete(ed, ch, d);
	} while (ch->callback_mode != HV_CALL_BATCHED &&
		 hv_end_read(&ch->inbound));
	spin_unlock_irqrestore(&ed->lock, flags);
}

static int et_open(struct vmbus_channel *ch)
{
	ch->rqstor_size = ET_DEPTH;
	ch->max_pkt_size = ET_MAX_LEN + 64;
	ch->next_request_id_callback = vmbus_next_request_id;
	ch->request_addr_callback = vmbus_request_addr;
	set_channel_read_mode(ch, mode);
	return vmbus_open(ch, ET_RING, ET_RING, NULL, 0, et_callback, ch);
}

/* The host offered a subchannel: open it and send on it too. */
static void et_sc_create(struct vmbus_channel *sc)
{
	struct et_dev *ed = et_of(sc);
	unsigned int n = ed->nch;

	if (n >= ET_MAX_CH || et_open(sc))
		return;
	ed->chans[n] = sc;
	/* Pairs with smp_load_acquire() in et_send(). */
	smp_store_release(&ed->nch, n + 1);
}

static int et_send(struct et_dev *ed, u32 seq, u32 len)
{
	unsigned int slot = find_first_zero_bit(ed->used, ET_DEPTH);
	int ret;
	u32 i;

	if (slot >= ET_DEPTH)
		return -EAGAIN;
	for (i = 0; i < len; i++)
		ed->buf[i] = et_byte(seq, i);
	ed->reqs[slot].seq = seq;
	ed->reqs[slot].len = len;
	set_bit(slot, ed->used);
	atomic_inc(&ed->inflight);
	/* Pairs with smp_store_release() in et_sc_create(): chans[] filled. */
	ret = vmbus_sendpacket(ed->chans[seq % smp_load_acquire(&ed->nch)],
			       ed->buf, len, slot,
			       VM_PKT_DATA_INBAND,
			       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
	if (ret) {
		clear_bit(slot, ed->used);
		atomic_dec(&ed->inflight);
	}
	return ret;
}

/* The ring is full: wait for an echo to come back (it frees ring space). */
static int et_wait_room(struct et_dev *ed, unsigned long deadline)
{
	int cur = atomic_read(&ed->inflight);

	if (time_after(jiffies, deadline))
		return -ETIMEDOUT;
	wait_event_timeout(ed->wait, atomic_read(&ed->inflight) < cur, HZ / 50);
	return 0;
}

static int et_run(struct et_dev *ed, u32 count, u32 depth, u32 len)
{
	unsigned long deadline;
	u32 seq;
	int ret = 0;

	for (seq = 0; seq < count && !ret; seq++) {
		if (!wait_event_timeout(ed->wait,
					atomic_read(&ed->inflight) < depth,
					ET_TIMEOUT))
			return -ETIMEDOUT;
		deadline = jiffies + ET_TIMEOUT;
		while ((ret = et_send(ed, seq, len)) == -EAGAIN) {
			ret = et_wait_room(ed, deadline);
			if (ret)
				return ret;
		}
	}
	if (ret)
		return ret;
	if (!wait_event_timeout(ed->wait, !atomic_read(&ed->inflight), ET_TIMEOUT))
		return -ETIMEDOUT;
	return 0;
}

static ssize_t run_store(struct device *dev, struct device_attribute *attr,
			 const char *buf, size_t count)
{
	struct et_dev *ed = hv_get_drvdata(container_of(dev, struct hv_device, device));
	u32 n, depth, len;
	int ret;

	if (sscanf(buf, "%u %u %u", &n, &depth, &len) != 3 ||
	    !depth || depth > ET_DEPTH || len > ET_MAX_LEN)
		return -EINVAL;
	mutex_lock(&ed->run_lock);
	ret = et_run(ed, n, depth, len);
	mutex_unlock(&ed->run_lock);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(run);

static ssize_t stats_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct et_dev *ed = hv_get_drvdata(container_of(dev, struct hv_device, device));
	struct vmbus_channel *ch = ed->hv->channel;
	struct hv_ring_buffer_info *in = &ch->inbound;

	return sysfs_emit(buf,
			  "packets %llu bad %llu rejected %llu out_to_read %u in_to_read %u in_priv %u in_read %u in_write %u out_avail_pct %u channels %u\n",
			  ed->packets, ed->bad, ed->rejected,
			  hv_get_bytes_to_read(&ch->outbound),
			  hv_get_bytes_to_read(in), in->priv_read_index,
			  READ_ONCE(in->ring_buffer->read_index),
			  READ_ONCE(in->ring_buffer->write_index),
			  hv_get_avail_to_write_percent(&ch->outbound),
			  READ_ONCE(ed->nch));
}
static DEVICE_ATTR_RO(stats);

static struct attribute *et_attrs[] = {
	&dev_attr_run.attr,
	&dev_attr_stats.attr,
	NULL,
};
ATTRIBUTE_GROUPS(et);

static int et_probe(struct hv_device *hv, const struct hv_vmbus_device_id *id)
{
	struct et_dev *ed;
	int ret;

	if (mode > HV_CALL_ISR)
		return -EINVAL;
	ed = kzalloc(sizeof(*ed), GFP_KERNEL);
	if (!ed)
		return -ENOMEM;
	ed->hv = hv;
	mutex_init(&ed->run_lock);
	spin_lock_init(&ed->lock);
	init_waitqueue_head(&ed->wait);
	hv_set_drvdata(hv, ed);
	ed->chans[0] = hv->channel;
	ed->nch = 1;
	/* before the primary opens: the host offers subchannels after that */
	vmbus_set_sc_create_callback(hv->channel, et_sc_create);
	ret = et_open(hv->channel);
	if (ret) {
		kfree(ed);
		return ret;
	}
	return 0;
}

static void et_remove(struct hv_device *hv)
{
	struct et_dev *ed = hv_get_drvdata(hv);

	vmbus_close(hv->channel);
	kfree(ed);
}

HVG2_HV_REMOVE_ADAPTER(et_remove);

static const struct hv_vmbus_device_id et_ids[] = {
	{ .guid = HVG2_ECHO_GUID_INIT },
	{ },
};

static struct hv_driver et_driver = {
	.name = "hvg2_hvapi_echo",
	.id_table = et_ids,
	.probe = et_probe,
	.remove = HVG2_HV_REMOVE(et_remove),
	.driver = {
		.dev_groups = et_groups,
	},
};

static int __init et_init(void)
{
	return vmbus_driver_register(&et_driver);
}
module_init(et_init);

static void __exit et_exit(void)
{
	vmbus_driver_unregister(&et_driver);
}
module_exit(et_exit);

MODULE_DESCRIPTION("hvgen2: echo test driver on the upstream VMBus API (hvg2_hvapi)");
MODULE_LICENSE("GPL");

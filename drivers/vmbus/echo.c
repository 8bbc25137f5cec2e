// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_echo: the guest driver of the echo class (include/hvg2/echo.h), the
 * transport's end-to-end test and benchmark. It knows only the driver
 * API: it would run unchanged against a host that implemented echo.
 *
 * sysfs, on the device:
 *   echo_run    write "count depth len [poll]": send count packets of len
 *               bytes, at most depth in flight, check every echo; the
 *               write returns when all came back (or fails with the
 *               error). With poll, the host's interrupts are masked and
 *               the writer reaps the echoes itself (polled mode).
 *   echo_stats  the last run: packets, ns, signals, interrupts, and the
 *               completions refused (forged or repeated ids)
 *   gpadl_test  write a byte count: create a GPADL that size and tear it
 *               down
 */
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include "hvg2/echo.h"
#include "hvg2/vmbus.h"

static unsigned int ring_kb = 128;
module_param(ring_kb, uint, 0444);
MODULE_PARM_DESC(ring_kb, "Size of each ring's data area (KiB)");

#define ECHO_MAX_DEPTH	256
#define ECHO_MAX_LEN	4096
#define ECHO_TIMEOUT	(5 * HZ)

struct echo_req {
	u32 seq;
	u32 len;
};

struct echo_dev {
	struct hvg2_vmbus_device *hd;
	struct hvg2_channel *ch;
	struct hvg2_reqid_table ids;
	struct echo_req reqs[ECHO_MAX_DEPTH];
	struct mutex run_lock;		/* one run at a time */
	spinlock_t reap_lock;		/* one consumer: callback or poller */
	bool polling;
	wait_queue_head_t wait;
	atomic_t inflight;
	atomic_t bad;			/* echoes with wrong content */
	atomic_t broken;		/* the channel failed */
	/* last run */
	u64 r_packets, r_ns, r_signals, r_interrupts, r_rejected, r_bad;
};

/* The payload of packet @seq: its number, then bytes derived from it. */
static void echo_fill(u8 *buf, u32 seq, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		buf[i] = i < 4 ? (u8)(seq >> (8 * i)) : (u8)(seq + i);
}

static bool echo_check(const u8 *buf, u32 seq, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		if (buf[i] != (i < 4 ? (u8)(seq >> (8 * i)) : (u8)(seq + i)))
			return false;
	return true;
}

/* Reap echoes in place; callback and poller both come here. */
static void echo_reap(struct echo_dev *ed)
{
	struct hvg2_channel *ch = ed->ch;
	struct hvg2_ring_pkt pkt;
	unsigned long flags;
	bool any = false;
	int ret;

	spin_lock_irqsave(&ed->reap_lock, flags);
	while (!(ret = hvg2_channel_peek(ch, &pkt))) {
		struct echo_req *req = NULL;

		if (pkt.type == HVG2_PKT_COMPLETION)
			req = hvg2_reqid_take(&ed->ids, pkt.trans_id);
		if (req) {
			if (pkt.payload_len < req->len ||
			    !echo_check(pkt.payload, req->seq, req->len))
				atomic_inc(&ed->bad);
			atomic_dec(&ed->inflight);
		}
		hvg2_channel_advance(ch);
		any = true;
	}
	if (ret == -EIO)
		atomic_set(&ed->broken, 1);
	hvg2_channel_release(ch);
	spin_unlock_irqrestore(&ed->reap_lock, flags);
	if (any || ret == -EIO)
		wake_up(&ed->wait);
}

/* The channel callback: the host signalled. */
static void echo_cb(struct hvg2_channel *ch, void *ctx)
{
	struct echo_dev *ed = ctx;

	/* a late interrupt while polling: the poller reaps */
	if (!READ_ONCE(ed->polling))
		echo_reap(ed);
}

/*
 * Wait until fewer than @limit are in flight. In slices: a rescind does not
 * wake us, but must end the run promptly.
 */
static int echo_wait_below(struct echo_dev *ed, int limit)
{
	unsigned long end = jiffies + ECHO_TIMEOUT;

	for (;;) {
		if (ed->polling) {
			/* polled mode: reap ourselves, in a loop */
			echo_reap(ed);
			cond_resched();
		} else {
			wait_event_timeout(ed->wait,
					   atomic_read(&ed->inflight) < limit ||
					   atomic_read(&ed->broken), HZ / 20);
		}
		if (atomic_read(&ed->broken))
			return -EIO;
		if (atomic_read(&ed->inflight) < limit)
			return 0;
		if (hvg2_channel_rescinded(ed->ch))
			return -ENODEV;
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
	}
}

static int echo_run(struct echo_dev *ed, u32 count, u32 depth, u32 len)
{
	u8 *buf = kmalloc(len, GFP_KERNEL);
	u32 seq = 0;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	while (seq < count) {
		/* a burst: fill the window, publish (and signal) once */
		u32 room = depth - atomic_read(&ed->inflight);

		while (room-- && seq < count) {
			struct echo_req *req = &ed->reqs[seq % ECHO_MAX_DEPTH];
			bool more = room && seq + 1 < count;
			u64 id;

			req->seq = seq;
			req->len = len;
			id = hvg2_reqid_alloc(&ed->ids, req);
			if (!id) {
				ret = -ENOSPC;
				goto out;
			}
			echo_fill(buf, seq, len);
			atomic_inc(&ed->inflight);
			ret = hvg2_channel_send(ed->ch, buf, len, id,
						HVG2_PKT_FLAG_COMPLETION_REQUESTED,
						more);
			if (ret == -EAGAIN) {
				/* ring full: what we sent is published; wait */
				hvg2_reqid_take(&ed->ids, id);
				atomic_dec(&ed->inflight);
				ret = echo_wait_below(ed, atomic_read(&ed->inflight));
				if (ret)
					goto out;
				break;
			}
			if (ret) {
				hvg2_reqid_take(&ed->ids, id);
				atomic_dec(&ed->inflight);
				goto out;
			}
			seq++;
		}
		ret = echo_wait_below(ed, depth);
		if (ret)
			goto out;
	}
	ret = echo_wait_below(ed, 1);
out:
	kfree(buf);
	return ret;
}

static struct echo_dev *echo_of(struct device *dev)
{
	return dev_get_drvdata(dev);
}

static ssize_t echo_run_store(struct device *dev, struct device_attribute *a,
			      const char *buf, size_t n)
{
	struct echo_dev *ed = echo_of(dev);
	u32 count, depth, len;
	u64 sig0, int0, rej0;
	char mode[8] = "";
	ktime_t t0;
	int ret;

	ret = sscanf(buf, "%u %u %u %7s", &count, &depth, &len, mode);
	if (ret < 3 || !depth || depth > ECHO_MAX_DEPTH || len < 4 ||
	    len > ECHO_MAX_LEN || (ret == 4 && strcmp(mode, "poll")))
		return -EINVAL;
	mutex_lock(&ed->run_lock);
	WRITE_ONCE(ed->polling, ret == 4);
	if (ed->polling)
		hvg2_channel_poll_begin(ed->ch);
	atomic_set(&ed->bad, 0);
	sig0 = hvg2_channel_stats(ed->ch, HVG2_CHAN_STAT_SIGNALS);
	int0 = hvg2_channel_stats(ed->ch, HVG2_CHAN_STAT_INTERRUPTS);
	rej0 = ed->ids.rejected;
	t0 = ktime_get();
	ret = echo_run(ed, count, depth, len);
	ed->r_ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	if (ed->polling) {
		WRITE_ONCE(ed->polling, false);
		/* back to interrupts; reap what came while masked */
		if (hvg2_channel_poll_end(ed->ch))
			echo_reap(ed);
	}
	ed->r_packets = count;
	ed->r_signals = hvg2_channel_stats(ed->ch, HVG2_CHAN_STAT_SIGNALS) - sig0;
	ed->r_interrupts = hvg2_channel_stats(ed->ch, HVG2_CHAN_STAT_INTERRUPTS) - int0;
	ed->r_rejected = ed->ids.rejected - rej0;
	ed->r_bad = atomic_read(&ed->bad);
	if (!ret && ed->r_bad)
		ret = -EILSEQ;
	mutex_unlock(&ed->run_lock);
	return ret ? ret : n;
}
static DEVICE_ATTR_WO(echo_run);

static ssize_t echo_stats_show(struct device *dev, struct device_attribute *a,
			       char *buf)
{
	struct echo_dev *ed = echo_of(dev);

	return sysfs_emit(buf,
			  "packets %llu ns %llu signals %llu interrupts %llu rejected %llu bad %llu\n",
			  ed->r_packets, ed->r_ns, ed->r_signals,
			  ed->r_interrupts, ed->r_rejected, ed->r_bad);
}
static DEVICE_ATTR_RO(echo_stats);

static ssize_t gpadl_test_store(struct device *dev, struct device_attribute *a,
				const char *buf, size_t n)
{
	struct echo_dev *ed = echo_of(dev);
	unsigned long bytes;
	u32 handle;
	void *mem;
	int ret;

	if (kstrtoul(buf, 0, &bytes) || !bytes || bytes > SZ_256M)
		return -EINVAL;
	mem = vzalloc(bytes);
	if (!mem)
		return -ENOMEM;
	ret = hvg2_channel_gpadl_create(ed->ch, mem, bytes, &handle);
	if (!ret)
		ret = hvg2_channel_gpadl_teardown(ed->ch, handle);
	/* a GPADL the host may still hold is never freed */
	if (ret == -ETIMEDOUT)
		return ret;
	vfree(mem);
	return ret ? ret : n;
}
static DEVICE_ATTR_WO(gpadl_test);

static struct attribute *echo_attrs[] = {
	&dev_attr_echo_run.attr,
	&dev_attr_echo_stats.attr,
	&dev_attr_gpadl_test.attr,
	NULL,
};
ATTRIBUTE_GROUPS(echo);

static int echo_probe(struct hvg2_vmbus_device *hd,
		      const struct hv_vmbus_device_id *id)
{
	struct echo_dev *ed;
	int ret;

	ed = kzalloc(sizeof(*ed), GFP_KERNEL);
	if (!ed)
		return -ENOMEM;
	ed->hd = hd;
	ed->ch = hd->channel;
	mutex_init(&ed->run_lock);
	spin_lock_init(&ed->reap_lock);
	init_waitqueue_head(&ed->wait);
	ret = hvg2_reqid_init(&ed->ids, ECHO_MAX_DEPTH);
	if (ret)
		goto free;
	dev_set_drvdata(&hd->dev, ed);
	ret = hvg2_channel_open(ed->ch, ring_kb * 1024, ring_kb * 1024, echo_cb, ed);
	if (ret)
		goto ids;
	return 0;
ids:
	hvg2_reqid_destroy(&ed->ids);
free:
	kfree(ed);
	return ret;
}

static void echo_remove(struct hvg2_vmbus_device *hd)
{
	struct echo_dev *ed = dev_get_drvdata(&hd->dev);

	hvg2_channel_close(ed->ch);
	hvg2_reqid_destroy(&ed->ids);
	kfree(ed);
}

static const struct hv_vmbus_device_id echo_ids[] = {
	{ .guid = HVG2_ECHO_GUID_INIT },
	{ },
};
MODULE_DEVICE_TABLE(vmbus, echo_ids);

static struct hvg2_vmbus_driver echo_driver = {
	.name = "hvg2_echo",
	.id_table = echo_ids,
	.probe = echo_probe,
	.remove = echo_remove,
	.driver.dev_groups = echo_groups,
};

static int __init echo_init(void)
{
	return hvg2_vmbus_driver_register(&echo_driver);
}

static void __exit echo_exit(void)
{
	hvg2_vmbus_driver_unregister(&echo_driver);
}

module_init(echo_init);
module_exit(echo_exit);
MODULE_DESCRIPTION("hvgen2 echo device driver (transport test)");
MODULE_LICENSE("GPL");

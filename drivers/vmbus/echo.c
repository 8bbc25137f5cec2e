// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_echo: the guest driver of the echo class (include/hvg2/echo.h), the
 * transport's end-to-end test and benchmark. It knows only the driver
 * API: it would run unchanged against a host that implemented echo.
 *
 * sysfs, on the device:
 *   echo_run    write "count depth len [poll|oneway]": send count packets of len
 *               bytes, at most depth in flight, check every echo; the
 *               write returns when all came back (or fails with the
 *               error). With poll, the host's interrupts are masked and
 *               the writer reaps the echoes itself (polled mode). With
 *               oneway, the packets go out on the primary channel without
 *               asking for an answer, published (and signalled) once per
 *               depth packets; one round trip at the end waits for the
 *               host to have consumed them all.
 *   echo_stats  the last run: packets, ns, signals, interrupts, and the
 *               completions refused (forged or repeated ids)
 *   echo_channels  the queues runs use: the primary channel and every
 *               subchannel the host offered (a run spreads its packets
 *               over them, depth in flight on each)
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
/*
 * How long one wait for echoes may take. Generous: the tests run in TCG
 * guests on loaded machines, where a vCPU can be descheduled for seconds.
 */
static unsigned int timeout_s = 30;
module_param(timeout_s, uint, 0644);
MODULE_PARM_DESC(timeout_s, "Seconds an echo run waits for the host before failing with -ETIMEDOUT");
#define ECHO_MAX_QUEUES	16	/* the primary and up to 15 subchannels */

struct echo_req {
	u32 seq;
	u32 len;
};

struct echo_dev;

/* One queue: a channel (the primary or a subchannel) and its requests. */
struct echo_q {
	struct echo_dev *ed;
	struct hvg2_channel *ch;
	struct hvg2_reqid_table ids;
	struct echo_req reqs[ECHO_MAX_DEPTH];
	spinlock_t reap_lock;		/* one consumer: callback or poller */
	atomic_t inflight;
	atomic_t irqs;			/* callbacks: one-way senders wait on it */
	/* the run, under run_lock */
	u32 next, count, limit;
};

struct echo_dev {
	struct hvg2_vmbus_device *hd;
	struct mutex run_lock;		/* one run at a time; @rq */
	struct echo_q *qs[ECHO_MAX_QUEUES];	/* [0]: the primary */
	unsigned int nq;		/* @qs in use, published by add */
	unsigned int rq;		/* those the current run uses */
	bool polling;
	wait_queue_head_t wait;
	atomic_t bad;			/* echoes with wrong content */
	atomic_t broken;		/* a channel failed */
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
static void echo_reap(struct echo_q *q)
{
	struct echo_dev *ed = q->ed;
	struct hvg2_channel *ch = q->ch;
	struct hvg2_ring_pkt pkt;
	unsigned long flags;
	bool any = false;
	int ret;

	spin_lock_irqsave(&q->reap_lock, flags);
again:
	while (!(ret = hvg2_channel_peek(ch, &pkt))) {
		struct echo_req *req = NULL;

		if (pkt.type == HVG2_PKT_COMPLETION)
			req = hvg2_reqid_take(&q->ids, pkt.trans_id);
		if (req) {
			if (pkt.payload_len < req->len ||
			    !echo_check(pkt.payload, req->seq, req->len))
				atomic_inc(&ed->bad);
			atomic_dec(&q->inflight);
		}
		hvg2_channel_advance(ch);
		any = true;
	}
	if (ret == -EIO)
		atomic_set(&ed->broken, 1);
	hvg2_channel_release(ch);
	/*
	 * An echo the host published after our last peek, while our
	 * read_index still lagged, came without an interrupt (to the host we
	 * were still reading): look once more now that read_index is out.
	 */
	if (ret == -ENODATA && !hvg2_channel_peek(ch, &pkt))
		goto again;
	spin_unlock_irqrestore(&q->reap_lock, flags);
	if (any || ret == -EIO)
		wake_up(&ed->wait);
}

/* The channel callback: the host signalled. */
static void echo_cb(struct hvg2_channel *ch, void *ctx)
{
	struct echo_q *q = ctx;

	atomic_inc(&q->irqs);
	/* a late interrupt while polling: the poller reaps */
	if (!READ_ONCE(q->ed->polling))
		echo_reap(q);
	/* a one-way sender waits for the host to free ring space */
	wake_up(&q->ed->wait);
}

/* ---- runs ---- */

/* Packets left to send? */
static bool echo_left(struct echo_dev *ed)
{
	unsigned int i;

	for (i = 0; i < ed->rq; i++)
		if (ed->qs[i]->next < ed->qs[i]->count)
			return true;
	return false;
}

/* Can some queue send (room under its limit, packets left)? */
static bool echo_room(struct echo_dev *ed)
{
	unsigned int i;

	for (i = 0; i < ed->rq; i++) {
		struct echo_q *q = ed->qs[i];

		if (q->next < q->count && atomic_read(&q->inflight) < q->limit)
			return true;
	}
	return false;
}

static bool echo_idle(struct echo_dev *ed)
{
	unsigned int i;

	for (i = 0; i < ed->rq; i++)
		if (atomic_read(&ed->qs[i]->inflight))
			return false;
	return true;
}

/*
 * Wait until @done. In slices: a rescind does not wake us, but must end
 * the run promptly.
 */
static int echo_wait(struct echo_dev *ed, bool (*done)(struct echo_dev *ed))
{
	unsigned long end = jiffies + READ_ONCE(timeout_s) * HZ;
	unsigned int i;

	for (;;) {
		if (ed->polling) {
			/* polled mode: reap ourselves, in a loop */
			for (i = 0; i < ed->rq; i++)
				echo_reap(ed->qs[i]);
			cond_resched();
		} else {
			wait_event_timeout(ed->wait, done(ed) ||
					   atomic_read(&ed->broken), HZ / 20);
		}
		if (atomic_read(&ed->broken))
			return -EIO;
		if (done(ed))
			return 0;
		for (i = 0; i < ed->rq; i++)
			if (hvg2_channel_rescinded(ed->qs[i]->ch))
				return -ENODEV;
		if (time_after(jiffies, end)) {
			dev_warn(&ed->hd->dev, "no echo for %u s\n", timeout_s);
			return -ETIMEDOUT;
		}
	}
}

/* A burst on one queue: fill its window, publish (and signal) once. */
static int echo_burst(struct echo_q *q, u32 depth, u32 len, u8 *buf)
{
	q->limit = depth;
	while (q->next < q->count && atomic_read(&q->inflight) < depth) {
		struct echo_req *req = &q->reqs[q->next % ECHO_MAX_DEPTH];
		bool more = atomic_read(&q->inflight) + 1 < depth &&
			    q->next + 1 < q->count;
		u64 id;
		int ret;

		req->seq = q->next;
		req->len = len;
		id = hvg2_reqid_alloc(&q->ids, req);
		if (!id)
			return -ENOSPC;
		echo_fill(buf, q->next, len);
		atomic_inc(&q->inflight);
		ret = hvg2_channel_send(q->ch, buf, len, id,
					HVG2_PKT_FLAG_COMPLETION_REQUESTED, more);
		if (ret) {
			hvg2_reqid_take(&q->ids, id);
			atomic_dec(&q->inflight);
		}
		if (ret == -EAGAIN) {
			/* ring full, what we sent is published: wait for one */
			q->limit = atomic_read(&q->inflight);
			return q->limit ? 0 : -ENOSPC;
		}
		if (ret)
			return ret;
		q->next++;
	}
	return 0;
}

/* @count packets spread over the queues, at most @depth in flight on each. */
static int echo_run(struct echo_dev *ed, u32 count, u32 depth, u32 len)
{
	u8 *buf = kmalloc(len, GFP_KERNEL);
	unsigned int i;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	for (i = 0; i < ed->rq; i++) {
		ed->qs[i]->next = 0;
		ed->qs[i]->count = count / ed->rq + (i < count % ed->rq);
		ed->qs[i]->limit = depth;
	}
	while (echo_left(ed)) {
		for (i = 0; i < ed->rq && !ret; i++)
			ret = echo_burst(ed->qs[i], depth, len, buf);
		if (!ret && echo_left(ed))
			ret = echo_wait(ed, echo_room);
		if (ret)
			goto out;
	}
	ret = echo_wait(ed, echo_idle);
out:
	kfree(buf);
	return ret;
}

/*
 * One way: @count packets on the primary, none answered, a publish (and
 * at most one signal) every @depth packets. A full ring waits for the
 * host's signal that it freed space (the ring core asked it to).
 */
static int echo_oneway(struct echo_dev *ed, u32 count, u32 depth, u32 len)
{
	struct echo_q *q = ed->qs[0];
	unsigned long end = jiffies + READ_ONCE(timeout_s) * HZ;
	u8 *buf = kmalloc(len, GFP_KERNEL);
	u32 sent = 0;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	echo_fill(buf, 0, len);
	while (sent < count) {
		bool more = (sent + 1) % depth && sent + 1 < count;
		int irqs = atomic_read(&q->irqs);

		ret = hvg2_channel_send(q->ch, buf, len, 0, 0, more);
		if (!ret) {
			sent++;
			end = jiffies + READ_ONCE(timeout_s) * HZ;
			continue;
		}
		if (ret != -EAGAIN)
			break;
		/* ring full, what we sent is published: wait for room */
		wait_event_timeout(ed->wait, atomic_read(&q->irqs) != irqs,
				   HZ / 20);
		ret = hvg2_channel_rescinded(q->ch) ? -ENODEV :
		      time_after(jiffies, end) ? -ETIMEDOUT : 0;
		if (ret)
			break;
	}
	kfree(buf);
	if (ret)
		return ret;
	/* answered only once all before it were consumed: the ring is FIFO */
	return echo_run(ed, 1, 1, len);
}

static struct echo_dev *echo_of(struct device *dev)
{
	return dev_get_drvdata(dev);
}

static u64 echo_stat(struct echo_dev *ed, enum hvg2_chan_stat which)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < ed->rq; i++)
		sum += hvg2_channel_stats(ed->qs[i]->ch, which);
	return sum;
}

static u64 echo_rejected(struct echo_dev *ed)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < ed->rq; i++)
		sum += READ_ONCE(ed->qs[i]->ids.rejected);
	return sum;
}

static void echo_poll(struct echo_dev *ed, bool on)
{
	unsigned int i;

	WRITE_ONCE(ed->polling, on);
	for (i = 0; i < ed->rq; i++) {
		if (on)
			hvg2_channel_poll_begin(ed->qs[i]->ch);
		/* back to interrupts; reap what came while masked */
		else if (hvg2_channel_poll_end(ed->qs[i]->ch))
			echo_reap(ed->qs[i]);
	}
}

static ssize_t echo_run_store(struct device *dev, struct device_attribute *a,
			      const char *buf, size_t n)
{
	struct echo_dev *ed = echo_of(dev);
	u32 count, depth, len;
	u64 sig0, int0, rej0;
	char mode[8] = "";
	bool oneway;
	ktime_t t0;
	int ret;

	ret = sscanf(buf, "%u %u %u %7s", &count, &depth, &len, mode);
	oneway = ret == 4 && !strcmp(mode, "oneway");
	if (ret < 3 || !depth || depth > ECHO_MAX_DEPTH || len < 4 ||
	    len > ECHO_MAX_LEN || (ret == 4 && !oneway && strcmp(mode, "poll")))
		return -EINVAL;
	mutex_lock(&ed->run_lock);
	/* Pairs with the release in echo_sub_cb(): qs[] is filled in. */
	ed->rq = smp_load_acquire(&ed->nq);
	echo_poll(ed, ret == 4 && !oneway);
	atomic_set(&ed->bad, 0);
	sig0 = echo_stat(ed, HVG2_CHAN_STAT_SIGNALS);
	int0 = echo_stat(ed, HVG2_CHAN_STAT_INTERRUPTS);
	rej0 = echo_rejected(ed);
	t0 = ktime_get();
	ret = oneway ? echo_oneway(ed, count, depth, len) :
		       echo_run(ed, count, depth, len);
	ed->r_ns = ktime_to_ns(ktime_sub(ktime_get(), t0));
	if (ed->polling)
		echo_poll(ed, false);
	ed->r_packets = count;
	ed->r_signals = echo_stat(ed, HVG2_CHAN_STAT_SIGNALS) - sig0;
	ed->r_interrupts = echo_stat(ed, HVG2_CHAN_STAT_INTERRUPTS) - int0;
	ed->r_rejected = echo_rejected(ed) - rej0;
	ed->r_bad = atomic_read(&ed->bad);
	if (!ret && ed->r_bad)
		ret = -EILSEQ;
	mutex_unlock(&ed->run_lock);
	return ret ? ret : n;
}
static DEVICE_ATTR_WO(echo_run);

static ssize_t echo_channels_show(struct device *dev,
				  struct device_attribute *a, char *buf)
{
	struct echo_dev *ed = echo_of(dev);

	return sysfs_emit(buf, "%u\n", READ_ONCE(ed->nq));
}
static DEVICE_ATTR_RO(echo_channels);

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
	ret = hvg2_channel_gpadl_create(ed->qs[0]->ch, mem, bytes, &handle);
	if (!ret)
		ret = hvg2_channel_gpadl_teardown(ed->qs[0]->ch, handle);
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
	&dev_attr_echo_channels.attr,
	&dev_attr_gpadl_test.attr,
	NULL,
};
ATTRIBUTE_GROUPS(echo);

/* ---- queues ---- */

static struct echo_q *echo_q_open(struct echo_dev *ed, struct hvg2_channel *ch)
{
	struct echo_q *q = kzalloc(sizeof(*q), GFP_KERNEL);
	int ret;

	if (!q)
		return ERR_PTR(-ENOMEM);
	q->ed = ed;
	q->ch = ch;
	spin_lock_init(&q->reap_lock);
	ret = hvg2_reqid_init(&q->ids, ECHO_MAX_DEPTH);
	if (ret)
		goto free;
	ret = hvg2_channel_open(ch, ring_kb * 1024, ring_kb * 1024, echo_cb, q);
	if (ret)
		goto ids;
	return q;
ids:
	hvg2_reqid_destroy(&q->ids);
free:
	kfree(q);
	return ERR_PTR(ret);
}

static void echo_q_close(struct echo_q *q)
{
	hvg2_channel_close(q->ch);
	hvg2_reqid_destroy(&q->ids);
	kfree(q);
}

/*
 * A subchannel the host offered (the sim offers them when the primary
 * opens, as configured): one more queue for the next runs.
 */
static void echo_sub_cb(struct hvg2_channel *sc, void *ctx)
{
	struct echo_dev *ed = ctx;
	struct echo_q *q = echo_q_open(ed, sc);

	if (IS_ERR(q)) {
		dev_warn(&ed->hd->dev, "subchannel %u not opened: %ld\n",
			 hvg2_channel_subindex(sc), PTR_ERR(q));
		return;
	}
	/*
	 * Not under run_lock: a run may hold it for long, and this callback
	 * holds up the transport's offers and rescinds (the run's way out).
	 * The transport serialises the callbacks, and remove stops them
	 * before it reads @nq: one writer. The next run picks the queue up.
	 */
	if (ed->nq == ECHO_MAX_QUEUES) {
		echo_q_close(q);
		return;
	}
	ed->qs[ed->nq] = q;
	/* Pairs with the acquire in echo_run_store(): publish qs[] first. */
	smp_store_release(&ed->nq, ed->nq + 1);
}

static int echo_probe(struct hvg2_vmbus_device *hd,
		      const struct hv_vmbus_device_id *id)
{
	struct echo_dev *ed;
	struct echo_q *q;

	ed = kzalloc(sizeof(*ed), GFP_KERNEL);
	if (!ed)
		return -ENOMEM;
	ed->hd = hd;
	mutex_init(&ed->run_lock);
	init_waitqueue_head(&ed->wait);
	q = echo_q_open(ed, hd->channel);
	if (IS_ERR(q)) {
		kfree(ed);
		return PTR_ERR(q);
	}
	ed->qs[0] = q;
	ed->nq = 1;
	dev_set_drvdata(&hd->dev, ed);
	hvg2_vmbus_set_subchannel_cb(hd, echo_sub_cb, ed);
	return 0;
}

static void echo_remove(struct hvg2_vmbus_device *hd)
{
	struct echo_dev *ed = dev_get_drvdata(&hd->dev);

	/* no queue is added after this */
	hvg2_vmbus_set_subchannel_cb(hd, NULL, NULL);
	/* subchannels first, the primary last, as the host expects */
	while (ed->nq)
		echo_q_close(ed->qs[--ed->nq]);
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

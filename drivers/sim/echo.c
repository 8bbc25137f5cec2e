// SPDX-License-Identifier: GPL-2.0
/*
 * The echo backend: the host end of an echo channel. Every packet the
 * guest sends comes back as a completion with the same transaction id and
 * the same payload bytes. It is the transport's end-to-end test and its
 * benchmark peer, and where the ring faults are injected.
 *
 * Runs as the channel's work item on the host's data workqueue: woken by
 * the guest's signal, it drains the guest's ring in passes of the
 * device's queue depth (configfs queue_depth), publishes its answers once
 * per pass and signals only when the ring core
 * says so. When the guest's inbound ring is full it stops; the guest
 * signals when it frees space (pending_send_sz).
 *
 * A device made as echo.<name> has the attribute "subchannels": that
 * many subchannels are offered whenever the guest opens the primary, and
 * each echoes alike.
 *
 * It is built into hvg2_sim but uses only the backend API
 * (hvg2_sim_backend.h): the model for backends in modules of their own.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include "internal.h"	/* only for its declaration of sim_echo_backend */
#include "hvg2/echo.h"

static int sim_echo_one(struct hvg2_sim_chan *c, const struct hvg2_ring_pkt *pkt,
			u64 tid)
{
	struct hvg2_pkt_desc *out;

	out = hvg2_ring_reserve(&c->out, sizeof(*out) + pkt->payload_len);
	if (IS_ERR(out))
		return PTR_ERR(out);
	out->type = HVG2_PKT_COMPLETION;
	out->offset8 = sizeof(*out) / 8;
	out->flags = 0;
	out->trans_id = tid;
	memcpy(out + 1, pkt->payload, pkt->payload_len);
	hvg2_ring_commit(&c->out);
	return 0;
}

static void sim_echo_work(struct hvg2_sim_chan *c)
{
	unsigned int budget = hvg2_sim_queue_depth(c->dev);
	struct hvg2_ring_pkt pkt;
	bool more, sig_out, sig_in;
	unsigned int n;
	int ret = 0;

	for (n = 0; n < budget; n++) {
		u64 tid;

		ret = hvg2_ring_peek(&c->in, &pkt);
		if (ret == -ENODATA)
			break;
		if (ret) {
			pr_warn_ratelimited("hvg2_sim: %s: guest broke its ring\n",
					    hvg2_sim_dev_name(c->dev));
			break;
		}
		/* one-way: consumed, not answered */
		if (!(pkt.flags & HVG2_PKT_FLAG_COMPLETION_REQUESTED)) {
			hvg2_ring_advance(&c->in);
			atomic64_inc(&c->packets);
			continue;
		}
		tid = pkt.trans_id;
		if (hvg2_sim_fault_take(c, HVG2_SIM_FAULT_FORGE_TID))
			tid ^= 0x5a5a000000000000ull;
		ret = sim_echo_one(c, &pkt, tid);
		if (!ret && hvg2_sim_fault_take(c, HVG2_SIM_FAULT_REPEAT_TID))
			ret = sim_echo_one(c, &pkt, tid);
		if (ret)
			break;	/* -EAGAIN: the guest signals when it has room */
		hvg2_ring_advance(&c->in);
		atomic64_inc(&c->packets);
	}
	more = n == budget;
	sig_out = hvg2_ring_publish(&c->out);
	sig_in = hvg2_ring_release(&c->in);
	if (sig_out || sig_in)
		hvg2_sim_signal(c);
	/*
	 * A packet the guest wrote after our last peek, before read_index
	 * was published, came with no signal (to the guest we were still
	 * reading): look again now that read_index is out. The full barrier
	 * in hvg2_ring_release() orders its store before this load.
	 */
	if (ret == -ENODATA && hvg2_ring_pending(&c->in))
		more = true;
	if (more)
		hvg2_sim_kick(c);
}

/* ---- subchannels: echo.<name>/subchannels ---- */

struct sim_echo_dev {
	unsigned int subchannels;	/* offered when the primary opens */
};

static int sim_echo_create(struct hvg2_sim_dev *d)
{
	struct sim_echo_dev *ed = kzalloc(sizeof(*ed), GFP_KERNEL);

	if (!ed)
		return -ENOMEM;
	hvg2_sim_dev_set_priv(d, ed);
	return 0;
}

static void sim_echo_destroy(struct hvg2_sim_dev *d)
{
	kfree(hvg2_sim_dev_priv(d));
}

/*
 * Echo has no protocol to ask for subchannels with (storage and network
 * have theirs): the host offers them as soon as the primary is open.
 */
static int sim_echo_open(struct hvg2_sim_chan *c)
{
	struct sim_echo_dev *ed = hvg2_sim_dev_priv(c->dev);
	unsigned int n = READ_ONCE(ed->subchannels);

	if (!c->subidx && n)
		hvg2_sim_offer_subchannels(c->dev, n);
	return 0;
}

static ssize_t sim_echo_subchannels_show(struct config_item *item, char *page)
{
	struct sim_echo_dev *ed = hvg2_sim_dev_priv(hvg2_sim_dev_from_item(item));

	return sprintf(page, "%u\n", READ_ONCE(ed->subchannels));
}

static ssize_t sim_echo_subchannels_store(struct config_item *item,
					  const char *page, size_t count)
{
	struct sim_echo_dev *ed = hvg2_sim_dev_priv(hvg2_sim_dev_from_item(item));
	unsigned int n;

	if (kstrtouint(page, 0, &n) || n >= HVG2_SIM_MAX_CHANNELS)
		return -EINVAL;
	/* for the next open of the primary */
	WRITE_ONCE(ed->subchannels, n);
	return count;
}

CONFIGFS_ATTR(sim_echo_, subchannels);

static struct configfs_attribute *sim_echo_attrs[] = {
	&sim_echo_attr_subchannels,
	NULL,
};

struct hvg2_sim_backend sim_echo_backend = {
	.name = "echo",
	.class_id = HVG2_ECHO_GUID_INIT,
	.owner = THIS_MODULE,
	.create = sim_echo_create,
	.destroy = sim_echo_destroy,
	.open = sim_echo_open,
	.work = sim_echo_work,
	.attrs = sim_echo_attrs,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_net: subchannels (one queue each) and receive-side scaling.
 *
 * After RNDIS is up on the primary channel, a host that speaks NVSP 5 or
 * newer is asked for its RSS capabilities and then for subchannels: up to
 * min(online CPUs, the host's receive queues, max_queues or ethtool -L)
 * queues in all. The host answers how many it grants and offers them; the
 * transport hands each offer to our callback, which only records it.
 * The offers cannot arrive while attach runs: probe runs on the
 * transport's ordered offer workqueue, behind which they queue. So a work
 * item waits for them (bounded) and then, under the RTNL lock, opens them
 * in index order, each with its own NAPI and transmit queue (the
 * transport puts each on its own CPU), and sets the real queue counts and
 * RSS. A detach in between bumps @sub_gen: the late work does nothing.
 * Queue i is subchannel i, so the host's channel numbers (indirection
 * tables) and ours are the same. A missing or refused subchannel ends the
 * list there: the queues stay dense. Without subchannels the device runs
 * on the primary alone; nothing here fails the attach.
 *
 * RSS: OID_GEN_RECEIVE_SCALE_PARAMETERS carries a Toeplitz key (random,
 * kept for the device's life) and a 128-entry indirection table of queue
 * numbers (the ethtool default spread, or the one ethtool -X set). The
 * host hashes each flow it receives and picks the channel from the table.
 *
 * Transmit: the host's send indirection table (NVSP 5, on the primary)
 * maps a flow's hash to a queue; without one, the stack's pick is used.
 */
#include <linux/cpumask.h>
#include <linux/ethtool.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include "hvg2_net.h"

unsigned int hvg2_net_max_queues = HVG2_NET_MAX_QUEUES;
module_param_named(max_queues, hvg2_net_max_queues, uint, 0444);
MODULE_PARM_DESC(max_queues, "Queues (channels) per NIC at most, 1-8 (default 8)");

/* hash types we ask the host to hash on (the ones Linux guests ask for) */
#define HVG2_NET_RSS_HASH	(HVG2_NDIS_HASH_TOEPLITZ | HVG2_NDIS_HASH_IPV4 | \
				 HVG2_NDIS_HASH_TCP_IPV4 | HVG2_NDIS_HASH_IPV6 | \
				 HVG2_NDIS_HASH_TCP_IPV6)

static void hvg2_net_sub_work(struct work_struct *w);

/**
 * hvg2_net_chan_init - the device's queue and RSS state, at probe
 * @nd: the device
 */
void hvg2_net_chan_init(struct hvg2_net *nd)
{
	spin_lock_init(&nd->sub_lock);
	init_waitqueue_head(&nd->sub_wait);
	INIT_WORK(&nd->sub_work, hvg2_net_sub_work);
	nd->nq_want = clamp_t(unsigned int, hvg2_net_max_queues, 1,
			      HVG2_NET_MAX_QUEUES);
	nd->nq_max = 1;
	netdev_rss_key_fill(nd->rss_key, sizeof(nd->rss_key));
}

/* ---- subchannels ---- */

/* The transport offers a subchannel (process context, serialised). */
static void hvg2_net_subchannel(struct hvg2_channel *sc, void *ctx)
{
	struct hvg2_net *nd = ctx;
	u16 idx = hvg2_channel_subindex(sc);
	bool taken = false;

	spin_lock_irq(&nd->sub_lock);
	if (nd->sub_open && idx && idx <= nd->sub_want && !nd->sub[idx]) {
		nd->sub[idx] = sc;
		nd->sub_got++;
		taken = true;
	}
	spin_unlock_irq(&nd->sub_lock);
	if (taken)
		wake_up(&nd->sub_wait);
	else
		dev_warn(&nd->hd->dev, "subchannel %u not used\n", idx);
}

static bool hvg2_net_subs_arrived(struct hvg2_net *nd)
{
	bool all;

	spin_lock_irq(&nd->sub_lock);
	all = nd->sub_got >= nd->sub_want;
	spin_unlock_irq(&nd->sub_lock);
	return all;
}

/* The host's RSS limits: how many queues it can spread over. */
static unsigned int hvg2_net_rss_caps(struct hvg2_net *nd)
{
	struct hvg2_ndis_rss_caps caps;
	u32 len = sizeof(caps);

	if (hvg2_net_rndis_query(nd, HVG2_OID_GEN_RSS_CAPABILITIES, &caps, &len))
		return 1;
	if (len < sizeof(caps) || caps.hdr.type != HVG2_NDIS_OBJ_RSS_CAPS ||
	    !caps.num_recv_queues) {
		nd->bad_host++;
		return 1;
	}
	return min_t(u32, caps.num_recv_queues, HVG2_NET_MAX_QUEUES);
}

/* SUBCHANNEL ALLOCATE for @want; the count granted, or 0. */
static unsigned int hvg2_net_sub_request(struct hvg2_net *nd, unsigned int want)
{
	struct hvg2_nvsp_msg msg = {
		.type = HVG2_NVSP_MSG5_SUBCHANNEL,
		.subchannel_req.op = HVG2_NVSP_SUBCHANNEL_ALLOCATE,
		.subchannel_req.num_subchannels = want,
	};
	struct hvg2_net_req req;
	u32 got;
	int ret;

	ret = hvg2_net_nvsp_request(nd, &msg, &req);
	if (ret)
		return 0;
	if (req.resp_len < HVG2_NVSP_MSG_MIN(subchannel_complete) ||
	    req.resp.type != HVG2_NVSP_MSG5_SUBCHANNEL ||
	    req.resp.subchannel_complete.status != HVG2_NVSP_STAT_SUCCESS) {
		dev_warn(&nd->hd->dev, "host refused %u subchannels\n", want);
		return 0;
	}
	got = req.resp.subchannel_complete.num_subchannels;
	/* more than asked: we cannot trust the count at all */
	if (got > want) {
		dev_err(&nd->hd->dev, "host granted %u subchannels of %u asked\n",
			got, want);
		nd->bad_host++;
		return 0;
	}
	return got;
}

/* Open subchannel @i as queue @i. */
static int hvg2_net_sub_open(struct hvg2_net *nd, unsigned int i,
			     struct hvg2_channel *sc)
{
	struct hvg2_net_queue *q = &nd->q[i];
	int ret;

	q->ch = sc;
	q->comp_pending = false;
	q->agg_sec = U32_MAX;
	atomic_set(&q->tx_inflight, 0);
	q->tx_unpub = 0;
	napi_enable(&q->napi);
	ret = hvg2_channel_open(sc, hvg2_net_ring_kb * 1024,
				hvg2_net_ring_kb * 1024, hvg2_net_chan_cb, q);
	if (ret) {
		napi_disable(&q->napi);
		q->ch = NULL;
	}
	return ret;
}

/* The default spread of the table over @nq queues, unless the user's fits. */
static void hvg2_net_rss_table(struct hvg2_net *nd)
{
	unsigned int i;

	if (nd->rss_user) {
		for (i = 0; i < HVG2_NDIS_RSS_ITAB_MAX; i++)
			if (nd->rss_itab[i] >= nd->nq)
				break;
		if (i == HVG2_NDIS_RSS_ITAB_MAX)
			return;
		nd->rss_user = false;
	}
	for (i = 0; i < HVG2_NDIS_RSS_ITAB_MAX; i++)
		nd->rss_itab[i] = ethtool_rxfh_indir_default(i, nd->nq);
}

/* Open the subchannels that arrived, set the queue counts and RSS. */
static void hvg2_net_chan_finish(struct hvg2_net *nd)
{
	struct hvg2_channel *sub[HVG2_NET_MAX_QUEUES];
	unsigned int i, nq = 1, want;

	/* from here on, offers are not ours to use */
	spin_lock_irq(&nd->sub_lock);
	nd->sub_open = false;
	want = nd->sub_want;
	memcpy(sub, nd->sub, sizeof(sub));
	spin_unlock_irq(&nd->sub_lock);

	for (i = 1; i <= want; i++) {
		int ret = sub[i] ? hvg2_net_sub_open(nd, i, sub[i]) : -ENODEV;

		if (ret) {
			dev_warn(&nd->hd->dev, "subchannel %u not opened: %d\n",
				 i, ret);
			break;
		}
		nq++;
	}
	/* queue nq-1 is open before xmit may pick it */
	WRITE_ONCE(nd->nq, nq);
	netif_set_real_num_tx_queues(nd->ndev, nq);
	netif_set_real_num_rx_queues(nd->ndev, nq);
	/*
	 * A running device: pools for the new queues (the primary keeps its
	 * own; the host sends nothing to a subchannel before the RSS table)
	 */
	if (netif_running(nd->ndev) && hvg2_net_rx_pools_create(nd))
		dev_warn(&nd->hd->dev, "no page pools: frames are dropped\n");
	hvg2_net_rss_table(nd);
	if (nq > 1 && hvg2_net_rss_send(nd))
		dev_warn(&nd->hd->dev, "RSS parameters refused: frames arrive on the primary\n");
	dev_dbg(&nd->hd->dev, "%u queue(s), host allows %u\n", nq, nd->nq_max);
}

/* Wait for the offers, then open them; see the top of the file. */
static void hvg2_net_sub_work(struct work_struct *w)
{
	struct hvg2_net *nd = container_of(w, struct hvg2_net, sub_work);
	unsigned int gen = READ_ONCE(nd->sub_sched_gen);

	wait_event_timeout(nd->sub_wait, hvg2_net_subs_arrived(nd),
			   HVG2_NET_TIMEOUT);
	rtnl_lock();
	if (gen == nd->sub_gen)
		hvg2_net_chan_finish(nd);
	rtnl_unlock();
}

/**
 * hvg2_net_chan_open - ask for subchannels; a work item opens them
 * @nd: the device; primary open, RNDIS initialised
 *
 * Until the work has run the device has one queue. Never fails: the
 * primary alone is a working device.
 */
void hvg2_net_chan_open(struct hvg2_net *nd)
{
	unsigned int want = 0, got;

	nd->nq = 1;
	WRITE_ONCE(nd->send_table_ok, false);
	if (nd->nvsp_ver >= HVG2_NVSP_VER_5) {
		nd->nq_max = hvg2_net_rss_caps(nd);
		want = min3(nd->nq_want, nd->nq_max, num_online_cpus()) - 1;
	}
	if (!want)
		goto one;
	spin_lock_irq(&nd->sub_lock);
	memset(nd->sub, 0, sizeof(nd->sub));
	nd->sub_want = want;
	nd->sub_got = 0;
	nd->sub_open = true;
	spin_unlock_irq(&nd->sub_lock);
	hvg2_vmbus_set_subchannel_cb(nd->hd, hvg2_net_subchannel, nd);

	got = hvg2_net_sub_request(nd, want);
	spin_lock_irq(&nd->sub_lock);
	nd->sub_want = got;
	if (!got)
		nd->sub_open = false;
	spin_unlock_irq(&nd->sub_lock);
	if (!got)
		goto one;
	/* the work reads the generation it serves; queue_work orders it */
	nd->sub_sched_gen = nd->sub_gen;
	queue_work(system_long_wq, &nd->sub_work);
	goto pools;
one:
	/* at probe the device is not registered yet, else we hold RTNL */
	netif_set_real_num_tx_queues(nd->ndev, 1);
	netif_set_real_num_rx_queues(nd->ndev, 1);
	hvg2_net_rss_table(nd);
pools:
	/* a reconnect of a running device: chan_close() took the pools */
	if (netif_running(nd->ndev) && hvg2_net_rx_pools_create(nd))
		dev_warn(&nd->hd->dev, "no page pools: frames are dropped\n");
}

/**
 * hvg2_net_chan_close - close the subchannels (before the primary)
 * @nd: the device; RNDIS halted, nothing transmits. Under the RTNL lock,
 *	or with the subchannel work cancelled (remove, failed probe).
 */
void hvg2_net_chan_close(struct hvg2_net *nd)
{
	unsigned int i;

	/* a subchannel work not run yet serves a connection that is gone */
	nd->sub_gen++;
	spin_lock_irq(&nd->sub_lock);
	nd->sub_open = false;
	spin_unlock_irq(&nd->sub_lock);

	for (i = 1; i < nd->nq; i++) {
		struct hvg2_net_queue *q = &nd->q[i];

		napi_disable(&q->napi);
		hvg2_net_comp_stop(q);
		hvg2_channel_close(q->ch);
		q->ch = NULL;
		q->comp_pending = false;
	}
}

/* ---- RSS ---- */

/**
 * hvg2_net_rss_send - give the host our key and indirection table
 * @nd: the device, queues open
 *
 * Return: 0, or the error of the RNDIS SET.
 */
int hvg2_net_rss_send(struct hvg2_net *nd)
{
	const u32 itab_size = sizeof(nd->rss_itab);
	struct hvg2_ndis_rss_params *p;
	u32 len = sizeof(*p) + itab_size + sizeof(nd->rss_key);
	int ret;

	p = kzalloc(len, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->hdr.type = HVG2_NDIS_OBJ_RSS_PARAMS;
	p->hdr.rev = 2;
	p->hdr.size = sizeof(*p);
	p->hash_info = HVG2_NET_RSS_HASH;
	p->itab_size = itab_size;
	p->itab_offset = sizeof(*p);
	p->key_size = sizeof(nd->rss_key);
	p->key_offset = sizeof(*p) + itab_size;
	memcpy((u8 *)p + p->itab_offset, nd->rss_itab, itab_size);
	memcpy((u8 *)p + p->key_offset, nd->rss_key, sizeof(nd->rss_key));
	ret = hvg2_net_rndis_set(nd, HVG2_OID_GEN_RSS_PARAMETERS, p, len);
	kfree(p);
	return ret;
}

/* ---- transmit queue selection ---- */

/**
 * hvg2_net_send_table - the host's send indirection table (NAPI)
 * @nd: the device
 * @msg: the NVSP message, in the ring (host writable)
 * @len: its length
 *
 * The table follows the fixed-size message (see nvsp_wire.h). Every
 * entry must name a queue we could have; a bad table is refused whole.
 */
void hvg2_net_send_table(struct hvg2_net *nd, const void *msg, u32 len)
{
	u8 tab[HVG2_NVSP_SEND_TABLE_SIZE];
	const u32 *in = msg + HVG2_NVSP_MSG_SIZE;
	const struct hvg2_nvsp_msg *m = msg;
	unsigned int i;

	if (len < HVG2_NVSP_MSG_SIZE + sizeof(u32) * HVG2_NVSP_SEND_TABLE_SIZE ||
	    READ_ONCE(m->send_table.count) != HVG2_NVSP_SEND_TABLE_SIZE)
		goto bad;
	for (i = 0; i < HVG2_NVSP_SEND_TABLE_SIZE; i++) {
		u32 e = READ_ONCE(in[i]);

		if (e >= HVG2_NET_MAX_QUEUES)
			goto bad;
		tab[i] = e;
	}
	/* readers take entries one at a time and check them against nq */
	for (i = 0; i < HVG2_NVSP_SEND_TABLE_SIZE; i++)
		WRITE_ONCE(nd->send_table[i], tab[i]);
	WRITE_ONCE(nd->send_table_ok, true);
	return;
bad:
	nd->bad_host++;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_net_send_table);

/**
 * hvg2_net_select_queue - ndo_select_queue
 * @ndev: our device
 * @skb: the frame
 * @sb_dev: subordinate device (macvlan offload), passed on
 *
 * Return: the host's choice for the flow's hash, else the stack's.
 */
u16 hvg2_net_select_queue(struct net_device *ndev, struct sk_buff *skb,
			  struct net_device *sb_dev)
{
	struct hvg2_net *nd = netdev_priv(ndev);
	unsigned int n = ndev->real_num_tx_queues;
	u8 e;

	if (n <= 1)
		return 0;
	if (READ_ONCE(nd->send_table_ok)) {
		e = READ_ONCE(nd->send_table[skb_get_hash(skb) %
					     HVG2_NVSP_SEND_TABLE_SIZE]);
		if (e < n)
			return e;
	}
	return netdev_pick_tx(ndev, skb, sb_dev);
}

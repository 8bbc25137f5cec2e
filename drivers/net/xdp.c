// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_net: receive page pools and native XDP.
 *
 * Each receive queue copies frames out of the host's receive buffer into
 * pages of its own page pool (rx.c), made when the device goes up and
 * destroyed when it goes down; XDP's view of the queue (xdp_rxq_info) is
 * registered with the pool so that redirected frames find their way home.
 *
 * An XDP program runs on that page before any skb exists:
 *   PASS      the skb is built on the page (rx.c)
 *   DROP      the page goes back to the pool
 *   TX        the frame is copied into a send-buffer section of the same
 *             queue, like a small frame from the stack (tx.c), and the
 *             page goes back to the pool
 *   REDIRECT  xdp_do_redirect(); the poll flushes at its end
 * Frames other devices redirect to us (ndo_xdp_xmit) take the TX route.
 *
 * A program needs the whole frame in one page: with one attached the MTU
 * is limited to HVG2_NET_XDP_MTU_MAX.
 */
#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/filter.h>
#include <linux/rtnetlink.h>
#include "hvg2_net.h"

/* ---- page pools ---- */

/* Stop and restart the NAPIs around a change of what they use. */
static void hvg2_net_napi_pause(struct hvg2_net *nd)
{
	unsigned int i;

	if (!nd->attached)
		return;
	for (i = 0; i < nd->nq; i++)
		napi_disable(&nd->q[i].napi);
}

static void hvg2_net_napi_resume(struct hvg2_net *nd)
{
	unsigned int i;

	if (!nd->attached)
		return;
	for (i = 0; i < nd->nq; i++) {
		napi_enable(&nd->q[i].napi);
		/* the host may have signalled while the NAPI was off */
		hvg2_net_poll_again(&nd->q[i]);
	}
}

static void hvg2_net_rx_pool_free(struct hvg2_net_queue *q)
{
	if (!q->pool)
		return;
	/* drops the reference the memory model held on the pool */
	xdp_rxq_info_unreg(&q->xdp_rxq);
	page_pool_destroy(q->pool);
	q->pool = NULL;
}

static int hvg2_net_rx_pool_new(struct hvg2_net_queue *q)
{
	struct page_pool_params pp = {
		.order = 0,
		.pool_size = HVG2_NET_RX_POOL_SIZE,
		.nid = NUMA_NO_NODE,
		/* pages are only written by the CPU: no DMA mapping */
	};
	struct page_pool *pool;
	int ret;

	pool = page_pool_create(&pp);
	if (IS_ERR(pool))
		return PTR_ERR(pool);
	ret = xdp_rxq_info_reg(&q->xdp_rxq, q->nd->ndev, q->idx,
			       q->napi.napi_id);
	if (ret)
		goto destroy;
	ret = xdp_rxq_info_reg_mem_model(&q->xdp_rxq, MEM_TYPE_PAGE_POOL, pool);
	if (ret) {
		xdp_rxq_info_unreg(&q->xdp_rxq);
		goto destroy;
	}
	q->pool = pool;
	return 0;
destroy:
	page_pool_destroy(pool);
	return ret;
}

/**
 * hvg2_net_rx_pools_create - one page pool per receive queue (ndo_open)
 * @nd: the device
 *
 * Queues that have a pool keep it: new subchannels get theirs without a
 * window in which the primary has none.
 *
 * Return: 0, or an error with no pool left.
 */
int hvg2_net_rx_pools_create(struct hvg2_net *nd)
{
	unsigned int i;
	int ret = 0;

	hvg2_net_napi_pause(nd);
	for (i = 0; i < nd->nq && !ret; i++)
		if (!nd->q[i].pool)
			ret = hvg2_net_rx_pool_new(&nd->q[i]);
	if (ret)
		for (i = 0; i < nd->nq; i++)
			hvg2_net_rx_pool_free(&nd->q[i]);
	hvg2_net_napi_resume(nd);
	return ret;
}

/**
 * hvg2_net_rx_pools_destroy - undo hvg2_net_rx_pools_create() (ndo_stop)
 * @nd: the device
 *
 * Pages still in skbs return to the page pool code, which frees them
 * when the last one is back.
 */
void hvg2_net_rx_pools_destroy(struct hvg2_net *nd)
{
	unsigned int i;

	hvg2_net_napi_pause(nd);
	for (i = 0; i < nd->nq; i++)
		hvg2_net_rx_pool_free(&nd->q[i]);
	hvg2_net_napi_resume(nd);
}

/* ---- running the program (NAPI) ---- */

/* XDP_TX: the frame goes out through this queue's send buffer. */
static int hvg2_net_xdp_tx(struct hvg2_net_queue *q, const void *data, u32 len)
{
	struct netdev_queue *txq = netdev_get_tx_queue(q->nd->ndev, q->idx);
	int ret;

	__netif_tx_lock(txq, smp_processor_id());
	ret = hvg2_net_tx_xdp_frame(q, data, len);
	__netif_tx_unlock(txq);
	/* the poll's end sends the section (hvg2_net_tx_wake()) */
	return ret;
}

/**
 * hvg2_net_xdp_run - run the XDP program on a received frame
 * @q: the queue (its NAPI)
 * @prog: the program
 * @page: the pool page holding the frame
 * @off: the frame's offset in @page; updated for XDP_PASS
 * @len: its length; updated for XDP_PASS
 * @meta: for XDP_PASS, the metadata the program put before the frame
 *
 * Return: XDP_PASS (the caller builds the skb on @page), or another
 * action after which @page is no longer the caller's.
 */
u32 hvg2_net_xdp_run(struct hvg2_net_queue *q, struct bpf_prog *prog,
		     struct page *page, u32 *off, u32 *len, u32 *meta)
{
	struct net_device *ndev = q->nd->ndev;
	void *va = page_address(page);
	struct xdp_buff xdp;
	u32 act;

	xdp_init_buff(&xdp, PAGE_SIZE, &q->xdp_rxq);
	xdp_prepare_buff(&xdp, va, *off, *len, true);
	act = bpf_prog_run_xdp(prog, &xdp);
	switch (act) {
	case XDP_PASS:
		*off = xdp.data - va;
		*len = xdp.data_end - xdp.data;
		*meta = xdp.data - xdp.data_meta;
		HVG2_RX_INC(q, xdp_pass);
		return XDP_PASS;
	case XDP_TX:
		if (hvg2_net_xdp_tx(q, xdp.data, xdp.data_end - xdp.data)) {
			trace_xdp_exception(ndev, prog, act);
			break;
		}
		HVG2_RX_INC(q, xdp_tx);
		page_pool_recycle_direct(q->pool, page);
		return XDP_TX;
	case XDP_REDIRECT:
		/* on failure it traced the exception and the page is ours */
		if (xdp_do_redirect(ndev, &xdp, prog))
			break;
		q->xdp_flush = true;
		HVG2_RX_INC(q, xdp_redirect);
		return XDP_REDIRECT;
	default:
		bpf_warn_invalid_xdp_action(ndev, prog, act);
		fallthrough;
	case XDP_ABORTED:
		trace_xdp_exception(ndev, prog, act);
		fallthrough;
	case XDP_DROP:
		break;
	}
	HVG2_RX_INC(q, xdp_drop);
	page_pool_recycle_direct(q->pool, page);
	return XDP_DROP;
}

/* ---- ndo_bpf, ndo_xdp_xmit ---- */

static int hvg2_net_xdp_setup(struct net_device *ndev, struct bpf_prog *prog,
			      struct netlink_ext_ack *extack)
{
	struct hvg2_net *nd = netdev_priv(ndev);
	struct bpf_prog *old;

	if (prog && ndev->mtu > HVG2_NET_XDP_MTU_MAX) {
		NL_SET_ERR_MSG_MOD(extack,
				   "MTU too large for XDP: a frame must fit one page");
		return -EOPNOTSUPP;
	}
	old = rtnl_dereference(nd->xdp_prog);
	/* the NAPI reads it under RCU (softirq): no pause needed */
	rcu_assign_pointer(nd->xdp_prog, prog);
	/* no multi-buffer XDP: RSC goes off while a program is attached */
	netdev_update_features(ndev);
	/* the reference to @prog is ours now; the old one's goes */
	if (old)
		bpf_prog_put(old);
	return 0;
}

/**
 * hvg2_net_bpf - ndo_bpf: attach or detach the XDP program
 * @ndev: our device
 * @bpf: the command
 *
 * Return: 0 or an error (extack says why).
 */
int hvg2_net_bpf(struct net_device *ndev, struct netdev_bpf *bpf)
{
	switch (bpf->command) {
	case XDP_SETUP_PROG:
		return hvg2_net_xdp_setup(ndev, bpf->prog, bpf->extack);
	default:
		return -EINVAL;
	}
}

/**
 * hvg2_net_xdp_xmit - ndo_xdp_xmit: frames redirected to us
 * @ndev: our device
 * @n: frames
 * @frames: the frames
 * @flags: XDP_XMIT_FLUSH: send the batch now
 *
 * Each frame is copied into a send-buffer section and returned at once.
 *
 * Return: frames sent (the caller frees the rest), or an error.
 */
int hvg2_net_xdp_xmit(struct net_device *ndev, int n,
		      struct xdp_frame **frames, u32 flags)
{
	struct hvg2_net *nd = netdev_priv(ndev);
	struct hvg2_net_queue *q;
	struct netdev_queue *txq;
	int cpu = smp_processor_id();
	int i;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;
	if (unlikely(READ_ONCE(nd->broken) || !netif_running(ndev)))
		return -ENETDOWN;
	q = &nd->q[cpu % nd->nq];
	txq = netdev_get_tx_queue(ndev, q->idx);
	__netif_tx_lock(txq, cpu);
	/* stopped by ndo_stop or a reconnect (-G): no buffers to copy into */
	if (netif_tx_queue_stopped(txq) || !netif_device_present(ndev)) {
		__netif_tx_unlock(txq);
		return 0;
	}
	for (i = 0; i < n; i++) {
		struct xdp_frame *f = frames[i];

		if (hvg2_net_tx_xdp_frame(q, f->data, f->len))
			break;
		xdp_return_frame(f);
	}
	if (flags & XDP_XMIT_FLUSH)
		hvg2_net_tx_xdp_flush(q);
	u64_stats_update_begin(&q->tx.syncp);
	q->tx.xdp_xmit += i;
	u64_stats_update_end(&q->tx.syncp);
	__netif_tx_unlock(txq);
	return i;
}

/**
 * hvg2_net_xdp_init - announce what XDP we do (probe)
 * @nd: the device, not yet registered
 */
void hvg2_net_xdp_init(struct hvg2_net *nd)
{
	hvg2_net_xdp_set_features(nd->ndev);
}

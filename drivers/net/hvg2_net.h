/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_net: the synthetic NIC driver, private declarations.
 *
 *   main.c     module, probe/remove, net_device_ops
 *   nvsp.c     NVSP: control requests, the handshake, the two buffers
 *   rndis.c    RNDIS: requests (INIT, QUERY, SET, HALT), status
 *   rndis_parse.c  validation of what the host put in the receive buffer
 *   tx.c       transmit: send-buffer sections, batching, BQL
 *   rx.c       NAPI: completions, receive, the ring's inbound half
 *   xdp.c      page pools, native XDP (ndo_bpf, ndo_xdp_xmit)
 *   offload.c  checksum and segmentation offloads
 *   vf.c       VF association and data path switch (protocol level)
 *   chan.c     subchannels (one queue each) and RSS
 *   ethtool.c  ethtool_ops and the counters
 */
#ifndef _HVG2_NET_H
#define _HVG2_NET_H

#include <linux/completion.h>
#include <linux/if_vlan.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>
#include <linux/wait.h>
#include "hvg2_net_compat.h"
#include "hvg2/nvsp_wire.h"
#include "hvg2/rndis_wire.h"
#include "hvg2/vmbus.h"

/* queues: the primary channel and up to 7 subchannels */
#define HVG2_NET_MAX_QUEUES	8
/* how long the host has to answer a control request */
#define HVG2_NET_TIMEOUT	(5 * HZ)
/* transaction ids in flight: every send-buffer section plus control */
#define HVG2_NET_MAX_IDS	4096
/* the largest RNDIS completion we keep (QUERY answers included) */
#define HVG2_NET_RNDIS_RESP_MAX	512
/* the RNDIS header, with room for the PPIs we send, before each frame */
#define HVG2_NET_TX_HDR_MAX	128

/*
 * A context in the request-id table is either an skb (transmit, bit 0
 * clear) or a control request (bit 0 set); both are at least 8-aligned.
 */
#define HVG2_NET_CTX_REQ	1UL
/* ... or a send-buffer section number: (section << 2) | HVG2_NET_CTX_SEC */
#define HVG2_NET_CTX_SEC	2UL

/* receive pages: XDP's headroom, the frame, skb_shared_info at the end */
#define HVG2_NET_RX_HEADROOM	XDP_PACKET_HEADROOM
#define HVG2_NET_RX_LINEAR_MAX	(PAGE_SIZE - HVG2_NET_RX_HEADROOM - \
				 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))
/* the largest MTU whose frames (VLAN tag included) fit one receive page */
#define HVG2_NET_XDP_MTU_MAX	(HVG2_NET_RX_LINEAR_MAX - ETH_HLEN - VLAN_HLEN)
/* a transmit queue stopped this long is reported (ndo_tx_timeout) */
#define HVG2_NET_TX_TIMEOUT	(5 * HZ)

/* pages each queue's page pool keeps ready */
#define HVG2_NET_RX_POOL_SIZE	256

/* what a transmitted skb remembers while the host holds its pages */
struct hvg2_net_cb {
	u32 bytes;
};

#define HVG2_NET_CB(skb)	((struct hvg2_net_cb *)(skb)->cb)

/* completions reaped in one poll, for BQL */
struct hvg2_net_txdone {
	u32 pkts;
	u32 bytes;
};

/* per-queue counters, by writer: NAPI (rx, completions) or xmit */
struct hvg2_net_rxstats {
	struct u64_stats_sync syncp;
	u64 packets;
	u64 bytes;
	u64 copied;		/* bytes copied out of the receive buffer */
	u64 drop_nomem;
	u64 drop_bad_xfer;	/* bad transfer-page header or range */
	u64 drop_bad_rndis;	/* bad RNDIS header, offset or length */
	u64 drop_bad_comp;	/* completion with an unknown or repeated id */
	u64 csum_ok;
	u64 csum_bad;
	u64 comp_retry;		/* receive completions held back, ring full */
	u64 comp_deferred;	/* polls whose completions waited (no doorbell) */
	u64 polls;
	u64 rsc_pkts;		/* RSC chains joined into one packet */
	u64 rsc_frags;		/* ... their fragments */
	u64 rsc_drops;		/* chains dropped: bad order, flags, size */
	u64 xdp_drop;		/* XDP_DROP, XDP_ABORTED, failed TX/redirect */
	u64 xdp_pass;
	u64 xdp_tx;
	u64 xdp_redirect;
};

struct hvg2_net_txstats {
	struct u64_stats_sync syncp;
	u64 packets;
	u64 bytes;
	u64 copied;		/* payload bytes copied into sections */
	u64 batches;		/* doorbells asked for (last of a batch) */
	u64 deferred;		/* of those, owed to the next poll */
	u64 busy;		/* no section, id or ring space: queue stopped */
	u64 drop_too_big;
	u64 drop_error;
	u64 completions;
	u64 xdp_xmit;		/* frames redirected to us (ndo_xdp_xmit) */
	u64 uso;		/* UDP GSO sends the host segments */
	u64 timeouts;		/* the stack's watchdog found the queue stuck */
};

/**
 * struct hvg2_net_queue - one channel and its queues
 * @nd: the device
 * @ch: the channel
 * @napi: receive and completions
 * @idx: queue index (= subchannel index)
 * @comp_pending: a receive completion not yet sent (ring was full)
 * @comp_tid: its transaction id
 * @comp_new: receive sections this poll handed back
 * @comp_debt: sections handed back since the last doorbell (estimate)
 * @comp_timer: pays a completion doorbell the host did not make moot
 * @tx_owes: a send deferred its doorbell to the next poll (ring lock)
 * @agg_sec: the section the current batch fills, U32_MAX if none
 * @agg_len: bytes used in it
 * @agg_last: offset of the last message in it
 * @agg_cnt: RNDIS messages in it
 * @agg_bytes: frame bytes in it (for BQL)
 * @done_seq: bumped by every poll that reaped completions
 * @tx_inflight: sends of this queue whose completion is not yet reaped
 * @tx_unpub: of those, the open batch's (committed, not yet published)
 * @pool: receive pages, while the device is up (NULL when down)
 * @xdp_rxq: XDP's view of this receive queue, registered with @pool
 * @xdp_flush: a frame was redirected in this poll: flush at its end
 * @rx: receive counters (NAPI)
 * @tx: transmit counters (xmit; completions under the NAPI)
 */
struct hvg2_net_queue {
	struct hvg2_net *nd;
	struct hvg2_channel *ch;
	struct napi_struct napi;
	u16 idx;
	bool comp_pending;
	u64 comp_tid;
	u32 comp_new;
	u32 comp_debt;
	struct hrtimer comp_timer;
	bool tx_owes;
	u32 agg_sec;
	u32 agg_len;
	u32 agg_last;
	u32 agg_cnt;
	u32 agg_bytes;
	u32 done_seq;
	atomic_t tx_inflight;
	u32 tx_unpub;
	struct page_pool *pool;
	struct xdp_rxq_info xdp_rxq;
	bool xdp_flush;
	struct hvg2_net_rxstats rx;
	struct hvg2_net_txstats tx;
};

/* one receive counter up (the NAPI is its only writer) */
static inline void hvg2_net_rx_inc(struct hvg2_net_queue *q, u64 *counter)
{
	u64_stats_update_begin(&q->rx.syncp);
	(*counter)++;
	u64_stats_update_end(&q->rx.syncp);
}

#define HVG2_RX_INC(q, field)	hvg2_net_rx_inc(q, &(q)->rx.field)

/**
 * struct hvg2_net_req - a control request waiting for its completion
 * @done: completed by the NAPI when the host answered
 * @resp: the host's answer (NVSP message), copied
 * @resp_len: its length
 */
struct hvg2_net_req {
	struct completion done;
	struct hvg2_nvsp_msg resp;
	u32 resp_len;
} __aligned(8);

/**
 * struct hvg2_net - one synthetic NIC
 * @hd: the VMBus device
 * @ndev: the net device
 * @q: the queues
 * @nq: queues in use
 * @ids: transaction ids the host must echo
 * @tx_starved: queues that stopped with nothing of their own in flight to
 *	wake them: the sections and ids all queues share may have run out
 *	through another queue's sends, whose completions must wake them
 * @tx_free_seq: bumped by every poll that freed sections or ids
 * @nvsp_ver: negotiated NVSP version
 * @ndis_ver: NDIS version announced
 * @recv_want: receive buffer size to ask for (module parameter, -G)
 * @send_want: send buffer size to ask for
 * @recv_buf: the receive buffer (vmalloc), shared through @recv_gpadl
 * @recv_size: its size
 * @recv_gpadl: GPADL handle, 0 if none
 * @recv_section: the sub-allocation size the host chose
 * @send_buf: the send buffer, shared through @send_gpadl
 * @send_size: its size
 * @send_gpadl: GPADL handle, 0 if none
 * @send_section: section size the host chose
 * @send_nsec: sections in the send buffer
 * @send_map: bitmap of sections in use
 * @sec_pkts: frames in each section sent
 * @sec_bytes: their bytes
 * @sec_skbs: the skbs copied into each section, chained by ->next, kept
 *	until the host completes the section (their sockets count them in flight)
 * @inflight: skbs the host holds (page ranges), by request-id slot
 * @rx_mode_work: sets the packet filter (ndo_set_rx_mode cannot sleep)
 * @orphans: buffers the host may still read (a timed-out request):
 *	freed only after the channel is closed
 * @rndis_lock: one RNDIS request at a time
 * @rndis_id: the id of the RNDIS request in flight, 0 if none
 * @rndis_resp: its answer
 * @rndis_resp_len: its length
 * @rndis_done: completed when the answer came
 * @rndis_max_pkts: RNDIS messages the host takes per transfer
 * @rndis_align: alignment of each message in a section
 * @nq_want: queues to ask for (module parameter, ethtool -L)
 * @nq_max: queues the host can spread over (RSS capabilities), 1 if none
 * @sub_lock: protects @sub, @sub_want, @sub_got, @sub_open
 * @sub_wait: woken when a subchannel offer was recorded
 * @sub: subchannels offered while we waited for them, by index
 * @sub_want: the subchannels the host granted
 * @sub_got: offers recorded
 * @sub_open: offers are being recorded
 * @sub_work: waits for the offers and opens the subchannels
 * @sub_gen: bumped by every detach (under the RTNL lock)
 * @sub_sched_gen: the generation @sub_work was queued for
 * @rss_key: the Toeplitz key we give the host
 * @rss_itab: the indirection table (queue numbers)
 * @rss_user: @rss_itab was set with ethtool -X: keep it across reconnects
 * @send_table: the host's send indirection table (queue numbers)
 * @send_table_ok: @send_table holds a valid table
 * @bad_host: host messages refused by chan.c (bad counts, entries)
 * @vf_serial: serial of the VF the host associated, 0 if none
 * @vf_allocated: the host says a VF is associated
 * @uso_max: the largest UDP datagram the host segments (its USO
 *	capabilities), 0 when it offers no USO or refused to enable it
 * @mtu_max: the largest MTU the host allows
 * @link_up: the host's last media state
 * @broken: the host broke the protocol or rescinded: no more requests
 * @mac: the host-assigned permanent address
 * @xdp_prog: the XDP program, NULL if none (RCU; written under RTNL)
 * @attached: connected to the host, NAPIs enabled (hvg2_net_attach())
 */
struct hvg2_net {
	struct hvg2_vmbus_device *hd;
	struct net_device *ndev;
	struct hvg2_net_queue q[HVG2_NET_MAX_QUEUES];
	unsigned int nq;
	struct hvg2_reqid_table ids;
	DECLARE_BITMAP(tx_starved, HVG2_NET_MAX_QUEUES);
	atomic_t tx_free_seq;
	u32 nvsp_ver;
	u32 ndis_ver;

	u32 recv_want;
	u32 send_want;
	void *recv_buf;
	u32 recv_size;
	u32 recv_gpadl;
	u32 recv_section;

	void *send_buf;
	u32 send_size;
	u32 send_gpadl;
	u32 send_section;
	u32 send_nsec;
	unsigned long *send_map;
	u16 *sec_pkts;
	u32 *sec_bytes;
	struct sk_buff **sec_skbs;
	struct sk_buff **inflight;

	struct work_struct rx_mode_work;
	struct list_head orphans;

	struct mutex rndis_lock;	/* one RNDIS request at a time */
	spinlock_t rndis_resp_lock;	/* @rndis_id, @rndis_resp* */
	u32 rndis_id;
	u32 rndis_next_id;
	u8 rndis_resp[HVG2_NET_RNDIS_RESP_MAX];
	u32 rndis_resp_len;
	struct completion rndis_done;
	u32 rndis_max_pkts;
	u32 rndis_align;

	unsigned int nq_want;
	unsigned int nq_max;
	spinlock_t sub_lock;		/* the offer window, see above */
	wait_queue_head_t sub_wait;
	struct hvg2_channel *sub[HVG2_NET_MAX_QUEUES];
	unsigned int sub_want;
	unsigned int sub_got;
	bool sub_open;
	struct work_struct sub_work;
	unsigned int sub_gen;
	unsigned int sub_sched_gen;
	u8 rss_key[HVG2_NDIS_RSS_KEY_SIZE];
	u32 rss_itab[HVG2_NDIS_RSS_ITAB_MAX];
	bool rss_user;
	u8 send_table[HVG2_NVSP_SEND_TABLE_SIZE];
	bool send_table_ok;
	u64 bad_host;

	u32 vf_serial;
	bool vf_allocated;
	u32 uso_max;
	u32 mtu_max;
	bool link_up;
	bool broken;
	u8 mac[ETH_ALEN];
	struct bpf_prog __rcu *xdp_prog;
	bool attached;
};

/* module parameters (main.c) */
extern unsigned int hvg2_net_ring_kb;
extern unsigned int hvg2_net_send_kb;
extern unsigned int hvg2_net_recv_kb;
extern unsigned int hvg2_net_max_queues;

/* nvsp.c */
int hvg2_net_nvsp_request(struct hvg2_net *nd, struct hvg2_nvsp_msg *msg,
			  struct hvg2_net_req *req);
int hvg2_net_req_wait(struct hvg2_net *nd, struct completion *done, u64 id);
int hvg2_net_nvsp_post(struct hvg2_net *nd, const struct hvg2_nvsp_msg *msg);
int hvg2_net_nvsp_connect(struct hvg2_net *nd);
void hvg2_net_nvsp_disconnect(struct hvg2_net *nd);
void hvg2_net_orphan(struct hvg2_net *nd, void *buf);
void hvg2_net_free_orphans(struct hvg2_net *nd);
void hvg2_net_req_complete(struct hvg2_net *nd, struct hvg2_net_req *req,
			   const void *data, u32 len);

/* rndis.c */
int hvg2_net_rndis_init(struct hvg2_net *nd);
int hvg2_net_rndis_query(struct hvg2_net *nd, u32 oid, void *buf, u32 *len);
int hvg2_net_rndis_query_in(struct hvg2_net *nd, u32 oid, void *buf,
			    u32 in_len, u32 *len);
int hvg2_net_rndis_set(struct hvg2_net *nd, u32 oid, const void *buf, u32 len);
void hvg2_net_rndis_halt(struct hvg2_net *nd);
void hvg2_net_rndis_control(struct hvg2_net *nd, const void *msg, u32 len);

/* rndis_parse.c (validation and building, reached by the KUnit suite) */
/**
 * struct hvg2_net_tx_ppi - the per-packet information a frame carries
 * @csum: checksum offload request (TCPIP_CHKSUM), if @has_csum
 * @lso: large-send request (TCP_LARGESEND), if @has_lso
 * @uso: UDP segmentation request (HVG2_RNDIS_PPI_USO), if @has_uso
 * @has_csum: send @csum
 * @has_lso: send @lso
 * @has_uso: send @uso
 */
struct hvg2_net_tx_ppi {
	u32 csum;
	u32 lso;
	u32 uso;
	bool has_csum;
	bool has_lso;
	bool has_uso;
};

/**
 * struct hvg2_net_rx_info - what a validated RNDIS PACKET says
 * @data_off: the frame's offset from the start of the RNDIS message
 * @data_len: the frame's length
 * @csum: the checksum PPI's value, if @has_csum
 * @hash: the hash PPI's value, if @has_hash
 * @vlan: the 802.1Q PPI's value, if @has_vlan
 * @has_csum: a checksum PPI was present
 * @has_hash: a hash PPI was present
 * @has_vlan: an 802.1Q PPI was present
 */
struct hvg2_net_rx_info {
	u32 data_off;
	u32 data_len;
	u32 csum;
	u32 hash;
	u32 vlan;
	u32 rsc_flags;
	bool has_csum;
	bool has_hash;
	bool has_vlan;
};

int hvg2_net_parse_rndis_packet(const void *msg, u32 len,
				struct hvg2_net_rx_info *info);

/* RSC: the most one chain may have (a TCP/IP packet plus its Ethernet header) */
#define HVG2_NET_RSC_MAX_FRAGS	562	/* as hv_netvsc */
#define HVG2_NET_RSC_MAX_LEN	(65535 + ETH_HLEN + VLAN_HLEN)

/**
 * struct hvg2_net_rsc_state - the RSC chain being joined (rx.c)
 * @open: a FIRST came, no LAST yet
 * @frags: fragments taken
 * @len: frame bytes taken
 * @skb: the packet being built, or NULL once dropped
 * @info: the first fragment's per-packet info
 */
struct hvg2_net_rsc_state {
	bool open;
	u32 frags;
	u32 len;
	struct sk_buff *skb;
	struct hvg2_net_rx_info info;
};

enum {
	HVG2_RSC_FRAME,
	HVG2_RSC_MORE,
	HVG2_RSC_DONE,
	HVG2_RSC_BAD,
};

int hvg2_net_rsc_step(struct hvg2_net_rsc_state *st, u32 flags, u32 len,
		      bool last);
u32 hvg2_net_build_rndis_packet(void *buf, u32 room, u32 frame_len,
				const struct hvg2_net_tx_ppi *ppi);

/* tx.c */
void hvg2_net_tx_ppi(const struct sk_buff *skb, struct hvg2_net_tx_ppi *ppi);
netdev_tx_t hvg2_net_xmit(struct sk_buff *skb, struct net_device *ndev);
void hvg2_net_tx_done(struct hvg2_net_queue *q, u64 id, void *ctx,
		      struct hvg2_net_txdone *done, int budget);
void hvg2_net_tx_wake(struct hvg2_net_queue *q, struct hvg2_net_txdone *done);
void hvg2_net_tx_timeout(struct net_device *ndev, unsigned int txqueue);
void hvg2_net_tx_drain(struct hvg2_net *nd);
void hvg2_net_sec_skbs_free(struct hvg2_net *nd);
int hvg2_net_tx_xdp_frame(struct hvg2_net_queue *q, const void *data, u32 len);
void hvg2_net_tx_xdp_flush(struct hvg2_net_queue *q);

/* rx.c */
void hvg2_net_chan_cb(struct hvg2_channel *ch, void *ctx);
int hvg2_net_poll(struct napi_struct *napi, int budget);
void hvg2_net_poll_again(struct hvg2_net_queue *q);
void hvg2_net_comp_init(struct hvg2_net_queue *q);
void hvg2_net_comp_stop(struct hvg2_net_queue *q);

/* xdp.c */
int hvg2_net_rx_pools_create(struct hvg2_net *nd);
void hvg2_net_rx_pools_destroy(struct hvg2_net *nd);
u32 hvg2_net_xdp_run(struct hvg2_net_queue *q, struct bpf_prog *prog,
		     struct page *page, u32 *off, u32 *len, u32 *meta);
int hvg2_net_bpf(struct net_device *ndev, struct netdev_bpf *bpf);
int hvg2_net_xdp_xmit(struct net_device *ndev, int n,
		      struct xdp_frame **frames, u32 flags);
void hvg2_net_xdp_init(struct hvg2_net *nd);

/* main.c */
u32 hvg2_net_filter(struct net_device *ndev);
int hvg2_net_attach(struct hvg2_net *nd);
void hvg2_net_detach(struct hvg2_net *nd);

/* offload.c */
/* what Hyper-V hosts segment at most (LSO); the stack is told */
#define HVG2_NET_LSO_MAX	62768
/* a host that segments less UDP than this is not worth offering USO for */
#define HVG2_NET_USO_MIN	16384
u32 hvg2_net_parse_uso_caps(const void *caps, u32 len);
int hvg2_net_offload_request(struct hvg2_net *nd);
void hvg2_net_offload_init(struct hvg2_net *nd);
int hvg2_net_lso_prepare(struct sk_buff *skb);
netdev_features_t hvg2_net_fix_features(struct net_device *ndev,
					netdev_features_t features);
int hvg2_net_set_features(struct net_device *ndev, netdev_features_t features);

/* vf.c */
int hvg2_net_vf_assoc(struct hvg2_net *nd, const struct hvg2_nvsp_msg *msg,
		      u32 len);
void hvg2_net_build_switch_datapath(struct hvg2_nvsp_msg *msg, bool to_vf);
int hvg2_net_switch_datapath(struct hvg2_net *nd, bool to_vf);

/* chan.c */
void hvg2_net_chan_init(struct hvg2_net *nd);
void hvg2_net_chan_open(struct hvg2_net *nd);
void hvg2_net_chan_close(struct hvg2_net *nd);
int hvg2_net_rss_send(struct hvg2_net *nd);
void hvg2_net_send_table(struct hvg2_net *nd, const void *msg, u32 len);
u16 hvg2_net_select_queue(struct net_device *ndev, struct sk_buff *skb,
			  struct net_device *sb_dev);

/* ethtool.c */
extern const struct ethtool_ops hvg2_net_ethtool_ops;

#endif /* _HVG2_NET_H */

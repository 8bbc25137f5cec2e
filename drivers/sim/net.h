/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_sim_net: the simulated host's vSwitch port, the host end of a
 * synthetic NIC (class "net").
 *
 *   net_main.c   the backend: module, device create/destroy, channel
 *                open/close/work, configfs attributes and fault knobs
 *   net_nvsp.c   the host half of NVSP: handshake, receive and send
 *                buffers, subchannels, completions, transfer-page sends
 *   net_rndis.c  RNDIS: the guest's control requests and data packets
 *   net_port.c   the port: a Linux net device per NIC; its transmit
 *                reaches the guest through the receive buffer
 *   net_rsc.c    receive segment coalescing: a large TCP packet from the
 *                port, to the guest as one chain of fragments
 *   net_parse.c  validation of what the guest writes (pure, KUnit-tested)
 *
 * Contexts. Everything that touches guest memory or a ring runs in a
 * channel's work item (process context, one at a time per channel). The
 * port's ndo_start_xmit only queues the skb on a channel and kicks it.
 * The receive and send buffers are shared by all channels of a NIC; they
 * are mapped and unmapped under @buf_sem (write), used under it (read).
 */
#ifndef _HVG2_SIM_NET_H
#define _HVG2_SIM_NET_H

#include <linux/netdevice.h>
#include <linux/rwsem.h>
#include <linux/skbuff.h>
#include "hvg2/nvsp_wire.h"
#include "hvg2/vmbus_wire.h"
#include "hvg2/rndis_wire.h"
#include "hvg2_sim_backend.h"
#include "hvg2_sim_net_compat.h"

#define SNET_RX_QUEUE_MAX	512	/* frames waiting per channel */
#define SNET_BUDGET		64	/* guest packets per work pass */
#define SNET_GATHER_MAX		(128 * 1024)	/* one guest send, all parts */
#define SNET_RANGES_MAX		4096	/* GPA ranges of one guest send */
#define SNET_RECV_SECTION_MIN	1728	/* Hyper-V's; fits a 1514-byte frame */
#define SNET_SEND_SECTION	6144
#define SNET_RNDIS_MAX_PKTS	8	/* INIT_C: messages per send section */
#define SNET_RNDIS_ALIGN_SHIFT	3
#define SNET_LSO_MAX		62768	/* what Hyper-V advertises */
#define SNET_TID_MAGIC		0x4e45540000000000ull	/* "NET" */
#define SNET_TID_MAGIC_MASK	0xffffff0000000000ull
/* a receive packet's id: its first section and (bits 32-39) count - 1 */
#define SNET_TID(slot, n)	(SNET_TID_MAGIC | (u64)((n) - 1) << 32 | (slot))
#define SNET_TID_COUNT(tid)	((u32)(((tid) >> 32) & 0xff) + 1)
#define SNET_RSC_MAX_FRAGS	64	/* fragments of one RSC chain */

/* counters, shown in configfs (one file each, see net_main.c) */
enum snet_stat {
	SNET_TX_FRAMES,		/* guest -> port, delivered */
	SNET_TX_BYTES,
	SNET_RX_FRAMES,		/* port -> guest, delivered */
	SNET_RX_BYTES,
	SNET_RX_DROPS,		/* port -> guest: no channel, queue full, too big */
	SNET_RX_NO_SECTION,	/* times the receive buffer was full */
	SNET_BAD_NVSP,		/* malformed NVSP messages from the guest */
	SNET_BAD_RNDIS,		/* malformed RNDIS messages from the guest */
	SNET_BAD_COMPLETIONS,	/* guest completions of no packet of ours */
	SNET_CTRL_MSGS,		/* RNDIS control requests answered */
	SNET_FAULTS,		/* fault knobs fired */
	SNET_TX_USO,		/* guest UDP sends segmented (USO) */
	SNET_TX_GSO,		/* guest -> port, large sends passed as GSO */
	SNET_RX_RSC,		/* port -> guest, RSC chains sent */
	SNET_RX_RSC_FRAGS,	/* ... and their fragments */
	SNET_NSTATS
};

/* A control answer waiting for a receive section (primary channel). */
struct snet_ctl {
	struct list_head node;
	u32 len;
	u8 data[];
};

/**
 * struct snet_pkt_info - an RNDIS PACKET from the guest, validated
 * @data_off: the frame, from the start of the message (header included)
 * @data_len: its length
 * @csum: the CSUM per-packet info, or 0
 * @lso: the LSO per-packet info, or 0
 * @uso: the USO per-packet info (hvgen2 extension), or 0
 * @hash: the HASH per-packet info
 * @has_hash: @hash is set
 */
struct snet_pkt_info {
	u32 data_off;
	u32 data_len;
	u32 csum;
	u32 lso;
	u32 uso;
	u32 hash;
	bool has_hash;
};

/* The host end of one channel. */
struct snet_chan {
	struct snet_dev *nd;
	struct hvg2_sim_chan *c;
	struct sk_buff_head rxq;	/* port -> guest, waiting */
	u8 *gather;			/* one guest send, copied */
	u8 *ranges;			/* its GPA ranges, copied */
	bool open;
	atomic64_t rx_frames;		/* port -> guest on this channel */
};

/* Settings (configfs), read where used. */
struct snet_cfg {
	u8 mac[ETH_ALEN];
	u32 mtu;			/* the most the guest may set */
	u32 channels_max;		/* primary + subchannels */
	u32 recv_section;		/* 0: from the guest's MTU */
	u32 send_section;
	u32 nvsp_max;			/* highest NVSP version offered */
	bool link_up;
};

/* Fault knobs: each fires the next N times. */
struct snet_faults {
	atomic_t corrupt_rndis;		/* a receive with a broken RNDIS length */
	atomic_t bad_rx_offset;		/* a range outside the receive buffer */
	atomic_t forge_completion;	/* an unsolicited RNDIS_PKT_COMPLETE */
};

/* The host end of one NIC. */
struct snet_dev {
	struct hvg2_sim_dev *sd;
	struct net_device *port;
	char port_name[IFNAMSIZ];

	struct snet_cfg cfg;
	struct snet_faults faults;

	/* protocol state, primary channel's work (or under @buf_sem) */
	u32 nvsp_ver;
	u32 ndis_ver;
	u32 guest_mtu;
	bool rndis_up;			/* INIT done, not halted */
	u32 filter;			/* CURRENT_PACKET_FILTER */
	struct hvg2_ndis_offload_params offload;
	bool uso;			/* the guest enabled USO (extension) */
	bool rsc_ip4;			/* RSC asked for (NVSP 6.1, offload params) */
	bool rsc_ip6;
	u32 nsub;			/* subchannels granted */

	/* RSS: set by the guest (primary's work), read by the port's xmit */
	spinlock_t rss_lock;
	bool rss_on;
	u32 rss_hash_info;
	u8 rss_key[HVG2_NDIS_RSS_KEY_SIZE];
	u32 rss_itab_len;
	u16 rss_itab[HVG2_NDIS_RSS_ITAB_MAX];

	/* the buffers */
	struct rw_semaphore buf_sem;
	u32 rbuf_gpadl;
	u16 rbuf_id;
	u8 *rbuf;
	u32 rbuf_size;
	u32 rsec_size;
	u32 rsec_count;
	spinlock_t rsec_lock;		/* @rsec_busy */
	unsigned long *rsec_busy;
	u32 sbuf_gpadl;
	u8 *sbuf;
	u32 sbuf_size;
	u32 ssec_size;

	struct mutex ctl_lock;		/* @ctlq */
	struct list_head ctlq;		/* control answers to send */

	struct snet_chan chan[HVG2_SIM_MAX_CHANNELS];
	atomic64_t stats[SNET_NSTATS];
};

static inline void snet_count(struct snet_dev *nd, enum snet_stat s, u64 n)
{
	atomic64_add(n, &nd->stats[s]);
}

/* net_parse.c (exported for KUnit) */
u32 hvg2_snet_pick_version(u32 min, u32 max, u32 host_max);
int hvg2_snet_rndis_next(const u8 *buf, u32 len, u32 off, u32 *msg_len);
int hvg2_snet_parse_packet(const u8 *msg, u32 len, struct snet_pkt_info *pi);
int hvg2_snet_oid_info(const u8 *msg, u32 len, u32 *oid, u32 *info_off,
		       u32 *info_len);
int hvg2_snet_parse_rss(const u8 *obj, u32 len, u32 nchannels, u32 *hash_info,
			u8 *key, u16 *itab, u32 *itab_len, bool *disable);
int hvg2_snet_gpa_walk(const u8 *ranges, u32 len, u32 count,
		       int (*fn)(void *ctx, u64 pfn, u32 off, u32 len),
		       void *ctx);
u32 hvg2_snet_toeplitz(const u8 *key, const u8 *in, unsigned int n);

/* net_port.c (exported for KUnit): segments, or an ERR_PTR */
struct sk_buff *hvg2_snet_tx_uso(struct sk_buff *skb, u32 uso);

/* net_nvsp.c */
void snet_nvsp_work(struct snet_chan *ch);
void snet_buffers_release(struct snet_dev *nd);
int snet_send_rndis(struct snet_chan *ch, const void *hdr, u32 hdr_len,
		    const struct sk_buff *skb, bool control);
int snet_rsec_get_n(struct snet_dev *nd, u32 n);
bool snet_rsec_put_n(struct snet_dev *nd, u64 slot, u32 n);
u32 snet_rsec_busy(struct snet_dev *nd);
void snet_send_table(struct snet_dev *nd);

/* net_rndis.c */
void snet_rndis_process(struct snet_chan *ch, const u8 *buf, u32 len);
int snet_ctl_queue(struct snet_dev *nd, const void *msg, u32 len);
void snet_ctl_flush(struct snet_chan *ch);
void snet_ctl_purge(struct snet_dev *nd);
void snet_link_indicate(struct snet_dev *nd);

/* net_port.c */
int snet_port_create(struct snet_dev *nd);
void snet_port_destroy(struct snet_dev *nd);
void snet_port_rx_flush(struct snet_chan *ch);
void snet_port_carrier(struct snet_dev *nd);
void snet_port_deliver(struct snet_dev *nd, const u8 *frame,
		       const struct snet_pkt_info *pi);

/* net_rsc.c */
bool snet_rsc_on(struct snet_dev *nd, const struct sk_buff *skb);
bool snet_rsc_fits(struct snet_dev *nd, u32 len, bool hash);
int snet_rsc_send(struct snet_chan *ch, struct sk_buff *skb, u32 csum,
		  const u32 *hash);
void snet_rsc_params(struct snet_dev *nd, const u8 *info, u32 len);

#endif /* _HVG2_SIM_NET_H */

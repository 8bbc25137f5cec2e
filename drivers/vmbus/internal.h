/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_vmbus internals shared by the transport's files:
 *
 *   main.c     module init/exit, link registration, connect/disconnect
 *   msg.c      the interrupt: SynIC message slot and event flags; posting
 *              messages; waiting for the host's responses
 *   version.c  version negotiation
 *   offer.c    offers and rescinds become devices and go away
 *   bus.c      the vmbus bus type, its sysfs attributes and uevents
 *   gpadl.c    GPADL construction, create and teardown
 *   channel.c  open/close, send/receive, polled mode
 *   chanring.c a channel's ring memory, its GPADL, the quarantine
 *   subchannel.c  subchannels: attached to their primary's device
 *   sysfs.c    per-channel state and counters
 *   cpu.c      CPU offline: channels move away (MODIFYCHANNEL)
 *   reqid.c    the request-id table
 *   visible.c  host-visible (decrypted) pages for isolated guests
 *   monitor.c  the monitor pages: per-device sysfs view
 */
#ifndef _HVG2_VMBUS_INTERNAL_H
#define _HVG2_VMBUS_INTERNAL_H

#include <linux/completion.h>
#include <linux/ioport.h>
#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include "hvg2/link.h"
#include "hvg2/vmbus.h"

#define HVG2_MAX_RELID		(HVG2_HV_EVENT_FLAGS_BITS - 1)
/* per device; more are left unattached (a hostile host's flood) */
#define HVG2_MAX_SUBCHANNELS	64

/**
 * struct hvg2_vis_ops - memory conversions for an isolated guest (visible.c)
 * @decrypt: make @npages pages at @addr shared with the host
 * @encrypt: make them private again
 *
 * Both return 0 or a negative errno; after a failure the pages' state is
 * unknown.
 */
struct hvg2_vis_ops {
	int (*decrypt)(void *addr, unsigned int npages);
	int (*encrypt)(void *addr, unsigned int npages);
};

/**
 * struct hvg2_vis_mem - one buffer the host is to see
 * @addr: a virtually contiguous buffer (direct map or vmalloc), or NULL
 * @pages: else its pages, converted one at a time (a ring)
 * @npages: pages in the buffer
 * @shared: host-visible, or may be: never free it while set
 */
struct hvg2_vis_mem {
	void *addr;
	struct page **pages;
	unsigned int npages;
	bool shared;
};

enum hvg2_chan_state {
	HVG2_CHAN_OFFERED,	/* known, closed */
	HVG2_CHAN_OPEN,
	HVG2_CHAN_BROKEN,	/* open, but the host broke the protocol */
};

/**
 * struct hvg2_channel - one offered channel
 *
 * Lifetime: the kobject; the device holds a reference, the relid map holds
 * one until the relid is released. A subchannel: its primary's @subs list
 * holds one while it is attached, and it holds one on @primary for life.
 */
struct hvg2_channel {
	struct kobject kobj;
	struct hvg2_vmbus_device *device;
	struct hvg2_vmbus_msg_offer offer;
	u32 relid;
	u32 conn_id;			/* for signal_event */
	bool dedicated_intr;
	unsigned int cpu;		/* target CPU of the host's interrupts */

	struct mutex lock;		/* open/close/rescind */
	enum hvg2_chan_state state;
	bool rescinded;			/* written once, under @lock */
	u32 ring_gpadl;
	struct hvg2_vis_mem ring_vis[2];	/* out, in: host-visible? */

	hvg2_channel_cb_t cb;		/* read by the interrupt under RCU */
	void *cb_ctx;

	struct hvg2_ring_mem out_mem, in_mem;
	struct hvg2_ring out, in;
	/* a signal held back by hvg2_channel_commit_owe() (out's lock) */
	bool owed;

	/* counters, read through sysfs */
	atomic64_t signals;		/* signal_event calls */
	atomic64_t interrupts;		/* event flag bits taken */
	atomic64_t ring_full;		/* sends refused for lack of space */

	/* a subchannel's: its primary (for life), on whose @subs it sits */
	struct hvg2_channel *primary;
	struct list_head sub_node;
	bool sub_attached;		/* under the primary's @sub_lock */

	/* a primary's: its subchannels */
	struct mutex sub_lock;		/* @subs, @subs_dead, sub_attached */
	struct list_head subs;
	bool subs_dead;			/* the device is going: attach no more */
	struct mutex sub_cb_lock;	/* @sub_cb, @sub_ctx; held around calls */
	hvg2_subchannel_cb_t sub_cb;
	void *sub_ctx;
};

/* One outstanding request waiting for the host's response. */
struct hvg2_waiter {
	struct list_head node;
	u32 resp_type;			/* HVG2_CHMSG_* expected */
	u32 key;			/* relid or gpadl, by type */
	u32 relid;			/* rescind of this relid fails the wait */
	int status;			/* 0, or -ENODEV when rescinded */
	u32 len;
	u8 resp[HVG2_HV_MESSAGE_PAYLOAD];
	struct completion done;
};

#define HVG2_MMIO_MAX_WINDOWS	4

/**
 * struct hvg2_mmio_space - the host's MMIO windows (mmio.c)
 * @lock: serialises allocations
 * @win: the windows, each the root of its own resource tree
 * @n: windows in @win
 * @pieces: what was handed out, and ranges found taken
 */
struct hvg2_mmio_space {
	struct mutex lock;			/* @win, @n, @pieces */
	struct resource win[HVG2_MMIO_MAX_WINDOWS];
	unsigned int n;
	struct list_head pieces;
};

/**
 * struct hvg2_vmbus_conn - the one connection to the host
 */
struct hvg2_vmbus_conn {
	struct mutex link_lock;			/* register/unregister */
	struct hvg2_link __rcu *link;		/* read by the interrupt */
	struct hvg2_link *cur_link;		/* under link_lock */
	u32 version;
	u32 msg_conn_id;
	bool connected;

	spinlock_t wait_lock;			/* waiters */
	struct list_head waiters;

	struct workqueue_struct *wq;		/* offers and rescinds, in order */
	struct completion all_offers;

	spinlock_t relid_lock;			/* writers of relid_map */
	struct hvg2_channel __rcu *relid_map[HVG2_MAX_RELID + 1];

	atomic_t next_gpadl;
	atomic_t next_cpu;
	void *int_page;				/* pre-5.0 interrupt page */
	void *monitor_pages[2];			/* [0] host to guest, [1] back */
	struct hvg2_vis_mem monitor_vis[2];	/* under link_lock */
	struct kset *devices_kset;
	struct hvg2_mmio_space mmio;		/* the link's windows */
};

extern struct hvg2_vmbus_conn hvg2_conn;
extern unsigned int hvg2_msg_timeout_ms;

/* msg.c */
int hvg2_post(const void *msg, u32 len);
int hvg2_post_conn(u32 conn_id, const void *msg, u32 len);
void hvg2_waiter_init(struct hvg2_waiter *w, u32 resp_type, u32 key, u32 relid);
void hvg2_waiter_add(struct hvg2_waiter *w);
int hvg2_waiter_wait(struct hvg2_waiter *w);
void hvg2_waiter_del(struct hvg2_waiter *w);
int hvg2_request(struct hvg2_channel *ch, u32 conn_id, const void *msg,
		 u32 len, u32 resp_type, u32 key, void *resp, u32 resp_size);
void hvg2_waiters_fail_relid(u32 relid);
void hvg2_waiters_fail_all(void);

/* mmio.c */
void hvg2_mmio_space_init(struct hvg2_mmio_space *s);
void hvg2_mmio_space_set(struct hvg2_mmio_space *s, const struct resource *win,
			 unsigned int n);
int hvg2_mmio_space_alloc(struct hvg2_mmio_space *s, struct resource **new,
			  resource_size_t min, resource_size_t max,
			  resource_size_t size, resource_size_t align,
			  const char *name);
void hvg2_mmio_space_free(struct hvg2_mmio_space *s, struct resource *res);
void hvg2_mmio_space_destroy(struct hvg2_mmio_space *s);

/* version.c */
extern const u32 hvg2_vmbus_versions[];
extern const unsigned int hvg2_vmbus_nversions;
u32 hvg2_version_next(u32 tried, u32 max);
int hvg2_negotiate(void);

/* offer.c */
void hvg2_offer_queue(const void *msg, u32 len);
void hvg2_offers_remove_all(void);
struct hvg2_channel *hvg2_channel_get_relid(u32 relid);
void hvg2_relid_set(u32 relid, struct hvg2_channel *ch);
void hvg2_release_relid(struct hvg2_channel *ch);

/* subchannel.c */
static inline bool hvg2_channel_is_sub(const struct hvg2_channel *ch)
{
	return ch->offer.offer.sub_channel_index != 0;
}

void hvg2_subchannel_offer(struct hvg2_channel *sc);
void hvg2_subchannel_rescind(struct hvg2_channel *sc);
void hvg2_subchannel_closed(struct hvg2_channel *sc);
void hvg2_subchannels_unbind(struct hvg2_channel *primary);
void hvg2_subchannels_remove(struct hvg2_channel *primary);
unsigned int hvg2_subchannel_cpu(unsigned int primary_cpu, u16 subidx);

/* bus.c */
extern const struct bus_type *hvg2_bus_ptr;
int hvg2_bus_init(void);
void hvg2_bus_exit(void);
int hvg2_device_add(struct hvg2_channel *ch);
void hvg2_device_remove(struct hvg2_vmbus_device *dev);

/* gpadl.c */
int hvg2_gpadl_build(u32 relid, u32 gpadl, const u64 *pfns, u32 npfns,
		     void **msgs, u32 *lens, u32 nmsgs);
u32 hvg2_gpadl_nmsgs(u32 npfns);
int hvg2_gpadl_create(struct hvg2_channel *ch, const u64 *pfns, u32 npfns,
		      u32 *gpadl);
int hvg2_gpadl_teardown(struct hvg2_channel *ch, u32 gpadl);
void hvg2_vis_gpadls_forget(void);

/* channel.c */
void hvg2_channel_event(struct hvg2_channel *ch);
void hvg2_channel_rescind(struct hvg2_channel *ch);
struct hvg2_channel *hvg2_channel_alloc(const struct hvg2_vmbus_msg_offer *o);

/* chanring.c */
int hvg2_rings_create(struct hvg2_channel *ch, u32 out_bytes, u32 in_bytes);
void hvg2_rings_free(struct hvg2_channel *ch);
void hvg2_channel_reclaim(struct hvg2_channel *ch);
void hvg2_quarantine_free_all(void);

/* cpu.c */
int hvg2_cpu_init(void);
void hvg2_cpu_exit(void);

/* visible.c */
extern const struct hvg2_vis_ops hvg2_vis_real;
extern const struct attribute_group hvg2_vis_group;
bool hvg2_vis_wanted(void);
int hvg2_vis_share(const struct hvg2_vis_ops *ops, struct hvg2_vis_mem *m,
		   unsigned int n);
int hvg2_vis_unshare(const struct hvg2_vis_ops *ops, struct hvg2_vis_mem *m,
		     unsigned int n);
bool hvg2_vis_may_free(const struct hvg2_vis_mem *m, unsigned int n);
int hvg2_vis_gpadl_create(const struct hvg2_vis_ops *ops, bool vis,
			  struct hvg2_vis_mem *m, unsigned int n,
			  int (*announce)(void *ctx), void *ctx);
int hvg2_vis_gpadl_teardown(const struct hvg2_vis_ops *ops,
			    struct hvg2_vis_mem *m, unsigned int n,
			    int (*teardown)(void *ctx), void *ctx);

/* monitor.c */
int hvg2_monitor_pages_get(void);
void hvg2_monitor_pages_put(void);
extern const struct attribute_group hvg2_monitor_group;

/* sysfs.c */
extern const struct kobj_type hvg2_channel_ktype;

#endif /* _HVG2_VMBUS_INTERNAL_H */

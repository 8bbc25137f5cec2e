/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_vmbus: the driver API of the VMBus transport.
 *
 * A driver registers by class GUID (a struct hv_vmbus_device_id table, the
 * kernel's own type, so that MODULE_DEVICE_TABLE(vmbus, ...) produces the
 * "vmbus:<guid hex>" aliases and udev loads the driver). Its probe gets a
 * device with one primary channel, opens it with the ring sizes it wants,
 * sends in place, gathered or GPA-direct, and receives in place from its
 * channel callback or from a polled loop.
 *
 * The host is not trusted: every packet the driver reads went through the
 * ring core's validation, and completions are matched through a request-id
 * table (struct hvg2_reqid_table) that refuses forged or repeated ids.
 */
#ifndef _HVG2_VMBUS_H
#define _HVG2_VMBUS_H

#include <linux/completion.h>
#include <linux/device.h>
#include <linux/mod_devicetable.h>
#include <linux/spinlock.h>
#include <linux/uio.h>
#include "hvg2/ring.h"
#include "hvg2/vmbus_wire.h"

struct hvg2_channel;

/**
 * struct hvg2_vmbus_device - a device the host offered
 * @dev: the device on the vmbus bus, named after @device_id
 * @class_id: the offer's interface type GUID
 * @device_id: the offer's interface instance GUID
 * @channel: the primary channel
 */
struct hvg2_vmbus_device {
	struct device dev;
	guid_t class_id;
	guid_t device_id;
	struct hvg2_channel *channel;
};

#define to_hvg2_vmbus_device(d) container_of(d, struct hvg2_vmbus_device, dev)

/**
 * struct hvg2_vmbus_driver - a driver for offered devices
 * @name: the driver's name
 * @id_table: the class GUIDs served, ended by an all-zero entry
 * @probe: bind to a device; may sleep, may open the channel
 * @remove: unbind; close what probe opened
 * @driver: the driver core's part
 */
struct hvg2_vmbus_driver {
	const char *name;
	const struct hv_vmbus_device_id *id_table;
	int (*probe)(struct hvg2_vmbus_device *dev,
		     const struct hv_vmbus_device_id *id);
	void (*remove)(struct hvg2_vmbus_device *dev);
	struct device_driver driver;
};

int __hvg2_vmbus_driver_register(struct hvg2_vmbus_driver *drv,
				 struct module *owner);
#define hvg2_vmbus_driver_register(drv) \
	__hvg2_vmbus_driver_register(drv, THIS_MODULE)
void hvg2_vmbus_driver_unregister(struct hvg2_vmbus_driver *drv);

/* ---- channels ---- */

/*
 * The channel callback: the host signalled the channel. It runs in the
 * link's interrupt context (hard interrupt, interrupts off) on the
 * channel's target CPU and must not sleep; read packets in place with
 * hvg2_channel_peek() or hand over to NAPI, a workqueue or a polled loop.
 */
typedef void (*hvg2_channel_cb_t)(struct hvg2_channel *ch, void *ctx);

int hvg2_channel_open(struct hvg2_channel *ch, u32 out_bytes, u32 in_bytes,
		      hvg2_channel_cb_t cb, void *ctx);
void hvg2_channel_close(struct hvg2_channel *ch);

/*
 * ---- subchannels ----
 *
 * A device may have subchannels besides its primary channel: more rings to
 * the same host device (one per queue). The driver asks for them in its
 * own protocol (vstor CREATE_SUB_CHANNELS, NVSP's subchannel request); the
 * host then offers them and the transport hands each to the callback set
 * here, in process context (it may sleep: it opens the subchannel with
 * hvg2_channel_open() and adds it to the driver's queues). Callbacks are
 * serialised with each other and with hvg2_vmbus_set_subchannel_cb(),
 * which must not be called from one. Setting a callback also hands it
 * every subchannel already offered and still closed.
 *
 * Subchannels go with their device. The driver closes them in its remove
 * (before the primary, as upstream drivers do); the transport closes any
 * it left open after remove, and forgets the callback. A subchannel the
 * host rescinds while open stays valid until the driver closes it; sends
 * on it fail meanwhile (-EIO). After hvg2_channel_close() of a rescinded
 * subchannel the driver must not touch it again.
 */
typedef void (*hvg2_subchannel_cb_t)(struct hvg2_channel *sc, void *ctx);

void hvg2_vmbus_set_subchannel_cb(struct hvg2_vmbus_device *dev,
				  hvg2_subchannel_cb_t cb, void *ctx);
/* 0 for the primary channel, 1.. for a subchannel (the host's index). */
u16 hvg2_channel_subindex(struct hvg2_channel *ch);

/* The device a channel belongs to, its relid and target CPU. */
struct hvg2_vmbus_device *hvg2_channel_device(struct hvg2_channel *ch);
u32 hvg2_channel_relid(struct hvg2_channel *ch);
unsigned int hvg2_channel_cpu(struct hvg2_channel *ch);
/* True once the host rescinded the channel: fail what is in flight. */
bool hvg2_channel_rescinded(struct hvg2_channel *ch);
/*
 * Wait for @done (a host's answer on @ch) at most @timeout jiffies, but
 * end early when it cannot come: 0, -ENODEV (rescinded), -EIO (channel
 * broken, or *@broken set by the driver), -ETIMEDOUT.
 */
int hvg2_channel_wait(struct hvg2_channel *ch, struct completion *done,
		      unsigned long timeout, const bool *broken);

/*
 * Send. @more says "more packets follow at once": the packet is committed
 * but not published, and the peer is not signalled; the last packet of a
 * batch (or hvg2_channel_flush()) publishes all of them with one index
 * store and at most one signal. -EAGAIN: ring full; -EIO: channel broken
 * or rescinded; -EINVAL: impossible length.
 */
int hvg2_channel_sendv(struct hvg2_channel *ch, u16 type, u16 flags,
		       u64 trans_id, const struct kvec *iov, unsigned int niov,
		       bool more);
int hvg2_channel_send(struct hvg2_channel *ch, const void *data, u32 len,
		      u64 trans_id, u16 flags, bool more);

/*
 * GPA-direct: @range is one struct hvg2_vmbus_gpa_range with its PFNs
 * (@range_len bytes in all); @data the inband part that follows it.
 */
int hvg2_channel_send_gpa(struct hvg2_channel *ch,
			  const struct hvg2_vmbus_gpa_range *range,
			  u32 range_len, const void *data, u32 len,
			  u64 trans_id, bool more);

/*
 * In place: lock, reserve @len bytes (descriptor included), build the
 * packet, commit (several times for a batch), unlock. The lock (irqs off)
 * serialises with every other sender on the channel.
 */
void hvg2_channel_lock(struct hvg2_channel *ch, unsigned long *irqflags);
void hvg2_channel_unlock(struct hvg2_channel *ch, unsigned long irqflags);
struct hvg2_pkt_desc *hvg2_channel_reserve(struct hvg2_channel *ch, u32 len);
void hvg2_channel_commit(struct hvg2_channel *ch, bool more);

/*
 * Deferred doorbell: hvg2_channel_commit_owe() commits and publishes like
 * the last packet of a batch, but a signal that is needed is owed, not
 * sent (true returned). hvg2_channel_kick() later pays it if the host is
 * still idle with unread packets (true: it signalled). A driver defers
 * only while answers to earlier, signalled requests are sure to come and
 * bring it to hvg2_channel_kick(). A later send, commit or flush that is
 * not deferred pays the debt too (the ring it finds not empty would not
 * make it signal otherwise).
 */
bool hvg2_channel_commit_owe(struct hvg2_channel *ch);
bool hvg2_channel_kick(struct hvg2_channel *ch);

/* Publish what "more" left unpublished and signal if needed. */
void hvg2_channel_flush(struct hvg2_channel *ch);
/*
 * The same, but when @defer(@ctx), asked under the ring lock, says so, a
 * needed signal is owed as by hvg2_channel_commit_owe() (true returned).
 */
bool hvg2_channel_flush_owe(struct hvg2_channel *ch, bool (*defer)(void *ctx),
			    void *ctx);

/*
 * Receive in place: peek the next packet (0, -ENODATA, -EIO), advance past
 * it, and release once per batch (which signals a blocked host).
 * One consumer at a time: the channel callback or the polled loop.
 */
int hvg2_channel_peek(struct hvg2_channel *ch, struct hvg2_ring_pkt *pkt);
void hvg2_channel_advance(struct hvg2_channel *ch);
void hvg2_channel_release(struct hvg2_channel *ch);

/*
 * Polled mode: hvg2_channel_poll_begin() masks the host's interrupts
 * (interrupt_mask); the driver then reaps in a budgeted loop and calls
 * hvg2_channel_poll_end(), which unmasks and returns true when packets
 * arrived meanwhile (poll again).
 */
void hvg2_channel_poll_begin(struct hvg2_channel *ch);
bool hvg2_channel_poll_end(struct hvg2_channel *ch);

/* Counters, as in sysfs channels/<relid>/. */
enum hvg2_chan_stat {
	HVG2_CHAN_STAT_SIGNALS,		/* signals sent to the host */
	HVG2_CHAN_STAT_INTERRUPTS,	/* interrupts taken */
	HVG2_CHAN_STAT_RING_FULL,	/* sends refused for lack of space */
};

u64 hvg2_channel_stats(struct hvg2_channel *ch, enum hvg2_chan_stat which);

/*
 * The shared header and data size of one of an open channel's rings, for
 * the upstream API shim (hvg2_hvapi): the kernel's <linux/hyperv.h> reads
 * the ring's indices from its inline helpers, so the shim points them at
 * the real header. NULL when the channel is not open.
 */
struct hvg2_ring_hdr *hvg2_channel_ring_hdr(struct hvg2_channel *ch,
					    bool outbound, u32 *data_size);

/* The VMBus version negotiated with the host, 0 when not connected. */
u32 hvg2_vmbus_version(void);

/*
 * A GPADL for a driver's buffer (page aligned, a whole number of pages,
 * from kmalloc, the page allocator or vmalloc). The buffer must stay
 * allocated until hvg2_channel_gpadl_teardown() returned 0; after
 * -ETIMEDOUT the host may still use it: never free it then.
 */
int hvg2_channel_gpadl_create(struct hvg2_channel *ch, void *buf, size_t size,
			      u32 *handle);
int hvg2_channel_gpadl_teardown(struct hvg2_channel *ch, u32 handle);

/*
 * MMIO space from the windows the host set aside for devices (the VMBus
 * ACPI device's _CRS on Hyper-V; the simulated host has none: -ENODEV).
 * The range is claimed in iomem_resource under @name.
 */
int hvg2_vmbus_allocate_mmio(struct resource **new, resource_size_t min,
			     resource_size_t max, resource_size_t size,
			     resource_size_t align, const char *name);
void hvg2_vmbus_free_mmio(struct resource *res);

/* ---- request ids ---- */

/**
 * struct hvg2_reqid_table - transaction ids the host must echo
 * @lock: protects the table
 * @slots: @size slots, each a context pointer and a generation
 * @free: stack of free slot indices
 * @nfree: entries on @free
 * @size: slots in the table
 * @rejected: ids refused (forged, repeated or stale)
 *
 * An id is (generation << 32) | (slot + 1): id 0 is never handed out, and
 * a completion for a freed slot, or for an older generation of a reused
 * slot, is refused.
 */
struct hvg2_reqid_table {
	spinlock_t lock;		/* everything below */
	struct hvg2_reqid_slot *slots;
	u32 *free;
	u32 nfree;
	u32 size;
	u64 rejected;
};

int hvg2_reqid_init(struct hvg2_reqid_table *t, u32 size);
void hvg2_reqid_destroy(struct hvg2_reqid_table *t);
u64 hvg2_reqid_alloc(struct hvg2_reqid_table *t, void *ctx);
void *hvg2_reqid_take(struct hvg2_reqid_table *t, u64 id);

#endif /* _HVG2_VMBUS_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_sim backends: the host end of a device class.
 *
 * The simulated host (hvg2_sim) plays the hypervisor and the host's
 * channel management; what a device *does* with the packets the guest
 * sends is its class's backend. A backend is a struct hvg2_sim_backend,
 * registered by name (the configfs "class" value) from hvg2_sim itself
 * (echo) or from a module of its own in drivers/sim/ (storage, network),
 * which depends on hvg2_sim and not the other way round.
 *
 * Objects:
 *   struct hvg2_sim_dev    one offered device (a configfs directory), opaque
 *   struct hvg2_sim_chan   the host end of one of its channels: the primary
 *                          (subidx 0) or a subchannel (1..)
 *
 * Lifetime and context of the hooks:
 *   create/destroy  the device got / lost this class (mkdir, class store,
 *                   rmdir, hvg2_sim unload); process context, may sleep.
 *   open            the guest opened channel @c; the rings are mapped.
 *                   Under the host's channel lock: must not call
 *                   hvg2_sim_gpadl_map() (which takes it); may call
 *                   hvg2_sim_offer_subchannels() (which only queues).
 *   work            the guest signalled @c; on the host's data workqueue,
 *                   one instance per channel at a time, never before open
 *                   or after close. Not under the channel lock.
 *   close           the guest closed @c, or it was rescinded, or the
 *                   guest unloaded. @c's work is cancelled and will not
 *                   run again until the next open; the rings are unmapped
 *                   when close returns, so finish (or drop) everything in
 *                   flight and let go of every guest page and GPADL
 *                   mapping of this channel first. Under the channel lock.
 *
 * A backend module is pinned (module reference) while any device has its
 * class; hvg2_sim_backend_unregister() therefore finds none in practice,
 * and rescinds any it would find.
 */
#ifndef _HVG2_SIM_BACKEND_H
#define _HVG2_SIM_BACKEND_H

#include <linux/configfs.h>
#include <linux/uuid.h>
#include <linux/workqueue.h>
#include "hvg2/ring.h"

/* Channels per device: the primary and up to 15 subchannels. */
#define HVG2_SIM_MAX_CHANNELS	16

struct hvg2_sim_dev;
struct sim_gpadl;

/**
 * struct hvg2_sim_chan - the host end of one channel
 * @dev: the device it belongs to
 * @subidx: 0 for the primary channel, 1.. for subchannels
 * @relid: its relid while offered, else 0
 * @target_cpu: the guest CPU the host signals (OPENCHANNEL, MODIFYCHANNEL)
 * @in: the guest's outbound ring: the host consumes it
 * @out: the guest's inbound ring: the host produces into it
 * @priv: the backend's, per channel (hvg2_sim leaves it alone)
 * @packets: packets the backend answered (it counts them; shown in configfs)
 *
 * The rest belongs to hvg2_sim.
 */
struct hvg2_sim_chan {
	struct hvg2_sim_dev *dev;
	u16 subidx;
	u32 relid;
	unsigned int target_cpu;
	struct hvg2_ring in;
	struct hvg2_ring out;
	void *priv;
	atomic64_t packets;

	/* hvg2_sim internals */
	bool offered;
	bool open;			/* under the channel lock; read locklessly */
	struct sim_gpadl *gpadl;	/* the ring GPADL while open */
	struct hvg2_ring_mem in_mem, out_mem;
	struct work_struct work;
	atomic64_t guest_signals;	/* signals from the guest */
	atomic64_t host_signals;	/* interrupts raised for the guest */
};

/**
 * struct hvg2_sim_backend - a device class's host end
 * @name: the configfs "class" value (and the "<class>.<name>" prefix)
 * @class_id: the class GUID offered to the guest
 * @owner: THIS_MODULE
 * @create: a device got this class (may be NULL); nonzero refuses it
 * @destroy: the device loses this class (may be NULL)
 * @open: the guest opened a channel (may be NULL); nonzero refuses the open
 * @close: the guest closed a channel, or it was rescinded (may be NULL)
 * @work: the guest signalled a channel: drain its ring
 * @attrs: extra configfs attributes (NULL-ended, may be NULL); they
 *	appear in device directories made as "<name>.<anything>"
 * @list: hvg2_sim's, the registered backends
 * @type: hvg2_sim's, the configfs item type of such directories
 * @type_attrs: hvg2_sim's, the attributes of @type
 */
struct hvg2_sim_backend {
	const char *name;
	guid_t class_id;
	struct module *owner;
	int (*create)(struct hvg2_sim_dev *d);
	void (*destroy)(struct hvg2_sim_dev *d);
	int (*open)(struct hvg2_sim_chan *c);
	void (*close)(struct hvg2_sim_chan *c);
	void (*work)(struct hvg2_sim_chan *c);
	struct configfs_attribute **attrs;

	struct list_head list;
	struct config_item_type type;
	struct configfs_attribute **type_attrs;
};

int hvg2_sim_backend_register(struct hvg2_sim_backend *be);
void hvg2_sim_backend_unregister(struct hvg2_sim_backend *be);

/* ---- devices ---- */

void *hvg2_sim_dev_priv(struct hvg2_sim_dev *d);
void hvg2_sim_dev_set_priv(struct hvg2_sim_dev *d, void *priv);
struct hvg2_sim_dev *hvg2_sim_dev_from_item(struct config_item *item);
const char *hvg2_sim_dev_name(struct hvg2_sim_dev *d);
bool hvg2_sim_dev_offered(struct hvg2_sim_dev *d);
unsigned int hvg2_sim_nchannels(struct hvg2_sim_dev *d);
struct hvg2_sim_chan *hvg2_sim_dev_chan(struct hvg2_sim_dev *d,
					unsigned int subidx);
int hvg2_sim_offer_subchannels(struct hvg2_sim_dev *d, unsigned int n);

/* ---- channels ---- */

void hvg2_sim_signal(struct hvg2_sim_chan *c);
void hvg2_sim_kick(struct hvg2_sim_chan *c);

/* ---- guest memory ---- */

struct page *hvg2_sim_guest_page(struct hvg2_sim_dev *d, u64 pfn);
void *hvg2_sim_gpadl_map(struct hvg2_sim_dev *d, u32 handle, size_t *size);
void hvg2_sim_gpadl_unmap(struct hvg2_sim_dev *d, u32 handle);

/* ---- faults ---- */

/**
 * enum hvg2_sim_fault - the fault knobs a backend acts on
 * @HVG2_SIM_FAULT_FORGE_TID: answer with a forged transaction id (counted)
 * @HVG2_SIM_FAULT_REPEAT_TID: send this completion twice (counted)
 * @HVG2_SIM_FAULT_STALL: the host stalls: do not read the ring (a flag)
 *
 * Dropping and delaying channel messages, refusing opens and corrupting
 * ring indices are done by hvg2_sim itself, for every class.
 */
enum hvg2_sim_fault {
	HVG2_SIM_FAULT_FORGE_TID,
	HVG2_SIM_FAULT_REPEAT_TID,
	HVG2_SIM_FAULT_STALL,
};

bool hvg2_sim_fault_take(struct hvg2_sim_chan *c, enum hvg2_sim_fault f);

#endif /* _HVG2_SIM_BACKEND_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_sim internals:
 *
 *   main.c     module init/exit: the hypervisor pages, the link, defaults
 *   synic.c    the hypervisor: SynIC message slots (with the pending flag
 *              and EOM), event flags, the interrupt (an IPI)
 *   host.c     the host's half of channel management
 *   hgpadl.c   GPADLs as the host sees them
 *   backend.c  the backend registry and the helpers backends call
 *   echo.c     the echo backend: the host end of an echo channel's rings
 *   configfs.c /sys/kernel/config/hvg2_sim/: devices and fault knobs
 *
 * The backend API (hvg2_sim_backend.h) is what backends in other modules
 * see; everything here is hvg2_sim's own.
 */
#ifndef _HVG2_SIM_INTERNAL_H
#define _HVG2_SIM_INTERNAL_H

#include <linux/configfs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/smp.h>
#include <linux/workqueue.h>
#include "hvg2/link.h"
#include "hvg2/ring.h"
#include "hvg2_sim_backend.h"

#define SIM_MAX_RELID		255
#define SIM_CONN_ID_BASE	0x10000		/* channel connection ids */
#define SIM_MSG_CONN_ID		0x2001		/* handed out in VERSION_RESPONSE */
#define SIM_STATUS_FAIL		0xc0000001	/* STATUS_UNSUCCESSFUL */
#define SIM_QUEUE_DEPTH		256		/* default per device */
#define SIM_QUEUE_DEPTH_MAX	4096

/* A message queued for a CPU's SynIC slot. */
struct sim_msg {
	struct list_head node;
	u32 len;
	u8 data[HVG2_HV_MESSAGE_PAYLOAD] __aligned(8);
};

/* One CPU of the simulated hypervisor. */
struct sim_cpu {
	spinlock_t lock;		/* the slot and @queue */
	struct list_head queue;		/* messages waiting for the slot */
	call_single_data_t csd;		/* stands in for the SINT */
	spinlock_t raise_lock;		/* serialises uses of @csd */
	struct work_struct eom_work;	/* the EOM write, handled later */
	struct sim_host *host;
	unsigned int cpu;
};

/* A GPADL the guest created: its pages, as the host maps them. */
struct sim_gpadl {
	struct list_head node;
	u32 handle;
	u32 relid;
	u32 npfns;			/* announced */
	u32 have;			/* received so far */
	u64 *pfns;
	struct page **pages;		/* when complete */
	void *vaddr;			/* mapped for a backend (gpadl_map) */
	bool complete;
	bool in_use;			/* by an open channel */
	bool teardown;			/* the guest asked while it was mapped */
};

/* Fault knobs, per device. */
struct sim_faults {
	atomic_t drop_msgs;		/* drop the next N guest messages about it */
	unsigned int delay_ms;		/* delay each message about it */
	bool refuse_open;
	bool stall;			/* host stops reading the ring */
	atomic_t corrupt_ring;		/* next pass corrupts the write index */
	atomic_t forge_tid;		/* next N completions carry a forged id */
	atomic_t repeat_tid;		/* next N completions are sent twice */
};

/*
 * An offered device: a configfs directory (or an echo_devices= device)
 * and the host ends of its channels. @chan[0] is the primary; @nchans
 * of them are offered.
 */
struct hvg2_sim_dev {
	struct config_group group;	/* configfs devices only */
	struct list_head node;		/* host->devs */
	struct sim_host *host;
	char name[32];
	struct hvg2_sim_backend *be;
	void *priv;			/* the backend's */
	guid_t instance;
	bool enabled;			/* wants to be offered */
	bool offered;			/* the primary is */
	bool from_param;
	bool fixed_class;		/* made as "<class>.<name>" */
	unsigned int nchans;		/* channels offered */
	unsigned int want_subs;		/* subchannels the backend asked for */
	unsigned int queue_depth;	/* configfs; hvg2_sim_queue_depth() */
	struct work_struct sub_work;	/* offers them, on the message queue */
	struct sim_faults faults;
	struct hvg2_sim_chan *chan;	/* HVG2_SIM_MAX_CHANNELS of them */
};

struct sim_host {
	struct hvg2_link link;
	struct sim_cpu __percpu *cpus;
	struct mutex lock;		/* host state below */
	struct workqueue_struct *msg_wq;	/* channel messages, in order */
	struct workqueue_struct *data_wq;	/* ring work: the host's CPUs */
	bool connected;
	bool offers_sent;
	u32 version;
	unsigned int guest_cpu;		/* where channel messages go */
	struct hvg2_monitor_page *monitor[2];	/* the guest's, from INITIATE_CONTACT */
	struct list_head devs;
	struct mutex gpadl_lock;	/* @gpadls; nests inside @lock */
	struct list_head gpadls;
	DECLARE_BITMAP(relid_busy, SIM_MAX_RELID + 1);
	struct hvg2_sim_chan __rcu *by_relid[SIM_MAX_RELID + 1];
};

extern struct sim_host sim_host;
extern unsigned int sim_max_version;

/* synic.c */
int sim_synic_init(struct sim_host *h);
void sim_synic_exit(struct sim_host *h);
void sim_post_to_guest(struct sim_host *h, unsigned int cpu, const void *msg,
		       u32 len);
void sim_eom(struct hvg2_link *link, unsigned int cpu);

/* host.c */
int sim_post_from_guest(struct hvg2_link *link, u32 conn_id, const void *msg,
			u32 len);
void sim_signal_from_guest(struct hvg2_link *link, u32 conn_id);
void sim_dev_offer(struct hvg2_sim_dev *d);
void sim_dev_rescind(struct hvg2_sim_dev *d);
void sim_channel_stop(struct hvg2_sim_chan *c);
struct hvg2_sim_chan *sim_chan_by_relid(struct sim_host *h, u32 relid);
void sim_chan_work(struct work_struct *work);
void sim_dev_sub_work(struct work_struct *work);

/* hgpadl.c */
void sim_gpadl_header(struct sim_host *h, const void *msg, u32 len);
void sim_gpadl_body(struct sim_host *h, const void *msg, u32 len);
void sim_gpadl_teardown(struct sim_host *h, const void *msg);
struct sim_gpadl *sim_gpadl_find(struct sim_host *h, u32 handle);
void sim_gpadl_free(struct sim_gpadl *g);
void sim_gpadls_free_relid(struct sim_host *h, u32 relid, bool all);

/* echo.c */
extern struct hvg2_sim_backend sim_echo_backend;

/* backend.c */
struct hvg2_sim_backend *sim_backend_get(const char *name, size_t len);
void sim_backend_put(struct hvg2_sim_backend *be);
int sim_dev_set_backend(struct hvg2_sim_dev *d, struct hvg2_sim_backend *be);
int sim_backends_init(void);
void sim_backends_exit(void);

/* configfs.c */
extern struct configfs_attribute *sim_dev_attrs[];
extern struct configfs_item_operations sim_dev_item_ops;
struct hvg2_sim_dev *sim_dev_alloc(struct sim_host *h, const char *name);
void sim_dev_free(struct hvg2_sim_dev *d);
void sim_dev_destroy(struct hvg2_sim_dev *d);
int sim_configfs_init(void);
void sim_configfs_exit(void);

#endif /* _HVG2_SIM_INTERNAL_H */

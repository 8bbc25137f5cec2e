/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_sim_stor: the simulated host's storage service (vstor), its SCSI
 * commands executed by the kernel's own LIO target through a small fabric.
 *
 *   stor_main.c    the backend: channels, the vstor handshake, the request
 *                  loop, completions, hot add/remove notices
 *   stor_dev.c     a controller: its settings, fault knobs and counters
 *   stor_proto.c   checking what the guest sent (no side effects: KUnit)
 *   stor_fabric.c  the LIO fabric "hvg2_stor": one WWN per controller,
 *                  its TPG and the I_T nexus; commands in and out of LIO
 *
 * A controller is the sim device of class "scsi" named N; its disks are
 * the LUNs of /sys/kernel/config/target/hvg2_stor/N/tpgt_1/.
 */
#ifndef _HVG2_SIM_STOR_H
#define _HVG2_SIM_STOR_H

#include <linux/completion.h>
#include <linux/configfs.h>
#include <linux/llist.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <target/target_core_base.h>
#include "hvg2/ring.h"
#include "hvg2_sim_backend.h"
#include "hvg2/vstor_wire.h"

#define STOR_NAME_MAX		32
#define STOR_INLINE_SG		8	/* pages of a request without kmalloc */
#define STOR_DEF_MAX_XFER	(1024 * 1024)
#define STOR_UA_LUNS		256	/* LUNs a unit attention can be queued for */

struct hvg2_sim_dev;
struct hvg2_sim_chan;

/* ---- stor_dev.c: a controller ---- */

/* The "fail_srb" knob: the answer the next SRBs get instead of running. */
struct stor_fail_spec {
	u8 srb_status;
	u8 scsi_status;
	u8 key;
	u8 asc;
	u8 ascq;
};

/**
 * struct stor_dev - one SCSI controller (a sim device of class scsi)
 * @dev: the sim device
 * @node: on the list of controllers, for bus-change notices
 * @lock: @chans and the fail_srb knob
 * @chans: the open channels, by subchannel index (0: the primary)
 * @version: the protocol version agreed (primary channel's work only)
 * @ready: END_INITIALIZATION seen: SRBs welcome
 * @rescan: an ENUMERATE_BUS notice is due
 * @set: settings: @set.max_transfer and @set.max_subchannels (announced
 *	in QUERY_PROPERTIES), @set.max_version (the newest version accepted)
 * @fail: the fail_srb knob's answer, @fail_count times
 * @fail_count: SRBs left to fail
 * @faults: counted knobs: @faults.hang_srbs, @faults.bad_length
 * @capacity_ua: LUNs owing CAPACITY DATA HAS CHANGED
 * @srbs: SRBs received
 * @srb_errors: SRBs answered with an error by the host itself
 * @bad_packets: packets dropped as garbage
 * @refused: control operations refused
 * @resets: resets received
 */
struct stor_dev {
	struct hvg2_sim_dev *dev;
	struct list_head node;
	spinlock_t lock;		/* @chans, @fail, @fail_count */
	struct stor_chan *chans[HVG2_SIM_MAX_CHANNELS];
	u16 version;
	bool ready;
	atomic_t rescan;
	struct {
		u32 max_transfer;
		u16 max_subchannels;
		u16 max_version;
	} set;
	struct stor_fail_spec fail;
	u32 fail_count;
	struct {
		atomic_t hang_srbs;
		atomic_t bad_length;
	} faults;
	DECLARE_BITMAP(capacity_ua, STOR_UA_LUNS);
	atomic64_t srbs;
	atomic64_t srb_errors;
	atomic64_t bad_packets;
	atomic64_t refused;
	atomic64_t resets;
};

/**
 * struct stor_chan - the host end of one vstor channel
 * @c: the sim channel
 * @sd: its controller
 * @done: finished requests, from any context, for the work to write
 * @backlog: answers waiting for room in the guest's ring (work only)
 * @lock: @hung
 * @hung: requests the "hang" fault keeps from their answer
 * @in_lio: requests LIO holds, plus one while open
 * @lio_idle: completed when @in_lio drops to zero
 */
struct stor_chan {
	struct hvg2_sim_chan *c;
	struct stor_dev *sd;
	struct llist_head done;
	struct list_head backlog;
	spinlock_t lock;		/* @hung */
	struct list_head hung;
	atomic_t in_lio;
	struct completion lio_idle;
};

int stor_dev_create(struct hvg2_sim_dev *dev);
void stor_dev_destroy(struct hvg2_sim_dev *dev);
void stor_dev_set_chan(struct stor_dev *sd, u16 subidx, struct stor_chan *sc);
void stor_dev_reset(struct stor_dev *sd);
bool stor_fault_fail_take(struct stor_dev *sd, struct stor_fail_spec *f);
extern struct configfs_attribute *stor_dev_attrs[];

/* ---- stor_proto.c: what an EXECUTE_SRB asks for ---- */

/**
 * struct stor_range - the data buffer of a GPA-direct packet, checked
 * @len: bytes
 * @offset: into the first page
 * @npfn: pages
 * @pfn: the PFN list, still in the ring: read each entry once
 */
struct stor_range {
	u32 len;
	u32 offset;
	u32 npfn;
	const u64 *pfn;
};

/**
 * struct stor_srb_info - an SRB the host will execute
 * @dir: DMA_FROM_DEVICE (guest reads), DMA_TO_DEVICE or DMA_NONE
 * @lun: the LUN on target 0
 * @other_target: the SRB names a path or target other than 0
 */
struct stor_srb_info {
	int dir;
	u64 lun;
	bool other_target;
};

int stor_parse_range(const struct hvg2_ring_pkt *pkt, struct stor_range *r);
u8 stor_check_srb(const struct hvg2_vstor_srb *srb, const struct stor_range *r,
		  u32 max_transfer, struct stor_srb_info *info);
u32 stor_copy_packet(const struct hvg2_ring_pkt *pkt,
		     struct hvg2_vstor_packet *p);
bool stor_sense_no_lun(const u8 *sense, u32 len);

/* ---- stor_main.c: one request ---- */

/* What to do with a request when LIO is done with it (fault knobs). */
enum stor_req_fate {
	STOR_FATE_ANSWER,
	STOR_FATE_HANG,		/* keep it until a reset or close */
	STOR_FATE_BAD_LENGTH,	/* answer a length past the buffer */
};

/**
 * struct stor_req - one EXECUTE_SRB between the guest and LIO
 * @se_cmd: LIO's command
 * @ch: the channel it arrived on; outlives the request (close waits)
 * @node: on the channel's list of answers to write
 * @list: on the channel's list of hung requests
 * @tid: the guest's transaction id (0 for a host notice)
 * @ans: the answer: the request's vstor packet, status filled in
 * @ans_size: bytes of @ans the guest's protocol version has
 * @pkt_type: HVG2_PKT_COMPLETION, or HVG2_PKT_DATA_INBAND for a notice
 * @fate: enum stor_req_fate
 * @want: the buffer's length, as the guest gave it
 * @sense_room: the sense bytes the guest has room for
 * @sgl: the guest's pages, @nents of them
 * @nents: entries of @sgl
 * @sense: LIO's sense buffer
 * @inline_sg: @sgl for small requests
 */
struct stor_req {
	struct se_cmd se_cmd;
	struct stor_chan *ch;
	struct llist_node node;
	struct list_head list;
	u64 tid;
	struct hvg2_vstor_packet ans;
	u32 ans_size;
	u16 pkt_type;
	u8 fate;
	u8 sense_room;
	u32 want;
	struct scatterlist *sgl;
	unsigned int nents;
	unsigned char sense[TRANSPORT_SENSE_BUFFER];
	struct scatterlist inline_sg[STOR_INLINE_SG];
};

/*
 * Answer @req as a LUN that is not there: INQUIRY gets "no logical unit"
 * data, REPORT LUNS an empty list, anything else SRB INVALID_LUN. Does not
 * queue the answer.
 */
void stor_no_lu(struct stor_req *req, const u8 *cdb);

/* The request is finished (LIO released it, or it never went there). */
void stor_req_done(struct stor_req *req);

/* A LUN was linked or unlinked on the controller @name: tell the guest. */
void stor_notify_bus_change(const char *name);

/* ---- stor_fabric.c ---- */

int stor_fabric_init(void);
void stor_fabric_exit(void);
/*
 * Hand @req to LIO through the TPG of the controller @name. Its answer
 * arrives through stor_req_done() (LIO may also refuse the command with a
 * CHECK CONDITION: that too). -ENODEV: no such controller, or it is going
 * away; the caller answers the request.
 */
int stor_fabric_submit(const char *name, struct stor_req *req,
		       const struct stor_srb_info *info);

#endif /* _HVG2_SIM_STOR_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_scsi internals: the synthetic SCSI controller driver.
 *
 *   main.c   module, host template, probe and remove
 *   ctrl.c   the vstor control protocol: negotiation, properties,
 *            subchannels, resets, the host's unsolicited messages
 *   io.c     the I/O path: SRBs built in place in the ring, completions
 *            validated and reaped (interrupt, budgeted work, blk-mq poll)
 *   coalesce.c  interrupt coalescing under load: the backstop timer
 *   eh.c     error handling, rescans, failing what is in flight
 *   subchan.c  subchannels: asked for, waited for, opened
 *   proto.c  the pure parts (KUnit-tested): transaction ids, SRB status
 *            to SCSI result, scatterlist to GPA range
 *   sysfs.c  counters as scsi_host attributes
 */
#ifndef _HVG2_SCSI_INTERNAL_H
#define _HVG2_SCSI_INTERNAL_H

#include <linux/completion.h>
#include <linux/hrtimer.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include "hvg2/vmbus.h"
#include "hvg2/vstor_wire.h"

struct Scsi_Host;
struct scsi_cmnd;

#define HVG2_SCSI_MAX_CHANNELS	64	/* primary + subchannels we use */
#define HVG2_SCSI_BUDGET	64	/* completions per interrupt pass */

/* ---- transaction ids ---- */

/*
 * An I/O's transaction id is (generation << 32) | blk-mq unique tag. The
 * unique tag (hardware queue << 16 | tag) finds the command; the
 * generation, bumped on every submission of that tag and never 0, tells
 * a repeated or stale completion from the current one. Bit 63 is clear.
 * Control operations carry bit 63 and a sequence number; 0 is the host's
 * unsolicited message.
 */
#define HVG2_SCSI_TID_CTRL	BIT_ULL(63)
#define HVG2_SCSI_GEN_MASK	0x7fffffffu

enum hvg2_scsi_tid_kind {
	HVG2_SCSI_TID_UNSOLICITED,	/* 0: the host speaks first */
	HVG2_SCSI_TID_IO,		/* an I/O: @utag and @gen are valid */
	HVG2_SCSI_TID_CONTROL,		/* bit 63: a control operation */
	HVG2_SCSI_TID_FORGED,		/* names no queue or tag we have */
};

static inline u64 hvg2_scsi_tid(u32 gen, u32 utag)
{
	return ((u64)gen << 32) | utag;
}

static inline u32 hvg2_scsi_next_gen(u32 gen)
{
	gen = (gen + 1) & HVG2_SCSI_GEN_MASK;
	return gen ? gen : 1;
}

enum hvg2_scsi_tid_kind hvg2_scsi_tid_decode(u64 tid, u16 nr_hw_queues,
					     u32 depth, u32 *utag, u32 *gen);

/* ---- SRB status to SCSI result ---- */

/* Follow-up work a completion asks for. */
#define HVG2_SCSI_ACT_RESCAN_DEV	0x1	/* capacity/parameters changed */
#define HVG2_SCSI_ACT_REMOVE_LUN	0x2	/* the LUN is gone */
#define HVG2_SCSI_ACT_BAD_LENGTH	0x4	/* host claimed more than asked */

/**
 * struct hvg2_scsi_status - what the host said about one SRB
 * @srb_status: the SRB status byte, flags included
 * @scsi_status: the SAM status byte
 * @cdb0: the command's opcode
 * @xfer: data_transfer_length as the host wrote it
 * @len: the length the guest asked for
 * @sense: the host's sense bytes (in the packet), or NULL
 * @sense_len: sense_info_length as the host wrote it
 */
struct hvg2_scsi_status {
	u8 srb_status;
	u8 scsi_status;
	u8 cdb0;
	u32 xfer;
	u32 len;
	const u8 *sense;
	u8 sense_len;
};

/**
 * struct hvg2_scsi_result - what the midlayer gets
 * @result: scsi_cmnd.result (host byte, SAM status)
 * @resid: bytes not transferred
 * @sense_len: sense bytes to copy (bounded)
 * @actions: HVG2_SCSI_ACT_*
 */
struct hvg2_scsi_result {
	int result;
	u32 resid;
	u8 sense_len;
	u8 actions;
};

void hvg2_scsi_map_status(const struct hvg2_scsi_status *st,
			  unsigned int sense_max, struct hvg2_scsi_result *res);

/* ---- scatterlist to GPA range ---- */

int hvg2_scsi_sg_to_range(struct scatterlist *sgl, unsigned int nents,
			  u32 len, u32 *offset, u64 *pfns, u32 max_pfns);

/* ---- the device ---- */

/**
 * struct hvg2_scsi_chan - one channel: primary or subchannel
 * @hs: the controller
 * @ch: the transport's channel
 * @index: position in hs->chans
 * @poll_only: only poll queues use it: the host's interrupts stay masked
 * @reap_lock: one consumer at a time (interrupt, work, blk-mq poll)
 * @reap_work: reaps under load, with the host's interrupts masked
 * @requests: SRBs sent (under the ring lock)
 * @completions: completions consumed (under @reap_lock)
 * @polls: blk-mq poll calls that found something
 * @outstanding: SRBs sent on this channel that the host still owns
 * @timer: the coalescing backstop: reaps while interrupts stay masked
 * @held: interrupts masked by coalescing, @timer armed (under @reap_lock)
 * @period_us: @timer's current period, adapted (under @reap_lock)
 * @target: completions a timer pass aims to find (under @reap_lock)
 * @timer_passes: backstop timer passes
 * @timer_reaped: completions reaped by those passes
 * @owed: submissions whose doorbell was deferred (under the ring's lock)
 * @unpub: requests committed with "more", not yet published by us (under
 *	the ring's lock; a publish by anyone else leaves it high: safe)
 * @paid: deferred doorbells a reap then had to ring (under @reap_lock)
 */
struct hvg2_scsi_chan {
	struct hvg2_scsi *hs;
	struct hvg2_channel *ch;
	unsigned int index;
	bool poll_only;
	spinlock_t reap_lock;		/* the inbound ring's consumer side */
	struct work_struct reap_work;
	u64 requests;
	u64 completions;
	u64 polls;
	atomic_t outstanding;
	struct hrtimer timer;
	bool held;
	u32 period_us;
	u32 target;
	u64 timer_passes;
	u64 timer_reaped;
	u64 owed;
	u64 paid;
	int unpub;
};

/* Per-command private data (scsi_host_template.cmd_size). */
struct hvg2_scsi_cmd {
	u32 gen;			/* of the last submission */
	atomic_t state;			/* HVG2_SCSI_CMD_* */
	u16 chan;			/* channel it went out on */
};

enum {
	HVG2_SCSI_CMD_IDLE,
	HVG2_SCSI_CMD_INFLIGHT,		/* the host owns it */
};

/* Counters that are not per channel. */
enum hvg2_scsi_stat {
	HVG2_SCSI_STAT_FORGED,		/* tids naming no queue/tag */
	HVG2_SCSI_STAT_STALE,		/* repeated/stale: not in flight */
	HVG2_SCSI_STAT_BAD_LENGTH,	/* transfer longer than asked */
	HVG2_SCSI_STAT_BAD_PACKET,	/* short or malformed packets */
	HVG2_SCSI_STAT_UNSOLICITED,	/* ENUMERATE_BUS, REMOVE_DEVICE */
	HVG2_SCSI_STAT_BUSY,		/* ring full: request requeued */
	HVG2_SCSI_STAT_RESETS,		/* LUN and bus resets sent */
	HVG2_SCSI_STAT_FAILED,		/* I/O failed by us (broken, gone) */
	HVG2_SCSI_STAT_NR,
};

/**
 * struct hvg2_scsi - one synthetic SCSI controller
 * @hd: the VMBus device
 * @shost: the SCSI host
 * @chans: the open channels, [0] the primary
 * @nchan: channels in @chans (fixed once the host is added)
 * @npollch: channels at the end of @chans that only poll queues use
 *	(their interrupts stay masked); 0: poll queues share the others
 * @ndef: hardware queues of the default map (one per interrupt channel)
 * @npoll: hardware queues of the poll map
 * @proto: negotiated vstor version
 * @max_xfer: bytes per request, host's limit and ours
 * @max_sub: subchannels the host offers to create
 * @ctrl_lock: one control operation at a time
 * @ctrl_spin: @ctrl_tid and @ctrl_resp against the completion path
 * @ctrl_tid: the control operation awaited, 0 if none
 * @ctrl_seq: numbers control operations
 * @ctrl_resp: its answer
 * @ctrl_done: completed when it arrives
 * @dead: removing or broken: send nothing more
 * @broken: the host broke the protocol
 * @stopped: remove or a failed probe: callbacks do nothing
 * @inflight: SRBs the host owns (for the counters)
 * @sub_lock: @sub, @sub_want, @sub_got, @sub_open
 * @sub: subchannels offered, by index, while probe waits for them
 * @sub_want: subchannels asked for
 * @sub_got: offers recorded in @sub
 * @sub_open: probe still takes offers
 * @sub_wait: woken when an offer is recorded
 * @wq: rescans, LUN removal, breaking (ordered)
 * @scan_work: the host asked for a bus rescan
 * @break_work: fail everything after a protocol violation
 * @stats: HVG2_SCSI_STAT_*
 */
struct hvg2_scsi {
	struct hvg2_vmbus_device *hd;
	struct Scsi_Host *shost;
	struct hvg2_scsi_chan *chans;
	unsigned int nchan;
	unsigned int npollch;
	unsigned int ndef;
	unsigned int npoll;
	u16 proto;
	u32 max_xfer;
	u16 max_sub;

	struct mutex ctrl_lock;		/* serialises control operations */
	spinlock_t ctrl_spin;		/* @ctrl_tid, @ctrl_resp */
	u64 ctrl_tid;
	u64 ctrl_seq;
	struct hvg2_vstor_packet ctrl_resp;
	struct completion ctrl_done;

	bool dead;
	bool broken;
	bool stopped;
	atomic_t inflight;
	spinlock_t sub_lock;		/* the four below */
	struct hvg2_channel **sub;
	unsigned int sub_want;
	unsigned int sub_got;
	bool sub_open;
	wait_queue_head_t sub_wait;

	struct workqueue_struct *wq;
	struct work_struct scan_work;
	struct work_struct break_work;
	atomic64_t stats[HVG2_SCSI_STAT_NR];
};

static inline void hvg2_scsi_count(struct hvg2_scsi *hs, enum hvg2_scsi_stat s)
{
	atomic64_inc(&hs->stats[s]);
}

/* The host no longer owns @pc's command (answered, or given up on). */
static inline void hvg2_scsi_cmd_gone(struct hvg2_scsi *hs,
				      struct hvg2_scsi_cmd *pc)
{
	atomic_dec(&hs->chans[pc->chan].outstanding);
	atomic_dec(&hs->inflight);
}

extern unsigned int hvg2_scsi_ctrl_timeout_ms;

/* ctrl.c */
int hvg2_scsi_connect(struct hvg2_scsi *hs);
int hvg2_scsi_create_subchannels(struct hvg2_scsi *hs, unsigned int n);
int hvg2_scsi_reset(struct hvg2_scsi *hs, u32 op, struct scsi_cmnd *cmd);
void hvg2_scsi_ctrl_complete(struct hvg2_scsi *hs, u64 tid,
			     const struct hvg2_vstor_packet *pkt);
void hvg2_scsi_unsolicited(struct hvg2_scsi *hs,
			   const struct hvg2_vstor_packet *pkt, u32 len);

/* subchan.c */
void hvg2_scsi_open_subchannels(struct hvg2_scsi *hs, unsigned int want_poll,
				u32 ring);

/* coalesce.c */
void hvg2_scsi_coalesce_init(struct hvg2_scsi_chan *c);
bool hvg2_scsi_coalesce_hold(struct hvg2_scsi_chan *c, int reaped, bool timer);
bool hvg2_scsi_coalesce_defer(struct hvg2_scsi_chan *c, int seen);
void hvg2_scsi_coalesce_stop(struct hvg2_scsi_chan *c);

/* io.c */
HVG2_SCSI_QC hvg2_scsi_queuecommand(struct Scsi_Host *shost,
				    struct scsi_cmnd *cmd);
void hvg2_scsi_commit_rqs(struct Scsi_Host *shost, u16 hwq);
int hvg2_scsi_mq_poll(struct Scsi_Host *shost, unsigned int hwq);
void hvg2_scsi_map_queues(struct Scsi_Host *shost);
void hvg2_scsi_chan_init(struct hvg2_scsi *hs, struct hvg2_scsi_chan *c,
			 struct hvg2_channel *ch, unsigned int index);
void hvg2_scsi_chan_cb(struct hvg2_channel *ch, void *ctx);
void hvg2_scsi_reap_work(struct work_struct *work);
void hvg2_scsi_chan_timer(struct hvg2_scsi_chan *c);

void hvg2_scsi_chans_stop(struct hvg2_scsi *hs);

/* eh.c */
int hvg2_scsi_eh_abort(struct scsi_cmnd *cmd);
int hvg2_scsi_eh_device_reset(struct scsi_cmnd *cmd);
int hvg2_scsi_eh_host_reset(struct scsi_cmnd *cmd);
void hvg2_scsi_break(struct hvg2_scsi *hs, const char *why);
void hvg2_scsi_break_work(struct work_struct *work);
void hvg2_scsi_fail_inflight(struct hvg2_scsi *hs, int result);
void hvg2_scsi_scan_work(struct work_struct *work);
void hvg2_scsi_queue_lun_work(struct hvg2_scsi *hs, struct scsi_cmnd *cmd,
			      u8 actions);

/* sysfs.c */
extern const struct attribute_group *hvg2_scsi_host_groups[];

#endif /* _HVG2_SCSI_INTERNAL_H */

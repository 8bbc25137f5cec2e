// SPDX-License-Identifier: GPL-2.0
/*
 * When things go wrong, and when the host's LUNs change.
 *
 * Error handling escalates as the midlayer drives it: vstor cannot abort
 * one SRB, so the abort handler only reports commands the host already
 * answered; a device reset sends RESET_LUN, a host reset RESET_BUS. A
 * host answers a reset after handing back the commands it reset; what is
 * still in flight shortly after (an answer lost, or sent with a forged
 * id) is abandoned - its state cleared, so a late answer is a stale one -
 * and the midlayer retries it. A host that does not answer the bus reset
 * gets FAILED: the midlayer offlines the devices and the application sees
 * errors instead of a hang.
 *
 * A host that breaks the protocol (forged id, broken ring) breaks the
 * controller: everything in flight fails, everything new fails at once.
 * The same happens on rescind, before the devices are removed.
 *
 * LUN changes: ENUMERATE_BUS from the host rescans the bus (a TEST UNIT
 * READY to each known LUN finds the removed ones, then the scan finds
 * the new ones); a command answered "no such LUN" removes that LUN; a
 * CAPACITY DATA HAS CHANGED unit attention rereads the size.
 */
#include <linux/delay.h>
#include <linux/slab.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_eh.h>
#include <scsi/scsi_host.h>
#include "hvg2_scsi.h"

/* how long a reset's flushed answers may take to be reaped */
#define HVG2_SCSI_SETTLE_MS	1000

/* ---- failing what is in flight ---- */

struct hvg2_scsi_iter {
	struct hvg2_scsi *hs;
	struct scsi_device *sdev;	/* NULL: every device */
	int result;			/* < 0: abandon, do not complete */
	unsigned int count;
};

static bool hvg2_scsi_iter_fn(struct scsi_cmnd *cmd, void *data)
{
	struct hvg2_scsi_iter *it = data;
	struct hvg2_scsi_cmd *pc = scsi_cmd_priv(cmd);
	int gen = atomic_read(&pc->state);

	if (!gen || (it->sdev && cmd->device != it->sdev))
		return true;
	if (it->result == -EBUSY) {
		it->count++;		/* just counting */
		return true;
	}
	/* the host's answer may race us: whoever clears the state wins */
	if (atomic_cmpxchg(&pc->state, gen, HVG2_SCSI_CMD_IDLE) != gen)
		return true;
	it->count++;
	hvg2_scsi_cmd_gone(it->hs, pc);
	if (it->result >= 0) {
		cmd->result = it->result;
		scsi_done(cmd);
	}
	return true;
}

static unsigned int hvg2_scsi_iter(struct hvg2_scsi *hs,
				   struct scsi_device *sdev, int result)
{
	struct hvg2_scsi_iter it = { .hs = hs, .sdev = sdev, .result = result };

	scsi_host_busy_iter(hs->shost, hvg2_scsi_iter_fn, &it);
	return it.count;
}

/**
 * hvg2_scsi_fail_inflight - complete every command the host holds
 * @hs: the controller
 * @result: the scsi_cmnd result to give them
 */
void hvg2_scsi_fail_inflight(struct hvg2_scsi *hs, int result)
{
	unsigned int n = hvg2_scsi_iter(hs, NULL, result);

	atomic64_add(n, &hs->stats[HVG2_SCSI_STAT_FAILED]);
}

/**
 * hvg2_scsi_break - the host broke the protocol: stop using the controller
 * @hs: the controller
 * @why: for the log
 *
 * Any context. Everything in flight fails (in process context).
 */
void hvg2_scsi_break(struct hvg2_scsi *hs, const char *why)
{
	if (xchg(&hs->broken, true))
		return;
	WRITE_ONCE(hs->dead, true);
	dev_err(&hs->hd->dev, "%s: controller disabled, I/O fails\n", why);
	queue_work(hs->wq, &hs->break_work);
}

/**
 * hvg2_scsi_break_work - fail what a broken host holds
 * @work: hs->break_work
 */
void hvg2_scsi_break_work(struct work_struct *work)
{
	struct hvg2_scsi *hs = container_of(work, struct hvg2_scsi, break_work);

	hvg2_scsi_fail_inflight(hs, DID_NO_CONNECT << 16);
}

/* ---- error handlers ---- */

/**
 * hvg2_scsi_eh_abort - abort one command
 * @cmd: the command that timed out
 *
 * Return: SUCCESS if the host has answered it meanwhile; FAILED otherwise
 * (vstor has no abort: the midlayer escalates to a LUN reset).
 */
int hvg2_scsi_eh_abort(struct scsi_cmnd *cmd)
{
	struct hvg2_scsi_cmd *pc = scsi_cmd_priv(cmd);

	return atomic_read(&pc->state) ? FAILED : SUCCESS;
}

/*
 * After a reset the host answered: it has handed back @sdev's commands
 * (NULL: all), or it never will (their answers were lost or forged). Give
 * the answers a moment to be reaped, then abandon what is left: every
 * command here belongs to the error handler (it runs only once all
 * outstanding ones failed), which retries or fails them itself.
 */
static void hvg2_scsi_settle(struct hvg2_scsi *hs, struct scsi_device *sdev)
{
	unsigned long end = jiffies + msecs_to_jiffies(HVG2_SCSI_SETTLE_MS);

	while (hvg2_scsi_iter(hs, sdev, -EBUSY) && !time_after(jiffies, end) &&
	       !READ_ONCE(hs->broken))
		msleep(20);
	hvg2_scsi_iter(hs, sdev, -EINVAL);
}

/**
 * hvg2_scsi_eh_device_reset - RESET_LUN
 * @cmd: a command of the device
 *
 * Return: SUCCESS when the host reset the LUN.
 */
int hvg2_scsi_eh_device_reset(struct scsi_cmnd *cmd)
{
	struct hvg2_scsi *hs = shost_priv(cmd->device->host);

	if (READ_ONCE(hs->dead))
		return FAILED;
	if (hvg2_scsi_reset(hs, HVG2_VSTOR_OP_RESET_LUN, cmd))
		return FAILED;
	hvg2_scsi_settle(hs, cmd->device);
	return SUCCESS;
}

/**
 * hvg2_scsi_eh_host_reset - RESET_BUS, the last resort
 * @cmd: a command of the host
 *
 * Return: SUCCESS when the host reset the bus; FAILED when it did not
 * answer (the midlayer then offlines the devices: I/O fails, no hang).
 */
int hvg2_scsi_eh_host_reset(struct scsi_cmnd *cmd)
{
	struct hvg2_scsi *hs = shost_priv(cmd->device->host);
	int ret = FAILED;

	if (!READ_ONCE(hs->dead) &&
	    !hvg2_scsi_reset(hs, HVG2_VSTOR_OP_RESET_BUS, cmd))
		ret = SUCCESS;
	hvg2_scsi_settle(hs, NULL);
	return ret;
}

/* ---- LUN changes ---- */

/**
 * hvg2_scsi_scan_work - the host said the LUNs changed
 * @work: hs->scan_work
 */
void hvg2_scsi_scan_work(struct work_struct *work)
{
	struct hvg2_scsi *hs = container_of(work, struct hvg2_scsi, scan_work);
	struct Scsi_Host *shost = hs->shost;
	struct scsi_device *sdev;

	if (READ_ONCE(hs->dead))
		return;
	/* a removed LUN answers "no such LUN": its completion removes it */
	shost_for_each_device(sdev, shost)
		scsi_test_unit_ready(sdev, HZ, 1, NULL);
	scsi_scan_host(shost);
}

struct hvg2_scsi_lun_work {
	struct work_struct work;
	struct hvg2_scsi *hs;
	unsigned int channel, id;
	u64 lun;
	u8 actions;
};

static void hvg2_scsi_lun_work_fn(struct work_struct *work)
{
	struct hvg2_scsi_lun_work *w = container_of(work, struct hvg2_scsi_lun_work,
						    work);
	struct scsi_device *sdev;

	if (READ_ONCE(w->hs->dead))
		goto out;
	sdev = scsi_device_lookup(w->hs->shost, w->channel, w->id, w->lun);
	if (!sdev)
		goto out;
	if (w->actions & HVG2_SCSI_ACT_REMOVE_LUN) {
		sdev_printk(KERN_INFO, sdev, "removed by the host\n");
		scsi_remove_device(sdev);
	} else {
		scsi_rescan_device(sdev);
	}
	scsi_device_put(sdev);
out:
	kfree(w);
}

/**
 * hvg2_scsi_queue_lun_work - act on what a completion said about its LUN
 * @hs: the controller
 * @cmd: the command
 * @actions: HVG2_SCSI_ACT_RESCAN_DEV, HVG2_SCSI_ACT_REMOVE_LUN
 *
 * Any context. Only devices the midlayer has set up are removed: during
 * the scan, "no such LUN" is just the answer to the probe.
 */
void hvg2_scsi_queue_lun_work(struct hvg2_scsi *hs, struct scsi_cmnd *cmd,
			      u8 actions)
{
	struct scsi_device *sdev = cmd->device;
	struct hvg2_scsi_lun_work *w;

	if (READ_ONCE(hs->dead))
		return;
	if (actions & HVG2_SCSI_ACT_REMOVE_LUN) {
		if (sdev->sdev_state != SDEV_RUNNING ||
		    cmd->cmnd[0] == INQUIRY || cmd->cmnd[0] == REPORT_LUNS)
			return;
		actions = HVG2_SCSI_ACT_REMOVE_LUN;
	}
	w = kzalloc(sizeof(*w), GFP_ATOMIC);
	if (!w)
		return;		/* the next command finds out again */
	INIT_WORK(&w->work, hvg2_scsi_lun_work_fn);
	w->hs = hs;
	w->channel = sdev->channel;
	w->id = sdev->id;
	w->lun = sdev->lun;
	w->actions = actions;
	queue_work(hs->wq, &w->work);
}

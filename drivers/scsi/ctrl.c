// SPDX-License-Identifier: GPL-2.0
/*
 * The vstor control protocol, spoken on the primary channel one operation
 * at a time: the initialisation handshake (BEGIN_INITIALIZATION, the
 * version query from 6.2 down, QUERY_PROPERTIES, END_INITIALIZATION),
 * CREATE_SUB_CHANNELS, the resets, and the messages the host sends on its
 * own (ENUMERATE_BUS and REMOVE_DEVICE: the LUNs changed).
 *
 * A control operation's transaction id has bit 63 set and a sequence
 * number: an answer that comes after we gave up on it (timeout) or that
 * the host repeats names an old sequence and is dropped.
 */
#include <linux/jiffies.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>
#include "hvg2_scsi.h"

/* Newest first: Windows 10 / Server 2016 and later, 8.1, 8. */
static const u16 hvg2_vstor_versions[] = {
	HVG2_VSTOR_VERSION_WIN10, HVG2_VSTOR_VERSION_WIN8_1, HVG2_VSTOR_VERSION_WIN8,
};

/* Wait for the answer; a rescind or a broken channel ends the wait. */
static int hvg2_scsi_ctrl_wait(struct hvg2_scsi *hs, unsigned int ms)
{
	return hvg2_channel_wait(hs->chans[0].ch, &hs->ctrl_done,
				 msecs_to_jiffies(ms), &hs->broken);
}

/*
 * Send @pkt, wait for the answer, return it in @pkt. 0 when the host
 * answered COMPLETE_IO (its status is the caller's to judge).
 */
static int hvg2_scsi_ctrl(struct hvg2_scsi *hs, struct hvg2_vstor_packet *pkt)
{
	struct hvg2_channel *ch = hs->chans[0].ch;
	u64 tid;
	int ret;

	lockdep_assert_held(&hs->ctrl_lock);
	pkt->flags = HVG2_VSTOR_FLAG_REQUEST_COMPLETION;
	spin_lock_irq(&hs->ctrl_spin);
	tid = HVG2_SCSI_TID_CTRL | ++hs->ctrl_seq;
	hs->ctrl_tid = tid;
	reinit_completion(&hs->ctrl_done);
	spin_unlock_irq(&hs->ctrl_spin);

	ret = hvg2_channel_send(ch, pkt, sizeof(*pkt), tid,
				HVG2_PKT_FLAG_COMPLETION_REQUESTED, false);
	if (ret == -EAGAIN)
		ret = -EBUSY;
	if (!ret)
		ret = hvg2_scsi_ctrl_wait(hs, hvg2_scsi_ctrl_timeout_ms);

	spin_lock_irq(&hs->ctrl_spin);
	hs->ctrl_tid = 0;		/* from now on an answer is stale */
	if (!ret)
		*pkt = hs->ctrl_resp;
	spin_unlock_irq(&hs->ctrl_spin);
	if (!ret && pkt->operation != HVG2_VSTOR_OP_COMPLETE_IO)
		ret = -EPROTO;
	return ret;
}

/* Send @pkt and wait; the host must also report success. */
static int hvg2_scsi_ctrl_ok(struct hvg2_scsi *hs, struct hvg2_vstor_packet *pkt)
{
	u32 op = pkt->operation;
	int ret = hvg2_scsi_ctrl(hs, pkt);

	if (!ret && pkt->status) {
		dev_warn(&hs->hd->dev, "vstor operation %u failed: status %#x\n",
			 op, pkt->status);
		ret = -EIO;
	}
	return ret;
}

/* The same, taking the control lock. */
static int hvg2_scsi_ctrl_one(struct hvg2_scsi *hs, struct hvg2_vstor_packet *pkt)
{
	int ret;

	mutex_lock(&hs->ctrl_lock);
	ret = hvg2_scsi_ctrl_ok(hs, pkt);
	mutex_unlock(&hs->ctrl_lock);
	return ret;
}

/* One operation without arguments that must succeed. */
static int hvg2_scsi_ctrl_simple(struct hvg2_scsi *hs, u32 op,
				 struct hvg2_vstor_packet *pkt)
{
	memset(pkt, 0, sizeof(*pkt));
	pkt->operation = op;
	return hvg2_scsi_ctrl_ok(hs, pkt);
}

/**
 * hvg2_scsi_connect - the vstor initialisation handshake
 * @hs: the controller, primary channel open
 *
 * Return: 0 with @hs->proto, @hs->max_xfer (host's value, not yet capped)
 * and @hs->max_sub set; -EPROTONOSUPPORT when the host knows none of our
 * versions; -ETIMEDOUT, -ENODEV, -EIO, -EPROTO.
 */
int hvg2_scsi_connect(struct hvg2_scsi *hs)
{
	struct hvg2_vstor_packet pkt;
	unsigned int i;
	int ret;

	mutex_lock(&hs->ctrl_lock);
	ret = hvg2_scsi_ctrl_simple(hs, HVG2_VSTOR_OP_BEGIN_INITIALIZATION, &pkt);
	if (ret)
		goto out;

	/* the host answers status 0 for a version it speaks */
	for (i = 0; i < ARRAY_SIZE(hvg2_vstor_versions); i++) {
		memset(&pkt, 0, sizeof(pkt));
		pkt.operation = HVG2_VSTOR_OP_QUERY_PROTOCOL_VERSION;
		pkt.version.major_minor = hvg2_vstor_versions[i];
		ret = hvg2_scsi_ctrl(hs, &pkt);
		if (ret)
			goto out;
		if (!pkt.status)
			break;
	}
	if (i == ARRAY_SIZE(hvg2_vstor_versions)) {
		dev_err(&hs->hd->dev, "host speaks no vstor version from 6.2 to 5.1\n");
		ret = -EPROTONOSUPPORT;
		goto out;
	}
	hs->proto = hvg2_vstor_versions[i];

	ret = hvg2_scsi_ctrl_simple(hs, HVG2_VSTOR_OP_QUERY_PROPERTIES, &pkt);
	if (ret)
		goto out;
	hs->max_xfer = pkt.props.max_transfer_bytes;
	hs->max_sub = 0;
	if (pkt.props.flags & HVG2_VSTOR_PROP_MULTI_CHANNEL)
		hs->max_sub = pkt.props.max_channel_cnt;

	ret = hvg2_scsi_ctrl_simple(hs, HVG2_VSTOR_OP_END_INITIALIZATION, &pkt);
out:
	mutex_unlock(&hs->ctrl_lock);
	return ret;
}

/**
 * hvg2_scsi_create_subchannels - ask the host to offer @n subchannels
 * @hs: the controller, initialised
 * @n: how many
 *
 * The offers arrive later, through the transport's subchannel callback.
 *
 * Return: 0 or a negative errno.
 */
int hvg2_scsi_create_subchannels(struct hvg2_scsi *hs, unsigned int n)
{
	struct hvg2_vstor_packet pkt = {
		.operation = HVG2_VSTOR_OP_CREATE_SUB_CHANNELS,
		.sub_channel_count = n,
	};

	return hvg2_scsi_ctrl_one(hs, &pkt);
}

/**
 * hvg2_scsi_reset - send RESET_LUN or RESET_BUS and wait for its answer
 * @hs: the controller
 * @op: HVG2_VSTOR_OP_RESET_LUN or HVG2_VSTOR_OP_RESET_BUS
 * @cmd: a command of the device (LUN reset) or of the host
 *
 * Return: 0 when the host reports the reset done.
 */
int hvg2_scsi_reset(struct hvg2_scsi *hs, u32 op, struct scsi_cmnd *cmd)
{
	struct hvg2_vstor_packet pkt = { .operation = op };

	pkt.srb.length = sizeof(pkt.srb);
	pkt.srb.port_number = hs->shost->host_no;
	pkt.srb.path_id = cmd->device->channel;
	pkt.srb.target_id = cmd->device->id;
	pkt.srb.lun = cmd->device->lun;
	hvg2_scsi_count(hs, HVG2_SCSI_STAT_RESETS);
	return hvg2_scsi_ctrl_one(hs, &pkt);
}

/**
 * hvg2_scsi_ctrl_complete - a completion with a control id arrived
 * @hs: the controller
 * @tid: its id
 * @pkt: a private copy of its packet
 *
 * Called by the reaper (any context).
 */
void hvg2_scsi_ctrl_complete(struct hvg2_scsi *hs, u64 tid,
			     const struct hvg2_vstor_packet *pkt)
{
	unsigned long flags;
	bool ours;

	spin_lock_irqsave(&hs->ctrl_spin, flags);
	ours = hs->ctrl_tid && tid == hs->ctrl_tid;
	if (ours) {
		hs->ctrl_resp = *pkt;
		hs->ctrl_tid = 0;
		complete(&hs->ctrl_done);
	}
	spin_unlock_irqrestore(&hs->ctrl_spin, flags);
	if (!ours)
		hvg2_scsi_count(hs, HVG2_SCSI_STAT_STALE);
}

/**
 * hvg2_scsi_unsolicited - a message the host sent on its own (id 0)
 * @hs: the controller
 * @pkt: a private copy (zero-filled past @len)
 * @len: bytes the host sent
 */
void hvg2_scsi_unsolicited(struct hvg2_scsi *hs,
			   const struct hvg2_vstor_packet *pkt, u32 len)
{
	if (len < sizeof(pkt->operation)) {
		hvg2_scsi_count(hs, HVG2_SCSI_STAT_BAD_PACKET);
		return;
	}
	switch (pkt->operation) {
	case HVG2_VSTOR_OP_ENUMERATE_BUS:
	case HVG2_VSTOR_OP_REMOVE_DEVICE:
		/* LUNs came or went: find out which, in process context */
		hvg2_scsi_count(hs, HVG2_SCSI_STAT_UNSOLICITED);
		if (!READ_ONCE(hs->dead))
			queue_work(hs->wq, &hs->scan_work);
		break;
	default:
		/* COMPLETE_IO or FCHBA_DATA without an id name nothing */
		hvg2_scsi_count(hs, HVG2_SCSI_STAT_BAD_PACKET);
		break;
	}
}

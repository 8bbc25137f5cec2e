// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_scsi: the synthetic SCSI controller of a Hyper-V Gen2 guest.
 *
 * Probe opens the primary channel, speaks the vstor handshake (version
 * 6.2 down to 5.1, the host's properties), sizes the SCSI host from what
 * the host allows (transfer size, channels) and what we allow (module
 * parameters), registers it and scans. Remove mirrors it. The rest:
 *
 *   ctrl.c   the control protocol        io.c     submit and complete
 *   eh.c     errors, resets, LUN changes proto.c  the pure parts
 *   sysfs.c  counters
 *
 * See Documentation/scsi.rst for what a user sees.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <scsi/scsi_host.h>
#include "hvg2_scsi.h"

static unsigned int ring_kb = 256;
module_param(ring_kb, uint, 0444);
MODULE_PARM_DESC(ring_kb, "Size of each channel ring's data area (KiB, default 256)");

static unsigned int queue_depth = 128;
module_param(queue_depth, uint, 0444);
MODULE_PARM_DESC(queue_depth, "Commands in flight per hardware queue (default 128)");

static unsigned int max_transfer_kb = 1024;
module_param(max_transfer_kb, uint, 0444);
MODULE_PARM_DESC(max_transfer_kb, "Largest request (KiB), capped by the host's limit (default 1024)");

static unsigned int poll_queues;
module_param(poll_queues, uint, 0444);
MODULE_PARM_DESC(poll_queues, "blk-mq poll queues for io_uring IOPOLL (default 0)");

unsigned int hvg2_scsi_ctrl_timeout_ms = 10000;
module_param_named(ctrl_timeout_ms, hvg2_scsi_ctrl_timeout_ms, uint, 0644);
MODULE_PARM_DESC(ctrl_timeout_ms, "How long to wait for the host's answer to a control operation or reset (ms, default 10000)");

static HVG2_SCSI_SHT hvg2_scsi_sht = {
	.module = THIS_MODULE,
	.name = "hvg2_scsi",
	.proc_name = "hvg2_scsi",
	.queuecommand = hvg2_scsi_queuecommand,
	.commit_rqs = hvg2_scsi_commit_rqs,
	.mq_poll = hvg2_scsi_mq_poll,
	.map_queues = hvg2_scsi_map_queues,
	.eh_abort_handler = hvg2_scsi_eh_abort,
	.eh_device_reset_handler = hvg2_scsi_eh_device_reset,
	.eh_host_reset_handler = hvg2_scsi_eh_host_reset,
	.this_id = -1,
	.cmd_size = sizeof(struct hvg2_scsi_cmd),
	/* a GPA range is whole pages between its ends: no gaps */
	.virt_boundary_mask = HVG2_HV_PAGE_SIZE - 1,
	.shost_groups = hvg2_scsi_host_groups,
};

/* The transfer size both sides allow: 0 if the host's is unusable. */
static u32 hvg2_scsi_max_xfer(struct hvg2_scsi *hs)
{
	u32 mine = max_t(u32, max_transfer_kb, 4) * 1024;

	return round_down(min(hs->max_xfer, mine), HVG2_HV_PAGE_SIZE);
}

static void hvg2_scsi_setup_host(struct hvg2_scsi *hs)
{
	struct Scsi_Host *shost = hs->shost;
	u32 xfer = hs->max_xfer;
	unsigned int i;

	shost->max_channel = 0;
	shost->max_id = HVG2_VSTOR_MAX_TARGETS;
	shost->max_lun = HVG2_VSTOR_MAX_LUNS;
	shost->max_cmd_len = HVG2_VSTOR_CDB_MAX;
	shost->max_sectors = xfer >> SECTOR_SHIFT;
	/* one more page than the size: the data may start mid-page */
	shost->sg_tablesize = xfer / HVG2_HV_PAGE_SIZE + 1;
	shost->can_queue = clamp(queue_depth, 1U, 4096U);
	shost->cmd_per_lun = shost->can_queue;
	hs->npoll = min(poll_queues, 64U);
	/* with channels to spare, poll queues get their own, never interrupted */
	hs->npollch = hs->npoll ? min(hs->npoll, hs->nchan - 1) : 0;
	hs->ndef = hs->nchan - hs->npollch;
	for (i = hs->ndef; i < hs->nchan; i++) {
		hs->chans[i].poll_only = true;
		hvg2_channel_poll_begin(hs->chans[i].ch);
	}
	shost->nr_hw_queues = hs->ndef + hs->npoll;
	shost->nr_maps = hs->npoll ? HCTX_TYPE_POLL + 1 : 1;
}

static int hvg2_scsi_probe(struct hvg2_vmbus_device *hd,
			   const struct hv_vmbus_device_id *id)
{
	struct Scsi_Host *shost;
	struct hvg2_scsi *hs;
	u32 ring = max(ring_kb, 16U) * 1024;
	int ret;

	shost = scsi_host_alloc(&hvg2_scsi_sht, sizeof(*hs));
	if (!shost)
		return -ENOMEM;
	hs = shost_priv(shost);
	hs->hd = hd;
	hs->shost = shost;
	mutex_init(&hs->ctrl_lock);
	spin_lock_init(&hs->ctrl_spin);
	init_completion(&hs->ctrl_done);
	atomic_set(&hs->inflight, 0);
	init_waitqueue_head(&hs->sub_wait);
	INIT_WORK(&hs->scan_work, hvg2_scsi_scan_work);
	INIT_WORK(&hs->break_work, hvg2_scsi_break_work);
	ret = -ENOMEM;
	hs->chans = kcalloc(HVG2_SCSI_MAX_CHANNELS, sizeof(*hs->chans),
			    GFP_KERNEL);
	if (!hs->chans)
		goto put_host;
	hs->wq = alloc_ordered_workqueue("hvg2_scsi_%u", 0, shost->host_no);
	if (!hs->wq)
		goto free_chans;
	dev_set_drvdata(&hd->dev, hs);

	hvg2_scsi_chan_init(hs, &hs->chans[0], hd->channel, 0);
	hs->nchan = 1;
	ret = hvg2_channel_open(hd->channel, ring, ring, hvg2_scsi_chan_cb,
				&hs->chans[0]);
	if (ret)
		goto destroy_wq;
	ret = hvg2_scsi_connect(hs);
	if (ret)
		goto close;
	hs->max_xfer = hvg2_scsi_max_xfer(hs);
	if (!hs->max_xfer) {
		dev_err(&hd->dev, "the host allows no transfer of a page\n");
		ret = -EPROTO;
		goto close;
	}
	hvg2_scsi_setup_host(hs);

	ret = scsi_add_host(shost, &hd->dev);
	if (ret)
		goto close;
	dev_info(&hd->dev, "vstor %u.%u, %u channel(s), %u KiB per request, host%u\n",
		 hs->proto >> 8, hs->proto & 0xff, hs->nchan, hs->max_xfer / 1024,
		 shost->host_no);
	scsi_scan_host(shost);
	return 0;

close:
	hvg2_scsi_chans_stop(hs);
destroy_wq:
	destroy_workqueue(hs->wq);
free_chans:
	kfree(hs->chans);
put_host:
	scsi_host_put(shost);
	return ret;
}

static void hvg2_scsi_remove(struct hvg2_vmbus_device *hd)
{
	struct hvg2_scsi *hs = dev_get_drvdata(&hd->dev);
	struct Scsi_Host *shost = hs->shost;

	/*
	 * Rescinded: the host will answer nothing. Fail what it holds and
	 * everything new, so that the devices go away without waiting.
	 * Otherwise the devices' last commands (cache flush) still run.
	 */
	if (hvg2_channel_rescinded(hd->channel)) {
		WRITE_ONCE(hs->dead, true);
		hvg2_scsi_fail_inflight(hs, DID_NO_CONNECT << 16);
	}
	cancel_work_sync(&hs->scan_work);
	scsi_remove_host(shost);
	hvg2_scsi_chans_stop(hs);
	destroy_workqueue(hs->wq);
	kfree(hs->chans);
	scsi_host_put(shost);
}

static const struct hv_vmbus_device_id hvg2_scsi_ids[] = {
	/* Hyper-V's synthetic SCSI controller */
	{ .guid = HVG2_VSTOR_SCSI_GUID },
	{ },
};
MODULE_DEVICE_TABLE(vmbus, hvg2_scsi_ids);

static struct hvg2_vmbus_driver hvg2_scsi_driver = {
	.name = "hvg2_scsi",
	.id_table = hvg2_scsi_ids,
	.probe = hvg2_scsi_probe,
	.remove = hvg2_scsi_remove,
	.driver.probe_type = PROBE_PREFER_ASYNCHRONOUS,
};

static int __init hvg2_scsi_init(void)
{
	return hvg2_vmbus_driver_register(&hvg2_scsi_driver);
}

static void __exit hvg2_scsi_exit(void)
{
	hvg2_vmbus_driver_unregister(&hvg2_scsi_driver);
}

module_init(hvg2_scsi_init);
module_exit(hvg2_scsi_exit);
MODULE_DESCRIPTION("hvgen2 synthetic SCSI controller (vstor) driver");
MODULE_LICENSE("GPL");

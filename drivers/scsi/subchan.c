// SPDX-License-Identifier: GPL-2.0
/*
 * Subchannels: one more ring, interrupt and hardware queue per channel.
 *
 * After the handshake, if the host allows it, the guest asks for up to
 * (online CPUs - 1) subchannels (more when poll queues want channels of
 * their own), capped by the host's max_channel_cnt and max_subchannels.
 * The host offers them; the transport hands each offer to our callback,
 * which only records it. Probe waits for them (bounded), then opens them
 * in subchannel order, so that hs->chans stays dense whatever the host
 * offered: a missing or refused one is just not used. Offers after that
 * are left alone (the transport closes them with the device).
 */
#include <linux/cpumask.h>
#include <linux/slab.h>
#include "hvg2_scsi.h"

static unsigned int max_subchannels = HVG2_SCSI_MAX_CHANNELS - 1;
module_param(max_subchannels, uint, 0444);
MODULE_PARM_DESC(max_subchannels, "Subchannels to ask the host for, at most (default 63)");

/* The transport offers a subchannel (process context, serialised). */
static void hvg2_scsi_subchannel(struct hvg2_channel *sc, void *ctx)
{
	struct hvg2_scsi *hs = ctx;
	u16 idx = hvg2_channel_subindex(sc);
	bool taken = false;

	spin_lock_irq(&hs->sub_lock);
	if (hs->sub_open && idx && idx <= hs->sub_want && !hs->sub[idx]) {
		hs->sub[idx] = sc;
		hs->sub_got++;
		taken = true;
	}
	spin_unlock_irq(&hs->sub_lock);
	if (taken)
		wake_up(&hs->sub_wait);
	else
		dev_warn(&hs->hd->dev, "subchannel %u not used\n", idx);
}

static bool hvg2_scsi_subs_arrived(struct hvg2_scsi *hs)
{
	bool all;

	spin_lock_irq(&hs->sub_lock);
	all = hs->sub_got >= hs->sub_want;
	spin_unlock_irq(&hs->sub_lock);
	return all;
}

/**
 * hvg2_scsi_open_subchannels - ask for subchannels and open those offered
 * @hs: the controller, primary channel open and initialised
 * @want_poll: channels poll queues would like for themselves
 * @ring: ring bytes per direction
 *
 * Never fails the probe: without subchannels the controller runs on its
 * primary channel.
 */
void hvg2_scsi_open_subchannels(struct hvg2_scsi *hs, unsigned int want_poll,
				u32 ring)
{
	unsigned int want = num_online_cpus() - 1 + want_poll, i;
	struct hvg2_channel **sub;
	int ret;

	want = min3(want, (unsigned int)hs->max_sub, max_subchannels);
	want = min(want, HVG2_SCSI_MAX_CHANNELS - 1U);
	if (!want)
		return;
	sub = kcalloc(want + 1, sizeof(*sub), GFP_KERNEL);
	if (!sub)
		return;
	spin_lock_irq(&hs->sub_lock);
	hs->sub = sub;
	hs->sub_want = want;
	hs->sub_got = 0;
	hs->sub_open = true;
	spin_unlock_irq(&hs->sub_lock);
	hvg2_vmbus_set_subchannel_cb(hs->hd, hvg2_scsi_subchannel, hs);

	ret = hvg2_scsi_create_subchannels(hs, want);
	if (ret)
		dev_warn(&hs->hd->dev, "host refused %u subchannels: %d\n", want, ret);
	else
		wait_event_timeout(hs->sub_wait, hvg2_scsi_subs_arrived(hs),
				   msecs_to_jiffies(hvg2_scsi_ctrl_timeout_ms));

	/* from here on, offers are not ours to use */
	spin_lock_irq(&hs->sub_lock);
	hs->sub_open = false;
	hs->sub = NULL;
	spin_unlock_irq(&hs->sub_lock);

	for (i = 1; i <= want; i++) {
		struct hvg2_scsi_chan *c = &hs->chans[hs->nchan];

		if (!sub[i])
			continue;
		hvg2_scsi_chan_init(hs, c, sub[i], hs->nchan);
		ret = hvg2_channel_open(sub[i], ring, ring, hvg2_scsi_chan_cb, c);
		if (ret) {
			dev_warn(&hs->hd->dev, "subchannel %u not opened: %d\n",
				 i, ret);
			continue;
		}
		hs->nchan++;
	}
	kfree(sub);
	if (hs->nchan < want + 1)
		dev_info(&hs->hd->dev, "%u of %u subchannels in use\n",
			 hs->nchan - 1, want);
}

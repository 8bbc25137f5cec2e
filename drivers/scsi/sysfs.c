// SPDX-License-Identifier: GPL-2.0
/*
 * Counters and negotiated values, as attributes of the SCSI host:
 * /sys/class/scsi_host/hostN/. Per-I/O costs come from differences of two
 * readings: (signals delta) / (requests delta) is the doorbells per I/O,
 * (interrupts delta) / (requests delta) the interrupts per I/O.
 */
#include <linux/device.h>
#include <linux/sysfs.h>
#include <scsi/scsi_host.h>
#include "hvg2_scsi.h"

static struct hvg2_scsi *hvg2_scsi_of(struct device *dev)
{
	return shost_priv(class_to_shost(dev));
}

/* Sum a per-channel value over the open channels. */
static u64 hvg2_scsi_sum(struct hvg2_scsi *hs, int which)
{
	unsigned int i;
	u64 sum = 0;

	for (i = 0; i < hs->nchan; i++) {
		struct hvg2_scsi_chan *c = &hs->chans[i];

		switch (which) {
		case 0:
			sum += READ_ONCE(c->requests);
			break;
		case 1:
			sum += READ_ONCE(c->completions);
			break;
		case 2:
			sum += READ_ONCE(c->polls);
			break;
		case 3:
			sum += hvg2_channel_stats(c->ch, HVG2_CHAN_STAT_SIGNALS);
			break;
		case 4:
			sum += hvg2_channel_stats(c->ch, HVG2_CHAN_STAT_INTERRUPTS);
			break;
		case 5:
			sum += READ_ONCE(c->timer_passes);
			break;
		case 6:
			sum += READ_ONCE(c->timer_reaped);
			break;
		case 7:
			sum += READ_ONCE(c->owed);
			break;
		case 8:
			sum += READ_ONCE(c->paid);
			break;
		}
	}
	return sum;
}

#define HVG2_SCSI_ATTR(_name, _fmt, ...)				\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct hvg2_scsi *hs = hvg2_scsi_of(dev);			\
	return sysfs_emit(buf, _fmt "\n", __VA_ARGS__);			\
}									\
static DEVICE_ATTR_RO(_name)

#define HVG2_SCSI_STAT_ATTR(_name, _stat)				\
	HVG2_SCSI_ATTR(_name, "%lld", atomic64_read(&hs->stats[_stat]))

HVG2_SCSI_ATTR(vstor_version, "%u.%u", hs->proto >> 8, hs->proto & 0xff);
HVG2_SCSI_ATTR(max_transfer_bytes, "%u", hs->max_xfer);
HVG2_SCSI_ATTR(channels, "%u", hs->nchan);
HVG2_SCSI_ATTR(poll_queues, "%u", hs->npoll);
HVG2_SCSI_ATTR(poll_channels, "%u", hs->npollch);
HVG2_SCSI_ATTR(broken, "%d", READ_ONCE(hs->broken));
HVG2_SCSI_ATTR(inflight, "%d", atomic_read(&hs->inflight));
HVG2_SCSI_ATTR(requests, "%llu", hvg2_scsi_sum(hs, 0));
HVG2_SCSI_ATTR(completions, "%llu", hvg2_scsi_sum(hs, 1));
HVG2_SCSI_ATTR(polls, "%llu", hvg2_scsi_sum(hs, 2));
HVG2_SCSI_ATTR(signals, "%llu", hvg2_scsi_sum(hs, 3));
HVG2_SCSI_ATTR(interrupts, "%llu", hvg2_scsi_sum(hs, 4));
HVG2_SCSI_ATTR(timer_passes, "%llu", hvg2_scsi_sum(hs, 5));
HVG2_SCSI_ATTR(timer_reaped, "%llu", hvg2_scsi_sum(hs, 6));
HVG2_SCSI_ATTR(doorbells_deferred, "%llu", hvg2_scsi_sum(hs, 7));
HVG2_SCSI_ATTR(doorbells_paid, "%llu", hvg2_scsi_sum(hs, 8));
HVG2_SCSI_STAT_ATTR(forged_ids, HVG2_SCSI_STAT_FORGED);
HVG2_SCSI_STAT_ATTR(stale_ids, HVG2_SCSI_STAT_STALE);
HVG2_SCSI_STAT_ATTR(bad_lengths, HVG2_SCSI_STAT_BAD_LENGTH);
HVG2_SCSI_STAT_ATTR(bad_packets, HVG2_SCSI_STAT_BAD_PACKET);
HVG2_SCSI_STAT_ATTR(unsolicited, HVG2_SCSI_STAT_UNSOLICITED);
HVG2_SCSI_STAT_ATTR(ring_busy, HVG2_SCSI_STAT_BUSY);
HVG2_SCSI_STAT_ATTR(resets, HVG2_SCSI_STAT_RESETS);
HVG2_SCSI_STAT_ATTR(failed, HVG2_SCSI_STAT_FAILED);

static struct attribute *hvg2_scsi_host_attrs[] = {
	&dev_attr_vstor_version.attr,
	&dev_attr_max_transfer_bytes.attr,
	&dev_attr_channels.attr,
	&dev_attr_poll_queues.attr,
	&dev_attr_poll_channels.attr,
	&dev_attr_broken.attr,
	&dev_attr_inflight.attr,
	&dev_attr_requests.attr,
	&dev_attr_completions.attr,
	&dev_attr_polls.attr,
	&dev_attr_signals.attr,
	&dev_attr_interrupts.attr,
	&dev_attr_timer_passes.attr,
	&dev_attr_timer_reaped.attr,
	&dev_attr_doorbells_deferred.attr,
	&dev_attr_doorbells_paid.attr,
	&dev_attr_forged_ids.attr,
	&dev_attr_stale_ids.attr,
	&dev_attr_bad_lengths.attr,
	&dev_attr_bad_packets.attr,
	&dev_attr_unsolicited.attr,
	&dev_attr_ring_busy.attr,
	&dev_attr_resets.attr,
	&dev_attr_failed.attr,
	NULL,
};

static const struct attribute_group hvg2_scsi_host_group = {
	.attrs = hvg2_scsi_host_attrs,
};

const struct attribute_group *hvg2_scsi_host_groups[] = {
	&hvg2_scsi_host_group,
	NULL,
};

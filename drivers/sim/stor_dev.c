// SPDX-License-Identifier: GPL-2.0
/*
 * A SCSI controller of the simulated host: what its configfs directory
 * (/sys/kernel/config/hvg2_sim/scsi.NAME/) adds to the common attributes.
 *
 *   max_transfer      bytes one SRB may move (QUERY_PROPERTIES)
 *   max_subchannels   subchannels the guest may ask for (QUERY_PROPERTIES)
 *   max_version       newest protocol accepted, e.g. 0x0602; the guest
 *                     then negotiates down to it
 *   protocol          RO: the version agreed, 0 before the handshake
 *   rescan            WO: send the guest an ENUMERATE_BUS notice now
 *   capacity_changed  WO: LUN; its next command gets a UNIT ATTENTION,
 *                     CAPACITY DATA HAS CHANGED (after a backstore resize)
 *
 * Fault knobs (each acts on this controller only):
 *   fail_srb          "SRB SCSI [KEY ASC ASCQ [COUNT]]" (hex bytes): the
 *                     next COUNT (1) SRBs are answered with that SRB
 *                     status, SCSI status and fixed-format sense instead
 *                     of being executed; "0" disarms
 *   hang_srbs N       the next N SRBs are executed but never answered,
 *                     until the guest resets the bus (then BUS_RESET)
 *   bad_length N      the next N SRBs are answered with a transfer
 *                     length 4 KiB past their buffer
 * Counters (RO): srbs, srb_errors, bad_packets, refused, resets.
 */
#include <linux/slab.h>
#include <scsi/scsi_proto.h>
#include "stor.h"

static LIST_HEAD(stor_devs);
static DEFINE_MUTEX(stor_devs_lock);

int stor_dev_create(struct hvg2_sim_dev *dev)
{
	struct stor_dev *sd = kzalloc(sizeof(*sd), GFP_KERNEL);

	if (!sd)
		return -ENOMEM;
	sd->dev = dev;
	spin_lock_init(&sd->lock);
	sd->set.max_transfer = STOR_DEF_MAX_XFER;
	sd->set.max_subchannels = min_t(unsigned int, num_online_cpus() - 1,
					HVG2_SIM_MAX_CHANNELS - 1);
	sd->set.max_version = HVG2_VSTOR_VERSION_WIN10;
	hvg2_sim_dev_set_priv(dev, sd);
	mutex_lock(&stor_devs_lock);
	list_add_tail(&sd->node, &stor_devs);
	mutex_unlock(&stor_devs_lock);
	return 0;
}

void stor_dev_destroy(struct hvg2_sim_dev *dev)
{
	struct stor_dev *sd = hvg2_sim_dev_priv(dev);

	mutex_lock(&stor_devs_lock);
	list_del(&sd->node);
	mutex_unlock(&stor_devs_lock);
	hvg2_sim_dev_set_priv(dev, NULL);
	kfree(sd);
}

/* Open channels are registered; close unregisters before it frees. */
void stor_dev_set_chan(struct stor_dev *sd, u16 subidx, struct stor_chan *sc)
{
	spin_lock(&sd->lock);
	sd->chans[subidx] = sc;
	spin_unlock(&sd->lock);
}

/*
 * A reset of the bus: every request the "hang_srbs" knob kept, on every
 * channel, is answered now with SRB status BUS_RESET, by its channel's
 * work, as Hyper-V completes what is outstanding before the reset.
 */
void stor_dev_reset(struct stor_dev *sd)
{
	struct stor_req *req, *tmp;
	struct stor_chan *sc;
	unsigned long flags;
	unsigned int i;
	LIST_HEAD(hung);

	spin_lock(&sd->lock);
	for (i = 0; i < HVG2_SIM_MAX_CHANNELS; i++) {
		sc = sd->chans[i];
		if (!sc)
			continue;
		spin_lock_irqsave(&sc->lock, flags);
		list_splice_init(&sc->hung, &hung);
		spin_unlock_irqrestore(&sc->lock, flags);
		if (list_empty(&hung))
			continue;
		list_for_each_entry_safe(req, tmp, &hung, list) {
			list_del(&req->list);
			req->fate = STOR_FATE_ANSWER;
			req->ans.srb.srb_status = HVG2_SRB_STATUS_BUS_RESET;
			req->ans.srb.scsi_status = SAM_STAT_GOOD;
			req->ans.srb.data_transfer_length = 0;
			req->ans.srb.sense_info_length = 0;
			llist_add(&req->node, &sc->done);
		}
		hvg2_sim_kick(sc->c);
	}
	spin_unlock(&sd->lock);
	atomic64_inc(&sd->resets);
}

/* A LUN came or went (LIO configfs): the guest should rescan its bus. */
void stor_notify_bus_change(const char *name)
{
	struct stor_dev *sd;

	mutex_lock(&stor_devs_lock);
	list_for_each_entry(sd, &stor_devs, node) {
		if (strcmp(hvg2_sim_dev_name(sd->dev), name))
			continue;
		atomic_set(&sd->rescan, 1);
		spin_lock(&sd->lock);
		/* close unregisters first: never kick a closed channel */
		if (sd->chans[0])
			hvg2_sim_kick(sd->chans[0]->c);
		spin_unlock(&sd->lock);
	}
	mutex_unlock(&stor_devs_lock);
}

bool stor_fault_fail_take(struct stor_dev *sd, struct stor_fail_spec *f)
{
	bool take;

	spin_lock(&sd->lock);
	take = sd->fail_count;
	if (take) {
		sd->fail_count--;
		*f = sd->fail;
	}
	spin_unlock(&sd->lock);
	return take;
}

/* ---- configfs ---- */

static struct stor_dev *to_stor_dev(struct config_item *item)
{
	return hvg2_sim_dev_priv(hvg2_sim_dev_from_item(item));
}

#define STOR_RO(_name, _fmt, _expr)					\
static ssize_t stor_##_name##_show(struct config_item *item, char *page) \
{									\
	struct stor_dev *sd = to_stor_dev(item);			\
									\
	if (!sd)							\
		return -ENODEV;						\
	return sprintf(page, _fmt "\n", _expr);				\
}									\
CONFIGFS_ATTR_RO(stor_, _name)

STOR_RO(protocol, "0x%04x", READ_ONCE(sd->version));
STOR_RO(srbs, "%lld", atomic64_read(&sd->srbs));
STOR_RO(srb_errors, "%lld", atomic64_read(&sd->srb_errors));
STOR_RO(bad_packets, "%lld", atomic64_read(&sd->bad_packets));
STOR_RO(refused, "%lld", atomic64_read(&sd->refused));
STOR_RO(resets, "%lld", atomic64_read(&sd->resets));

/* An unsigned setting in [_min, _max], read by the channels' work. */
#define STOR_SETTING(_name, _min, _max)				\
static ssize_t stor_##_name##_show(struct config_item *item, char *page) \
{									\
	struct stor_dev *sd = to_stor_dev(item);			\
									\
	if (!sd)							\
		return -ENODEV;						\
	return sprintf(page, "%u\n", (unsigned int)READ_ONCE(sd->set._name)); \
}									\
static ssize_t stor_##_name##_store(struct config_item *item,		\
				    const char *page, size_t count)	\
{									\
	struct stor_dev *sd = to_stor_dev(item);			\
	unsigned int v;							\
									\
	if (!sd)							\
		return -ENODEV;						\
	if (kstrtouint(page, 0, &v) || v < (_min) || v > (_max))	\
		return -EINVAL;						\
	WRITE_ONCE(sd->set._name, v);					\
	return count;							\
}									\
CONFIGFS_ATTR(stor_, _name)

STOR_SETTING(max_transfer, HVG2_VSTOR_PAGE_SIZE, 64 << 20);
STOR_SETTING(max_subchannels, 0, HVG2_SIM_MAX_CHANNELS - 1);
STOR_SETTING(max_version, HVG2_VSTOR_VERSION_WIN8, HVG2_VSTOR_VERSION_WIN10);

/* A counted knob: the next N SRBs. */
#define STOR_COUNTED(_name)						\
static ssize_t stor_##_name##_show(struct config_item *item, char *page) \
{									\
	struct stor_dev *sd = to_stor_dev(item);			\
									\
	if (!sd)							\
		return -ENODEV;						\
	return sprintf(page, "%d\n", atomic_read(&sd->faults._name));	\
}									\
static ssize_t stor_##_name##_store(struct config_item *item,		\
				    const char *page, size_t count)	\
{									\
	struct stor_dev *sd = to_stor_dev(item);			\
	int v;								\
									\
	if (!sd)							\
		return -ENODEV;						\
	if (kstrtoint(page, 0, &v) || v < 0)				\
		return -EINVAL;						\
	atomic_set(&sd->faults._name, v);				\
	return count;							\
}									\
CONFIGFS_ATTR(stor_, _name)

STOR_COUNTED(hang_srbs);
STOR_COUNTED(bad_length);

static ssize_t stor_fail_srb_show(struct config_item *item, char *page)
{
	struct stor_dev *sd = to_stor_dev(item);
	struct stor_fail_spec f;
	u32 n;

	if (!sd)
		return -ENODEV;
	spin_lock(&sd->lock);
	f = sd->fail;
	n = sd->fail_count;
	spin_unlock(&sd->lock);
	return sprintf(page, "0x%02x 0x%02x 0x%02x 0x%02x 0x%02x %u\n",
		       f.srb_status, f.scsi_status, f.key, f.asc, f.ascq, n);
}

static ssize_t stor_fail_srb_store(struct config_item *item, const char *page,
				   size_t count)
{
	struct stor_dev *sd = to_stor_dev(item);
	struct stor_fail_spec f = {};
	unsigned int n = 1;
	int got;

	if (!sd)
		return -ENODEV;
	got = sscanf(page, "%hhx %hhx %hhx %hhx %hhx %u", &f.srb_status,
		     &f.scsi_status, &f.key, &f.asc, &f.ascq, &n);
	if (got == 1 && !f.srb_status)
		n = 0;				/* "0": disarm */
	else if (got != 2 && got != 5 && got != 6)
		return -EINVAL;
	spin_lock(&sd->lock);
	sd->fail = f;
	sd->fail_count = n;
	spin_unlock(&sd->lock);
	return count;
}

static ssize_t stor_rescan_store(struct config_item *item, const char *page,
				 size_t count)
{
	struct stor_dev *sd = to_stor_dev(item);

	if (!sd)
		return -ENODEV;
	stor_notify_bus_change(hvg2_sim_dev_name(sd->dev));
	return count;
}

static ssize_t stor_capacity_changed_store(struct config_item *item,
					   const char *page, size_t count)
{
	struct stor_dev *sd = to_stor_dev(item);
	unsigned int lun;

	if (!sd)
		return -ENODEV;
	if (kstrtouint(page, 0, &lun) || lun >= STOR_UA_LUNS)
		return -EINVAL;
	set_bit(lun, sd->capacity_ua);
	return count;
}

CONFIGFS_ATTR(stor_, fail_srb);
CONFIGFS_ATTR_WO(stor_, rescan);
CONFIGFS_ATTR_WO(stor_, capacity_changed);

struct configfs_attribute *stor_dev_attrs[] = {
	&stor_attr_max_transfer,
	&stor_attr_max_subchannels,
	&stor_attr_max_version,
	&stor_attr_protocol,
	&stor_attr_rescan,
	&stor_attr_capacity_changed,
	&stor_attr_fail_srb,
	&stor_attr_hang_srbs,
	&stor_attr_bad_length,
	&stor_attr_srbs,
	&stor_attr_srb_errors,
	&stor_attr_bad_packets,
	&stor_attr_refused,
	&stor_attr_resets,
	NULL,
};

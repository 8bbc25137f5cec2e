// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_pmem: one nvdimm per NFIT device handle.
 *
 * What ndctl needs to see, and why we publish it:
 *  - libndctl treats a bus as NFIT-described when ndbusN/nfit/revision
 *    exists, and then reads each DIMM's nmemN/nfit/{handle,phys_id,...}.
 *    Our DIMMs *are* described by the NFIT (we parse it), so we publish
 *    that subset of the sysfs-bus-nfit ABI with values from the table.
 *  - It picks per-family operations from nmemN/nfit/family and gates each
 *    function on nmemN/nfit/dsm_mask; for family 4 (Hyper-V) "ndctl list
 *    -DH" then sends ND_CMD_CALL function 1 through /dev/nmemN.
 *  - PMDK and ndctl read the unsafe-shutdown count from nfit/dirty_shutdown.
 * The bus provider is "hvg2_pmem", not "ACPI.NFIT": that name belongs to
 * the kernel's nfit driver, and nothing in ndctl's Hyper-V path needs it.
 *
 * DIMMs whose _DSM is another family (QEMU's is Intel-like) or absent get
 * no family, no dsm_mask, no ND_CMD_CALL: no health, and no error either.
 */
#include <linux/acpi.h>
#include <linux/kernfs.h>
#include <linux/libnvdimm.h>
#include <linux/ndctl.h>
#include <linux/nospec.h>
#include <linux/swab.h>
#include <linux/sysfs.h>
#include "hvg2_pmem.h"
#include "dsm.h"

#define HVG2_NOTIFY_HEALTH	0x81	/* ACPI 6: NVDIMM health event */

static const guid_t hvg2_hv_guid = HVG2_HV_DSM_GUID;

/* ------------------------------------------------------------------ */
/* _DSM evaluation                                                      */

/*
 * Evaluate Hyper-V function @func with @in as Arg3's single buffer. Copies
 * at most @out_len bytes of the answer to @out and returns its full length
 * (which may exceed @out_len), or a negative errno.
 */
static int hvg2_dimm_dsm(struct hvg2_pmem_dimm *d, unsigned int func,
			 const void *in, u32 in_len, void *out, u32 out_len)
{
	union acpi_object arg = { .type = ACPI_TYPE_PACKAGE };
	union acpi_object in_buf = { .type = ACPI_TYPE_BUFFER };
	union acpi_object *obj;
	int len;

	if (!d->adev || func >= BITS_PER_LONG || !test_bit(func, &d->dsm_mask))
		return -ENOTTY;

	in_buf.buffer.pointer = (u8 *)in;
	in_buf.buffer.length = in_len;
	arg.package.count = 1;
	arg.package.elements = &in_buf;

	obj = acpi_evaluate_dsm(d->adev->handle, &hvg2_hv_guid,
				HVG2_HV_DSM_REV, func, &arg);
	if (!obj)
		return -ENXIO;
	if (obj->type != ACPI_TYPE_BUFFER || obj->buffer.length > INT_MAX) {
		dev_dbg(&d->adev->dev, "_DSM %u: unexpected object type %u\n",
			func, obj->type);
		ACPI_FREE(obj);
		return -EIO;
	}
	len = obj->buffer.length;
	memcpy(out, obj->buffer.pointer, min_t(u32, len, out_len));
	ACPI_FREE(obj);
	return len;
}

/* Functions 1 and 2: a status word and one u32. */
static int hvg2_dimm_read_u32(struct hvg2_pmem_dimm *d, unsigned int func,
			      u32 *val)
{
	u8 out[HVG2_HV_DSM_OUT_LEN];
	int len;

	len = hvg2_dimm_dsm(d, func, NULL, 0, out, sizeof(out));
	if (len < 0)
		return len;
	return hvg2_hv_dsm_decode_u32(out, min_t(int, len, sizeof(out)), val);
}

/* ------------------------------------------------------------------ */
/* libnvdimm command path (ioctl on /dev/nmemN, and the kernel's own)   */

static int hvg2_dimm_call(struct hvg2_pmem_dimm *d, void *buf,
			  unsigned int buf_len)
{
	struct nd_cmd_pkg *pkg = buf;
	unsigned int func;
	u64 need;
	int len;

	if (buf_len < sizeof(*pkg))
		return -EINVAL;
	if (d->family < 0 || pkg->nd_family != d->family)
		return -ENOTTY;
	if (pkg->nd_command >= BITS_PER_LONG)
		return -ENOTTY;
	func = array_index_nospec(pkg->nd_command, BITS_PER_LONG);
	if (!test_bit(func, &d->dsm_mask))
		return -ENOTTY;

	/* libnvdimm sized buf from these; do not trust that blindly */
	need = (u64)sizeof(*pkg) + pkg->nd_size_in + pkg->nd_size_out;
	if (need > buf_len)
		return -EINVAL;

	len = hvg2_dimm_dsm(d, func, pkg->nd_payload, pkg->nd_size_in,
			    pkg->nd_payload + pkg->nd_size_in, pkg->nd_size_out);
	if (len < 0)
		return len;
	/* the real size: ndctl compares it with what it asked for */
	pkg->nd_fw_size = len;
	return 0;
}

/**
 * hvg2_pmem_ndctl() - libnvdimm's ndctl callback for our bus
 * @nd_desc: our bus descriptor
 * @nvdimm: target DIMM, NULL for bus-scope commands (we have none)
 * @cmd: ND_CMD_*
 * @buf: command envelope, sized by libnvdimm from the command descriptors
 * @buf_len: its length
 * @cmd_rc: firmware status translated to an errno
 *
 * Return: 0 or a negative errno.
 */
int hvg2_pmem_ndctl(struct nvdimm_bus_descriptor *nd_desc,
		    struct nvdimm *nvdimm, unsigned int cmd, void *buf,
		    unsigned int buf_len, int *cmd_rc)
{
	struct hvg2_pmem_dimm *d;
	int rc;

	if (cmd_rc)
		*cmd_rc = 0;
	if (!nvdimm)
		return -ENOTTY;
	d = nvdimm_provider_data(nvdimm);

	switch (cmd) {
	case ND_CMD_CALL:
		rc = hvg2_dimm_call(d, buf, buf_len);
		break;
	case ND_CMD_GET_CONFIG_SIZE:
	case ND_CMD_GET_CONFIG_DATA:
	case ND_CMD_SET_CONFIG_DATA:
		rc = hvg2_pmem_label_cmd(d, cmd, buf, buf_len);
		break;
	default:
		rc = -ENOTTY;
		break;
	}
	if (rc && cmd_rc)
		*cmd_rc = rc;
	return rc;
}

/* ------------------------------------------------------------------ */
/* sysfs: ndbusN/nfit                                                   */

static ssize_t revision_show(struct device *dev, struct device_attribute *a,
			     char *buf)
{
	struct nvdimm_bus_descriptor *nd_desc = to_nd_desc(to_nvdimm_bus(dev));
	struct hvg2_pmem *pm = container_of(nd_desc, struct hvg2_pmem, nd_desc);

	return sysfs_emit(buf, "%d\n", pm->nfit.revision);
}
static DEVICE_ATTR_RO(revision);

/* Bus-scope DSMs (ARS, clear error): none. */
static ssize_t bus_dsm_mask_show(struct device *dev,
				 struct device_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%#x\n", 0);
}

static struct device_attribute dev_attr_bus_dsm_mask =
	__ATTR(dsm_mask, 0444, bus_dsm_mask_show, NULL);

static struct attribute *hvg2_bus_attrs[] = {
	&dev_attr_revision.attr,
	&dev_attr_bus_dsm_mask.attr,
	NULL,
};

static const struct attribute_group hvg2_bus_group = {
	.name = "nfit",
	.attrs = hvg2_bus_attrs,
};

const struct attribute_group *hvg2_pmem_bus_groups[] = {
	&hvg2_bus_group,
	NULL,
};

/* ------------------------------------------------------------------ */
/* sysfs: nmemN/nfit (NFIT facts) and nmemN/hvg2 (Hyper-V health)        */

/*
 * The control region's identification fields hold JEDEC bytes in table
 * order; the parser read them as little-endian numbers, so the swab gives
 * the value ndctl (and the kernel's nfit) print.
 */

static struct hvg2_pmem_dimm *to_dimm(struct device *dev)
{
	return nvdimm_provider_data(to_nvdimm(dev));
}

#define HVG2_DIMM_ATTR(_name, _fmt, _expr)				\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *a, char *buf)	\
{									\
	struct hvg2_pmem_dimm *d = to_dimm(dev);			\
									\
	return sysfs_emit(buf, _fmt "\n", _expr);			\
}									\
static DEVICE_ATTR_RO(_name)

HVG2_DIMM_ATTR(handle, "%#x", d->handle);
HVG2_DIMM_ATTR(phys_id, "%#x", d->phys_id);
HVG2_DIMM_ATTR(vendor, "%#06x", swab16(d->dcr.vendor));
HVG2_DIMM_ATTR(device, "%#06x", swab16(d->dcr.device));
HVG2_DIMM_ATTR(rev_id, "%#06x", swab16(d->dcr.revision));
HVG2_DIMM_ATTR(subsystem_vendor, "%#x",
	       swab16(d->dcr.subsys_vendor));
HVG2_DIMM_ATTR(subsystem_device, "%#x",
	       swab16(d->dcr.subsys_device));
HVG2_DIMM_ATTR(subsystem_rev_id, "%#x",
	       swab16(d->dcr.subsys_revision));
HVG2_DIMM_ATTR(serial, "%#010x", swab32(d->dcr.serial));
HVG2_DIMM_ATTR(format, "%#06x", d->dcr.code);
HVG2_DIMM_ATTR(family, "%d", d->family);
HVG2_DIMM_ATTR(dsm_mask, "%#lx", d->dsm_mask);

static ssize_t id_show(struct device *dev, struct device_attribute *a,
		       char *buf)
{
	struct hvg2_pmem_dimm *d = to_dimm(dev);
	const struct hvg2_nfit_dcr *c = &d->dcr;

	/* vendor-location-date-serial when the table vouches for the date */
	if (c->valid_fields & HVG2_NFIT_DCR_MFG_VALID)
		return sysfs_emit(buf, "%04x-%02x-%04x-%08x\n",
				  swab16(c->vendor),
				  c->mfg_location,
				  swab16(c->mfg_date),
				  swab32(c->serial));
	return sysfs_emit(buf, "%04x-%08x\n",
			  swab16(c->vendor),
			  swab32(c->serial));
}
static DEVICE_ATTR_RO(id);

/* The words of the sysfs-bus-nfit ABI, which libndctl parses. */
static ssize_t flags_show(struct device *dev, struct device_attribute *a,
			  char *buf)
{
	u16 f = to_dimm(dev)->mem_flags;

	return sysfs_emit(buf, "%s%s%s%s%s%s%s\n",
			  f & HVG2_NFIT_MEM_SAVE_FAILED ? "save_fail " : "",
			  f & HVG2_NFIT_MEM_RESTORE_FAILED ? "restore_fail " : "",
			  f & HVG2_NFIT_MEM_FLUSH_FAILED ? "flush_fail " : "",
			  f & HVG2_NFIT_MEM_NOT_ARMED ? "not_armed " : "",
			  f & HVG2_NFIT_MEM_HEALTH_OBSERVED ? "smart_event " : "",
			  f & HVG2_NFIT_MEM_MAP_FAILED ? "map_fail " : "",
			  f & HVG2_NFIT_MEM_HEALTH_ENABLED ? "smart_notify " : "");
}
static DEVICE_ATTR_RO(flags);

/* Hyper-V function 2, read fresh: the host owns the counter. */
static ssize_t dirty_shutdown_show(struct device *dev,
				   struct device_attribute *a, char *buf)
{
	u32 count;
	int rc;

	rc = hvg2_dimm_read_u32(to_dimm(dev), HVG2_HV_DSM_USC, &count);
	if (rc)
		return rc;
	return sysfs_emit(buf, "%u\n", count);
}
static DEVICE_ATTR_RO(dirty_shutdown);

static struct attribute *hvg2_dimm_nfit_attrs[] = {
	&dev_attr_handle.attr,
	&dev_attr_phys_id.attr,
	&dev_attr_vendor.attr,
	&dev_attr_device.attr,
	&dev_attr_rev_id.attr,
	&dev_attr_subsystem_vendor.attr,
	&dev_attr_subsystem_device.attr,
	&dev_attr_subsystem_rev_id.attr,
	&dev_attr_serial.attr,
	&dev_attr_format.attr,
	&dev_attr_id.attr,
	&dev_attr_flags.attr,
	&dev_attr_family.attr,
	&dev_attr_dsm_mask.attr,
	&dev_attr_dirty_shutdown.attr,
	NULL,
};

static umode_t hvg2_dimm_nfit_visible(struct kobject *kobj,
				      struct attribute *a, int n)
{
	struct hvg2_pmem_dimm *d = to_dimm(kobj_to_dev(kobj));

	if (a == &dev_attr_family.attr || a == &dev_attr_dsm_mask.attr)
		return d->family < 0 ? 0 : a->mode;
	if (a == &dev_attr_dirty_shutdown.attr)
		return test_bit(HVG2_HV_DSM_USC, &d->dsm_mask) ? a->mode : 0;
	if (a == &dev_attr_flags.attr || a == &dev_attr_handle.attr ||
	    a == &dev_attr_phys_id.attr)
		return a->mode;
	/* the rest comes from a control region */
	return d->has_dcr ? a->mode : 0;
}

static const struct attribute_group hvg2_dimm_nfit_group = {
	.name = "nfit",
	.attrs = hvg2_dimm_nfit_attrs,
	.is_visible = hvg2_dimm_nfit_visible,
};

static ssize_t health_show(struct device *dev, struct device_attribute *a,
			   char *buf)
{
	u32 health;
	int rc;

	rc = hvg2_dimm_read_u32(to_dimm(dev), HVG2_HV_DSM_HEALTH, &health);
	if (rc)
		return rc;
	return sysfs_emit(buf, "%#x %s\n", health,
			  hvg2_hv_health_state(health));
}
static DEVICE_ATTR_RO(health);

static ssize_t health_events_show(struct device *dev,
				  struct device_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  atomic_read(&to_dimm(dev)->health_events));
}
static DEVICE_ATTR_RO(health_events);

static ssize_t label_area_show(struct device *dev,
			       struct device_attribute *a, char *buf)
{
	struct hvg2_pmem_dimm *d = to_dimm(dev);

	if (!d->label_va)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "%#llx+%#x\n", d->label_spa,
			  HVG2_PMEM_LABEL_SIZE);
}
static DEVICE_ATTR_RO(label_area);

static struct attribute *hvg2_dimm_hv_attrs[] = {
	&dev_attr_health.attr,
	&dev_attr_health_events.attr,
	&dev_attr_label_area.attr,
	NULL,
};

static umode_t hvg2_dimm_hv_visible(struct kobject *kobj,
				    struct attribute *a, int n)
{
	struct hvg2_pmem_dimm *d = to_dimm(kobj_to_dev(kobj));

	if (a == &dev_attr_health.attr)
		return test_bit(HVG2_HV_DSM_HEALTH, &d->dsm_mask) ? a->mode : 0;
	return a->mode;
}

static const struct attribute_group hvg2_dimm_hv_group = {
	.name = "hvg2",
	.attrs = hvg2_dimm_hv_attrs,
	.is_visible = hvg2_dimm_hv_visible,
};

static const struct attribute_group *hvg2_dimm_groups[] = {
	&hvg2_dimm_nfit_group,
	&hvg2_dimm_hv_group,
	NULL,
};

/* ------------------------------------------------------------------ */
/* discovery                                                            */

static struct hvg2_pmem_dimm *hvg2_dimm_get(struct hvg2_pmem *pm,
					    const struct hvg2_nfit_memdev *md)
{
	struct hvg2_pmem_dimm *d;
	unsigned int i;

	for (i = 0; i < pm->nr_dimms; i++)
		if (pm->dimm[i].handle == md->handle)
			return &pm->dimm[i];

	/* the parser bounds memdevs, and there are no more DIMMs than those */
	d = &pm->dimm[pm->nr_dimms++];
	d->pm = pm;
	d->handle = md->handle;
	d->phys_id = md->phys_id;
	d->family = -1;
	mutex_init(&d->label_lock);
	atomic_set(&d->health_events, 0);
	return d;
}

/*
 * Which _DSM family does this DIMM speak? We only drive Hyper-V's; for
 * anything else (QEMU answers with its Intel-like set) we stay silent.
 */
static void hvg2_dimm_probe_family(struct hvg2_pmem_dimm *d)
{
	unsigned int func;

	if (!d->adev ||
	    !acpi_check_dsm(d->adev->handle, &hvg2_hv_guid, HVG2_HV_DSM_REV, 1))
		return;
	for (func = 1; func < BITS_PER_LONG; func++)
		if ((HVG2_HV_DSM_MASK & BIT(func)) &&
		    acpi_check_dsm(d->adev->handle, &hvg2_hv_guid,
				   HVG2_HV_DSM_REV, BIT_ULL(func)))
			set_bit(func, &d->dsm_mask);
	if (d->dsm_mask)
		d->family = NVDIMM_FAMILY_HYPERV;
}

/**
 * hvg2_pmem_dimms_init() - find the DIMMs the NFIT describes
 * @pm: driver state with a parsed table
 *
 * Return: 0 (a DIMM without ACPI object or DSM is still a DIMM).
 */
int hvg2_pmem_dimms_init(struct hvg2_pmem *pm)
{
	unsigned int i;

	for (i = 0; i < pm->nfit.nr_memdev; i++) {
		const struct hvg2_nfit_memdev *md = &pm->nfit.memdev[i];
		const struct hvg2_nfit_dcr *dcr;
		struct hvg2_pmem_dimm *d = hvg2_dimm_get(pm, md);

		d->mem_flags |= md->flags;
		dcr = hvg2_nfit_dcr_by_index(&pm->nfit, md->dcr_index);
		if (dcr && !d->has_dcr) {
			d->dcr = *dcr;
			d->has_dcr = true;
		}
	}

	for (i = 0; i < pm->nr_dimms; i++) {
		struct hvg2_pmem_dimm *d = &pm->dimm[i];

		/* NVDIMM objects are children of ACPI0012 with _ADR = handle */
		d->adev = acpi_find_child_device(pm->adev, d->handle, false);
		hvg2_dimm_probe_family(d);
		if (d->family >= 0)
			set_bit(d->family, &pm->nd_desc.dimm_family_mask);
		dev_dbg(pm->dev, "dimm %#x: acpi %s family %d dsm_mask %#lx\n",
			d->handle, d->adev ? "yes" : "no", d->family,
			d->dsm_mask);
	}
	return 0;
}

static void hvg2_dimm_notify(acpi_handle handle, u32 event, void *data)
{
	struct hvg2_pmem_dimm *d = data;

	if (event != HVG2_NOTIFY_HEALTH) {
		dev_dbg(&d->adev->dev, "ignoring notify %#x\n", event);
		return;
	}
	atomic_inc(&d->health_events);
	/* the host decides how often this fires */
	dev_info_ratelimited(&d->adev->dev, "health event\n");
	/* wakes "ndctl monitor", which polls nfit/flags */
	if (d->flags_kn)
		sysfs_notify_dirent(d->flags_kn);
}

/**
 * hvg2_pmem_dimms_register() - create the nvdimms, then listen for events
 * @pm: driver state, bus registered
 *
 * Return: 0 or a negative errno; on failure the bus teardown removes any
 * nvdimm already created and hvg2_pmem_dimms_fini() the rest.
 */
int hvg2_pmem_dimms_register(struct hvg2_pmem *pm)
{
	unsigned int i;
	int rc;

	for (i = 0; i < pm->nr_dimms; i++) {
		struct hvg2_pmem_dimm *d = &pm->dimm[i];
		unsigned long flags = 0, cmd_mask = 0;

		if (d->family >= 0)
			set_bit(ND_CMD_CALL, &cmd_mask);
		if (d->label_va) {
			set_bit(NDD_LABELING, &flags);
			cmd_mask |= BIT(ND_CMD_GET_CONFIG_SIZE) |
				    BIT(ND_CMD_GET_CONFIG_DATA) |
				    BIT(ND_CMD_SET_CONFIG_DATA);
		}
		/* the host says writes may not persist: regions go read-only */
		if (d->mem_flags & HVG2_NFIT_MEM_NOT_ARMED)
			set_bit(NDD_UNARMED, &flags);

		d->nvdimm = nvdimm_create(pm->bus, d, hvg2_dimm_groups, flags,
					  cmd_mask, 0, NULL);
		if (!d->nvdimm)
			return -ENOMEM;
	}

	/* nvdimm registration is asynchronous; wait for it, check the count */
	rc = nvdimm_bus_check_dimm_count(pm->bus, pm->nr_dimms);
	if (rc)
		return rc;

	for (i = 0; i < pm->nr_dimms; i++) {
		struct hvg2_pmem_dimm *d = &pm->dimm[i];
		struct kernfs_node *nfit_kn;
		acpi_status st;

		nfit_kn = sysfs_get_dirent(nvdimm_kobj(d->nvdimm)->sd, "nfit");
		if (nfit_kn) {
			d->flags_kn = sysfs_get_dirent(nfit_kn, "flags");
			sysfs_put(nfit_kn);
		}
		if (!d->adev)
			continue;
		st = acpi_install_notify_handler(d->adev->handle,
						 ACPI_DEVICE_NOTIFY,
						 hvg2_dimm_notify, d);
		if (ACPI_FAILURE(st))
			dev_warn(pm->dev, "dimm %#x: no health events: %s\n",
				 d->handle, acpi_format_exception(st));
		else
			d->notify_installed = true;
	}
	return 0;
}

/**
 * hvg2_pmem_dimms_fini() - stop events before the nvdimms go away
 * @pm: driver state
 */
void hvg2_pmem_dimms_fini(struct hvg2_pmem *pm)
{
	unsigned int i;

	for (i = 0; i < pm->nr_dimms; i++) {
		struct hvg2_pmem_dimm *d = &pm->dimm[i];

		/* waits for a handler already running on another CPU */
		if (d->notify_installed)
			acpi_remove_notify_handler(d->adev->handle,
						   ACPI_DEVICE_NOTIFY,
						   hvg2_dimm_notify);
		d->notify_installed = false;
		sysfs_put(d->flags_kn);
		d->flags_kn = NULL;
	}
}

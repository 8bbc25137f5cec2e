/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_pmem: state shared by the files of the vPMEM -> libnvdimm bridge.
 *
 *   main.c    platform driver for ACPI0012: probe/remove, the table of contents
 *   parse.c   defensive NFIT parser (pure)
 *   dsm.c     Hyper-V _DSM response decoding (pure)
 *   dimm.c    one nvdimm per NFIT device handle: DSM, sysfs, notify, ndctl
 *   label.c   label mode: the namespace label area at the end of a range
 *   region.c  one pmem region per persistent SPA range
 */
#ifndef _HVG2_PMEM_H
#define _HVG2_PMEM_H

#include <linux/acpi.h>
#include <linux/libnvdimm.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include "parse.h"

/* Label mode: the last 128 KiB of a DIMM's persistent range hold labels. */
#define HVG2_PMEM_LABEL_SIZE	SZ_128K
/* ... and only ranges at least this large give them up. */
#define HVG2_PMEM_LABEL_MIN_RANGE	SZ_16M

struct hvg2_pmem;

struct hvg2_pmem_dimm {
	struct hvg2_pmem *pm;
	u32 handle;
	u16 phys_id;
	u16 mem_flags;		/* OR of its memory-device state flags */
	bool has_dcr;
	struct hvg2_nfit_dcr dcr;
	struct acpi_device *adev;	/* NVDIMM child of ACPI0012, or NULL */
	bool notify_installed;
	int family;		/* NVDIMM_FAMILY_HYPERV or -1 */
	unsigned long dsm_mask;
	struct nvdimm *nvdimm;
	struct kernfs_node *flags_kn;	/* nfit/flags, poked on health events */
	atomic_t health_events;

	/* label mode; label_va is NULL when this DIMM keeps no labels */
	struct mutex label_lock;	/* serialises writers of the area */
	void *label_va;
	struct resource *label_res;
	u64 label_spa;
};

struct hvg2_pmem_range {
	struct hvg2_nfit_spa spa;
	struct hvg2_pmem_dimm *dimm;	/* the DIMM that backs it, or NULL */
	u64 dpa;		/* DIMM address of the range start */
	u64 size;		/* bytes the region gets (label area excluded) */
	struct resource res;
	struct resource *inserted;	/* iomem entry we added, if any */
	struct nd_interleave_set nd_set;
	struct nd_region *region;
};

struct hvg2_pmem {
	struct device *dev;
	struct acpi_device *adev;
	struct hvg2_nfit nfit;
	bool labels;
	struct nvdimm_bus_descriptor nd_desc;
	struct nvdimm_bus *bus;
	unsigned int nr_dimms;
	struct hvg2_pmem_dimm dimm[HVG2_NFIT_MAX_MEMDEV];
	unsigned int nr_ranges;
	struct hvg2_pmem_range range[HVG2_NFIT_MAX_SPA];
};

/* dimm.c */
extern const struct attribute_group *hvg2_pmem_bus_groups[];
int hvg2_pmem_dimms_init(struct hvg2_pmem *pm);
int hvg2_pmem_dimms_register(struct hvg2_pmem *pm);
void hvg2_pmem_dimms_fini(struct hvg2_pmem *pm);
int hvg2_pmem_ndctl(struct nvdimm_bus_descriptor *nd_desc,
		    struct nvdimm *nvdimm, unsigned int cmd, void *buf,
		    unsigned int buf_len, int *cmd_rc);

/* label.c */
int hvg2_pmem_label_setup(struct hvg2_pmem_range *r);
void hvg2_pmem_label_teardown(struct hvg2_pmem_dimm *d);
int hvg2_pmem_label_cmd(struct hvg2_pmem_dimm *d, unsigned int cmd,
			void *buf, unsigned int buf_len);

/* region.c */
int hvg2_pmem_ranges_init(struct hvg2_pmem *pm);
int hvg2_pmem_regions_register(struct hvg2_pmem *pm);
void hvg2_pmem_ranges_fini(struct hvg2_pmem *pm);

#endif /* _HVG2_PMEM_H */

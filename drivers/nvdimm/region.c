// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_pmem: one libnvdimm pmem region per persistent SPA range.
 *
 * Each range gets:
 *  - an iomem entry "Persistent Memory" (IORES_DESC_PERSISTENT_MEMORY)
 *    unless firmware's memory map already has one, so that the pmem
 *    driver's request_mem_region() nests under it and /proc/iomem tells
 *    the truth;
 *  - a mapping onto the DIMM that backs it (no interleave: Hyper-V and
 *    QEMU give one range per DIMM; the parser refuses interleave);
 *  - an interleave-set cookie, which namespace labels carry to prove they
 *    belong to this region;
 *  - the persistence domain and NUMA placement described below.
 */
#include <linux/ioport.h>
#include <linux/libnvdimm.h>
#include <linux/mm.h>
#include <linux/numa.h>
#include <linux/slab.h>
#include "hvg2_pmem.h"

/* A region hands out lanes (BTT) per CPU; more than this buys nothing. */
#define HVG2_PMEM_MAX_LANES	256

static int hvg2_range_insert_res(struct hvg2_pmem *pm,
				 struct hvg2_pmem_range *r)
{
	const struct hvg2_nfit_spa *spa = &r->spa;
	struct resource *res;
	int rc;

	if (region_intersects(spa->base, spa->len, IORESOURCE_MEM,
			      IORES_DESC_PERSISTENT_MEMORY) == REGION_INTERSECTS)
		return 0;	/* the firmware memory map already says so */

	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	res->name = "Persistent Memory";
	res->start = spa->base;
	res->end = spa->base + spa->len - 1;
	res->flags = IORESOURCE_MEM;
	res->desc = IORES_DESC_PERSISTENT_MEMORY;
	rc = insert_resource(&iomem_resource, res);
	if (rc) {
		/* overlaps something else (RAM?): the table lies; do not map */
		dev_err(pm->dev, "SPA range %u %pR conflicts with iomem: %d\n",
			spa->index, res, rc);
		kfree(res);
		return rc;
	}
	r->inserted = res;
	return 0;
}

/*
 * Cookies: a Fletcher-64 over what identifies this region on this
 * platform (the DIMM's handle and serial, the range's place in it). They
 * are stable across boots on the same table, differ between devices, and
 * are never 0 (libnvdimm reads 0 as "no cookie"). Two flavours because
 * v1.1 and v1.2 labels carry different ones; the alternate is v1.1's.
 */
struct hvg2_cookie_info {
	__le64 spa_offset;
	__le64 size;
	__le32 handle;
	__le32 serial;
	__le16 vendor;
	__le16 version;
	__le32 pad;
};

static u64 hvg2_cookie(const struct hvg2_pmem_range *r, u16 version)
{
	struct hvg2_cookie_info info = {
		.spa_offset = cpu_to_le64(r->dpa),
		.size = cpu_to_le64(r->size),
		.handle = cpu_to_le32(r->dimm->handle),
		.serial = cpu_to_le32(r->dimm->dcr.serial),
		.vendor = cpu_to_le16(r->dimm->dcr.vendor),
		.version = cpu_to_le16(version),
	};

	return nd_fletcher64(&info, sizeof(info), 1) ?: 1;
}

/**
 * hvg2_pmem_ranges_init() - collect persistent ranges, claim their iomem
 * @pm: driver state with DIMMs found
 *
 * Also carves label areas when label mode is on, which must happen before
 * the DIMMs are created (it decides their command set).
 *
 * Return: 0 or a negative errno; hvg2_pmem_ranges_fini() undoes partial work.
 */
int hvg2_pmem_ranges_init(struct hvg2_pmem *pm)
{
	unsigned int i, j;
	int rc;

	for (i = 0; i < pm->nfit.nr_spa; i++) {
		const struct hvg2_nfit_spa *spa = &pm->nfit.spa[i];
		struct hvg2_pmem_range *r;

		if (spa->kind != HVG2_SPA_PMEM) {
			dev_dbg(pm->dev, "SPA range %u: type %pUl not handled\n",
				spa->index, &spa->type);
			continue;
		}
		r = &pm->range[pm->nr_ranges++];
		r->spa = *spa;
		r->res.name = "hvg2_pmem region";
		r->res.flags = IORESOURCE_MEM;
		r->res.start = spa->base;
		r->size = spa->len;

		/* the parser guarantees at most one DIMM per persistent range */
		for (j = 0; j < pm->nfit.nr_memdev; j++) {
			const struct hvg2_nfit_memdev *md = &pm->nfit.memdev[j];
			unsigned int k;

			if (md->spa_index != spa->index)
				continue;
			for (k = 0; k < pm->nr_dimms; k++)
				if (pm->dimm[k].handle == md->handle)
					r->dimm = &pm->dimm[k];
			r->dpa = md->dpa;
			r->res.start = spa->base + md->spa_offset;
			r->size = md->size;
		}

		rc = hvg2_range_insert_res(pm, r);
		if (rc)
			return rc;
		if (pm->labels && r->dimm) {
			rc = hvg2_pmem_label_setup(r);
			if (rc)
				return rc;
		}
		r->res.end = r->res.start + r->size - 1;
	}
	return 0;
}

static void hvg2_range_placement(struct hvg2_pmem *pm,
				 const struct hvg2_nfit_spa *spa,
				 struct nd_region_desc *ndr)
{
	/*
	 * The SPA range's proximity domain when the table vouches for it,
	 * as SRAT numbers them; otherwise where the address would be
	 * hot-added. numa_node is where the region's kernel work runs (an
	 * online node), target_node where the memory would appear as RAM.
	 */
	if (spa->flags & HVG2_NFIT_SPA_PXM_VALID) {
		ndr->numa_node = pxm_to_online_node(spa->pxm);
		ndr->target_node = pxm_to_node(spa->pxm);
	} else {
		ndr->numa_node = NUMA_NO_NODE;
		ndr->target_node = NUMA_NO_NODE;
	}
	if (ndr->target_node == NUMA_NO_NODE)
		ndr->target_node = phys_to_target_node(spa->base);
	if (ndr->numa_node == NUMA_NO_NODE)
		ndr->numa_node = dev_to_node(pm->dev);
}

/*
 * Persistence domain: the platform-capabilities structure decides when
 * present. Without one (Hyper-V, QEMU's default) a store that reached
 * memory is in the host's hands, which keeps the backing across guest
 * power loss: that is what "memory_controller" promises, and what
 * e820/of_pmem also claim for memory the platform persists.
 */
static void hvg2_range_persistence(struct hvg2_pmem *pm,
				   struct nd_region_desc *ndr)
{
	if (!pm->nfit.has_caps || (pm->nfit.caps & HVG2_NFIT_CAP_MEM_FLUSH))
		set_bit(ND_REGION_PERSIST_MEMCTRL, &ndr->flags);
	if (pm->nfit.caps & HVG2_NFIT_CAP_CACHE_FLUSH)
		set_bit(ND_REGION_PERSIST_CACHE, &ndr->flags);
}

/**
 * hvg2_pmem_regions_register() - create one pmem region per range
 * @pm: driver state, DIMMs registered
 *
 * Return: 0 or a negative errno; bus teardown removes created regions.
 */
int hvg2_pmem_regions_register(struct hvg2_pmem *pm)
{
	unsigned int i;

	for (i = 0; i < pm->nr_ranges; i++) {
		struct hvg2_pmem_range *r = &pm->range[i];
		struct nd_mapping_desc map = { };
		struct nd_region_desc ndr = { };

		ndr.res = &r->res;
		ndr.provider_data = r;
		ndr.num_lanes = min_t(unsigned int, num_possible_cpus(),
				      HVG2_PMEM_MAX_LANES);
		hvg2_range_placement(pm, &r->spa, &ndr);
		hvg2_range_persistence(pm, &ndr);

		if (r->dimm) {
			map.nvdimm = r->dimm->nvdimm;
			map.start = r->dpa;
			map.size = r->size;
			map.position = 0;
			ndr.mapping = &map;
			ndr.num_mappings = 1;

			guid_copy(&r->nd_set.type_guid, &r->spa.type);
			r->nd_set.cookie1 = hvg2_cookie(r, 1);
			r->nd_set.cookie2 = hvg2_cookie(r, 2);
			r->nd_set.altcookie = r->nd_set.cookie1;
			ndr.nd_set = &r->nd_set;
		}

		/* libnvdimm copies what it needs out of ndr and map */
		r->region = nvdimm_pmem_region_create(pm->bus, &ndr);
		if (!r->region) {
			dev_err(pm->dev, "SPA range %u %pR: no region\n",
				r->spa.index, &r->res);
			return -ENXIO;
		}
		dev_info(pm->dev, "SPA range %u %pR -> %s%s\n", r->spa.index,
			 &r->res, dev_name(nd_region_dev(r->region)),
			 r->dimm && r->dimm->label_va ? " (labels)" : "");
	}
	return 0;
}

/**
 * hvg2_pmem_ranges_fini() - give back label areas and iomem entries
 * @pm: driver state, bus already unregistered (no pmem user left)
 */
void hvg2_pmem_ranges_fini(struct hvg2_pmem *pm)
{
	unsigned int i;

	for (i = 0; i < pm->nr_dimms; i++)
		hvg2_pmem_label_teardown(&pm->dimm[i]);

	for (i = 0; i < pm->nr_ranges; i++) {
		struct hvg2_pmem_range *r = &pm->range[i];

		if (r->inserted) {
			remove_resource(r->inserted);
			kfree(r->inserted);
			r->inserted = NULL;
		}
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_pmem: label mode.
 *
 * Hyper-V offers _LSI/_LSR but no _LSW, so the kernel's nfit driver can
 * only give a single label-less namespace. With hvg2_pmem.labels=1 we
 * carve the namespace label area out of the persistent range itself:
 *
 *   SPA base                                          base + len
 *   |<------------- region (len - 128 KiB) ------------>|<- labels ->|
 *
 * The region handed to libnvdimm stops where the label area begins, so no
 * namespace can ever overlap it; get/set config data read and write it
 * through a write-back mapping, and writes go out with non-temporal stores
 * so a label update is durable once the command returns (same persistence
 * domain as the data: the region's flags say which).
 *
 * Turning label mode on for a device that held a label-less filesystem
 * does not move data, but shrinks the usable size by 128 KiB and the old
 * filesystem's tail is gone: Documentation/pmem.rst says so.
 */
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/libnvdimm.h>
#include <linux/ndctl.h>
#include <linux/overflow.h>
#include <linux/string.h>
#include "hvg2_pmem.h"

/**
 * hvg2_pmem_label_setup() - reserve and map the label area of a range
 * @r: a persistent range backed by one DIMM, size still the full mapping
 *
 * On success the range's size shrinks by the label area and its DIMM
 * serves config-data commands. A range too small, or a DIMM that already
 * keeps its labels elsewhere, stays label-less; that is not an error.
 *
 * Return: 0, or a negative errno when mapping failed.
 */
int hvg2_pmem_label_setup(struct hvg2_pmem_range *r)
{
	struct hvg2_pmem_dimm *d = r->dimm;
	struct device *dev = d->pm->dev;
	u64 start;

	if (d->label_va) {
		dev_warn(dev, "dimm %#x maps several ranges; labels only in the first\n",
			 d->handle);
		return 0;
	}
	if (r->size < HVG2_PMEM_LABEL_MIN_RANGE) {
		dev_warn(dev, "range %u too small for a label area\n",
			 r->spa.index);
		return 0;
	}

	start = r->res.start + r->size - HVG2_PMEM_LABEL_SIZE;
	/* nests under the "Persistent Memory" entry; keeps pmem off it */
	d->label_res = request_mem_region(start, HVG2_PMEM_LABEL_SIZE,
					  "hvg2_pmem labels");
	if (!d->label_res) {
		dev_err(dev, "label area %#llx busy\n", start);
		return -EBUSY;
	}
	d->label_va = memremap(start, HVG2_PMEM_LABEL_SIZE, MEMREMAP_WB);
	if (!d->label_va) {
		release_mem_region(start, HVG2_PMEM_LABEL_SIZE);
		d->label_res = NULL;
		return -ENOMEM;
	}
	d->label_spa = start;
	r->size -= HVG2_PMEM_LABEL_SIZE;
	return 0;
}

/**
 * hvg2_pmem_label_teardown() - unmap and release a DIMM's label area
 * @d: the DIMM; nothing happens when it has none
 */
void hvg2_pmem_label_teardown(struct hvg2_pmem_dimm *d)
{
	if (!d->label_va)
		return;
	memunmap(d->label_va);
	release_mem_region(d->label_spa, HVG2_PMEM_LABEL_SIZE);
	d->label_va = NULL;
	d->label_res = NULL;
}

/* offset and length inside the area, without overflow */
static bool hvg2_label_span_ok(u32 off, u32 len)
{
	u32 end;

	return !check_add_overflow(off, len, &end) &&
	       end <= HVG2_PMEM_LABEL_SIZE;
}

static int hvg2_label_get(struct hvg2_pmem_dimm *d, void *buf,
			  unsigned int buf_len)
{
	struct nd_cmd_get_config_data_hdr *hdr = buf;

	if (buf_len < sizeof(*hdr) ||
	    buf_len - sizeof(*hdr) < hdr->in_length ||
	    !hvg2_label_span_ok(hdr->in_offset, hdr->in_length))
		return -EINVAL;

	mutex_lock(&d->label_lock);
	memcpy(hdr->out_buf, d->label_va + hdr->in_offset, hdr->in_length);
	mutex_unlock(&d->label_lock);
	hdr->status = 0;
	return 0;
}

static int hvg2_label_set(struct hvg2_pmem_dimm *d, void *buf,
			  unsigned int buf_len)
{
	struct nd_cmd_set_config_hdr *hdr = buf;
	u32 status = 0;

	/* header, data, then a u32 status the caller reads back */
	if (buf_len < sizeof(*hdr) + sizeof(status) ||
	    buf_len - sizeof(*hdr) - sizeof(status) < hdr->in_length ||
	    !hvg2_label_span_ok(hdr->in_offset, hdr->in_length))
		return -EINVAL;

	mutex_lock(&d->label_lock);
	memcpy_flushcache(d->label_va + hdr->in_offset, hdr->in_buf,
			  hdr->in_length);
	/*
	 * Order the non-temporal stores before we report success: once the
	 * caller sees status 0 it may write the index block that makes this
	 * label live, and that one must not overtake it.
	 */
	wmb();
	mutex_unlock(&d->label_lock);
	memcpy(hdr->in_buf + hdr->in_length, &status, sizeof(status));
	return 0;
}

/**
 * hvg2_pmem_label_cmd() - serve ND_CMD_{GET_CONFIG_SIZE,GET,SET_CONFIG_DATA}
 * @d: the DIMM
 * @cmd: one of the three commands
 * @buf: the command envelope
 * @buf_len: its length
 *
 * Return: 0, -ENOTTY when the DIMM keeps no labels, -EINVAL on a bad
 * offset or length.
 */
int hvg2_pmem_label_cmd(struct hvg2_pmem_dimm *d, unsigned int cmd,
			void *buf, unsigned int buf_len)
{
	struct nd_cmd_get_config_size *size = buf;

	if (!d->label_va)
		return -ENOTTY;

	switch (cmd) {
	case ND_CMD_GET_CONFIG_SIZE:
		if (buf_len < sizeof(*size))
			return -EINVAL;
		size->status = 0;
		size->config_size = HVG2_PMEM_LABEL_SIZE;
		size->max_xfer = HVG2_PMEM_LABEL_SIZE;
		return 0;
	case ND_CMD_GET_CONFIG_DATA:
		return hvg2_label_get(d, buf, buf_len);
	case ND_CMD_SET_CONFIG_DATA:
		return hvg2_label_set(d, buf, buf_len);
	default:
		return -ENOTTY;
	}
}

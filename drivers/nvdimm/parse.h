/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvg2_pmem: the NFIT as we understand it, after a defensive parse.
 *
 * The parser is a pure function over a byte buffer: it never touches ACPI,
 * libnvdimm or the device, so KUnit can feed it hostile tables. Everything
 * the rest of the driver reads about the platform comes out of this
 * structure, never out of the raw table.
 */
#ifndef _HVG2_PMEM_PARSE_H
#define _HVG2_PMEM_PARSE_H

#include <linux/types.h>
#include <linux/uuid.h>

/* Bounds that keep every array fixed-size; a table beyond them is refused. */
#define HVG2_NFIT_MAX_SPA	16
#define HVG2_NFIT_MAX_MEMDEV	32
#define HVG2_NFIT_MAX_DCR	32

/* ACPI 6.x NFIT wire facts (offsets are from the start of each structure). */
#define HVG2_NFIT_HDR_LEN	40	/* ACPI header (36) + 4 reserved */
#define HVG2_NFIT_TYPE_SPA	0
#define HVG2_NFIT_TYPE_MEMDEV	1
#define HVG2_NFIT_TYPE_DCR	4
#define HVG2_NFIT_TYPE_CAP	7
#define HVG2_NFIT_SPA_LEN	56	/* 64 with the ACPI 6.4 location cookie */
#define HVG2_NFIT_MEMDEV_LEN	48
#define HVG2_NFIT_DCR_MIN_LEN	32	/* without block control windows */
#define HVG2_NFIT_DCR_LEN	80
#define HVG2_NFIT_CAP_LEN	16

/* SPA range flags */
#define HVG2_NFIT_SPA_PXM_VALID		BIT(1)
/* memory-device state flags, as the sysfs "flags" attribute names them */
#define HVG2_NFIT_MEM_SAVE_FAILED	BIT(0)
#define HVG2_NFIT_MEM_RESTORE_FAILED	BIT(1)
#define HVG2_NFIT_MEM_FLUSH_FAILED	BIT(2)
#define HVG2_NFIT_MEM_NOT_ARMED		BIT(3)
#define HVG2_NFIT_MEM_HEALTH_OBSERVED	BIT(4)
#define HVG2_NFIT_MEM_HEALTH_ENABLED	BIT(5)
#define HVG2_NFIT_MEM_MAP_FAILED	BIT(6)
/* control-region valid_fields */
#define HVG2_NFIT_DCR_MFG_VALID		BIT(0)
/* platform capabilities */
#define HVG2_NFIT_CAP_CACHE_FLUSH	BIT(0)
#define HVG2_NFIT_CAP_MEM_FLUSH		BIT(1)

enum hvg2_nfit_spa_kind {
	HVG2_SPA_OTHER = 0,	/* control/block windows, volatile, ... */
	HVG2_SPA_PMEM,		/* byte-addressable persistent memory */
};

struct hvg2_nfit_spa {
	u16 index;
	u16 flags;
	u32 pxm;
	u64 base;
	u64 len;
	guid_t type;
	enum hvg2_nfit_spa_kind kind;
	u32 tbl_off;
};

struct hvg2_nfit_memdev {
	u32 handle;
	u16 phys_id;
	u16 region_id;
	u16 spa_index;
	u16 dcr_index;
	u64 size;
	u64 spa_offset;	/* "region offset": where this DIMM starts in the SPA */
	u64 dpa;	/* DIMM physical address of that start */
	u16 ways;
	u16 flags;
	u32 tbl_off;	/* where it sat in the table, for messages */
};

struct hvg2_nfit_dcr {
	u16 index;
	u16 vendor;
	u16 device;
	u16 revision;
	u16 subsys_vendor;
	u16 subsys_device;
	u16 subsys_revision;
	u8 valid_fields;
	u8 mfg_location;
	u16 mfg_date;
	u32 serial;
	u16 code;
};

struct hvg2_nfit {
	u8 revision;
	bool has_caps;
	u32 caps;
	unsigned int nr_spa;
	unsigned int nr_memdev;
	unsigned int nr_dcr;
	struct hvg2_nfit_spa spa[HVG2_NFIT_MAX_SPA];
	struct hvg2_nfit_memdev memdev[HVG2_NFIT_MAX_MEMDEV];
	struct hvg2_nfit_dcr dcr[HVG2_NFIT_MAX_DCR];
};

/* Why a table was refused: a code for callers, words and a place for humans. */
struct hvg2_nfit_err {
	const char *why;
	u32 offset;
};

int hvg2_nfit_parse(const void *buf, size_t len, struct hvg2_nfit *out,
		    struct hvg2_nfit_err *err);
const struct hvg2_nfit_spa *hvg2_nfit_spa_by_index(const struct hvg2_nfit *n,
						   u16 index);
const struct hvg2_nfit_dcr *hvg2_nfit_dcr_by_index(const struct hvg2_nfit *n,
						   u16 index);

#endif /* _HVG2_PMEM_PARSE_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_pmem: defensive NFIT parser.
 *
 * The NFIT is host input. On Hyper-V it describes guest-physical ranges we
 * will map and hand to filesystems, so a wrong length or an overlap is not
 * a cosmetic problem: it would let the host point a DAX mapping at RAM the
 * guest uses for something else. Every field is read through bounds-checked
 * little-endian helpers (no casts of the table onto structs), every
 * structure is checked against the bytes that remain, and the cross
 * references (memory device -> SPA range, -> control region) are resolved
 * and checked only after the whole table was read, because ACPI does not
 * promise any order. The first problem found refuses the whole table with
 * an errno and a sentence saying what and where.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include "parse.h"

/* 66F0D379-B4F3-4074-AC43-0D3318B78CDB: byte-addressable persistent memory */
static const guid_t hvg2_spa_pmem_guid =
	GUID_INIT(0x66F0D379, 0xB4F3, 0x4074,
		  0xAC, 0x43, 0x0D, 0x33, 0x18, 0xB7, 0x8C, 0xDB);

/* ------------------------------------------------------------------ */
/* little-endian readers; callers have checked the bounds               */

static u16 rd16(const u8 *p)
{
	return p[0] | (u16)p[1] << 8;
}

static u32 rd32(const u8 *p)
{
	return rd16(p) | (u32)rd16(p + 2) << 16;
}

static u64 rd64(const u8 *p)
{
	return rd32(p) | (u64)rd32(p + 4) << 32;
}

static int refuse(struct hvg2_nfit_err *err, int code, u32 off,
		  const char *why)
{
	if (err) {
		err->why = why;
		err->offset = off;
	}
	return code;
}

/* ------------------------------------------------------------------ */
/* one structure each; @p points at its type field, @len is its length */

static int parse_spa(struct hvg2_nfit *n, const u8 *p, u16 len, u32 off,
		     struct hvg2_nfit_err *err)
{
	struct hvg2_nfit_spa *spa;
	unsigned int i;
	u64 end;

	if (len < HVG2_NFIT_SPA_LEN)
		return refuse(err, -EINVAL, off, "SPA range structure too short");
	if (n->nr_spa >= HVG2_NFIT_MAX_SPA)
		return refuse(err, -E2BIG, off, "too many SPA ranges");

	spa = &n->spa[n->nr_spa];
	spa->tbl_off = off;
	spa->index = rd16(p + 4);
	spa->flags = rd16(p + 6);
	spa->pxm = rd32(p + 12);
	memcpy(&spa->type, p + 16, sizeof(spa->type));
	spa->base = rd64(p + 32);
	spa->len = rd64(p + 40);
	spa->kind = guid_equal(&spa->type, &hvg2_spa_pmem_guid) ?
		    HVG2_SPA_PMEM : HVG2_SPA_OTHER;

	/* Index 0 means "no SPA" in a memory-device structure. */
	if (!spa->index)
		return refuse(err, -EINVAL, off, "SPA range uses reserved index 0");
	if (!spa->len)
		return refuse(err, -EINVAL, off, "SPA range has zero length");
	if (check_add_overflow(spa->base, spa->len - 1, &end))
		return refuse(err, -EINVAL, off, "SPA range wraps the address space");
	/* libnvdimm and the direct map work in pages. */
	if (spa->kind == HVG2_SPA_PMEM &&
	    (!IS_ALIGNED(spa->base, SZ_4K) || !IS_ALIGNED(spa->len, SZ_4K)))
		return refuse(err, -EINVAL, off, "persistent SPA range not page aligned");

	for (i = 0; i < n->nr_spa; i++) {
		const struct hvg2_nfit_spa *o = &n->spa[i];

		if (o->index == spa->index)
			return refuse(err, -EEXIST, off, "duplicate SPA range index");
		/* both are non-empty and non-wrapping: closed intervals */
		if (spa->base <= o->base + o->len - 1 && o->base <= end)
			return refuse(err, -EINVAL, off, "overlapping SPA ranges");
	}
	n->nr_spa++;
	return 0;
}

static int parse_memdev(struct hvg2_nfit *n, const u8 *p, u16 len, u32 off,
			struct hvg2_nfit_err *err)
{
	struct hvg2_nfit_memdev *md;

	if (len < HVG2_NFIT_MEMDEV_LEN)
		return refuse(err, -EINVAL, off, "memory-device structure too short");
	if (n->nr_memdev >= HVG2_NFIT_MAX_MEMDEV)
		return refuse(err, -E2BIG, off, "too many memory-device structures");

	md = &n->memdev[n->nr_memdev++];
	md->tbl_off = off;
	md->handle = rd32(p + 4);
	md->phys_id = rd16(p + 8);
	md->region_id = rd16(p + 10);
	md->spa_index = rd16(p + 12);
	md->dcr_index = rd16(p + 14);
	md->size = rd64(p + 16);
	md->spa_offset = rd64(p + 24);
	md->dpa = rd64(p + 32);
	md->ways = rd16(p + 42);
	md->flags = rd16(p + 44);
	return 0;
}

static int parse_dcr(struct hvg2_nfit *n, const u8 *p, u16 len, u32 off,
		     struct hvg2_nfit_err *err)
{
	struct hvg2_nfit_dcr *dcr;
	unsigned int i;

	if (len < HVG2_NFIT_DCR_MIN_LEN)
		return refuse(err, -EINVAL, off, "control-region structure too short");
	/* block control windows need the long form */
	if (rd16(p + 30) && len < HVG2_NFIT_DCR_LEN)
		return refuse(err, -EINVAL, off, "control region with windows too short");
	if (n->nr_dcr >= HVG2_NFIT_MAX_DCR)
		return refuse(err, -E2BIG, off, "too many control regions");

	dcr = &n->dcr[n->nr_dcr];
	dcr->index = rd16(p + 4);
	for (i = 0; i < n->nr_dcr; i++)
		if (n->dcr[i].index == dcr->index)
			return refuse(err, -EEXIST, off, "duplicate control-region index");
	dcr->vendor = rd16(p + 6);
	dcr->device = rd16(p + 8);
	dcr->revision = rd16(p + 10);
	dcr->subsys_vendor = rd16(p + 12);
	dcr->subsys_device = rd16(p + 14);
	dcr->subsys_revision = rd16(p + 16);
	dcr->valid_fields = p[18];
	dcr->mfg_location = p[19];
	dcr->mfg_date = rd16(p + 20);
	dcr->serial = rd32(p + 24);
	dcr->code = rd16(p + 28);
	n->nr_dcr++;
	return 0;
}

static int parse_caps(struct hvg2_nfit *n, const u8 *p, u16 len, u32 off,
		      struct hvg2_nfit_err *err)
{
	u8 highest;

	if (len < HVG2_NFIT_CAP_LEN)
		return refuse(err, -EINVAL, off, "capabilities structure too short");
	if (n->has_caps)
		return refuse(err, -EEXIST, off, "duplicate capabilities structure");
	/* bits above "highest valid capability" carry no meaning */
	highest = p[4];
	n->caps = rd32(p + 8);
	if (highest < 31)
		n->caps &= GENMASK(highest, 0);
	n->has_caps = true;
	return 0;
}

/* ------------------------------------------------------------------ */
/* cross references, once every structure is known                      */

static int check_memdevs(const struct hvg2_nfit *n, struct hvg2_nfit_err *err)
{
	unsigned int i, j;

	for (i = 0; i < n->nr_memdev; i++) {
		const struct hvg2_nfit_memdev *md = &n->memdev[i];
		const struct hvg2_nfit_spa *spa = NULL;
		u64 end;

		if (md->dcr_index && !hvg2_nfit_dcr_by_index(n, md->dcr_index))
			return refuse(err, -EINVAL, md->tbl_off,
				      "memory device names a missing control region");
		if (md->spa_index) {
			spa = hvg2_nfit_spa_by_index(n, md->spa_index);
			if (!spa)
				return refuse(err, -EINVAL, md->tbl_off,
					      "memory device names a missing SPA range");
		}
		if (spa && spa->kind == HVG2_SPA_PMEM) {
			if (md->ways > 1)
				return refuse(err, -EOPNOTSUPP, md->tbl_off,
					      "interleaved persistent range not supported");
			if (!md->size)
				return refuse(err, -EINVAL, md->tbl_off,
					      "memory device maps zero bytes");
			if (check_add_overflow(md->spa_offset, md->size, &end) ||
			    end > spa->len)
				return refuse(err, -EINVAL, md->tbl_off,
					      "memory device mapping exceeds its SPA range");
		}

		for (j = 0; j < i; j++) {
			const struct hvg2_nfit_memdev *o = &n->memdev[j];

			if (o->handle != md->handle) {
				if (spa && spa->kind == HVG2_SPA_PMEM &&
				    o->spa_index == md->spa_index)
					return refuse(err, -EINVAL, md->tbl_off,
						      "persistent range claimed by two DIMMs");
				continue;
			}
			if (o->spa_index == md->spa_index)
				return refuse(err, -EEXIST, md->tbl_off,
					      "duplicate device handle for one range");
			if (o->phys_id != md->phys_id || o->dcr_index != md->dcr_index)
				return refuse(err, -EINVAL, md->tbl_off,
					      "device handle with conflicting identity");
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */

/**
 * hvg2_nfit_parse() - parse and validate an NFIT held in memory
 * @buf: the table, starting with its ACPI header
 * @len: bytes readable at @buf
 * @out: result; zeroed first, meaningful only when 0 is returned
 * @err: optional; on failure says why and at which byte offset
 *
 * Return: 0, or a negative errno: -EINVAL malformed, -EEXIST duplicate,
 * -E2BIG beyond our fixed limits, -EOPNOTSUPP valid but unsupported.
 */
int hvg2_nfit_parse(const void *buf, size_t len, struct hvg2_nfit *out,
		    struct hvg2_nfit_err *err)
{
	const u8 *t = buf;
	u32 tlen, off;
	u8 sum = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!t || len < HVG2_NFIT_HDR_LEN)
		return refuse(err, -EINVAL, 0, "table shorter than its header");
	if (memcmp(t, "NFIT", 4))
		return refuse(err, -EINVAL, 0, "signature is not NFIT");
	tlen = rd32(t + 4);
	if (tlen < HVG2_NFIT_HDR_LEN)
		return refuse(err, -EINVAL, 4, "header length below header size");
	if (tlen > len)
		return refuse(err, -EINVAL, 4, "table truncated");
	for (off = 0; off < tlen; off++)
		sum += t[off];
	if (sum)
		return refuse(err, -EINVAL, 9, "bad checksum");
	out->revision = t[8];

	for (off = HVG2_NFIT_HDR_LEN; off < tlen; ) {
		const u8 *p = t + off;
		u16 type, slen;

		if (tlen - off < 4)
			return refuse(err, -EINVAL, off, "truncated structure header");
		type = rd16(p);
		slen = rd16(p + 2);
		if (slen < 4)
			return refuse(err, -EINVAL, off, "structure length below 4");
		if (slen > tlen - off)
			return refuse(err, -EINVAL, off, "structure overruns the table");

		switch (type) {
		case HVG2_NFIT_TYPE_SPA:
			rc = parse_spa(out, p, slen, off, err);
			break;
		case HVG2_NFIT_TYPE_MEMDEV:
			rc = parse_memdev(out, p, slen, off, err);
			break;
		case HVG2_NFIT_TYPE_DCR:
			rc = parse_dcr(out, p, slen, off, err);
			break;
		case HVG2_NFIT_TYPE_CAP:
			rc = parse_caps(out, p, slen, off, err);
			break;
		default:
			/* interleave, flush hints, SMBIOS, block windows: unused */
			rc = 0;
			break;
		}
		if (rc)
			return rc;
		off += slen;
	}
	return check_memdevs(out, err);
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_nfit_parse);

/**
 * hvg2_nfit_spa_by_index() - look up a parsed SPA range by its index
 * @n: a table hvg2_nfit_parse() accepted
 * @index: SPA range structure index
 *
 * Return: the range, or NULL.
 */
const struct hvg2_nfit_spa *
hvg2_nfit_spa_by_index(const struct hvg2_nfit *n, u16 index)
{
	unsigned int i;

	for (i = 0; i < n->nr_spa; i++)
		if (n->spa[i].index == index)
			return &n->spa[i];
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_nfit_spa_by_index);

/**
 * hvg2_nfit_dcr_by_index() - look up a parsed control region by its index
 * @n: a table hvg2_nfit_parse() accepted
 * @index: control region structure index
 *
 * Return: the control region, or NULL.
 */
const struct hvg2_nfit_dcr *
hvg2_nfit_dcr_by_index(const struct hvg2_nfit *n, u16 index)
{
	unsigned int i;

	for (i = 0; i < n->nr_dcr; i++)
		if (n->dcr[i].index == index)
			return &n->dcr[i];
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_nfit_dcr_by_index);

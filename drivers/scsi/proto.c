// SPDX-License-Identifier: GPL-2.0
/*
 * The pure parts of the vstor protocol, free of devices and channels so
 * that KUnit (kunit/scsi_kunit.c) checks them directly:
 *
 *   - transaction ids: which command (or control operation) a completion
 *     names, and whether it can name anything at all;
 *   - SRB status to SCSI result: host byte, residual, how much sense to
 *     copy, and what follow-up the completion asks for;
 *   - scatterlist to GPA range: the page list of a GPA-direct packet.
 *
 * Everything here reads values the host wrote; nothing is trusted.
 */
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <scsi/scsi.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_proto.h>
#include "hvg2_scsi.h"

/* ---- transaction ids ---- */

/**
 * hvg2_scsi_tid_decode - what a completion's transaction id names
 * @tid: the id the host echoed
 * @nr_hw_queues: hardware queues of the host's tag set
 * @depth: tags per hardware queue
 * @utag: the blk-mq unique tag, for HVG2_SCSI_TID_IO
 * @gen: the submission generation, for HVG2_SCSI_TID_IO
 *
 * Only the shape is checked here; whether that tag is in flight with that
 * generation is the caller's question (it owns the commands).
 *
 * Return: the kind of id.
 */
enum hvg2_scsi_tid_kind hvg2_scsi_tid_decode(u64 tid, u16 nr_hw_queues,
					     u32 depth, u32 *utag, u32 *gen)
{
	u32 u, g;

	if (!tid)
		return HVG2_SCSI_TID_UNSOLICITED;
	if (tid & HVG2_SCSI_TID_CTRL)
		return HVG2_SCSI_TID_CONTROL;
	g = tid >> 32;
	u = (u32)tid;
	if (!g || (u >> 16) >= nr_hw_queues || (u & 0xffff) >= depth)
		return HVG2_SCSI_TID_FORGED;
	*utag = u;
	*gen = g;
	return HVG2_SCSI_TID_IO;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_scsi_tid_decode);

/* ---- SRB status to SCSI result ---- */

/* What the sense data says beyond what the midlayer acts on itself. */
static u8 hvg2_scsi_sense_actions(const u8 *sense, u8 len)
{
	struct scsi_sense_hdr h;

	if (!scsi_normalize_sense(sense, len, &h))
		return 0;
	/* CAPACITY DATA HAS CHANGED: read the new size */
	if (h.asc == 0x2a && h.ascq == 0x09)
		return HVG2_SCSI_ACT_RESCAN_DEV;
	/* LOGICAL UNIT NOT SUPPORTED: the LUN was removed */
	if (h.asc == 0x25)
		return HVG2_SCSI_ACT_REMOVE_LUN;
	return 0;
}

/**
 * hvg2_scsi_map_status - turn the host's SRB completion into a SCSI result
 * @st: what the host wrote
 * @sense_max: room in the command's sense buffer
 * @res: filled in
 *
 * The host's data_transfer_length is believed only when it is not longer
 * than what was asked (a longer one fails the command: the host claims
 * to have written past the buffer) and only for a successful SRB or a
 * short transfer (DATA_OVERRUN, which Hyper-V also uses for underruns).
 * Sense data is copied only when the host says it is valid, and never
 * more than the protocol's 20 bytes or the buffer.
 */
void hvg2_scsi_map_status(const struct hvg2_scsi_status *st,
			  unsigned int sense_max, struct hvg2_scsi_result *res)
{
	u8 srb = st->srb_status & ~(HVG2_SRB_STATUS_AUTOSENSE_VALID |
				    HVG2_SRB_STATUS_QUEUE_FROZEN);
	bool sense_ok = (st->srb_status & HVG2_SRB_STATUS_AUTOSENSE_VALID) &&
			st->scsi_status == SAM_STAT_CHECK_CONDITION && st->sense;
	int host = DID_OK;

	res->actions = 0;
	res->sense_len = 0;
	res->resid = st->len;
	if (st->xfer > st->len) {
		res->actions = HVG2_SCSI_ACT_BAD_LENGTH;
		res->result = DID_ERROR << 16;
		return;
	}
	if (sense_ok) {
		res->sense_len = min3((unsigned int)st->sense_len,
				      (unsigned int)HVG2_VSTOR_SENSE_SIZE,
				      sense_max);
		res->actions |= hvg2_scsi_sense_actions(st->sense,
							res->sense_len);
	}

	switch (srb) {
	case HVG2_SRB_STATUS_SUCCESS:
	case HVG2_SRB_STATUS_DATA_OVERRUN:
		res->resid = st->len - st->xfer;
		break;
	case HVG2_SRB_STATUS_INVALID_LUN:
	case HVG2_SRB_STATUS_SELECTION_TIMEOUT:
		host = DID_NO_CONNECT;
		res->actions |= HVG2_SCSI_ACT_REMOVE_LUN;
		break;
	case HVG2_SRB_STATUS_ABORTED:
	case HVG2_SRB_STATUS_BUS_RESET:
		/* ended by a reset, not by the command: retry it */
		host = DID_RESET;
		break;
	case HVG2_SRB_STATUS_TIMEOUT:
		host = DID_TIME_OUT;
		break;
	default:
		/* with valid sense the midlayer decides from the sense */
		if (!sense_ok)
			host = DID_ERROR;
		break;
	}
	res->result = (host << 16) | st->scsi_status;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_scsi_map_status);

/* ---- scatterlist to GPA range ---- */

/**
 * hvg2_scsi_sg_to_range - the page list of a GPA-direct range
 * @sgl: the command's scatterlist
 * @nents: its entries
 * @len: the command's data length (sum of the entries)
 * @offset: byte offset of the data in the first page
 * @pfns: where to write the Hyper-V page numbers, or NULL to count
 * @max_pfns: room at @pfns
 *
 * One GPA range is a byte offset, a byte count and a run of whole 4 KiB
 * pages: only the first entry may start inside a page, only the last may
 * end inside one. The host template's virt_boundary_mask gives us such
 * lists; anything else is refused rather than sent wrong. The data stays
 * where the block layer put it: the host reads and writes those pages.
 *
 * Return: the number of page numbers, -EINVAL for a list with a gap or a
 * length that does not add up, -E2BIG if more than @max_pfns are needed.
 */
int hvg2_scsi_sg_to_range(struct scatterlist *sgl, unsigned int nents,
			  u32 len, u32 *offset, u64 *pfns, u32 max_pfns)
{
	const u64 mask = HVG2_HV_PAGE_SIZE - 1;
	struct scatterlist *sg;
	u64 prev_end = 0;
	u32 n = 0, total = 0;
	unsigned int i;

	*offset = 0;
	for_each_sg(sgl, sg, nents, i) {
		u64 start = sg_phys(sg), end, pfn, last;

		if (!sg->length || sg->length > len - total)
			return -EINVAL;
		if (i == 0)
			*offset = start & mask;
		else if ((start & mask) || (prev_end & mask))
			return -EINVAL;
		end = start + sg->length;
		pfn = start >> HVG2_HV_PAGE_SHIFT;
		last = (end - 1) >> HVG2_HV_PAGE_SHIFT;
		if (last - pfn + 1 > max_pfns - n)
			return -E2BIG;
		for (; pfn <= last; pfn++, n++)
			if (pfns)
				pfns[n] = pfn;
		total += sg->length;
		prev_end = end;
	}
	if (total != len)
		return -EINVAL;
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_scsi_sg_to_range);

// SPDX-License-Identifier: GPL-2.0
/*
 * Checking what the guest sent, before the host acts on it. The guest is
 * the peer here: its packets sit in a ring it can still write, so every
 * field is read once into a private copy (the vstor packet) or into a
 * local (the GPA range), checked, and only the copy is used afterwards.
 *
 * Nothing here has side effects, so the KUnit suite hvg2_sim_stor drives
 * these functions directly.
 */
#include <linux/dma-direction.h>
#include <linux/export.h>
#include <linux/math.h>
#include <linux/string.h>
#include <scsi/scsi_common.h>
#include "stor.h"

/**
 * stor_copy_packet - take a private copy of a packet's vstor message
 * @pkt: the packet, as the ring core validated it
 * @p: the copy; bytes the guest did not send read as zero
 *
 * Return: the bytes the guest sent (at most sizeof(*p)), or 0 when it is
 * shorter than any protocol version's packet.
 */
u32 stor_copy_packet(const struct hvg2_ring_pkt *pkt,
		     struct hvg2_vstor_packet *p)
{
	u32 len = min_t(u32, pkt->payload_len, sizeof(*p));

	memset(p, 0, sizeof(*p));
	if (len < HVG2_VSTOR_PACKET_SIZE_PRE_WIN8)
		return 0;
	memcpy(p, pkt->payload, len);
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(stor_copy_packet);

/**
 * stor_parse_range - check the GPA range of a GPA-direct packet
 * @pkt: a packet of type HVG2_PKT_DATA_USING_GPA_DIRECT
 * @r: the range, on success
 *
 * One range ("multi-page buffer"): a non-empty byte stream starting
 * @byte_offset into its first 4 KiB page, its PFN list wholly inside the
 * space between the descriptor and the payload.
 *
 * Return: 0 or -EINVAL.
 */
int stor_parse_range(const struct hvg2_ring_pkt *pkt, struct stor_range *r)
{
	const struct hvg2_vstor_gpa_hdr *h = (const void *)pkt->desc;
	/* the span offset8 gave the range list; the ring core checked it */
	u32 span = (const u8 *)pkt->payload - (const u8 *)pkt->desc;
	u32 count, len, off;
	u64 npfn;

	if (span < sizeof(*h))
		return -EINVAL;
	count = READ_ONCE(h->range_count);
	len = READ_ONCE(h->byte_count);
	off = READ_ONCE(h->byte_offset);
	if (count != 1 || !len || off >= HVG2_VSTOR_PAGE_SIZE)
		return -EINVAL;
	npfn = DIV_ROUND_UP((u64)off + len, HVG2_VSTOR_PAGE_SIZE);
	if (npfn > (span - sizeof(*h)) / sizeof(u64))
		return -EINVAL;
	r->len = len;
	r->offset = off;
	r->npfn = npfn;
	r->pfn = (const u64 *)((const u8 *)h + sizeof(*h));
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(stor_parse_range);

/**
 * stor_check_srb - check an EXECUTE_SRB request
 * @srb: the request, from the private copy
 * @r: its data buffer, or NULL when the packet was inband (no data)
 * @max_transfer: the largest buffer the host announced
 * @info: what to execute, when the answer is HVG2_SRB_STATUS_SUCCESS
 *
 * Return: HVG2_SRB_STATUS_SUCCESS to go ahead, HVG2_SRB_STATUS_INVALID_REQUEST
 * for a request no host could execute (the guest gets that status back).
 */
u8 stor_check_srb(const struct hvg2_vstor_srb *srb, const struct stor_range *r,
		  u32 max_transfer, struct stor_srb_info *info)
{
	u32 len = r ? r->len : 0;

	if (!srb->cdb_length || srb->cdb_length > HVG2_VSTOR_CDB_MAX)
		return HVG2_SRB_STATUS_INVALID_REQUEST;
	/* LIO reads as many CDB bytes as the opcode says: all must be here */
	if (scsi_command_size(srb->cdb) > srb->cdb_length)
		return HVG2_SRB_STATUS_INVALID_REQUEST;
	if (srb->data_transfer_length != len || len > max_transfer)
		return HVG2_SRB_STATUS_INVALID_REQUEST;

	switch (srb->data_in) {
	case HVG2_VSTOR_READ:
		info->dir = DMA_FROM_DEVICE;
		break;
	case HVG2_VSTOR_WRITE:
		info->dir = DMA_TO_DEVICE;
		break;
	case HVG2_VSTOR_UNKNOWN_DIR:
		info->dir = DMA_NONE;
		break;
	default:
		return HVG2_SRB_STATUS_INVALID_REQUEST;
	}
	/* a buffer needs a direction, a direction needs a buffer */
	if (info->dir == DMA_NONE ? len : !len)
		return HVG2_SRB_STATUS_INVALID_REQUEST;

	info->lun = srb->lun;
	info->other_target = srb->path_id || srb->target_id;
	return HVG2_SRB_STATUS_SUCCESS;
}
EXPORT_SYMBOL_IF_KUNIT(stor_check_srb);

/**
 * stor_sense_no_lun - is this LIO's answer for a LUN it does not have?
 * @sense: the sense data LIO returned with CHECK CONDITION
 * @len: its length
 *
 * LIO answers any command for an unmapped LUN (other than LUN 0, which it
 * emulates) with ILLEGAL REQUEST, LOGICAL UNIT NOT SUPPORTED (05/25/00).
 * Hyper-V answers SRB_STATUS_INVALID_LUN instead, and hv_storvsc depends
 * on it: a hot-removed LUN is found by the TEST UNIT READY it sends on a
 * bus notice, and only INVALID_LUN makes it remove the disk.
 *
 * Return: true for that sense, fixed or descriptor format.
 */
bool stor_sense_no_lun(const u8 *sense, u32 len)
{
	struct scsi_sense_hdr sshdr;

	if (!scsi_normalize_sense(sense, len, &sshdr))
		return false;
	return sshdr.sense_key == ILLEGAL_REQUEST && sshdr.asc == 0x25 &&
	       !sshdr.ascq;
}
EXPORT_SYMBOL_IF_KUNIT(stor_sense_no_lun);

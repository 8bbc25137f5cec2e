/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vstor protocol: synthetic SCSI over a VMBus channel, as Hyper-V
 * speaks it (protocol facts). Both ends use these: the guest driver
 * (hvg2_scsi) and the simulated host's storage service (hvg2_sim_stor).
 * Everything is little-endian native, __packed, and size-checked at the
 * bottom of this file.
 *
 * Every message is one struct hvg2_vstor_packet (64 bytes since Windows 8)
 * in the payload of a VMBus packet:
 *
 *   guest -> host  control operations: an inband packet (type 6) with
 *                  COMPLETION_REQUESTED; EXECUTE_SRB with data: a
 *                  GPA-direct packet (type 9) whose one GPA range names the
 *                  data pages, the vstor packet following the range.
 *   host -> guest  the answer to each request: a completion packet
 *                  (type 11) carrying the request's transaction id, whose
 *                  vstor packet says COMPLETE_IO with @status 0 on success;
 *                  unsolicited notices (ENUMERATE_BUS, REMOVE_DEVICE):
 *                  inband, transaction id 0.
 *
 * The handshake on the primary channel, each step waiting for its answer:
 * BEGIN_INITIALIZATION, QUERY_PROTOCOL_VERSION (newest first; a non-zero
 * @status refuses the version and the guest tries the next older one),
 * QUERY_PROPERTIES, END_INITIALIZATION, then optionally
 * CREATE_SUB_CHANNELS (the host then offers that many subchannels of the
 * device). Subchannels carry only EXECUTE_SRB.
 */
#ifndef _HVG2_VSTOR_WIRE_H
#define _HVG2_VSTOR_WIRE_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <linux/uuid.h>
#include "hvg2/ring_wire.h"

/* ---- device classes (offer interface type GUIDs) ---- */

/* synthetic SCSI controller: what Gen2 guests boot from */
#define HVG2_VSTOR_SCSI_GUID						\
	GUID_INIT(0xba6163d9, 0x04a1, 0x4d29, 0xb6, 0x05,		\
		  0x72, 0xe2, 0xff, 0xb1, 0xdc, 0x7f)
/* accelerated IDE (Gen1 only): the same protocol, one target */
#define HVG2_VSTOR_IDE_GUID						\
	GUID_INIT(0x32412632, 0x86cb, 0x44a2, 0x9b, 0x5c,		\
		  0x50, 0xd1, 0x41, 0x73, 0x54, 0xf5)

/* ---- protocol versions: major in the high byte, minor in the low ---- */

#define HVG2_VSTOR_VERSION(major, minor) \
	((u16)((((major) & 0xff) << 8) | ((minor) & 0xff)))
#define HVG2_VSTOR_VERSION_WIN6		HVG2_VSTOR_VERSION(2, 0)
#define HVG2_VSTOR_VERSION_WIN7		HVG2_VSTOR_VERSION(4, 2)
#define HVG2_VSTOR_VERSION_WIN8		HVG2_VSTOR_VERSION(5, 1)
#define HVG2_VSTOR_VERSION_WIN8_1	HVG2_VSTOR_VERSION(6, 0)
#define HVG2_VSTOR_VERSION_WIN10	HVG2_VSTOR_VERSION(6, 2)

/* ---- operations (hvg2_vstor_packet.operation) ---- */

enum hvg2_vstor_op {
	HVG2_VSTOR_OP_COMPLETE_IO		= 1,	/* host: the answer */
	HVG2_VSTOR_OP_REMOVE_DEVICE		= 2,	/* host: unsolicited */
	HVG2_VSTOR_OP_EXECUTE_SRB		= 3,
	HVG2_VSTOR_OP_RESET_LUN			= 4,
	HVG2_VSTOR_OP_RESET_ADAPTER		= 5,
	HVG2_VSTOR_OP_RESET_BUS			= 6,
	HVG2_VSTOR_OP_BEGIN_INITIALIZATION	= 7,
	HVG2_VSTOR_OP_END_INITIALIZATION	= 8,
	HVG2_VSTOR_OP_QUERY_PROTOCOL_VERSION	= 9,
	HVG2_VSTOR_OP_QUERY_PROPERTIES		= 10,
	HVG2_VSTOR_OP_ENUMERATE_BUS		= 11,	/* host: "rescan" */
	HVG2_VSTOR_OP_FCHBA_DATA		= 12,	/* Fibre Channel only */
	HVG2_VSTOR_OP_CREATE_SUB_CHANNELS	= 13,
	HVG2_VSTOR_OP_MAX			= 13,
};

/* hvg2_vstor_packet.flags: the sender wants an answer */
#define HVG2_VSTOR_FLAG_REQUEST_COMPLETION	0x1

/*
 * hvg2_vstor_packet.status: 0 is success. Linux guests only test for
 * non-zero; the value we answer a refused version with is Windows'
 * STATUS_REVISION_MISMATCH, any other failure STATUS_UNSUCCESSFUL.
 */
#define HVG2_VSTOR_STATUS_SUCCESS		0x00000000
#define HVG2_VSTOR_STATUS_REVISION_MISMATCH	0xc0000059
#define HVG2_VSTOR_STATUS_UNSUCCESSFUL		0xc0000001

/* ---- the SCSI request block ---- */

#define HVG2_VSTOR_CDB_MAX		16	/* CDB bytes the SRB holds */
/* sense bytes the SRB holds: 20 since Windows 8, 18 before */
#define HVG2_VSTOR_SENSE_SIZE		0x14
#define HVG2_VSTOR_SENSE_SIZE_PRE_WIN8	0x12

/*
 * hvg2_vstor_srb.data_in: the direction, from the guest's point of view.
 * It must agree with the DATA_IN/DATA_OUT bits of @srb_flags.
 */
#define HVG2_VSTOR_WRITE		0	/* guest -> device */
#define HVG2_VSTOR_READ			1	/* device -> guest */
#define HVG2_VSTOR_UNKNOWN_DIR		2	/* no data */

/* hvg2_vstor_srb.srb_flags (the Windows SRB_FLAGS_* values) */
#define HVG2_SRB_FLAGS_QUEUE_ACTION_ENABLE	0x00000002
#define HVG2_SRB_FLAGS_DISABLE_DISCONNECT	0x00000004
#define HVG2_SRB_FLAGS_DISABLE_SYNCH_TRANSFER	0x00000008
#define HVG2_SRB_FLAGS_BYPASS_FROZEN_QUEUE	0x00000010
#define HVG2_SRB_FLAGS_DISABLE_AUTOSENSE	0x00000020
#define HVG2_SRB_FLAGS_DATA_IN			0x00000040
#define HVG2_SRB_FLAGS_DATA_OUT			0x00000080
#define HVG2_SRB_FLAGS_NO_DATA_TRANSFER		0x00000000
#define HVG2_SRB_FLAGS_UNSPECIFIED_DIRECTION \
	(HVG2_SRB_FLAGS_DATA_IN | HVG2_SRB_FLAGS_DATA_OUT)
#define HVG2_SRB_FLAGS_NO_QUEUE_FREEZE		0x00000100
#define HVG2_SRB_FLAGS_ADAPTER_CACHE_ENABLE	0x00000200
#define HVG2_SRB_FLAGS_FREE_SENSE_BUFFER	0x00000400
#define HVG2_SRB_FLAGS_D3_PROCESSING		0x00000800

/* hvg2_vstor_srb.queue_tag / queue_action */
#define HVG2_SRB_UNTAGGED			0xff
#define HVG2_SRB_SIMPLE_TAG_REQUEST		0x20

/*
 * hvg2_vstor_srb.srb_status: the low 6 bits are a code, the top two are
 * flags. AUTOSENSE_VALID says @sense_data holds sense bytes (with SCSI
 * status CHECK CONDITION). Hyper-V answers a LUN that does not exist with
 * INVALID_LUN, which makes the guest's scan skip it.
 */
#define HVG2_SRB_STATUS_AUTOSENSE_VALID		0x80
#define HVG2_SRB_STATUS_QUEUE_FROZEN		0x40
#define HVG2_SRB_STATUS_CODE(s) \
	((s) & ~(HVG2_SRB_STATUS_AUTOSENSE_VALID | HVG2_SRB_STATUS_QUEUE_FROZEN))

#define HVG2_SRB_STATUS_PENDING			0x00
#define HVG2_SRB_STATUS_SUCCESS			0x01
#define HVG2_SRB_STATUS_ABORTED			0x02
#define HVG2_SRB_STATUS_ERROR			0x04
#define HVG2_SRB_STATUS_INVALID_REQUEST		0x06
#define HVG2_SRB_STATUS_NO_DEVICE		0x08
#define HVG2_SRB_STATUS_TIMEOUT			0x09
#define HVG2_SRB_STATUS_SELECTION_TIMEOUT	0x0a
#define HVG2_SRB_STATUS_BUS_RESET		0x0e
#define HVG2_SRB_STATUS_DATA_OVERRUN		0x12
#define HVG2_SRB_STATUS_INVALID_LUN		0x20
#define HVG2_SRB_STATUS_INTERNAL_ERROR		0x30

/*
 * The addressing a SCSI controller offers (what Linux guests configure):
 * path ids (SCSI channels) 0..7, targets 0..1, LUNs 0..254.
 */
#define HVG2_VSTOR_MAX_PATHS		8
#define HVG2_VSTOR_MAX_TARGETS		2
#define HVG2_VSTOR_MAX_LUNS		255

/**
 * struct hvg2_vstor_srb - a SCSI request block (request and answer)
 * @length: sizeof the SRB the guest uses: HVG2_VSTOR_SRB_SIZE since
 *	Windows 8, HVG2_VSTOR_SRB_SIZE_PRE_WIN8 before
 * @srb_status: answer: HVG2_SRB_STATUS_*
 * @scsi_status: answer: the SAM status byte (GOOD, CHECK CONDITION, ...)
 * @port_number: the controller's port (the guest echoes what it chose)
 * @path_id: the SCSI channel
 * @target_id: the target
 * @lun: the logical unit
 * @cdb_length: bytes of @cdb in use, at most HVG2_VSTOR_CDB_MAX
 * @sense_info_length: request: room for sense; answer: sense bytes given
 * @data_in: HVG2_VSTOR_WRITE/READ/UNKNOWN_DIR
 * @reserved: zero
 * @data_transfer_length: request: bytes of the data buffer (the GPA
 *	range's byte count); answer: bytes actually moved
 * @cdb: request: the command
 * @sense_data: answer: sense bytes, when @srb_status has AUTOSENSE_VALID
 * @reserve: zero (Windows 8 extension from here on)
 * @queue_tag: HVG2_SRB_UNTAGGED or a tag
 * @queue_action: HVG2_SRB_SIMPLE_TAG_REQUEST and friends
 * @srb_flags: HVG2_SRB_FLAGS_*
 * @time_out_value: seconds, advisory
 * @queue_sort_key: advisory
 *
 * @cdb and @sense_data share their bytes: the answer overwrites the CDB.
 */
struct hvg2_vstor_srb {
	u16 length;
	u8 srb_status;
	u8 scsi_status;

	u8 port_number;
	u8 path_id;
	u8 target_id;
	u8 lun;

	u8 cdb_length;
	u8 sense_info_length;
	u8 data_in;
	u8 reserved;

	u32 data_transfer_length;

	union {
		u8 cdb[HVG2_VSTOR_CDB_MAX];
		u8 sense_data[HVG2_VSTOR_SENSE_SIZE];
	};

	/* Windows 8 extension: absent in protocol versions before 5.1 */
	u16 reserve;
	u8 queue_tag;
	u8 queue_action;
	u32 srb_flags;
	u32 time_out_value;
	u32 queue_sort_key;
} __packed;

/* SRB sizes: with the Windows 8 extension (5.1 and later), and before */
#define HVG2_VSTOR_SRB_SIZE		0x34
#define HVG2_VSTOR_WIN8_EXT_SIZE	16
#define HVG2_VSTOR_SRB_SIZE_PRE_WIN8	\
	(HVG2_VSTOR_SRB_SIZE - HVG2_VSTOR_WIN8_EXT_SIZE)

/* ---- channel properties (QUERY_PROPERTIES answer) ---- */

/* hvg2_vstor_properties.flags: subchannels may be requested */
#define HVG2_VSTOR_PROP_MULTI_CHANNEL		0x1

/*
 * Legacy channel property flags of the Windows headers (removable media,
 * emulated IDE); Linux guests ignore them, our host never sets them.
 */
#define HVG2_VSTOR_CHANNEL_REMOVABLE		0x1
#define HVG2_VSTOR_CHANNEL_EMULATED_IDE		0x2

/**
 * struct hvg2_vstor_properties - what the controller can do
 * @reserved: zero
 * @max_channel_cnt: how many subchannels the guest may ask for (Linux
 *	guests ask for min(online CPUs - 1, this))
 * @reserved1: zero
 * @flags: HVG2_VSTOR_PROP_*
 * @max_transfer_bytes: the largest data buffer of one SRB
 * @reserved2: zero
 *
 * Linux guests also pass a zeroed copy of this structure as the user
 * data of each subchannel's OPENCHANNEL; the host ignores it.
 */
struct hvg2_vstor_properties {
	u32 reserved;
	u16 max_channel_cnt;
	u16 reserved1;
	u32 flags;
	u32 max_transfer_bytes;
	u64 reserved2;
} __packed;

/**
 * struct hvg2_vstor_version - QUERY_PROTOCOL_VERSION request
 * @major_minor: HVG2_VSTOR_VERSION_*
 * @revision: Windows build revision; guests send 0, hosts ignore it
 */
struct hvg2_vstor_version {
	u16 major_minor;
	u16 revision;
} __packed;

/**
 * struct hvg2_vstor_fc_wwn - FCHBA_DATA (virtual Fibre Channel only)
 * @primary_active: which of the two name pairs is in use
 * @reserved1: zero
 * @primary_port_wwn: port name, big endian bytes
 * @primary_node_wwn: node name
 * @secondary_port_wwn: port name
 * @secondary_node_wwn: node name
 */
struct hvg2_vstor_fc_wwn {
	u8 primary_active;
	u8 reserved1[3];
	u8 primary_port_wwn[8];
	u8 primary_node_wwn[8];
	u8 secondary_port_wwn[8];
	u8 secondary_node_wwn[8];
} __packed;

/* ---- the packet ---- */

#define HVG2_VSTOR_UNION_SIZE		0x34

/**
 * struct hvg2_vstor_packet - every vstor message
 * @operation: enum hvg2_vstor_op
 * @flags: HVG2_VSTOR_FLAG_*
 * @status: answer: 0 or an NTSTATUS (HVG2_VSTOR_STATUS_*)
 * @srb: EXECUTE_SRB, its COMPLETE_IO answer, RESET_BUS (@srb.path_id)
 * @props: QUERY_PROPERTIES answer
 * @version: QUERY_PROTOCOL_VERSION request
 * @wwn: FCHBA_DATA
 * @sub_channel_count: CREATE_SUB_CHANNELS request
 * @buffer: the union's full size
 *
 * Before protocol 5.1 the packet is HVG2_VSTOR_PACKET_SIZE_PRE_WIN8 bytes
 * (the SRB without its Windows 8 extension). A host must therefore accept
 * the shorter form until the version is agreed, and answer in the size the
 * guest used.
 */
struct hvg2_vstor_packet {
	u32 operation;
	u32 flags;
	u32 status;
	union {
		struct hvg2_vstor_srb srb;
		struct hvg2_vstor_properties props;
		struct hvg2_vstor_version version;
		struct hvg2_vstor_fc_wwn wwn;
		u16 sub_channel_count;
		u8 buffer[HVG2_VSTOR_UNION_SIZE];
	};
} __packed;

#define HVG2_VSTOR_PACKET_SIZE		64
#define HVG2_VSTOR_PACKET_SIZE_PRE_WIN8	\
	(HVG2_VSTOR_PACKET_SIZE - HVG2_VSTOR_WIN8_EXT_SIZE)

/* The packet size a protocol version uses. */
static inline u32 hvg2_vstor_packet_size(u16 version)
{
	return version >= HVG2_VSTOR_VERSION_WIN8 ?
		HVG2_VSTOR_PACKET_SIZE : HVG2_VSTOR_PACKET_SIZE_PRE_WIN8;
}

/* The sense buffer a protocol version has room for. */
static inline u32 hvg2_vstor_sense_size(u16 version)
{
	return version >= HVG2_VSTOR_VERSION_WIN8 ?
		HVG2_VSTOR_SENSE_SIZE : HVG2_VSTOR_SENSE_SIZE_PRE_WIN8;
}

/* ---- the VMBus packet around EXECUTE_SRB with data ---- */

/**
 * struct hvg2_vstor_gpa_hdr - start of a GPA-direct (type 9) packet
 * @desc: the descriptor: type HVG2_PKT_DATA_USING_GPA_DIRECT, flags
 *	HVG2_PKT_FLAG_COMPLETION_REQUESTED, offset8 past the PFN list
 * @reserved: zero
 * @range_count: GPA ranges that follow; storvsc always sends 1
 * @byte_count: range 0: the data buffer's length (the SRB's
 *	@data_transfer_length)
 * @byte_offset: where the buffer starts in the first page
 * @pfn: DIV_ROUND_UP(@byte_offset + @byte_count, 4096) page frame numbers
 *	(4 KiB Hyper-V pages), then the vstor packet at desc.offset8 * 8
 *
 * This is the "multi-page buffer" form: one range whose pages hold one
 * contiguous byte stream, every page but the first starting at offset 0
 * and every page but the last used to its end.
 */
struct hvg2_vstor_gpa_hdr {
	struct hvg2_pkt_desc desc;
	u32 reserved;
	u32 range_count;
	u32 byte_count;
	u32 byte_offset;
	u64 pfn[];
} __packed;

#define HVG2_VSTOR_PAGE_SIZE		4096	/* a GPA range's page */

/* ---- size checks: these are the wire ---- */

static_assert(sizeof(struct hvg2_vstor_srb) == HVG2_VSTOR_SRB_SIZE);
static_assert(offsetof(struct hvg2_vstor_srb, data_transfer_length) == 12);
static_assert(offsetof(struct hvg2_vstor_srb, cdb) == 16);
static_assert(offsetof(struct hvg2_vstor_srb, reserve) ==
	      HVG2_VSTOR_SRB_SIZE_PRE_WIN8);
static_assert(sizeof(struct hvg2_vstor_properties) == 24);
static_assert(sizeof(struct hvg2_vstor_version) == 4);
static_assert(sizeof(struct hvg2_vstor_fc_wwn) == 36);
static_assert(sizeof(struct hvg2_vstor_packet) == HVG2_VSTOR_PACKET_SIZE);
static_assert(offsetof(struct hvg2_vstor_packet, srb) == 12);
static_assert(sizeof(struct hvg2_vstor_gpa_hdr) == 32);

#endif /* _HVG2_VSTOR_WIRE_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_net: SR-IOV virtual function association, at the protocol level.
 *
 * From NVSP 4 the host may tell the guest that a VF with a given serial
 * number belongs to this NIC (SEND_VF_ASSOCIATION, allocated 1) or is gone
 * (allocated 0). A guest that enslaves the VF then asks the host to send
 * the data path through it (SWITCH_DATA_PATH, VF) and back to the
 * synthetic path before the VF goes away. No VF exists in the simulator:
 * the driver records what the host says and can build the switch message;
 * the KUnit suite covers both.
 */
#include "hvg2_net.h"

/**
 * hvg2_net_vf_assoc - record a SEND_VF_ASSOCIATION from the host
 * @nd: the device
 * @msg: the NVSP message (host-writable memory)
 * @len: its length
 *
 * Return: 0, or -EINVAL for a message too short or before NVSP 4.
 */
int hvg2_net_vf_assoc(struct hvg2_net *nd, const struct hvg2_nvsp_msg *msg,
		      u32 len)
{
	u32 allocated, serial;

	if (len < HVG2_NVSP_MSG_MIN(vf_assoc) || nd->nvsp_ver < HVG2_NVSP_VER_4)
		return -EINVAL;
	allocated = READ_ONCE(msg->vf_assoc.allocated);
	serial = READ_ONCE(msg->vf_assoc.serial);
	/* a serial is only meaningful while allocated */
	WRITE_ONCE(nd->vf_serial, allocated ? serial : 0);
	WRITE_ONCE(nd->vf_allocated, !!allocated);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_net_vf_assoc);

/**
 * hvg2_net_build_switch_datapath - the SWITCH_DATA_PATH message
 * @msg: filled in
 * @to_vf: the VF path (true) or the synthetic one (false)
 */
void hvg2_net_build_switch_datapath(struct hvg2_nvsp_msg *msg, bool to_vf)
{
	memset(msg, 0, sizeof(*msg));
	msg->type = HVG2_NVSP_MSG4_SWITCH_DATA_PATH;
	msg->switch_datapath.active_datapath = to_vf ? HVG2_NVSP_DATAPATH_VF :
						       HVG2_NVSP_DATAPATH_SYNTHETIC;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_net_build_switch_datapath);

/**
 * hvg2_net_switch_datapath - ask the host to switch the data path
 * @nd: the device
 * @to_vf: to the VF (it must be associated) or back to synthetic
 *
 * Return: 0, -ENODEV (no VF associated, or NVSP below 4), or the
 * channel's error.
 */
int hvg2_net_switch_datapath(struct hvg2_net *nd, bool to_vf)
{
	struct hvg2_nvsp_msg msg;

	if (nd->nvsp_ver < HVG2_NVSP_VER_4 ||
	    (to_vf && !READ_ONCE(nd->vf_allocated)))
		return -ENODEV;
	hvg2_net_build_switch_datapath(&msg, to_vf);
	return hvg2_net_nvsp_post(nd, &msg);
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_net_switch_datapath);

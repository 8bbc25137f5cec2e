// SPDX-License-Identifier: GPL-2.0
/*
 * Version negotiation: INITIATE_CONTACT with the newest version we speak,
 * then older ones until the host says yes (VERSION_RESPONSE with
 * version_supported set).
 *
 * From 5.0 on, INITIATE_CONTACT goes to connection id 4 and names the SINT
 * the host must use; the response carries the connection id for every
 * later message. Before 5.0 everything uses connection id 1 and the guest
 * hands over an interrupt page instead of a SINT.
 */
#include <linux/io.h>
#include <linux/module.h>
#include "internal.h"

/* Newest first. 5.1 is skipped by the host only when asked for, so include it. */
const u32 hvg2_vmbus_versions[] = {
	HVG2_VMBUS_V5_3,
	HVG2_VMBUS_V5_2,
	HVG2_VMBUS_V5_1,
	HVG2_VMBUS_V5_0,
	HVG2_VMBUS_V4_1,
	HVG2_VMBUS_V4_0,
	HVG2_VMBUS_V3_0,
};
EXPORT_SYMBOL_IF_KUNIT(hvg2_vmbus_versions);
const unsigned int hvg2_vmbus_nversions = ARRAY_SIZE(hvg2_vmbus_versions);
EXPORT_SYMBOL_IF_KUNIT(hvg2_vmbus_nversions);

static unsigned int hvg2_max_version = HVG2_VMBUS_V5_3;
module_param_named(max_version, hvg2_max_version, uint, 0444);
MODULE_PARM_DESC(max_version, "Newest VMBus version to ask for, (major << 16) | minor");

/**
 * hvg2_version_next - the next version to try
 * @tried: the version the host just refused, or 0 to start
 * @max: the newest version we may ask for
 *
 * Return: the newest version in our list that is older than @tried (or
 * any, for 0) and not newer than @max; 0 when none is left.
 */
u32 hvg2_version_next(u32 tried, u32 max)
{
	unsigned int i;

	for (i = 0; i < hvg2_vmbus_nversions; i++) {
		u32 v = hvg2_vmbus_versions[i];

		if (v > max || (tried && v >= tried))
			continue;
		return v;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hvg2_version_next);

/**
 * hvg2_vmbus_version - the VMBus version in use
 *
 * Return: (major << 16) | minor, or 0 when not connected to a host.
 */
u32 hvg2_vmbus_version(void)
{
	return READ_ONCE(hvg2_conn.version);
}
EXPORT_SYMBOL_GPL(hvg2_vmbus_version);

static int hvg2_try_version(u32 version)
{
	struct hvg2_link *link = hvg2_conn.cur_link;
	struct hvg2_vmbus_msg_version_response resp;
	struct hvg2_vmbus_msg_initiate_contact msg = {
		.hdr.msgtype = HVG2_CHMSG_INITIATE_CONTACT,
		.version = version,
		.target_vcpu = link->ops->vp_index(link, 0),
		.monitor_page1 = virt_to_phys(hvg2_conn.monitor_pages[0]),
		.monitor_page2 = virt_to_phys(hvg2_conn.monitor_pages[1]),
	};
	u32 conn_id;
	int ret;

	if (version >= HVG2_VMBUS_V5_0) {
		msg.msg_sint = HVG2_VMBUS_SINT;
		conn_id = HVG2_VMBUS_CONN_ID_MSG_5;
	} else {
		msg.interrupt_page = virt_to_phys(hvg2_conn.int_page);
		conn_id = HVG2_VMBUS_CONN_ID_MSG;
	}
	ret = hvg2_request(NULL, conn_id, &msg, sizeof(msg),
			   HVG2_CHMSG_VERSION_RESPONSE, 0, &resp, sizeof(resp));
	if (ret)
		return ret;
	if (!resp.version_supported)
		return -EPROTONOSUPPORT;
	hvg2_conn.version = version;
	hvg2_conn.msg_conn_id = version >= HVG2_VMBUS_V5_0 ?
				resp.msg_conn_id : HVG2_VMBUS_CONN_ID_MSG;
	return 0;
}

/* Connect: newest first; a timeout or post failure ends the attempt. */
int hvg2_negotiate(void)
{
	u32 v = 0;
	int ret;

	while ((v = hvg2_version_next(v, hvg2_max_version))) {
		/* older hosts cannot serve an isolated guest (as upstream) */
		if (hvg2_conn.cur_link->isolated && v < HVG2_VMBUS_V5_2)
			break;
		ret = hvg2_try_version(v);
		if (!ret) {
			pr_info("hvg2_vmbus: connected, version %u.%u, message connection %u\n",
				v >> 16, v & 0xffff, hvg2_conn.msg_conn_id);
			return 0;
		}
		if (ret != -EPROTONOSUPPORT)
			return ret;
	}
	pr_err("hvg2_vmbus: the host supports none of our versions\n");
	return -EPROTONOSUPPORT;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_hvapi: the kernel's own VMBus driver API over our transport, so the
 * kernel's VMBus drivers (hv_storvsc, hv_netvsc), unmodified, run on
 * hvg2_vmbus. Compiled against the kernel's <linux/hyperv.h>: the structures
 * are the very ones those drivers were built with. Table of contents:
 *
 *   bus.c      the "hvg2_hvapi" bus and __vmbus_driver_register(); the
 *              hvg2_vmbus driver that makes an hv_device of each of our
 *              devices in the chosen classes; vmbus_proto_version
 *   channel.c  vmbus_open/close, interrupt dispatch by callback_mode,
 *              vmbus_establish/teardown_gpadl, vmbus_set_sc_create_callback
 *   ring.c     struct hv_ring_buffer_info kept coherent with our rings;
 *              vmbus_sendpacket(_getid, _mpb_desc); hv_pkt_iter_*
 *   rqstor.c   vmbus_next_request_id, vmbus_request_addr(_match)
 *
 * The symbols carry upstream's names: the kernel refuses to load this
 * module beside hv_vmbus (duplicate exports), and hvg2_vmbus, which it
 * needs, refuses to load beside hv_vmbus too. Documentation/hvapi.rst.
 */
#include <linux/module.h>
#include "hvapi.h"

static int __init hvapi_init(void)
{
	return hvapi_bus_init();
}

module_init(hvapi_init);

static void __exit hvapi_exit(void)
{
	hvapi_bus_exit();
}
module_exit(hvapi_exit);

MODULE_DESCRIPTION("hvgen2: the upstream VMBus driver API over hvg2_vmbus");
MODULE_LICENSE("GPL");

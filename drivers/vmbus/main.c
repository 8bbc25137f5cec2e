// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_vmbus: the VMBus transport. Table of contents:
 *
 *   main.c     this file: module init/exit; a link registers, we connect
 *              (version, REQUESTOFFERS, ALLOFFERS_DELIVERED); it
 *              unregisters, we disconnect (remove devices, UNLOAD)
 *   msg.c      the interrupt, posting, waiting for responses
 *   version.c  version negotiation
 *   offer.c    offers and rescinds
 *   bus.c      the "vmbus" bus, sysfs, uevents, driver registration
 *   gpadl.c    GPADLs
 *   channel.c  channels: open/close, send/receive, polled mode
 *   chanring.c a channel's ring memory and its GPADL
 *   sysfs.c    per-channel counters
 *   cpu.c      CPU offline: channels move to another CPU
 *   reqid.c    the request-id table
 *   visible.c  host-visible pages for isolated guests
 *   monitor.c  the monitor pages and their sysfs view
 *
 * The module loads without a link: the bus exists and drivers can
 * register. Devices appear when a link (the Hyper-V link, or hvg2_sim)
 * registers and the host offers them.
 */
#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include "internal.h"

struct hvg2_vmbus_conn hvg2_conn;

/* ---- connect ---- */

static int hvg2_request_offers(void)
{
	struct hvg2_vmbus_msg_hdr msg = { .msgtype = HVG2_CHMSG_REQUESTOFFERS };
	unsigned long t = msecs_to_jiffies(hvg2_msg_timeout_ms);
	int ret;

	reinit_completion(&hvg2_conn.all_offers);
	ret = hvg2_post(&msg, sizeof(msg));
	if (ret)
		return ret;
	if (!wait_for_completion_timeout(&hvg2_conn.all_offers, t))
		pr_warn("hvg2_vmbus: no ALLOFFERS_DELIVERED; continuing with what was offered\n");
	/* the offers before it are handled in order: wait for their devices */
	flush_workqueue(hvg2_conn.wq);
	return 0;
}

static int hvg2_unload(void)
{
	struct hvg2_vmbus_msg_hdr msg = { .msgtype = HVG2_CHMSG_UNLOAD };
	struct hvg2_vmbus_msg_hdr resp;

	return hvg2_request(NULL, hvg2_conn.msg_conn_id, &msg, sizeof(msg),
			    HVG2_CHMSG_UNLOAD_RESPONSE, 0, &resp, sizeof(resp));
}

static void hvg2_link_unpublish(void)
{
	rcu_assign_pointer(hvg2_conn.link, NULL);
	/* No interrupt is still looking at the link's pages. */
	synchronize_rcu();
	flush_workqueue(hvg2_conn.wq);
}

/**
 * hvg2_vmbus_register_link - connect through a link
 * @link: the link, its per-CPU pages ready
 *
 * Return: 0 when connected; -EBUSY if a link is registered; the
 * negotiation's error otherwise (the link is then not registered).
 */
int hvg2_vmbus_register_link(struct hvg2_link *link)
{
	int ret;

	mutex_lock(&hvg2_conn.link_lock);
	ret = -EBUSY;
	if (hvg2_conn.cur_link)
		goto unlock;
	hvg2_conn.cur_link = link;
	/* named in INITIATE_CONTACT; host-visible first if the link wants */
	ret = hvg2_monitor_pages_get();
	if (ret) {
		hvg2_conn.cur_link = NULL;
		goto unlock;
	}
	/* the interrupt reads the link: publish it before the first message */
	rcu_assign_pointer(hvg2_conn.link, link);
	ret = hvg2_negotiate();
	if (!ret)
		ret = hvg2_request_offers();
	if (ret) {
		hvg2_waiters_fail_all();
		hvg2_link_unpublish();
		hvg2_offers_remove_all();
		/* a host that never answered may hold them: as upstream, free */
		hvg2_monitor_pages_put();
		hvg2_conn.cur_link = NULL;
		goto unlock;
	}
	hvg2_conn.connected = true;
	if (link->mmio)
		hvg2_mmio_space_set(&hvg2_conn.mmio, link->mmio, link->nmmio);
	pr_info("hvg2_vmbus: link %s registered\n", link->name);
unlock:
	mutex_unlock(&hvg2_conn.link_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(hvg2_vmbus_register_link);

/**
 * hvg2_vmbus_unregister_link - disconnect and forget the link
 * @link: the registered link
 *
 * Removes every device (their drivers close their channels while the host
 * still answers), sends UNLOAD and waits for UNLOAD_RESPONSE (bounded).
 */
void hvg2_vmbus_unregister_link(struct hvg2_link *link)
{
	int ret;

	mutex_lock(&hvg2_conn.link_lock);
	if (WARN_ON(hvg2_conn.cur_link != link))
		goto unlock;
	hvg2_offers_remove_all();
	ret = hvg2_unload();
	if (ret)
		pr_warn("hvg2_vmbus: UNLOAD not answered: %d\n", ret);
	hvg2_conn.connected = false;
	hvg2_waiters_fail_all();
	hvg2_link_unpublish();
	/* offers that raced with UNLOAD */
	hvg2_offers_remove_all();
	/* the host has let go of every page we gave it */
	hvg2_quarantine_free_all();
	hvg2_vis_gpadls_forget();
	hvg2_monitor_pages_put();
	hvg2_mmio_space_destroy(&hvg2_conn.mmio);
	hvg2_conn.cur_link = NULL;
	hvg2_conn.version = 0;
	pr_info("hvg2_vmbus: link %s unregistered\n", link->name);
unlock:
	mutex_unlock(&hvg2_conn.link_lock);
}
EXPORT_SYMBOL_GPL(hvg2_vmbus_unregister_link);

/**
 * hvg2_vmbus_link_msg_conn_id - the connection id channel messages go to
 * @link: the registered link
 *
 * For a link that must send UNLOAD by itself, with interrupts off, when
 * the kernel is about to kexec or has crashed (the transport cannot sleep
 * for an answer then).
 *
 * Return: the id negotiated with the host, or 0 when @link is not
 * connected.
 */
u32 hvg2_vmbus_link_msg_conn_id(struct hvg2_link *link)
{
	if (READ_ONCE(hvg2_conn.cur_link) != link ||
	    !READ_ONCE(hvg2_conn.connected))
		return 0;
	return READ_ONCE(hvg2_conn.msg_conn_id);
}
EXPORT_SYMBOL_GPL(hvg2_vmbus_link_msg_conn_id);

/* ---- module ---- */

static void hvg2_free_pages(void)
{
	free_page((unsigned long)hvg2_conn.int_page);
}

static int __init hvg2_vmbus_init(void)
{
	int ret;

	hvg2_mmio_space_init(&hvg2_conn.mmio);
	mutex_init(&hvg2_conn.link_lock);
	spin_lock_init(&hvg2_conn.wait_lock);
	spin_lock_init(&hvg2_conn.relid_lock);
	INIT_LIST_HEAD(&hvg2_conn.waiters);
	init_completion(&hvg2_conn.all_offers);
	/* Handles start high, as on Hyper-V, so they stand out in traces. */
	atomic_set(&hvg2_conn.next_gpadl, 0xe1e10);

	/*
	 * The interrupt page (before 5.0), shared with the host. Never
	 * host-visible: an isolated guest speaks 5.2 or later. The monitor
	 * pages come with each connection (monitor.c).
	 */
	hvg2_conn.int_page = (void *)get_zeroed_page(GFP_KERNEL);
	ret = -ENOMEM;
	if (!hvg2_conn.int_page)
		goto free_pages;
	hvg2_conn.wq = alloc_ordered_workqueue("hvg2_vmbus", 0);
	if (!hvg2_conn.wq)
		goto free_pages;
	ret = hvg2_bus_init();
	if (ret)
		goto destroy_wq;
	ret = hvg2_cpu_init();
	if (ret)
		goto exit_bus;
	return 0;

exit_bus:
	hvg2_bus_exit();
destroy_wq:
	destroy_workqueue(hvg2_conn.wq);
free_pages:
	hvg2_free_pages();
	return ret;
}

static void __exit hvg2_vmbus_exit(void)
{
	/* A link module depends on us: it is gone, and unregistered. */
	hvg2_cpu_exit();
	hvg2_bus_exit();
	destroy_workqueue(hvg2_conn.wq);
	hvg2_free_pages();
}

module_init(hvg2_vmbus_init);
module_exit(hvg2_vmbus_exit);
MODULE_DESCRIPTION("hvgen2 VMBus transport");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_sim: a simulated Hyper-V host, inside the guest kernel.
 *
 * It registers with the transport as a link and plays both parts Hyper-V
 * plays: the hypervisor (synic.c: SynIC message slots and event flags in
 * the real formats, the interrupt, the post-message and signal-event
 * hypercalls) and the host (host.c, hgpadl.c: version negotiation, offers,
 * GPADLs, open/close, rescind, UNLOAD) and hands each channel's ring work
 * to its device class's backend (backend.c; echo.c built in, others in
 * modules of their own, hvg2_sim_backend.h).
 * Devices are created through configfs (configfs.c), or at load time with
 * echo_devices=N.
 *
 *   guest drivers -> hvg2_vmbus -> link ops ---> sim host (workqueues)
 *   guest drivers <- hvg2_vmbus <- SynIC pages + IPI <--------'
 */
#include <linux/module.h>
#include <linux/slab.h>
#include "internal.h"

struct sim_host sim_host;

unsigned int sim_max_version = HVG2_VMBUS_V5_3;
module_param_named(max_version, sim_max_version, uint, 0644);
MODULE_PARM_DESC(max_version, "Newest VMBus version the host accepts, (major << 16) | minor");

static unsigned int sim_echo_devices;
module_param_named(echo_devices, sim_echo_devices, uint, 0444);
MODULE_PARM_DESC(echo_devices, "Echo devices offered from the start");

/* In the simulation a vCPU's number is the CPU's. */
static u32 sim_vp_index(struct hvg2_link *link, unsigned int cpu)
{
	return cpu;
}

static const struct hvg2_link_ops sim_link_ops = {
	.post_msg = sim_post_from_guest,
	.signal_event = sim_signal_from_guest,
	.eom = sim_eom,
	.vp_index = sim_vp_index,
};

static void sim_free_param_devs(struct sim_host *h)
{
	struct hvg2_sim_dev *d, *tmp;

	list_for_each_entry_safe(d, tmp, &h->devs, node) {
		if (!d->from_param)
			continue;
		sim_dev_destroy(d);
		sim_dev_free(d);
	}
}

static int sim_add_param_devs(struct sim_host *h)
{
	unsigned int i;

	for (i = 0; i < sim_echo_devices; i++) {
		char name[16];
		struct hvg2_sim_dev *d;
		int ret;

		snprintf(name, sizeof(name), "echo%u", i);
		d = sim_dev_alloc(h, name);
		if (!d)
			return -ENOMEM;
		ret = sim_dev_set_backend(d, &sim_echo_backend);
		if (ret) {
			sim_dev_free(d);
			return ret;
		}
		d->from_param = true;
		d->enabled = true;
		mutex_lock(&h->lock);
		list_add_tail(&d->node, &h->devs);
		mutex_unlock(&h->lock);
	}
	return 0;
}

static int __init sim_init(void)
{
	struct sim_host *h = &sim_host;
	int ret;

	mutex_init(&h->lock);
	mutex_init(&h->gpadl_lock);
	INIT_LIST_HEAD(&h->devs);
	INIT_LIST_HEAD(&h->gpadls);
	h->link.name = "hvg2_sim";
	h->link.owner = THIS_MODULE;
	h->link.ops = &sim_link_ops;
	h->link.priv = h;

	ret = -ENOMEM;
	h->msg_wq = alloc_ordered_workqueue("hvg2_sim_msg", 0);
	/*
	 * unbound: the host's ring work runs beside the guest, like host
	 * CPUs; its cpumask in sysfs (WQ_SYSFS) can keep it off some of them
	 */
	h->data_wq = alloc_workqueue("hvg2_sim_data", WQ_UNBOUND | WQ_SYSFS, 0);
	if (!h->msg_wq || !h->data_wq)
		goto free_wq;
	ret = sim_synic_init(h);
	if (ret)
		goto free_wq;
	ret = sim_backends_init();
	if (ret)
		goto exit_synic;
	ret = sim_add_param_devs(h);
	if (ret)
		goto free_devs;
	ret = sim_configfs_init();
	if (ret)
		goto free_devs;
	ret = hvg2_vmbus_register_link(&h->link);
	if (ret)
		goto exit_configfs;
	return 0;

exit_configfs:
	sim_configfs_exit();
free_devs:
	sim_free_param_devs(h);
	flush_workqueue(h->msg_wq);
	sim_backends_exit();
exit_synic:
	sim_synic_exit(h);
free_wq:
	if (h->data_wq)
		destroy_workqueue(h->data_wq);
	if (h->msg_wq)
		destroy_workqueue(h->msg_wq);
	return ret;
}

static void __exit sim_exit(void)
{
	struct sim_host *h = &sim_host;

	/* configfs devices hold module references: none is left */
	sim_configfs_exit();
	/* the guest removes its devices and UNLOADs: the host lets go */
	hvg2_vmbus_unregister_link(&h->link);
	flush_workqueue(h->msg_wq);
	sim_free_param_devs(h);
	mutex_lock(&h->lock);
	sim_gpadls_free_relid(h, 0, true);
	mutex_unlock(&h->lock);
	sim_backends_exit();
	destroy_workqueue(h->data_wq);
	destroy_workqueue(h->msg_wq);
	sim_synic_exit(h);
}

module_init(sim_init);
module_exit(sim_exit);
MODULE_DESCRIPTION("hvgen2 simulated Hyper-V host (VMBus link)");
MODULE_LICENSE("GPL");

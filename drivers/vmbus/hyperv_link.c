// SPDX-License-Identifier: GPL-2.0
/*
 * hvg2_hv: the real Hyper-V link (x86). Thin on purpose: everything it
 * does is in hv_hw.c (tested with a fake) or the transport.
 *
 *   ACPI VMBus device (_HID MSFT1000 / VMBUS, _CID VMBus)
 *     _CRS MMIO windows -> handed to the transport's allocator (mmio.c)
 *   per CPU (cpuhp): message page + event page, SIMP/SIEFP/SINT2/SCONTROL
 *   the VMBus vector: hv_setup_vmbus_handler() -> hvg2_vmbus_link_interrupt()
 *   post_msg: HvPostMessage (0x5c) from the per-CPU hypercall input page
 *   signal_event: HvSignalEvent (0x5d), fast
 *   eom: the EOM MSR
 *
 * It refuses to load unless Hyper-V initialised the guest, and beside the
 * in-tree hv_vmbus (the transport refuses a second "vmbus" bus; the
 * vector handler can have one owner). kexec and crash: UNLOAD, its answer
 * polled with interrupts off, then the SynIC of the CPU doing it is
 * switched off so the next kernel starts clean.
 *
 * Untested on Hyper-V here (no host is reachable); hv_hw.c's encoding and
 * ordering are covered by the hvg2_vmbus KUnit suite.
 */
#include <linux/acpi.h>
#include <linux/cpuhotplug.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <asm/mshyperv.h>
#include "hvg2/link.h"
#include "hvg2_vmbus_compat.h"
#include "hv_hw.h"

#define HVG2_HV_MAX_WINDOWS	4

static struct {
	struct hvg2_link link;
	struct resource mmio[HVG2_HV_MAX_WINDOWS];
	/* nr_cpu_ids message pages for the emergency UNLOAD (no allocating then) */
	struct hvg2_hv_message_page **unload_pages;
	unsigned int nmmio;
	int cpuhp_state;
	bool registered;
} hvg2_hv;

/* ---- primitives ---- */

static u64 hvg2_hv_rdmsr(u32 msr)
{
	u64 v;

	hvg2_rdmsr(msr, v);
	return v;
}

static void hvg2_hv_wrmsr(u32 msr, u64 val)
{
	hvg2_wrmsr(msr, val);
}

static u64 hvg2_hv_post_hc(struct hvg2_hv_post_message *in)
{
	return hv_do_hypercall(HVG2_HVCALL_POST_MESSAGE, in, NULL);
}

static u64 hvg2_hv_signal_hc(u32 conn_id)
{
	return hv_do_fast_hypercall8(HVG2_HVCALL_SIGNAL_EVENT, conn_id);
}

static const struct hvg2_hv_hw hvg2_hv_real = {
	.read_msr = hvg2_hv_rdmsr,
	.write_msr = hvg2_hv_wrmsr,
	.post_message = hvg2_hv_post_hc,
	.signal_event = hvg2_hv_signal_hc,
};

/* ---- link ops ---- */

static int hvg2_hv_post_msg(struct hvg2_link *link, u32 conn_id,
			    const void *msg, u32 len)
{
	struct hvg2_hv_post_message *in;
	unsigned long flags;
	u64 status;
	int ret;

	/* the per-CPU input page is the hypervisor-visible one: irqs off */
	local_irq_save(flags);
	in = *this_cpu_ptr(hyperv_pcpu_input_arg);
	ret = hvg2_hv_encode_post(in, conn_id, msg, len);
	if (!ret) {
		status = hvg2_hv_real.post_message(in);
		ret = hvg2_hv_status_errno(status);
	}
	local_irq_restore(flags);
	return ret;
}

static void hvg2_hv_signal_event(struct hvg2_link *link, u32 conn_id)
{
	hvg2_hv_real.signal_event(conn_id);
}

static void hvg2_hv_eom_op(struct hvg2_link *link, unsigned int cpu)
{
	/* the transport calls this from the interrupt, on @cpu */
	hvg2_hv_eom(&hvg2_hv_real);
}

static u32 hvg2_hv_vp_index(struct hvg2_link *link, unsigned int cpu)
{
	return hv_vp_index ? hv_vp_index[cpu] : cpu;
}

static const struct hvg2_link_ops hvg2_hv_ops = {
	.post_msg = hvg2_hv_post_msg,
	.signal_event = hvg2_hv_signal_event,
	.eom = hvg2_hv_eom_op,
	.vp_index = hvg2_hv_vp_index,
};

/* ---- SynIC, per CPU ---- */

static void hvg2_hv_isr(void)
{
	hvg2_vmbus_link_interrupt(&hvg2_hv.link);
}

static int hvg2_hv_cpu_online(unsigned int cpu)
{
	struct hvg2_link_synic *s = per_cpu_ptr(hvg2_hv.link.synic, cpu);
	bool aeoi = !(ms_hyperv.hints & HVG2_HV_HINT_DEPRECATING_AEOI);

	hvg2_hv_synic_enable(&hvg2_hv_real, virt_to_phys(s->msg_page),
			     virt_to_phys(s->event_page),
			     HYPERVISOR_CALLBACK_VECTOR, aeoi);
	return 0;
}

static int hvg2_hv_cpu_offline(unsigned int cpu)
{
	hvg2_hv_synic_disable(&hvg2_hv_real);
	return 0;
}

static void hvg2_hv_free_pages(void)
{
	unsigned int cpu;

	if (!hvg2_hv.link.synic)
		return;
	for_each_possible_cpu(cpu) {
		struct hvg2_link_synic *s = per_cpu_ptr(hvg2_hv.link.synic, cpu);

		free_page((unsigned long)s->msg_page);
		free_page((unsigned long)s->event_page);
	}
	free_percpu(hvg2_hv.link.synic);
	hvg2_hv.link.synic = NULL;
	kfree(hvg2_hv.unload_pages);
	hvg2_hv.unload_pages = NULL;
}

static int hvg2_hv_alloc_pages(void)
{
	unsigned int cpu;

	hvg2_hv.link.synic = alloc_percpu(struct hvg2_link_synic);
	if (!hvg2_hv.link.synic)
		return -ENOMEM;
	hvg2_hv.unload_pages = kcalloc(nr_cpu_ids, sizeof(*hvg2_hv.unload_pages),
				       GFP_KERNEL);
	if (!hvg2_hv.unload_pages) {
		hvg2_hv_free_pages();
		return -ENOMEM;
	}
	for_each_possible_cpu(cpu) {
		struct hvg2_link_synic *s = per_cpu_ptr(hvg2_hv.link.synic, cpu);

		s->msg_page = (void *)get_zeroed_page(GFP_KERNEL);
		s->event_page = (void *)get_zeroed_page(GFP_KERNEL);
		if (!s->msg_page || !s->event_page) {
			hvg2_hv_free_pages();
			return -ENOMEM;
		}
	}
	return 0;
}

/*
 * kexec and crash. The host still maps every ring and GPADL this kernel
 * shared; the next kernel (kexec'd or kdump) reuses that memory. UNLOAD
 * makes the host let go first; it is posted and its answer polled with
 * interrupts off (the crash path may run with the other CPUs stopped, so
 * every CPU's message page is looked at: the answer goes to the CPU the
 * connection targets). Then this CPU's SynIC is switched off so the next
 * kernel starts clean.
 */
#define HVG2_HV_UNLOAD_MS	2000	/* upstream waits about as long */

static void hvg2_hv_emergency_unload(void)
{
	struct hvg2_hv_message_page **pages = hvg2_hv.unload_pages;
	unsigned int cpu, n = 0, own = 0;
	unsigned long flags;
	u32 conn_id;
	int ret;

	conn_id = hvg2_vmbus_link_msg_conn_id(&hvg2_hv.link);
	if (!conn_id || !pages)
		return;
	local_irq_save(flags);
	for_each_online_cpu(cpu) {
		if (n >= nr_cpu_ids)
			break;
		if (cpu == smp_processor_id())
			own = n;
		pages[n++] = per_cpu_ptr(hvg2_hv.link.synic, cpu)->msg_page;
	}
	ret = hvg2_hv_unload_polled(&hvg2_hv_real,
				    *this_cpu_ptr(hyperv_pcpu_input_arg),
				    conn_id, pages, n, own, HVG2_HV_UNLOAD_MS);
	local_irq_restore(flags);
	if (ret)
		pr_emerg("hvg2_hv: UNLOAD before kexec/crash: %d\n", ret);
}

static void hvg2_hv_kexec(void)
{
	hvg2_hv_emergency_unload();
	hvg2_hv_synic_disable(&hvg2_hv_real);
}

static void hvg2_hv_crash(struct pt_regs *regs)
{
	hvg2_hv_emergency_unload();
	hvg2_hv_synic_disable(&hvg2_hv_real);
}

/* ---- ACPI ---- */

static acpi_status hvg2_hv_crs(struct acpi_resource *res, void *ctx)
{
	struct resource_win win;

	if (hvg2_hv.nmmio >= HVG2_HV_MAX_WINDOWS)
		return AE_OK;
	if (!acpi_dev_resource_address_space(res, &win) ||
	    resource_type(&win.res) != IORESOURCE_MEM)
		return AE_OK;
	hvg2_hv.mmio[hvg2_hv.nmmio++] = win.res;
	pr_info("hvg2_hv: MMIO window %pR\n", &win.res);
	return AE_OK;
}

static int hvg2_hv_probe(struct platform_device *pdev)
{
	struct acpi_device *adev = ACPI_COMPANION(&pdev->dev);
	int ret;

	if (!adev)
		return -ENODEV;
	hvg2_hv.nmmio = 0;
	acpi_walk_resources(adev->handle, METHOD_NAME__CRS, hvg2_hv_crs, NULL);
	hvg2_hv.link.mmio = hvg2_hv.mmio;
	hvg2_hv.link.nmmio = hvg2_hv.nmmio;

	ret = hvg2_hv_alloc_pages();
	if (ret)
		return ret;
	hv_setup_vmbus_handler(hvg2_hv_isr);
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "hvg2/hv:online",
				hvg2_hv_cpu_online, hvg2_hv_cpu_offline);
	if (ret < 0)
		goto remove_handler;
	hvg2_hv.cpuhp_state = ret;
	hv_setup_kexec_handler(hvg2_hv_kexec);
	hv_setup_crash_handler(hvg2_hv_crash);
	ret = hvg2_vmbus_register_link(&hvg2_hv.link);
	if (ret)
		goto remove_cpuhp;
	hvg2_hv.registered = true;
	return 0;

remove_cpuhp:
	hv_remove_kexec_handler();
	hv_remove_crash_handler();
	cpuhp_remove_state(hvg2_hv.cpuhp_state);
remove_handler:
	hv_remove_vmbus_handler();
	hvg2_hv_free_pages();
	return ret;
}

static void hvg2_hv_teardown(void)
{
	if (!hvg2_hv.registered)
		return;
	/* the transport first (UNLOAD), then the SynIC, then the pages */
	hvg2_vmbus_unregister_link(&hvg2_hv.link);
	hv_remove_kexec_handler();
	hv_remove_crash_handler();
	cpuhp_remove_state(hvg2_hv.cpuhp_state);
	hv_remove_vmbus_handler();
	hvg2_hv_free_pages();
	hvg2_hv.registered = false;
}

static void hvg2_hv_remove(struct platform_device *pdev)
{
	hvg2_hv_teardown();
}

static const struct acpi_device_id hvg2_hv_acpi_ids[] = {
	{ "MSFT1000", 0 },
	{ "VMBUS", 0 },
	{ "VMBus", 0 },
	{ }
};
MODULE_DEVICE_TABLE(acpi, hvg2_hv_acpi_ids);

static struct platform_driver hvg2_hv_driver = {
	.probe = hvg2_hv_probe,
	HVG2_PLATFORM_REMOVE(hvg2_hv_remove),
	.driver = {
		.name = "hvg2_hv",
		.acpi_match_table = hvg2_hv_acpi_ids,
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
};

static int __init hvg2_hv_init(void)
{
	if (!hv_is_hyperv_initialized()) {
		pr_info("hvg2_hv: not running on Hyper-V\n");
		return -ENODEV;
	}
	hvg2_hv.link.name = "hyperv";
	hvg2_hv.link.owner = THIS_MODULE;
	hvg2_hv.link.ops = &hvg2_hv_ops;
	hvg2_hv.link.isolated = hv_is_isolation_supported();
	return platform_driver_register(&hvg2_hv_driver);
}

static void __exit hvg2_hv_exit(void)
{
	platform_driver_unregister(&hvg2_hv_driver);
}

module_init(hvg2_hv_init);
module_exit(hvg2_hv_exit);
MODULE_DESCRIPTION("hvgen2 VMBus link to Hyper-V");
MODULE_LICENSE("GPL");

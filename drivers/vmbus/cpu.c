// SPDX-License-Identifier: GPL-2.0
/*
 * CPU offline: move the channels that interrupt a CPU somewhere else
 * before it goes. The kernel's own transport refuses to offline such a
 * CPU; with MODIFYCHANNEL (VMBus 4.1+) we can do better.
 *
 *   teardown callback (runs on the outgoing CPU, may sleep):
 *     for each channel targeting it: MODIFYCHANNEL -> another online CPU;
 *       from 5.3 the host acknowledges, and only then has it switched
 *     then run the interrupt handler once more on this CPU: event bits the
 *     host set before it switched are not lost with the CPU
 *
 * Refused (-EBUSY, the offline fails cleanly): the CPU that receives the
 * channel messages, versions before 4.1, or a host that does not answer.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/rcupdate.h>
#include "internal.h"

static int hvg2_cpuhp_state = -1;

static int hvg2_modify_channel(struct hvg2_channel *ch, unsigned int cpu)
{
	struct hvg2_link *link = hvg2_conn.cur_link;
	struct hvg2_vmbus_msg_modify msg = {
		.hdr.msgtype = HVG2_CHMSG_MODIFYCHANNEL,
		.child_relid = ch->relid,
		.target_vp = link->ops->vp_index(link, cpu),
	};
	struct hvg2_vmbus_msg_modify_response r;
	int ret;

	/* before 5.3 the host does not acknowledge */
	if (hvg2_conn.version < HVG2_VMBUS_V5_3)
		return hvg2_post(&msg, sizeof(msg));
	ret = hvg2_request(ch, hvg2_conn.msg_conn_id, &msg, sizeof(msg),
			   HVG2_CHMSG_MODIFYCHANNEL_RESPONSE, ch->relid, &r,
			   sizeof(r));
	return ret ? ret : r.status ? -EIO : 0;
}

static int hvg2_cpu_down_prep(unsigned int cpu)
{
	unsigned int target = cpumask_any_but(cpu_online_mask, cpu);
	struct hvg2_link *link;
	unsigned long flags;
	u32 relid;
	int ret = 0;

	mutex_lock(&hvg2_conn.link_lock);
	link = hvg2_conn.cur_link;
	if (!link || !hvg2_conn.connected)
		goto unlock;
	/* channel messages arrive on CPU 0 (INITIATE_CONTACT's target) */
	ret = -EBUSY;
	if (cpu == 0 || target >= nr_cpu_ids ||
	    hvg2_conn.version < HVG2_VMBUS_V4_1)
		goto unlock;
	ret = 0;
	for (relid = 1; relid <= HVG2_MAX_RELID && !ret; relid++) {
		struct hvg2_channel *ch = hvg2_channel_get_relid(relid);

		if (!ch)
			continue;
		if (READ_ONCE(ch->cpu) == cpu) {
			ret = hvg2_modify_channel(ch, target);
			if (!ret)
				WRITE_ONCE(ch->cpu, target);
			else
				pr_warn("hvg2_vmbus: relid %u stays on CPU %u: %d\n",
					relid, cpu, ret);
		}
		kobject_put(&ch->kobj);
	}
	if (ret) {
		ret = -EBUSY;
		goto unlock;
	}
	/* what the host signalled here before it switched */
	local_irq_save(flags);
	hvg2_vmbus_link_interrupt(link);
	local_irq_restore(flags);
unlock:
	mutex_unlock(&hvg2_conn.link_lock);
	return ret;
}

int hvg2_cpu_init(void)
{
	int ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN,
					    "hvg2/vmbus:online", NULL,
					    hvg2_cpu_down_prep);

	if (ret < 0)
		return ret;
	hvg2_cpuhp_state = ret;
	return 0;
}

void hvg2_cpu_exit(void)
{
	if (hvg2_cpuhp_state >= 0)
		cpuhp_remove_state_nocalls(hvg2_cpuhp_state);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated hypervisor: SynIC message slots, event flags and the
 * interrupt, in the real formats, on every CPU.
 *
 * Message delivery follows Hyper-V's rules. A CPU has one slot for VMBus's
 * SINT. The hypervisor writes a message only into a free slot
 * (message_type NONE); otherwise it queues the message and sets the slot's
 * PENDING flag, and the guest, after freeing the slot, writes EOM to get
 * the next one. The race between "guest frees the slot and reads PENDING"
 * and "hypervisor sets PENDING and reads the slot" is closed Dekker style:
 * each side stores, then a full barrier, then loads the other's field.
 *
 * The SINT is an asynchronous IPI (a call_single_data) to the target CPU:
 * it runs in hard interrupt context there, like Hyper-V's vector (on the
 * local CPU it runs at once, interrupts off). An IPI already queued is not
 * queued twice; that loses nothing: the core unlocks the csd before it
 * runs the handler, and both sides put a full barrier between their store
 * (our page write, its unlock) and their load (its page read, our lock
 * test), so either the handler sees our write or we see it unlocked.
 */
#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/slab.h>
#include "internal.h"

static void sim_irq(void *info)
{
	struct sim_cpu *sc = info;

	/* Pairs with the barrier in sim_raise() (see the top of the file). */
	smp_mb();
	hvg2_vmbus_link_interrupt(&sc->host->link);
}

/* Raise the SINT on @cpu. -EBUSY: one is pending and will see our write. */
static void sim_raise(struct sim_host *h, unsigned int cpu)
{
	struct sim_cpu *sc = per_cpu_ptr(h->cpus, cpu);
	unsigned long flags;

	/* Pairs with the barrier in sim_irq(). */
	smp_mb();
	/* the csd API wants its callers serialised */
	spin_lock_irqsave(&sc->raise_lock, flags);
	smp_call_function_single_async(cpu, &sc->csd);
	spin_unlock_irqrestore(&sc->raise_lock, flags);
}

static void sim_nop(void *info)
{
}

static struct hvg2_hv_message *sim_slot(struct sim_host *h, unsigned int cpu)
{
	return &per_cpu_ptr(h->link.synic, cpu)->msg_page->sint[HVG2_VMBUS_SINT];
}

/* Deliver the first queued message if the slot is free. */
static void sim_deliver(struct sim_host *h, unsigned int cpu)
{
	struct sim_cpu *sc = per_cpu_ptr(h->cpus, cpu);
	struct hvg2_hv_message *slot = sim_slot(h, cpu);
	struct sim_msg *m = NULL;
	unsigned long flags;

	spin_lock_irqsave(&sc->lock, flags);
	if (list_empty(&sc->queue))
		goto unlock;
	if (READ_ONCE(slot->message_type) != HVG2_HVMSG_NONE) {
		WRITE_ONCE(slot->flags, slot->flags | HVG2_HVMSG_FLAG_PENDING);
		/* Pairs with the guest's smp_mb() between freeing and reading PENDING. */
		smp_mb();
		if (READ_ONCE(slot->message_type) != HVG2_HVMSG_NONE)
			goto unlock;	/* the guest will see PENDING and EOM */
	}
	m = list_first_entry(&sc->queue, struct sim_msg, node);
	list_del(&m->node);
	slot->payload_size = m->len;
	slot->sender = 0;
	memcpy(slot->payload, m->data, m->len);
	WRITE_ONCE(slot->flags, list_empty(&sc->queue) ? 0 : HVG2_HVMSG_FLAG_PENDING);
	/* Pairs with the guest's smp_rmb() after it sees message_type set. */
	smp_wmb();
	WRITE_ONCE(slot->message_type, HVG2_HVMSG_VMBUS);
unlock:
	spin_unlock_irqrestore(&sc->lock, flags);
	if (!m)
		return;
	kfree(m);
	sim_raise(h, cpu);
}

static void sim_eom_work(struct work_struct *work)
{
	struct sim_cpu *sc = container_of(work, struct sim_cpu, eom_work);

	sim_deliver(sc->host, sc->cpu);
}

/*
 * The guest wrote EOM on @cpu: its slot is free, deliver the next message.
 * Not from here: the guest is in its interrupt, and a local "IPI" would
 * run it again, nested, once per queued message.
 */
void sim_eom(struct hvg2_link *link, unsigned int cpu)
{
	struct sim_host *h = link->priv;

	queue_work(h->msg_wq, &per_cpu_ptr(h->cpus, cpu)->eom_work);
}

/**
 * sim_post_to_guest - the host sends a channel message to the guest
 * @h: the host
 * @cpu: the guest CPU whose slot receives it
 * @msg: the channel message
 * @len: its length (at most 240)
 */
void sim_post_to_guest(struct sim_host *h, unsigned int cpu, const void *msg,
		       u32 len)
{
	struct sim_cpu *sc = per_cpu_ptr(h->cpus, cpu);
	struct sim_msg *m;
	unsigned long flags;

	if (WARN_ON_ONCE(len > HVG2_HV_MESSAGE_PAYLOAD))
		return;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return;		/* as a hypervisor out of buffers: the message is lost */
	memcpy(m->data, msg, len);
	m->len = len;
	spin_lock_irqsave(&sc->lock, flags);
	list_add_tail(&m->node, &sc->queue);
	spin_unlock_irqrestore(&sc->lock, flags);
	sim_deliver(h, cpu);
}

/**
 * hvg2_sim_signal - the host signals a channel: set its event flag, interrupt
 * @c: the channel that has work for the guest
 *
 * Raises the guest's interrupt on the channel's target CPU. Call it when
 * the ring core says so (hvg2_ring_publish(), hvg2_ring_release()), from
 * the channel's work or the backend's own completion context; any context.
 */
void hvg2_sim_signal(struct hvg2_sim_chan *c)
{
	struct sim_host *h = c->dev->host;
	unsigned int cpu = READ_ONCE(c->target_cpu);
	struct hvg2_link_synic *s = per_cpu_ptr(h->link.synic, cpu);

	/* atomic: the guest clears bits concurrently (xchg of the word) */
	set_bit(c->relid, s->event_page->flags[HVG2_VMBUS_SINT]);
	atomic64_inc(&c->host_signals);
	sim_raise(h, cpu);
}
EXPORT_SYMBOL_GPL(hvg2_sim_signal);

/* The per-CPU pages and queues, for every possible CPU. */
int sim_synic_init(struct sim_host *h)
{
	unsigned int cpu;

	h->cpus = alloc_percpu(struct sim_cpu);
	h->link.synic = alloc_percpu(struct hvg2_link_synic);
	if (!h->cpus || !h->link.synic)
		goto fail;
	for_each_possible_cpu(cpu) {
		struct sim_cpu *sc = per_cpu_ptr(h->cpus, cpu);
		struct hvg2_link_synic *s = per_cpu_ptr(h->link.synic, cpu);

		spin_lock_init(&sc->lock);
		spin_lock_init(&sc->raise_lock);
		INIT_LIST_HEAD(&sc->queue);
		INIT_CSD(&sc->csd, sim_irq, sc);
		INIT_WORK(&sc->eom_work, sim_eom_work);
		sc->host = h;
		sc->cpu = cpu;
		s->msg_page = (void *)get_zeroed_page(GFP_KERNEL);
		s->event_page = (void *)get_zeroed_page(GFP_KERNEL);
		if (!s->msg_page || !s->event_page)
			goto fail;
	}
	return 0;
fail:
	sim_synic_exit(h);
	return -ENOMEM;
}

/* After the link is unregistered: nothing reads the pages any more. */
void sim_synic_exit(struct sim_host *h)
{
	unsigned int cpu;

	/*
	 * A synchronous IPI to every CPU runs after the asynchronous ones
	 * queued before it: on return no sim_irq() is pending or running.
	 */
	on_each_cpu(sim_nop, NULL, 1);
	for_each_possible_cpu(cpu) {
		struct sim_cpu *sc = h->cpus ? per_cpu_ptr(h->cpus, cpu) : NULL;
		struct hvg2_link_synic *s;
		struct sim_msg *m, *tmp;

		if (sc && sc->host) {
			cancel_work_sync(&sc->eom_work);
			list_for_each_entry_safe(m, tmp, &sc->queue, node)
				kfree(m);
		}
		if (!h->link.synic)
			continue;
		s = per_cpu_ptr(h->link.synic, cpu);
		free_page((unsigned long)s->msg_page);
		free_page((unsigned long)s->event_page);
	}
	free_percpu(h->cpus);
	free_percpu(h->link.synic);
	h->cpus = NULL;
	h->link.synic = NULL;
}

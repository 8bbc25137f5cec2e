/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The real Hyper-V link's contact with the hardware, behind a table of
 * primitives (MSR access, the two hypercalls) so that the encoding and the
 * order of SynIC setup and teardown are plain code, tested by KUnit with a
 * fake table. hyperv_link.c supplies the real one.
 */
#ifndef _HVG2_HV_HW_H
#define _HVG2_HV_HW_H

#include <linux/types.h>
#include "hvg2/vmbus_wire.h"

/**
 * struct hvg2_hv_hw - the hypervisor's primitives
 * @read_msr: read a synthetic MSR
 * @write_msr: write a synthetic MSR
 * @post_message: HvPostMessage with @in (in hypervisor-visible memory);
 *	returns the hypercall status
 * @signal_event: HvSignalEvent (fast) on @conn_id; returns the status
 */
struct hvg2_hv_hw {
	u64 (*read_msr)(u32 msr);
	void (*write_msr)(u32 msr, u64 val);
	u64 (*post_message)(struct hvg2_hv_post_message *in);
	u64 (*signal_event)(u32 conn_id);
};

int hvg2_hv_status_errno(u64 status);
int hvg2_hv_encode_post(struct hvg2_hv_post_message *in, u32 conn_id,
			const void *msg, u32 len);
void hvg2_hv_synic_enable(const struct hvg2_hv_hw *hw, u64 simp_pa,
			  u64 siefp_pa, u8 vector, bool auto_eoi);
void hvg2_hv_synic_disable(const struct hvg2_hv_hw *hw);
void hvg2_hv_eom(const struct hvg2_hv_hw *hw);
int hvg2_hv_unload_polled(const struct hvg2_hv_hw *hw,
			  struct hvg2_hv_post_message *in, u32 conn_id,
			  struct hvg2_hv_message_page *const *pages,
			  unsigned int npages, unsigned int own,
			  unsigned int max_ms);

#endif /* _HVG2_HV_HW_H */

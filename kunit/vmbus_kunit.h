/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the hvg2_vmbus KUnit suite share: the cases each
 * file adds to the suite in vmbus_kunit.c.
 */
#ifndef _HVG2_VMBUS_KUNIT_H
#define _HVG2_VMBUS_KUNIT_H

#include <kunit/test.h>

/* vmbus_kunit_vis.c: host-visible memory around GPADLs */
void hvg2_vmbus_test_vis_order(struct kunit *test);
void hvg2_vmbus_test_vis_off(struct kunit *test);
void hvg2_vmbus_test_vis_decrypt_fails(struct kunit *test);
void hvg2_vmbus_test_vis_refused(struct kunit *test);
void hvg2_vmbus_test_vis_teardown_fails(struct kunit *test);
void hvg2_vmbus_test_vis_encrypt_fails(struct kunit *test);

#endif /* _HVG2_VMBUS_KUNIT_H */

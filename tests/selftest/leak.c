// SPDX-License-Identifier: GPL-2.0
/*
 * A module that leaks an allocation when loaded, to prove the harness's
 * kmemleak scan fails a run.
 */
#include <linux/module.h>
#include <linux/slab.h>

static void *hvg2_selftest_leaked;

static int __init hvg2_selftest_leak_init(void)
{
	hvg2_selftest_leaked = kmalloc(256, GFP_KERNEL);
	if (!hvg2_selftest_leaked)
		return -ENOMEM;
	/* Forget the only reference: kmemleak finds nothing pointing at it. */
	WRITE_ONCE(hvg2_selftest_leaked, NULL);
	return 0;
}

static void __exit hvg2_selftest_leak_exit(void)
{
}

module_init(hvg2_selftest_leak_init);
module_exit(hvg2_selftest_leak_exit);
MODULE_DESCRIPTION("hvgen2 harness self-test: a leak on load");
MODULE_LICENSE("GPL");

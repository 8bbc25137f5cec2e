// SPDX-License-Identifier: GPL-2.0
/*
 * A module that triggers a WARN when loaded, to prove the harness fails a
 * run on one (the guest runs with panic_on_warn=1).
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init hvg2_selftest_warn_init(void)
{
	WARN(1, "hvg2_selftest_warn: deliberate warning\n");
	return 0;
}

static void __exit hvg2_selftest_warn_exit(void)
{
}

module_init(hvg2_selftest_warn_init);
module_exit(hvg2_selftest_warn_exit);
MODULE_DESCRIPTION("hvgen2 harness self-test: a WARN on load");
MODULE_LICENSE("GPL");

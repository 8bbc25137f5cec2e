# SPDX-License-Identifier: GPL-2.0
"""Tests of the harness's verdict reader: what counts as a pass must be
exactly what the guest proved, and everything else a failure."""
import contextlib
import io
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verdict  # noqa: E402

SUITE_OK = """\
HVG2 KTAP-BEGIN hvg2_x_kunit hvg2_x
KTAP version 1
1..1
    KTAP version 1
    # Subtest: hvg2_x
    # module: hvg2_x_kunit
    1..3
    ok 1 first
        KTAP version 1
        # Subtest: param
        ok 1 size 64
        ok 2 size 4096
    # param: pass:2 fail:0 skip:0 total:2
    ok 2 param
    ok 3 later # SKIP needs hardware
# hvg2_x: pass:2 fail:0 skip:1 total:3
ok 1 hvg2_x
HVG2 KTAP-END hvg2_x_kunit hvg2_x
"""


def run(verdict_text, console_text=""):
    with tempfile.TemporaryDirectory() as d:
        v = os.path.join(d, "v")
        c = os.path.join(d, "c")
        with open(v, "w") as f:
            f.write(verdict_text)
        with open(c, "w") as f:
            f.write(console_text)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = verdict.main(["verdict", v, c])
        return rc, out.getvalue()


class VerdictTest(unittest.TestCase):
    def test_clean_run_passes(self):
        rc, out = run(SUITE_OK + "HVG2 KMEMLEAK PASS\nHVG2 DONE\n")
        self.assertEqual(rc, 0, out)
        self.assertIn("ok - kunit hvg2_x.param", out)
        self.assertIn("kunit hvg2_x.later # SKIP", out)
        self.assertTrue(out.rstrip().endswith("4 passed, 0 failed, 1 skipped"), out)

    def test_failing_param_fails_its_case(self):
        text = SUITE_OK.replace("ok 2 size 4096", "not ok 2 size 4096") \
                       .replace("    ok 2 param", "    not ok 2 param") \
                       .replace("ok 1 hvg2_x\n", "not ok 1 hvg2_x\n")
        rc, out = run(text + "HVG2 DONE\n")
        self.assertEqual(rc, 1)
        self.assertIn("not ok - kunit hvg2_x.param", out)

    def test_short_plan_fails(self):
        text = SUITE_OK.replace("    1..3", "    1..4")
        rc, out = run(text + "HVG2 DONE\n")
        self.assertEqual(rc, 1)
        self.assertIn("plan 4, ran 3", out)

    def test_missing_done_fails(self):
        rc, out = run(SUITE_OK)
        self.assertEqual(rc, 1)
        self.assertIn("not ok - guest completed", out)

    def test_detectors_fail_the_run(self):
        for line in ["BUG: KASAN: slab-out-of-bounds in hvg2_ring_peek+0x1",
                     "UBSAN: shift-out-of-bounds in drivers/ring/ring.c:10:3",
                     "WARNING: possible circular locking dependency detected",
                     "------------[ cut here ]------------",
                     "BUG: sleeping function called from invalid context",
                     "unreferenced object 0xffff888 (size 256):"]:
            rc, out = run(SUITE_OK + "HVG2 DONE\n", "[ 1.0] " + line + "\n")
            self.assertEqual(rc, 1, line)
            self.assertIn("not ok - kernel log clean", out)

    def test_detector_in_guest_dmesg(self):
        text = SUITE_OK + "HVG2 DMESG-BEGIN\n[ 2.0] UBSAN: array-index-out-of-bounds\n" \
            "HVG2 DMESG-END\nHVG2 DONE\n"
        rc, _ = run(text)
        self.assertEqual(rc, 1)

    def test_integration_and_leaks(self):
        rc, out = run("HVG2 TEST PASS a 1s\nHVG2 TEST FAIL b 2s\nHVG2 TEST SKIP c 0s\n"
                      "HVG2 KMEMLEAK FAIL\nHVG2 KMEMLEAK unreferenced\nHVG2 DONE\n")
        self.assertEqual(rc, 1)
        self.assertIn("ok - integration a", out)
        self.assertIn("not ok - integration b", out)
        self.assertIn("ok - integration c # SKIP", out)
        self.assertIn("not ok - kmemleak", out)

    def test_module_load_failure(self):
        rc, out = run("HVG2 MODFAIL hvg2_y_kunit\nHVG2 DONE\n")
        self.assertEqual(rc, 1)
        self.assertIn("not ok - kunit hvg2_y_kunit (load)", out)

    def test_kunit_module_without_suite_fails(self):
        rc, out = run(SUITE_OK + "HVG2 NOSUITE hvg2_z_kunit\nHVG2 DONE\n")
        self.assertEqual(rc, 1)
        self.assertIn("not ok - kunit hvg2_z_kunit (loaded but ran no suite)", out)

    def test_nothing_ran_fails(self):
        # a clean boot that ran no KUnit case and no script is not green
        rc, out = run("HVG2 DONE\n")
        self.assertEqual(rc, 1)
        self.assertIn("not ok - tests ran", out)
        self.assertNotEqual(run("")[0], 0)


if __name__ == "__main__":
    unittest.main()

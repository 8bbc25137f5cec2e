#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read a test guest's verdict channel and console; print one line per test
and a closing 'N passed, N failed'; exit 1 on any failure.

The verdict channel (the guest's /dev/ttyS1) carries lines starting with
'HVG2 ': KTAP blocks copied from KUnit's debugfs results, integration test
verdicts, the kmemleak verdict, the guest's dmesg, and 'HVG2 DONE'. A run
without 'HVG2 DONE' died (panic, hang, timeout) and fails. Any report from
the kernel's detectors in the console or dmesg fails the run too.
"""
import re
import sys

# Reports that fail a run wherever they appear in the kernel log.
DETECTORS = [
    (re.compile(r"\bBUG: KASAN\b"), "KASAN"),
    (re.compile(r"\bUBSAN:"), "UBSAN"),
    (re.compile(r"WARNING: possible (circular|recursive) locking"), "lockdep"),
    (re.compile(r"WARNING: (inconsistent lock state|suspicious RCU usage|"
                r"bad unlock balance|held lock freed|lock held when returning)"),
     "lockdep"),
    (re.compile(r"\bBUG: (sleeping function called|scheduling while atomic)"),
     "atomic-sleep"),
    (re.compile(r"------------\[ cut here \]------------"), "WARN/BUG"),
    (re.compile(r"\bWARNING: CPU: \d+ PID: \d+"), "WARN"),
    (re.compile(r"\bBUG: (unable to handle|kernel NULL|soft lockup|"
                r"workqueue lockup|Bad page|KFENCE)"), "BUG"),
    (re.compile(r"\bKernel panic\b"), "panic"),
    (re.compile(r"\bINFO: task .* blocked for more than"), "hung task"),
    (re.compile(r"\bOops\b|\binvalid opcode:"), "oops"),
    (re.compile(r"\bunreferenced object 0x"), "kmemleak"),
]

KTAP_RESULT = re.compile(r"^(\s*)(not ok|ok) (\d+)\s*(?:-\s*)?([^#]*?)\s*(?:#\s*(.*))?$")
KTAP_PLAN = re.compile(r"^(\s*)1\.\.(\d+)\s*$")


class Ktap:
    """A KTAP document as a tree: each result line owns the lines above it
    that are indented deeper (its subtests), as KTAP v1 nests them."""

    def __init__(self, lines):
        self.errors = []
        self.root = self._parse([l.rstrip("\n") for l in lines])

    def _parse(self, lines):
        # Results wait in `pending` (indent, node) until a shallower result
        # line claims them as its subtests; plans wait likewise by indent.
        pending = []
        plans = {}
        for line in lines:
            m = KTAP_PLAN.match(line)
            if m:
                plans[len(m.group(1))] = int(m.group(2))
                continue
            m = KTAP_RESULT.match(line)
            if not m:
                continue
            indent = len(m.group(1))
            deeper = [d for d, _ in pending if d > indent]
            child_depth = min(deeper) if deeper else None
            node = {
                "name": m.group(4).strip(),
                "ok": m.group(2) == "ok",
                "directive": (m.group(5) or "").strip(),
                "children": [n for d, n in pending if d == child_depth],
                "plan": plans.get(child_depth) if child_depth is not None
                        else plans.get(min([d for d in plans if d > indent],
                                           default=-1)),
            }
            pending = [(d, n) for d, n in pending if d <= indent]
            plans = {d: p for d, p in plans.items() if d <= indent}
            pending.append((indent, node))
        return {"name": "", "children": [n for _, n in pending], "plan": None}

    @staticmethod
    def skipped(node):
        return node["directive"].upper().startswith("SKIP")

    def cases(self):
        """(suite, case, status) for every test case: the children of each
        top-level suite. A suite whose case count differs from its plan, or
        a suite without cases, yields a failing pseudo-case."""
        out = []
        suites = self.root["children"]
        # debugfs results wrap one suite in a '1..1' document: unwrap.
        for suite in suites:
            if not suite["children"]:
                status = "skip" if self.skipped(suite) else (
                    "pass" if suite["ok"] else "fail")
                out.append((suite["name"], "(suite)", status))
                continue
            for case in suite["children"]:
                if self.skipped(case):
                    status = "skip"
                else:
                    status = "pass" if case["ok"] else "fail"
                out.append((suite["name"], case["name"], status))
            if suite["plan"] is not None and suite["plan"] != len(suite["children"]):
                out.append((suite["name"], "(plan %d, ran %d)" %
                            (suite["plan"], len(suite["children"])), "fail"))
            if not suite["ok"] and all(c["ok"] for c in suite["children"]):
                out.append((suite["name"], "(suite result)", "fail"))
        return out


def detect(text):
    found = []
    for line in text.splitlines():
        for rx, what in DETECTORS:
            if rx.search(line):
                found.append((what, line.strip()))
                break
    return found


def main(argv):
    verdict_path, console_path = argv[1], argv[2]
    with open(verdict_path, errors="replace") as f:
        vlines = f.read().splitlines()
    try:
        with open(console_path, errors="replace") as f:
            console = f.read()
    except OSError:
        console = ""

    results = []   # (name, status, detail)
    done = False
    ktap = None
    dmesg = None
    leaks = []
    for line in vlines:
        if dmesg is not None:
            if line.startswith("HVG2 DMESG-END"):
                console += "\n" + "\n".join(dmesg)
                dmesg = None
            else:
                dmesg.append(line)
            continue
        if ktap is not None:
            if line.startswith("HVG2 KTAP-END"):
                doc = Ktap(ktap)
                cases = doc.cases()
                if not cases:
                    results.append((kname, "fail", "no KTAP results"))
                for suite, case, status in cases:
                    results.append(("kunit %s.%s" % (suite, case), status, ""))
                ktap = None
            else:
                ktap.append(line)
            continue
        if not line.startswith("HVG2 "):
            continue
        f = line.split()
        if f[1] == "KTAP-BEGIN":
            kname, ktap = "kunit %s" % f[2], []
        elif f[1] == "MODFAIL":
            results.append(("kunit %s (load)" % f[2], "fail", "modprobe failed"))
        elif f[1] == "NOSUITE":
            results.append(("kunit %s" % f[2], "fail", "loaded but ran no suite"))
        elif f[1] == "RMMODFAIL":
            results.append(("kunit %s (unload)" % f[2], "fail", "rmmod failed"))
        elif f[1] == "TEST":
            status = {"PASS": "pass", "SKIP": "skip"}.get(f[2], "fail")
            results.append(("integration %s" % f[3], status, " ".join(f[4:])))
        elif f[1] == "KMEMLEAK":
            if f[2] == "PASS":
                results.append(("kmemleak", "pass", ""))
            elif f[2] == "FAIL":
                results.append(("kmemleak", "fail", "leaks reported"))
            else:
                leaks.append(" ".join(f[2:]))
        elif f[1] == "DMESG-BEGIN":
            dmesg = []
        elif f[1] == "DONE":
            done = True

    if not done:
        results.append(("guest completed", "fail",
                        "no HVG2 DONE: the guest crashed, hung or timed out"))
    if not any(r[0].startswith(("kunit", "integration")) for r in results):
        results.append(("tests ran", "fail", "no KUnit case and no script ran"))
    reports = detect(console)
    seen = set()
    for what, line in reports:
        if line in seen:
            continue
        seen.add(line)
        results.append(("kernel log clean (%s)" % what, "fail", line))
    if done and not reports:
        results.append(("kernel log clean", "pass", ""))

    npass = sum(1 for r in results if r[1] == "pass")
    nfail = sum(1 for r in results if r[1] == "fail")
    nskip = sum(1 for r in results if r[1] == "skip")
    for name, status, detail in results:
        tag = {"pass": "ok", "fail": "not ok", "skip": "ok"}[status]
        extra = " # SKIP" if status == "skip" else ""
        print("%s - %s%s%s" % (tag, name, extra, (" (" + detail + ")") if detail else ""))
    for l in leaks[:400]:
        print("# kmemleak: " + l)
    print("%d passed, %d failed, %d skipped" % (npass, nfail, nskip))
    return 1 if nfail or npass == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# GPADLs from one page to the largest one message header can describe
# (range_buflen is 16 bits: 8190 pages, 32 MiB - 8 KiB), each created and
# torn down by the echo driver; one page more is refused cleanly (E2BIG).
#
#   hvg2_echo gpadl_test N --GPADL_HEADER + BODY x k--> sim host (checks PFNs)
#                          <--GPADL_CREATED-------------
#                          --GPADL_TEARDOWN / TORNDOWN->
set -e

SIM_DEVS="g0"
# shellcheck source-path=SCRIPTDIR source=lib/sim.sh
. /hvg2/tests/lib/sim.sh
sim_start hvg2_echo
sim_offer g0
sim_bound gpadl_test

for pages in 1 2 26 27 54 55 256 4096 8190; do
	run sh -c "echo $((pages * 4096)) >$dev/gpadl_test" || fail "$pages pages"
done
if echo $((8191 * 4096)) >"$dev/gpadl_test" 2>/tmp/gpadl.err; then
	fail "8191 pages accepted"
fi
grep -q 'too long' /tmp/gpadl.err || fail "8191 pages: $(cat /tmp/gpadl.err)"
log "1 .. 8190 pages ok, 8191 refused"
exit 0

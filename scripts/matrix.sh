#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# matrix.sh CONFIG...: build every module with W=1 against Debian's kernels
# and print a table, kernel x result:
#
#   bookworm  6.1   on the host (bookworm's gcc-12, as Debian built it)
#   trixie    6.12  in the trixie chroot (gcc-14)
#   backports newest, 7.x, in the same chroot
#
# A build that fails, or prints a single warning, fails the matrix.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib.sh"

"$top/scripts/deps.sh"
trixie=$("$top/scripts/trixie-root.sh")

rows=()
failed=0
# build NAME ROOT KDIR CONFIG...: ROOT is "" for the host or a chroot.
build() {
	local name=$1 root=$2 kdir=$3
	shift 3
	local work rel log status warn
	work=$(mktemp -d "${root:-}/tmp/hvg2-matrix.XXXXXX")
	rel=${work#"$root"}
	rsync -a --exclude='.git' --exclude='*.o' --exclude='*.ko' \
		--exclude='*.cmd' --exclude='compat/generated' "$top/" "$work/"
	log="$work/build.log"
	# In the chroot, a private mount namespace gives the build a /proc
	# (objtool reads it) that disappears with the build.
	local run=()
	[ -n "$root" ] && run=(unshare --mount --fork sh -c \
		'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' "$root")
	if "${run[@]}" make -C "$kdir" M="$rel" "$@" W=1 -j"$(nproc)" modules \
		>"$log" 2>&1; then
		warn=$(grep -c 'warning:' "$log" || true)
		if [ "$warn" = 0 ]; then
			status=ok
		else
			status=FAIL
			failed=1
			grep 'warning:' "$log" | head -n 20 >&2
		fi
	else
		warn=$(grep -c 'warning:' "$log" || true)
		status=FAIL
		failed=1
		tail -n 30 "$log" >&2
	fi
	local nko
	nko=$(find "$work" -name '*.ko' | wc -l)
	rows+=("$(printf '%-10s %-36s %-6s %4s %8s' "$name" "$(basename "$kdir")" \
		"$status" "$nko" "$warn")")
	rm -rf "$work"
}

host_kdir=$(ls -d /usr/src/linux-headers-6.1.*-amd64 | sort -V | tail -n1)
build bookworm "" "$host_kdir" "$@"
k612=$(cd "$trixie" && ls -d usr/src/linux-headers-6.12.*-amd64 | sort -V | tail -n1)
build trixie "$trixie" "/$k612" "$@"
knew=$(cd "$trixie" && ls -d usr/src/linux-headers-*-amd64 | sort -V | tail -n1)
build backports "$trixie" "/$knew" "$@"

printf '%-10s %-36s %-6s %4s %8s\n' suite headers result .ko warnings
printf '%s\n' "${rows[@]}"
exit "$failed"

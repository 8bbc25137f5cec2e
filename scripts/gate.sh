#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# gate.sh sparse|w1 KDIR CONFIG...   build with C=2 / W=1: any warning fails
# gate.sh checkpatch                 checkpatch.pl --strict on every C file
#
# Builds run in a private copy of the tree, so a gate never collides with
# another build of the same checkout against a different kernel.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib.sh"

gate=$1
shift

# C and header files that are ours and written in kernel style.
kernel_c_files() {
	(cd "$top" && git ls-files --cached --others --exclude-standard \
		'*.c' '*.h' | grep -Ev '^(tools/|compat/generated/)' |
		grep -vxF -f <(grep -v '^#' "$top/scripts/checkpatch.exclude") ||
		true)
}

case "$gate" in
sparse | w1)
	kdir=$1
	shift
	[ -d "$kdir" ] || hvg2_die "no kernel build tree at '$kdir'"
	hvg2_need_pkgs sparse rsync
	work=$(mktemp -d /tmp/hvg2-gate.XXXXXX)
	trap 'rm -rf "$work"' EXIT
	rsync -a --exclude='.git' --exclude='*.o' --exclude='*.ko' \
		--exclude='*.cmd' --exclude='compat/generated' "$top/" "$work/"
	flags=(W=1)
	[ "$gate" = sparse ] && flags=(C=2 CF=-D__CHECK_ENDIAN__)
	log="$work/gate.log"
	if ! make -C "$kdir" M="$work" "$@" "${flags[@]}" -j"$(nproc)" \
		modules >"$log" 2>&1; then
		cat "$log"
		hvg2_die "$gate: the build failed"
	fi
	# sparse speaks "warning:" and "error:"; W=1 speaks "warning:". A
	# report located in the kernel's own headers (an absolute path outside
	# our tree: sparse flags linux/hyperv.h itself) is shown, not counted:
	# the gate judges our code, and the kernel's is not ours to change.
	grep -E '(warning|error):' "$log" | grep -v '^make' |
		grep -E "^/" | grep -v "^$work/" >"$work/foreign" || true
	if [ -s "$work/foreign" ]; then
		hvg2_log "$gate: reports in kernel headers (not counted):"
		sed 's/^/    /' "$work/foreign" | sort -u >&2
	fi
	if grep -E '(warning|error):' "$log" | grep -v '^make' |
		grep -vxF -f "$work/foreign" >"$work/hits"; then
		cat "$work/hits"
		hvg2_die "$gate: $(wc -l <"$work/hits") warning(s)"
	fi
	hvg2_log "$gate: clean against $(basename "$kdir")"
	;;
checkpatch)
	src="$HVG2_CACHE/linux-6.12"
	cp="$src/scripts/checkpatch.pl"
	[ -x "$cp" ] || { "$top/scripts/test-kernel.sh" >/dev/null; }
	[ -x "$cp" ] || hvg2_die "checkpatch.pl not found in $src"
	mapfile -t files < <(kernel_c_files)
	[ "${#files[@]}" -gt 0 ] || hvg2_die "no files to check"
	cd "$top"
	# .checkpatch.conf holds the (short, justified) ignore list.
	if ! "$cp" --strict --no-tree --quiet --show-types --terse \
		--no-summary -f "${files[@]}" >/tmp/hvg2-checkpatch.$$ 2>&1; then
		cat /tmp/hvg2-checkpatch.$$
		rm -f /tmp/hvg2-checkpatch.$$
		hvg2_die "checkpatch: not clean"
	fi
	rm -f /tmp/hvg2-checkpatch.$$
	hvg2_log "checkpatch: ${#files[@]} files clean"
	;;
*)
	hvg2_die "usage: gate.sh sparse|w1 KDIR CONFIG... | checkpatch"
	;;
esac

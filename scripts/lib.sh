# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared helpers for the project's shell scripts. Source it, do not run it.
#
# HVG2_CACHE holds everything that is expensive to make and must survive a
# fresh checkout: the trixie chroot, the test kernel, the guest rootfs, the
# Debian kernel used by the stock-kernel smoke. Nothing in it is ever
# committed; deleting it only costs time.

HVG2_CACHE=${HVG2_CACHE:-/var/cache/hvgen2}
HVG2_MIRROR=${HVG2_MIRROR:-http://deb.debian.org/debian}
export HVG2_CACHE HVG2_MIRROR

hvg2_log() { printf '[hvg2] %s\n' "$*" >&2; }
hvg2_die() { printf '[hvg2] error: %s\n' "$*" >&2; exit 1; }

# Print a command, then run it: scripts read like a transcript.
hvg2_run() { printf '[hvg2] + %s\n' "$*" >&2; "$@"; }

# hvg2_need_pkgs PKG...: install the Debian packages that are missing.
# Every package a test needs comes through here, so a fresh machine works.
hvg2_need_pkgs() {
	local missing="" p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	[ "$(id -u)" = 0 ] || hvg2_die "need root to install:$missing"
	hvg2_log "installing:$missing"
	if [ ! -e "$HVG2_CACHE/.apt-updated" ] ||
	   [ -n "$(find "$HVG2_CACHE/.apt-updated" -mmin +720 2>/dev/null)" ]; then
		apt-get update -q >&2 || hvg2_die "apt-get update failed"
		mkdir -p "$HVG2_CACHE" && touch "$HVG2_CACHE/.apt-updated"
	fi
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends $missing >&2 ||
		hvg2_die "apt-get install failed:$missing"
}

# hvg2_hash FILE...: a short, stable digest of the named files' contents.
hvg2_hash() { cat "$@" | sha256sum | cut -c1-16; }

# hvg2_lock NAME: serialise expensive builds in the cache (one at a time).
hvg2_lock() {
	mkdir -p "$HVG2_CACHE"
	exec 9>"$HVG2_CACHE/.$1.lock"
	flock 9
}

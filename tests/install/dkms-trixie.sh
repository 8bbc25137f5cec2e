#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-trixie.sh: make dkms-install / dkms-remove with trixie's DKMS 3.2
# for trixie's 6.12 and the trixie-backports kernel, inside the project's
# trixie chroot (scripts/trixie-root.sh), which is never modified:
#
#   trixie chroot (read-only lower) --overlayfs-- upper (cached: + dkms,
#                                                   dracut)
#        |  /src = this checkout, bind-mounted read-only; /proc
#        +-- /src/scripts/dkms-install.sh -k 6.12... -k 7.x...
#              6.12: built, signed with the chroot's DKMS MOK, installed
#              7.x:  VMBus built in -> skipped by BUILD_EXCLUSIVE (77)
#        +-- dracut for 6.12 with our dracut module: lsinitrd shows the stack
#        +-- /src/scripts/dkms-remove.sh: nothing of ours is left
set -uo pipefail
. "$(dirname "$0")/lib.sh"

lower=$("$HVG2_SRC/scripts/trixie-root.sh") || { not_ok "trixie chroot"; t_done; exit 1; }
ov=$HVG2_CACHE/install-dkms-trixie/${lower##*/}
tmp=$(mktemp -d)
m=$tmp/root
mounted=()
# Unmount in reverse order, and delete only a tree with nothing mounted in
# it: rm never crosses into a file system it did not start on.
cleanup() {
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}"
	done
	if grep -q " $tmp" /proc/mounts; then
		echo "# left $tmp: still mounted" >&2
	else
		rm -rf --one-file-system "$tmp"
	fi
}
trap cleanup EXIT
mnt() { mount "$@" && mounted+=("${!#}"); }

hvg2_lock install-dkms-trixie
mkdir -p "$ov/upper" "$ov/work" "$m"
mnt -t overlay overlay -o "lowerdir=$lower,upperdir=$ov/upper,workdir=$ov/work" "$m" ||
	{ not_ok "overlay over $lower"; t_done; exit 1; }
# The chroot's own /dev (made by mmdebstrap) serves; the host's is not
# bound in.
mnt -t proc proc "$m/proc"
mkdir -p "$m/src"
mnt --bind -o ro "$HVG2_SRC" "$m/src"
mount -o remount,bind,ro "$m/src"
# The initramfs refresh on install and remove is tested on the host
# (dkms.sh); here it would rebuild the chroot's generic dracut image twice,
# minutes of CPU. The dracut module itself is tested below.
in_root() {
	chroot "$m" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		HVG2_NO_INITRAMFS=1 "$@"
}

# dracut before our install, so dkms-install.sh installs the dracut module.
pkgs="dkms openssl dracut"
done_mark=$ov/.complete-${pkgs// /-}
if [ ! -e "$done_mark" ]; then
	in_root sh -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends $pkgs &&
		apt-get clean" >"$tmp/apt.log" 2>&1 && touch "$done_mark"
fi
check "$pkgs in the trixie overlay ($(in_root dkms --version 2>/dev/null))" \
	test -e "$done_mark" || { sed 's/^/# /' "$tmp/apt.log" | tail; t_done; exit 1; }

k612=$(cd "$m/usr/src" && ls -d linux-headers-6.12.*-amd64 | sort -V | tail -1)
k612=${k612#linux-headers-}
knew=$(cd "$m/usr/src" && ls -d linux-headers-*-amd64 | sort -V | tail -1)
knew=${knew#linux-headers-}
in_root /src/scripts/dkms-remove.sh >/dev/null 2>&1

t0=$(date +%s)
if in_root /src/scripts/dkms-install.sh -k "$k612" -k "$knew" >"$tmp/install.log" 2>&1; then
	ok "dkms-install.sh -k $k612 -k $knew ($(($(date +%s) - t0)) s)"
else
	not_ok "dkms-install.sh -k $k612 -k $knew"
	sed 's/^/# /' "$tmp/install.log" | tail -40
fi
check "$knew (VMBus built in) skipped by BUILD_EXCLUSIVE" \
	grep -q "$knew: not served" "$tmp/install.log"
check "dkms status: installed for $k612 only" bash -c \
	"s=\$(chroot '$m' dkms status hvgen2); echo \"\$s\" | grep -q '$k612.*installed' && ! echo \"\$s\" | grep -q '$knew.*installed'"
cn=$(openssl x509 -inform DER -in "$m/var/lib/dkms/mok.pub" -noout -subject 2>/dev/null |
	sed -n 's/.*CN *= *//p')
for mod in $(t_modules); do
	ko=$(cd "$m" && find "lib/modules/$k612/updates/dkms" -name "$mod.ko*" 2>/dev/null | head -1)
	check "$mod installed for $k612 (${ko##*/})" test -n "$ko"
	[ -n "$ko" ] || continue
	check "$mod signed by the DKMS MOK ($cn)" \
		test "$(in_root modinfo -F signer "/$ko")" = "$cn"
done

# The dracut module: an image for 6.12 with only it (and base) carries our
# stack and the modprobe file that chooses it.
check "dracut module installed" test -x "$m/usr/lib/dracut/modules.d/90hvgen2/module-setup.sh"
if in_root dracut --force --no-hostonly --no-early-microcode -m "base hvgen2" \
	--kver "$k612" /tmp/hvg2-dracut.img >"$tmp/dracut.log" 2>&1; then
	ok "dracut for $k612"
	in_root lsinitrd /tmp/hvg2-dracut.img >"$tmp/dlist" 2>&1
	for mod in $(t_modules); do
		case $mod in hvg2_ring | hvg2_vmbus | hvg2_scsi | hvg2_net)
			check "lsinitrd shows $mod" grep -q "/$mod.ko" "$tmp/dlist" ;;
		esac
	done
	check "lsinitrd shows etc/modprobe.d/hvgen2.conf" \
		grep -q 'etc/modprobe.d/hvgen2.conf' "$tmp/dlist"
else
	not_ok "dracut for $k612"
	sed 's/^/# /' "$tmp/dracut.log" | tail -20
fi
rm -f "$m/tmp/hvg2-dracut.img"

if in_root /src/scripts/dkms-remove.sh >"$tmp/remove.log" 2>&1; then
	ok "dkms-remove.sh"
else
	not_ok "dkms-remove.sh"
	sed 's/^/# /' "$tmp/remove.log" | tail -20
fi
left=$(cd "$m" && find "lib/modules/$k612" "lib/modules/$knew" var/lib/dkms usr/src \
	etc/modprobe.d \( -name 'hvg2*' -o -name 'hvgen2*' \) 2>/dev/null)
check "dkms remove leaves no file of ours${left:+: $left}" test -z "$left"
t_done

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# secureboot.sh: Secure Boot end to end, in QEMU (TCG). Debian's stock
# bookworm kernel, booted the way a Secure Boot Gen2 guest boots it, loads
# the modules DKMS built and signed, and refuses the others:
#
#   OVMF (secboot code, Microsoft keys in db)      vars: + DKMS MOK in MokList
#     -> shimx64.efi.signed   (Microsoft-signed; mirrors MokList to MokListRT)
#       -> grubx64.efi.signed (Debian-signed, verified by shim)
#         -> vmlinuz-K        (Debian-signed, verified through shim)
#            lockdown=integrity, MOK cert in the kernel's keyrings
#            /init (busybox): insmod
#               DKMS-signed hvg2_*.ko       -> loads (or fails past the
#                                              signature check: no Hyper-V)
#               the same, signature removed -> refused
#               signed by a key not enrolled -> refused
#
# The ESP is a host folder served by QEMU's vvfat; no disk image, no root
# file system: the initramfs is the whole userland. Everything downloaded
# (Debian's signed shim, grub and kernel; python3-virt-firmware from trixie
# to write the MOK into the variable store) is cached in $HVG2_CACHE.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

K=$HVG2_K61
hvg2_need_pkgs dkms openssl ovmf busybox-static qemu-system-x86 cpio \
	python3-cryptography python3-importlib-resources

cache=$HVG2_CACHE/secureboot
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- downloads (cached) ---------------------------------------------------
fetch() {
	local d=$cache/debs
	[ -e "$d/.complete-$K" ] && return 0
	rm -rf "$d" "$cache/root"
	mkdir -p "$d"
	(cd "$d" && apt-get download shim-signed shim-helpers-amd64-signed \
		grub-efi-amd64-signed "linux-image-$K") >&2 || return 1
	# virt-fw-vars is packaged from trixie on: fetch it with a private apt
	# configuration (the machine's own sources are not touched).
	local a=$cache/apt
	mkdir -p "$a/lists/partial" "$a/cache/archives/partial"
	echo "deb $HVG2_MIRROR trixie main" >"$a/sources.list"
	local opts=(-o "Dir::Etc::SourceList=$a/sources.list"
		-o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$a/lists"
		-o "Dir::Cache=$a/cache" -o Dir::State::status=/dev/null)
	apt-get "${opts[@]}" update >&2 || return 1
	(cd "$d" && apt-get "${opts[@]}" download python3-virt-firmware) >&2 || return 1
	for deb in "$d"/*.deb; do dpkg-deb -x "$deb" "$cache/root" || return 1; done
	touch "$d/.complete-$K"
}
t0=$(date +%s)
check "fetch shim, grub, kernel $K, virt-firmware" fetch || { t_done; exit 1; }
r=$cache/root
virt_fw_vars() {
	PYTHONPATH=$r/usr/lib/python3/dist-packages /usr/bin/python3 -m virt.firmware.vars "$@"
}

# --- the modules: built and signed by DKMS --------------------------------
mods=$tmp/mods
mkdir -p "$mods/signed" "$mods/unsigned" "$mods/wrongkey"
(
	hvg2_lock install-dkms
	"$HVG2_SRC/scripts/dkms-install.sh" -k "$K" >"$tmp/dkms.log" 2>&1 &&
		cp "/lib/modules/$K/updates/dkms/"hvg2_*.ko "$mods/signed/"
	rc=$?
	"$HVG2_SRC/scripts/dkms-remove.sh" >>"$tmp/dkms.log" 2>&1
	exit $rc
)
check "DKMS builds and signs the modules for $K" ls "$mods/signed/hvg2_ring.ko" ||
	{ sed 's/^/# /' "$tmp/dkms.log" | tail -30; t_done; exit 1; }
cp /var/lib/dkms/mok.pub "$tmp/mok.der"
openssl req -new -x509 -nodes -days 1 -subj "/CN=hvgen2 not enrolled" \
	-newkey rsa:2048 -keyout "$tmp/other.key" -outform DER -out "$tmp/other.der" \
	>/dev/null 2>&1
for ko in "$mods"/signed/*.ko; do
	m=${ko##*/}
	# objcopy writes the ELF file anew, without the appended signature.
	objcopy "$ko" "$mods/unsigned/$m"
	cp "$mods/unsigned/$m" "$mods/wrongkey/$m"
	"$HVG2_K61_DIR/scripts/sign-file" sha256 "$tmp/other.key" "$tmp/other.der" \
		"$mods/wrongkey/$m"
done
check "unsigned copies carry no signature" \
	test -z "$(modinfo -F signer "$mods/unsigned/hvg2_ring.ko")"

# --- firmware variables: Microsoft keys + our MOK -------------------------
cp /usr/share/OVMF/OVMF_VARS_4M.ms.fd "$tmp/vars.fd"
check "virt-fw-vars --add-mok (the DKMS certificate)" \
	bash -c "$(declare -f virt_fw_vars); r='$r'; virt_fw_vars --inplace '$tmp/vars.fd' \
		--add-mok 605dab50-e046-4300-abb6-3dd810dd8b23 '$tmp/mok.der' >'$tmp/vars.log' 2>&1"
check "the variable store has Secure Boot on and a MokList" bash -c \
	"$(declare -f virt_fw_vars); r='$r'; virt_fw_vars -i '$tmp/vars.fd' -p 2>/dev/null |
	 grep -q '^MokList ' && virt_fw_vars -i '$tmp/vars.fd' -p 2>/dev/null | grep -q 'SecureBootEnable *: bool: ON'"

# --- the ESP ----------------------------------------------------------------
esp=$tmp/esp
mkdir -p "$esp/EFI/BOOT" "$esp/EFI/debian"
cp "$r/usr/lib/shim/shimx64.efi.signed" "$esp/EFI/BOOT/BOOTX64.EFI"
cp "$r/usr/lib/shim/mmx64.efi.signed" "$esp/EFI/BOOT/mmx64.efi"
cp "$r/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed" "$esp/EFI/BOOT/grubx64.efi"
cp "$r/boot/vmlinuz-$K" "$esp/vmlinuz"
cat >"$esp/EFI/BOOT/grub.cfg" <<CFG
set timeout=0
set default=0
menuentry "hvgen2 Secure Boot test" {
	linux /vmlinuz console=ttyS0,115200 panic=-1 loglevel=4
	initrd /initrd.img
}
CFG
# Debian's signed grub reads \$prefix/grub.cfg (/EFI/debian) before the
# one beside itself.
cp "$esp/EFI/BOOT/grub.cfg" "$esp/EFI/debian/grub.cfg"

ird=$tmp/initrd
mkdir -p "$ird/bin" "$ird/proc" "$ird/sys" "$ird/dev" "$ird/m"
cp /bin/busybox "$ird/bin/busybox"
cp -r "$mods/signed" "$mods/unsigned" "$mods/wrongkey" "$ird/m/"
t_modules >"$ird/m/order"
cat >"$ird/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t securityfs none /sys/kernel/security 2>/dev/null
mount -t devtmpfs dev /dev 2>/dev/null
say() { echo "HVG2SB $*" >/dev/console; }
say "lockdown=$(cat /sys/kernel/security/lockdown 2>/dev/null)"
dmesg | grep -E -i 'secure ?boot' | sed 's/^/HVG2SB dmesg: /' >/dev/console
dmesg | grep -i 'DKMS module signing key' | sed 's/^/HVG2SB dmesg: /' >/dev/console
# Refusals first: a refused module leaves nothing loaded to collide with.
# Then in dependency order (/m/order), so each finds what it links to.
for set in unsigned wrongkey signed; do
	for m in $(cat /m/order); do
		[ -e "/m/$set/$m.ko" ] || continue
		out=$(insmod "/m/$set/$m.ko" 2>&1)
		say "insmod $set $m.ko rc=$? $out"
	done
done
say "loaded: $(cut -d' ' -f1 /proc/modules | grep hvg2 | tr '\n' ' ')"
say done
poweroff -f
INIT
chmod +x "$ird/init"
(cd "$ird" && find . | cpio -o -H newc --quiet | gzip -1) >"$esp/initrd.img"

# --- boot -------------------------------------------------------------------
log=$tmp/serial.log
b0=$(date +%s)
timeout 900 qemu-system-x86_64 -machine q35,smm=on,accel=tcg -m 1024 \
	-display none -monitor none -serial "file:$log" -no-reboot \
	-global driver=cfi.pflash01,property=secure,value=on \
	-drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd \
	-drive if=pflash,format=raw,unit=1,file="$tmp/vars.fd" \
	-drive file="fat:$esp",format=raw,if=virtio,readonly=on \
	>"$tmp/qemu.log" 2>&1
qrc=$?
boot_s=$(($(date +%s) - b0))
check "QEMU boot finished (rc $qrc, $boot_s s)" grep -q 'HVG2SB done' "$log" ||
	{ tr -d '\r' <"$log" | tail -40 | sed 's/^/# /'; sed 's/^/# qemu: /' "$tmp/qemu.log"; }
tr -d '\r' <"$log" | grep '^HVG2SB' >"$tmp/r"
sed 's/^/# /' "$tmp/r"

check "kernel is locked down (integrity)" grep -q 'lockdown=.*\[integrity\]' "$tmp/r"
check "kernel locked down because of Secure Boot" \
	grep -Eqi 'dmesg:.*(locked down from EFI Secure Boot|secure boot enabled)' "$tmp/r"
check "DKMS MOK reached the kernel's keyrings" grep -q 'dmesg:.*DKMS module signing key' "$tmp/r"
for ko in "$mods"/signed/*.ko; do
	m=${ko##*/}
	check "unsigned $m refused" grep -Eq "insmod unsigned $m rc=[1-9].*(not permitted|rejected)" "$tmp/r"
	check "$m signed by another key refused" grep -Eq "insmod wrongkey $m rc=[1-9].*(not permitted|rejected)" "$tmp/r"
	# A signed module gets past the signature check: it loads, or fails
	# a later step (the kernel checks the signature first): a symbol from
	# an in-tree module that is not in this initramfs (libnvdimm), or an
	# init that finds no Hyper-V.
	check "DKMS-signed $m accepted" bash -c \
		"grep 'insmod signed $m ' '$tmp/r' | grep -Eq 'rc=0|rc=[1-9].*(unknown symbol|No such device|not supported)' &&
		 ! grep 'insmod signed $m ' '$tmp/r' | grep -Eq 'not permitted|rejected'"
done
check "hvg2_ring loaded" grep -q 'loaded:.*hvg2_ring' "$tmp/r"
echo "# secure boot test: $(($(date +%s) - t0)) s in all, QEMU boot $boot_s s"
t_done

# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# XDP programs for the tests, without a compiler: the guest has bpftool
# but no clang, and git holds no binaries. xdp_obj writes a minimal eBPF
# ELF object (one "xdp" section with the program, a symbol naming it,
# "license"), which libbpf (bpftool prog load) accepts like clang's.
# Sourced, never run on its own.
#
#   xdp_insn OP REGS OFF IMM    one instruction, as 16 hex digits
#   xdp_ret ACTION              the program "return ACTION"
#   xdp_redirect IFINDEX        "return bpf_redirect(IFINDEX, 0)"
#   xdp_obj FILE HEX            the object for the program HEX
#   xdp_attach DEV HEX          load HEX, attach it to DEV (native mode)
#   xdp_detach DEV              remove DEV's program
#
# Actions: XDP_ABORTED 0, XDP_DROP 1, XDP_PASS 2, XDP_TX 3, XDP_REDIRECT 4.

XDP_PIN=/sys/fs/bpf/hvg2_xdp_test

# Everything below appends hex to XDP_HEX with builtins only: a command
# substitution forks, and a fork per byte takes minutes under TCG.

# append $1 as $2 little-endian bytes
xdp_le() {
	local v=$1 n=$2 i b
	for ((i = 0; i < n; i++)); do
		printf -v b '%02x' $(((v >> (8 * i)) & 255))
		XDP_HEX+=$b
	done
}

# append $1 zero bytes
xdp_zero() {
	local i
	for ((i = 0; i < $1; i++)); do
		XDP_HEX+=00
	done
}

# append one instruction: opcode, dst | src << 4, offset, immediate
xdp_insn() {
	xdp_le "$1" 1
	xdp_le "$2" 1
	xdp_le "$3" 2
	xdp_le "$4" 4
}

# r0 = $1; exit
xdp_ret() {
	XDP_HEX=""
	xdp_insn 0xb7 0 0 "$1"
	xdp_insn 0x95 0 0 0
	echo "$XDP_HEX"
}

# r1 = $1; r2 = 0; call bpf_redirect (helper 23); exit
xdp_redirect() {
	XDP_HEX=""
	xdp_insn 0xb7 1 0 "$1"
	xdp_insn 0xb7 2 0 0
	xdp_insn 0x85 0 0 23
	xdp_insn 0x95 0 0 0
	echo "$XDP_HEX"
}

# one section header: name type flags offset size link info align entsize
xdp_shdr() {
	xdp_le "$1" 4
	xdp_le "$2" 4
	xdp_le "$3" 8
	xdp_le 0 8
	xdp_le "$4" 8
	xdp_le "$5" 8
	xdp_le "$6" 4
	xdp_le "$7" 4
	xdp_le "$8" 8
	xdp_le "$9" 8
}

xdp_obj() {
	local file=$1 code=$2 clen lic sym str shs off i esc=""
	clen=$((${#code} / 2))
	# layout: header | code | license | symtab | strtab | shstrtab | shdrs
	lic=$((64 + clen))
	sym=$(((lic + 4 + 7) / 8 * 8))
	str=$((sym + 48))
	# shstrtab: "" xdp license .symtab .strtab .shstrtab (39 bytes)
	shs=$((str + 6))
	off=$(((shs + 39 + 7) / 8 * 8))
	# ELF64, little endian, ET_REL, EM_BPF
	XDP_HEX="7f454c46020101000000000000000000"
	xdp_le 1 2
	xdp_le 247 2
	xdp_le 1 4
	xdp_zero 16
	xdp_le "$off" 8
	xdp_zero 4
	xdp_le 64 2
	xdp_zero 4
	xdp_le 64 2
	xdp_le 6 2
	xdp_le 5 2
	XDP_HEX+=$code
	XDP_HEX+="47504c00"
	xdp_zero $((sym - lic - 4))
	# symbols: null, then "prog", a global function in section 1
	xdp_zero 24
	xdp_le 1 4
	XDP_HEX+="12000100"
	xdp_zero 8
	xdp_le "$clen" 8
	XDP_HEX+="0070726f6700"
	XDP_HEX+="00786470006c6963656e7365002e73796d746162002e737472746162002e736873747274616200"
	xdp_zero $((off - shs - 39))
	xdp_zero 64
	xdp_shdr 1 1 6 64 "$clen" 0 0 8 0
	xdp_shdr 5 1 3 "$lic" 4 0 0 1 0
	xdp_shdr 13 2 0 "$sym" 48 4 1 8 24
	xdp_shdr 21 3 0 "$str" 6 0 0 1 0
	xdp_shdr 29 3 0 "$shs" 39 0 0 1 0
	for ((i = 0; i < ${#XDP_HEX}; i += 2)); do
		esc+="\\x${XDP_HEX:i:2}"
	done
	printf '%b' "$esc" >"$file"
}

xdp_attach() {
	local dev=$1 obj=/tmp/hvg2_xdp_test.o
	mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
	xdp_obj "$obj" "$2"
	rm -f "$XDP_PIN"
	bpftool prog load "$obj" "$XDP_PIN" type xdp || return 1
	# the pin keeps the program alive only until the device holds it
	bpftool net attach xdpdrv pinned "$XDP_PIN" dev "$dev" overwrite
	local ret=$?
	rm -f "$XDP_PIN" "$obj"
	return $ret
}

xdp_detach() {
	bpftool net detach xdpdrv dev "$1"
}

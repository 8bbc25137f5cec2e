#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Writes the fuzzer's seed corpus (corpus/): honest rings in the input
# format fuzz.c describes, for the fuzzer to mutate into hostile ones.
import os
import struct

PAGE = 4096
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def packet(start, payload, ptype=6, trans_id=0):
    """One wire packet starting at offset start: desc, payload, pad, trailer."""
    plen = 16 + len(payload)
    alen = (plen + 7) & ~7
    desc = struct.pack("<HHHHQ", ptype, 2, alen // 8, 0, trans_id)
    body = desc + payload + b"\0" * (alen - plen)
    return body + struct.pack("<Q", start << 32)


def ring(size, start, payloads):
    """Data area holding packets from offset start, wrapping; returns (data, end)."""
    data = bytearray(size)
    off = start
    for i, p in enumerate(payloads):
        pkt = packet(off, p, trans_id=i)
        for j, b in enumerate(pkt):
            data[(off + j) % size] = b
        off = (off + len(pkt)) % size
    return bytes(data), off


def seed(name, mode, w, r, mask, pend, ops, data):
    """One seed, and its twin that goes through the batch cursors."""
    seed1(name, mode, w, r, mask, pend, ops, data)
    seed1(name + "-cursor", mode | 16, w, r, mask, pend, ops, data)


def seed1(name, mode, w, r, mask, pend, ops, data):
    blob = struct.pack("<BBIIII", mode, len(ops), w, r, mask, pend)
    for field, value in ops:
        blob += struct.pack("<BI", field, value)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(blob + data)


def main():
    os.makedirs(OUT, exist_ok=True)
    small = [bytes([i]) * (i * 8 + 3) for i in range(6)]
    data, end = ring(PAGE, 0, small)
    seed("consume-inplace", 8, end, 0, 0, 0, [], data)
    seed("consume-copyout", 9, end, 0, 0, 0, [], data)
    # the producer publishes in steps, the last packet wraps the end
    data, end = ring(PAGE, 3800, small)
    seed("consume-wrap-steps", 8, 3800, 3800, 0, 0,
         [(0, (3800 + 24 + 8 * k) % PAGE) for k in range(1, 3)] + [(0, end)], data)
    data, end = ring(2 * PAGE, 8000, [b"x" * 700, b"y" * 1500])
    seed("consume-two-pages", 11, end, 8000, 0, 0, [], data)
    # a blocked producer waiting for space, with pending_send_sz set
    data, end = ring(PAGE, 0, [b"z" * 1000, b"w" * 1000, b"v" * 1000])
    seed("consume-pending", 8, end, 0, 0, 3000, [(2, 2000)], data)
    # the producer: the consumer releases behind it
    seed("produce", 12, 0, 0, 0, 0,
         [(1, 0), (1, 0), (1, 256), (1, 512), (3, 1), (1, 1024)], b"")
    seed("produce-two-pages", 14, 0, 0, 0, 0,
         [(1, 100), (1, 3000), (1, 6000), (1, 4000)], b"")
    # lengths no packet can have: past len8's reach, and wrapping a u32
    seed("produce-bad-lengths", 14, 0, 0, 0, 0,
         [(0x81, 0x7fff9), (0x81, 0xfffffffc), (0x81, 15), (1, 64)], b"")


if __name__ == "__main__":
    main()

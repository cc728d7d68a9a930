#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# Test peer on a tap interface: waits for the guest's 0x88b5 frame, prints
# its source MAC and payload, answers with "hello-from-host" and, given
# UDP-IP, then sends a UDP datagram to UDP-IP port 9 through the kernel.
# Usage: netpeer.py IFACE READY-FILE [UDP-IP]
import socket
import sys
import time

ETH_P_ALL = 0x0003
iface, ready = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
s.bind((iface, 0))
s.settimeout(1.0)
open(ready, "w").close()
deadline = time.time() + 20
while time.time() < deadline:
    try:
        frame = s.recv(4096)
    except socket.timeout:
        continue
    if len(frame) > 14 and frame[12:14] == b"\x88\xb5":
        src = frame[6:12]
        print("peer got %s from %s" % (frame[14:].decode(errors="replace"),
                                        ":".join("%02x" % b for b in src)))
        sys.stdout.flush()
        reply = src + b"\x02\x00\x00\x00\x00\x99" + b"\x88\xb5" + b"hello-from-host"
        for _ in range(3):
            s.send(reply)
            time.sleep(0.05)
        if len(sys.argv) > 3:
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            for _ in range(3):
                u.sendto(b"udp-from-host", (sys.argv[3], 9))
                time.sleep(0.05)
        sys.exit(0)
print("peer: no frame from the guest")
sys.exit(1)

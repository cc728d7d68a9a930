#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# Prints the TSO, GSO and GRO settings of an interface ("tso=0 gso=1 gro=1")
# read with the ethtool ioctl; with --csum also the transmit checksum
# offload (" csum=0").  Usage: offloads.py IFACE [--csum]
import ctypes
import fcntl
import socket
import struct
import sys

SIOCETHTOOL = 0x8946
GETS = (("tso", 0x1E), ("gso", 0x23), ("gro", 0x2B))  # ETHTOOL_G*
if sys.argv[2:] == ["--csum"]:
    GETS += (("csum", 0x16),)  # ETHTOOL_GTXCSUM
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
out = []
for name, cmd in GETS:
    val = ctypes.create_string_buffer(struct.pack("II", cmd, 0))
    ifr = struct.pack("16sP", sys.argv[1].encode(), ctypes.addressof(val))
    fcntl.ioctl(s, SIOCETHTOOL, ifr)
    out.append("%s=%d" % (name, struct.unpack("II", val.raw[:8])[1]))
print(" ".join(out))

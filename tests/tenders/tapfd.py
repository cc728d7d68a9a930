#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# Opens tap interface IFACE as a file descriptor (as albatross would) and
# runs COMMAND with "@FD" in its arguments replaced by "@<fd number>".
# With TAPFD_VNET=1 in the environment the tap carries virtio-net headers.
# Usage: tapfd.py IFACE COMMAND...
import fcntl
import os
import struct
import sys

TUNSETIFF = 0x400454CA
IFF_TAP, IFF_NO_PI, IFF_VNET_HDR = 0x0002, 0x1000, 0x4000
iface, cmd = sys.argv[1], sys.argv[2:]
flags = IFF_TAP | IFF_NO_PI
if os.environ.get("TAPFD_VNET") == "1":
    flags |= IFF_VNET_HDR
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", iface.encode(), flags))
os.set_inheritable(fd, True)
cmd = [a.replace("@FD", "@%d" % fd) for a in cmd]
os.execv(cmd[0], cmd)

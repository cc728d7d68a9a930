# SPDX-License-Identifier: ISC
# UDP echo check: datagrams of many sizes (fragmented ones included) must
# come back byte-exact.  Prints "ok N" or the first mismatch; exit status 1
# on failure.
import os
import socket
import sys

host = sys.argv[1]
sizes = [0, 1, 2, 7, 100, 512, 1000, 1472, 1473, 2000, 2961, 4000, 8000,
         16000, 30000, 65507]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
s.settimeout(3)
for rnd in range(3):
    for n in sizes:
        msg = os.urandom(n)
        s.sendto(msg, (host, 7))
        try:
            data, peer = s.recvfrom(70000)
        except socket.timeout:
            print("timeout: size %d" % n)
            sys.exit(1)
        if data != msg or peer != (host, 7):
            print("mismatch: size %d got %d bytes from %s" % (n, len(data), peer))
            sys.exit(1)
print("ok %d" % (3 * len(sizes)))

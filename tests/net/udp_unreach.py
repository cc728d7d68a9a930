# SPDX-License-Identifier: ISC
# A datagram to a closed UDP port must be answered with ICMP port
# unreachable, which Linux reports on a connected socket as ECONNREFUSED.
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
s.connect((sys.argv[1], int(sys.argv[2])))
s.send(b"anyone there?")
try:
    s.recv(100)
    print("got a reply from a closed port")
    sys.exit(1)
except ConnectionRefusedError:
    print("refused")
except socket.timeout:
    print("timeout: no ICMP port unreachable")
    sys.exit(1)

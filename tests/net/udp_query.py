# SPDX-License-Identifier: ISC
# Sends one datagram to HOST:PORT and prints the reply (for the .t scripts).
import socket
import sys

host, port, msg = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
s.sendto(msg, (host, port))
data, _ = s.recvfrom(65535)
sys.stdout.write(data.decode())

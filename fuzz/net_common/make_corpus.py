# SPDX-License-Identifier: ISC
# Writes the seed corpora of the network fuzz harnesses (fuzz/net_*/corpus/)
# from valid and near-valid packets.  Deterministic; rerun after changing
# an input format: python3 fuzz/net_common/make_corpus.py
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
US, PEER = bytes([10, 0, 0, 2]), bytes([10, 0, 0, 1])
MAC_US, MAC_PEER = bytes([2, 0, 0, 0, 0, 2]), bytes([2, 0, 0, 0, 0, 1])


def csum(b, s=0):
    if len(b) % 2:
        b += b"\0"
    for i in range(0, len(b), 2):
        s += b[i] << 8 | b[i + 1]
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ipv4(proto, payload, ident=1, frag=0, src=PEER, dst=US, opts=b""):
    ihl = 5 + len(opts) // 4
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, ihl * 4 + len(payload),
                    ident, frag, 64, proto, 0, src, dst) + opts
    c = csum(h)
    return h[:10] + struct.pack("!H", c) + h[12:] + payload


def icmp(t, code, rest, data):
    m = struct.pack("!BBH", t, code, 0) + rest + data
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


def udp(sport, dport, data, src=PEER, dst=US):
    n = 8 + len(data)
    u = struct.pack("!HHHH", sport, dport, n, 0) + data
    ps = sum(struct.unpack("!HHHH", src + dst)) + 17 + n
    return u[:6] + struct.pack("!H", csum(u, ps) or 0xffff) + u[8:]


def arp(op, sha, spa, tha, tpa):
    return struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, op, sha, spa, tha,
                       tpa)


def eth(t, payload, dst=MAC_US):
    return dst + MAC_PEER + struct.pack("!H", t) + payload


def write(target, name, data):
    d = os.path.join(HERE, "..", "net_" + target, "corpus")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def rec2(pkts, fix=True):
    return b"".join(struct.pack("!H", len(p) | (0x8000 if fix else 0)) + p
                    for p in pkts)


echo = icmp(8, 0, struct.pack("!HH", 7, 1), b"abcdefgh" * 4)
dgram = udp(5000, 7, b"hello")
big = udp(5000, 7, bytes(range(256)) * 12)
frags = [ipv4(17, big[:1480], 9, 0x2000), ipv4(17, big[1480:2960], 9,
                                                0x2000 | 185),
         ipv4(17, big[2960:], 9, 370)]
req = arp(1, MAC_PEER, PEER, bytes(6), US)
rep = arp(2, MAC_PEER, bytes([10, 0, 0, 7]), MAC_US, US)

for text in ["10.0.0.2", "10.0.0.2/24", "255.255.255.255", "::", "::1",
             "fe80::1/64", "2001:db8::2:1", "::ffff:10.0.0.1", "1:2:3:4:5:6:7:8",
             "0.0.0.0/0", "::/128", "01.2.3.4", "1::2::3"]:
    write("ipaddr", text.replace("/", "_").replace(":", "c"), text.encode())
write("ethernet", "echo", eth(0x0800, ipv4(1, echo)))
write("ethernet", "udp", eth(0x0800, ipv4(17, dgram)))
write("ethernet", "arp", eth(0x0806, req, b"\xff" * 6))
write("ethernet", "vlan", eth(0x8100, b"\x00\x05\x08\x00" + ipv4(1, echo)))
write("arp", "request", bytes([28 | 0x80]) + req)
write("arp", "reply", bytes([28]) + rep)
write("arp", "gratuitous", bytes([28 | 0x80]) + arp(1, MAC_PEER, PEER,
                                                     bytes(6), PEER))
write("arp", "probe", bytes([28 | 0x80]) + arp(1, MAC_PEER, bytes(4),
                                                bytes(6), US))
write("ipv4", "echo", rec2([ipv4(1, echo)]))
write("ipv4", "udp", rec2([ipv4(17, dgram)]))
write("ipv4", "fragments", rec2(frags))
write("ipv4", "fragments_reversed", rec2(frags[::-1]))
write("ipv4", "options", rec2([ipv4(1, echo, opts=b"\x01\x44\x02\x00")]))
write("ipv4", "overlap", rec2([ipv4(1, b"A" * 16, 3, 0x2000),
                               ipv4(1, b"B" * 16, 3, 1)]))
write("icmp", "echo", b"\x00" + echo)
write("icmp", "echo_fix", b"\x01" + icmp(8, 0, b"\0\1\0\1", b"x"))
write("icmp", "unreach", b"\x00" + icmp(3, 3, bytes(4),
                                        ipv4(17, dgram, src=US, dst=PEER)))
write("icmp", "echo_broadcast", b"\x02" + echo)
write("udp", "echo", b"\x00" + dgram)
write("udp", "closed", b"\x00" + udp(5000, 9999, b"anyone?"))
write("udp", "nochecksum", b"\x00" + dgram[:6] + b"\0\0" + dgram[8:])
write("udp", "fix", b"\x01" + struct.pack("!HHHH", 1, 7, 12, 0) + b"abcd")
stack = [eth(0x0806, req, b"\xff" * 6), eth(0x0800, ipv4(1, echo)),
         eth(0x0800, ipv4(17, dgram))] + [eth(0x0800, f) for f in frags]
write("stack", "session", b"".join(struct.pack("!H", len(f)) + f
                                   for f in stack))


def vnet(flags=0, gso=0, hdr_len=0, gso_size=0, cstart=0, coff=0):
    return struct.pack("<BBHHHH", flags, gso, hdr_len, gso_size, cstart, coff)


def rec(frames):
    return b"".join(struct.pack("!H", len(f)) + f for f in frames)


# net_vnet: the same frames behind virtio-net headers: plain, checked
# (DATA_VALID), partial (NEEDS_CSUM at the UDP checksum), a coalesced
# TCP/IPv4 packet longer than the MTU, and malformed headers.
udp_frame = eth(0x0800, ipv4(17, dgram))
part = bytearray(udp_frame)
part[14 + 20 + 6:14 + 20 + 8] = b"\x12\x34"  # only a pseudo-header sum
tcp_big = eth(0x0800, ipv4(6, struct.pack("!HHIIBBHHH", 5000, 80, 1, 0, 0x50,
                                          0x10, 65535, 0, 0) + bytes(3000)))
write("vnet", "plain", rec([vnet() + eth(0x0806, req, b"\xff" * 6),
                            vnet() + eth(0x0800, ipv4(1, echo)),
                            vnet() + udp_frame]))
write("vnet", "valid", rec([vnet(2) + udp_frame]))
write("vnet", "partial", rec([vnet(1, 0, 0, 0, 34, 6) + bytes(part)]))
write("vnet", "gso", rec([vnet(1, 1, 54, 1448, 34, 16) + tcp_big]))
write("vnet", "bad", rec([vnet(1, 0, 0, 0, 34, 60000) + udp_frame,
                          vnet(0, 3, 0, 1448) + udp_frame,
                          vnet(4) + udp_frame, vnet()]))

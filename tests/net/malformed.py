# SPDX-License-Identifier: ISC
# Hostile input against the direct stack: malformed and abusive frames sent
# with scapy at a running unikernel (tests/net/progs/netstack.c on tap0 in
# this namespace).  For each case the unikernel's drop counters (read over
# its UDP control port) must rise by exactly the expected amounts, and it
# must keep answering pings and echoing UDP afterwards.
# Usage: python3 malformed.py  (prints PASS:/FAIL: lines)
import os
import socket
import subprocess
import sys
import time

from scapy.all import (ARP, ICMP, IP, UDP, Dot1Q, Ether, Raw, conf,
                       get_if_hwaddr, sendp)

conf.verb = 0
IFACE = "tap0"
US, PEER = "10.0.0.2", "10.0.0.1"
EVIL = "02:de:ad:be:ef:01"
failures = 0


def counters():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(3)
    for _ in range(3):
        s.sendto(b"stats", (US, 9))
        try:
            data, _ = s.recvfrom(65535)
            break
        except socket.timeout:
            continue
    else:
        raise RuntimeError("no answer on the control port")
    out = {}
    for line in data.decode().splitlines():
        name, value = line.split()
        out[name] = int(value)
    return out


def ping(n=3):
    r = subprocess.run(["ping", "-c", str(n), "-i", "0.05", "-W", "1", "-q",
                        US], capture_output=True, text=True)
    return "%d received" % n in r.stdout


def our_mac():
    ping(1)
    r = subprocess.run(["ip", "neigh", "show", US, "dev", IFACE],
                       capture_output=True, text=True).stdout.split()
    return r[r.index("lladdr") + 1]


LINUX = get_if_hwaddr(IFACE)
MAC = our_mac()


def eth(t=None, dst=None, src=None):
    e = Ether(dst=dst or MAC, src=src or LINUX)
    if t is not None:
        e.type = t
    return e


def ip(**kw):
    kw.setdefault("src", PEER)
    kw.setdefault("dst", US)
    return eth() / IP(**kw)


def raw_ip(hdr_fix, payload=b"", **kw):
    """An IPv4 packet as bytes, with hdr_fix(bytearray) applied after the
    checksum has been computed (then fixed again unless told not to)."""
    pkt = bytearray(bytes(IP(src=PEER, dst=US, **kw) / Raw(payload)))
    keep_csum = hdr_fix(pkt)
    if not keep_csum:
        ihl = (pkt[0] & 15) * 4
        ihl = min(ihl, len(pkt)) if ihl >= 20 else 20
        pkt[10:12] = b"\0\0"
        s = 0
        for i in range(0, ihl, 2):
            s += (pkt[i] << 8) + (pkt[i + 1] if i + 1 < len(pkt) else 0)
        while s >> 16:
            s = (s & 0xffff) + (s >> 16)
        pkt[10:12] = (~s & 0xffff).to_bytes(2, "big")
    return eth(0x0800) / Raw(bytes(pkt))


def case(name, frames, expect, settle=0.05):
    """Sends frames; expect maps counter names to exact increments (a
    string '>=N' means at least N)."""
    global failures
    try:
        before = counters()
        for f in frames if isinstance(frames, list) else [frames]:
            sendp(f, iface=IFACE)
        time.sleep(settle)
        after = counters()
    except (OSError, RuntimeError) as e:
        failures += 1
        print("FAIL: %s: %s" % (name, e))
        return
    bad = []
    for c, want in expect.items():
        got = after.get(c, -1) - before.get(c, 0)
        if isinstance(want, str):
            if got < int(want[2:]):
                bad.append("%s +%d, want %s" % (c, got, want))
        elif got != want:
            bad.append("%s +%d, want +%d" % (c, got, want))
    if bad:
        failures += 1
        print("FAIL: %s: %s" % (name, "; ".join(bad)))
    else:
        print("PASS: %s" % name)
    sys.stdout.flush()


def frag(pid, off, data, mf, proto=1):
    return ip(id=pid, frag=off // 8, flags="MF" if mf else 0,
              proto=proto) / Raw(data)


def cases_ethernet():
    # (Linux pads a frame shorter than an Ethernet header before it
    # reaches the tap, so "short" is covered by the unit tests only.)
    case("eth_header_only", eth(0x0800), {"ipv4.drop.short": 1})
    case("eth_not_for_us", eth(0x0800, dst="02:aa:bb:cc:dd:ee") /
         IP(src=PEER, dst=US), {"ethernet.drop.not_for_us": 1,
                                "ipv4.drop.no_handler": 0})
    case("eth_multicast_src", eth(0x0800, src="01:00:5e:00:00:01") /
         IP(dst=US), {"ethernet.drop.bad_src": 1})
    case("eth_8023_length", eth(0x0040) / Raw(bytes(64)),
         {"ethernet.drop.length_field": 1})
    case("eth_vlan_tag", eth() / Dot1Q(vlan=5) / IP(src=PEER, dst=US) /
         ICMP(), {"ethernet.drop.vlan": 1, "icmp.rx_messages": 0})
    case("eth_unknown_type", eth(0x88b5) / Raw(bytes(50)),
         {"ethernet.drop.no_handler": ">=1"})


def arp(**kw):
    kw.setdefault("hwsrc", LINUX)
    kw.setdefault("psrc", PEER)
    kw.setdefault("pdst", US)
    return eth(0x0806, dst="ff:ff:ff:ff:ff:ff") / ARP(**kw)


def cases_arp():
    case("arp_truncated", eth(0x0806) / Raw(bytes(arp()[ARP])[:20]),
         {"arp.drop.short": 1})
    case("arp_bad_hwtype", arp(hwtype=6), {"arp.drop.bad_format": 1})
    case("arp_bad_ptype", arp(ptype=0x86dd), {"arp.drop.bad_format": 1})
    case("arp_bad_hwlen", eth(0x0806) / Raw(bytes(arp()[ARP])[:4] + b"\x08" +
                                            bytes(arp()[ARP])[5:]),
         {"arp.drop.bad_format": 1})
    case("arp_bad_plen", eth(0x0806) / Raw(bytes(arp()[ARP])[:5] + b"\x10" +
                                           bytes(arp()[ARP])[6:]),
         {"arp.drop.bad_format": 1})
    case("arp_bad_op", arp(op=3), {"arp.drop.bad_op": 1})
    case("arp_multicast_sender_mac", arp(hwsrc="01:00:5e:00:00:09"),
         {"arp.drop.bad_sender": 1, "arp.tx_replies": 0})
    case("arp_broadcast_sender_ip", arp(psrc="255.255.255.255"),
         {"arp.drop.bad_sender": 1})
    case("arp_loopback_sender_ip", arp(psrc="127.0.0.1"),
         {"arp.drop.bad_sender": 1})
    ping(1)  # the gateway (10.0.0.1) is resolved now
    case("arp_spoof_gateway_reply",
         eth(0x0806, src=EVIL) / ARP(op=2, hwsrc=EVIL, psrc=PEER, pdst=US,
                                     hwdst=MAC),
         {"arp.drop.conflict": 1})
    case("arp_spoof_gateway_gratuitous",
         eth(0x0806, src=EVIL, dst="ff:ff:ff:ff:ff:ff") /
         ARP(op=1, hwsrc=EVIL, psrc=PEER, pdst=PEER),
         {"arp.drop.conflict": 1})
    case("arp_spoof_gateway_request",
         eth(0x0806, src=EVIL, dst="ff:ff:ff:ff:ff:ff") /
         ARP(op=1, hwsrc=EVIL, psrc=PEER, pdst=US),
         {"arp.drop.conflict": 1, "arp.tx_replies": 1})
    if not ping(3):
        global failures
        failures += 1
        print("FAIL: arp_spoof_ping_after: pings lost after spoofing")
    else:
        print("PASS: arp_spoof_ping_after")
    case("arp_claims_our_address",
         eth(0x0806, src=EVIL) / ARP(op=2, hwsrc=EVIL, psrc=US, pdst=US),
         {"arp.drop.our_address": 1})
    case("arp_unsolicited_reply",
         eth(0x0806, src=EVIL) / ARP(op=2, hwsrc=EVIL, psrc="10.0.0.77",
                                     pdst=US, hwdst=MAC),
         {"arp.drop.unsolicited": 1})
    case("arp_not_for_us", arp(psrc="10.0.0.55", pdst="10.0.0.99",
                               hwsrc=EVIL),
         {"arp.drop.not_for_us": 1, "arp.tx_replies": 0})


def set_byte(i, v, keep_csum=False):
    def fix(p):
        p[i] = v
        return keep_csum
    return fix


def cases_ipv4():
    echo = bytes(ICMP(id=1, seq=1) / Raw(b"x" * 8))
    case("ip_truncated_header", eth(0x0800) / Raw(bytes(IP(dst=US))[:12]),
         {"ipv4.drop.short": 1})
    case("ip_bad_version", raw_ip(set_byte(0, 0x65), echo),
         {"ipv4.drop.bad_version": 1})
    case("ip_ihl_too_small", raw_ip(set_byte(0, 0x43), echo),
         {"ipv4.drop.bad_ihl": 1})
    case("ip_ihl_past_data", eth(0x0800) / Raw(b"\x4f" + bytes(IP(
        src=PEER, dst=US))[1:]), {"ipv4.drop.bad_ihl": 1})

    def total(n):
        def fix(p):
            p[2:4] = n.to_bytes(2, "big")
        return fix
    case("ip_total_below_header", raw_ip(total(12), echo),
         {"ipv4.drop.bad_length": 1})
    case("ip_total_past_frame", raw_ip(total(1400), echo),
         {"ipv4.drop.bad_length": 1})
    case("ip_bad_checksum", raw_ip(set_byte(10, 0x12, True), echo),
         {"ipv4.drop.bad_checksum": 1, "icmp.rx_messages": 0})
    case("ip_lsrr_option", ip(options=b"\x83\x07\x04\x0a\x00\x00\x01\x00") /
         ICMP(), {"ipv4.drop.bad_options": 1, "icmp.tx_echo_replies": 0})
    case("ip_option_overruns_header", ip(options=b"\x44\x28\x05\x00") /
         ICMP(), {"ipv4.drop.bad_options": 1})
    for n, src in (("broadcast", "255.255.255.255"), ("multicast", "224.0.0.9"),
                   ("loopback", "127.0.0.1"), ("land", US)):
        case("ip_src_" + n, ip(src=src) / ICMP(), {"ipv4.drop.bad_src": 1,
                                                   "icmp.tx_echo_replies": 0})
    case("ip_not_for_us", ip(dst="10.0.0.3") / ICMP(),
         {"ipv4.drop.not_for_us": 1})
    case("ip_multicast_dst", eth(0x0800, dst="01:00:5e:00:00:fb") /
         IP(src=PEER, dst="224.0.0.251") / UDP(dport=5353),
         {"ipv4.drop.not_for_us": 1})
    case("ip_unknown_protocol", ip(proto=253) / Raw(b"data"),
         {"ipv4.drop.no_handler": 1})


def cases_fragments():
    case("frag_overlap", [frag(1001, 0, b"A" * 16, True),
                          frag(1001, 8, b"B" * 16, False)],
         {"ipv4.drop.frag_overlap": 2})
    case("frag_teardrop", [frag(1002, 0, b"A" * 48, True),
                           frag(1002, 24, b"B" * 4, False)],
         {"ipv4.drop.frag_overlap": 2})
    case("frag_ping_of_death", frag(1003, 65528, b"P" * 64, False),
         {"ipv4.drop.frag_too_big": 1})
    case("frag_length_not_multiple_of_8", frag(1004, 0, b"Z" * 13, True),
         {"ipv4.drop.frag_bad": 1})
    case("frag_inconsistent_end", [frag(1005, 0, b"A" * 16, True),
                                   frag(1005, 32, b"C" * 16, False),
                                   frag(1005, 16, b"B" * 8, False)],
         {"ipv4.drop.frag_bad": 3})
    case("frag_tiny_flood", [frag(1006, i * 8, b"T" * 8, True)
                             for i in range(65)],
         {"ipv4.drop.frag_too_many": 65}, settle=0.2)
    icmp = bytes(ICMP(type=8, id=7, seq=7) / Raw(b"F" * 40))
    case("frag_duplicate_then_complete",
         [frag(1007, 0, icmp[:24], True), frag(1007, 0, icmp[:24], True),
          frag(1007, 24, icmp[24:], False)],
         {"ipv4.drop.frag_dup": 1, "ipv4.rx_reassembled": 1,
          "icmp.tx_echo_replies": 1})
    big = bytes(IP(src=PEER, dst=US) / UDP(sport=1, dport=7) /
                Raw(b"G" * 3000))[20:]
    case("frag_udp_out_of_order",
         [frag(1008, 1480, big[1480:2960], True, 17),
          frag(1008, 2960, big[2960:], False, 17),
          frag(1008, 0, big[:1480], True, 17)],
         {"ipv4.rx_reassembled": 1, "udp.drop.bad_checksum": 0,
          "udp.drop.bad_length": 0})
    bad = bytearray(big)
    bad[2000] ^= 1
    case("frag_udp_bad_checksum_after_reassembly",
         [frag(1009, 0, bytes(bad[:1480]), True, 17),
          frag(1009, 1480, bytes(bad[1480:2960]), True, 17),
          frag(1009, 2960, bytes(bad[2960:]), False, 17)],
         {"ipv4.rx_reassembled": 1, "udp.drop.bad_checksum": 1})


def cases_icmp():
    case("icmp_truncated", ip(proto=1) / Raw(b"\x08\x00\xf7"),
         {"icmp.drop.short": 1})
    case("icmp_bad_checksum", ip() / ICMP(chksum=0x1234) / Raw(b"abc"),
         {"icmp.drop.bad_checksum": 1, "icmp.tx_echo_replies": 0})
    case("icmp_echo_to_broadcast", eth(dst="ff:ff:ff:ff:ff:ff") /
         IP(src=PEER, dst="10.0.0.255") / ICMP(),
         {"icmp.drop.broadcast": 1, "icmp.tx_echo_replies": 0})
    case("icmp_error_short_quote", ip() / ICMP(type=3, code=3) /
         Raw(b"\x45\x00\x00"), {"icmp.drop.bad_error": 1})
    case("icmp_echo_reply_unsolicited", ip() / ICMP(type=0),
         {"icmp.drop.unhandled": 1})


def cases_udp():
    case("udp_truncated", ip(proto=17) / Raw(b"\x00\x07\x00"),
         {"udp.drop.short": 1})
    case("udp_bad_checksum", ip() / UDP(dport=7, chksum=0x4242) /
         Raw(b"echo?"), {"udp.drop.bad_checksum": 1})
    case("udp_length_past_packet", ip() / UDP(dport=7, len=100) /
         Raw(b"x" * 10), {"udp.drop.bad_length": 1})
    case("udp_length_below_header", ip() / UDP(dport=7, len=4) /
         Raw(b"x" * 10), {"udp.drop.bad_length": 1})
    case("udp_port_zero", ip() / UDP(sport=5, dport=0) / Raw(b"z"),
         {"udp.drop.bad_port": 1})
    case("udp_closed_port", ip() / UDP(sport=5, dport=4444) / Raw(b"z"),
         {"udp.drop.no_listener": 1, "icmp.tx_unreachables": 1})
    case("udp_closed_port_broadcast", eth(dst="ff:ff:ff:ff:ff:ff") /
         IP(src=PEER, dst="255.255.255.255") / UDP(sport=5, dport=4444),
         {"udp.drop.no_listener": 1, "icmp.tx_unreachables": 0})


def final_checks(start):
    global failures
    end = counters()
    drops = sum(v - start.get(k, 0) for k, v in end.items() if ".drop." in k)
    if ping(100):
        print("PASS: still_answers_pings")
    else:
        failures += 1
        print("FAIL: still_answers_pings: loss after the malformed input")
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    msg = os.urandom(3000)
    s.sendto(msg, (US, 7))
    try:
        ok = s.recvfrom(70000)[0] == msg
    except socket.timeout:
        ok = False
    print("PASS: still_echoes_udp" if ok else
          "FAIL: still_echoes_udp: no or wrong echo")
    failures += not ok
    if end["netif.drop.rx_nobuf"] == 0 and drops >= 100:
        print("PASS: drops_accounted")
    else:
        failures += 1
        print("FAIL: drops_accounted: %d drops counted, rx_nobuf %d" %
              (drops, end["netif.drop.rx_nobuf"]))


def main():
    start = counters()
    cases_ethernet()
    cases_arp()
    cases_ipv4()
    cases_fragments()
    cases_icmp()
    cases_udp()
    case("frag_timeout", frag(1099, 0, b"W" * 16, True),
         {"ipv4.drop.frag_timeout": 1}, settle=11)
    final_checks(start)
    sys.exit(1 if failures else 0)


main()

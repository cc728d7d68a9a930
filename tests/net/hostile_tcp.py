# SPDX-License-Identifier: ISC
# Hostile TCP input against the direct stack's engine (tests/net/progs/
# hostile.c on tap0 in this namespace, echo on TCP port 7, statistics on
# UDP port 9).  Segments are crafted with scapy from 10.0.0.9, an address
# Linux does not own (this script answers ARP for it), so the kernel never
# resets the connections scapy drives by hand.  Each case checks the
# engine's drop counters (exact increments), the answer it draws (challenge
# ACK, RST, nothing), and that a hand-driven connection and a Linux socket
# connection still echo afterwards.  The C heap in use is compared before
# and after.  Usage: python3 hostile_tcp.py  (prints PASS:/FAIL: lines)
import random
import socket
import sys
import time

from scapy.all import IP, TCP, AsyncSniffer, Ether, Raw, sendp

import hostile_lib as h
from hostile_lib import (FAKE, FAKEMAC, IFACE, MAC, US, Conn, acks, alive,
                         case, counters, diff, drain, expect, raw_tcp,
                         result, seen, send)

HEAP_BOUND = 2 << 20  # growth of the heap in use allowed over the suite


def cases_header(ctx):
    c = ctx[0]
    ip6 = IP(src=FAKE, dst=US, proto=6)
    short = Ether(dst=MAC, src=FAKEMAC) / ip6 / Raw(bytes(c.seg("A"))[:12])
    for name, seg, counts in (
            ("tcp_data_offset_4", raw_tcp(c, 4), {"tcp.drop_short": 1}),
            ("tcp_data_offset_past_segment", raw_tcp(c, 15, b"x" * 8),
             {"tcp.drop_short": 1}),
            ("tcp_bad_checksum", c.seg("PA", b"evil", chksum=0x1234),
             {"tcp.drop_checksum": 1}),
            ("tcp_zero_checksum", c.seg("PA", b"evil", chksum=0),
             {"tcp.drop_checksum": 1}),
            ("tcp_source_port_0", TCP(sport=0, dport=7, flags="S"),
             {"tcp.drop_other": 1}),
            ("tcp_dest_port_0", TCP(sport=4000, dport=0, flags="S"),
             {"tcp.drop_other": 1})):
        case(name, seg, counts, ctx=ctx)
    # Options with bad lengths (every one a whole number of words).
    for name, opts in (
            ("tcp_option_length_0", b"\x02\x00\x05\xb4"),
            ("tcp_option_length_1", b"\x08\x01\x00\x00"),
            ("tcp_option_overruns_header", b"\x02\x28\x05\xb4"),
            ("tcp_option_kind_without_length", b"\x01\x01\x01\x08"),
            ("tcp_mss_length_3", b"\x02\x03\x05\x01"),
            ("tcp_wscale_length_4", b"\x03\x04\x07\x00"),
            ("tcp_sack_length_7", b"\x05\x07" + bytes(6) + b"\x01" * 4),
            ("tcp_sack_length_not_8n", b"\x05\x0e" + bytes(12) + b"\x01" * 2),
            ("tcp_timestamp_length_8", b"\x08\x08" + bytes(6)),
            ("tcp_sack_permitted_length_3", b"\x04\x03\x00\x00")):
        case(name, raw_tcp(c, 5 + len(opts) // 4, opts),
             {"tcp.drop_options": 1}, ctx=ctx)
    drain()
    before = counters()
    sendp(short, iface=IFACE)
    time.sleep(0.05)
    result("tcp_truncated_header",
           diff(before, counters(), {"tcp.drop_short": 1}) + alive(*ctx))


def cases_listener(ctx):
    def rst_to(sport):
        return lambda s: s.dport == sport and "R" in s.flags

    def any_to(sport):
        return lambda s: s.dport == sport

    for i, (name, flags) in enumerate((
            ("listen_no_flags", ""), ("listen_fin_only", "F"),
            ("listen_rst_only", "R"), ("listen_syn_rst", "SR"),
            ("listen_xmas", "FSRPAU"), ("listen_psh_urg", "PU"),
            ("listen_fin_psh_urg", "FPU"))):
        sport = 20000 + i
        case(name, TCP(sport=sport, dport=7, flags=flags, seq=1000),
             {"tcp.drop_other": 1, "tcp.half_open": 0}, silent=any_to(sport),
             ctx=ctx)
    case("listen_bare_ack", TCP(sport=20100, dport=7, flags="A", seq=5,
                                ack=77777), {"tcp.drop_no_conn": 1},
         answer=lambda s: s.dport == 20100 and s.flags == "R" and
         s.seq == 77777, ctx=ctx)
    case("listen_fin_ack", TCP(sport=20101, dport=7, flags="FA", seq=5,
                               ack=99), {"tcp.drop_no_conn": 1},
         answer=rst_to(20101), ctx=ctx)
    case("closed_port_syn", TCP(sport=20102, dport=8, flags="S", seq=41),
         {"tcp.drop_no_conn": 1},
         answer=lambda s: s.dport == 20102 and s.flags == "RA" and
         s.ack == 42, ctx=ctx)
    case("closed_port_rst", TCP(sport=20103, dport=8, flags="R", seq=41),
         {"tcp.drop_no_conn": 1}, silent=any_to(20103), ctx=ctx)
    case("closed_port_data", TCP(sport=20104, dport=8, flags="PA", seq=1,
                                 ack=1) / Raw(b"hi"),
         {"tcp.drop_no_conn": 1}, answer=rst_to(20104), ctx=ctx)


def cases_flags(ctx):
    c = ctx[0]
    chal = lambda: acks(c, c.seq)  # noqa: E731
    case("est_no_flags", c.seg(""), {"tcp.drop_other": 1}, ctx=ctx)
    case("est_fin_without_ack", c.seg("F"), {"tcp.drop_other": 1,
                                             "tcp.conn_reset": 0}, ctx=ctx)
    case("est_data_without_ack", c.seg("P", b"no ack"),
         {"tcp.drop_other": 1}, ctx=ctx)
    case("est_syn_fin", c.seg("SF"), {"tcp.drop_other": 1,
                                      "tcp.challenge_acks": 1},
         answer=chal(), ctx=ctx)
    case("est_syn_rst_blind", c.seg("SR", seq=c.seq + 100),
         {"tcp.drop_rst": 1, "tcp.challenge_acks": 1}, answer=chal(), ctx=ctx)
    case("est_xmas_blind", c.seg("FSRPAU", seq=c.seq + 100, urgptr=1),
         {"tcp.drop_rst": 1, "tcp.conn_reset": 0}, answer=chal(), ctx=ctx)
    case("est_syn_injection", c.seg("S", seq=c.seq + 1000, ack=0),
         {"tcp.challenge_acks": 1, "tcp.drop_other": 1}, answer=chal(),
         ctx=ctx)
    case("est_syn_injection_out_of_window", c.seg("S", seq=c.seq + (1 << 31)),
         {"tcp.drop_out_of_window": 1, "tcp.conn_reset": 0}, answer=chal(),
         ctx=ctx)
    case("est_rst_blind_in_window", c.seg("R", seq=c.seq + 1000),
         {"tcp.drop_rst": 1, "tcp.challenge_acks": 1, "tcp.conn_reset": 0},
         answer=chal(), ctx=ctx)
    case("est_rst_ack_blind", c.seg("RA", seq=c.seq + 1, ack=0),
         {"tcp.drop_rst": 1, "tcp.conn_reset": 0}, answer=chal(), ctx=ctx)
    case("est_rst_out_of_window", c.seg("R", seq=c.seq + (1 << 30)),
         {"tcp.drop_out_of_window": 1, "tcp.conn_reset": 0},
         silent=lambda s: c.mine(s), ctx=ctx)
    case("est_rst_old", c.seg("R", seq=c.seq - 1000),
         {"tcp.drop_out_of_window": 1, "tcp.conn_reset": 0},
         silent=lambda s: c.mine(s), ctx=ctx)
    case("est_rst_flood_blind",
         [c.seg("R", seq=c.seq + 7 + 1000 * i) for i in range(50)],
         {"tcp.drop_rst": 50, "tcp.conn_reset": 0}, ctx=ctx)


def cases_window(ctx):
    c = ctx[0]
    case("data_beyond_window", c.seg("PA", b"z" * 100, seq=c.seq + 1000000),
         {"tcp.drop_out_of_window": 1}, answer=acks(c, c.seq), ctx=ctx)
    case("data_old_duplicate", c.seg("PA", b"o" * 100, seq=c.seq - 500),
         {"tcp.drop_out_of_window": 1}, answer=acks(c, c.seq), ctx=ctx)
    case("data_far_past", c.seg("PA", b"p" * 10, seq=c.seq - (1 << 31) + 5),
         {"tcp.drop_out_of_window": 1}, answer=acks(c, c.seq), ctx=ctx)
    case("ack_of_unsent_data", c.seg("A", ack=c.ack + 100000),
         {"tcp.drop_bad_ack": 1, "tcp.challenge_acks": 1},
         answer=acks(c, c.seq), ctx=ctx)
    case("ack_too_old", c.seg("A", ack=c.ack - (1 << 30)),
         {"tcp.drop_bad_ack": 1, "tcp.challenge_acks": 1}, ctx=ctx)
    case("data_with_bad_ack", c.seg("PA", b"lost", ack=c.ack + 5000000),
         {"tcp.drop_bad_ack": 1}, ctx=ctx)
    case("zero_window_probe_old_byte", c.seg("A", b"Q", seq=c.seq - 1),
         {"tcp.drop_out_of_window": 1, "tcp.challenge_acks": 0},
         answer=acks(c, c.seq), ctx=ctx)
    case("keepalive_probe", c.seg("A", seq=c.seq - 1),
         {"tcp.drop_out_of_window": 1, "tcp.challenge_acks": 0},
         answer=acks(c, c.seq), ctx=ctx)


def urgent_and_zero_window(ctx):
    c, linux = ctx
    drain()
    msg = b"urgent!"
    send(c.seg("PAU", msg, urgptr=60000))
    c.seq += len(msg)
    got = b""
    s = expect(lambda s: c.mine(s) and len(s.payload) > 0, 2)
    if s is not None:
        got = bytes(s.payload)
        c.ack += len(got)
        send(c.seg("A"))
    result("urgent_pointer_past_data", [] if got == msg else
           ["echo %r, want %r" % (got, msg)] + alive(c, linux))
    # We close our window; the echo must wait in the unikernel, probed.
    drain()
    before = counters()
    send(c.seg("A", window=0))
    send(c.seg("PA", b"W" * 300, window=0))
    c.seq += 300
    probe = expect(lambda s: c.mine(s) and len(s.payload) == 1, 5)
    bad = [] if probe else ["no zero-window probe within 5 s"]
    send(c.seg("A"))  # the window opens (ack unchanged: the probe's byte
    got = b""         # is taken again from the next data)
    end = time.time() + 3
    while len(got) < 300 and time.time() < end:
        s = expect(lambda s: c.mine(s) and len(s.payload) > 0,
                   end - time.time())
        if s is None:
            break
        if s.seq == c.ack:
            got += bytes(s.payload)
            c.ack += len(s.payload)
        send(c.seg("A"))
    if got != b"W" * 300:
        bad.append("after the window opened: %d of 300 bytes" % len(got))
    bad += diff(before, counters(), {"tcp.persist_probes": ">=1"})
    result("peer_zero_window", bad + alive(c, linux))


def cases_lifecycle(ctx):
    # A half-open connection ended by the peer's exact reset.
    drain()
    before = counters()
    send(TCP(sport=21000, dport=7, flags="S", seq=500))
    sa = expect(lambda s: s.dport == 21000 and s.flags == "SA")
    mid = counters()
    send(TCP(sport=21000, dport=7, flags="R", seq=501))
    time.sleep(0.05)
    after = counters()
    bad = [] if sa else ["no SYN-ACK"]
    bad += diff(before, mid, {"tcp.half_open": 1})
    bad += diff(before, after, {"tcp.half_open": 0, "tcp.conns": 0})
    result("syn_received_then_rst", bad + alive(*ctx))
    # An established connection: a reset with the exact sequence number
    # ends it (the counterpart of the blind resets that must not).
    try:
        d = Conn(21001)
        before = counters()
        send(d.seg("R"))
        time.sleep(0.05)
        send(d.seg("PA", b"after reset"))
        rst = expect(lambda s: d.mine(s) and "R" in s.flags)
        bad = diff(before, counters(), {"tcp.conn_reset": 1,
                                        "tcp.drop_no_conn": 1})
        bad += [] if rst else ["no RST for data after the reset"]
        if bad:
            a = counters()
            bad.append(str({k: a[k] - before[k] for k in a
                            if a[k] != before[k]}))
    except RuntimeError as e:
        bad = [str(e)]
    result("exact_rst_ends_connection", bad + alive(*ctx))
    # A second SYN with another sequence number on a live connection.
    try:
        d = Conn(21002)
        case("duplicate_syn_new_isn", d.seg("S", seq=d.seq + 7777, ack=0),
             {"tcp.challenge_acks": 1, "tcp.conn_reset": 0},
             answer=acks(d, d.seq), ctx=ctx)
        send(d.seg("RA"))
    except RuntimeError as e:
        result("duplicate_syn_new_isn", [str(e)])


def syn_flood(ctx):
    """400 SYNs from 400 ports: 256 wait in the SYN queue, the rest get
    cookies; then resets clear the queue.  The heap stays bounded."""
    drain()
    before = counters()
    isns = {}
    frames = []
    for i in range(400):
        isns[30000 + i] = random.getrandbits(32)
        frames.append(Ether(dst=MAC, src=FAKEMAC) / IP(src=FAKE, dst=US) /
                      TCP(sport=30000 + i, dport=7, flags="S",
                          seq=isns[30000 + i], options=[("MSS", 1460)]))
    sendp(frames, iface=IFACE)
    time.sleep(0.3)
    mid = counters()
    bad = diff(before, mid, {"tcp.half_open": 256,
                             "tcp.syn_cookies_sent": 144})
    grow = mid["heap.in_use"] - before["heap.in_use"]
    if grow > 1 << 20:
        bad.append("heap grew %d bytes for 256 half-open" % grow)
    sendp([Ether(dst=MAC, src=FAKEMAC) / IP(src=FAKE, dst=US) /
           TCP(sport=p, dport=7, flags="R", seq=(isn + 1) & 0xffffffff)
           for p, isn in isns.items()], iface=IFACE)
    time.sleep(0.3)
    after = counters()
    bad += diff(before, after, {"tcp.half_open": 0, "tcp.conns": 0})
    print("# syn queue: heap +%d bytes with 256 half-open" % grow)
    result("syn_flood_cookies", bad + alive(*ctx))


def main():
    sniffer = AsyncSniffer(iface=IFACE, prn=seen, store=False,
                           filter="arp or (tcp and src host %s)" % US)
    sniffer.start()
    time.sleep(0.5)
    start = counters()
    linux = socket.create_connection((US, 7), timeout=5)
    conn = Conn(12345)
    ctx = (conn, linux)
    if not conn.echo(b"hello") or alive(conn, linux):
        print("FAIL: setup: the live connections do not echo")
        sys.exit(1)
    cases_header(ctx)
    cases_listener(ctx)
    cases_flags(ctx)
    cases_window(ctx)
    urgent_and_zero_window(ctx)
    cases_lifecycle(ctx)
    syn_flood(ctx)
    linux.close()
    send(conn.seg("RA"))
    time.sleep(0.3)
    end = counters()
    drops = sum(v - start.get(k, 0) for k, v in end.items()
                if k.startswith("tcp.drop_"))
    grow = end["heap.in_use"] - start["heap.in_use"]
    print("# %d cases, %d TCP segments dropped, heap %d -> %d bytes" %
          (h.cases, drops, start["heap.in_use"], end["heap.in_use"]))
    result("heap_bounded", [] if grow < HEAP_BOUND else
           ["heap grew %d bytes over the suite" % grow])
    result("connections_released", diff(start, end, {"tcp.conns": 0,
                                                     "tcp.buffers": 0}))
    sniffer.stop()
    sys.exit(1 if h.failures else 0)


main()

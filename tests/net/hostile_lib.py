# SPDX-License-Identifier: ISC
# Helpers of tests/net/hostile_tcp.py: scapy segments from 10.0.0.9 (an
# address Linux does not own; the sniffer answers ARP for it, so the kernel
# never resets the connections driven by hand), the unikernel's counters
# over UDP port 9, hand-driven connections, and the per-case checks.
import os
import queue
import random
import socket
import subprocess
import sys
import time

from scapy.all import ARP, IP, TCP, Ether, Raw, conf, sendp

conf.verb = 0
IFACE = "tap0"
US, PEER, FAKE = "10.0.0.2", "10.0.0.1", "10.0.0.9"
FAKEMAC = "02:00:00:00:00:09"
failures = 0
cases = 0
segs = queue.Queue()


def counters():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    for _ in range(5):
        s.sendto(b"stats", (US, 9))
        try:
            data = s.recvfrom(65535)[0]
            break
        except socket.timeout:
            continue
    else:
        raise RuntimeError("no answer on the control port")
    return {k: int(v) for k, v in (x.split() for x in
                                   data.decode().splitlines())}


def our_mac():
    subprocess.run(["ping", "-c", "1", "-W", "1", US], capture_output=True)
    r = subprocess.run(["ip", "neigh", "show", US, "dev", IFACE],
                       capture_output=True, text=True).stdout.split()
    return r[r.index("lladdr") + 1]


MAC = our_mac()


def seen(pkt):
    """Sniffer callback: answers ARP for FAKE, queues TCP sent to FAKE."""
    if ARP in pkt and pkt[ARP].op == 1 and pkt[ARP].pdst == FAKE:
        sendp(Ether(dst=pkt.src, src=FAKEMAC) /
              ARP(op=2, hwsrc=FAKEMAC, psrc=FAKE, hwdst=pkt[ARP].hwsrc,
                  pdst=pkt[ARP].psrc), iface=IFACE)
    elif TCP in pkt and pkt[IP].dst == FAKE:
        segs.put(pkt[TCP])


def send(seg):
    sendp(Ether(dst=MAC, src=FAKEMAC) / IP(src=FAKE, dst=US) / seg,
          iface=IFACE)


def drain():
    while True:
        try:
            segs.get_nowait()
        except queue.Empty:
            return


def expect(pred, timeout=1.0):
    end = time.time() + timeout
    while True:
        left = end - time.time()
        if left <= 0:
            return None
        try:
            s = segs.get(timeout=left)
        except queue.Empty:
            return None
        if pred(s):
            return s


class Conn:
    """A connection to port 7 driven segment by segment."""

    def __init__(self, sport, port=7):
        self.sport, self.port = sport, port
        isn = random.getrandbits(32)
        send(TCP(sport=sport, dport=port, flags="S", seq=isn,
                 options=[("MSS", 1460)], window=65535))
        sa = expect(lambda s: s.dport == sport and s.flags == "SA")
        if sa is None:
            raise RuntimeError("no SYN-ACK for port %d" % sport)
        self.seq, self.ack = (isn + 1) & 0xffffffff, (sa.seq + 1) & 0xffffffff
        send(self.seg("A"))

    def seg(self, flags, data=b"", seq=None, ack=None, window=65535, **kw):
        t = TCP(sport=self.sport, dport=self.port, flags=flags,
                seq=(self.seq if seq is None else seq) & 0xffffffff,
                ack=(self.ack if ack is None else ack) & 0xffffffff,
                window=window, **kw)
        return t / Raw(data) if data else t

    def mine(self, s):
        return s.dport == self.sport and s.sport == self.port

    def echo(self, msg, timeout=2.0):
        """Sends msg, reads it back; True if it came back exactly."""
        send(self.seg("PA", msg))
        self.seq = (self.seq + len(msg)) & 0xffffffff
        got = b""
        end = time.time() + timeout
        while len(got) < len(msg) and time.time() < end:
            s = expect(lambda s: self.mine(s) and len(s.payload) > 0,
                       end - time.time())
            if s is None:
                break
            data = bytes(s.payload)
            if s.seq == self.ack:
                got += data
                self.ack = (self.ack + len(data)) & 0xffffffff
            send(self.seg("A"))
        return got == msg


def acks(conn, ack):
    return lambda s: conn.mine(s) and s.flags == "A" and s.ack == ack


def result(name, bad):
    global failures, cases
    cases += 1
    if bad:
        failures += 1
        print("FAIL: %s: %s" % (name, "; ".join(bad)))
    else:
        print("PASS: %s" % name)
    sys.stdout.flush()


def diff(before, after, expect_counts):
    bad = []
    for c, want in expect_counts.items():
        got = after.get(c, -1) - before.get(c, 0)
        if isinstance(want, str):
            if got < int(want[2:]):
                bad.append("%s +%d, want %s" % (c, got, want))
        elif got != want:
            bad.append("%s +%d, want +%d" % (c, got, want))
    return bad


def alive(conn, linux):
    bad = []
    msg = os.urandom(random.randint(1, 1000))
    if not conn.echo(msg):
        bad.append("the hand-driven connection stopped echoing")
    msg = os.urandom(2000)
    try:
        linux.sendall(msg)
        got = b""
        while len(got) < len(msg):
            d = linux.recv(65536)
            if not d:
                break
            got += d
        if got != msg:
            bad.append("the Linux connection echoed wrong data")
    except OSError as e:
        bad.append("the Linux connection failed: %s" % e)
    return bad


def case(name, segments, counts, answer=None, silent=None, ctx=None):
    """Sends segments; counts are exact counter increments; answer is a
    predicate a segment from the unikernel must match; silent one that
    none may match.  Then both live connections must still echo."""
    conn, linux = ctx
    try:
        drain()
        before = counters()
        for s in segments if isinstance(segments, list) else [segments]:
            send(s)
        bad = []
        if answer is not None and expect(answer) is None:
            bad.append("the expected answer did not come")
        if silent is not None and expect(silent, 0.3) is not None:
            bad.append("it answered a segment it must ignore")
        time.sleep(0.03)
        after = counters()
        bad += diff(before, after, counts)
        bad += alive(conn, linux)
    except (OSError, RuntimeError) as e:
        bad = [str(e)]
    result(name, bad)


def raw_tcp(conn, data_offset, body=b"", flags="A"):
    """A segment whose data offset is forced; scapy checksums the bytes."""
    return conn.seg(flags, dataofs=data_offset) / Raw(body)

#!/usr/bin/python3
# SPDX-License-Identifier: ISC
# Linux TCP clients for tests/net/tcp_*.t, talking to tests/net/progs/tcp_server.c.
#
#   echo HOST CONNS BYTES        CONNS connections at once to port 7, each
#                                sending BYTES and reading them back
#   sink HOST BYTES              BYTES to the slow sink (port 9); checks the
#                                count and hash it answers
#   source HOST BYTES PAUSE      asks port 10 for BYTES, waits PAUSE seconds
#                                before reading (its window closes), checks
# Prints one line of figures; exits 1 with the reason on any mismatch.
import socket
import sys
import threading
import time

PRIME = 1000003
_B = bytes((i * 2654435761 >> 13) & 0xff for i in range(PRIME))
BASE = _B + _B[:65536]  # periodic: BASE[i] == BASE[i % PRIME]


def data(seed, off, n):
    """n bytes of connection seed's stream from offset off."""
    start = (off + seed * 7919) % PRIME
    out = bytearray()
    while n > 0:
        k = min(n, 65536)
        out += BASE[start:start + k]
        start = (start + k) % PRIME
        n -= k
    return bytes(out)


def connect(host, port):
    s = socket.create_connection((host, port), timeout=120)
    s.settimeout(300)
    return s


def echo_one(host, seed, total, errors):
    try:
        s = connect(host, 7)

        def writer():
            try:
                off = 0
                while off < total:
                    n = min(65536, total - off)
                    s.sendall(data(seed, off, n))
                    off += n
                s.shutdown(socket.SHUT_WR)
            except Exception as e:  # noqa: BLE001
                errors.append("conn %d: send: %s" % (seed, e))

        w = threading.Thread(target=writer)
        w.start()
        got = 0
        while True:
            b = s.recv(262144)
            if not b:
                break
            if b != data(seed, got, len(b)):
                errors.append("conn %d: bytes differ near offset %d" % (seed, got))
                break
            got += len(b)
        w.join()
        s.close()
        if got != total:
            errors.append("conn %d: got %d of %d bytes" % (seed, got, total))
    except Exception as e:  # noqa: BLE001 (report every failure)
        errors.append("conn %d: %s" % (seed, e))


def cmd_echo(host, conns, total):
    errors = []
    t0 = time.time()
    ts = [threading.Thread(target=echo_one, args=(host, i, total, errors))
          for i in range(conns)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    dt = time.time() - t0
    if errors:
        print("%d failures; first: %s" % (len(errors), errors[0]))
        return 1
    mb = conns * total / 1e6
    print("%d x %d bytes echoed byte-exact in %.1f s (%.1f MB/s each way)"
          % (conns, total, dt, mb / dt))
    return 0


def fnv1a(b, h):
    for x in b:
        h = ((h ^ x) * 0x100000001b3) & 0xffffffffffffffff
    return h


def cmd_sink(host, total):
    s = connect(host, 9)
    t0 = time.time()
    h = 0xcbf29ce484222325
    off = 0
    while off < total:
        n = min(65536, total - off)
        d = data(99, off, n)
        h = fnv1a(d, h)
        s.sendall(d)
        off += n
    s.shutdown(socket.SHUT_WR)
    reply = b""
    while True:
        b = s.recv(4096)
        if not b:
            break
        reply += b
    dt = time.time() - t0
    want = "%d %016x" % (total, h)
    if reply.decode(errors="replace").strip() != want:
        print("sink answered %r, expected %r" % (reply, want))
        return 1
    print("%d bytes into a slow reader in %.1f s, count and hash match"
          % (total, dt))
    return 0


def pattern(off, n):
    return bytes(((i * 7) + (i >> 8) + (i >> 16) * 3) & 0xff
                 for i in range(off, off + n))


def cmd_source(host, total, pause):
    s = connect(host, 10)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    s.sendall(b"%d\n" % total)
    time.sleep(pause)
    got = 0
    while True:
        b = s.recv(65536)
        if not b:
            break
        if b != pattern(got, len(b)):
            print("source bytes differ near offset %d" % got)
            return 1
        got += len(b)
    if got != total:
        print("source: got %d of %d bytes" % (got, total))
        return 1
    print("%d bytes from the source after a %g s stall, byte-exact"
          % (total, pause))
    return 0


def main(argv):
    if len(argv) >= 4 and argv[1] == "echo":
        return cmd_echo(argv[2], int(argv[3]), int(argv[4]))
    if len(argv) == 4 and argv[1] == "sink":
        return cmd_sink(argv[2], int(argv[3]))
    if len(argv) == 5 and argv[1] == "source":
        return cmd_source(argv[2], int(argv[3]), float(argv[4]))
    print(__doc__ or "usage: see the header of this file")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

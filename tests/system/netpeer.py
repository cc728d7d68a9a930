# SPDX-License-Identifier: ISC
# The Linux side of tests/system/network.t: clients and a server made with
# the host's own sockets.  Each command prints one line: "ok ..." when the
# exchange went as expected, else "bad: why"; it exits 0 either way unless
# the arguments are wrong.
#
#   tcp-echo HOST PORT BYTES CONNS   CONNS connections at once, each sending
#                                    BYTES random bytes; every byte must come
#                                    back in order
#   udp-echo HOST PORT COUNT SIZE    COUNT datagrams of 1..SIZE bytes, one at
#                                    a time; each must come back unchanged
#   tcp-ask HOST PORT TEXT           sends TEXT, reads the answer until the
#                                    server closes; prints our local port and
#                                    the answer
#   tcp-serve HOST PORT SECONDS      accepts one connection, reads a line,
#                                    answers "pong: LINE" and closes
import os
import socket
import sys
import threading
import time


def tcp_echo(host, port, nbytes, conns):
    results = [None] * conns

    def one(i):
        data = os.urandom(nbytes)
        got = bytearray()
        try:
            s = socket.create_connection((host, port), timeout=20)
            reader_error = []

            def reader():
                try:
                    while True:
                        b = s.recv(65536)
                        if not b:
                            break
                        got.extend(b)
                except OSError as e:
                    reader_error.append(e)

            t = threading.Thread(target=reader)
            t.start()
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            t.join(60)
            s.close()
            if reader_error:
                results[i] = 'connection %d: %s after %d bytes' % (
                    i, reader_error[0], len(got))
            elif bytes(got) != data:
                results[i] = 'connection %d: %d bytes back of %d%s' % (
                    i, len(got), nbytes,
                    ', contents differ' if len(got) == nbytes else '')
        except OSError as e:
            results[i] = 'connection %d: %s' % (i, e)

    start = time.monotonic()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    bad = [r for r in results if r]
    if bad:
        print('bad: ' + '; '.join(bad))
    else:
        print('ok %d connections x %d bytes in %.2f s' % (
            conns, nbytes, time.monotonic() - start))


def udp_echo(host, port, count, size):
    start = time.monotonic()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    total = 0
    for i in range(count):
        n = 1 + (i * 7919) % size
        data = os.urandom(n)
        for attempt in range(3):
            s.sendto(data, (host, port))
            try:
                back, src = s.recvfrom(65536)
                break
            except socket.timeout:
                back = None
        if back is None:
            print('bad: datagram %d (%d bytes): no answer' % (i, n))
            return
        if back != data or src != (host, port):
            print('bad: datagram %d (%d bytes) came back as %d bytes from %s'
                  % (i, n, len(back), src))
            return
        total += n
    print('ok %d datagrams, %d bytes in %.2f s' % (
        count, total, time.monotonic() - start))


def tcp_ask(host, port, text):
    try:
        s = socket.create_connection((host, port), timeout=10)
        local = s.getsockname()[1]
        s.sendall(text.encode())
        got = bytearray()
        while True:
            b = s.recv(4096)
            if not b:
                break
            got.extend(b)
        s.close()
    except OSError as e:
        print('bad: %s' % e)
        return
    print('ok %d %s' % (local, got.decode(errors='replace')))


def tcp_serve(host, port, seconds):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen(1)
    srv.settimeout(seconds)
    print('listening', flush=True)
    try:
        c, peer = srv.accept()
        c.settimeout(seconds)
        line = bytearray()
        while not line.endswith(b'\n'):
            b = c.recv(4096)
            if not b:
                break
            line.extend(b)
        text = line.decode(errors='replace').rstrip('\n')
        c.sendall(('pong: %s\n' % text).encode())
        c.close()
    except OSError as e:
        print('bad: %s' % e)
        return
    print('ok %s %s' % (peer[0], text))


def main():
    a = sys.argv[1:]
    if len(a) == 5 and a[0] == 'tcp-echo':
        tcp_echo(a[1], int(a[2]), int(a[3]), int(a[4]))
    elif len(a) == 5 and a[0] == 'udp-echo':
        udp_echo(a[1], int(a[2]), int(a[3]), int(a[4]))
    elif len(a) == 4 and a[0] == 'tcp-ask':
        tcp_ask(a[1], int(a[2]), a[3])
    elif len(a) == 4 and a[0] == 'tcp-serve':
        tcp_serve(a[1], int(a[2]), float(a[3]))
    else:
        sys.exit('usage: see the comment at the top of netpeer.py')


main()

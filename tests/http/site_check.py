#!/usr/bin/python3
# SPDX-License-Identifier: ISC
# Checks a static_website server against the folder it serves: prints
# "PASS: LABEL-case" / "FAIL: LABEL-case: why" lines.
#   site_check.py LABEL HOST PORT DOCROOT [basic|full|hostile]
import email.utils
import http.client
import os
import select
import socket
import sys
import threading
import time

LABEL, HOST, PORT, ROOT = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
MODE = sys.argv[5] if len(sys.argv) > 5 else "full"


def report(case, ok, why=""):
    if ok:
        print(f"PASS: {LABEL}-{case}", flush=True)
    else:
        print(f"FAIL: {LABEL}-{case}: {why}", flush=True)


def req(method, path, headers=None, conn=None):
    c = conn or http.client.HTTPConnection(HOST, PORT, timeout=20)
    c.request(method, path, headers=headers or {})
    r = c.getresponse()
    body = r.read()
    if conn is None:
        c.close()
    return r, body


def local(path):
    with open(os.path.join(ROOT, path.lstrip("/")), "rb") as f:
        return f.read()


def check(case, fn):
    try:
        ok, why = fn()
    except TimeoutError:
        ok, why = False, "no answer within 20 s (the server hangs or is very slow)"
    except OSError as e:
        ok, why = False, f"cannot reach the server ({e.strerror or e})"
    except Exception as e:  # a crash of the check is a failure, never a pass
        ok, why = False, f"{type(e).__name__}: {e}"
    report(case, ok, why)


def get_file(path, file, ctype):
    def fn():
        r, b = req("GET", path)
        want = local(file)
        if r.status != 200:
            return False, f"status {r.status}"
        if b != want:
            return False, f"body differs ({len(b)} bytes, want {len(want)})"
        ct = r.getheader("Content-Type", "")
        if not ct.startswith(ctype):
            return False, f"Content-Type {ct!r}, want {ctype}"
        return r.getheader("Content-Length") == str(len(want)), "Content-Length"
    return fn


def basic():
    check("index", get_file("/", "index.html", "text/html"))
    check("index-612-bytes", lambda: (len(req("GET", "/")[1]) == 612, "size"))
    check("css", get_file("/css/style.css", "css/style.css", "text/css"))
    check("subfolder-index", get_file("/docs/", "docs/index.html", "text/html"))
    check("big-file", get_file("/big.bin", "big.bin", "application/octet-stream"))

    def redirect():
        r, _ = req("GET", "/docs?x=1")
        loc = r.getheader("Location")
        return r.status == 301 and loc == "/docs/?x=1", f"{r.status} {loc}"
    check("redirect-301", redirect)

    def not_found():
        bad = [req("GET", p)[0].status for p in
               ("/nope", "/docs/nope.html", "/index.html/")]
        return bad == [404] * 3, f"statuses {bad}"
    check("404", not_found)

    def etag_304():
        r, _ = req("GET", "/css/style.css")
        et = r.getheader("ETag")
        if not et or not et.startswith('"'):
            return False, f"ETag {et!r}"
        r2, b2 = req("GET", "/css/style.css", {"If-None-Match": et})
        r3, _ = req("GET", "/css/style.css", {"If-None-Match": '"other"'})
        r4, _ = req("GET", "/css/style.css", {"If-None-Match": '"x", W/' + et})
        r5, _ = req("GET", "/", {"If-None-Match": et})
        st = (r2.status, len(b2), r3.status, r4.status, r5.status)
        return st == (304, 0, 200, 304, 200), f"got {st}"
    check("etag-304", etag_304)

    def range_206():
        size = len(local("big.bin"))
        r, b = req("GET", "/big.bin", {"Range": "bytes=1000-1999"})
        cr = r.getheader("Content-Range")
        if r.status != 206 or cr != f"bytes 1000-1999/{size}":
            return False, f"{r.status} {cr}"
        if b != local("big.bin")[1000:2000]:
            return False, "body of 1000-1999 differs"
        r, b = req("GET", "/big.bin", {"Range": "bytes=-100"})
        if r.status != 206 or b != local("big.bin")[-100:]:
            return False, f"suffix: {r.status}"
        r, b = req("GET", "/big.bin", {"Range": f"bytes={size - 10}-"})
        return r.status == 206 and b == local("big.bin")[-10:], "open range"
    check("range-206", range_206)

    def range_416():
        size = len(local("index.html"))
        r, _ = req("GET", "/", {"Range": f"bytes={size}-"})
        cr = r.getheader("Content-Range")
        return r.status == 416 and cr == f"bytes */{size}", f"{r.status} {cr}"
    check("range-416", range_416)


def full():
    def modified_since():
        r, _ = req("GET", "/")
        lm = r.getheader("Last-Modified")
        t = email.utils.parsedate_to_datetime(lm).timestamp()
        before = email.utils.formatdate(t - 86400, usegmt=True)
        after = email.utils.formatdate(t + 60, usegmt=True)
        st = (req("GET", "/", {"If-Modified-Since": lm})[0].status,
              req("GET", "/", {"If-Modified-Since": after})[0].status,
              req("GET", "/", {"If-Modified-Since": before})[0].status,
              req("GET", "/", {"If-Modified-Since": "yesterday"})[0].status,
              req("GET", "/", {"If-Modified-Since": lm,
                               "If-None-Match": '"nope"'})[0].status)
        return st == (304, 304, 200, 200, 200), f"Last-Modified {lm}: {st}"
    check("if-modified-since", modified_since)

    def if_range():
        r, _ = req("GET", "/big.bin")
        et = r.getheader("ETag")
        a = req("GET", "/big.bin", {"Range": "bytes=0-9", "If-Range": et})[0]
        b, body = req("GET", "/big.bin", {"Range": "bytes=0-9",
                                          "If-Range": '"stale"'})
        st = (a.status, b.status, len(body) == len(local("big.bin")))
        return st == (206, 200, True), f"got {st}"
    check("if-range", if_range)

    def multi_range_whole():
        r, b = req("GET", "/", {"Range": "bytes=0-1,5-6"})
        return r.status == 200 and b == local("index.html"), f"{r.status}"
    check("multi-range-whole", multi_range_whole)

    def head():
        r, b = req("HEAD", "/")
        return (r.status == 200 and b == b"" and
                r.getheader("Content-Length") == "612"), f"{r.status} {len(b)}"
    check("head", head)

    def methods():
        st = []
        for m in ("POST", "PUT", "DELETE", "OPTIONS"):
            r, _ = req(m, "/")
            st.append((r.status, r.getheader("Allow")))
        return st == [(405, "GET, HEAD")] * 4, f"{st}"
    check("405", methods)

    def traversal():
        st = [req("GET", p)[0].status for p in
              ("/../etc/passwd", "/%2e%2e/etc/passwd", "/docs/..%2f..%2fx",
               "/%00", "/%zz")]
        return all(s in (400, 404) for s in st), f"statuses {st}"
    check("traversal-refused", traversal)

    def keep_alive():
        c = http.client.HTTPConnection(HOST, PORT, timeout=20)
        bodies = [req("GET", p, conn=c)[1] for p in ("/", "/css/style.css", "/")]
        c.close()
        ok = bodies == [local("index.html"), local("css/style.css"),
                        local("index.html")]
        return ok, "bodies on one connection differ"
    check("keep-alive", keep_alive)

    def date_header():
        r, _ = req("GET", "/")
        d = r.getheader("Date")
        t = email.utils.parsedate_to_datetime(d).timestamp() if d else 0
        return abs(t - time.time()) < 300, f"Date {d!r}"
    check("date-header", date_header)


def raw(data, timeout=20, pause=None):
    """Sends data (list: pieces separated by pause seconds); returns all
    that came back until the server closed (or the timeout)."""
    s = socket.create_connection((HOST, PORT), timeout=timeout)
    out = b""
    try:
        for i, piece in enumerate(data if isinstance(data, list) else [data]):
            if i and pause:
                time.sleep(pause)
            s.sendall(piece)
        while True:
            b = s.recv(65536)
            if not b:
                break
            out += b
    except (socket.timeout, ConnectionResetError, BrokenPipeError):
        pass
    s.close()
    return out


def status_of(resp):
    parts = resp.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def hostile():
    results = {}
    H = b"Host: x\r\n"

    def slowloris():
        # One header line every 0.5 s, never ending the head; stops sending
        # as soon as the server answers.
        t0 = time.time()
        resp = b""
        try:
            s = socket.create_connection((HOST, PORT), timeout=30)
        except OSError as e:
            results["slowloris"] = (f"no connection: {e}", 0)
            return
        try:
            s.sendall(b"GET / HTTP/1.1\r\n" + H)
            while time.time() - t0 < 30:
                r, _, _ = select.select([s], [], [], 0.5)
                if r:
                    b = s.recv(65536)
                    resp += b
                    if not b:
                        break
                elif not resp:
                    s.sendall(b"X-a: b\r\n")
        except OSError as e:
            resp = resp or repr(e).encode()
        s.close()
        results["slowloris"] = (status_of(resp), time.time() - t0)

    th = threading.Thread(target=slowloris)
    th.start()
    time.sleep(1)
    cases = {
        "oversized-headers-431": (b"GET / HTTP/1.1\r\n" + H +
                                  b"X-big: " + b"a" * 20000 + b"\r\n\r\n", 431),
        "long-request-line-414": (b"GET /" + b"a" * 9000 +
                                  b" HTTP/1.1\r\n" + H + b"\r\n", 414),
        "bad-chunk-size-400": (b"POST / HTTP/1.1\r\n" + H +
                               b"Transfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n",
                               400),
        "huge-chunk-size-413": (b"POST / HTTP/1.1\r\n" + H +
                                b"Transfer-Encoding: chunked\r\n\r\n"
                                b"fffffffffffffffffffffff\r\n", 413),
        "cl-te-smuggling-400": (b"POST / HTTP/1.1\r\n" + H +
                                b"Content-Length: 6\r\nTransfer-Encoding: chunked\r\n"
                                b"\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n" + H + b"\r\n",
                                400),
        "two-content-lengths-400": (b"POST / HTTP/1.1\r\n" + H +
                                    b"Content-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
        "no-host-400": (b"GET / HTTP/1.1\r\n\r\n", 400),
        "bad-version-505": (b"GET / HTTP/2.0\r\n" + H + b"\r\n", 505),
    }
    for name, (data, want) in cases.items():
        def one(data=data, want=want):
            resp = raw(data)
            st = status_of(resp)
            n = resp.count(b"HTTP/1.1 ")
            return st == want and n == 1, f"status {st}, {n} responses"
        check(name, one)
    # Meanwhile (the slowloris connection is still open) others are served.
    t0 = time.time()
    oks = 0
    for _ in range(20):
        try:
            r, b = req("GET", "/")
            oks += r.status == 200 and b == local("index.html")
        except OSError:
            pass
    alive = th.is_alive()
    report("served-during-slowloris", oks == 20 and alive,
           f"{oks}/20 served in {time.time() - t0:.1f} s, slowloris open: {alive}")
    th.join()
    st, secs = results.get("slowloris", (None, 0))
    report("slowloris-408", st == 408 and secs < 25,
           f"status {st} after {secs:.1f} s")
    check("alive-after-hostile", get_file("/", "index.html", "text/html"))


try:
    basic()
    if MODE in ("full", "hostile"):
        full()
    if MODE == "hostile":
        hostile()
except Exception as e:  # the remaining checks did not run: say so
    report("checker", False, f"stopped early: {type(e).__name__}: {e}")
    sys.exit(1)

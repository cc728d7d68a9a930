#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# examples/static_website (unix target, socket stack, crunch store: files
# sent from the image without copying) against nginx (one worker, sendfile,
# keep-alive, no access log) serving the same folder on loopback.  wrk
# (one thread) measures requests/s and latency percentiles for the 612-byte
# index.html and a 1 MiB file at 1, 10 and 100 connections.
#   BENCH_HTTP_SECS   seconds per measurement (default 5)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
export PATH=$BUILD/bin:$PATH
SECS=${BENCH_HTTP_SECS:-5}
TMP=$(mktemp -d /tmp/mc-bench-http.XXXXXX)
PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
    rm -rf "$TMP"
}
trap cleanup EXIT

for t in wrk nginx curl; do
    command -v $t >/dev/null || [ -x /usr/sbin/$t ] || {
        echo "bench/http: $t is not installed; skipped"
        exit 0
    }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_http() {
    local i
    for ((i = 0; i < 100; i++)); do
        curl -s -o /dev/null -m 1 "$1" && return 0
        sleep 0.1
    done
    return 1
}

# The site: the example's htdocs plus a 1 MiB file, built into the image.
site=$TMP/site
mkdir -p "$site"
cp "$ROOT"/examples/static_website/*.[ch] "$site/" &&
    cp -r "$ROOT/examples/static_website/htdocs" "$site/" &&
    head -c 1048576 /dev/urandom >"$site/htdocs/big.bin" || exit 1
if ! (cd "$site" && mirage configure -t unix && mirage build) >"$TMP/build.log" 2>&1; then
    echo "bench/http: cannot build static_website:"
    tail -n 5 "$TMP/build.log"
    exit 1
fi
chmod -R a+rX "$TMP"

mport=$(free_port)
(cd "$site" && exec ./dist/static_website --port="$mport" -l quiet) >"$TMP/mirage.log" 2>&1 &
PIDS+=($!)
nport=$(free_port)
cat >"$TMP/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    client_body_temp_path $TMP/nginx-body;
    proxy_temp_path $TMP/nginx-proxy;
    fastcgi_temp_path $TMP/nginx-fastcgi;
    uwsgi_temp_path $TMP/nginx-uwsgi;
    scgi_temp_path $TMP/nginx-scgi;
    server {
        listen 127.0.0.1:$nport;
        root $site/htdocs;
    }
}
CONF
"$NGINX" -c "$TMP/nginx.conf" -e "$TMP/nginx-error.log" >"$TMP/nginx.out" 2>&1 &
PIDS+=($!)
for u in "http://127.0.0.1:$mport/" "http://127.0.0.1:$nport/"; do
    wait_http "$u" || {
        echo "bench/http: no answer at $u"
        tail -n 3 "$TMP"/*.log "$TMP/nginx.out" 2>/dev/null
        exit 1
    }
done
# Both must serve the same bytes before their speeds are compared.
for f in index.html big.bin; do
    curl -s "http://127.0.0.1:$mport/$f" | cmp -s - "$site/htdocs/$f" &&
        curl -s "http://127.0.0.1:$nport/$f" | cmp -s - "$site/htdocs/$f" || {
        echo "bench/http: $f differs from the folder"
        exit 1
    }
done

# wrk's "Requests/sec" and 50/90/99% latencies (in us) of one run; the
# arguments after URL and CONNS wrap wrk (ip netns exec NS).
measure() {
    local url=$1 c=$2 out
    shift 2
    out=$("$@" wrk -t1 -c"$c" -d"${SECS}s" --latency "$url" 2>&1)
    echo "$out" | awk '
        function us(v) {
            if (v ~ /us$/) return v + 0
            if (v ~ /ms$/) return (v + 0) * 1000
            if (v ~ /s$/) return (v + 0) * 1000000
            return -1
        }
        /Requests\/sec:/ { rps = $2 }
        $1 == "50%" { p50 = us($2) } $1 == "90%" { p90 = us($2) }
        $1 == "99%" { p99 = us($2) }
        / Non-2xx/ || /Socket errors/ { err = err " " $0 }
        END { printf "%.0f %.0f %.0f %.0f%s\n", rps, p50, p90, p99, err }'
}

# table MIRAGE_BASE NGINX_BASE [WRAP...]: both servers, both files, 1, 10
# and 100 connections.
table() {
    local mb=$1 nb=$2 f c mr m50 m90 m99 merr nr n50 n90 n99 nerr ratio
    shift 2
    printf '%-10s %5s | %10s %8s %8s %8s | %10s %8s %8s %8s | %6s\n' file \
        conns "mirage r/s" p50us p90us p99us "nginx r/s" p50us p90us p99us ratio
    for f in index.html big.bin; do
        for c in 1 10 100; do
            read -r mr m50 m90 m99 merr < <(measure "$mb/$f" $c "$@")
            read -r nr n50 n90 n99 nerr < <(measure "$nb/$f" $c "$@")
            ratio=$(awk -v a="$mr" -v b="$nr" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
            printf '%-10s %5d | %10s %8s %8s %8s | %10s %8s %8s %8s | %6s\n' \
                "$f" "$c" "$mr" "$m50" "$m90" "$m99" "$nr" "$n50" "$n90" "$n99" "$ratio"
            [ -z "$merr$nerr" ] || echo "  errors: mirage:$merr nginx:$nerr"
        done
    done
}

NGV=$("$NGINX" -v 2>&1 | sed 's/.*\///')
echo "static_website (unix, socket stack) vs nginx $NGV, loopback, wrk -t1, ${SECS} s each"
table "http://127.0.0.1:$mport" "http://127.0.0.1:$nport"
echo "ratio = mirage requests/s / nginx requests/s (higher is better for mirage)"

# The spt build (its own TCP/IP stack on a tap) against nginx in a second
# namespace behind a veth pair; wrk runs in the first namespace.
if [ "$(id -u)" != 0 ] || [ ! -x "$BUILD/bin/mirage-spt" ] || [ ! -c /dev/net/tun ]; then
    echo "spt vs nginx: skipped (needs root, /dev/net/tun and mirage-spt)"
    exit 0
fi
NS=mc-bh-$$
NS2=mc-bh2-$$
cleanup_ns() {
    cleanup
    ip netns del "$NS" 2>/dev/null
    ip netns del "$NS2" 2>/dev/null
}
trap cleanup_ns EXIT
if ! (cd "$site" && mirage configure -t spt && mirage build) >"$TMP/build-spt.log" 2>&1; then
    echo "spt vs nginx: cannot build for spt: $(grep -m1 -i error "$TMP/build-spt.log")"
    exit 0
fi
ip netns add "$NS" && ip netns add "$NS2" &&
    ip -n "$NS" link set lo up && ip -n "$NS2" link set lo up &&
    ip -n "$NS" tuntap add tap0 mode tap &&
    ip -n "$NS" addr add 10.0.1.1/24 dev tap0 && ip -n "$NS" link set tap0 up &&
    ip -n "$NS" link add veth0 type veth peer name veth1 netns "$NS2" &&
    ip -n "$NS" addr add 10.0.2.1/24 dev veth0 && ip -n "$NS" link set veth0 up &&
    ip -n "$NS2" addr add 10.0.2.2/24 dev veth1 && ip -n "$NS2" link set veth1 up || {
    echo "spt vs nginx: cannot set up the namespaces"
    exit 0
}
sed "s/listen 127.0.0.1:$nport;/listen 10.0.2.2:80;/; s|pid $TMP/nginx.pid|pid $TMP/nginx2.pid|" \
    "$TMP/nginx.conf" >"$TMP/nginx2.conf"
ip netns exec "$NS2" "$NGINX" -c "$TMP/nginx2.conf" -e "$TMP/nginx-error.log" \
    >"$TMP/nginx2.out" 2>&1 &
PIDS+=($!)
(cd "$site" && exec ip netns exec "$NS" mirage-spt --mem=256 --net:service=tap0 \
    dist/static_website.spt --ipv4=10.0.1.2/24 --port=80 -l warning) \
    >"$TMP/spt.log" 2>&1 &
PIDS+=($!)
for u in http://10.0.1.2/ http://10.0.2.2/; do
    for ((i = 0; i < 100; i++)); do
        ip netns exec "$NS" curl -s -o /dev/null -m 1 "$u" && break
        sleep 0.1
    done
done
ok=1
for f in index.html big.bin; do
    for u in http://10.0.1.2 http://10.0.2.2; do
        ip netns exec "$NS" curl -s -m 20 "$u/$f" | cmp -s - "$site/htdocs/$f" || {
            echo "spt vs nginx: $u/$f does not serve the file; skipped"
            ok=0
        }
    done
done
if [ $ok = 1 ]; then
    echo
    echo "static_website (spt, direct stack, tap) vs nginx $NGV (veth), wrk -t1 in a namespace, ${SECS} s each"
    table http://10.0.1.2 http://10.0.2.2 ip netns exec "$NS"
fi

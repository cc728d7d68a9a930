#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# examples/static_website against nginx (one worker, sendfile, keep-alive,
# no access log) serving the same folder.  wrk (one thread) measures
# requests/s and latency percentiles for the 612-byte index.html and a
# 1 MiB file at 1, 10 and 100 connections.  Targets:
#   unix  the socket stack on loopback, nginx on loopback
#   spt   the direct stack on a tap in a namespace, nginx behind a veth
#   hvt   the same topology as spt (skipped when /dev/kvm does not open)
# Knobs (environment):
#   BENCH_HTTP_SECS     seconds per measurement (default 5)
#   BENCH_HTTP_TARGETS  targets to run, in order (default "unix spt hvt")
#   BENCH_HTTP_FILES    files to fetch (default "index.html big.bin")
#   BENCH_HTTP_CONNS    connection counts (default "1 10 100")
#   BENCH_HTTP_REPEAT   runs of each cell, mirage and nginx alternating; the
#                       best of each is kept (default 1)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
export PATH=$BUILD/bin:$PATH
SECS=${BENCH_HTTP_SECS:-5}
TARGETS=${BENCH_HTTP_TARGETS:-unix spt hvt}
FILES=${BENCH_HTTP_FILES:-index.html big.bin}
CONNS=${BENCH_HTTP_CONNS:-1 10 100}
REPEAT=${BENCH_HTTP_REPEAT:-1}
TMP=$(mktemp -d /tmp/mc-bench-http.XXXXXX)
PIDS=()
NS=mc-bh-$$
NS2=mc-bh2-$$
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
    ip netns del "$NS" 2>/dev/null
    ip netns del "$NS2" 2>/dev/null
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
NGV=$("$NGINX" -v 2>&1 | sed 's/.*\///')

free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# wait_http URL [WRAP...]: up to 10 s for an answer.
wait_http() {
    local u=$1 i
    shift
    for ((i = 0; i < 100; i++)); do
        "$@" curl -s -o /dev/null -m 1 "$u" && return 0
        sleep 0.1
    done
    return 1
}
# stop_last: ends the last server started.
stop_last() {
    kill "${PIDS[-1]}" 2>/dev/null
    wait "${PIDS[-1]}" 2>/dev/null
    unset 'PIDS[-1]'
}

# The site: the example's htdocs plus a 1 MiB file, built into the image.
site=$TMP/site
mkdir -p "$site"
cp "$ROOT"/examples/static_website/*.[ch] "$site/" &&
    cp -r "$ROOT/examples/static_website/htdocs" "$site/" &&
    head -c 1048576 /dev/urandom >"$site/htdocs/big.bin" || exit 1
chmod -R a+rX "$TMP"

# build TARGET: 0 with dist/ holding the image, else a reason on stdout.
build() {
    (cd "$site" && mirage configure -t "$1" && mirage build) >"$TMP/build-$1.log" 2>&1 || {
        echo "cannot build for $1: $(grep -m1 -i error "$TMP/build-$1.log")"
        return 1
    }
}

# nginx_conf LISTEN PIDFILE: the configuration on stdout.
nginx_conf() {
    cat <<CONF
worker_processes 1;
daemon off;
pid $2;
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
        listen $1;
        root $site/htdocs;
    }
}
CONF
}

# same_bytes BASE [WRAP...]: every file is served as it is in the folder.
same_bytes() {
    local b=$1 f
    shift
    for f in $FILES; do
        "$@" curl -s -m 180 "$b/$f" | cmp -s - "$site/htdocs/$f" || {
            echo "$b/$f does not serve the file"
            return 1
        }
    done
}

# measure URL CONNS [WRAP...]: wrk's requests/s and 50/90/99% latencies
# (us) of one run, then its errors (socket errors, non-2xx, or why it
# failed).  wrk is bounded by timeout: a stuck server cannot stall the run.
measure() {
    local url=$1 c=$2 out rc
    shift 2
    out=$("$@" timeout -k 5 $((SECS + 60)) wrk -t1 -c"$c" -d"${SECS}s" \
        --timeout 10s --latency "$url" 2>&1)
    rc=$?
    echo "$out" | awk -v rc=$rc '
        function us(v) {
            if (v ~ /us$/) return v + 0
            if (v ~ /ms$/) return (v + 0) * 1000
            if (v ~ /s$/) return (v + 0) * 1000000
            return -1
        }
        /Requests\/sec:/ { rps = $2 }
        $1 == "50%" { p50 = us($2) } $1 == "90%" { p90 = us($2) }
        $1 == "99%" { p99 = us($2) }
        / Non-2xx/ || /Socket errors/ { sub(/^ +/, ""); err = err " [" $0 "]" }
        { last = $0 }
        END {
            if (rc != 0 || rps == "")
                err = err " [wrk exit " rc ": " substr(last, 1, 80) "]"
            else if (rps + 0 == 0 && err == "")
                err = " [no response completed]"
            printf "%.0f %.0f %.0f %.0f%s\n", rps, p50, p90, p99, err
        }'
}

# best_of URL CONNS [WRAP...]: the run with the most requests/s of REPEAT.
best_of() {
    local url=$1 c=$2 i line best="" r b
    shift 2
    for ((i = 0; i < REPEAT; i++)); do
        line=$(measure "$url" "$c" "$@")
        r=${line%% *}
        b=${best%% *}
        [ -n "$best" ] && [ "${r:-0}" -le "${b:-0}" ] || best=$line
    done
    echo "$best"
}

# table MIRAGE_BASE NGINX_BASE [WRAP...]: both servers, every file and
# connection count.
table() {
    local mb=$1 nb=$2 f c mr m50 m90 m99 merr nr n50 n90 n99 nerr ratio
    shift 2
    printf '%-10s %5s | %10s %8s %8s %8s | %10s %8s %8s %8s | %6s\n' file \
        conns "mirage r/s" p50us p90us p99us "nginx r/s" p50us p90us p99us ratio
    for f in $FILES; do
        for c in $CONNS; do
            read -r mr m50 m90 m99 merr < <(best_of "$mb/$f" $c "$@")
            read -r nr n50 n90 n99 nerr < <(best_of "$nb/$f" $c "$@")
            ratio=$(awk -v a="$mr" -v b="$nr" 'BEGIN { if (b > 0) printf "%.3g", a / b; else print "-" }')
            printf '%-10s %5d | %10s %8s %8s %8s | %10s %8s %8s %8s | %6s\n' \
                "$f" "$c" "$mr" "$m50" "$m90" "$m99" "$nr" "$n50" "$n90" "$n99" "$ratio"
            [ -z "$merr$nerr" ] || echo "  errors: mirage:${merr:- none} nginx:${nerr:- none}"
        done
    done
    echo "ratio = mirage requests/s / nginx requests/s (higher is better for mirage)"
}

. "$ROOT/bench/http/targets.sh"

for t in $TARGETS; do
    echo
    case $t in
    unix) bench_unix ;;
    spt | hvt) bench_guest "$t" ;;
    *) echo "$t: unknown target (BENCH_HTTP_TARGETS: unix spt hvt)" ;;
    esac
done
exit 0

#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# make demo: builds examples/static_website for the best target this
# machine runs (hvt when /dev/kvm opens, else spt, else unix), boots it,
# fetches its page with curl, prints it and stops the unikernel.  hvt and
# spt use the unikernel's own TCP/IP stack on a tap in a private network
# namespace, so they need root; a target that does not work falls back to
# the next one (DEMO_TARGET=unix|hvt|spt tries that one only).  The build
# happens in a temporary copy of the example.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
export PATH="$build/bin:$PATH"
work=$(mktemp -d /tmp/mirage-demo.XXXXXX)
ns=mirage-demo-$$
pid=

cleanup() {
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    ip netns del "$ns" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '== %s\n' "$*"; }

if ! command -v mirage >/dev/null || ! command -v curl >/dev/null; then
    echo "demo: needs $build/bin/mirage (run make) and curl" >&2
    exit 1
fi

can_netns() {
    [ "$(id -u)" = 0 ] && [ -c /dev/net/tun ] && command -v ip >/dev/null
}

# A network namespace with tap0 = 10.0.0.1/24 for a Solo5 guest.
netns_up() {
    ip netns add "$ns" && ip netns exec "$ns" ip link set lo up &&
        ip netns exec "$ns" ip tuntap add tap0 mode tap &&
        ip netns exec "$ns" ip addr add 10.0.0.1/24 dev tap0 &&
        ip netns exec "$ns" ip link set tap0 up
}

free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
        echo 8080
}

# try TARGET: configure, build, boot, fetch the page; 0 if it was shown.
try() {
    local target=$1 dir=$work/$1 url port in=() i
    mkdir -p "$dir" && cp -r "$root"/examples/static_website/. "$dir/" &&
        rm -rf "$dir/mirage" "$dir/Makefile" "$dir/_build" "$dir/dist" || return 1
    cd "$dir" || return 1
    say "mirage configure -t $target"
    mirage configure -t "$target" || return 1
    say "mirage build"
    mirage build >"$dir/build.log" 2>&1 || {
        tail -n 5 "$dir/build.log"
        return 1
    }
    case $target in
    unix)
        port=$(free_port)
        url=http://127.0.0.1:$port/
        run=(./dist/static_website --port="$port")
        ;;
    hvt | spt)
        netns_up || return 1
        in=(ip netns exec "$ns")
        url=http://10.0.0.2/
        run=(mirage-$target --mem=32 --net:service=tap0
            "dist/static_website.$target" --ipv4=10.0.0.2/24 --port=80)
        ;;
    esac
    say "${run[*]}"
    "${in[@]}" "${run[@]}" >"$dir/console.log" 2>&1 &
    pid=$!
    for ((i = 0; i < 50; i++)); do
        "${in[@]}" curl -s -m 2 -o "$dir/page.html" "$url" && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    if [ $i -lt 50 ] && [ -s "$dir/page.html" ]; then
        say "curl $url"
        cat "$dir/page.html"
        "${in[@]}" curl -sI "$url" | sed 's/^/   /'
    fi
    say "console of the unikernel"
    cat "$dir/console.log"
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pid=
    ip netns del "$ns" 2>/dev/null
    [ -s "$dir/page.html" ]
}

targets=()
if [ -n "${DEMO_TARGET:-}" ]; then
    targets=("$DEMO_TARGET")
elif can_netns; then
    if [ -x "$build/bin/mirage-hvt" ] && { exec 3<>/dev/kvm; } 2>/dev/null; then
        exec 3>&-
        targets+=(hvt)
    fi
    [ -x "$build/bin/mirage-spt" ] && targets+=(spt)
fi
[ -n "${DEMO_TARGET:-}" ] || targets+=(unix)

for t in "${targets[@]}"; do
    if try "$t"; then
        say "static_website on $t: served its page, stopped"
        exit 0
    fi
    say "static_website on $t did not serve its page; trying the next target"
done
echo "demo: no target worked" >&2
exit 1

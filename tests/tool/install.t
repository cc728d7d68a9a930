#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# An installed Mirage/C builds unikernels outside the tree: mk/install.sh
# (what `make install` runs) copies BUILD's staged prefix into a temporary
# PREFIX, examples/hello and examples/tcp_echo are copied to a folder
# outside the repository, and with only PREFIX/bin and the system on PATH
# they are configured, built and run for unix and spt (and hvt when
# /dev/kvm opens).  tcp_echo runs in its own network namespace (tap0 =
# 10.0.0.1/24, the unikernel at 10.0.0.2) and must echo 100000 bytes.
source "$(dirname "$0")/lib.sh"
need_tool install
NS=mc-inst-$$
cleanup() {
    [ -n "${APP:-}" ] && kill "$APP" 2> /dev/null
    ip netns del "$NS" 2> /dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
INST=$TMP/prefix
WORK=$TMP/work
SYSPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

if bash "$MIRAGE_ROOT/mk/install.sh" "$INST" "$BUILD" > "$TMP/install.log" 2>&1 &&
    [ -x "$INST/bin/mirage" ] && [ -f "$INST/share/mirage/unix.mk" ] &&
    [ -f "$INST/lib/mirage/unix/libmirage_runtime.a" ] &&
    [ -f "$INST/include/mirage.h" ] && [ ! -d "$INST/lib/mirage/asan" ]; then
    pass install
else
    fail install "$(tail -n 3 "$TMP/install.log" | tr '\n' ' ')"
    exit 0
fi

# Nothing of the installation may point back at the tree or the build.
if grep -rlI -e "$MIRAGE_ROOT" -e "$PREFIX" "$INST/share" "$INST/include" > "$TMP/refs"; then
    fail install_relocated "mentions the tree: $(head -n 3 "$TMP/refs" | tr '\n' ' ')"
else
    pass install_relocated
fi

# in ENV-less shell: only the installed tool and the system on PATH.
inst() { env -u MIRAGE_PREFIX -u CC PATH="$INST/bin:$SYSPATH" "$@"; }

# build T EXAMPLE ARGS...: a copy of the example in $WORK/T/EXAMPLE,
# configured with ARGS and built there; false on failure (log in build.log).
build() {
    local t=$1 d=$WORK/$1/$2
    mkdir -p "$d"
    cp "$MIRAGE_ROOT/examples/$2"/*.c "$d/"
    shift 2
    (cd "$d" && inst mirage configure -t "$t" "$@" && inst mirage build) > "$d/build.log" 2>&1 &&
        grep -q "^MIRAGE_PREFIX := $INST\$" "$d/Makefile"
}

cmd_of() { # T EXAMPLE: the command running dist/EXAMPLE for T
    if [ "$1" = unix ]; then echo "./dist/$2"; else echo "$INST/bin/mirage-$1 --net:service=tap0 dist/$2.$1"; fi
}

check_hello() {
    local t=$1 d=$WORK/$1/hello cmd=("./dist/hello")
    [ "$t" != unix ] && cmd=("$INST/bin/mirage-$t" dist/hello."$t")
    if ! build "$t" hello; then
        fail "$t/hello" "build: $(tail -n 3 "$d/build.log" | tr '\n' ' ')"
        return
    fi
    (cd "$d" && inst timeout 60 "${cmd[@]}") > "$d/run.out" 2>&1
    local rc=$?
    if [ $rc = 0 ] && [ "$(grep -c 'hello$' "$d/run.out")" -ge 4 ]; then
        pass "$t/hello"
    else
        fail "$t/hello" "exit $rc: $(tail -c 200 "$d/run.out" | tr '\n' '|')"
    fi
}

check_tcp_echo() {
    local t=$1 d=$WORK/$1/tcp_echo i r
    if ! build "$t" tcp_echo --net=direct; then
        fail "$t/tcp_echo" "build: $(tail -n 3 "$d/build.log" | tr '\n' ' ')"
        return
    fi
    read -ra cmd <<< "$(cmd_of "$t" tcp_echo)"
    (cd "$d" && exec ip netns exec "$NS" env PATH="$INST/bin:$SYSPATH" \
        "${cmd[@]}" --ipv4=10.0.0.2/24) > "$d/run.out" 2>&1 &
    APP=$!
    for ((i = 0; i < 200; i++)); do
        grep -q "echoing on TCP port 7" "$d/run.out" && break
        sleep 0.1
    done
    r=$(ip netns exec "$NS" timeout 60 /usr/bin/python3 \
        "$MIRAGE_ROOT/tests/system/netpeer.py" tcp-echo 10.0.0.2 7 100000 1 2>&1)
    kill "$APP" 2> /dev/null
    wait "$APP" 2> /dev/null
    APP=
    if [[ $r == "ok "* ]] && grep -q "connection closed after 100000 bytes" "$d/run.out"; then
        pass "$t/tcp_echo"
    else
        fail "$t/tcp_echo" "$r: $(tail -c 200 "$d/run.out" | tr '\n' '|')"
    fi
}

net_ok=1
if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ] || ! command -v ip > /dev/null; then
    net_ok=0
elif ! { ip netns add "$NS" && ip netns exec "$NS" ip link set lo up &&
    ip netns exec "$NS" ip tuntap add tap0 mode tap &&
    ip netns exec "$NS" ip addr add 10.0.0.1/24 dev tap0 &&
    ip netns exec "$NS" ip link set tap0 up; }; then
    net_ok=0
fi

for t in unix spt hvt; do
    if [ "$t" = hvt ] && ! (exec 3<> /dev/kvm) 2> /dev/null; then
        echo "SKIP: hvt/hello: /dev/kvm does not open"
        echo "SKIP: hvt/tcp_echo: /dev/kvm does not open"
        continue
    fi
    check_hello "$t"
    if [ $net_ok = 1 ]; then
        check_tcp_echo "$t"
    else
        echo "SKIP: $t/tcp_echo: needs root, /dev/net/tun and ip (network namespace)"
    fi
done

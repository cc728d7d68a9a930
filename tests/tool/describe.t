#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# `mirage describe` (text and Graphviz, checked by dot itself) and `mirage
# query`, with and without a saved configuration.
source "$(dirname "$0")/lib.sh"
need_tool describe

# check NAME GOLDEN CMD...: CMD succeeds and prints the golden text.
check() {
    local name=$1 golden=$2
    shift 2
    if ! "$@" > "$TMP/out" 2> "$TMP/err"; then
        fail "$name" "exit $? ($(head -c 300 "$TMP/err"))"
    elif same "$name" "$golden" "$TMP/out"; then
        pass "$name"
    else
        fail "$name" "output differs from tests/tool/golden/$golden"
    fi
}

project hello examples/hello
project full tests/tool/configs/full
cd "$TMP/full" || exit 1

check describe-text describe/full.txt mirage describe
check describe-keys describe/full-verbose.txt \
    mirage describe -t spt --verbose --greeting=yo
check describe-dot describe/full.dot mirage describe --dot --verbose

# dot must accept the graph; the SVG must show every device and job.
if ! command -v dot > /dev/null; then
    fail describe-dot-svg "graphviz (dot) is not installed; run make deps"
elif mirage describe --dot --verbose | dot -Tsvg > "$TMP/g.svg" 2> "$TMP/err"; then
    missing=
    for w in ticker_start clocks_start noop time0 console0 mclock0 pclock0 \
        random0 info0 default_random; do
        grep -q ">$w<" "$TMP/g.svg" || missing="$missing $w"
    done
    [ -z "$missing" ] && pass describe-dot-svg || fail describe-dot-svg "missing in the SVG:$missing"
else
    fail describe-dot-svg "dot -Tsvg refused the graph: $(head -c 300 "$TMP/err")"
fi

# -o FILE writes the graph, - means stdout.
mirage describe --dot -o "$TMP/g.dot" > "$TMP/out" 2>&1
if [ -s "$TMP/g.dot" ] && [ ! -s "$TMP/out" ] && head -n 1 "$TMP/g.dot" | grep -q '^digraph "full"'; then
    pass describe-dot-file
else
    fail describe-dot-file "no graph in -o FILE (stdout: $(head -c 200 "$TMP/out"))"
fi
mirage describe --dot -o - | cmp -s - "$TMP/g.dot" && pass describe-dot-stdout \
    || fail describe-dot-stdout "-o - differs from -o FILE"
expect_error describe-o-needs-dot "mirage: -o FILE is for 'describe --dot'" \
    mirage describe -o "$TMP/x.dot"

# query without a configuration: defaults (target unix).
check query-default query/libraries-unix.txt mirage query
check query-name query/name.txt mirage query name
check query-files query/files-unix.txt mirage query files
check query-keys query/keys.txt mirage query keys
expect_error query-manifest-unix \
    "mirage: target unix has no manifest (hvt and spt have one)" \
    mirage query manifest
expect_error query-unknown \
    "mirage: cannot query 'nope' (expected name, libraries, files, keys, Makefile, main.c, keys.c, keys.h, manifest, manifest.c)" \
    mirage query nope

# After configure, query and describe reuse its arguments; options override.
mirage configure -t hvt -o other --verbose > /dev/null
check query-context-name query/name-other.txt mirage query name
check query-context-libs query/libraries-hvt.txt mirage query libraries
check query-context-override query/files-spt.txt mirage query files -t spt
check query-manifest query/manifest.json mirage query manifest
check describe-context describe/full-configured.txt mirage describe
# query writes nothing
before=$(ls -l --time-style=full-iso Makefile mirage)
mirage query main.c -t spt > /dev/null
[ "$before" = "$(ls -l --time-style=full-iso Makefile mirage)" ] && pass query-writes-nothing \
    || fail query-writes-nothing "query changed the project folder"
# The generated files and their query output are the same text.
ok=1
for f in main.c keys.c keys.h Makefile; do
    p=mirage/$f
    [ $f = Makefile ] && p=Makefile
    mirage query $f | cmp -s - "$p" || ok=0
done
[ $ok = 1 ] && pass query-matches-files || fail query-matches-files "query output differs from the written files"

cd "$TMP/hello" || exit 1
check describe-hello describe/hello.txt mirage describe
check describe-hello-dot describe/hello.dot mirage describe --dot

# The network example: the graph of the direct stack, checked by dot; and
# the socket stack that unix gets without --net.
project network examples/network
cd "$TMP/network" || exit 1
check describe-network describe/network-unix.txt mirage describe
check describe-network-direct describe/network-direct.txt mirage describe -t hvt
check describe-network-dot describe/network-direct.dot mirage describe --dot -t hvt
if ! command -v dot > /dev/null; then
    fail describe-network-svg "graphviz (dot) is not installed; run make deps"
elif mirage describe --dot -t hvt | dot -Tsvg > "$TMP/n.svg" 2> "$TMP/err"; then
    missing=
    for w in unikernel_start network0 netif ethernet0 ethif arp0 ipv40 \
        create_ipv4 random0 stack0 direct_stackv4v6; do
        grep -q ">$w<" "$TMP/n.svg" || missing="$missing $w"
    done
    # Edges: the stack takes the four layers and the random device.
    edges=$(grep -c '^  "stack0" -> ' < <(mirage describe --dot -t hvt))
    [ -z "$missing" ] && [ "$edges" = 5 ] && pass describe-network-svg \
        || fail describe-network-svg "missing in the SVG:$missing; $edges edges from stack0"
else
    fail describe-network-svg "dot -Tsvg refused the graph: $(head -c 300 "$TMP/err")"
fi
project devices tests/tool/configs/devices
cd "$TMP/devices" || exit 1
check describe-devices describe/devices-hvt.txt mirage describe -t hvt
check query-devices-libs query/libraries-devices-unix.txt mirage query libraries --net=direct

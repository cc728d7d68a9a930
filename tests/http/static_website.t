#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# examples/static_website, built with the mirage tool and checked with curl
# and http.client (site_check.py): on unix over host sockets on loopback
# (crunch, direct and tar stores), and with the direct stack on a tap in a
# namespace on unix, hvt and spt.  Hostile requests (slowloris, oversized
# heads, bad chunks, CL+TE smuggling) get their error while another client
# is served.
. "$(dirname "$0")/lib.sh"
CHECK=$ROOT/tests/http/site_check.py

if [ ! -x "$BUILD/bin/mirage" ]; then
    fail static-website "$BUILD/bin/mirage is not built (run make)"
    exit 0
fi

# curl against a running server at $1 serving folder $2.
curl_checks() {
    local url=$1 docs=$2 et code
    curl -sf "$url/" | cmp -s - "$docs/index.html" &&
        pass curl-get || fail curl-get "body differs from index.html"
    curl -sfI "$url/" | tr -d '\r' | grep -qx 'Content-Length: 612' &&
        pass curl-head || fail curl-head "no Content-Length: 612"
    curl -sf -r 0-99 "$url/big.bin" | cmp -s - <(head -c 100 "$docs/big.bin") &&
        pass curl-range || fail curl-range "bytes 0-99 differ"
    # Large bodies: whole, and a range
    # that starts off a page boundary with an odd length.
    curl -sf "$url/big.bin" | cmp -s - "$docs/big.bin" &&
        pass curl-big || fail curl-big "big.bin differs"
    curl -sf -r 4097-1000099 "$url/big.bin" |
        cmp -s - <(tail -c +4098 "$docs/big.bin" | head -c 996003) &&
        pass curl-big-range || fail curl-big-range "bytes 4097-1000099 differ"
    et=$(curl -sfI "$url/css/style.css" | tr -d '\r' | sed -n 's/^ETag: //Ip')
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $et" \
        "$url/css/style.css")
    [ -n "$et" ] && [ "$code" = 304 ] && pass curl-etag-304 ||
        fail curl-etag-304 "ETag '$et' gave $code"
    curl -sfL "$url/docs" | cmp -s - "$docs/docs/index.html" &&
        pass curl-follow-redirect || fail curl-follow-redirect "/docs -L differs"
}

# 1. unix, socket stack on loopback, crunch (the default).
if why=$(site_build unix unix); then
    port=$(free_port)
    site_start unix "$TMP/unix.log" ./dist/static_website --port="$port"
    if wait_http "http://127.0.0.1:$port/" 10; then
        curl_checks "http://127.0.0.1:$port" "$TMP/unix/htdocs"
        $PY "$CHECK" unix-socket 127.0.0.1 "$port" "$TMP/unix/htdocs" hostile
    else
        fail unix-socket "no answer on port $port: $(tail -n 3 "$TMP/unix.log")"
    fi
else
    fail unix-socket "$why"
fi

# 2. unix, direct store: the host folder, read at each request.
if why=$(site_build direct unix --kv-ro=direct); then
    port=$(free_port)
    site_start direct "$TMP/direct.log" ./dist/static_website --port="$port"
    if wait_http "http://127.0.0.1:$port/" 10; then
        $PY "$CHECK" unix-kv-direct 127.0.0.1 "$port" "$TMP/direct/htdocs" full
        echo "edited $$" >"$TMP/direct/htdocs/new.txt"
        got=$(curl -sf "http://127.0.0.1:$port/new.txt")
        [ "$got" = "edited $$" ] && pass unix-kv-direct-live ||
            fail unix-kv-direct-live "a file added at run time: '$got'"
    else
        fail unix-kv-direct "no answer: $(tail -n 3 "$TMP/direct.log")"
    fi
else
    fail unix-kv-direct "$why"
fi

# 3. unix, tar store on the block device 'tarball' (a file on unix).
if why=$(site_build tar unix --tar) &&
    tar --format=ustar -C "$TMP/tar/htdocs" -cf "$TMP/tar/tarball" . 2>&1; then
    port=$(free_port)
    site_start tar "$TMP/tar.log" ./dist/static_website --port="$port"
    if wait_http "http://127.0.0.1:$port/" 10; then
        $PY "$CHECK" unix-kv-tar 127.0.0.1 "$port" "$TMP/tar/htdocs" full
    else
        fail unix-kv-tar "no answer: $(tail -n 3 "$TMP/tar.log")"
    fi
else
    fail unix-kv-tar "$why"
fi

# 4. The direct stack on a tap in a namespace: unix, hvt, spt.
if ! ns_up; then
    for t in unix-netdirect hvt spt; do
        skip "$t" "needs root, /dev/net/tun and ip netns"
    done
    exit 0
fi

# guest NAME TAP TARGET N MODE CMD...: builds for TARGET, runs CMD (with
# TAP at 10.0.N.1 and the guest at 10.0.N.2, port 80), checks it.
guest() {
    local name=$1 tap=$2 target=$3 n=$4 mode=$5 url=http://10.0.$4.2
    shift 5
    if ! why=$(site_build "$name" "$target" --net=direct); then
        fail "$name" "$why"
        return
    fi
    tap_up "$tap" "$n" || { fail "$name" "cannot create $tap"; return; }
    site_start "$name" "$TMP/$name.log" ip netns exec "$NS" "$@"
    if wait_http "$url/" 20 ns; then
        ns timeout 300 $PY "$CHECK" "$name" "10.0.$n.2" 80 "$TMP/$name/htdocs" "$mode"
    else
        fail "$name" "no answer at $url: $(tail -n 3 "$TMP/$name.log" | tr '\n' ' ')"
    fi
    kill "${PIDS[-1]}" 2>/dev/null
}

guest unix-netdirect tap-unix unix 3 full ./dist/static_website \
    --interface=tap-unix --ipv4=10.0.3.2/24 --port=80

if { exec 3<>/dev/kvm; } 2>/dev/null; then
    exec 3>&-
    # hvt guests run slowly on this machine's KVM (docs/targets.md): the
    # same checks with a 16 KiB big.bin instead of 1 MiB.
    SITE_BIG_BYTES=16384 guest hvt tap-hvt hvt 4 hostile mirage-hvt --mem=64 --net:service=tap-hvt \
        dist/static_website.hvt --ipv4=10.0.4.2/24 --port=80
else
    skip hvt "/dev/kvm does not open"
fi

guest spt tap-spt spt 5 hostile mirage-spt --mem=64 --net:service=tap-spt \
    dist/static_website.spt --ipv4=10.0.5.2/24 --port=80

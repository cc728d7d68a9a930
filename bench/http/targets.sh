# SPDX-License-Identifier: ISC
# The targets of bench/http/run.sh (sourced by it): each starts the two
# servers, checks that they serve the folder, prints one table and stops
# its unikernel.

bench_unix() {
    local mport nport why
    if ! why=$(build unix); then
        echo "unix vs nginx: skipped ($why)"
        return
    fi
    mport=$(free_port)
    (cd "$site" && exec ./dist/static_website --port="$mport" -l quiet) >"$TMP/mirage.log" 2>&1 &
    PIDS+=($!)
    nport=$(free_port)
    nginx_conf "127.0.0.1:$nport" "$TMP/nginx.pid" >"$TMP/nginx.conf"
    "$NGINX" -c "$TMP/nginx.conf" -e "$TMP/nginx-error.log" >"$TMP/nginx.out" 2>&1 &
    PIDS+=($!)
    for u in "http://127.0.0.1:$mport/" "http://127.0.0.1:$nport/"; do
        wait_http "$u" || {
            echo "unix vs nginx: no answer at $u; skipped"
            tail -n 3 "$TMP/mirage.log" "$TMP/nginx-error.log" "$TMP/nginx.out" 2>/dev/null
            stop_last
            stop_last
            return
        }
    done
    # Both must serve the same bytes before their speeds are compared.
    if why=$(same_bytes "http://127.0.0.1:$mport") &&
        why=$(same_bytes "http://127.0.0.1:$nport"); then
        echo "static_website (unix, socket stack) vs nginx $NGV, loopback, wrk -t1, ${SECS} s each, best of $REPEAT"
        table "http://127.0.0.1:$mport" "http://127.0.0.1:$nport"
    else
        echo "unix vs nginx: $why; skipped"
    fi
    stop_last
    stop_last
}

# The namespaces of the guests, once: NS holds wrk and the guest's tap
# (10.0.1.1/24, the guest at .2), NS2 nginx behind a veth (10.0.2.2).
NS_UP=
guest_net() {
    [ -z "$NS_UP" ] || return "$NS_UP"
    NS_UP=1
    ip netns add "$NS" && ip netns add "$NS2" &&
        ip -n "$NS" link set lo up && ip -n "$NS2" link set lo up &&
        ip -n "$NS" tuntap add tap0 mode tap &&
        ip -n "$NS" addr add 10.0.1.1/24 dev tap0 && ip -n "$NS" link set tap0 up &&
        ip -n "$NS" link add veth0 type veth peer name veth1 netns "$NS2" &&
        ip -n "$NS" addr add 10.0.2.1/24 dev veth0 && ip -n "$NS" link set veth0 up &&
        ip -n "$NS2" addr add 10.0.2.2/24 dev veth1 && ip -n "$NS2" link set veth1 up ||
        return 1
    nginx_conf 10.0.2.2:80 "$TMP/nginx2.pid" >"$TMP/nginx2.conf"
    ip netns exec "$NS2" "$NGINX" -c "$TMP/nginx2.conf" -e "$TMP/nginx-error.log" \
        >"$TMP/nginx2.out" 2>&1 &
    PIDS+=($!)
    wait_http http://10.0.2.2/ ip netns exec "$NS" || return 1
    NS_UP=0
}

# bench_guest TARGET: the direct stack on tap0 against nginx on the veth.
bench_guest() {
    local t=$1 tender why
    tender=$BUILD/bin/mirage-$t
    if [ "$(id -u)" != 0 ] || [ ! -x "$tender" ] || [ ! -c /dev/net/tun ]; then
        echo "$t vs nginx: skipped (needs root, /dev/net/tun and mirage-$t)"
        return
    fi
    if [ "$t" = hvt ] && ! { exec 3<>/dev/kvm; } 2>/dev/null; then
        echo "hvt vs nginx: skipped (/dev/kvm does not open)"
        return
    fi
    exec 3>&-
    if ! why=$(build "$t"); then
        echo "$t vs nginx: skipped ($why)"
        return
    fi
    if ! guest_net; then
        echo "$t vs nginx: skipped (cannot set up the namespaces and nginx)"
        return
    fi
    (cd "$site" && exec ip netns exec "$NS" "$tender" --mem=256 --net:service=tap0 \
        "dist/static_website.$t" --ipv4=10.0.1.2/24 --port=80 -l warning) \
        >"$TMP/$t.log" 2>&1 &
    PIDS+=($!)
    if ! wait_http http://10.0.1.2/ ip netns exec "$NS"; then
        echo "$t vs nginx: no answer from the guest; skipped"
        tail -n 3 "$TMP/$t.log"
    elif ! why=$(same_bytes http://10.0.1.2 ip netns exec "$NS") ||
        ! why=$(same_bytes http://10.0.2.2 ip netns exec "$NS"); then
        echo "$t vs nginx: $why; skipped"
    else
        echo "static_website ($t, direct stack, tap) vs nginx $NGV (veth), wrk -t1 in a namespace, ${SECS} s each, best of $REPEAT"
        table http://10.0.1.2 http://10.0.2.2 ip netns exec "$NS"
        kill -0 "${PIDS[-1]}" 2>/dev/null ||
            echo "  $t: the guest exited: $(tail -n 2 "$TMP/$t.log" | tr '\n' ' ')"
    fi
    stop_last
}

#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Install the Debian packages the build and the tests need, only when missing.
# Idempotent; does nothing when everything is there.
set -u
need=(gcc make clang clang-format graphviz libseccomp-dev iproute2 curl
      python3-scapy tcpdump socat iperf3 wrk nginx hyperfine qemu-system-x86
      netcat-openbsd hping3 libclang-rt-14-dev iputils-ping)
missing=()
for p in "${need[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
        || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && { echo "deps: all present"; exit 0; }
echo "deps: installing ${missing[*]}"
if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null 2>&1 || true
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/mirage-deps.log 2>&1; then
    echo "deps: apt-get failed (see /tmp/mirage-deps.log); tests needing these will report it" >&2
fi
exit 0

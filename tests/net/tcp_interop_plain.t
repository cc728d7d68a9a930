#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# tcp_interop.t with plain frames on the tap (MIRAGE_NET_VNET=0): no
# virtio-net headers, so no checksum offload and no TSO either way.
export MIRAGE_NET_VNET=0
exec bash "$(dirname "$0")/tcp_interop.t"

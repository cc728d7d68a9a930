# SPDX-License-Identifier: ISC
# lib/kv_ring: a crash-safe, log-structured KV_RW store on a block device.
# Needs libraries kv and a block device (lib/block).
KV_RING_SRCS := lib/kv_ring/ring_crc.c lib/kv_ring/ring_io.c \
                lib/kv_ring/ring_record.c lib/kv_ring/ring_space.c \
                lib/kv_ring/ring_mount.c lib/kv_ring/ring_ops.c \
                lib/kv_ring/ring_connect.c
CFLAGS_lib/kv_ring/ += -Ilib/kv -Iplatform
$(eval $(call mirage_lib,kv_ring,$(KV_RING_SRCS),unix guest asan))

# SPDX-License-Identifier: ISC
# platform/hostfs: direct_kv_ro / direct_kv_rw, a KV store over a folder of
# the host.  Unix only (it calls the host OS); needs library kv.
HOSTFS_SRCS := platform/hostfs/hostfs_util.c platform/hostfs/hostfs_ro.c \
               platform/hostfs/hostfs_rw.c
CFLAGS_platform/hostfs/ += -Ilib/kv
$(eval $(call mirage_lib,hostfs,$(HOSTFS_SRCS),unix asan))

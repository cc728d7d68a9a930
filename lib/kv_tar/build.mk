# SPDX-License-Identifier: ISC
# lib/kv_tar: tar_kv_ro, a tar archive on a block device.  Needs kv.
KV_TAR_SRCS := lib/kv_tar/tar_hdr.c lib/kv_tar/tar_scan.c lib/kv_tar/tar_ops.c
CFLAGS_lib/kv_tar/ += -Ilib/kv
$(eval $(call mirage_lib,kv_tar,$(KV_TAR_SRCS),unix guest asan))

# SPDX-License-Identifier: ISC
# lib/kv_mem: kv_rw_mem, a read-write store in memory.  Needs library kv.
$(eval $(call mirage_lib,kv_mem,lib/kv_mem/kv_mem.c,unix guest asan))
CFLAGS_lib/kv_mem/ += -Ilib/kv

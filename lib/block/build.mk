# SPDX-License-Identifier: ISC
# lib/block: the BLOCK interface over the platform's device, and ramdisks.
BLOCK_SRCS := lib/block/block_plat.c lib/block/block_ramdisk.c \
              lib/block/block_bytes.c
CFLAGS_lib/block/ += -Iplatform
$(eval $(call mirage_lib,block,$(BLOCK_SRCS),unix guest asan))

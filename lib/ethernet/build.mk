# SPDX-License-Identifier: ISC
# lib/ethernet: Ethernet framing (include/mirage/ethernet.h).
$(eval $(call mirage_lib,ethernet,lib/ethernet/ethernet.c,unix guest asan))

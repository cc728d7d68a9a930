# SPDX-License-Identifier: ISC
# lib/udp: UDP over an IP layer (include/mirage/udp.h).
$(eval $(call mirage_lib,udp,lib/udp/udp.c,unix guest asan))

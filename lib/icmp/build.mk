# SPDX-License-Identifier: ISC
# lib/icmp: ICMPv4 (include/mirage/icmp.h).
$(eval $(call mirage_lib,icmp,lib/icmp/icmpv4.c,unix guest asan))

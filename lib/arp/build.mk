# SPDX-License-Identifier: ISC
# lib/arp: ARP for IPv4 over Ethernet (include/mirage/arp.h).
$(eval $(call mirage_lib,arp,lib/arp/arp.c lib/arp/arp_cache.c lib/arp/arp_input.c,unix guest asan))

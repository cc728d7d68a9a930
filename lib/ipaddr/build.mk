# SPDX-License-Identifier: ISC
# lib/ipaddr: IP addresses and prefixes (include/mirage/ipaddr.h) and the
# Internet checksum helpers declared in include/mirage/ip.h.
$(eval $(call mirage_lib,ipaddr,lib/ipaddr/ipaddr.c lib/ipaddr/ipaddr_parse.c lib/ipaddr/csum.c,unix guest asan))

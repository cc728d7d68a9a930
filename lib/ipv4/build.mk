# SPDX-License-Identifier: ISC
# lib/ipv4: the static IPv4 layer (include/mirage/ipv4.h, ip.h).
$(eval $(call mirage_lib,ipv4,lib/ipv4/ipv4.c lib/ipv4/ipv4_input.c lib/ipv4/ipv4_output.c lib/ipv4/ipv4_frag.c,unix guest asan))

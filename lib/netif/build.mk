# SPDX-License-Identifier: ISC
# lib/netif: the network device over the platform (include/mirage/net.h).
CFLAGS_lib/netif/ += -Iplatform
$(eval $(call mirage_lib,netif,lib/netif/netif.c lib/netif/net_util.c lib/netif/netif_vnet.c,unix guest asan))

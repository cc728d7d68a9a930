# SPDX-License-Identifier: ISC
# The guest code platform/hvt and platform/spt share: both libraries
# include these sources (fragments include this file; it is not a build.mk
# because fragments are read in name order and hvt comes before solo5).
PLAT_SOLO5_SRCS := $(addprefix platform/solo5/,boot.c cmdline.c manifest.c \
    heap.c entropy.c net.c)
# Whether images declare that they take virtio-net framing
# (platform/solo5/net.c): the default is in solo5_priv.h; MIRAGE_SOLO5_VNET=0
# or =1 on the make command line overrides it (objects are not rebuilt
# when only this changes: use a fresh BUILD).
PLAT_SOLO5_DEFS := $(if $(MIRAGE_SOLO5_VNET),-DMIRAGE_SOLO5_VNET=$(MIRAGE_SOLO5_VNET))
CFLAGS_platform/solo5/ := -Iplatform $(PLAT_SOLO5_DEFS)

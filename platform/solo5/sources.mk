# SPDX-License-Identifier: ISC
# The guest code platform/hvt and platform/spt share: both libraries
# include these sources (fragments include this file; it is not a build.mk
# because fragments are read in name order and hvt comes before solo5).
PLAT_SOLO5_SRCS := $(addprefix platform/solo5/,boot.c cmdline.c manifest.c \
    heap.c entropy.c)
CFLAGS_platform/solo5/ := -Iplatform

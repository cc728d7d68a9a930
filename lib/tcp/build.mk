# SPDX-License-Identifier: ISC
# lib/tcp: the TCP engine of the direct stack (libmirage_tcp), all flavours.
TCP_SRCS := $(sort $(wildcard lib/tcp/*.c))
$(eval $(call mirage_lib,tcp,$(TCP_SRCS),unix guest asan))
# The fuzz harness and its `fuzz-tcp` goal live in fuzz/tcp/fuzz.mk.

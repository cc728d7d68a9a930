# SPDX-License-Identifier: ISC
# The default RANDOM device: a ChaCha20 DRBG seeded from platform entropy.
RNG_SRCS := $(sort $(wildcard lib/rng/*.c))
$(eval $(call mirage_lib,rng,$(RNG_SRCS),unix guest asan))
CFLAGS_lib/rng/ += -Iplatform

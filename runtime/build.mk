# SPDX-License-Identifier: ISC
# The runtime: fibers, timers, the event loop, hooks, logs, keys and boot
# arguments.  Portable C plus one x86-64 context switch.
RUNTIME_SRCS := $(sort $(wildcard runtime/*.c)) runtime/fiber_switch_x86_64.S
$(eval $(call mirage_lib,runtime,$(RUNTIME_SRCS),unix guest asan))
CFLAGS_runtime/ += -Iplatform

# SPDX-License-Identifier: ISC
# Compiler flags for the three flavours every portable library is built in:
#   unix  - host build against glibc, linked into dist/NAME on the unix target
#   guest - freestanding build against platform/nolibc, linked into hvt/spt images
#   asan  - host build with AddressSanitizer and UBSan, linked into unit tests
CC      ?= gcc
AR      ?= ar
OPT     ?= -O2
WARN    := -Wall -Wextra -Wshadow -Wno-unused-parameter -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2
COMMON  := -std=c11 $(OPT) -g $(WARN) -Iinclude -fno-strict-aliasing \
           -ffunction-sections -fdata-sections

UNIX_CFLAGS  := $(COMMON) -D_GNU_SOURCE -fno-omit-frame-pointer
ASAN_CFLAGS  := -std=c11 -O1 -g $(WARN) -Iinclude -D_GNU_SOURCE \
                -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer
ASAN_LDFLAGS := -fsanitize=address,undefined

# Guests: no SSE (this machine's KVM cannot run all of it, and kernels
# do not save FPU state), no red zone (trap handlers run on the same stack),
# no PIC (linked at 0x100000), our own C library.
GCC_INCLUDE  := $(shell $(CC) -print-file-name=include)
GUEST_CFLAGS := -std=c11 $(OPT) -g $(WARN) -fno-strict-aliasing \
                -ffreestanding -fno-pic -fno-pie -mno-red-zone \
                -mgeneral-regs-only -fstack-protector-strong \
                -mstack-protector-guard=global \
                -fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
                -ffunction-sections -fdata-sections \
                -nostdinc -isystem platform/nolibc/include -isystem $(GCC_INCLUDE) \
                -Iinclude -D__MIRAGE_GUEST__

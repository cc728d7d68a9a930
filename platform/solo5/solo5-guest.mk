# SPDX-License-Identifier: ISC
# Builds a unikernel for a Solo5-ABI target (hvt or spt); included by
# hvt.mk and spt.mk after they set MIRAGE_EXT.  The unikernel's Makefile
# (written by `mirage configure`) sets MIRAGE_PREFIX, MIRAGE_TARGET,
# MIRAGE_NAME, MIRAGE_SRCS and MIRAGE_LIBS.  Optional: MIRAGE_CFLAGS (extra
# compiler flags), MIRAGE_CORE_LIBS (default "runtime rng"; the platform's
# own tests set it empty).
#
#   make          builds dist/$(MIRAGE_NAME)$(MIRAGE_EXT)
#   make clean    removes _build/$(MIRAGE_TARGET) and dist/

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

CC ?= cc
MIRAGE_CORE_LIBS ?= runtime rng
MIRAGE_LIBDIR := $(MIRAGE_PREFIX)/lib/mirage/guest
MIRAGE_OUT := dist/$(MIRAGE_NAME)$(MIRAGE_EXT)
MIRAGE_OBJDIR := _build/$(MIRAGE_TARGET)
MIRAGE_OBJS := $(MIRAGE_SRCS:%.c=$(MIRAGE_OBJDIR)/%.o)

# Freestanding, no SSE (kernels save no FPU state; some KVMs cannot run
# all of it), no red zone (traps run on the interrupted stack's neighbour),
# linked at 0x100000, the stack guard a global (there is no TLS).
MIRAGE_GUEST_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Wno-unused-parameter \
    -fno-strict-aliasing -ffreestanding -fno-pic -fno-pie -mno-red-zone \
    -mgeneral-regs-only -fstack-protector-strong \
    -mstack-protector-guard=global -fno-asynchronous-unwind-tables \
    -fno-omit-frame-pointer -ffunction-sections -fdata-sections \
    -nostdinc -isystem $(MIRAGE_PREFIX)/include/nolibc \
    -isystem $(shell $(CC) -print-file-name=include) \
    -I. -I$(MIRAGE_PREFIX)/include -D__MIRAGE_GUEST__ $(MIRAGE_CFLAGS)

MIRAGE_GUEST_LDFLAGS := -nostdlib -static -no-pie \
    -Wl,-T,$(MIRAGE_PREFIX)/share/mirage/$(MIRAGE_TARGET).ld \
    -Wl,--gc-sections -Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack \
    -Wl,--build-id=none -Wl,-z,norelro

MIRAGE_LINK_LIBS := -L$(MIRAGE_LIBDIR) -Wl,--start-group \
    $(MIRAGE_LIBS:%=-lmirage_%) $(MIRAGE_CORE_LIBS:%=-lmirage_%) \
    -lmirage_plat_$(MIRAGE_TARGET) -lmirage_nolibc -Wl,--end-group -lgcc

all: $(MIRAGE_OUT)

$(MIRAGE_OUT): $(MIRAGE_OBJS) $(wildcard $(MIRAGE_LIBDIR)/libmirage_*.a) \
               $(MIRAGE_PREFIX)/share/mirage/$(MIRAGE_TARGET).ld
	@mkdir -p $(@D)
	$(CC) $(MIRAGE_GUEST_LDFLAGS) -o $@ $(MIRAGE_OBJS) $(MIRAGE_LINK_LIBS)

$(MIRAGE_OBJDIR)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(MIRAGE_GUEST_CFLAGS) -MMD -MP -c $< -o $@

clean:
	rm -rf $(MIRAGE_OBJDIR) dist

.PHONY: all clean
-include $(MIRAGE_OBJS:.o=.d)

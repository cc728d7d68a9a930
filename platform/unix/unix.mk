# SPDX-License-Identifier: ISC
# Target fragment for unix, included by a unikernel's generated Makefile:
#     MIRAGE_PREFIX MIRAGE_TARGET MIRAGE_NAME MIRAGE_SRCS MIRAGE_LIBS
#     include $(MIRAGE_PREFIX)/share/mirage/unix.mk
# Builds dist/$(MIRAGE_NAME), an ordinary Linux program.  Objects go to
# _build/unix/ with dependency files, so a rebuild compiles only what
# changed and relinks only if an object or a library changed.

MIRAGE_CC ?= gcc
MIRAGE_CFLAGS ?= -std=c11 -O2 -g -Wall -D_GNU_SOURCE
MIRAGE_LDFLAGS ?=
MIRAGE_OBJDIR := _build/unix
MIRAGE_LIBDIR := $(MIRAGE_PREFIX)/lib/mirage/unix
MIRAGE_OBJS := $(patsubst %.c,$(MIRAGE_OBJDIR)/%.o,$(MIRAGE_SRCS))
MIRAGE_ALL_LIBS := $(MIRAGE_LIBS) runtime rng plat_unix
MIRAGE_LIB_FILES := $(wildcard $(patsubst %,$(MIRAGE_LIBDIR)/libmirage_%.a,\
                      $(MIRAGE_ALL_LIBS)))

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:
.PHONY: all clean

all: dist/$(MIRAGE_NAME)

dist/$(MIRAGE_NAME): $(MIRAGE_OBJS) $(MIRAGE_LIB_FILES)
	@mkdir -p $(@D)
	$(MIRAGE_CC) -o $@ $(MIRAGE_OBJS) -L$(MIRAGE_LIBDIR) -Wl,--gc-sections \
	    -Wl,--start-group $(MIRAGE_LIBS:%=-lmirage_%) -lmirage_runtime \
	    -lmirage_rng -lmirage_plat_unix -Wl,--end-group $(MIRAGE_LDFLAGS)

$(MIRAGE_OBJDIR)/%.o: %.c
	@mkdir -p $(@D)
	$(MIRAGE_CC) $(MIRAGE_CFLAGS) -I. -I$(MIRAGE_PREFIX)/include \
	    -MMD -MP -c $< -o $@

clean:
	rm -rf $(MIRAGE_OBJDIR) dist
	@rmdir _build 2>/dev/null || true

-include $(MIRAGE_OBJS:.o=.d)

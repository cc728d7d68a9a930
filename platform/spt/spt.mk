# SPDX-License-Identifier: ISC
# Unikernels for the spt target (a seccomp-sandboxed process, run by
# mirage-spt or solo5-spt): builds dist/$(MIRAGE_NAME).spt.  See
# solo5-guest.mk for the variables.
MIRAGE_EXT := .spt
include $(MIRAGE_PREFIX)/share/mirage/solo5-guest.mk

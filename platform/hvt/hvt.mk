# SPDX-License-Identifier: ISC
# Unikernels for the hvt target (KVM, run by mirage-hvt or solo5-hvt):
# builds dist/$(MIRAGE_NAME).hvt.  See solo5-guest.mk for the variables.
MIRAGE_EXT := .hvt
include $(MIRAGE_PREFIX)/share/mirage/solo5-guest.mk

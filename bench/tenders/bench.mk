# SPDX-License-Identifier: ISC
# Tender benchmark: boot-to-exit of a no-op on hvt/spt vs unix, VM exits,
# image sizes.  Needs the tenders and their test guests.
BENCH_BINS += $(BUILD)/bin/mirage-hvt $(BUILD)/bin/mirage-spt \
              $(BUILD)/tests/tenders/guests/guest-none.hvt \
              $(BUILD)/tests/tenders/guests/guest-none.spt
BENCH_RUNS += bench/tenders/run.sh

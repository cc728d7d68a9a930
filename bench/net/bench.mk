# SPDX-License-Identifier: ISC
# Network benchmark: the netbench unikernel (bench/net/app, built by
# run.sh with the mirage tool for unix, spt and hvt) against Linux over a
# tap and a veth pair, driven by the same Linux client (netpeer).
BENCH_BINS += $(BUILD)/bench/net/netpeer
BENCH_RUNS += bench/net/run.sh

$(BUILD)/bench/net/netpeer: bench/net/netpeer.c
	@mkdir -p $(@D)
	$(CC) $(UNIX_CFLAGS) -o $@ $< -lpthread

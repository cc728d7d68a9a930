/* SPDX-License-Identifier: ISC */
/* libFuzzer harness: IPv4 input and reassembly (lib/ipv4). */
#include "../net_common/fuzz_net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input is a series of IPv4 packets, each prefixed by a two-byte
 * length whose top bit asks for the header checksum to be made valid (so
 * the fuzzer reaches what lies past it); fragments of one input can
 * reassemble into datagrams for ICMP and UDP. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool up;
    static uint8_t f[14 + 1500];
    if (!up) {
        fuzz_net_up(4);
        up = true;
    }
    while (size >= 2) {
        size_t n = (size_t)(data[0] & 0x07) << 8 | data[1];
        bool fix = data[0] & 0x80;
        data += 2, size -= 2;
        n = n < size ? n : size;
        n = n < 1500 ? n : 1500;
        size_t h = fuzz_net_eth(f, false, MIRAGE_ETHERTYPE_IPV4);
        memcpy(f + h, data, n);
        size_t ihl = n ? (f[h] & 15u) * 4 : 0;
        if (fix && ihl >= 20 && ihl <= n) {
            fz_wr16(f + h + 10, 0);
            fz_wr16(f + h + 10, fuzz_net_csum(f + h, ihl, 0));
        }
        fuzz_net_frame(f, h + n);
        data += n, size -= n;
    }
    return 0;
}

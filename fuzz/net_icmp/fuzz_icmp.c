/* SPDX-License-Identifier: ISC */
/* libFuzzer harness: ICMPv4 input (lib/icmp). */
#include "../net_common/fuzz_net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input's first byte is flags (bit 0: make the ICMP checksum valid;
 * bit 1: send to the subnet broadcast); the rest is one ICMP message in a
 * valid IPv4 packet from the peer. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool up;
    static uint8_t f[14 + 1500];
    if (!up) {
        fuzz_net_up(4);
        up = true;
    }
    if (size < 1)
        return 0;
    uint8_t flags = data[0];
    size_t n = size - 1 < 1480 ? size - 1 : 1480;
    size_t h = fuzz_net_eth(f, flags & 2, MIRAGE_ETHERTYPE_IPV4);
    h += fuzz_net_ipv4(f + h, MIRAGE_IP_PROTO_ICMP, n);
    if (flags & 2) {
        fz_wr32(f + 14 + 16, 0x0a0000ffu);
        fz_wr16(f + 14 + 10, 0);
        fz_wr16(f + 14 + 10, fuzz_net_csum(f + 14, 20, 0));
    }
    memcpy(f + h, data + 1, n);
    if ((flags & 1) && n >= 4) {
        fz_wr16(f + h + 2, 0);
        fz_wr16(f + h + 2, fuzz_net_csum(f + h, n, 0));
    }
    fuzz_net_frame(f, h + n);
    return 0;
}

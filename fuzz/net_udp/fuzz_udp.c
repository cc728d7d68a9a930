/* SPDX-License-Identifier: ISC */
/* libFuzzer harness: UDP input (lib/udp), open and closed ports. */
#include "../net_common/fuzz_net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input's first byte is flags (bit 0: make the UDP checksum valid);
 * the rest is one UDP datagram in a valid IPv4 packet from the peer.
 * Port 7 echoes; every other port is closed (ICMP port unreachable). */
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
    size_t h = fuzz_net_eth(f, false, MIRAGE_ETHERTYPE_IPV4);
    h += fuzz_net_ipv4(f + h, MIRAGE_IP_PROTO_UDP, n);
    memcpy(f + h, data + 1, n);
    if ((flags & 1) && n >= 8) {
        struct mirage_ipaddr s = mirage_ipv4(10, 0, 0, 1),
                             d = mirage_ipv4(10, 0, 0, 2);
        fz_wr16(f + h + 6, 0);
        uint32_t ps =
            mirage_csum_pseudo(&s, &d, MIRAGE_IP_PROTO_UDP, (uint32_t)n);
        fz_wr16(f + h + 6, fuzz_net_csum(f + h, n, ps));
    }
    fuzz_net_frame(f, h + n);
    return 0;
}

/* SPDX-License-Identifier: ISC */
/* libFuzzer harness: ARP input and the cache (lib/arp). */
#include "../net_common/fuzz_net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input is a series of ARP packets, each prefixed by one length byte,
 * sent broadcast or to us (the length's top bit); then a packet goes out
 * to an address the input may have taught the cache. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool up;
    if (!up) {
        fuzz_net_up(2);
        up = true;
    }
    uint8_t f[14 + 128];
    while (size > 0) {
        size_t n = data[0] & 0x7f;
        bool bcast = data[0] & 0x80;
        data++, size--;
        n = n < size ? n : size;
        size_t h = fuzz_net_eth(f, bcast, MIRAGE_ETHERTYPE_ARP);
        memcpy(f + h, data, n);
        fuzz_net_frame(f, h + n);
        if (n >= 28) {
            struct mirage_ipaddr a =
                mirage_ipv4(data[14], data[15], data[16], data[17]);
            struct mirage_buf *b = mirage_buf_alloc(MIRAGE_BUF_HEADROOM, 20);
            memset(mirage_buf_put(b, 20), 0, 20);
            mirage_arp_output(fz.arp, &a, b);
        }
        data += n, size -= n;
    }
    return 0;
}

/* SPDX-License-Identifier: ISC */
/* libFuzzer harness: sequences of whole frames through the direct stack. */
#include "../net_common/fuzz_net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input is a series of frames, each prefixed by a two-byte length, so
 * that state across frames (ARP cache, reassembly) is exercised. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool up;
    if (!up) {
        fuzz_net_up(4);
        up = true;
    }
    while (size >= 2) {
        size_t n = (size_t)data[0] << 8 | data[1];
        data += 2, size -= 2;
        n = n < size ? n : size;
        fuzz_net_frame(data, n);
        data += n, size -= n;
    }
    return 0;
}

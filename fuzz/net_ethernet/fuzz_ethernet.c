/* SPDX-License-Identifier: ISC */
/* libFuzzer harness: Ethernet input (lib/ethernet) with every upper layer. */
#include "../net_common/fuzz_net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input is one whole frame, as the device would hand it over. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool up;
    if (!up) {
        fuzz_net_up(4);
        up = true;
    }
    fuzz_net_frame(data, size);
    return 0;
}

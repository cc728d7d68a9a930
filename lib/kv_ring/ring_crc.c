/* SPDX-License-Identifier: ISC */
/* CRC-32C (Castagnoli), table-driven eight bytes at a time. */
#include "ring_priv.h"

#define POLY 0x82f63b78u /* reflected 0x1edc6f41 */

static uint32_t table[8][256];
static bool table_ready;

static void make_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? c >> 1 ^ POLY : c >> 1;
        table[0][i] = c;
    }
    for (int t = 1; t < 8; t++)
        for (uint32_t i = 0; i < 256; i++)
            table[t][i] =
                table[t - 1][i] >> 8 ^ table[0][table[t - 1][i] & 0xff];
    table_ready = true;
}

/* Continues crc (0 to start) over data; chaining calls gives the CRC of
 * the concatenation. */
uint32_t mirage__ring_crc32c(uint32_t crc, const void *data, size_t len)
{
    const unsigned char *p = data;

    if (!table_ready)
        make_table();
    crc = ~crc;
    for (; len >= 8; p += 8, len -= 8) {
        uint32_t lo = crc ^ ring_get32(p), hi = ring_get32(p + 4);
        crc = table[7][lo & 0xff] ^ table[6][lo >> 8 & 0xff] ^
              table[5][lo >> 16 & 0xff] ^ table[4][lo >> 24] ^
              table[3][hi & 0xff] ^ table[2][hi >> 8 & 0xff] ^
              table[1][hi >> 16 & 0xff] ^ table[0][hi >> 24];
    }
    while (len--)
        crc = crc >> 8 ^ table[0][(crc ^ *p++) & 0xff];
    return ~crc;
}

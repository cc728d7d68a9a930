/* SPDX-License-Identifier: ISC */
/* disk_lottery: a high-score game keeping one game state per sector. */
#include <mirage.h>

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "mirage/keys.h"

/*
 * A slot is one sector: "LOTO", the high score (32-bit big-endian), the
 * CRC-32 (IEEE 802.3) of those 8 bytes (big-endian), then zeros.
 */
#define LOTTO_LEN 12
#define EXIT_CONFIG 5 /* bad sector size or slot */
#define EXIT_DISK 6   /* read or write failed, or the slot holds no game */

static const char magic[4] = {'L', 'O', 'T', 'O'};

static uint32_t crc32(const uint8_t *p, size_t len)
{
    uint32_t crc = 0xffffffffu;

    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xffffffffu;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

/* Fills a whole sector of ss bytes with the state. */
static void marshal(uint8_t *buf, uint32_t ss, uint32_t hiscore)
{
    memset(buf, 0, ss);
    memcpy(buf, magic, sizeof magic);
    put_be32(buf + 4, hiscore);
    put_be32(buf + 8, crc32(buf, 8));
}

/* NULL and the high score in *hiscore, or what is wrong with buf. */
static const char *unmarshal(const uint8_t *buf, uint32_t *hiscore)
{
    if (memcmp(buf, magic, sizeof magic) != 0)
        return "bad magic; is this lottery data?";
    if (get_be32(buf + 8) != crc32(buf, 8))
        return "bad checksum; possible data corruption";
    *hiscore = get_be32(buf + 4);
    return NULL;
}

static int write_state(struct mirage_block *b, uint32_t ss, uint64_t slot,
                       uint32_t hiscore, uint8_t *buf)
{
    marshal(buf, ss, hiscore);
    int err = mirage_block_write(b, slot, buf, ss);
    if (err < 0) {
        mirage_log_err(&mirage_log_app, "Error writing new state: %s",
                       mirage_strerror(err));
        return EXIT_DISK;
    }
    return 0;
}

static int play(struct mirage_block *b, struct mirage_random *rng, uint32_t ss,
                uint64_t slot, uint8_t *buf)
{
    uint32_t hiscore, draw;
    const char *why;
    int err = mirage_block_read(b, slot, buf, ss);

    if (err < 0) {
        mirage_log_err(&mirage_log_app, "Error reading: %s",
                       mirage_strerror(err));
        return EXIT_DISK;
    }
    if ((why = unmarshal(buf, &hiscore)) != NULL) {
        mirage_log_err(&mirage_log_app, "Error reading state: %s", why);
        return EXIT_DISK;
    }
    draw = mirage_random_u32(rng);
    if (draw == hiscore) {
        mirage_log_app_msg(&mirage_log_app,
                           "TIE! You tied with the high score %" PRIu32,
                           hiscore);
    } else if (draw > hiscore) {
        mirage_log_app_msg(&mirage_log_app,
                           "YOU WON! You beat the old high score %" PRIu32
                           " with %" PRIu32 "!",
                           hiscore, draw);
        hiscore = draw;
    } else {
        mirage_log_app_msg(&mirage_log_app,
                           "YOU LOST! With %" PRIu32
                           " you didn't beat the high score %" PRIu32,
                           draw, hiscore);
    }
    mirage_log_info(&mirage_log_app, "Saving new game state...");
    if ((err = write_state(b, ss, slot, hiscore, buf)) != 0)
        return err;
    mirage_log_info(&mirage_log_app, "Done!");
    mirage_log_app_msg(&mirage_log_app, "Thank you for playing! Exiting...");
    return 0;
}

static int reset_all(struct mirage_block *b, const struct mirage_block_info *i,
                     uint8_t *buf)
{
    for (uint64_t s = 0; s < i->size_sectors; s++) {
        int err = write_state(b, i->sector_size, s, 0, buf);
        if (err != 0)
            return err;
    }
    mirage_log_app_msg(&mirage_log_app, "All %" PRIu64 " game slots reset.",
                       i->size_sectors);
    return 0;
}

static int run(struct mirage_block *b, struct mirage_random *rng,
               const struct mirage_block_info *i, uint64_t slot, uint8_t *buf)
{
    int err;

    if (key_reset_all())
        return reset_all(b, i, buf);
    if (key_reset()) {
        if ((err = write_state(b, i->sector_size, slot, 0, buf)) != 0)
            return err;
        mirage_log_app_msg(&mirage_log_app, "Reset game slot %" PRIu64 ".",
                           slot);
        return 0;
    }
    return play(b, rng, i->sector_size, slot, buf);
}

int unikernel_start(struct mirage_block *b, struct mirage_random *rng)
{
    struct mirage_block_info info;
    int64_t slot = key_slot();

    mirage_block_get_info(b, &info);
    if (info.sector_size < LOTTO_LEN) {
        mirage_log_err(&mirage_log_app,
                       "Sector size %" PRIu32
                       " is too short for storing lottery data!",
                       info.sector_size);
        return EXIT_CONFIG;
    }
    if (slot < 0 || (uint64_t)slot >= info.size_sectors) {
        mirage_log_err(&mirage_log_app, "Invalid sector %" PRId64, slot);
        return EXIT_CONFIG;
    }
    uint8_t *buf = malloc(info.sector_size);
    if (!buf) {
        mirage_log_err(&mirage_log_app, "out of memory");
        return EXIT_DISK;
    }
    int rc = run(b, rng, &info, (uint64_t)slot, buf);
    free(buf);
    return rc;
}

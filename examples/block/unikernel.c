/* SPDX-License-Identifier: ISC */
/* block: write patterns to sectors across the disk, read them back and
 * compare; check that bad requests fail; count passes and failures. */
#include <mirage.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mirage/keys.h"

static unsigned passed, failed;

static void result(bool ok, const char *what)
{
    if (ok)
        passed++;
    else
        failed++;
    mirage_log_info(&mirage_log_app, "%s: %s", ok ? "pass" : "FAIL", what);
}

/* Each sector says which it is and which run wrote it, so a stale read
 * from an earlier run cannot pass. */
static void fill(uint8_t *buf, size_t len, uint32_t ss, uint64_t first,
                 uint64_t run)
{
    for (size_t off = 0; off < len; off += ss) {
        size_t n = 0;
        while (n < ss) {
            char line[96];
            int k = snprintf(line, sizeof line,
                             "All work and no play makes Jack a dull boy. "
                             "sector %llu run %llx\n",
                             (unsigned long long)(first + off / ss),
                             (unsigned long long)run);
            size_t c = (size_t)k < ss - n ? (size_t)k : ss - n;
            memcpy(buf + off + n, line, c);
            n += c;
        }
    }
}

/* Writes count sectors at start, reads them back, compares. */
static void round_trip(struct mirage_block *b, uint32_t ss, uint64_t start,
                       size_t count, uint64_t run)
{
    size_t len = count * ss;
    uint8_t *out = malloc(len), *in = malloc(len);
    char what[96];
    int err = -1;

    snprintf(what, sizeof what, "%zu sector%s at %llu", count,
             count == 1 ? "" : "s", (unsigned long long)start);
    if (out && in) {
        fill(out, len, ss, start, run);
        memset(in, 0, len);
        err = mirage_block_write(b, start, out, len);
        if (err == 0)
            err = mirage_block_read(b, start, in, len);
    }
    result(err == 0 && memcmp(in, out, len) == 0, what);
    free(out);
    free(in);
}

/* Requests that must be refused with -EINVAL. */
static void bad_requests(struct mirage_block *b, uint32_t ss, uint64_t size)
{
    uint8_t *buf = calloc(2, ss);

    if (!buf) {
        result(false, "no memory");
        return;
    }
    result(mirage_block_read(b, size, buf, ss) == -EINVAL,
           "reading past the end is refused");
    result(mirage_block_write(b, size - 1, buf, 2 * ss) == -EINVAL,
           "writing across the end is refused");
    result(mirage_block_write(b, 0, buf, ss / 2) == -EINVAL,
           "writing half a sector is refused");
    free(buf);
}

int unikernel_start(struct mirage_block *b)
{
    struct mirage_block_info info;
    uint64_t run = mirage_now_ns() ^ 0x5eed;

    mirage_block_get_info(b, &info);
    mirage_log_info(&mirage_log_app, "sectors: %llu, sector size: %u, %s",
                    (unsigned long long)info.size_sectors, info.sector_size,
                    info.read_write ? "read-write" : "read-only");
    if (!info.read_write || info.size_sectors < 16) {
        mirage_log_err(&mirage_log_app, "need a writable disk of 16 sectors");
        return 1;
    }
    uint64_t n = info.size_sectors;
    round_trip(b, info.sector_size, 0, 1, run);
    round_trip(b, info.sector_size, 1, 1, run);
    round_trip(b, info.sector_size, 2, 8, run);
    round_trip(b, info.sector_size, n / 2, 3, run);
    round_trip(b, info.sector_size, n - 1, 1, run);
    bad_requests(b, info.sector_size, n);
    mirage_log_info(&mirage_log_app, "%u passed, %u failed", passed, failed);
    return failed ? 1 : 0;
}

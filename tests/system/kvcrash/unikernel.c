/* SPDX-License-Identifier: ISC */
/* kvcrash: sets numbered values in a kv_ring store and logs each one the
 * store acknowledged, or (--verify) checks every value left in the store. */
#include <mirage.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mirage/keys.h"

#define KEYS 64
#define MAX_LEN 3000

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

static uint64_t fnv(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

static void key_of(uint64_t seq, char key[8])
{
    snprintf(key, 8, "/k%02u", (unsigned)(mix(seq) % KEYS));
}

/* The value of set SEQ (a header naming it, then bytes that follow from
 * it) in BUF; returns its length. */
static size_t value_of(uint64_t seq, unsigned char buf[MAX_LEN])
{
    size_t len = 40 + (size_t)(mix(seq ^ 0x5eed) % (MAX_LEN - 40));
    int h =
        snprintf((char *)buf, 40, "seq=%020" PRIu64 " len=%04zu;", seq, len);
    uint64_t s = seq;
    for (size_t i = (size_t)h; i < len; i++) {
        s = mix(s + i);
        buf[i] = (unsigned char)s;
    }
    return len;
}

static int write_all(struct mirage_kv_rw *kv)
{
    static unsigned char buf[MAX_LEN];
    uint64_t start = (uint64_t)key_start();
    char key[8];

    for (uint64_t seq = start; seq < start + (uint64_t)key_count(); seq++) {
        size_t len = value_of(seq, buf);
        key_of(seq, key);
        int err = mirage_kv_set(kv, key, buf, len);
        if (err < 0) {
            mirage_log_err(&mirage_log_app, "set %s: %s", key,
                           mirage_kv_strerror(err));
            return 1;
        }
        mirage_log_info(&mirage_log_app, "ack %" PRIu64 " %s %016" PRIx64, seq,
                        key, fnv(buf, len));
    }
    mirage_log_info(&mirage_log_app, "all sets done");
    return 0;
}

/* The sequence number in the header of a value of at least 40 bytes. */
static bool parse_seq(const unsigned char *p, uint64_t *seq)
{
    if (memcmp(p, "seq=", 4) != 0)
        return false;
    *seq = 0;
    for (int i = 4; i < 24; i++) {
        if (p[i] < '0' || p[i] > '9' || *seq > UINT64_MAX / 10 - 1)
            return false;
        *seq = *seq * 10 + (uint64_t)(p[i] - '0');
    }
    return true;
}

/* Checks the value of KEY; false (and logged) if it is not a whole value. */
static bool check_key(struct mirage_kv_rw *kv, const char *key)
{
    static unsigned char want[MAX_LEN];
    void *val;
    size_t len;
    uint64_t seq;
    int err = mirage_kv_get(mirage_kv_rw_ro(kv), key, &val, &len);

    if (err == MIRAGE_KV_NOT_FOUND) {
        mirage_log_info(&mirage_log_app, "have %s none", key);
        return true;
    }
    if (err < 0) {
        mirage_log_err(&mirage_log_app, "bad %s: %s", key,
                       mirage_kv_strerror(err));
        return false;
    }
    bool ok = len >= 40 && parse_seq(val, &seq);
    if (ok) {
        char k2[8];
        key_of(seq, k2);
        ok = strcmp(k2, key) == 0 && value_of(seq, want) == len &&
             memcmp(want, val, len) == 0;
    }
    if (ok)
        mirage_log_info(&mirage_log_app, "have %s %" PRIu64 " %016" PRIx64, key,
                        seq, fnv(val, len));
    else
        mirage_log_err(&mirage_log_app,
                       "bad %s: a value of %zu bytes that "
                       "is no whole value",
                       key, len);
    free(val);
    return ok;
}

static int verify(struct mirage_kv_rw *kv)
{
    char key[8];
    int bad = 0;

    for (unsigned i = 0; i < KEYS; i++) {
        snprintf(key, sizeof key, "/k%02u", i);
        bad += !check_key(kv, key);
    }
    mirage_log_info(&mirage_log_app, "verified %d keys, %d bad", KEYS, bad);
    return bad ? 1 : 0;
}

int unikernel_start(struct mirage_kv_rw *kv)
{
    return key_verify() ? verify(kv) : write_all(kv);
}

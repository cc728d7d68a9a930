/* SPDX-License-Identifier: ISC */
/* Tar header blocks (ustar, GNU) and pax extended records. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tar_priv.h"

/*
 * Header block: name 0..99, mode 100, uid 108, gid 116, size 124..135,
 * mtime 136..147, chksum 148..155, typeflag 156, linkname 157..256,
 * magic 257..262 ("ustar\0" POSIX, "ustar " GNU), version 263..264,
 * uname 265, gname 297, devmajor 329, devminor 337, prefix 345..499
 * (POSIX only; GNU keeps times and sparse maps there).
 */

/* Octal, as tar writes it (leading spaces, then digits, then NUL or
 * spaces), or GNU's base-256 (first byte 0x80 or 0xff). */
static int number(const unsigned char *f, size_t len, int64_t *out)
{
    uint64_t v = 0;
    size_t i = 0;

    if (f[0] == 0x80 || f[0] == 0xff) {
        bool neg = f[0] == 0xff;
        /* Big-endian two's complement after the marker byte; bytes above
         * the low eight may only extend the sign. */
        for (i = 1; i < len; i++) {
            if (len - i > 8) {
                if (f[i] != (neg ? 0xff : 0))
                    return -EUCLEAN;
                continue;
            }
            v = v << 8 | f[i];
        }
        if ((v >> 63) != neg)
            return -EUCLEAN;
        *out = (int64_t)v;
        return 0;
    }
    while (i < len && f[i] == ' ')
        i++;
    for (; i < len && f[i] >= '0' && f[i] <= '7'; i++) {
        if (v >> 60)
            return -EUCLEAN;
        v = v << 3 | (uint64_t)(f[i] - '0');
    }
    for (; i < len; i++)
        if (f[i] != ' ' && f[i] != '\0')
            return -EUCLEAN;
    *out = (int64_t)v;
    return 0;
}

static bool checksum_ok(const unsigned char *blk)
{
    int64_t want;
    uint64_t usum = 0;
    int64_t ssum = 0;

    if (number(blk + 148, 8, &want) < 0)
        return false;
    for (int i = 0; i < TAR_BLOCK; i++) {
        unsigned char c = i >= 148 && i < 156 ? ' ' : blk[i];
        usum += c;
        ssum += (signed char)c;
    }
    return (int64_t)usum == want || ssum == want;
}

bool mirage__tar_zero(const unsigned char *blk)
{
    for (int i = 0; i < TAR_BLOCK; i++)
        if (blk[i])
            return false;
    return true;
}

/* Copies a NUL-padded field of at most len bytes. */
static size_t field(char *out, const unsigned char *f, size_t len)
{
    size_t n = strnlen((const char *)f, len);

    memcpy(out, f, n);
    out[n] = '\0';
    return n;
}

int mirage__tar_decode(const unsigned char *blk, struct tar_hdr *h)
{
    int64_t size, mtime;
    size_t n = 0;

    if (!checksum_ok(blk) || number(blk + 124, 12, &size) < 0 || size < 0 ||
        number(blk + 136, 12, &mtime) < 0)
        return -EUCLEAN;
    h->type = (char)blk[156];
    h->size = (uint64_t)size;
    h->mtime.sec = mtime;
    h->mtime.nsec = 0;
    /* POSIX ustar splits long names into prefix "/" name. */
    if (memcmp(blk + 257, "ustar\0", 6) == 0 && blk[345]) {
        n = field(h->name, blk + 345, 155);
        h->name[n++] = '/';
    }
    field(h->name + n, blk, 100);
    return 0;
}

void mirage__tar_meta_clear(struct tar_meta *m)
{
    free(m->path);
    memset(m, 0, sizeof *m);
}

static int decimal(const char *s, size_t len, uint64_t *out)
{
    uint64_t v = 0;

    if (len == 0)
        return -EUCLEAN;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9' || v > (UINT64_MAX - 9) / 10)
            return -EUCLEAN;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return 0;
}

/* A pax time: [-]seconds[.fraction]. */
static int pax_time(const char *s, size_t len, struct mirage_ptime *t)
{
    const char *dot = memchr(s, '.', len);
    size_t ilen = dot ? (size_t)(dot - s) : len;
    bool neg = len > 0 && s[0] == '-';
    uint64_t sec, ns = 0;

    if (decimal(s + neg, ilen - neg, &sec) < 0 || sec > INT64_MAX)
        return -EUCLEAN;
    if (dot) {
        size_t flen = len - ilen - 1, i;
        for (i = 0; i < flen; i++) {
            if (dot[1 + i] < '0' || dot[1 + i] > '9')
                return -EUCLEAN;
            if (i < 9)
                ns = ns * 10 + (uint64_t)(dot[1 + i] - '0');
        }
        for (; i < 9; i++)
            ns *= 10;
    }
    t->sec = neg ? -(int64_t)sec : (int64_t)sec;
    t->nsec = (uint32_t)ns;
    if (neg && ns) { /* -1.5 is 2 s before 0.5 */
        t->sec -= 1;
        t->nsec = (uint32_t)(1000000000u - ns);
    }
    return 0;
}

/* One record's keyword and value. */
static int pax_record(const char *kw, size_t klen, const char *v, size_t vlen,
                      struct tar_meta *m)
{
    if (klen == 4 && memcmp(kw, "path", 4) == 0) {
        if (memchr(v, '\0', vlen))
            return -EUCLEAN;
        free(m->path);
        m->path = malloc(vlen + 1);
        if (!m->path)
            return -ENOMEM;
        memcpy(m->path, v, vlen);
        m->path[vlen] = '\0';
    } else if (klen == 4 && memcmp(kw, "size", 4) == 0) {
        m->has_size = true;
        return decimal(v, vlen, &m->size);
    } else if (klen == 5 && memcmp(kw, "mtime", 5) == 0) {
        m->has_mtime = true;
        return pax_time(v, vlen, &m->mtime);
    }
    return 0;
}

/* Records are "LEN KEYWORD=VALUE\n", LEN counting the whole record. */
int mirage__tar_pax(const char *data, size_t len, struct tar_meta *m)
{
    size_t pos = 0;

    while (pos < len) {
        const char *rec = data + pos, *sp, *eq;
        size_t rest = len - pos;
        uint64_t rlen;
        int err;

        if (rest == 1 && rec[0] == '\0')
            break; /* some writers pad with a NUL */
        sp = memchr(rec, ' ', rest < 21 ? rest : 21);
        if (!sp || decimal(rec, (size_t)(sp - rec), &rlen) < 0 || rlen > rest ||
            rlen < (uint64_t)(sp - rec) + 3 || rec[rlen - 1] != '\n')
            return -EUCLEAN;
        eq = memchr(sp + 1, '=', (size_t)(rec + rlen - 1 - (sp + 1)));
        if (!eq || eq == sp + 1)
            return -EUCLEAN;
        err = pax_record(sp + 1, (size_t)(eq - sp - 1), eq + 1,
                         (size_t)(rec + rlen - 1 - (eq + 1)), m);
        if (err < 0)
            return err;
        pos += rlen;
    }
    return 0;
}

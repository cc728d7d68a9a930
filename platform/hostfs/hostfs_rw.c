/* SPDX-License-Identifier: ISC */
/* hostfs: writing a folder of the host as a KV store (direct_kv_rw).
 * Values are written to a fresh file, synced and renamed over the old
 * one, so a crash leaves either the old value or the new one. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kv_priv.h"

#include "hostfs_priv.h"

static int write_all(int fd, const unsigned char *p, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        p += n, len -= (size_t)n;
    }
    return 0;
}

/* Fills a temporary file (with data, or size zero bytes when data is
 * NULL), then renames it to key. */
static int write_file(struct hostfs *h, const char *key, const void *data,
                      uint64_t size, const struct mirage_ptime *mtime)
{
    char *tmp = mirage__hostfs_tmp(h), *path = mirage__hostfs_path(h, key);
    int fd = -1, err = tmp && path ? 0 : -ENOMEM;

    if (err == 0 &&
        (fd = open(tmp, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644)) < 0)
        err = -errno;
    if (err == 0)
        err = data ? write_all(fd, data, (size_t)size)
              : ftruncate(fd, (off_t)size) < 0 ? -errno
                                               : 0;
    if (err == 0 && mtime) {
        struct timespec ts[2] = {{mtime->sec, mtime->nsec},
                                 {mtime->sec, mtime->nsec}};
        err = futimens(fd, ts) < 0 ? -errno : 0;
    }
    if (err == 0 && fsync(fd) < 0)
        err = -errno;
    if (fd >= 0 && close(fd) < 0 && err == 0)
        err = -errno;
    if (err == 0 && rename(tmp, path) < 0)
        err = -errno;
    if (err == 0)
        err = mirage__hostfs_sync_dir_of(path);
    else if (tmp)
        unlink(tmp);
    free(tmp);
    free(path);
    return err;
}

/* Checks that a value may be bound to key and makes its parents. */
static int prepare(struct hostfs *h, const char *key)
{
    int err, kind;

    if (mirage__kv_key_is_root(key))
        return -EISDIR;
    err = mirage__hostfs_check_parents(h, key, NULL);
    if (err < 0)
        return err;
    kind = mirage__hostfs_kind(h, key, NULL);
    if (kind < 0)
        return kind;
    if (kind == MIRAGE_KV_DICTIONARY)
        return -EISDIR;
    return mirage__hostfs_make_parents(h, key);
}

int mirage__hostfs_set(struct mirage_kv_ro *kv, const char *key,
                       const void *val, size_t len)
{
    struct hostfs *h = HOSTFS(kv);
    int err = prepare(h, key);

    return err < 0 ? err : write_file(h, key, val ? val : "", len, NULL);
}

int mirage__hostfs_set_partial(struct mirage_kv_ro *kv, const char *key,
                               uint64_t offset, const void *val, size_t len)
{
    unsigned char *old, *buf;
    size_t olen, pos, newlen;
    int err = mirage__hostfs_get(kv, key, (void **)&old, &olen);

    if (err == -ENOENT)
        return mirage__hostfs_set(kv, key, val, len);
    if (err < 0)
        return err;
    pos = offset < olen ? (size_t)offset : olen;
    if (len > SIZE_MAX - pos - 1) {
        free(old);
        return -ENOMEM;
    }
    newlen = pos + len > olen ? pos + len : olen;
    buf = realloc(old, newlen + 1);
    if (!buf) {
        free(old);
        return -ENOMEM;
    }
    memcpy(buf + pos, val, len);
    err = mirage__hostfs_set(kv, key, buf, newlen);
    free(buf);
    return err;
}

int mirage__hostfs_remove(struct mirage_kv_ro *kv, const char *key)
{
    struct hostfs *h = HOSTFS(kv);
    struct mirage_kv_list l = {0};
    int kind = mirage__hostfs_kind(h, key, NULL), err = 0;
    char *p;

    if (kind <= 0)
        return kind;
    if (mirage__kv_key_is_root(key)) {
        /* The root folder stays: empty everything in it. */
        err = kv->ops->list(kv, key, &l);
        for (size_t i = 0; err == 0 && i < l.n; i++)
            err = mirage__hostfs_remove(kv, l.entries[i].key);
        mirage_kv_list_free(&l);
        return err;
    }
    p = mirage__hostfs_path(h, key);
    if (!p)
        return -ENOMEM;
    err = mirage__hostfs_remove_tree(p);
    if (err == 0) {
        mirage__hostfs_prune(h, key);
        mirage__hostfs_sync_dir_of(p);
    }
    free(p);
    return err;
}

/* Decides where source goes, with the rules of mirage_kv_rename(). */
static int plan(struct hostfs *h, const char *src, const char *dst,
                char *target, int *kt)
{
    int ks, kd, err;

    if (mirage__kv_key_is_root(src))
        return -EINVAL;
    ks = mirage__hostfs_kind(h, src, NULL);
    kd = mirage__hostfs_kind(h, dst, NULL);
    if (ks <= 0 || kd < 0)
        return ks < 0 ? ks : kd < 0 ? kd : -ENOENT;
    if (ks == MIRAGE_KV_DICTIONARY &&
        (kd == MIRAGE_KV_VALUE || strcmp(dst, src) == 0 ||
         mirage__kv_key_inside(dst, src)))
        return kd == MIRAGE_KV_VALUE ? -EISDIR : -EINVAL;
    if (kd == MIRAGE_KV_DICTIONARY) {
        err = mirage__kv_key_join(dst, mirage__kv_key_basename(src), target);
        if (err < 0)
            return err;
    } else {
        strcpy(target, dst);
    }
    if (strcmp(target, src) == 0)
        return 1;
    *kt = mirage__hostfs_kind(h, target, NULL);
    if (*kt < 0)
        return *kt;
    if (ks == MIRAGE_KV_VALUE && *kt == MIRAGE_KV_DICTIONARY)
        return -EISDIR;
    return mirage__hostfs_check_parents(h, target, src);
}

int mirage__hostfs_rename(struct mirage_kv_ro *kv, const char *source,
                          const char *dest)
{
    struct hostfs *h = HOSTFS(kv);
    char target[MIRAGE_KV_KEY_MAX + 1], *tmp, *sp, *tp;
    int kt = 0, err = plan(h, source, dest, target, &kt);

    if (err != 0)
        return err < 0 ? err : 0;
    tmp = mirage__hostfs_tmp(h);
    sp = mirage__hostfs_path(h, source);
    tp = mirage__hostfs_path(h, target);
    err = tmp && sp && tp ? 0 : -ENOMEM;
    /* Out of the way first: source may lie inside target or the reverse. */
    if (err == 0 && rename(sp, tmp) < 0)
        err = -errno;
    if (err == 0) {
        if (kt != MIRAGE_KV_NONE)
            err = mirage__hostfs_remove_tree(tp);
        if (err == 0)
            err = mirage__hostfs_make_parents(h, target);
        if (err == 0 && rename(tmp, tp) < 0)
            err = -errno;
        if (err < 0 && rename(tmp, sp) < 0)
            err = -EIO; /* stranded in the temporary name */
        if (err == 0) {
            mirage__hostfs_prune(h, source);
            err = mirage__hostfs_sync_dir_of(tp);
        }
    }
    free(tmp);
    free(sp);
    free(tp);
    return err;
}

int mirage__hostfs_allocate(struct mirage_kv_ro *kv, const char *key,
                            const struct mirage_ptime *mtime, uint64_t size)
{
    struct hostfs *h = HOSTFS(kv);
    struct mirage_ptime now;
    int kind = mirage__hostfs_kind(h, key, NULL), err;

    if (kind != MIRAGE_KV_NONE)
        return kind < 0 ? kind : -EEXIST;
    err = prepare(h, key);
    if (err < 0)
        return err;
    if (!mtime) {
        mirage__kv_now(&now);
        mtime = &now;
    }
    return write_file(h, key, NULL, size, mtime);
}

/* SPDX-License-Identifier: ISC */
/* hostfs: reading a folder of the host as a KV store (direct_kv_ro). */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kv_priv.h"

#include "hostfs_priv.h"

static int hostfs_exists(struct mirage_kv_ro *kv, const char *key)
{
    return mirage__hostfs_kind(HOSTFS(kv), key, NULL);
}

/* Opens the value at key for reading; fills *st. */
static int open_value(struct hostfs *h, const char *key, struct stat *st)
{
    char *p = mirage__hostfs_path(h, key);
    int fd, err;

    if (!p)
        return -ENOMEM;
    fd = open(p, O_RDONLY | O_CLOEXEC);
    err = fd < 0 ? -errno : fstat(fd, st) < 0 ? -errno : 0;
    free(p);
    if (err == 0 && !S_ISREG(st->st_mode))
        err = S_ISDIR(st->st_mode) ? -EISDIR : -ENOENT;
    if (err == -ENOTDIR)
        err = -ENOENT;
    if (err < 0 && fd >= 0)
        close(fd);
    return err < 0 ? err : fd;
}

static int read_all(int fd, unsigned char *buf, size_t len, off_t off)
{
    while (len > 0) {
        ssize_t n = pread(fd, buf, len, off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        if (n == 0)
            return -EIO; /* the file shrank under us */
        buf += n, len -= (size_t)n, off += n;
    }
    return 0;
}

int mirage__hostfs_get(struct mirage_kv_ro *kv, const char *key, void **val,
                       size_t *len)
{
    struct stat st;
    unsigned char *buf;
    int fd = open_value(HOSTFS(kv), key, &st), err;

    if (fd < 0)
        return fd;
    buf = malloc((size_t)st.st_size + 1);
    err = buf ? read_all(fd, buf, (size_t)st.st_size, 0) : -ENOMEM;
    close(fd);
    if (err < 0) {
        free(buf);
        return err;
    }
    buf[st.st_size] = '\0';
    *val = buf;
    *len = (size_t)st.st_size;
    return 0;
}

static int64_t hostfs_get_partial(struct mirage_kv_ro *kv, const char *key,
                                  uint64_t offset, void *buf, size_t len)
{
    struct stat st;
    int fd = open_value(HOSTFS(kv), key, &st), err;

    if (fd < 0)
        return fd;
    if (offset >= (uint64_t)st.st_size) {
        close(fd);
        return 0;
    }
    if (len > (uint64_t)st.st_size - offset)
        len = (size_t)((uint64_t)st.st_size - offset);
    err = read_all(fd, buf, len, (off_t)offset);
    close(fd);
    return err < 0 ? err : (int64_t)len;
}

/* Adds the entry name of the folder at key, if it is a value or a folder. */
static int list_one(struct hostfs *h, const char *key, const char *name,
                    struct mirage_kv_list *out)
{
    char child[MIRAGE_KV_KEY_MAX + 1];
    int kind;

    if (strncmp(name, HOSTFS_TMP_PREFIX, strlen(HOSTFS_TMP_PREFIX)) == 0 ||
        strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return 0;
    if (mirage__kv_key_join(key, name, child) < 0)
        return 0; /* no key can name it */
    kind = mirage__hostfs_kind(h, child, NULL);
    if (kind <= 0)
        return kind;
    return mirage_kv_list_add(out, child, strlen(child), kind);
}

static int hostfs_list(struct mirage_kv_ro *kv, const char *key,
                       struct mirage_kv_list *out)
{
    struct hostfs *h = HOSTFS(kv);
    int kind = mirage__hostfs_kind(h, key, NULL), err = 0;
    struct dirent *d;
    char *p;
    DIR *dir;

    if (kind <= 0)
        return kind < 0 ? kind : -ENOENT;
    if (kind == MIRAGE_KV_VALUE)
        return -ENOTDIR;
    p = mirage__hostfs_path(h, key);
    dir = p ? opendir(p) : NULL;
    free(p);
    if (!dir)
        return -errno;
    while (err == 0 && (d = readdir(dir)))
        err = list_one(h, key, d->d_name, out);
    closedir(dir);
    if (err < 0) {
        mirage_kv_list_free(out);
        return err;
    }
    mirage_kv_list_sort(out);
    return 0;
}

static void later(struct mirage_ptime *t, const struct stat *st, bool *found)
{
    struct mirage_ptime s = {st->st_mtim.tv_sec, (uint32_t)st->st_mtim.tv_nsec};

    if (!*found || s.sec > t->sec || (s.sec == t->sec && s.nsec > t->nsec))
        *t = s;
    *found = true;
}

/* The latest mtime of the files below the folder at path. */
static int newest_below(const char *path, struct mirage_ptime *t, bool *found,
                        int depth)
{
    struct dirent *d;
    DIR *dir = depth < MIRAGE_KV_KEY_MAX / 2 ? opendir(path) : NULL;
    int err = 0;

    if (!dir)
        return depth < MIRAGE_KV_KEY_MAX / 2 ? -errno : 0;
    while (err == 0 && (d = readdir(dir))) {
        struct stat st;
        char *sub;
        if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0 ||
            strncmp(d->d_name, HOSTFS_TMP_PREFIX, strlen(HOSTFS_TMP_PREFIX)) ==
                0)
            continue;
        if (asprintf(&sub, "%s/%s", path, d->d_name) < 0) {
            err = -ENOMEM;
            break;
        }
        if (stat(sub, &st) == 0 && S_ISREG(st.st_mode))
            later(t, &st, found);
        else if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            err = newest_below(sub, t, found, depth + 1);
        free(sub);
    }
    closedir(dir);
    return err;
}

static int hostfs_last_modified(struct mirage_kv_ro *kv, const char *key,
                                struct mirage_ptime *out)
{
    struct hostfs *h = HOSTFS(kv);
    struct stat st;
    bool found = false;
    int kind = mirage__hostfs_kind(h, key, &st), err;
    char *p;

    if (kind <= 0)
        return kind < 0 ? kind : -ENOENT;
    if (kind == MIRAGE_KV_VALUE) {
        later(out, &st, &found);
        return 0;
    }
    p = mirage__hostfs_path(h, key);
    if (!p)
        return -ENOMEM;
    err = newest_below(p, out, &found, 0);
    free(p);
    if (err == 0 && !found) /* an empty folder: its own time */
        later(out, &st, &found);
    return err;
}

static int64_t hostfs_size(struct mirage_kv_ro *kv, const char *key)
{
    struct stat st;
    int fd = open_value(HOSTFS(kv), key, &st);

    if (fd < 0)
        return fd;
    close(fd);
    return (int64_t)st.st_size;
}

static void hostfs_disconnect(struct mirage_kv_ro *kv)
{
    free(HOSTFS(kv)->root);
    free(HOSTFS(kv));
}

const struct mirage_kv_ops mirage__hostfs_ro_ops = {
    .exists = hostfs_exists,
    .get = mirage__hostfs_get,
    .get_partial = hostfs_get_partial,
    .list = hostfs_list,
    .last_modified = hostfs_last_modified,
    .size = hostfs_size,
    .disconnect = hostfs_disconnect,
};

const struct mirage_kv_ops mirage__hostfs_rw_ops = {
    .exists = hostfs_exists,
    .get = mirage__hostfs_get,
    .get_partial = hostfs_get_partial,
    .list = hostfs_list,
    .last_modified = hostfs_last_modified,
    .size = hostfs_size,
    .disconnect = hostfs_disconnect,
    .set = mirage__hostfs_set,
    .set_partial = mirage__hostfs_set_partial,
    .remove = mirage__hostfs_remove,
    .rename = mirage__hostfs_rename,
    .allocate = mirage__hostfs_allocate,
};

static int connect(const char *dir, const struct mirage_kv_ops *ops,
                   struct hostfs **out)
{
    struct stat st;
    struct hostfs *h;
    size_t n;

    assert(dir && out);
    if (stat(dir, &st) < 0)
        return -errno;
    if (!S_ISDIR(st.st_mode))
        return -ENOTDIR;
    h = calloc(1, sizeof *h);
    if (!h || !(h->root = strdup(dir))) {
        free(h);
        return -ENOMEM;
    }
    n = strlen(h->root);
    while (n > 1 && h->root[n - 1] == '/')
        h->root[--n] = '\0';
    h->rw.ro.ops = ops;
    *out = h;
    return 0;
}

int mirage_kv_direct_ro_connect(const char *dir, struct mirage_kv_ro **out)
{
    struct hostfs *h;
    int err = connect(dir, &mirage__hostfs_ro_ops, &h);

    if (err == 0)
        *out = &h->rw.ro;
    return err;
}

int mirage_kv_direct_rw_connect(const char *dir, struct mirage_kv_rw **out)
{
    struct hostfs *h;
    int err = connect(dir, &mirage__hostfs_rw_ops, &h);

    if (err == 0)
        *out = &h->rw;
    return err;
}

/* SPDX-License-Identifier: ISC */
/* hostfs: paths, kinds, creating and removing folders. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostfs_priv.h"

/* The host path of a canonical key (malloc'd; NULL if out of memory). */
char *mirage__hostfs_path(const struct hostfs *h, const char *key)
{
    size_t rl = strlen(h->root), kl = strlen(key);
    char *p = malloc(rl + kl + 1);

    if (!p)
        return NULL;
    memcpy(p, h->root, rl);
    if (rl > 0 && h->root[rl - 1] == '/')
        rl--; /* the root "/" */
    memcpy(p + rl, key, kl + 1);
    return p;
}

/* The kind of key on the host: regular files are values, folders are
 * dictionaries, anything else (and nothing) is MIRAGE_KV_NONE. */
int mirage__hostfs_kind(const struct hostfs *h, const char *key,
                        struct stat *st)
{
    struct stat tmp;
    char *p = mirage__hostfs_path(h, key);
    int r;

    if (!p)
        return -ENOMEM;
    if (!st)
        st = &tmp;
    r = stat(p, st);
    free(p);
    if (r < 0)
        return errno == ENOENT || errno == ENOTDIR ? MIRAGE_KV_NONE : -errno;
    if (S_ISREG(st->st_mode))
        return MIRAGE_KV_VALUE;
    return S_ISDIR(st->st_mode) ? MIRAGE_KV_DICTIONARY : MIRAGE_KV_NONE;
}

/* -ENOTDIR if a proper parent of key (other than ignore) is a value. */
int mirage__hostfs_check_parents(const struct hostfs *h, const char *key,
                                 const char *ignore)
{
    char buf[MIRAGE_KV_KEY_MAX + 1];

    for (size_t i = 1; key[i]; i++) {
        int k;
        if (key[i] != '/')
            continue;
        memcpy(buf, key, i);
        buf[i] = '\0';
        if (ignore && strcmp(buf, ignore) == 0)
            continue;
        k = mirage__hostfs_kind(h, buf, NULL);
        if (k < 0)
            return k;
        if (k == MIRAGE_KV_VALUE)
            return -ENOTDIR;
        if (k == MIRAGE_KV_NONE)
            return 0; /* nothing further down exists either */
    }
    return 0;
}

/* mkdir -p of the parents of key. */
int mirage__hostfs_make_parents(const struct hostfs *h, const char *key)
{
    char *p = mirage__hostfs_path(h, key);
    size_t skip = strlen(h->root);

    if (!p)
        return -ENOMEM;
    for (char *s = p + skip + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) < 0 && errno != EEXIST) {
            int err = -errno;
            free(p);
            return err;
        }
        *s = '/';
    }
    free(p);
    return 0;
}

/* rm -r path (a file, or a folder and everything in it). */
int mirage__hostfs_remove_tree(const char *path)
{
    struct dirent *d;
    DIR *dir;
    int err = 0;

    if (unlink(path) == 0)
        return 0;
    if (errno == ENOENT)
        return 0;
    if (errno != EISDIR && errno != EPERM)
        return -errno;
    dir = opendir(path);
    if (!dir)
        return -errno;
    while (err == 0 && (d = readdir(dir))) {
        char *sub;
        if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
            continue;
        if (asprintf(&sub, "%s/%s", path, d->d_name) < 0)
            err = -ENOMEM;
        else {
            err = mirage__hostfs_remove_tree(sub);
            free(sub);
        }
    }
    closedir(dir);
    if (err == 0 && rmdir(path) < 0)
        err = -errno;
    return err;
}

/* Removes the folders above key that are left empty, up to the root: a
 * dictionary exists only while something is in it. */
void mirage__hostfs_prune(const struct hostfs *h, const char *key)
{
    char *p = mirage__hostfs_path(h, key);
    size_t rl = strlen(h->root);

    if (!p)
        return;
    for (;;) {
        char *slash = strrchr(p, '/');
        if (!slash || (size_t)(slash - p) <= rl)
            break;
        *slash = '\0';
        if (rmdir(p) < 0)
            break;
    }
    free(p);
}

/* A fresh name in the root folder for a file being written. */
char *mirage__hostfs_tmp(struct hostfs *h)
{
    char *p;

    if (asprintf(&p, "%s/" HOSTFS_TMP_PREFIX "%ld-%u",
                 strcmp(h->root, "/") == 0 ? "" : h->root, (long)getpid(),
                 h->tmp_counter++) < 0)
        return NULL;
    return p;
}

/* fsync of the folder holding path, so a rename in it is durable. */
int mirage__hostfs_sync_dir_of(const char *path)
{
    char *dir = strdup(path), *slash;
    int fd, err = 0;

    if (!dir)
        return -ENOMEM;
    slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) < 0)
        err = -errno;
    if (fd >= 0)
        close(fd);
    free(dir);
    return err;
}

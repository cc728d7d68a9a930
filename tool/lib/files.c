/* SPDX-License-Identifier: ISC */
/* Files and processes: reading, writing only what changed, removing, running.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* nftw */
#endif
#include "cfg_priv.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *mirage__cfg_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct mirage__cfg_buf b = {0};
    char chunk[4096];
    size_t n;

    if (!f)
        return NULL;
    mirage__cfg_buf_add(&b, "%s", "");
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n + 1 > b.cap) {
            size_t cap = b.cap;
            while (cap < b.len + n + 1)
                cap *= 2;
            char *p = realloc(b.p, cap);
            if (!p)
                mirage__cfg_die("out of memory");
            b.p = p;
            b.cap = cap;
        }
        memcpy(b.p + b.len, chunk, n);
        b.len += n;
        b.p[b.len] = '\0';
    }
    if (ferror(f))
        mirage__cfg_die("cannot read %s: %s", path, strerror(errno));
    fclose(f);
    if (len)
        *len = b.len;
    return b.p;
}

bool mirage__cfg_write_if_changed(const char *path,
                                  const struct mirage__cfg_buf *b)
{
    size_t old_len;
    char *old = mirage__cfg_read_file(path, &old_len);
    bool same = old && old_len == b->len &&
                (b->len == 0 || memcmp(old, b->p, b->len) == 0);

    free(old);
    if (same)
        return false;
    char *tmp = mirage__cfg_fmt("%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        mirage__cfg_die("cannot write %s: %s", tmp, strerror(errno));
    if ((b->len && fwrite(b->p, 1, b->len, f) != b->len) || fclose(f) != 0)
        mirage__cfg_die("cannot write %s: %s", tmp, strerror(errno));
    if (rename(tmp, path) != 0)
        mirage__cfg_die("cannot write %s: %s", path, strerror(errno));
    free(tmp);
    return true;
}

bool mirage__cfg_exists(const char *path)
{
    struct stat st;

    return lstat(path, &st) == 0;
}

void mirage__cfg_mkdir(const char *path)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        mirage__cfg_die("cannot create %s: %s", path, strerror(errno));
}

static int remove_one(const char *path, const struct stat *st, int flag,
                      struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if ((flag == FTW_DP ? rmdir(path) : unlink(path)) != 0)
        mirage__cfg_die("cannot remove %s: %s", path, strerror(errno));
    return 0;
}

void mirage__cfg_remove(const char *path)
{
    if (!mirage__cfg_exists(path))
        return;
    if (nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
        mirage__cfg_die("cannot remove %s: %s", path, strerror(errno));
}

int mirage__cfg_run(char *const argv[])
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        mirage__cfg_die("cannot run %s: %s", argv[0], strerror(errno));
    if (pid == 0) {
        execvp(argv[0], argv);
        fprintf(stderr, "mirage: cannot run %s: %s\n", argv[0],
                strerror(errno));
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            mirage__cfg_die("cannot wait for %s: %s", argv[0], strerror(errno));
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}

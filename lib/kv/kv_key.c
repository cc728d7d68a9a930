/* SPDX-License-Identifier: ISC */
/* Keys: canonical form and the path arithmetic the stores share. */
#include <assert.h>
#include <errno.h>
#include <string.h>

#include <mirage/kv.h>

#include "kv_priv.h"

/* Canonical: "/" for the root, else "/seg/seg" with no empty, "." or ".."
 * segment and no trailing slash. */
int mirage_kv_key_normalize(const char *key, char *out)
{
    size_t n = 0;
    const char *p = key;

    assert(key && out);
    while (*p) {
        const char *seg;
        size_t len;

        while (*p == '/')
            p++;
        if (!*p)
            break;
        seg = p;
        while (*p && *p != '/')
            p++;
        len = (size_t)(p - seg);
        if ((len == 1 && seg[0] == '.') ||
            (len == 2 && seg[0] == '.' && seg[1] == '.'))
            return -EINVAL;
        if (n + 1 + len > MIRAGE_KV_KEY_MAX)
            return -ENAMETOOLONG;
        out[n++] = '/';
        memcpy(out + n, seg, len);
        n += len;
    }
    if (n == 0)
        out[n++] = '/';
    out[n] = '\0';
    return 0;
}

bool mirage__kv_key_is_root(const char *key)
{
    return key[0] == '/' && key[1] == '\0';
}

/* Length of the parent of a canonical key ("/a/b" -> 2 for "/a"); the
 * root's parent is the root (length 1, the "/"). */
size_t mirage__kv_key_parent_len(const char *key, size_t klen)
{
    size_t i = klen;

    while (i > 0 && key[i - 1] != '/')
        i--;
    return i > 1 ? i - 1 : 1;
}

const char *mirage__kv_key_basename(const char *key)
{
    const char *slash = strrchr(key, '/');

    return slash ? slash + 1 : key;
}

/* True if key lies strictly inside dictionary dir. */
bool mirage__kv_key_inside(const char *key, const char *dir)
{
    size_t dlen = strlen(dir);

    if (mirage__kv_key_is_root(dir))
        return !mirage__kv_key_is_root(key);
    return strncmp(key, dir, dlen) == 0 && key[dlen] == '/';
}

/* dir + "/" + name into out (size MIRAGE_KV_KEY_MAX + 1). */
int mirage__kv_key_join(const char *dir, const char *name, char *out)
{
    size_t dlen = mirage__kv_key_is_root(dir) ? 0 : strlen(dir);
    size_t nlen = strlen(name);

    if (dlen + 1 + nlen > MIRAGE_KV_KEY_MAX)
        return -ENAMETOOLONG;
    memcpy(out, dir, dlen);
    out[dlen] = '/';
    memcpy(out + dlen + 1, name, nlen + 1);
    return 0;
}

/* The prefix every key inside dir starts with: "/" for the root, else
 * dir + "/".  out has room for MIRAGE_KV_KEY_MAX + 2 bytes. */
size_t mirage__kv_key_dir_prefix(const char *dir, char *out)
{
    size_t dlen;

    if (mirage__kv_key_is_root(dir)) {
        out[0] = '/';
        out[1] = '\0';
        return 1;
    }
    dlen = strlen(dir);
    memcpy(out, dir, dlen);
    out[dlen] = '/';
    out[dlen + 1] = '\0';
    return dlen + 1;
}

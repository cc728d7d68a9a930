/* SPDX-License-Identifier: ISC */
/* Names of the KV errors, as mirage-kv prints them. */
#include <errno.h>

#include <mirage/error.h>
#include <mirage/kv.h>

const char *mirage_kv_strerror(int err)
{
    switch (err < 0 ? -err : err) {
    case ENOENT:
        return "not found";
    case EISDIR:
        return "value expected";
    case ENOTDIR:
        return "dictionary expected";
    case ENOSPC:
        return "no space";
    case EEXIST:
        return "already present";
    case EINVAL:
        return "invalid key, or rename source is a prefix of destination";
    case EROFS:
        return "read-only store";
    case EUCLEAN:
        return "corrupted store";
    case ENAMETOOLONG:
        return "key too long";
    case ENOTSUP:
        return "not supported";
    default:
        return mirage_strerror(err);
    }
}

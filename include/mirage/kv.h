/* SPDX-License-Identifier: ISC */
/* KV_RO and KV_RW: key-value stores (Mirage_kv.RO / Mirage_kv.RW, mirage-kv 6).
 */
#ifndef MIRAGE_KV_H
#define MIRAGE_KV_H

/*
 * A store maps keys to values (byte strings) and nests them in
 * dictionaries.  A key is a path of segments: "/a/b" has segments "a" and
 * "b"; the leading "/" is optional, empty segments are ignored ("a//b/" is
 * "/a/b"), and "/" (or "") is the root dictionary.  The segments "." and
 * ".." are refused, as is a key longer than MIRAGE_KV_KEY_MAX bytes.  A
 * dictionary exists while some value lies under it (the root always
 * exists); keys returned by the store are in the canonical form "/a/b".
 *
 * A read-only store is a struct mirage_kv_ro; a read-write store is a
 * struct mirage_kv_rw, usable wherever a read-only one is wanted through
 * mirage_kv_rw_ro().  Values are copied out (mirage_kv_get() returns a
 * malloc'd copy the caller frees) except through mirage_kv_map(), which
 * gives stores of constant data (crunch) a zero-copy view.  Every call may
 * suspend the calling fiber while the store does I/O.
 *
 * Errors (negative codes; mirage_kv_strerror() names them as mirage-kv
 * does):
 *   MIRAGE_KV_NOT_FOUND           -ENOENT   no such key
 *   MIRAGE_KV_VALUE_EXPECTED      -EISDIR   the key is a dictionary
 *   MIRAGE_KV_DICTIONARY_EXPECTED -ENOTDIR  the key (or a parent) is a value
 *   MIRAGE_KV_NO_SPACE            -ENOSPC   the store is full
 *   MIRAGE_KV_ALREADY_PRESENT     -EEXIST   allocate() on an existing key
 *   MIRAGE_KV_RENAME_SOURCE_PREFIX -EINVAL  rename of a dictionary into
 *                                           itself; also a malformed key
 *   MIRAGE_KV_READ_ONLY           -EROFS    write to a read-only store
 *   MIRAGE_KV_CORRUPT             -EUCLEAN  the image on disk is malformed
 * and -ENAMETOOLONG (key too long), -EIO (device failed, or stored data
 * failed its checksum), -ENOMEM.  A failed write changes nothing.  NULL
 * handles or buffers are programmer errors (assert).
 */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mirage/clock.h>

struct mirage_block;

#define MIRAGE_KV_KEY_MAX 1024
#define MIRAGE_KV_DIGEST_LEN 32 /* SHA-256 */

#define MIRAGE_KV_NOT_FOUND (-ENOENT)
#define MIRAGE_KV_VALUE_EXPECTED (-EISDIR)
#define MIRAGE_KV_DICTIONARY_EXPECTED (-ENOTDIR)
#define MIRAGE_KV_NO_SPACE (-ENOSPC)
#define MIRAGE_KV_ALREADY_PRESENT (-EEXIST)
#define MIRAGE_KV_RENAME_SOURCE_PREFIX (-EINVAL)
#define MIRAGE_KV_READ_ONLY (-EROFS)
#define MIRAGE_KV_CORRUPT (-EUCLEAN)

enum mirage_kv_kind {
    MIRAGE_KV_NONE = 0,
    MIRAGE_KV_VALUE = 1,
    MIRAGE_KV_DICTIONARY = 2,
};

struct mirage_kv_ops;
struct mirage_kv_ro {
    const struct mirage_kv_ops *ops;
};
struct mirage_kv_rw {
    struct mirage_kv_ro ro;
};

static inline struct mirage_kv_ro *mirage_kv_rw_ro(struct mirage_kv_rw *kv)
{
    return &kv->ro;
}

/* The entries of a dictionary, sorted by key. */
struct mirage_kv_entry {
    char *key; /* absolute, canonical */
    enum mirage_kv_kind kind;
};
struct mirage_kv_list {
    size_t n;
    struct mirage_kv_entry *entries;
};

/* Names an error the way mirage-kv does ("not found", "value expected",
 * ...); other codes get mirage_strerror()'s name. */
const char *mirage_kv_strerror(int err);

/*
 * Read side (every store).
 */
/* MIRAGE_KV_VALUE, MIRAGE_KV_DICTIONARY, or MIRAGE_KV_NONE (0) if nothing
 * is at key; or an error. */
int mirage_kv_exists(struct mirage_kv_ro *kv, const char *key);
/* The value at key: *val is a malloc'd copy the caller frees, followed by
 * a NUL byte not counted in *len. */
int mirage_kv_get(struct mirage_kv_ro *kv, const char *key, void **val,
                  size_t *len);
/* Copies up to len bytes of the value from offset into buf; returns the
 * count, short at the end of the value (0 at or past it). */
int64_t mirage_kv_get_partial(struct mirage_kv_ro *kv, const char *key,
                              uint64_t offset, void *buf, size_t len);
/* The entries of the dictionary at key (absolute keys, sorted); free with
 * mirage_kv_list_free(). */
int mirage_kv_list(struct mirage_kv_ro *kv, const char *key,
                   struct mirage_kv_list *out);
void mirage_kv_list_free(struct mirage_kv_list *l);
/* When the value was last written; for a dictionary the latest time of
 * anything below it. */
int mirage_kv_last_modified(struct mirage_kv_ro *kv, const char *key,
                            struct mirage_ptime *out);
/* SHA-256 of the value; for a dictionary a deterministic digest of its
 * entries (names, kinds and their digests, recursively). */
int mirage_kv_digest(struct mirage_kv_ro *kv, const char *key,
                     uint8_t out[MIRAGE_KV_DIGEST_LEN]);
/* The size of the value in bytes. */
int64_t mirage_kv_size(struct mirage_kv_ro *kv, const char *key);
/* Zero-copy view of a value that lives as long as the store: -ENOTSUP
 * unless the store holds constant data (crunch). */
int mirage_kv_map(struct mirage_kv_ro *kv, const char *key, const void **data,
                  size_t *len);
/* Releases the store (for a KV_RW: mirage_kv_disconnect(mirage_kv_rw_ro())). */
void mirage_kv_disconnect(struct mirage_kv_ro *kv);

/*
 * Write side (KV_RW).  Each call is durable when it returns 0: after a
 * crash the store holds the new state (stores on block devices; see each
 * implementation for what it guarantees).
 */
/* Binds key to the len bytes at val, creating parent dictionaries. */
int mirage_kv_set(struct mirage_kv_rw *kv, const char *key, const void *val,
                  size_t len);
/* Writes val at offset in the value at key: bytes past offset+len stay;
 * if offset is beyond the value's end, val is appended at its end; if
 * there is no value, key is set to val. */
int mirage_kv_set_partial(struct mirage_kv_rw *kv, const char *key,
                          uint64_t offset, const void *val, size_t len);
/* Removes the value, or the whole dictionary, at key (0 if absent). */
int mirage_kv_remove(struct mirage_kv_rw *kv, const char *key);
/* Moves source to dest.  Both values: dest is replaced.  dest a
 * dictionary: source moves inside it (dest/basename(source)).  source a
 * dictionary: the whole dictionary moves; -EISDIR if dest is a value,
 * MIRAGE_KV_RENAME_SOURCE_PREFIX if dest lies inside source. */
int mirage_kv_rename(struct mirage_kv_rw *kv, const char *source,
                     const char *dest);
/* Creates a zero-filled value of size bytes, with the given modification
 * time (NULL: now); MIRAGE_KV_ALREADY_PRESENT if key exists. */
int mirage_kv_allocate(struct mirage_kv_rw *kv, const char *key,
                       const struct mirage_ptime *mtime, uint64_t size);

/*
 * Implementations.  Each lives in its own library (named in brackets), all
 * of which need the library `kv` (lib/kv: keys, errors, digests).
 */
/* In memory, empty at connect (kv_rw_mem) [kv_mem]. */
int mirage_kv_mem_connect(struct mirage_kv_rw **out);

/* A folder embedded in the image at build time by mirage-crunch (crunch)
 * [kv_crunch].  The generated file defines the image. */
struct mirage_kv_crunch_file {
    const char *key;           /* canonical, sorted by strcmp */
    const unsigned char *data; /* the file's bytes, [data, end) */
    const unsigned char *end;
    int64_t mtime; /* seconds since the epoch */
};
struct mirage_kv_crunch_image {
    const char *name;
    const struct mirage_kv_crunch_file *files;
    size_t nfiles;
};
int mirage_kv_crunch_connect(const struct mirage_kv_crunch_image *img,
                             struct mirage_kv_ro **out);

/* A tar archive (ustar, pax or GNU) on a block device, read-only
 * (tar_kv_ro) [kv_tar].  Regular files are values, directories are
 * dictionaries; links, devices and sparse files are refused: they are not
 * listed and reading them gives -ENOTSUP.  A malformed archive (bad
 * checksum, a size past the device's end) is refused with
 * MIRAGE_KV_CORRUPT. */
struct mirage_kv_tar_stats {
    uint64_t entries;    /* values and dictionaries served */
    uint64_t refused;    /* links, devices, sparse files, ... */
    uint64_t bad_names;  /* names with "..", empty or too long */
    uint64_t conflicts;  /* a value where a dictionary was, or the reverse */
    uint64_t end_offset; /* bytes of archive before the end marker */
};
int mirage_kv_tar_connect(struct mirage_block *b, struct mirage_kv_ro **out);
int mirage_kv_tar_stats(struct mirage_kv_ro *kv,
                        struct mirage_kv_tar_stats *out);

/* A log-structured store on a block device that survives a crash at any
 * moment (docs/storage.md has the format) [kv_ring]. */
#define MIRAGE_KV_RING_FORMAT_IF_BLANK 1u /* format a device of zeros */
struct mirage_kv_ring_stats {
    uint64_t capacity; /* bytes of log */
    uint64_t used;     /* bytes between tail and head */
    uint64_t live;     /* bytes of the records in use */
    uint64_t keys;
    uint64_t replayed;        /* records read at mount */
    uint64_t dropped_torn;    /* half-written record dropped at mount */
    uint64_t cleaned;         /* records moved by the cleaner */
    uint64_t superblocks;     /* superblock writes since mount */
    uint64_t checksum_errors; /* values that failed their checksum */
};
/* Writes an empty store over the whole device. */
int mirage_kv_ring_format(struct mirage_block *b);
int mirage_kv_ring_connect(struct mirage_block *b, unsigned flags,
                           struct mirage_kv_rw **out);
int mirage_kv_ring_stats(struct mirage_kv_rw *kv,
                         struct mirage_kv_ring_stats *out);

/* A folder of the host, unix only (direct_kv_ro / direct_kv_rw) [hostfs]. */
int mirage_kv_direct_ro_connect(const char *dir, struct mirage_kv_ro **out);
int mirage_kv_direct_rw_connect(const char *dir, struct mirage_kv_rw **out);

/* Implementing this interface.  The wrappers above check and normalise
 * keys, so every op receives canonical keys ("/" or "/a/b").  Read ops are
 * required except map and digest (NULL: -ENOTSUP / computed from get and
 * list); write ops are NULL in read-only stores (-EROFS). */
struct mirage_kv_ops {
    int (*exists)(struct mirage_kv_ro *kv, const char *key);
    int (*get)(struct mirage_kv_ro *kv, const char *key, void **val,
               size_t *len);
    int64_t (*get_partial)(struct mirage_kv_ro *kv, const char *key,
                           uint64_t offset, void *buf, size_t len);
    int (*list)(struct mirage_kv_ro *kv, const char *key,
                struct mirage_kv_list *out);
    int (*last_modified)(struct mirage_kv_ro *kv, const char *key,
                         struct mirage_ptime *out);
    int (*digest)(struct mirage_kv_ro *kv, const char *key,
                  uint8_t out[MIRAGE_KV_DIGEST_LEN]);
    int64_t (*size)(struct mirage_kv_ro *kv, const char *key);
    int (*map)(struct mirage_kv_ro *kv, const char *key, const void **data,
               size_t *len);
    void (*disconnect)(struct mirage_kv_ro *kv);

    int (*set)(struct mirage_kv_ro *kv, const char *key, const void *val,
               size_t len);
    int (*set_partial)(struct mirage_kv_ro *kv, const char *key,
                       uint64_t offset, const void *val, size_t len);
    int (*remove)(struct mirage_kv_ro *kv, const char *key);
    int (*rename)(struct mirage_kv_ro *kv, const char *source,
                  const char *dest);
    int (*allocate)(struct mirage_kv_ro *kv, const char *key,
                    const struct mirage_ptime *mtime, uint64_t size);
};

/* Helpers for implementations: canonical form of key into out (size
 * MIRAGE_KV_KEY_MAX + 1); 0, -EINVAL or -ENAMETOOLONG. */
int mirage_kv_key_normalize(const char *key, char *out);
/* Appends an entry (key copied) to a list being built; -ENOMEM. */
int mirage_kv_list_add(struct mirage_kv_list *l, const char *key, size_t klen,
                       enum mirage_kv_kind kind);
/* Sorts a built list by key. */
void mirage_kv_list_sort(struct mirage_kv_list *l);

#endif

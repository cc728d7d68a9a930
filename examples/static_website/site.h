/* SPDX-License-Identifier: ISC */
/* static_website helpers: MIME types, HTTP dates, entity tags and ranges. */
#ifndef SITE_H
#define SITE_H

#include <stdbool.h>
#include <stdint.h>

#include <mirage/kv.h>

/* The media type for a file name, by its extension (octet-stream if
 * unknown). */
const char *site_mime(const char *name);

/* Writes the IMF-fixdate of sec ("Sun, 06 Nov 1994 08:49:37 GMT"); out
 * holds 30 bytes. */
void site_date_format(int64_t sec, char out[30]);
/* Parses an IMF-fixdate; false if s is not one. */
bool site_date_parse(const char *s, int64_t *sec);

/* The strong entity tag of a digest, quotes included; out holds 35 bytes. */
void site_etag(const uint8_t digest[MIRAGE_KV_DIGEST_LEN], char out[35]);
/* Whether the If-None-Match value list matches etag (weak comparison;
 * "*" matches everything). */
bool site_etag_match(const char *list, const char *etag);

/* Entity tags of recent files, as computing a digest reads the whole file.
 * An entry holds while the file's size and modification time stay the
 * same (a host folder can change under the server).  Looks key up: true
 * and its tag in etag, or false. */
bool site_etag_cached(const char *key, uint64_t size, int64_t mtime,
                      char etag[35]);
/* Remembers etag for key, size and mtime (silently not on no memory). */
void site_etag_remember(const char *key, uint64_t size, int64_t mtime,
                        const char etag[35]);

/* The outcome of a Range header against a representation of size bytes. */
enum site_range {
    SITE_RANGE_NONE,     /* absent, not bytes, malformed, or several:
                            send everything */
    SITE_RANGE_OK,       /* one satisfiable range: *first .. *last */
    SITE_RANGE_UNSATISF, /* 416 */
};
enum site_range site_range_parse(const char *value, uint64_t size,
                                 uint64_t *first, uint64_t *last);

#endif

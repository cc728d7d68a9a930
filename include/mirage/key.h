/* SPDX-License-Identifier: ISC */
/* Runtime keys: typed boot arguments declared in config.c. */
#ifndef MIRAGE_KEY_H
#define MIRAGE_KEY_H

/*
 * Each runtime key declared in config.c becomes a `struct mirage_key` in the
 * generated mirage/keys.c, with an accessor such as `int key_port(void)` in
 * mirage/keys.h.  At boot the runtime parses the command line against the
 * keys (--NAME=VALUE or --NAME VALUE; a bool key also as --NAME alone), after
 * the built-in arguments (-l/--logs, --delay, --name, --help).  --help prints
 * every key with its doc and exits 63; a malformed or unknown argument prints
 * a one-line reason and exits 64.
 *
 * Values: int and int64 are decimal (or 0x hex) with range checks; bool is
 * true/false; string is taken as is; list is SEP-separated elements of one
 * scalar type; pair is two scalars separated by SEP.  Defaults are given as
 * text and parsed with the same converter, so they are checked at configure
 * time too.
 *
 * Errors: mirage_key_parse_value() returns -EINVAL (malformed) or -ERANGE and
 * writes a one-line reason into the caller's buffer.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mirage_key_type {
    MIRAGE_KEY_INT,
    MIRAGE_KEY_INT64,
    MIRAGE_KEY_BOOL,
    MIRAGE_KEY_STRING,
    MIRAGE_KEY_LIST,
    MIRAGE_KEY_PAIR,
    /* Strings checked at boot (a bad value exits 64 like any other key). */
    MIRAGE_KEY_IPV4,        /* a dotted-quad address, or empty for none */
    MIRAGE_KEY_IPV4_PREFIX, /* ADDRESS/LENGTH, the length 0..32 */
};

union mirage_key_scalar {
    int64_t i; /* int and int64 */
    bool b;
    const char *s;
};

struct mirage_key_list {
    size_t len;
    union mirage_key_scalar *items;
};

struct mirage_key_pair {
    union mirage_key_scalar first, second;
};

union mirage_key_value {
    union mirage_key_scalar scalar;
    struct mirage_key_list list;
    struct mirage_key_pair pair;
};

struct mirage_key {
    const char *name; /* without the leading dashes */
    const char *doc;
    const char *docv; /* placeholder in --help, e.g. "PORT"; may be NULL */
    enum mirage_key_type type;
    enum mirage_key_type elem[2]; /* list: elem[0]; pair: elem[0], elem[1] */
    char sep;                     /* list and pair separator; ',' by default */
    const char *default_text;     /* NULL: the key is required */
    union mirage_key_value value; /* filled at boot */
    bool is_set;                  /* given on the command line */
};

/* Parses text as a value of key k into out (strings point into text or into
 * allocated memory that lives as long as the program).  On error writes a
 * one-line reason to why (if non-NULL). */
int mirage_key_parse_value(const struct mirage_key *k, const char *text,
                           union mirage_key_value *out, char *why,
                           size_t why_len);
/* Frees what mirage_key_parse_value() allocated for a list or a pair value
 * (nothing for scalars).  Values filled at boot are never freed. */
void mirage_key_value_free(const struct mirage_key *k,
                           union mirage_key_value *v);
/* The type of k as shown in --help ("int", "string", "int list", ...). */
const char *mirage_key_type_name(const struct mirage_key *k, char *buf,
                                 size_t len);

#endif

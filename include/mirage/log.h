/* SPDX-License-Identifier: ISC */
/* Logging with per-source levels, as MirageOS's Logs and mirage-logs. */
#ifndef MIRAGE_LOG_H
#define MIRAGE_LOG_H

/*
 * A log source has a name ("tcp", "arp", "application"); its threshold comes
 * from the boot argument -l/--logs (e.g. '*:info,tcp:debug'), default info.
 * A message at or below the threshold is written to the console as one line:
 *     2026-11-23T20:05:01-00:00: [INFO] [application] hello
 * (RFC 3339 wall time, level, source, message).  Writing blocks the caller
 * rather than dropping the message.  Sources are plain statics defined with
 * MIRAGE_LOG_SRC; they need no registration: a source learns its threshold
 * the first time it is used.
 *
 * Errors: mirage_log_set_levels() returns -EINVAL for a malformed spec and
 * changes nothing.
 */

#include <stdarg.h>
#include <stdbool.h>

enum mirage_log_level {
    MIRAGE_LOG_QUIET = 0, /* as a threshold only: nothing is printed */
    MIRAGE_LOG_APP,
    MIRAGE_LOG_ERROR,
    MIRAGE_LOG_WARNING,
    MIRAGE_LOG_INFO,
    MIRAGE_LOG_DEBUG,
};

struct mirage_log_src {
    const char *name;
    const char *doc;
    int level;                   /* threshold; -1 until first use */
    unsigned generation;         /* runtime-private */
    struct mirage_log_src *next; /* runtime-private: sources seen so far */
};

#define MIRAGE_LOG_SRC(var, name_, doc_) \
    struct mirage_log_src var = {(name_), (doc_), -1, 0, 0}

/* The default source, "application". */
extern struct mirage_log_src mirage_log_app;

bool mirage_log_enabled(struct mirage_log_src *src, enum mirage_log_level l);
void mirage_log(struct mirage_log_src *src, enum mirage_log_level l,
                const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void mirage_logv(struct mirage_log_src *src, enum mirage_log_level l,
                 const char *fmt, va_list ap);

#define MIRAGE__LOG(src, l, ...)                 \
    do {                                         \
        if (mirage_log_enabled((src), (l)))      \
            mirage_log((src), (l), __VA_ARGS__); \
    } while (0)
#define mirage_log_app_msg(src, ...) \
    MIRAGE__LOG(src, MIRAGE_LOG_APP, __VA_ARGS__)
#define mirage_log_err(src, ...) MIRAGE__LOG(src, MIRAGE_LOG_ERROR, __VA_ARGS__)
#define mirage_log_warn(src, ...) \
    MIRAGE__LOG(src, MIRAGE_LOG_WARNING, __VA_ARGS__)
#define mirage_log_info(src, ...) MIRAGE__LOG(src, MIRAGE_LOG_INFO, __VA_ARGS__)
#define mirage_log_debug(src, ...) \
    MIRAGE__LOG(src, MIRAGE_LOG_DEBUG, __VA_ARGS__)

/* Parses a level name: quiet, app, error, warning, info, debug. */
int mirage_log_parse_level(const char *s, enum mirage_log_level *out);
const char *mirage_log_level_name(enum mirage_log_level l);
/* Applies a comma-separated list of [SRC:]LEVEL ('*' or no SRC: all). */
int mirage_log_set_levels(const char *spec);

#endif

/* SPDX-License-Identifier: ISC */
/* Log sources, per-source thresholds from -l specs, and the log line format. */
#include "runtime_priv.h"

#include "platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

MIRAGE_LOG_SRC(mirage_log_app, "application", "The application");

/* A parsed spec: names point into text. */
struct entry {
    const char *name;
    int level;
};
struct spec {
    int all; /* level of '*' (or no source) */
    size_t n;
    struct entry *entries;
    char *text;
};

static const char *const level_names[] = {"quiet",   "app",  "error",
                                          "warning", "info", "debug"};
static const char *const level_tags[] = {"QUIET",   "APP",  "ERROR",
                                         "WARNING", "INFO", "DEBUG"};

static struct spec current = {MIRAGE_LOG_INFO, 0, NULL, NULL};
/* Bumped when the spec changes; a source re-reads its threshold when its
 * generation differs (0: never used). */
static unsigned generation = 1;
static struct mirage_log_src *seen;

int mirage_log_parse_level(const char *s, enum mirage_log_level *out)
{
    for (int l = MIRAGE_LOG_QUIET; l <= MIRAGE_LOG_DEBUG; l++) {
        if (strcmp(s, level_names[l]) == 0) {
            *out = (enum mirage_log_level)l;
            return 0;
        }
    }
    return -EINVAL;
}

const char *mirage_log_level_name(enum mirage_log_level l)
{
    if ((int)l < MIRAGE_LOG_QUIET || l > MIRAGE_LOG_DEBUG)
        return "unknown";
    return level_names[l];
}

static void spec_free(struct spec *s)
{
    free(s->entries);
    free(s->text);
    s->entries = NULL;
    s->text = NULL;
    s->n = 0;
}

/* Parses one "[SRC:]LEVEL" item (NUL-terminated, modified in place). */
static int parse_item(struct spec *s, char *item, char *why, size_t why_len)
{
    char *colon = strrchr(item, ':');
    const char *lv = colon ? colon + 1 : item;
    enum mirage_log_level level;

    if (colon)
        *colon = '\0';
    if (mirage_log_parse_level(lv, &level) < 0) {
        snprintf(why, why_len,
                 "unknown log level '%s' (expected quiet, app, error, "
                 "warning, info or debug)",
                 lv);
        return -EINVAL;
    }
    if (colon && item[0] == '\0') {
        snprintf(why, why_len, "empty log source before ':%s'", lv);
        return -EINVAL;
    }
    if (!colon || strcmp(item, "*") == 0)
        s->all = (int)level;
    else
        s->entries[s->n++] = (struct entry){item, (int)level};
    return 0;
}

static int spec_parse(const char *text, struct spec *s, char *why,
                      size_t why_len)
{
    size_t items = 1;
    char *p, *item;

    *s = (struct spec){MIRAGE_LOG_INFO, 0, NULL, NULL};
    for (const char *c = text; *c; c++)
        items += *c == ',';
    s->text = strdup(text);
    s->entries = calloc(items, sizeof(*s->entries));
    if (!s->text || !s->entries) {
        snprintf(why, why_len, "out of memory");
        spec_free(s);
        return -ENOMEM;
    }
    for (p = s->text; p; p = item) {
        char *comma = strchr(p, ',');
        item = comma ? comma + 1 : NULL;
        if (comma)
            *comma = '\0';
        if (*p == '\0') {
            snprintf(why, why_len, "empty item in log spec '%s'", text);
            spec_free(s);
            return -EINVAL;
        }
        if (parse_item(s, p, why, why_len) < 0) {
            spec_free(s);
            return -EINVAL;
        }
    }
    return 0;
}

int mirage__log_check_levels(const char *spec, char *why, size_t why_len)
{
    struct spec s;
    int r = spec_parse(spec, &s, why, why_len);

    spec_free(&s);
    return r;
}

int mirage_log_set_levels(const char *spec)
{
    char why[160];
    struct spec s;
    int r = spec_parse(spec, &s, why, sizeof(why));

    if (r < 0)
        return r;
    spec_free(&current);
    current = s;
    generation++;
    return 0;
}

/* The threshold of a source under the current spec: the last entry naming
 * it, else the '*' level, else info. */
static int threshold(const char *name)
{
    for (size_t i = current.n; i-- > 0;)
        if (strcmp(current.entries[i].name, name) == 0)
            return current.entries[i].level;
    return current.all;
}

bool mirage_log_enabled(struct mirage_log_src *src, enum mirage_log_level l)
{
    if (src->generation != generation) {
        if (src->generation == 0) {
            src->next = seen;
            seen = src;
        }
        src->level = threshold(src->name);
        src->generation = generation;
    }
    return l != MIRAGE_LOG_QUIET && (int)l <= src->level;
}

size_t mirage__log_header(char *buf, size_t len, uint64_t wall_ns,
                          enum mirage_log_level l, const char *src)
{
    struct mirage_ptime t = {(int64_t)(wall_ns / 1000000000), 0};
    char date[26];
    int n;

    mirage_ptime_rfc3339(&t, date);
    n = snprintf(buf, len, "%s: [%s] [%s] ", date,
                 level_tags[l <= MIRAGE_LOG_DEBUG ? l : MIRAGE_LOG_DEBUG], src);
    return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}

/* Builds the whole line, then writes it in one piece. */
void mirage_logv(struct mirage_log_src *src, enum mirage_log_level l,
                 const char *fmt, va_list ap)
{
    char small[512], *line = small;
    size_t head, cap = sizeof(small);
    va_list ap2;
    int n;

    if (!mirage_log_enabled(src, l))
        return;
    head =
        mirage__log_header(small, cap, mirage_plat_clock_wall(), l, src->name);
    va_copy(ap2, ap);
    n = vsnprintf(small + head, cap - head, fmt, ap);
    if (n >= 0 && head + (size_t)n + 2 > cap) {
        cap = head + (size_t)n + 2;
        line = malloc(cap);
        if (line) {
            memcpy(line, small, head);
            vsnprintf(line + head, cap - head, fmt, ap2);
        } else {
            line = small; /* truncated rather than lost */
            cap = sizeof(small);
            n = (int)(cap - head - 2);
        }
    }
    va_end(ap2);
    if (n < 0)
        n = 0;
    line[head + (size_t)n] = '\n';
    mirage_plat_console_write(line, head + (size_t)n + 1);
    if (line != small)
        free(line);
}

void mirage_log(struct mirage_log_src *src, enum mirage_log_level l,
                const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    mirage_logv(src, l, fmt, ap);
    va_end(ap);
}

/* After a run: back to the default thresholds. */
void mirage__log_reset(void)
{
    spec_free(&current);
    current.all = MIRAGE_LOG_INFO;
    generation++;
}

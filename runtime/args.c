/* SPDX-License-Identifier: ISC */
/* Boot arguments: the built-in options and the unikernel's runtime keys. */
#include "runtime_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Accepted: --NAME=V, --NAME V, --BOOLKEY alone, -l V, -lV, --logs[=]V,
 * --delay[=]N, --name[=]NAME, --help[=FMT].  Anything else (unknown option,
 * positional argument, repeated option, bad value, missing required key)
 * prints exactly one line "<name>: <reason>" and yields exit code 64.
 * Values are parsed into a scratch array and applied only on success.
 */

#define MAX_DELAY_S 86400

struct parser {
    const struct mirage_app *app;
    int argc;
    char **argv;
    int i; /* index of the argument being read */
    struct mirage__boot *boot;
    union mirage_key_value *vals;
    bool *set;
    bool logs_seen, delay_seen, name_seen;
};

static int fail(struct parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail(struct parser *p, const char *fmt, ...)
{
    char line[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    mirage__printf("%s: %s\n", p->app->name ? p->app->name : "mirage", line);
    return MIRAGE_EXIT_BAD_ARGUMENT;
}

/* The value of option opt: inline (after '=') or the next argument. */
static int take_value(struct parser *p, const char *opt, const char *inl,
                      const char **out)
{
    if (inl) {
        *out = inl;
        return 0;
    }
    if (p->i + 1 >= p->argc)
        return fail(p, "option '%s' needs an argument", opt);
    *out = p->argv[++p->i];
    return 0;
}

static int once(struct parser *p, bool *seen, const char *opt)
{
    if (*seen)
        return fail(p, "option '%s' cannot be repeated", opt);
    *seen = true;
    return 0;
}

static int opt_logs(struct parser *p, const char *opt, const char *inl)
{
    char why[200];
    const char *v = NULL;
    int r = once(p, &p->logs_seen, opt);

    if (r == 0)
        r = take_value(p, opt, inl, &v);
    if (r)
        return r;
    if (mirage__log_check_levels(v, why, sizeof(why)) < 0)
        return fail(p, "option '%s': invalid value '%s': %s", opt, v, why);
    p->boot->logs = v;
    return 0;
}

static int opt_delay(struct parser *p, const char *opt, const char *inl)
{
    const char *v = NULL;
    int64_t n;
    int r = once(p, &p->delay_seen, opt);

    if (r == 0)
        r = take_value(p, opt, inl, &v);
    if (r)
        return r;
    if (mirage__parse_int64(v, &n) < 0 || n < 0 || n > MAX_DELAY_S)
        return fail(p,
                    "option '%s': invalid value '%s', expected a number of "
                    "seconds from 0 to %d",
                    opt, v, MAX_DELAY_S);
    p->boot->delay_s = (uint64_t)n;
    return 0;
}

static int opt_name(struct parser *p, const char *opt, const char *inl)
{
    const char *v = NULL;
    int r = once(p, &p->name_seen, opt);

    if (r == 0)
        r = take_value(p, opt, inl, &v);
    if (r)
        return r;
    if (*v == '\0')
        return fail(p, "option '%s': the name must not be empty", opt);
    p->boot->name = v;
    return 0;
}

static int opt_help(struct parser *p, const char *inl)
{
    static const char *const formats[] = {"auto", "pager", "groff", "plain"};
    bool ok = inl == NULL;

    for (size_t f = 0; inl && f < 4; f++)
        ok |= strcmp(inl, formats[f]) == 0;
    if (!ok)
        return fail(p,
                    "option '--help': invalid value '%s', expected one of "
                    "auto, pager, groff or plain",
                    inl);
    mirage__args_help(p->app);
    return MIRAGE_EXIT_HELP;
}

/* A runtime key given as --NAME[=V]; -1 if no key has that name. */
static int opt_key(struct parser *p, const char *opt, const char *name,
                   const char *inl)
{
    char why[256];
    const struct mirage_key *k = NULL;
    const char *v = NULL;
    size_t i;
    int r;

    for (i = 0; i < p->app->nkeys && !k; i++)
        if (strcmp(p->app->keys[i]->name, name) == 0)
            k = p->app->keys[i];
    if (!k)
        return -1;
    i--;
    if ((r = once(p, &p->set[i], opt)) != 0)
        return r;
    if (k->type == MIRAGE_KEY_BOOL && !inl)
        v = "true";
    else if ((r = take_value(p, opt, inl, &v)) != 0)
        return r;
    if (mirage_key_parse_value(k, v, &p->vals[i], why, sizeof(why)) < 0)
        return fail(p, "option '%s': %s", opt, why);
    return 0;
}

/* --NAME or --NAME=V. */
static int long_option(struct parser *p, const char *arg)
{
    char opt[128];
    const char *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    const char *inl = eq ? eq + 1 : NULL;
    int r;

    if (len >= sizeof(opt))
        return fail(p, "unknown option '%.*s'", (int)len, arg);
    memcpy(opt, arg, len);
    opt[len] = '\0';
    if (strcmp(opt, "--help") == 0)
        return opt_help(p, inl);
    if (strcmp(opt, "--logs") == 0)
        return opt_logs(p, opt, inl);
    if (strcmp(opt, "--delay") == 0)
        return opt_delay(p, opt, inl);
    if (strcmp(opt, "--name") == 0)
        return opt_name(p, opt, inl);
    r = opt_key(p, opt, opt + 2, inl);
    if (r < 0)
        return fail(p, "unknown option '%s'", opt);
    return r;
}

static int one_argument(struct parser *p)
{
    const char *a = p->argv[p->i];

    if (a[0] != '-' || a[1] == '\0')
        return fail(p, "too many arguments, don't know what to do with '%s'",
                    a);
    if (a[1] == '-')
        return long_option(p, a);
    if (a[1] == 'l')
        return opt_logs(p, "-l", a[2] ? a + 2 : NULL);
    return fail(p, "unknown option '%.2s'", a);
}

/* Keys not given take their default; a required key must be given. */
static int finish(struct parser *p)
{
    char why[256];

    for (size_t i = 0; i < p->app->nkeys; i++) {
        const struct mirage_key *k = p->app->keys[i];
        if (p->set[i])
            continue;
        if (!k->default_text)
            return fail(p, "required option '--%s' is missing", k->name);
        if (mirage_key_parse_value(k, k->default_text, &p->vals[i], why,
                                   sizeof(why)) < 0)
            return fail(p, "option '--%s': bad default: %s", k->name, why);
    }
    return 0;
}

static int parse_all(struct parser *p)
{
    for (p->i = 1; p->i < p->argc; p->i++) {
        int r;
        if (strcmp(p->argv[p->i], "--") == 0) {
            if (p->i + 1 < p->argc)
                return fail(p,
                            "too many arguments, don't know what to do "
                            "with '%s'",
                            p->argv[p->i + 1]);
            break;
        }
        if ((r = one_argument(p)) != 0)
            return r;
    }
    return finish(p);
}

int mirage__args_parse(const struct mirage_app *app, int argc, char **argv,
                       struct mirage__boot *out)
{
    struct parser p = {app, argc, argv, 0, out, NULL, NULL, 0, 0, 0};
    size_t n = app->nkeys;
    int r;

    *out = (struct mirage__boot){NULL, 0, NULL};
    p.vals = calloc(n ? n : 1, sizeof(*p.vals));
    p.set = calloc(n ? n : 1, sizeof(*p.set));
    if (!p.vals || !p.set) {
        r = fail(&p, "out of memory");
    } else if ((r = parse_all(&p)) == 0) {
        for (size_t i = 0; i < n; i++) {
            app->keys[i]->value = p.vals[i];
            app->keys[i]->is_set = p.set[i];
        }
    } else {
        for (size_t i = 0; i < n; i++)
            mirage_key_value_free(app->keys[i], &p.vals[i]);
    }
    free(p.vals);
    free(p.set);
    return r;
}

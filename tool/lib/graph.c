/* SPDX-License-Identifier: ISC */
/* The device graph: devices (shared when equal) and the jobs that use them. */
#include "cfg_priv.h"

#include <ctype.h>
#include <string.h>

static struct mirage__cfg_vec all_devs;

static bool carg_eq(const struct mirage__cfg_carg *a,
                    const struct mirage__cfg_carg *b)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case MIRAGE__CARG_STRING:
    case MIRAGE__CARG_EXPR:
        return strcmp(a->s, b->s) == 0;
    case MIRAGE__CARG_INT:
        return a->i == b->i;
    case MIRAGE__CARG_KEY:
        return a->key == b->key;
    }
    return false;
}

static bool dev_eq(const struct mirage__cfg_dev *a,
                   const struct mirage__cfg_dev *b)
{
    if (a->impl != b->impl || a->ndeps != b->ndeps || a->ncargs != b->ncargs ||
        a->nkeys != b->nkeys || a->nmft != b->nmft)
        return false;
    if ((a->crunch || b->crunch) &&
        (!a->crunch || !b->crunch || strcmp(a->crunch, b->crunch) != 0))
        return false;
    for (size_t i = 0; i < a->ndeps; i++)
        if (a->deps[i] != b->deps[i])
            return false;
    for (size_t i = 0; i < a->ncargs; i++)
        if (!carg_eq(&a->cargs[i], &b->cargs[i]))
            return false;
    for (size_t i = 0; i < a->nkeys; i++)
        if (a->keys[i] != b->keys[i])
            return false;
    for (size_t i = 0; i < a->nmft; i++)
        if (a->mft[i].type != b->mft[i].type ||
            strcmp(a->mft[i].name, b->mft[i].name) != 0)
            return false;
    return true;
}

struct mirage__cfg_dev *mirage__cfg_dev_add(const struct mirage__cfg_dev *p)
{
    if (p->ndeps != p->impl->ndeps)
        mirage__cfg_die_at(p->file, p->line, "%s takes %zu devices, not %zu",
                           p->impl->name, p->impl->ndeps, p->ndeps);
    for (size_t i = 0; i < p->ndeps; i++)
        if (!p->deps[i] || p->deps[i]->impl->kind != p->impl->deps[i])
            mirage__cfg_die_at(
                p->file, p->line, "%s: device %zu must be a %s device",
                p->impl->name, i + 1, mirage__cfg_kinds[p->impl->deps[i]].name);
    for (size_t i = 0; i < all_devs.n; i++)
        if (dev_eq(all_devs.v[i], p))
            return all_devs.v[i];
    struct mirage__cfg_dev *d = mirage__cfg_alloc(sizeof *d);
    *d = *p;
    mirage__cfg_vec_push(&all_devs, d);
    return d;
}

struct mirage__cfg_dev *mirage__cfg_dev_simple(const struct mirage__cfg_impl *i,
                                               const char *file, int line)
{
    struct mirage__cfg_dev p = {.impl = i, .file = file, .line = line};

    return mirage__cfg_dev_add(&p);
}

void mirage__cfg_dev_dep(struct mirage__cfg_dev *d, void *dep)
{
    if (d->ndeps == MIRAGE__MAX_DEPS)
        mirage__cfg_die("%s: too many devices", d->impl->name);
    d->deps[d->ndeps++] = dep;
}

static struct mirage__cfg_carg *new_carg(struct mirage__cfg_dev *d)
{
    if (d->ncargs == MIRAGE__MAX_CARGS)
        mirage__cfg_die("%s: too many arguments", d->impl->name);
    return &d->cargs[d->ncargs++];
}

void mirage__cfg_dev_str(struct mirage__cfg_dev *d, const char *s)
{
    *new_carg(d) = (struct mirage__cfg_carg){.type = MIRAGE__CARG_STRING,
                                             .s = mirage__cfg_strdup(s)};
}

void mirage__cfg_dev_int(struct mirage__cfg_dev *d, long long i)
{
    *new_carg(d) = (struct mirage__cfg_carg){.type = MIRAGE__CARG_INT, .i = i};
}

void mirage__cfg_dev_expr(struct mirage__cfg_dev *d, const char *c)
{
    *new_carg(d) = (struct mirage__cfg_carg){.type = MIRAGE__CARG_EXPR,
                                             .s = mirage__cfg_strdup(c)};
}

void mirage__cfg_dev_key(struct mirage__cfg_dev *d, struct mirage_key *k)
{
    if (d->nkeys == MIRAGE__MAX_DEV_KEYS)
        mirage__cfg_die("%s: too many keys", d->impl->name);
    d->keys[d->nkeys++] = k;
    *new_carg(d) =
        (struct mirage__cfg_carg){.type = MIRAGE__CARG_KEY, .key = k};
}

void mirage__cfg_dev_mft(struct mirage__cfg_dev *d, const char *name,
                         enum mirage__cfg_mft_type type)
{
    if (d->nmft == MIRAGE__MAX_DEV_MFT)
        mirage__cfg_die("%s: too many manifest entries", d->impl->name);
    d->mft[d->nmft++] =
        (struct mirage__cfg_mft){mirage__cfg_strdup(name), type};
}

const char *mirage__cfg_dev_name_arg(const char *file, int line,
                                     const char *dev, const char *name)
{
    if (!name || !*name)
        mirage__cfg_die_at(file, line, "%s: the name is %s", dev,
                           name ? "empty" : "NULL");
    return name;
}

char *mirage__cfg_grouped(const char *file, int line, const char *group,
                          const char *name)
{
    if (!group)
        return mirage__cfg_strdup(name);
    mirage__cfg_key_check_name(file, line, group, "group");
    return mirage__cfg_fmt("%s-%s", group, name);
}

struct mirage__cfg_dev *mirage__cfg_dev_over(const struct mirage__cfg_impl *i,
                                             const char *file, int line,
                                             size_t n, void *const *deps)
{
    struct mirage__cfg_dev p = {.impl = i, .file = file, .line = line};

    for (size_t k = 0; k < n; k++)
        mirage__cfg_dev_dep(&p, deps[k]);
    return mirage__cfg_dev_add(&p);
}

static bool is_c_identifier(const char *s)
{
    if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

struct mirage_job *mirage__foreign(const char *file, int line, const char *fn,
                                   struct mirage_key_set keys,
                                   struct mirage_arg_set args)
{
    struct mirage_job *j = mirage__cfg_alloc(sizeof *j);

    if (!is_c_identifier(fn))
        mirage__cfg_die_at(file, line,
                           "mirage_foreign: '%s' is not a C function name",
                           fn ? fn : "(null)");
    if (strncmp(fn, "mirage_", 7) == 0 || strncmp(fn, "key_", 4) == 0)
        mirage__cfg_die_at(file, line,
                           "mirage_foreign: '%s' uses a reserved prefix "
                           "(mirage_, key_)",
                           fn);
    j->fn = mirage__cfg_strdup(fn);
    j->file = file;
    j->line = line;
    for (size_t i = 0; keys.v[i]; i++)
        if (!mirage__cfg_vec_has(&j->keys, keys.v[i]))
            mirage__cfg_vec_push(&j->keys, keys.v[i]);
    for (size_t i = 0; args.v[i]; i++)
        mirage__cfg_vec_push(&j->args, (void *)args.v[i]);
    return j;
}

struct mirage_job *mirage__noop(const char *file, int line)
{
    struct mirage_job *j = mirage__cfg_alloc(sizeof *j);

    j->file = file;
    j->line = line;
    return j;
}

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

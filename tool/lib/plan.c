/* SPDX-License-Identifier: ISC */
/* The plan: devices in connect order, keys, libraries, manifest and sources. */
#include "cfg_priv.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Depth first, dependencies before the device: the connect order. */
static void visit(struct mirage__cfg_plan *p, struct mirage__cfg_dev *d)
{
    if (d->mark == 2)
        return;
    if (d->mark == 1)
        mirage__cfg_die_at(d->file, d->line, "%s depends on itself",
                           d->impl->name);
    d->mark = 1;
    for (size_t i = 0; i < d->ndeps; i++)
        visit(p, d->deps[i]);
    d->mark = 2;
    if (!(d->impl->targets & MIRAGE__T(p->target)))
        mirage__cfg_die_at(d->file, d->line,
                           "device %s is not available on target %s",
                           d->impl->name, p->t->name);
    mirage__cfg_vec_push(&p->devs, d);
}

static void add_key(struct mirage__cfg_plan *p, struct mirage_key *k)
{
    if (!mirage__cfg_vec_has(&p->keys, k))
        mirage__cfg_vec_push(&p->keys, k);
}

/*
 * Link order: a library before those it calls (checked with nm over the
 * built archives).  The target makefiles link with --start-group, so the
 * order is for readers and other linkers.
 */
static const char *const lib_order[] = {
    "connect", "http",    "stack",    "tcp",       "udp",    "icmp",
    "ipv4",    "arp",     "ethernet", "netif",     "socket", "buf",
    "ipaddr",  "kv_ring", "kv_tar",   "kv_crunch", "kv_mem", "hostfs",
    "kv",      "block",   "rng",      NULL};

static size_t lib_rank(const char *lib)
{
    size_t i = 0;

    while (lib_order[i] && strcmp(lib_order[i], lib) != 0)
        i++;
    return i;
}

static int cmp_lib(const void *a, const void *b)
{
    size_t x = lib_rank(*(char *const *)a), y = lib_rank(*(char *const *)b);

    return x < y ? -1 : x > y;
}

static void add_libs(struct mirage__cfg_plan *p,
                     const struct mirage__cfg_impl *i)
{
    for (size_t k = 0; k < MIRAGE__MAX_LIBS && i->libs[k]; k++) {
        bool seen = false;
        for (size_t j = 0; j < p->libs.n && !seen; j++)
            seen = strcmp(p->libs.v[j], i->libs[k]) == 0;
        if (!seen)
            mirage__cfg_vec_push(&p->libs, (void *)i->libs[k]);
    }
}

static void name_devices(struct mirage__cfg_plan *p)
{
    unsigned count[MIRAGE__K_COUNT] = {0};

    for (size_t i = 0; i < p->devs.n; i++) {
        struct mirage__cfg_dev *d = p->devs.v[i];
        enum mirage__cfg_kind_id k = d->impl->kind;
        snprintf(d->var, sizeof d->var, "%s%u", mirage__cfg_kinds[k].name,
                 count[k]++);
        for (size_t j = 0; j < d->nkeys; j++)
            add_key(p, d->keys[j]);
        add_libs(p, d->impl);
    }
    /* Stable sort (insertion) keeps unknown libraries in their order. */
    for (size_t i = 1; i < p->libs.n; i++)
        for (size_t j = i;
             j > 0 && cmp_lib(&p->libs.v[j - 1], &p->libs.v[j]) > 0; j--) {
            void *t = p->libs.v[j];
            p->libs.v[j] = p->libs.v[j - 1];
            p->libs.v[j - 1] = t;
        }
}

/* Crunch stores: one generated source each, with distinct names. */
static void collect_crunch(struct mirage__cfg_plan *p)
{
    for (size_t i = 0; i < p->devs.n; i++) {
        struct mirage__cfg_dev *d = p->devs.v[i];
        if (!d->crunch)
            continue;
        char *id = mirage__cfg_crunch_id(d->crunch);
        for (size_t k = 0; k < p->crunch.n; k++) {
            struct mirage__cfg_dev *o = p->crunch.v[k];
            char *oid = mirage__cfg_crunch_id(o->crunch);
            if (strcmp(id, oid) == 0)
                mirage__cfg_die_at(d->file, d->line,
                                   "crunch: the folders '%s' and '%s' would "
                                   "both be mirage/crunch_%s.c",
                                   o->crunch, d->crunch, id);
            free(oid);
        }
        free(id);
        mirage__cfg_vec_push(&p->crunch, d);
    }
}

static bool mft_name_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > 67)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

/* Solo5 manifest entries: one per device name, at most 63. */
static void collect_manifest(struct mirage__cfg_plan *p)
{
    for (size_t i = 0; i < p->devs.n; i++) {
        struct mirage__cfg_dev *d = p->devs.v[i];
        for (size_t j = 0; j < d->nmft; j++) {
            struct mirage__cfg_mft *m = &d->mft[j];
            bool dup = false;
            if (!mft_name_ok(m->name))
                mirage__cfg_die_at(d->file, d->line,
                                   "device name '%s': 1 to 67 letters and "
                                   "digits",
                                   m->name);
            for (size_t k = 0; k < p->mft.n; k++) {
                struct mirage__cfg_mft *o = p->mft.v[k];
                if (strcmp(o->name, m->name) != 0)
                    continue;
                if (o->type != m->type)
                    mirage__cfg_die_at(d->file, d->line,
                                       "device name '%s' is used for a "
                                       "network and a block device",
                                       m->name);
                dup = true;
            }
            if (!dup)
                mirage__cfg_vec_push(&p->mft, m);
        }
    }
    if (p->mft.n > 63)
        mirage__cfg_die("too many devices: %zu (Solo5 allows 63)", p->mft.n);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The application's sources: every *.c of the project but config.c. */
static void collect_sources(struct mirage__cfg_plan *p)
{
    DIR *dir = opendir(".");
    struct dirent *e;
    const char *conf = p->config_file;

    if (!dir)
        mirage__cfg_die("cannot list the project folder");
    if (strncmp(conf, "./", 2) == 0)
        conf += 2;
    while ((e = readdir(dir))) {
        size_t n = strlen(e->d_name);
        if (n < 3 || e->d_name[0] == '.' || strcmp(e->d_name + n - 2, ".c") ||
            strcmp(e->d_name, conf) == 0)
            continue;
        if (strpbrk(e->d_name, " \t\\$#:%*?\"'"))
            mirage__cfg_die("source '%s': its name cannot go in a Makefile",
                            e->d_name);
        mirage__cfg_vec_push(&p->srcs, mirage__cfg_strdup(e->d_name));
    }
    closedir(dir);
    if (p->srcs.n)
        qsort(p->srcs.v, p->srcs.n, sizeof *p->srcs.v, cmp_str);
}

static bool name_ok(const char *s)
{
    if (!s || !*s || strlen(s) > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return false;
    return true;
}

#define NAME_RULE "1 to 64 letters, digits, '-' or '_'"

void mirage__cfg_plan_libraries(const struct mirage__cfg_plan *p,
                                struct mirage__cfg_vec *out)
{
    const char *base[] = {"runtime", "rng", p->t->platform,
                          p->t->solo5 ? "nolibc" : NULL};

    for (size_t i = 0; i < p->libs.n; i++)
        mirage__cfg_vec_push(out, p->libs.v[i]);
    for (size_t i = 0; i < 4; i++) {
        bool seen = !base[i];
        for (size_t j = 0; j < out->n && !seen; j++)
            seen = strcmp(out->v[j], base[i]) == 0;
        if (!seen)
            mirage__cfg_vec_push(out, (void *)base[i]);
    }
}

/* A start function registered twice must take the same devices. */
static void check_jobs(const struct mirage__cfg_plan *p)
{
    for (size_t i = 0; i < p->jobs.n; i++)
        for (size_t j = i + 1; j < p->jobs.n; j++) {
            const struct mirage_job *a = p->jobs.v[i], *b = p->jobs.v[j];
            bool same = a->fn && b->fn && strcmp(a->fn, b->fn) == 0;
            if (!same)
                continue;
            bool eq = a->args.n == b->args.n;
            for (size_t k = 0; eq && k < a->args.n; k++)
                eq = ((struct mirage__cfg_dev *)a->args.v[k])->impl->kind ==
                     ((struct mirage__cfg_dev *)b->args.v[k])->impl->kind;
            if (!eq)
                mirage__cfg_die_at(b->file, b->line,
                                   "%s takes other devices at %s:%d", b->fn,
                                   a->file, a->line);
        }
}

void mirage__cfg_plan_make(struct mirage__cfg_plan *p, const char *file,
                           int line, const char *name,
                           struct mirage__job_set jobs)
{
    const struct mirage__cfg_cli *cli = mirage__cfg_cli_self();

    memset(p, 0, sizeof *p);
    if (!name_ok(name))
        mirage__cfg_die_at(file, line, "unikernel name '%s': " NAME_RULE,
                           name ? name : "");
    if (cli->output && !name_ok(cli->output))
        mirage__cfg_die("-o '%s': a unikernel name has " NAME_RULE,
                        cli->output);
    p->name = cli->output ? cli->output : name;
    p->target = cli->target;
    p->t = &mirage__cfg_targets[p->target];
    p->config_file = cli->file;
    p->prefix = getenv("MIRAGE_PREFIX");
    for (size_t i = 0; jobs.v[i]; i++) {
        struct mirage_job *j = jobs.v[i];
        if (mirage__cfg_vec_has(&p->jobs, j))
            continue;
        snprintf(j->var, sizeof j->var, "job%zu", p->jobs.n);
        mirage__cfg_vec_push(&p->jobs, j);
        for (size_t a = 0; a < j->args.n; a++)
            visit(p, j->args.v[a]);
    }
    check_jobs(p);
    name_devices(p);
    for (size_t i = 0; i < p->jobs.n; i++) {
        struct mirage_job *j = p->jobs.v[i];
        for (size_t k = 0; k < j->keys.n; k++)
            add_key(p, j->keys.v[k]);
    }
    collect_manifest(p);
    collect_crunch(p);
    collect_sources(p);
}

char *mirage__cfg_artefact(const struct mirage__cfg_plan *p)
{
    return mirage__cfg_fmt("dist/%s%s", p->name, p->t->ext);
}

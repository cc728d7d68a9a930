/* SPDX-License-Identifier: ISC */
/* Generates mirage/main.c: the app description, device wiring and job calls. */
#include "cfg_priv.h"

#include <stdlib.h>
#include <string.h>

#define ADD mirage__cfg_buf_add

static size_t real_jobs(const struct mirage__cfg_plan *p)
{
    size_t n = 0;

    for (size_t i = 0; i < p->jobs.n; i++)
        n += ((struct mirage_job *)p->jobs.v[i])->fn != NULL;
    return n;
}

/* The libraries linked, as app_info reports them. */
static void gen_libs(const struct mirage__cfg_plan *p,
                     struct mirage__cfg_buf *b)
{
    struct mirage__cfg_vec all = {0};

    mirage__cfg_plan_libraries(p, &all);
    ADD(b, "static const struct mirage_lib_info mirage__libs[] = {\n");
    for (size_t i = 0; i < all.n; i++)
        ADD(b, "    {\"%s\", \"%s\"},\n", (char *)all.v[i], MIRAGE_VERSION);
    ADD(b, "};\n\n");
    free(all.v);
}

static void gen_connect_one(const struct mirage__cfg_dev *d,
                            struct mirage__cfg_buf *b)
{
    char *args[MIRAGE__MAX_DEPS + MIRAGE__MAX_CARGS + 1], acc[96];
    size_t n = 0;

    if (d->impl->expr) {
        ADD(b, "    mirage__%s = %s;\n", d->var, d->impl->expr);
        return;
    }
    for (size_t i = 0; i < d->ndeps; i++)
        args[n++] = mirage__cfg_fmt("mirage__%s", d->deps[i]->var);
    for (size_t i = 0; i < d->ncargs; i++) {
        const struct mirage__cfg_carg *c = &d->cargs[i];
        struct mirage__cfg_buf lit = {0};
        if (c->type == MIRAGE__CARG_STRING) {
            mirage__cfg_buf_quote(&lit, c->s);
        } else if (c->type == MIRAGE__CARG_EXPR) {
            ADD(&lit, "%s", c->s);
        } else if (c->type == MIRAGE__CARG_INT) {
            ADD(&lit, "%lld", c->i);
        } else {
            mirage__cfg_key_accessor(c->key, acc, sizeof acc);
            ADD(&lit, "%s()", acc);
        }
        args[n++] = lit.p;
    }
    args[n++] = mirage__cfg_fmt("&mirage__%s", d->var);
    char *head = mirage__cfg_fmt("err = %s", d->impl->connect);
    ADD(b, "    ");
    mirage__cfg_buf_call(b, 4, head, args, n, ");");
    ADD(b, "\n    if (err < 0)\n");
    ADD(b, "        return mirage__failed(\"%s (%s)\", err);\n", d->var,
        d->impl->name);
    free(head);
    for (size_t i = 0; i < n; i++)
        free(args[i]);
}

/* The images of the crunch devices, defined by mirage/crunch_<id>.c. */
static void gen_crunch_externs(const struct mirage__cfg_plan *p,
                               struct mirage__cfg_buf *b)
{
    for (size_t i = 0; i < p->crunch.n; i++) {
        char *id = mirage__cfg_crunch_id(
            ((struct mirage__cfg_dev *)p->crunch.v[i])->crunch);
        if (i == 0)
            ADD(b, "/* Folders embedded by mirage-crunch (see the Makefile). "
                   "*/\n");
        ADD(b, "extern const struct mirage_kv_crunch_image mirage_crunch_%s;\n",
            id);
        free(id);
    }
    if (p->crunch.n)
        ADD(b, "\n");
}

static void gen_devices(const struct mirage__cfg_plan *p,
                        struct mirage__cfg_buf *b)
{
    bool can_fail = false;

    if (p->devs.n == 0)
        return;
    gen_crunch_externs(p, b);
    ADD(b, "/* The devices, connected once each, dependencies first. */\n");
    for (size_t i = 0; i < p->devs.n; i++) {
        const struct mirage__cfg_dev *d = p->devs.v[i];
        const char *t = mirage__cfg_kinds[d->impl->kind].c_type;
        size_t n = strlen(t);
        ADD(b, "static %s%smirage__%s;\n", t, t[n - 1] == '*' ? "" : " ",
            d->var);
        can_fail |= d->impl->expr == NULL;
    }
    ADD(b, "\n");
    if (can_fail) {
        ADD(b, "static MIRAGE_LOG_SRC(mirage__log, \"main\",\n"
               "                      \"the device wiring in mirage/main.c\");"
               "\n\n");
        ADD(b, "static int mirage__failed(const char *dev, int err)\n{\n");
        ADD(b, "    mirage_log_err(&mirage__log, \"cannot connect %%s: %%s\", "
               "dev,\n                   mirage_strerror(err));\n");
        ADD(b, "    return err;\n}\n\n");
    }
    ADD(b, "static int mirage__connect(void)\n{\n");
    if (can_fail)
        ADD(b, "    int err;\n\n");
    for (size_t i = 0; i < p->devs.n; i++)
        gen_connect_one(p->devs.v[i], b);
    ADD(b, "    return 0;\n}\n\n");
}

/* "    LHS FN(devices...);" for job j. */
static void gen_call(const struct mirage_job *j, const char *lhs,
                     struct mirage__cfg_buf *b)
{
    char **args = mirage__cfg_alloc((j->args.n + 1) * sizeof *args);
    char *head = mirage__cfg_fmt("%s%s", lhs, j->fn);

    for (size_t i = 0; i < j->args.n; i++)
        args[i] = mirage__cfg_fmt(
            "mirage__%s", ((struct mirage__cfg_dev *)j->args.v[i])->var);
    ADD(b, "    ");
    mirage__cfg_buf_call(b, 4, head, args, j->args.n, ");");
    ADD(b, "\n");
    for (size_t i = 0; i < j->args.n; i++)
        free(args[i]);
    free(args);
    free(head);
}

/* Several jobs run side by side, each in its own fiber, as Lwt.join. */
static void gen_job_fibers(const struct mirage__cfg_plan *p,
                           struct mirage__cfg_buf *b, size_t n)
{
    size_t k = 0;

    ADD(b, "static int mirage__status[%zu];\n\n", n);
    for (size_t i = 0; i < p->jobs.n; i++) {
        const struct mirage_job *j = p->jobs.v[i];
        if (!j->fn)
            continue;
        ADD(b, "static void mirage__run_%s(void *arg)\n{\n    (void)arg;\n",
            j->var);
        char *lhs = mirage__cfg_fmt("mirage__status[%zu] = ", k++);
        gen_call(j, lhs, b);
        ADD(b, "}\n\n");
        free(lhs);
    }
    ADD(b,
        "static const struct {\n    mirage_fiber_fn fn;\n"
        "    const char *name;\n} mirage__jobs[%zu] = {\n",
        n);
    for (size_t i = 0; i < p->jobs.n; i++) {
        const struct mirage_job *j = p->jobs.v[i];
        if (j->fn)
            ADD(b, "    {mirage__run_%s, \"%s\"},\n", j->var, j->fn);
    }
    ADD(b, "};\n\n");
}

static void gen_start_fibers(struct mirage__cfg_buf *b, size_t n)
{
    ADD(b, "    struct mirage_fiber *f[%zu];\n    size_t n;\n\n", n);
    ADD(b, "    for (n = 0; n < %zu; n++) {\n", n);
    ADD(b, "        struct mirage_fiber_attr attr = {256 * 1024, "
           "mirage__jobs[n].name};\n");
    ADD(b,
        "        err = mirage_fiber_create(&f[n], &attr, mirage__jobs[n].fn, "
        "NULL);\n");
    ADD(b, "        if (err < 0)\n            break;\n    }\n");
    ADD(b, "    for (size_t i = 0; i < n; i++)\n");
    ADD(b, "        mirage_fiber_join(f[i]);\n");
    ADD(b, "    if (err < 0)\n        return err;\n");
    ADD(b, "    for (size_t i = 0; i < %zu; i++)\n", n);
    ADD(b, "        if (mirage__status[i] != 0)\n"
           "            return mirage__status[i];\n");
    ADD(b, "    return 0;\n");
}

static void gen_start(const struct mirage__cfg_plan *p,
                      struct mirage__cfg_buf *b)
{
    size_t n = real_jobs(p);

    if (n > 1)
        gen_job_fibers(p, b, n);
    ADD(b, "static int mirage__start(void)\n{\n");
    if (p->devs.n)
        ADD(b, "    int err = mirage__connect();\n\n"
               "    if (err < 0)\n        return err;\n");
    else if (n > 1)
        ADD(b, "    int err = 0;\n\n");
    if (n > 1) {
        gen_start_fibers(b, n);
    } else {
        for (size_t i = 0; i < p->jobs.n; i++) {
            const struct mirage_job *j = p->jobs.v[i];
            if (!j->fn)
                continue;
            gen_call(j, "return ", b);
        }
        if (n == 0)
            ADD(b, "    return 0;\n");
    }
    ADD(b, "}\n\n");
}

/* <mirage.h>, the headers declaring the devices' connect functions, and
 * keys.h (which declares the devices' types). */
static void gen_includes(const struct mirage__cfg_plan *p,
                         struct mirage__cfg_buf *b)
{
    struct mirage__cfg_vec hs = {0};

    ADD(b, "#include <mirage.h>\n");
    for (size_t i = 0; i < p->devs.n; i++) {
        const char *h = ((struct mirage__cfg_dev *)p->devs.v[i])->impl->header;
        bool seen = !h;
        for (size_t j = 0; j < hs.n && !seen; j++)
            seen = strcmp(hs.v[j], h) == 0;
        if (!seen)
            mirage__cfg_vec_push(&hs, (void *)h);
    }
    for (size_t i = 0; i < hs.n; i++)
        ADD(b, "#include <%s>\n", (char *)hs.v[i]);
    ADD(b, "\n#include \"keys.h\"\n\n");
    free(hs.v);
}

void mirage__cfg_gen_main(const struct mirage__cfg_plan *p,
                          struct mirage__cfg_buf *b)
{
    ADD(b, "/* SPDX-License-Identifier: ISC */\n");
    ADD(b, "/* Generated by mirage configure: %s for %s.  Do not edit. */\n",
        p->name, p->t->name);
    gen_includes(p, b);
    gen_libs(p, b);
    gen_devices(p, b);
    gen_start(p, b);
    ADD(b, "static const struct mirage_app mirage__app = {\n");
    ADD(b, "    .name = ");
    mirage__cfg_buf_quote(b, p->name);
    ADD(b, ",\n    .keys = mirage_app_keys,\n");
    ADD(b, "    .nkeys = MIRAGE_APP_NKEYS,\n");
    ADD(b, "    .libs = mirage__libs,\n");
    ADD(b, "    .nlibs = sizeof mirage__libs / sizeof mirage__libs[0],\n");
    ADD(b, "    .start = mirage__start,\n};\n\n");
    ADD(b, "int mirage_app_main(int argc, char **argv)\n{\n");
    ADD(b, "    return mirage_main(&mirage__app, argc, argv);\n}\n");
}

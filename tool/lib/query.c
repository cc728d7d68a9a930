/* SPDX-License-Identifier: ISC */
/* `mirage query`: one generated file or fact on stdout, nothing written. */
#include "cfg_priv.h"

#include <stdlib.h>
#include <string.h>

#define ADD mirage__cfg_buf_add

static void files(const struct mirage__cfg_plan *p, struct mirage__cfg_buf *b)
{
    ADD(b, "Makefile\n%s\nmirage/main.c\nmirage/keys.c\nmirage/keys.h\n",
        MIRAGE__CONTEXT);
    if (p->t->solo5)
        ADD(b, "mirage/manifest.json\nmirage/manifest.c\n");
}

static void libraries(const struct mirage__cfg_plan *p,
                      struct mirage__cfg_buf *b)
{
    struct mirage__cfg_vec libs = {0};

    mirage__cfg_plan_libraries(p, &libs);
    for (size_t i = 0; i < libs.n; i++)
        ADD(b, "%s\n", (char *)libs.v[i]);
    free(libs.v);
}

static void keys(const struct mirage__cfg_plan *p, struct mirage__cfg_buf *b)
{
    for (size_t i = 0; i < p->keys.n; i++) {
        mirage__cfg_describe_key(p->keys.v[i], b);
        ADD(b, "\n");
    }
}

static void manifest(const struct mirage__cfg_plan *p,
                     struct mirage__cfg_buf *b, bool c)
{
    if (!p->t->solo5)
        mirage__cfg_die("target %s has no manifest (hvt and spt have one)",
                        p->t->name);
    if (c)
        mirage__cfg_gen_manifest_c(p, b);
    else
        mirage__cfg_gen_manifest_json(p, b);
}

void mirage__cfg_query(const struct mirage__cfg_plan *p, const char *what,
                       struct mirage__cfg_buf *b)
{
    if (!what || strcmp(what, "libraries") == 0)
        libraries(p, b);
    else if (strcmp(what, "name") == 0)
        ADD(b, "%s\n", p->name);
    else if (strcmp(what, "files") == 0)
        files(p, b);
    else if (strcmp(what, "keys") == 0)
        keys(p, b);
    else if (strcmp(what, "Makefile") == 0)
        mirage__cfg_gen_makefile(p, b);
    else if (strcmp(what, "main.c") == 0)
        mirage__cfg_gen_main(p, b);
    else if (strcmp(what, "keys.c") == 0)
        mirage__cfg_gen_keys_c(p, b);
    else if (strcmp(what, "keys.h") == 0)
        mirage__cfg_gen_keys_h(p, b);
    else if (strcmp(what, "manifest") == 0 ||
             strcmp(what, "manifest.json") == 0)
        manifest(p, b, false);
    else if (strcmp(what, "manifest.c") == 0)
        manifest(p, b, true);
    else
        mirage__cfg_die("cannot query '%s' (expected name, libraries, files, "
                        "keys, Makefile, main.c, keys.c, keys.h, manifest, "
                        "manifest.c)",
                        what);
}

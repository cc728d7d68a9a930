/* SPDX-License-Identifier: ISC */
/* Generates the project's Makefile, which includes the target's fragment. */
#include "cfg_priv.h"

#include <stdlib.h>
#include <string.h>

#define ADD mirage__cfg_buf_add

/*
 * Each crunch store is made again when anything in its folder is newer
 * than the generated source: a file written, or a folder whose entries
 * changed (a file added, removed or renamed).  find only has to say
 * whether there is one, so names with spaces cannot confuse make.
 */
static void gen_crunch(const struct mirage__cfg_plan *p,
                       struct mirage__cfg_buf *b)
{
    for (size_t i = 0; i < p->crunch.n; i++) {
        const char *dir = ((struct mirage__cfg_dev *)p->crunch.v[i])->crunch;
        char *id = mirage__cfg_crunch_id(dir);
        ADD(b, "\n# crunch(\"%s\"): the folder embedded in the image.\n", dir);
        ADD(b,
            "MIRAGE_CRUNCH_%s := $(if $(wildcard mirage/crunch_%s.c),"
            "$(shell find %s -newer mirage/crunch_%s.c -print -quit),new)\n",
            id, id, dir, id);
        ADD(b, "mirage/crunch_%s.c: $(if $(MIRAGE_CRUNCH_%s),mirage-crunch)\n",
            id, id);
        ADD(b,
            "\t$(MIRAGE_PREFIX)/bin/mirage-crunch -n %s -o mirage/crunch_%s "
            "%s\n",
            id, id, dir);
        free(id);
    }
    if (p->crunch.n)
        ADD(b, "\n.PHONY: mirage-crunch\nmirage-crunch:\n");
}

void mirage__cfg_gen_makefile(const struct mirage__cfg_plan *p,
                              struct mirage__cfg_buf *b)
{
    const char *prefix = p->prefix;

    if (!prefix || !*prefix)
        mirage__cfg_die("MIRAGE_PREFIX is not set (run config.exe through "
                        "the mirage tool)");
    if (strpbrk(prefix, " \t\n\\#$"))
        mirage__cfg_die("the installation path '%s' cannot go in a Makefile",
                        prefix);
    ADD(b, "%s: %s for %s.  Do not edit.\n", MIRAGE__MAKEFILE_MARK, p->name,
        p->t->name);
    char *artefact = mirage__cfg_artefact(p);
    ADD(b, "# 'mirage build' or 'make' builds %s.\n", artefact);
    free(artefact);
    ADD(b, "MIRAGE_PREFIX := %s\n", prefix);
    ADD(b, "MIRAGE_TARGET := %s\n", p->t->name);
    ADD(b, "MIRAGE_NAME   := %s\n", p->name);
    ADD(b, "MIRAGE_SRCS   :=");
    for (size_t i = 0; i < p->srcs.n; i++)
        ADD(b, " %s", (char *)p->srcs.v[i]);
    ADD(b, " mirage/main.c mirage/keys.c%s",
        p->t->solo5 ? " mirage/manifest.c" : "");
    for (size_t i = 0; i < p->crunch.n; i++) {
        char *id = mirage__cfg_crunch_id(
            ((struct mirage__cfg_dev *)p->crunch.v[i])->crunch);
        ADD(b, " mirage/crunch_%s.c", id);
        free(id);
    }
    ADD(b, "\n");
    ADD(b, "MIRAGE_LIBS   :=");
    for (size_t i = 0; i < p->libs.n; i++)
        ADD(b, " %s", (char *)p->libs.v[i]);
    ADD(b, "\ninclude $(MIRAGE_PREFIX)/share/mirage/$(MIRAGE_TARGET).mk\n");
    gen_crunch(p, b);
}

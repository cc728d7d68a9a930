/* SPDX-License-Identifier: ISC */
/* Generates the project's Makefile, which includes the target's fragment. */
#include "cfg_priv.h"

#include <stdlib.h>
#include <string.h>

#define ADD mirage__cfg_buf_add

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
    ADD(b, " mirage/main.c mirage/keys.c%s\n",
        p->t->solo5 ? " mirage/manifest.c" : "");
    ADD(b, "MIRAGE_LIBS   :=");
    for (size_t i = 0; i < p->libs.n; i++)
        ADD(b, " %s", (char *)p->libs.v[i]);
    ADD(b, "\ninclude $(MIRAGE_PREFIX)/share/mirage/$(MIRAGE_TARGET).mk\n");
}

/* SPDX-License-Identifier: ISC */
/* What configure, build and clean do to the project folder. */
#include "cfg_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A Makefile someone wrote by hand is never overwritten or removed. */
static bool makefile_is_ours(void)
{
    char *text = mirage__cfg_read_file("Makefile", NULL);
    bool ours;

    if (!text)
        return true;
    ours = strncmp(text, MIRAGE__MAKEFILE_MARK,
                   strlen(MIRAGE__MAKEFILE_MARK)) == 0;
    free(text);
    return ours;
}

void mirage__cfg_clean(void)
{
    mirage__cfg_remove("mirage");
    mirage__cfg_remove("dist");
    mirage__cfg_remove("_build");
    if (makefile_is_ours())
        mirage__cfg_remove("Makefile");
}

static void write_gen(const struct mirage__cfg_plan *p, const char *path,
                      void (*gen)(const struct mirage__cfg_plan *,
                                  struct mirage__cfg_buf *))
{
    struct mirage__cfg_buf b = {0};

    gen(p, &b);
    mirage__cfg_write_if_changed(path, &b);
    mirage__cfg_buf_free(&b);
}

/* How to run the artefact, with an option per manifest device. */
static char *run_hint(const struct mirage__cfg_plan *p)
{
    struct mirage__cfg_buf b = {0};
    char *artefact = mirage__cfg_artefact(p);

    if (!p->t->runner[0]) {
        mirage__cfg_buf_add(&b, "./%s", artefact);
    } else {
        mirage__cfg_buf_add(&b, "%s", p->t->runner);
        for (size_t i = 0; i < p->mft.n; i++) {
            const struct mirage__cfg_mft *m = p->mft.v[i];
            mirage__cfg_buf_add(&b,
                                m->type == MIRAGE__MFT_NET ? " --net:%s=TAP"
                                                           : " --block:%s=FILE",
                                m->name);
        }
        mirage__cfg_buf_add(&b, " %s", artefact);
    }
    free(artefact);
    return b.p;
}

int mirage__cfg_configure(const struct mirage__cfg_plan *p, bool quiet)
{
    struct mirage__cfg_buf ctx = {0};

    if (!makefile_is_ours())
        mirage__cfg_die("there is a Makefile mirage did not write; move it "
                        "away first");
    mirage__cfg_mkdir("mirage");
    write_gen(p, "mirage/main.c", mirage__cfg_gen_main);
    write_gen(p, "mirage/keys.c", mirage__cfg_gen_keys_c);
    write_gen(p, "mirage/keys.h", mirage__cfg_gen_keys_h);
    if (p->t->solo5) {
        write_gen(p, "mirage/manifest.json", mirage__cfg_gen_manifest_json);
        write_gen(p, "mirage/manifest.c", mirage__cfg_gen_manifest_c);
    } else {
        mirage__cfg_remove("mirage/manifest.json");
        mirage__cfg_remove("mirage/manifest.c");
    }
    write_gen(p, "Makefile", mirage__cfg_gen_makefile);
    mirage__cfg_buf_add(&ctx, "# The arguments of 'mirage configure', "
                              "reused by build, query and describe.\n");
    mirage__cfg_cli_context(mirage__cfg_cli_self(), &ctx);
    mirage__cfg_write_if_changed(MIRAGE__CONTEXT, &ctx);
    mirage__cfg_buf_free(&ctx);
    if (!quiet)
        printf("Configured %s for %s. Next: 'mirage build' (or 'make').\n",
               p->name, p->t->name);
    return 0;
}

int mirage__cfg_build(const struct mirage__cfg_plan *p)
{
    char *argv[] = {"make", "--no-print-directory", NULL};

    if (!mirage__cfg_cli_self()->configured)
        mirage__cfg_die("not configured: run 'mirage configure' first");
    mirage__cfg_configure(p, true);
    int status = mirage__cfg_run(argv);
    if (status != 0)
        mirage__cfg_die("the build failed (make exited with status %d)",
                        status);
    char *artefact = mirage__cfg_artefact(p), *hint = run_hint(p);
    printf("Built %s. Run it with: %s\n", artefact, hint);
    free(artefact);
    free(hint);
    return 0;
}

/* SPDX-License-Identifier: ISC */
/* --help: the manual page of a unikernel's boot arguments. */
#include "runtime_priv.h"

#include <stdio.h>
#include <string.h>

#define WIDTH 80
#define INDENT_OPT 7
#define INDENT_DOC 11

/* Prints text word-wrapped to WIDTH columns, each line indented. */
static void wrap(const char *text, int indent)
{
    const char *p = text;
    int col = 0;

    while (*p) {
        size_t word;
        while (*p == ' ')
            p++;
        word = strcspn(p, " ");
        if (word == 0)
            break;
        if (col > 0 && col + 1 + (int)word > WIDTH) {
            mirage__printf("\n");
            col = 0;
        }
        if (col == 0)
            mirage__printf("%*s%.*s", indent, "", (int)word, p);
        else
            mirage__printf(" %.*s", (int)word, p);
        col += (col == 0 ? indent : 1) + (int)word;
        p += word;
    }
    if (col > 0)
        mirage__printf("\n");
}

/* One option: its synopsis line, then its doc, then a blank line. */
static void item(const char *synopsis, const char *doc)
{
    mirage__printf("%*s%s\n", INDENT_OPT, "", synopsis);
    if (doc && *doc)
        wrap(doc, INDENT_DOC);
    mirage__printf("\n");
}

static void key_item(const struct mirage_key *k)
{
    char type[64], line[512];
    const char *docv = k->docv ? k->docv : "VALUE";

    mirage_key_type_name(k, type, sizeof(type));
    if (k->type == MIRAGE_KEY_BOOL)
        snprintf(line, sizeof(line), "--%s[=%s] (%s, default %s)", k->name,
                 docv, type, k->default_text ? k->default_text : "false");
    else if (k->default_text)
        snprintf(line, sizeof(line), "--%s=%s (%s, default '%s')", k->name,
                 docv, type, k->default_text);
    else
        snprintf(line, sizeof(line), "--%s=%s (%s, required)", k->name, docv,
                 type);
    item(line, k->doc);
}

static void common_options(const char *name)
{
    char line[256];

    mirage__printf("COMMON OPTIONS\n");
    item("--delay=N (int, default 0)",
         "Wait N seconds before starting the unikernel.");
    snprintf(line, sizeof(line), "--name=NAME (string, default '%s')", name);
    item(line, "The name of this unikernel, as other programs see it "
               "(logs, monitoring).");
    item("--help[=FMT]", "Show this help and exit with status 63.");
    mirage__printf("LOG OPTIONS\n");
    item("-l LEVEL, --logs=LEVEL (default '*:info')",
         "Be more or less verbose.  LEVEL is a comma-separated list of "
         "[SRC:]LEVEL items, where LEVEL is one of quiet, app, error, "
         "warning, info or debug and SRC names a log source ('*' or no SRC "
         "means every source).  Example: -l '*:info,tcp:debug'.");
}

static void exit_status(const char *name)
{
    mirage__printf("EXIT STATUS\n");
    mirage__printf("%*s%s exits with:\n\n", INDENT_OPT, "", name);
    item("0", "on success (the unikernel's own status otherwise).");
    item("63", "after printing this help.");
    item("64", "on a bad boot argument; one line says why.");
    item("255", "on a fatal error (deadlock, fiber stack overflow, abort).");
}

void mirage__args_help(const struct mirage_app *app)
{
    const char *name = app->name ? app->name : "mirage";

    mirage__printf("NAME\n%*s%s - a Mirage/C unikernel\n\n", INDENT_OPT, "",
                   name);
    mirage__printf("SYNOPSIS\n%*s%s [OPTION]...\n\n", INDENT_OPT, "", name);
    mirage__printf("UNIKERNEL PARAMETERS\n");
    if (app->nkeys == 0)
        item("(none)", NULL);
    for (size_t i = 0; i < app->nkeys; i++)
        key_item(app->keys[i]);
    common_options(name);
    exit_status(name);
}

/* SPDX-License-Identifier: ISC */
/* Configure-time keys and the target: plain values for config.c to branch on.
 */
#include "cfg_priv.h"

#include <stdio.h>
#include <string.h>

struct mirage__cfg_vec mirage__cfg_conf_keys; /* struct mirage__cfg_conf_key */

/* Options of the mirage command line itself. */
static const char *const reserved[] = {"target", "file",    "output", "dot",
                                       "help",   "version", NULL};

enum mirage_target mirage_target(void)
{
    return mirage__cfg_cli_self()->target;
}

static struct mirage__cfg_conf_arg *given(const char *name)
{
    struct mirage__cfg_cli *cli = mirage__cfg_cli_self();

    for (size_t i = 0; i < cli->conf.n; i++) {
        struct mirage__cfg_conf_arg *a = cli->conf.v[i];
        if (strcmp(a->name, name) == 0)
            return a;
    }
    return NULL;
}

static struct mirage__cfg_conf_key *find(const char *name)
{
    for (size_t i = 0; i < mirage__cfg_conf_keys.n; i++) {
        struct mirage__cfg_conf_key *c = mirage__cfg_conf_keys.v[i];
        if (strcmp(c->key.name, name) == 0)
            return c;
    }
    return NULL;
}

/* A new key, with the value the command line gives it (if any). */
static struct mirage__cfg_conf_key *declare(const char *name, const char *doc,
                                            enum mirage_key_type type,
                                            const char *def)
{
    struct mirage__cfg_conf_key *c = mirage__cfg_alloc(sizeof *c);
    struct mirage__cfg_conf_arg *a = given(name);

    c->key = (struct mirage_key){.name = mirage__cfg_strdup(name),
                                 .doc = mirage__cfg_strdup(doc ? doc : ""),
                                 .type = type,
                                 .sep = ',',
                                 .default_text = mirage__cfg_strdup(def)};
    if (a) {
        a->used = true;
        if (!a->value && type != MIRAGE_KEY_BOOL)
            mirage__cfg_die("configure key '--%s' needs a value (--%s=VALUE)",
                            name, name);
        c->value = a->value ? a->value : "true";
    }
    mirage__cfg_vec_push(&mirage__cfg_conf_keys, c);
    return c;
}

/* Declares a key (or finds its earlier declaration) and parses its value
 * from the command line, or its default, into out. */
static void conf_value(const char *file, int line, const char *name,
                       const char *doc, enum mirage_key_type type,
                       const char *def, union mirage_key_value *out)
{
    struct mirage__cfg_conf_key *c;
    char why[256] = "";

    mirage__cfg_key_check_name(file, line, name, "configure key");
    for (size_t i = 0; reserved[i]; i++)
        if (strcmp(name, reserved[i]) == 0)
            mirage__cfg_die_at(file, line,
                               "configure key '%s': mirage already takes --%s",
                               name, name);
    c = find(name);
    if (c && c->key.type != type)
        mirage__cfg_die_at(file, line,
                           "configure key '%s' is declared twice with "
                           "different types",
                           name);
    if (!c)
        c = declare(name, doc, type, def);
    const char *text = c->value ? c->value : def;
    if (mirage_key_parse_value(&c->key, text, out, why, sizeof why) < 0) {
        if (c->value)
            mirage__cfg_die("configure key '--%s': %s", name, why);
        mirage__cfg_die_at(file, line, "configure key '%s': bad default: %s",
                           name, why);
    }
}

const char *mirage__conf_string(const char *file, int line, const char *name,
                                const char *def, const char *doc)
{
    union mirage_key_value v;

    if (!def)
        mirage__cfg_die_at(file, line, "configure key '%s': NULL default",
                           name ? name : "");
    conf_value(file, line, name, doc, MIRAGE_KEY_STRING, def, &v);
    return v.scalar.s;
}

bool mirage__conf_bool(const char *file, int line, const char *name, bool def,
                       const char *doc)
{
    union mirage_key_value v;

    conf_value(file, line, name, doc, MIRAGE_KEY_BOOL, def ? "true" : "false",
               &v);
    return v.scalar.b;
}

int mirage__conf_int(const char *file, int line, const char *name, int def,
                     const char *doc)
{
    union mirage_key_value v;
    char text[32];

    snprintf(text, sizeof text, "%d", def);
    conf_value(file, line, name, doc, MIRAGE_KEY_INT, text, &v);
    return (int)v.scalar.i;
}

void mirage__cfg_conf_check_unused(void)
{
    struct mirage__cfg_cli *cli = mirage__cfg_cli_self();
    struct mirage__cfg_buf known = {0};

    for (size_t i = 0; i < mirage__cfg_conf_keys.n; i++) {
        const struct mirage__cfg_conf_key *c = mirage__cfg_conf_keys.v[i];
        mirage__cfg_buf_add(&known, "%s--%s", i ? ", " : "", c->key.name);
    }
    for (size_t i = 0; i < cli->conf.n; i++) {
        const struct mirage__cfg_conf_arg *a = cli->conf.v[i];
        if (!a->used)
            mirage__cfg_die("unknown configure key '--%s' (%s declares %s)",
                            a->name, cli->file, known.len ? known.p : "none");
    }
    mirage__cfg_buf_free(&known);
}

/* SPDX-License-Identifier: ISC */
/* Runtime keys declared in config.c: checked here, emitted into mirage/keys.c.
 */
#include "cfg_priv.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct key_rec {
    struct mirage_key *key;
    const char *file;
    int line;
    bool device; /* declared by a device (shared by equal declarations) */
};
static struct mirage__cfg_vec all_keys; /* struct key_rec */

/* Boot arguments the runtime itself takes. */
static const char *const reserved[] = {"help",  "version", "logs", "l",
                                       "delay", "name",    NULL};

void mirage__cfg_key_check_name(const char *file, int line, const char *name,
                                const char *what)
{
    const char *s = name;

    if (!s || !*s)
        mirage__cfg_die_at(file, line, "%s: empty name", what);
    if (strlen(s) > 64)
        mirage__cfg_die_at(file, line, "%s '%s': name longer than 64", what, s);
    if (!(*s >= 'a' && *s <= 'z'))
        mirage__cfg_die_at(file, line,
                           "%s '%s': a name starts with a letter a-z", what, s);
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              (*s == '-' && s[1] != '-' && s[1] != '\0')))
            mirage__cfg_die_at(file, line,
                               "%s '%s': a name has only a-z, 0-9 and single "
                               "'-' inside",
                               what, name);
}

void mirage__cfg_key_accessor(const struct mirage_key *k, char *buf, size_t len)
{
    snprintf(buf, len, "key_%s", k->name);
    for (char *c = buf; *c; c++)
        if (*c == '-')
            *c = '_';
}

const char *mirage__cfg_key_ctype(const struct mirage_key *k)
{
    switch (k->type) {
    case MIRAGE_KEY_INT:
        return "int";
    case MIRAGE_KEY_INT64:
        return "int64_t";
    case MIRAGE_KEY_BOOL:
        return "bool";
    case MIRAGE_KEY_STRING:
    case MIRAGE_KEY_IPV4:
    case MIRAGE_KEY_IPV4_PREFIX:
        return "const char *";
    case MIRAGE_KEY_LIST:
        return "const struct mirage_key_list *";
    case MIRAGE_KEY_PAIR:
        return "const struct mirage_key_pair *";
    }
    return "?";
}

static struct mirage_key *new_key(const char *file, int line, const char *name,
                                  const char *doc, enum mirage_key_type type,
                                  struct mirage_key_opts o)
{
    mirage__cfg_key_check_name(file, line, name, "runtime key");
    for (size_t i = 0; reserved[i]; i++)
        if (strcmp(name, reserved[i]) == 0)
            mirage__cfg_die_at(file, line,
                               "runtime key '%s': the runtime already takes "
                               "--%s",
                               name, name);
    for (size_t i = 0; i < all_keys.n; i++) {
        const struct key_rec *r = all_keys.v[i];
        if (strcmp(r->key->name, name) == 0)
            mirage__cfg_die_at(file, line,
                               "runtime key '%s' is already declared at %s:%d",
                               name, r->file, r->line);
    }
    if (o.sep && type != MIRAGE_KEY_LIST && type != MIRAGE_KEY_PAIR)
        mirage__cfg_die_at(file, line,
                           "runtime key '%s': .sep is for list and pair keys",
                           name);
    struct mirage_key *k = mirage__cfg_alloc(sizeof *k);
    k->name = mirage__cfg_strdup(name);
    k->doc = mirage__cfg_strdup(doc ? doc : "");
    k->docv = o.docv ? mirage__cfg_strdup(o.docv) : NULL;
    k->type = type;
    k->sep = o.sep ? o.sep : ',';
    struct key_rec *r = mirage__cfg_alloc(sizeof *r);
    *r = (struct key_rec){k, file, line, false};
    mirage__cfg_vec_push(&all_keys, r);
    return k;
}

/* Sets the default (NULL for a required key) after checking it parses. */
static struct mirage_key *with_default(const char *file, int line,
                                       struct mirage_key *k, const char *text,
                                       struct mirage_key_opts o)
{
    union mirage_key_value v;
    char why[256] = "";

    if (o.required)
        return k;
    if (!text)
        mirage__cfg_die_at(file, line,
                           "runtime key '%s': no default (use .required = "
                           "true for a key without one)",
                           k->name);
    if (mirage_key_parse_value(k, text, &v, why, sizeof why) < 0)
        mirage__cfg_die_at(file, line, "runtime key '%s': bad default '%s': %s",
                           k->name, text, why);
    k->default_text = mirage__cfg_strdup(text);
    return k;
}

struct mirage_key *mirage__key_int(const char *file, int line, const char *name,
                                   int def, const char *doc,
                                   struct mirage_key_opts o)
{
    struct mirage_key *k = new_key(file, line, name, doc, MIRAGE_KEY_INT, o);
    char text[32];

    snprintf(text, sizeof text, "%d", def);
    return with_default(file, line, k, text, o);
}

struct mirage_key *mirage__key_int64(const char *file, int line,
                                     const char *name, int64_t def,
                                     const char *doc, struct mirage_key_opts o)
{
    struct mirage_key *k = new_key(file, line, name, doc, MIRAGE_KEY_INT64, o);
    char text[32];

    snprintf(text, sizeof text, "%" PRId64, def);
    return with_default(file, line, k, text, o);
}

struct mirage_key *mirage__key_bool(const char *file, int line,
                                    const char *name, bool def, const char *doc,
                                    struct mirage_key_opts o)
{
    struct mirage_key *k = new_key(file, line, name, doc, MIRAGE_KEY_BOOL, o);

    return with_default(file, line, k, def ? "true" : "false", o);
}

struct mirage_key *mirage__key_string(const char *file, int line,
                                      const char *name, const char *def,
                                      const char *doc, struct mirage_key_opts o)
{
    struct mirage_key *k = new_key(file, line, name, doc, MIRAGE_KEY_STRING, o);

    return with_default(file, line, k, def, o);
}

static void check_elem(const char *file, int line, const char *name,
                       enum mirage_key_type e)
{
    if (e != MIRAGE_KEY_INT && e != MIRAGE_KEY_INT64 && e != MIRAGE_KEY_BOOL &&
        e != MIRAGE_KEY_STRING)
        mirage__cfg_die_at(file, line,
                           "runtime key '%s': elements are MIRAGE_KEY_INT, "
                           "_INT64, _BOOL or _STRING",
                           name);
}

struct mirage_key *mirage__key_list(const char *file, int line,
                                    const char *name, enum mirage_key_type elem,
                                    const char *def, const char *doc,
                                    struct mirage_key_opts o)
{
    check_elem(file, line, name, elem);
    struct mirage_key *k = new_key(file, line, name, doc, MIRAGE_KEY_LIST, o);
    k->elem[0] = elem;
    return with_default(file, line, k, def, o);
}

struct mirage_key *mirage__key_pair(const char *file, int line,
                                    const char *name, enum mirage_key_type e1,
                                    enum mirage_key_type e2, const char *def,
                                    const char *doc, struct mirage_key_opts o)
{
    check_elem(file, line, name, e1);
    check_elem(file, line, name, e2);
    struct mirage_key *k = new_key(file, line, name, doc, MIRAGE_KEY_PAIR, o);
    k->elem[0] = e1;
    k->elem[1] = e2;
    return with_default(file, line, k, def, o);
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

struct mirage_key *mirage__cfg_device_key(const char *file, int line,
                                          const char *name,
                                          enum mirage_key_type type,
                                          const char *def, const char *doc,
                                          const char *docv)
{
    struct mirage_key_opts o = {.docv = docv, .required = def == NULL};

    for (size_t i = 0; i < all_keys.n; i++) {
        struct key_rec *r = all_keys.v[i];
        if (strcmp(r->key->name, name) != 0)
            continue;
        if (!r->device)
            mirage__cfg_die_at(file, line,
                               "runtime key '%s' of this device is already "
                               "declared at %s:%d",
                               name, r->file, r->line);
        if (r->key->type != type || !same_text(r->key->default_text, def))
            mirage__cfg_die_at(file, line,
                               "runtime key '%s' is also declared at %s:%d "
                               "with another default (give one device a "
                               ".group)",
                               name, r->file, r->line);
        return r->key;
    }
    struct mirage_key *k = new_key(file, line, name, doc, type, o);
    ((struct key_rec *)all_keys.v[all_keys.n - 1])->device = true;
    return with_default(file, line, k, def, o);
}

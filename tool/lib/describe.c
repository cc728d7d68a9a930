/* SPDX-License-Identifier: ISC */
/* `mirage describe`: the plan as text, or as a Graphviz graph. */
#include "cfg_priv.h"

#include <stdlib.h>
#include <string.h>

#define ADD mirage__cfg_buf_add
#define INDENT "           "

/* "--NAME[=DOCV] (TYPE, default TEXT): DOC" for a runtime key. */
void mirage__cfg_describe_key(const struct mirage_key *k,
                              struct mirage__cfg_buf *b)
{
    char t[64];
    bool text = k->type != MIRAGE_KEY_INT && k->type != MIRAGE_KEY_INT64 &&
                k->type != MIRAGE_KEY_BOOL;

    mirage_key_type_name(k, t, sizeof t);
    ADD(b, "--%s%s%s (%s", k->name, k->docv ? "=" : "", k->docv ? k->docv : "",
        t);
    if (!k->default_text)
        ADD(b, ", required");
    else if (text) {
        ADD(b, ", default ");
        mirage__cfg_buf_quote(b, k->default_text);
    } else
        ADD(b, ", default %s", k->default_text);
    ADD(b, ")%s%s", k->doc[0] ? ": " : "", k->doc);
}

static void section(struct mirage__cfg_buf *b, const char *title, size_t i)
{
    if (i == 0)
        ADD(b, "%-11s", title);
    else
        ADD(b, INDENT);
}

static void describe_conf(struct mirage__cfg_buf *b)
{
    for (size_t i = 0; i < mirage__cfg_conf_keys.n; i++) {
        const struct mirage__cfg_conf_key *c = mirage__cfg_conf_keys.v[i];
        section(b, "Configure", i);
        ADD(b, "--%s=%s (%s)%s%s\n", c->key.name,
            c->value ? c->value : c->key.default_text,
            c->value ? "given" : "default", c->key.doc[0] ? ": " : "",
            c->key.doc);
    }
}

/* The devices a device takes, then its settings: names as strings, keys
 * as --NAME, a crunched folder as its path (C expressions are left out). */
static void describe_args(const struct mirage__cfg_dev *d,
                          struct mirage__cfg_buf *b)
{
    const char *sep = "";

    for (size_t k = 0; k < d->ndeps; k++, sep = ", ")
        ADD(b, "%s%s", sep, d->deps[k]->var);
    if (d->crunch) {
        ADD(b, "%s", sep);
        mirage__cfg_buf_quote(b, d->crunch);
        sep = ", ";
    }
    for (size_t k = 0; k < d->ncargs; k++) {
        const struct mirage__cfg_carg *c = &d->cargs[k];
        const struct mirage__cfg_carg *next =
            k + 1 < d->ncargs ? &d->cargs[k + 1] : NULL;
        /* A key's name passed for messages says nothing the key does not. */
        if (c->type == MIRAGE__CARG_EXPR ||
            (c->type == MIRAGE__CARG_STRING && next &&
             next->type == MIRAGE__CARG_KEY &&
             strcmp(c->s, next->key->name) == 0))
            continue;
        ADD(b, "%s", sep);
        sep = ", ";
        if (c->type == MIRAGE__CARG_STRING)
            mirage__cfg_buf_quote(b, c->s);
        else if (c->type == MIRAGE__CARG_INT)
            ADD(b, "%lld", c->i);
        else
            ADD(b, "--%s", c->key->name);
    }
}

static void describe_graph(const struct mirage__cfg_plan *p,
                           struct mirage__cfg_buf *b)
{
    for (size_t i = 0; i < p->jobs.n; i++) {
        const struct mirage_job *j = p->jobs.v[i];
        section(b, "Jobs", i);
        ADD(b, "%s(", j->fn ? j->fn : "noop");
        for (size_t a = 0; a < j->args.n; a++)
            ADD(b, "%s%s", a ? ", " : "",
                ((struct mirage__cfg_dev *)j->args.v[a])->var);
        ADD(b, ")  %s:%d\n", j->file, j->line);
    }
    for (size_t i = 0; i < p->devs.n; i++) {
        const struct mirage__cfg_dev *d = p->devs.v[i];
        section(b, "Devices", i);
        ADD(b, "%s = %s(", d->var, d->impl->name);
        describe_args(d, b);
        ADD(b, ")  %s:%d\n", d->file, d->line);
    }
}

void mirage__cfg_describe(const struct mirage__cfg_plan *p,
                          struct mirage__cfg_buf *b)
{
    struct mirage__cfg_vec libs = {0};
    char *artefact = mirage__cfg_artefact(p);

    ADD(b, "%-11s%s\n%-11s%s\n%-11s%s\n", "Name", p->name, "Target", p->t->name,
        "Artefact", artefact);
    free(artefact);
    describe_conf(b);
    for (size_t i = 0; i < p->keys.n; i++) {
        section(b, "Keys", i);
        mirage__cfg_describe_key(p->keys.v[i], b);
        ADD(b, "\n");
    }
    describe_graph(p, b);
    mirage__cfg_plan_libraries(p, &libs);
    ADD(b, "%-11s", "Libraries");
    for (size_t i = 0; i < libs.n; i++)
        ADD(b, "%s%s", i ? " " : "", (char *)libs.v[i]);
    ADD(b, "\n");
    free(libs.v);
    for (size_t i = 0; p->t->solo5 && i < p->mft.n; i++) {
        const struct mirage__cfg_mft *m = p->mft.v[i];
        section(b, "Manifest", i);
        ADD(b, "%s (%s)\n", m->name,
            m->type == MIRAGE__MFT_NET ? "NET_BASIC" : "BLOCK_BASIC");
    }
}

static void dot_node(struct mirage__cfg_buf *b, const char *id,
                     const char *shape, const char *label)
{
    ADD(b, "  \"%s\" [shape=%s, label=", id, shape);
    mirage__cfg_buf_quote(b, label);
    ADD(b, "];\n");
}

void mirage__cfg_describe_dot(const struct mirage__cfg_plan *p,
                              struct mirage__cfg_buf *b)
{
    ADD(b, "digraph ");
    mirage__cfg_buf_quote(b, p->name);
    ADD(b, " {\n  rankdir=TB;\n  node [fontname=\"Helvetica\"];\n");
    for (size_t i = 0; i < p->jobs.n; i++) {
        const struct mirage_job *j = p->jobs.v[i];
        char *label = mirage__cfg_fmt("%s\n(job)", j->fn ? j->fn : "noop");
        dot_node(b, j->var, "box", label);
        free(label);
        for (size_t a = 0; a < j->args.n; a++)
            ADD(b, "  \"%s\" -> \"%s\" [label=\"%zu\"];\n", j->var,
                ((struct mirage__cfg_dev *)j->args.v[a])->var, a + 1);
    }
    for (size_t i = 0; i < p->devs.n; i++) {
        const struct mirage__cfg_dev *d = p->devs.v[i];
        char *label = mirage__cfg_fmt("%s\n%s", d->var, d->impl->name);
        dot_node(b, d->var, "ellipse", label);
        free(label);
        for (size_t k = 0; k < d->ndeps; k++)
            ADD(b, "  \"%s\" -> \"%s\";\n", d->var, d->deps[k]->var);
    }
    ADD(b, "}\n");
}

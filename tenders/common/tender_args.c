/* SPDX-License-Identifier: ISC */
/* Command-line parsing shared by mirage-hvt and mirage-spt. */

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tender.h"

static const struct {
    const char *prefix;
    enum tender_optkind kind;
} devopts[] = {
    {"--net:", TENDER_OPT_NET},
    {"--net-mac:", TENDER_OPT_NET_MAC},
    {"--block:", TENDER_OPT_BLOCK},
    {"--block-sector-size:", TENDER_OPT_SECTOR},
};

static int parse_mem(struct tender_opts *o, const char *v, struct tender_err *e)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (!isdigit((unsigned char)*v) || *end != '\0' || errno != 0 || n == 0)
        return tender_errf(e, "--mem: '%s' is not a size in MiB", v);
    o->mem_mib = n;
    o->mem_set = true;
    return 0;
}

/* "NAME=VALUE" after an option prefix. */
static int parse_devopt(struct tender_opts *o, enum tender_optkind kind,
                        const char *opt, const char *rest, struct tender_err *e)
{
    const char *eq = strchr(rest, '=');
    size_t n = eq ? (size_t)(eq - rest) : 0;
    if (eq == NULL || eq[1] == '\0')
        return tender_errf(e, "%s: expected NAME=VALUE", opt);
    if (n == 0 || n > SOLO5_MFT_NAME_MAX)
        return tender_errf(e, "%s: device name must have 1 to %d characters",
                           opt, SOLO5_MFT_NAME_MAX);
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)rest[i]))
            return tender_errf(e, "%s: device names use only A-Z, a-z, 0-9",
                               opt);
    if (o->ndev == TENDER_MAX_DEVOPTS)
        return tender_errf(e, "too many device options");
    struct tender_devopt *d = &o->dev[o->ndev++];
    d->kind = kind;
    memcpy(d->name, rest, n);
    d->name[n] = '\0';
    d->value = eq + 1;
    return 0;
}

static int parse_option(struct tender_opts *o, const char *a,
                        struct tender_err *e)
{
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
        o->help = true;
        return 0;
    }
    if (strcmp(a, "--version") == 0) {
        o->version = true;
        return 0;
    }
    if (strncmp(a, "--mem=", 6) == 0)
        return parse_mem(o, a + 6, e);
    if (strncmp(a, "--net-offload=", 14) == 0) {
        if (strcmp(a + 14, "on") != 0 && strcmp(a + 14, "off") != 0)
            return tender_errf(e, "--net-offload: '%s' is not on or off",
                               a + 14);
        o->net_offload_off = strcmp(a + 14, "off") == 0;
        return 0;
    }
    for (size_t i = 0; i < sizeof devopts / sizeof devopts[0]; i++) {
        size_t n = strlen(devopts[i].prefix);
        if (strncmp(a, devopts[i].prefix, n) == 0)
            return parse_devopt(o, devopts[i].kind, a, a + n, e);
    }
    return tender_errf(e, "unknown option '%s' (see --help)", a);
}

int tender_args_parse(struct tender_opts *o, int argc, char **argv,
                      struct tender_err *e)
{
    uint32_t target = o->target;
    memset(o, 0, sizeof *o);
    o->target = target;
    o->mem_mib = TENDER_DEFAULT_MEM_MIB;
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-')
            break;
        if (parse_option(o, a, e) < 0)
            return -1;
    }
    if (i < argc) {
        o->kernel = argv[i];
        o->kargc = argc - i - 1;
        o->kargv = argv + i + 1;
    }
    if (o->kernel == NULL && !o->help && !o->version)
        return tender_errf(e, "missing KERNEL (see --help)");
    return 0;
}

int tender_cmdline_build(const struct tender_opts *o, char *buf, size_t size,
                         struct tender_err *e)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < o->kargc; i++) {
        size_t n = strlen(o->kargv[i]);
        size_t sep = i > 0 ? 1 : 0;
        if (n + sep >= size - len)
            return tender_errf(e, "guest command line longer than %zu bytes",
                               size - 1);
        if (sep)
            buf[len++] = ' ';
        memcpy(buf + len, o->kargv[i], n + 1);
        len += n;
    }
    return 0;
}

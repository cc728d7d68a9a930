/* SPDX-License-Identifier: ISC */
/* Device options resolved against the manifest, then attached. */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tender.h"

/* The option that attaches an entry, for messages. */
static void how_to_attach(const struct solo5_mft_entry *ent, char *buf,
                          size_t size)
{
    if (ent->type == SOLO5_MFT_DEV_NET_BASIC)
        snprintf(buf, size, "--net:%s=TAP", ent->name);
    else
        snprintf(buf, size, "--block:%s=FILE", ent->name);
}

static int unknown_name(const struct solo5_mft *m, const char *name,
                        struct tender_err *e)
{
    char list[200] = "";
    size_t len = 0;
    for (unsigned i = 1; i < m->entries && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                i > 1 ? ", " : "", m->e[i].name);
    if (m->entries == 1)
        return tender_errf(e,
                           "no device named '%s': the image declares no "
                           "devices",
                           name);
    return tender_errf(e,
                       "no device named '%s' in the image (it declares: "
                       "%s)",
                       name, list);
}

static int parse_sector(const char *v, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    if (!isdigit((unsigned char)*v) || *end != '\0' || errno != 0 || n < 512 ||
        n > 32768 || (n & (n - 1)) != 0)
        return -1;
    *out = (unsigned)n;
    return 0;
}

static int apply(const struct tender_devopt *d,
                 const struct solo5_mft_entry *ent, struct tender_dev *dev,
                 struct tender_err *e)
{
    switch (d->kind) {
    case TENDER_OPT_NET:
    case TENDER_OPT_BLOCK:
        if (dev->attach != NULL)
            return tender_errf(e, "device '%s' attached twice", d->name);
        dev->attach = d->value;
        return 0;
    case TENDER_OPT_NET_MAC:
        if (tender_mac_parse(d->value, dev->mac) < 0)
            return tender_errf(e,
                               "--net-mac:%s: '%s' is not a unicast MAC "
                               "address xx:xx:xx:xx:xx:xx",
                               d->name, d->value);
        dev->have_mac = true;
        return 0;
    case TENDER_OPT_SECTOR:
        if (parse_sector(d->value, &dev->sector_size) < 0)
            return tender_errf(e,
                               "--block-sector-size:%s: '%s' is not a "
                               "power of two from 512 to 32768",
                               d->name, d->value);
        return 0;
    }
    (void)ent;
    return 0;
}

static uint32_t kind_type(enum tender_optkind k)
{
    return k == TENDER_OPT_NET || k == TENDER_OPT_NET_MAC
               ? SOLO5_MFT_DEV_NET_BASIC
               : SOLO5_MFT_DEV_BLOCK_BASIC;
}

int tender_devices_config(const struct tender_opts *o,
                          const struct solo5_mft *m, struct tender_dev *devs,
                          struct tender_err *e)
{
    for (unsigned i = 0; i < m->entries; i++)
        devs[i] = (struct tender_dev){.fd = -1};
    for (unsigned k = 0; k < o->ndev; k++) {
        const struct tender_devopt *d = &o->dev[k];
        int i = tender_mft_find(m, d->name);
        if (i < 0)
            return unknown_name(m, d->name, e);
        const struct solo5_mft_entry *ent = &m->e[i];
        if (ent->type != kind_type(d->kind)) {
            char how[100];
            how_to_attach(ent, how, sizeof how);
            return tender_errf(e, "device '%s' is %s, not %s; use %s", d->name,
                               tender_mft_type_name(ent->type),
                               tender_mft_type_name(kind_type(d->kind)), how);
        }
        if (apply(d, ent, &devs[i], e) < 0)
            return -1;
    }
    for (unsigned i = 1; i < m->entries; i++) {
        if (devs[i].attach != NULL)
            continue;
        char how[100];
        how_to_attach(&m->e[i], how, sizeof how);
        return tender_errf(e,
                           "device '%s' (%s) declared but not attached; "
                           "use %s",
                           m->e[i].name, tender_mft_type_name(m->e[i].type),
                           how);
    }
    return 0;
}

int tender_devices_attach(struct solo5_mft *m, struct tender_dev *devs,
                          struct tender_err *e)
{
    for (unsigned i = 1; i < m->entries; i++) {
        struct solo5_mft_entry *ent = &m->e[i];
        memset(&ent->u, 0, sizeof ent->u);
        int rc = ent->type == SOLO5_MFT_DEV_NET_BASIC
                     ? tender_net_attach(ent, &devs[i], e)
                     : tender_block_attach(ent, &devs[i], e);
        if (rc < 0)
            return -1;
        ent->b.pad = 0;
        ent->b.hostfd = devs[i].fd;
        ent->attached = 1;
        tender_net_remember(m, devs);
    }
    return 0;
}

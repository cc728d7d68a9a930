/* SPDX-License-Identifier: ISC */
/* libFuzzer harness: the tenders' ELF loader, note and manifest reader. */

#include <stdlib.h>
#include <string.h>

#include "tender.h"

#define GUEST_MEM (8ULL << 20)

static uint8_t *guest_mem;

static void check_message(const struct tender_err *e)
{
    /* Every refusal leaves a terminated, non-empty message. */
    if (memchr(e->msg, '\0', sizeof e->msg) == NULL || e->msg[0] == '\0')
        abort();
}

static void manifest(const struct tender_image *img)
{
    struct tender_err e;
    struct solo5_mft *m;
    if (tender_mft_load(img->mft, img->mft_size, &m, &e) < 0) {
        check_message(&e);
        return;
    }
    if (tender_mft_size(m) != img->mft_size)
        abort();
    struct tender_opts o = {.target = SOLO5_ABI_TARGET_HVT};
    struct tender_dev *devs = calloc(m->entries, sizeof *devs);
    if (tender_devices_config(&o, m, devs, &e) < 0)
        check_message(&e);
    for (unsigned i = 1; i < m->entries; i++)
        if (tender_mft_find(m, m->e[i].name) != (int)i)
            abort(); /* names are unique */
    free(devs);
    free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tender_image img;
    struct tender_err e;
    if (guest_mem == NULL)
        guest_mem = malloc(GUEST_MEM);
    if (tender_elf_parse(&img, data, size, &e) < 0) {
        check_message(&e);
        return 0;
    }
    if (img.mft < data || img.mft + img.mft_size > data + size)
        abort(); /* the manifest must lie inside the file */
    manifest(&img);
    if (tender_elf_check_abi(&img, SOLO5_ABI_TARGET_SPT, &e) < 0)
        check_message(&e);
    if (tender_elf_check_mem(&img, GUEST_MEM, &e) < 0) {
        check_message(&e);
        return 0;
    }
    struct tender_guest g = {.base = guest_mem, .size = GUEST_MEM};
    tender_elf_load(&img, &g);
    return 0;
}

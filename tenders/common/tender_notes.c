/* SPDX-License-Identifier: ISC */
/* Reader of the ELF notes: Solo5's ABI1 and MFT1, Mirage's NET1. */

#include <elf.h>
#include <string.h>

#include "tender.h"

/* Note header plus the padded owner name "Solo5\0\0\0". */
#define NOTE_HDR 12u
#define MFT1_PAD 4u /* descriptor starts at 20, struct mft wants 8 */

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static int take_abi1(struct tender_image *img, const uint8_t *desc,
                     uint32_t descsz, struct tender_err *e)
{
    if (img->abi_target != 0)
        return tender_errf(e, "more than one ABI1 note");
    if (descsz < sizeof(struct solo5_abi1_desc) ||
        descsz > SOLO5_NOTE_ABI1_MAX_DESCSZ)
        return tender_errf(e, "ABI1 note has a bad size (%u bytes)", descsz);
    img->abi_target = rd32(desc);
    img->abi_version = rd32(desc + 4);
    if (img->abi_target == 0)
        return tender_errf(e, "ABI1 note names no target");
    return 0;
}

static int take_mft1(struct tender_image *img, const uint8_t *desc,
                     uint32_t descsz, struct tender_err *e)
{
    if (img->mft != NULL)
        return tender_errf(e, "more than one MFT1 (manifest) note");
    if (descsz < MFT1_PAD + sizeof(struct solo5_mft) ||
        descsz > SOLO5_NOTE_MFT1_MAX_DESCSZ)
        return tender_errf(e,
                           "MFT1 (manifest) note has a bad size (%u "
                           "bytes)",
                           descsz);
    img->mft = desc + MFT1_PAD;
    img->mft_size = descsz - MFT1_PAD;
    return 0;
}

/* Mirage's NET1 note: the framings the guest's network stack accepts. */
static int take_net1(struct tender_image *img, const uint8_t *desc,
                     uint32_t descsz, struct tender_err *e)
{
    if (img->mirage_net1)
        return tender_errf(e, "more than one Mirage NET1 note");
    if (descsz < MIRAGE_NOTE_NET1_DESCSZ ||
        descsz > MIRAGE_NOTE_NET1_MAX_DESCSZ)
        return tender_errf(e, "Mirage NET1 note has a bad size (%u bytes)",
                           descsz);
    img->mirage_net1 = true;
    img->mirage_net = rd32(desc);
    return 0;
}

static bool owner_is(const uint8_t *name, uint32_t namesz, const char *owner)
{
    size_t n = strlen(owner) + 1;
    return namesz == n && memcmp(name, owner, n) == 0;
}

/* Takes one note at seg[off..len); sets *next to the following one. */
static int read_note(struct tender_image *img, const uint8_t *seg, uint64_t len,
                     uint64_t off, uint64_t *next, struct tender_err *e)
{
    if (len - off < NOTE_HDR) {
        /* Tolerate zero padding at the end of a note segment. */
        for (uint64_t k = off; k < len; k++)
            if (seg[k] != 0)
                return tender_errf(e, "truncated ELF note");
        *next = len;
        return 0;
    }
    uint32_t namesz = rd32(seg + off), descsz = rd32(seg + off + 4);
    uint32_t type = rd32(seg + off + 8);
    uint64_t name_pad = ((uint64_t)namesz + 3) & ~3ULL;
    uint64_t desc_pad = ((uint64_t)descsz + 3) & ~3ULL;
    uint64_t avail = len - off - NOTE_HDR;
    if (name_pad > avail || descsz > avail - name_pad)
        return tender_errf(e, "ELF note larger than its segment");
    *next = off + NOTE_HDR + name_pad +
            (desc_pad <= avail - name_pad ? desc_pad : descsz);
    const uint8_t *name = seg + off + NOTE_HDR;
    const uint8_t *desc = name + name_pad;
    if (owner_is(name, namesz, MIRAGE_NOTE_NAME))
        return type == MIRAGE_NOTE_NET1 ? take_net1(img, desc, descsz, e) : 0;
    if (!owner_is(name, namesz, SOLO5_NOTE_NAME))
        return 0; /* someone else's note (OpenBSD ident, GNU build id) */
    if (type == SOLO5_NOTE_ABI1)
        return take_abi1(img, desc, descsz, e);
    if (type == SOLO5_NOTE_MFT1)
        return take_mft1(img, desc, descsz, e);
    return 0;
}

static int read_segment(struct tender_image *img, unsigned i,
                        const Elf64_Phdr *p, struct tender_err *e)
{
    uint64_t end;
    if (__builtin_add_overflow(p->p_offset, p->p_filesz, &end) ||
        end > img->size)
        return tender_errf(e, "note segment %u beyond the end of the file", i);
    if (p->p_filesz < NOTE_HDR)
        return tender_errf(e, "note segment %u too small (%llu bytes)", i,
                           (unsigned long long)p->p_filesz);
    const uint8_t *seg = img->data + p->p_offset;
    for (uint64_t off = 0, next = 0; off < p->p_filesz; off = next) {
        if (read_note(img, seg, p->p_filesz, off, &next, e) < 0)
            return -1;
    }
    return 0;
}

int tender_notes_read(struct tender_image *img, struct tender_err *e)
{
    Elf64_Ehdr h;
    memcpy(&h, img->data, sizeof h); /* checked by tender_elf_parse */
    for (unsigned i = 0; i < h.e_phnum; i++) {
        Elf64_Phdr p;
        memcpy(&p, img->data + h.e_phoff + (uint64_t)i * sizeof p, sizeof p);
        if (p.p_type == PT_NOTE && read_segment(img, i, &p, e) < 0)
            return -1;
    }
    if (img->abi_target == 0)
        return tender_errf(e, "no Solo5 ABI1 note: not an hvt or spt "
                              "unikernel image");
    if (img->mft == NULL)
        return tender_errf(e, "no Solo5 MFT1 note: the image has no "
                              "manifest");
    return 0;
}

const char *tender_target_name(uint32_t target)
{
    switch (target) {
    case SOLO5_ABI_TARGET_HVT:
        return "hvt";
    case SOLO5_ABI_TARGET_SPT:
        return "spt";
    case SOLO5_ABI_TARGET_VIRTIO:
        return "virtio";
    case 4:
        return "muen";
    case 5:
        return "genode";
    case 6:
        return "xen";
    default:
        return "an unknown target";
    }
}

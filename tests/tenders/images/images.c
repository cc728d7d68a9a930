/* SPDX-License-Identifier: ISC */
/* A minimal valid hvt/spt image, built byte by byte, and its helpers. */

#include <elf.h>
#include <stdbool.h>
#include <string.h>

#include "images.h"
#include "images_priv.h"
#include "solo5/solo5_abi.h"

/* hvt: mov $RO_VADDR,%eax; mov $0x508,%dx; out %eax,%dx; hlt */
static const uint8_t code_hvt[] = {0xb8, 0x00, 0x10, 0x10, 0x00, 0x66,
                                   0xba, 0x08, 0x05, 0xef, 0xf4};
/* spt: mov $7,%edi; mov $231,%eax; syscall; hlt */
static const uint8_t code_spt[] = {0xbf, IMG_STATUS, 0, 0,    0,    0xb8, 0xe7,
                                   0,    0,          0, 0x0f, 0x05, 0xf4};

void img_put(struct img *im, size_t off, const void *p, size_t n)
{
    memcpy(im->buf + off, p, n);
}

void img_put32(struct img *im, size_t off, uint32_t v)
{
    img_put(im, off, &v, sizeof v);
}

void img_phdr(struct img *im, unsigned i, uint32_t type, uint32_t flags,
              uint64_t off, uint64_t vaddr, uint64_t filesz, uint64_t memsz,
              uint64_t align)
{
    Elf64_Phdr p = {
        .p_type = type,
        .p_flags = flags,
        .p_offset = off,
        .p_vaddr = vaddr,
        .p_paddr = vaddr,
        .p_filesz = filesz,
        .p_memsz = memsz,
        .p_align = align,
    };
    img_put(im, PH_OFF + i * sizeof p, &p, sizeof p);
}

/* Rewrites the manifest with n entries: the reserved one, then "dev1",
 * "dev2"... of type BLOCK_BASIC. */
void img_set_mft(struct img *im, unsigned n)
{
    uint32_t descsz = 4 + 8 + 104 * n;
    uint8_t *d = im->buf + MFT_NOTE;
    memset(d, 0, 20 + descsz);
    img_put32(im, MFT_NOTE, 6);
    img_put32(im, MFT_NOTE + 4, descsz);
    img_put32(im, MFT_NOTE + 8, SOLO5_NOTE_MFT1);
    memcpy(d + 12, "Solo5", 6);
    img_put32(im, MFT_HDR, SOLO5_MFT_VERSION);
    img_put32(im, MFT_HDR + 4, n);
    for (unsigned i = 0; i < n; i++) {
        size_t e = MFT_ENTRY(i);
        if (i == 0) {
            img_put32(im, e + 68, SOLO5_MFT_RESERVED_FIRST);
            continue;
        }
        char name[16];
        int len = 0;
        name[len++] = 'd', name[len++] = 'e', name[len++] = 'v';
        if (i >= 10)
            name[len++] = (char)('0' + i / 10);
        name[len++] = (char)('0' + i % 10);
        memcpy(im->buf + e, name, (size_t)len);
        img_put32(im, e + 68, SOLO5_MFT_DEV_BLOCK_BASIC);
    }
    uint64_t end = MFT_NOTE + 20 + descsz;
    img_phdr(im, 1, PT_LOAD, PF_R, RO_OFF, RO_VADDR, end - RO_OFF, end - RO_OFF,
             0x1000);
    img_phdr(im, 4, PT_NOTE, PF_R, MFT_NOTE, RO_VADDR + (MFT_NOTE - RO_OFF),
             20 + descsz, 20 + descsz, 8);
    im->size = end;
}

static void put_abi_note(struct img *im, uint32_t target)
{
    img_put32(im, ABI_NOTE, 6);
    img_put32(im, ABI_NOTE + 4, 16);
    img_put32(im, ABI_NOTE + 8, SOLO5_NOTE_ABI1);
    memcpy(im->buf + ABI_NOTE + 12, "Solo5", 6);
    img_put32(im, ABI_NOTE + 20, target);
    img_put32(im, ABI_NOTE + 24, SOLO5_ABI_VERSION);
}

void img_base(struct img *im, uint32_t target)
{
    memset(im, 0, sizeof *im);
    im->target = target;
    Elf64_Ehdr h = {
        .e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB,
                    EV_CURRENT},
        .e_type = ET_EXEC,
        .e_machine = EM_X86_64,
        .e_version = EV_CURRENT,
        .e_entry = TEXT_VADDR,
        .e_phoff = PH_OFF,
        .e_ehsize = sizeof(Elf64_Ehdr),
        .e_phentsize = sizeof(Elf64_Phdr),
        .e_phnum = 5,
    };
    img_put(im, 0, &h, sizeof h);
    bool hvt = target == SOLO5_ABI_TARGET_HVT;
    size_t csize = hvt ? sizeof code_hvt : sizeof code_spt;
    img_put(im, TEXT_OFF, hvt ? code_hvt : code_spt, csize);
    img_phdr(im, 0, PT_LOAD, PF_R | PF_X, TEXT_OFF, TEXT_VADDR, csize, csize,
             0x1000);
    img_phdr(im, 2, PT_LOAD, PF_R | PF_W, 0, BSS_VADDR, 0, 0x1000, 0x1000);
    img_phdr(im, 3, PT_NOTE, PF_R, ABI_NOTE, RO_VADDR + (ABI_NOTE - RO_OFF), 36,
             36, 4);
    img_put32(im, RO_OFF + 8, IMG_STATUS); /* struct hvt_hc_halt */
    put_abi_note(im, target);
    img_set_mft(im, 1);
}

/* SPDX-License-Identifier: ISC */
/* ELF64 image checks and loading, shared by mirage-hvt and mirage-spt. */

#include <elf.h>
#include <string.h>

#include "tender.h"

/* Reads a struct at an offset already checked against the file size. */
#define AT(img, off) ((const void *)((img)->data + (off)))

static bool add_ok(uint64_t a, uint64_t b, uint64_t *sum)
{
    return !__builtin_add_overflow(a, b, sum);
}

static int check_ident(const Elf64_Ehdr *h, size_t size, struct tender_err *e)
{
    if (memcmp(h->e_ident, ELFMAG, SELFMAG) != 0)
        return tender_errf(e, "not an ELF file (bad magic)");
    if (h->e_ident[EI_CLASS] != ELFCLASS64)
        return tender_errf(e, "not a 64-bit ELF file (class %u)",
                           h->e_ident[EI_CLASS]);
    if (h->e_ident[EI_DATA] != ELFDATA2LSB)
        return tender_errf(e, "not a little-endian ELF file");
    if (h->e_ident[EI_VERSION] != EV_CURRENT)
        return tender_errf(e, "unknown ELF version %u", h->e_ident[EI_VERSION]);
    if (h->e_type != ET_EXEC)
        return tender_errf(e, "not a static executable (ELF type %u)",
                           h->e_type);
    if (h->e_machine != EM_X86_64)
        return tender_errf(e, "wrong machine %u (want x86-64, 62)",
                           h->e_machine);
    if (h->e_ehsize != sizeof(Elf64_Ehdr) ||
        h->e_phentsize != sizeof(Elf64_Phdr))
        return tender_errf(e, "bad ELF header or program header size");
    if (h->e_phnum < 1 || h->e_phnum > TENDER_MAX_PHNUM)
        return tender_errf(e, "bad number of program headers (%u)", h->e_phnum);
    uint64_t end;
    if (!add_ok(h->e_phoff, (uint64_t)h->e_phnum * sizeof(Elf64_Phdr), &end) ||
        end > size)
        return tender_errf(e, "program headers beyond the end of the file");
    if (h->e_phoff % 8 != 0)
        return tender_errf(e, "misaligned program headers");
    if (h->e_entry < SOLO5_GUEST_MIN_BASE)
        return tender_errf(e, "entry point 0x%llx below 0x%llx",
                           (unsigned long long)h->e_entry,
                           SOLO5_GUEST_MIN_BASE);
    return 0;
}

/* Checks one PT_LOAD that has file data and appends it to img->seg. */
static int add_segment(struct tender_image *img, unsigned i,
                       const Elf64_Phdr *p, struct tender_err *e)
{
    uint64_t fend, vend, mend;
    if (!add_ok(p->p_offset, p->p_filesz, &fend) || fend > img->size)
        return tender_errf(e,
                           "segment %u: file data beyond the end of the "
                           "file",
                           i);
    if (p->p_vaddr < SOLO5_GUEST_MIN_BASE)
        return tender_errf(e, "segment %u: address 0x%llx below 0x%llx", i,
                           (unsigned long long)p->p_vaddr,
                           SOLO5_GUEST_MIN_BASE);
    if (p->p_filesz > p->p_memsz)
        return tender_errf(e,
                           "segment %u: file size larger than memory "
                           "size",
                           i);
    if (p->p_align == 0 || (p->p_align & (p->p_align - 1)) != 0)
        return tender_errf(e,
                           "segment %u: alignment %llu not a power of "
                           "two",
                           i, (unsigned long long)p->p_align);
    if (!add_ok(p->p_vaddr, p->p_memsz, &vend) ||
        !add_ok(vend, TENDER_PAGE - 1, &mend))
        return tender_errf(e, "segment %u: size 0x%llx too large", i,
                           (unsigned long long)p->p_memsz);
    if ((p->p_flags & PF_W) && (p->p_flags & PF_X))
        return tender_errf(e, "segment %u: writable and executable (W+X)", i);
    uint64_t start = p->p_vaddr & ~(TENDER_PAGE - 1);
    uint64_t end = mend & ~(TENDER_PAGE - 1);
    if (img->nseg > 0 && start < img->seg[img->nseg - 1].end)
        return tender_errf(e,
                           "segment %u: overlaps or precedes the previous "
                           "segment",
                           i);
    if (img->nseg == TENDER_MAX_SEGS)
        return tender_errf(e, "too many loadable segments (max %d)",
                           TENDER_MAX_SEGS);
    img->seg[img->nseg++] = (struct tender_seg){
        .vaddr = p->p_vaddr,
        .filesz = p->p_filesz,
        .memsz = p->p_memsz,
        .offset = p->p_offset,
        .start = start,
        .end = end,
        .flags = p->p_flags,
    };
    if (end > img->kernel_end)
        img->kernel_end = end;
    if (end > img->need_end)
        img->need_end = end;
    return 0;
}

/* Zero-size PT_LOADs (bss, an empty TLS template at address 0) are not
 * loaded, as in Solo5, but a bss end still tells how much memory the
 * guest needs. */
static int note_zero_segment(struct tender_image *img, unsigned i,
                             const Elf64_Phdr *p, struct tender_err *e)
{
    uint64_t end;
    if (p->p_memsz == 0 || p->p_vaddr < SOLO5_GUEST_MIN_BASE)
        return 0;
    if (!add_ok(p->p_vaddr, p->p_memsz, &end))
        return tender_errf(e, "segment %u: size 0x%llx too large", i,
                           (unsigned long long)p->p_memsz);
    if (end > img->need_end)
        img->need_end = end;
    return 0;
}

static int check_entry_in_text(const struct tender_image *img,
                               struct tender_err *e)
{
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct tender_seg *s = &img->seg[i];
        if ((s->flags & PF_X) && img->entry >= s->vaddr &&
            img->entry - s->vaddr < s->memsz)
            return 0;
    }
    return tender_errf(e,
                       "entry point 0x%llx is not in an executable "
                       "segment",
                       (unsigned long long)img->entry);
}

int tender_elf_parse(struct tender_image *img, const void *data, size_t size,
                     struct tender_err *e)
{
    memset(img, 0, sizeof *img);
    img->data = data;
    img->size = size;
    if (size < sizeof(Elf64_Ehdr))
        return tender_errf(e, "truncated ELF header (%zu bytes)", size);
    Elf64_Ehdr h;
    memcpy(&h, data, sizeof h);
    if (check_ident(&h, size, e) < 0)
        return -1;
    img->entry = h.e_entry;
    for (unsigned i = 0; i < h.e_phnum; i++) {
        Elf64_Phdr p;
        memcpy(&p, AT(img, h.e_phoff + (uint64_t)i * sizeof p), sizeof p);
        if (p.p_type != PT_LOAD)
            continue;
        int rc = p.p_filesz > 0 ? add_segment(img, i, &p, e)
                                : note_zero_segment(img, i, &p, e);
        if (rc < 0)
            return -1;
    }
    if (img->nseg == 0)
        return tender_errf(e, "no loadable segment");
    if (check_entry_in_text(img, e) < 0)
        return -1;
    return tender_notes_read(img, e);
}

int tender_elf_check_abi(const struct tender_image *img, uint32_t target,
                         struct tender_err *e)
{
    uint32_t t = img->abi_target;
    bool ours = t == SOLO5_ABI_TARGET_HVT || t == SOLO5_ABI_TARGET_SPT;
    if (t != target)
        return tender_errf(e,
                           "image is built for %s (ABI target %u), not "
                           "%s%s%s",
                           tender_target_name(t), t, tender_target_name(target),
                           ours ? ": run it with mirage-" : "",
                           ours ? tender_target_name(t) : "");
    if (img->abi_version != SOLO5_ABI_VERSION)
        return tender_errf(e,
                           "image has ABI version %u, this tender "
                           "supports version %d",
                           img->abi_version, SOLO5_ABI_VERSION);
    return 0;
}

int tender_elf_check_mem(const struct tender_image *img, uint64_t mem_size,
                         struct tender_err *e)
{
    if (img->entry >= mem_size)
        return tender_errf(e,
                           "entry point 0x%llx outside guest memory "
                           "(0x%llx bytes)",
                           (unsigned long long)img->entry,
                           (unsigned long long)mem_size);
    if (img->need_end > mem_size) {
        uint64_t mib = (img->need_end + (1ULL << 20) - 1) >> 20;
        return tender_errf(e,
                           "image needs %llu MiB of guest memory, %llu "
                           "MiB given (use --mem=%llu or more)",
                           (unsigned long long)mib,
                           (unsigned long long)(mem_size >> 20),
                           (unsigned long long)((mib + 1) & ~1ULL));
    }
    return 0;
}

void tender_elf_load(const struct tender_image *img, struct tender_guest *g)
{
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct tender_seg *s = &img->seg[i];
        uint8_t *dst =
            tender_guest_ptr(g, s->vaddr, s->memsz, TENDER_GUEST_READ);
        if (dst == NULL)
            continue; /* cannot happen after tender_elf_check_mem */
        memcpy(dst, img->data + s->offset, s->filesz);
        memset(dst + s->filesz, 0, s->memsz - s->filesz);
        if (!(s->flags & PF_W) && g->nro < TENDER_MAX_SEGS) {
            g->ro[g->nro].start = s->start;
            g->ro[g->nro].end = s->end;
            g->nro++;
        }
    }
}

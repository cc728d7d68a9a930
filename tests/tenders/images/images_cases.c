/* SPDX-License-Identifier: ISC */
/* The malformed (and the tricky but valid) images the tenders are fed. */

#include <elf.h>
#include <string.h>

#include "images_priv.h"
#include "solo5/solo5_abi.h"

static void set(struct img *im, size_t off, uint64_t v, size_t width)
{
    for (size_t i = 0; i < width; i++)
        im->buf[off + i] = (uint8_t)(v >> (8 * i));
}

#define FIELD_SIZE(type, f) sizeof(((type *)0)->f)
#define EH(f, v) \
    set(im, offsetof(Elf64_Ehdr, f), (uint64_t)(v), FIELD_SIZE(Elf64_Ehdr, f))
#define PH(i, f, v)                                                      \
    set(im, PH_OFF + (i) * sizeof(Elf64_Phdr) + offsetof(Elf64_Phdr, f), \
        (uint64_t)(v), FIELD_SIZE(Elf64_Phdr, f))
#define CASE(fn, body)             \
    static void fn(struct img *im) \
    {                              \
        body;                      \
    }

/* ELF header. */
CASE(truncated_header, im->size = 40)
CASE(empty_file, im->size = 0)
CASE(bad_magic, im->buf[1] = 'X')
CASE(elf32, im->buf[EI_CLASS] = ELFCLASS32)
CASE(big_endian, im->buf[EI_DATA] = ELFDATA2MSB)
CASE(wrong_machine, EH(e_machine, EM_386))
CASE(aarch64, EH(e_machine, EM_AARCH64))
CASE(shared_object, EH(e_type, ET_DYN))
CASE(bad_phentsize, EH(e_phentsize, 32))
CASE(no_phdrs, EH(e_phnum, 0))
CASE(too_many_phdrs, EH(e_phnum, 65))
CASE(phdrs_beyond_file, EH(e_phoff, im->size - 16))
CASE(phoff_overflow, EH(e_phoff, UINT64_MAX - 8))
CASE(entry_below_1mib, EH(e_entry, 0x1000))
CASE(entry_not_text, EH(e_entry, RO_VADDR))
CASE(entry_outside_memory, {
    PH(0, p_vaddr, 0x10000000);
    PH(1, p_vaddr, 0x10001000);
    PH(2, p_vaddr, 0x10002000);
    EH(e_entry, 0x10000000);
})
/* Program headers. */
CASE(truncated_file, im->size = RO_OFF + 0x10)
CASE(load_below_1mib, PH(0, p_vaddr, 0x80000))
CASE(overlapping_segments, PH(1, p_vaddr, TEXT_VADDR + 0x10))
CASE(descending_segments, {
    PH(1, p_vaddr, 0x200000);
    PH(2, p_vaddr, 0x300000);
    PH(0, p_vaddr, 0x400000);
    EH(e_entry, 0x400000);
})
CASE(wx_segment, PH(0, p_flags, PF_R | PF_W | PF_X))
CASE(filesz_gt_memsz, PH(0, p_memsz, 4))
CASE(offset_beyond_file, PH(0, p_offset, 0xffffff000ULL))
CASE(offset_overflow, PH(1, p_offset, UINT64_MAX - 4))
CASE(huge_memsz, PH(1, p_memsz, UINT64_MAX - 0x800))
CASE(memsz_beyond_memory, PH(1, p_memsz, 1ULL << 40))
CASE(bss_beyond_memory, PH(2, p_memsz, 1ULL << 36))
CASE(bss_overflow, PH(2, p_memsz, UINT64_MAX - 0x1000))
CASE(bad_align, PH(0, p_align, 3))
CASE(zero_align, PH(0, p_align, 0))
CASE(too_many_segments, {
    for (unsigned i = 0; i < 17; i++)
        img_phdr(im, 5 + i, PT_LOAD, PF_R, RO_OFF, 0x200000 + i * 0x1000, 16,
                 16, 0x1000);
    EH(e_phnum, 22);
})
/* Notes. */
CASE(no_abi_note, set(im, ABI_NOTE + 8, 0x1234, 4))
CASE(abi_note_short, set(im, ABI_NOTE + 4, 8, 4))
CASE(abi_note_oversized, {
    set(im, ABI_NOTE + 4, 36, 4);
    PH(3, p_filesz, 56);
})
CASE(abi_note_beyond_segment, set(im, ABI_NOTE + 4, 0x1000, 4))
CASE(abi_note_name_huge, set(im, ABI_NOTE, 0xfffffff0u, 4))
CASE(note_segment_beyond_file, PH(3, p_offset, 0x100000))
CASE(note_segment_tiny, PH(3, p_filesz, 8))
CASE(note_truncated_tail, PH(3, p_filesz, 36 + 5))
CASE(duplicate_abi_note, {
    PH(4, p_offset, ABI_NOTE);
    PH(4, p_filesz, 36);
})
CASE(abi_version_1, set(im, ABI_NOTE + 24, 1, 4))
CASE(abi_other_target, set(im, ABI_NOTE + 20, 3 - im->target, 4))
CASE(abi_unknown_target, set(im, ABI_NOTE + 20, 77, 4))
CASE(no_manifest, set(im, MFT_NOTE + 8, 0x1234, 4))
/* Manifest. */
CASE(mft_size_mismatch, set(im, MFT_HDR + 4, 2, 4))
CASE(mft_too_small, {
    set(im, MFT_NOTE + 4, 4 + 6, 4);
    PH(4, p_filesz, 20 + 4 + 6);
})
CASE(mft_descsz_huge, {
    set(im, MFT_NOTE + 4, 6700, 4);
    PH(4, p_filesz, 20 + 6700);
    PH(1, p_filesz, MFT_NOTE - RO_OFF + 20 + 6700);
    PH(1, p_memsz, MFT_NOTE - RO_OFF + 20 + 6700);
    im->size = MFT_NOTE + 20 + 6700;
})
CASE(mft_version_2, set(im, MFT_HDR, 2, 4))
CASE(mft_entries_0, {
    img_set_mft(im, 1);
    set(im, MFT_NOTE + 4, 4 + 8, 4);
    set(im, MFT_HDR + 4, 0, 4);
})
CASE(mft_entries_65, set(im, MFT_HDR + 4, 65, 4))
CASE(mft_note_65_entries, img_set_mft(im, 65))
CASE(mft_entry0_not_reserved,
     set(im, MFT_ENTRY(0) + 68, SOLO5_MFT_DEV_NET_BASIC, 4))
CASE(mft_entry0_named, im->buf[MFT_ENTRY(0)] = 'x')
CASE(mft_unterminated_name, {
    img_set_mft(im, 2);
    memset(im->buf + MFT_ENTRY(1), 'A', SOLO5_MFT_NAME_SIZE);
})
CASE(mft_empty_name, {
    img_set_mft(im, 2);
    im->buf[MFT_ENTRY(1)] = 0;
})
CASE(mft_bad_name_char, {
    img_set_mft(im, 2);
    im->buf[MFT_ENTRY(1) + 1] = '-';
})
CASE(mft_attached, {
    img_set_mft(im, 2);
    im->buf[MFT_ENTRY(1) + 96] = 1;
})
CASE(mft_unknown_type, {
    img_set_mft(im, 2);
    set(im, MFT_ENTRY(1) + 68, 3, 4);
})
CASE(mft_duplicate_names, {
    img_set_mft(im, 3);
    memcpy(im->buf + MFT_ENTRY(2), "dev1", 5);
})
/* Valid images that a careless loader would refuse. */
CASE(valid, (void)im)
CASE(empty_tls_segment_at_0, {
    img_phdr(im, 5, PT_LOAD, PF_R, 0, 0, 0, 0, 0x1000);
    EH(e_phnum, 6);
})
CASE(foreign_note_first, {
    /* An OpenBSD-style ident note before the ABI1 note, same segment. */
    img_put32(im, RO_OFF + 0x800, 8);
    img_put32(im, RO_OFF + 0x804, 4);
    img_put32(im, RO_OFF + 0x808, 1);
    memcpy(im->buf + RO_OFF + 0x80c, "OpenBSD", 8);
    memcpy(im->buf + RO_OFF + 0x818, im->buf + ABI_NOTE, 36);
    PH(3, p_offset, RO_OFF + 0x800);
    PH(3, p_filesz, 24 + 36);
    PH(1, p_filesz, 0x900);
    PH(1, p_memsz, 0x900);
    im->size = RO_OFF + 0x900;
})
CASE(max_devices_64_entries, img_set_mft(im, 64))

/* The ABI1 note then n Mirage notes of one type and descriptor size, all
 * in the ABI1 note's segment (as our images have them). */
static void mirage_notes(struct img *im, unsigned n, uint32_t type,
                         uint32_t descsz)
{
    size_t off = RO_OFF + 0x800;
    memcpy(im->buf + off, im->buf + ABI_NOTE, 36);
    off += 36;
    for (unsigned i = 0; i < n; i++) {
        img_put32(im, off, 7);
        img_put32(im, off + 4, descsz);
        img_put32(im, off + 8, type);
        memcpy(im->buf + off + 12, "Mirage", 7);
        img_put32(im, off + 20, MIRAGE_NET_GRANT_VNET);
        off += 20 + ((descsz + 3) & ~3u);
    }
    PH(3, p_offset, RO_OFF + 0x800);
    PH(3, p_filesz, off - (RO_OFF + 0x800));
    PH(1, p_filesz, 0x900);
    PH(1, p_memsz, 0x900);
    im->size = RO_OFF + 0x900;
}
CASE(mirage_net1_note, mirage_notes(im, 1, MIRAGE_NOTE_NET1, 8))
CASE(mirage_net1_twice, mirage_notes(im, 2, MIRAGE_NOTE_NET1, 8))
CASE(mirage_net1_short, mirage_notes(im, 1, MIRAGE_NOTE_NET1, 4))
CASE(mirage_net1_oversized, mirage_notes(im, 1, MIRAGE_NOTE_NET1, 36))
CASE(mirage_net1_beyond_segment, {
    mirage_notes(im, 1, MIRAGE_NOTE_NET1, 8);
    PH(3, p_filesz, 36 + 20 + 4);
})
CASE(mirage_unknown_note, mirage_notes(im, 2, 0x12345678u, 8))

#define C(fn, expect)   \
    {                   \
#fn, expect, fn \
    }
const struct img_case img_cases[] = {
    C(truncated_header, "truncated ELF header"),
    C(empty_file, "truncated ELF header"),
    C(bad_magic, "bad magic"),
    C(elf32, "not a 64-bit ELF"),
    C(big_endian, "not a little-endian"),
    C(wrong_machine, "wrong machine 3"),
    C(aarch64, "wrong machine 183"),
    C(shared_object, "not a static executable"),
    C(bad_phentsize, "program header size"),
    C(no_phdrs, "bad number of program headers (0)"),
    C(too_many_phdrs, "bad number of program headers (65)"),
    C(phdrs_beyond_file, "program headers beyond the end of the file"),
    C(phoff_overflow, "program headers beyond the end of the file"),
    C(entry_below_1mib, "entry point 0x1000 below"),
    C(entry_not_text, "not in an executable segment"),
    C(entry_outside_memory, "outside guest memory"),
    C(truncated_file, "segment 1: file data beyond the end of the file"),
    C(load_below_1mib, "segment 0: address 0x80000 below"),
    C(overlapping_segments, "overlaps or precedes"),
    C(descending_segments, "overlaps or precedes"),
    C(wx_segment, "writable and executable"),
    C(filesz_gt_memsz, "file size larger than memory size"),
    C(offset_beyond_file, "segment 0: file data beyond the end"),
    C(offset_overflow, "segment 1: file data beyond the end"),
    C(huge_memsz, "too large"),
    C(memsz_beyond_memory, "MiB of guest memory"),
    C(bss_beyond_memory, "MiB of guest memory"),
    C(bss_overflow, "segment 2: size"),
    C(bad_align, "not a power of two"),
    C(zero_align, "not a power of two"),
    C(too_many_segments, "too many loadable segments"),
    C(no_abi_note, "no Solo5 ABI1 note"),
    C(abi_note_short, "ABI1 note has a bad size (8 bytes)"),
    C(abi_note_oversized, "ABI1 note has a bad size (36 bytes)"),
    C(abi_note_beyond_segment, "larger than its segment"),
    C(abi_note_name_huge, "larger than its segment"),
    C(note_segment_beyond_file, "beyond the end of the file"),
    C(note_segment_tiny, "too small"),
    C(note_truncated_tail, "truncated ELF note"),
    C(duplicate_abi_note, "more than one ABI1 note"),
    C(abi_version_1, "ABI version 1"),
    C(abi_other_target, "image is built for"),
    C(abi_unknown_target, "an unknown target"),
    C(no_manifest, "no Solo5 MFT1 note"),
    C(mft_size_mismatch, "2 entries need"),
    C(mft_too_small, "MFT1 (manifest) note has a bad size"),
    C(mft_descsz_huge, "MFT1 (manifest) note has a bad size"),
    C(mft_version_2, "manifest version 2"),
    C(mft_entries_0, "manifest has 0 entries"),
    C(mft_entries_65, "manifest has 65 entries"),
    C(mft_note_65_entries, "MFT1 (manifest) note has a bad size"),
    C(mft_entry0_not_reserved, "not the reserved entry"),
    C(mft_entry0_named, "entry 0 must have an empty name"),
    C(mft_unterminated_name, "name not terminated"),
    C(mft_empty_name, "empty name"),
    C(mft_bad_name_char, "character other than"),
    C(mft_attached, "marked attached"),
    C(mft_unknown_type, "unknown device type 3"),
    C(mft_duplicate_names, "declares 'dev1' twice"),
    C(valid, NULL),
    C(empty_tls_segment_at_0, NULL),
    C(foreign_note_first, NULL),
    C(max_devices_64_entries, "declared but not attached"),
    C(mirage_net1_note, NULL),
    C(mirage_net1_twice, "more than one Mirage NET1 note"),
    C(mirage_net1_short, "Mirage NET1 note has a bad size (4 bytes)"),
    C(mirage_net1_oversized, "Mirage NET1 note has a bad size (36 bytes)"),
    C(mirage_net1_beyond_segment, "larger than its segment"),
    C(mirage_unknown_note, NULL),
};
const size_t img_ncases = sizeof img_cases / sizeof img_cases[0];

/* SPDX-License-Identifier: ISC */
/* The guest process: memory at the guest's addresses, boot info, the jump. */

#include <elf.h>
#include <errno.h>
#include <linux/filter.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "spt.h"

static void map_memory(struct tender_guest *g, uint64_t mem_size)
{
    void *want = (void *)(uintptr_t)SPT_HOST_MEM_BASE;
    size_t len = mem_size - SPT_HOST_MEM_BASE;
    void *p =
        mmap(want, len, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
             -1, 0);
    if (p == MAP_FAILED || p != want)
        tender_die("cannot map guest memory at 0x%llx-0x%llx: %s",
                   SPT_HOST_MEM_BASE, (unsigned long long)mem_size,
                   p == MAP_FAILED ? strerror(errno) : "address taken");
    *g = (struct tender_guest){.base = p,
                               .first = SPT_HOST_MEM_BASE,
                               .size = mem_size,
                               .low_ro = SOLO5_GUEST_MIN_BASE};
}

static void protect(const struct tender_image *img)
{
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct tender_seg *s = &img->seg[i];
        int prot = ((s->flags & PF_R) ? PROT_READ : 0) |
                   ((s->flags & PF_W) ? PROT_WRITE : 0) |
                   ((s->flags & PF_X) ? PROT_EXEC : 0);
        if (mprotect((void *)(uintptr_t)s->start, s->end - s->start, prot) < 0)
            tender_die("mprotect: %s", strerror(errno));
    }
}

/* Boot info at 0x11000, then the manifest copy, then the command line. */
static uint64_t write_boot_info(const struct spt *s,
                                const struct tender_image *img,
                                const char *cmdline)
{
    uint8_t *base = (uint8_t *)(uintptr_t)SPT_BOOT_INFO_BASE;
    size_t mft_size = tender_mft_size(s->mft);
    struct spt_boot_info bi = {
        .mem_size = s->mem_size,
        .kernel_end = img->kernel_end,
        .mft = SPT_BOOT_INFO_BASE + sizeof bi,
        .cmdline = SPT_BOOT_INFO_BASE + sizeof bi + mft_size,
        .epollfd = s->epoll,
        .timerfd = s->timerfd,
    };
    memcpy(base, &bi, sizeof bi);
    memcpy(base + sizeof bi, s->mft, mft_size);
    memcpy(base + sizeof bi + mft_size, cmdline, strlen(cmdline) + 1);
    return SPT_BOOT_INFO_BASE;
}

_Noreturn static void jump(uint64_t entry, uint64_t sp, uint64_t arg)
{
    __asm__ volatile("mov %0, %%rsp\n\t"
                     "xor %%ebp, %%ebp\n\t"
                     "jmp *%1\n\t"
                     :
                     : "r"(sp), "r"(entry), "D"(arg)
                     : "memory");
    __builtin_unreachable();
}

void spt_launch(struct spt *s, const struct tender_image *img,
                const char *cmdline, struct spt_report *report)
{
    struct tender_guest g;
    struct sock_fprog prog;
    /* The guest must not outlive its tender. */
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    spt_seccomp_build(s, &prog);
    map_memory(&g, s->mem_size);
    tender_elf_load(img, &g);
    protect(img);
    uint64_t bi = write_boot_info(s, img, cmdline);
    spt_report_handlers(report);
    spt_seccomp_install(&prog);
    jump(img->entry, s->mem_size - 8, bi);
}

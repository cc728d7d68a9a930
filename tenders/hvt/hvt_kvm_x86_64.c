/* SPDX-License-Identifier: ISC */
/* KVM set-up on x86-64: VM, memory slot, page tables, GDT, boot vCPU state. */

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hvt.h"

#define GDT_BASE 0x1000ULL
#define PML4_BASE 0x2000ULL
#define PDPT_BASE 0x3000ULL
#define PD_BASE 0x4000ULL /* 4 page directories, 0x4000-0x7fff */
#define PT_BASE 0x8000ULL /* 4 KiB pages of the first 2 MiB */

#define PTE_P 0x1ULL
#define PTE_RW 0x2ULL
#define PTE_PS 0x80ULL

#define CR0_PE 0x1ULL
#define CR0_NE 0x20ULL
#define CR0_WP 0x10000ULL
#define CR0_PG 0x80000000ULL
#define CR4_PAE 0x20ULL
#define CR4_OSFXSR 0x200ULL
#define CR4_OSXMMEXCPT 0x400ULL
#define EFER_LME 0x100ULL
#define EFER_LMA 0x400ULL

#define GDT_CODE64 0x00AF99000000FFFFULL
#define GDT_DATA 0x00CF93000000FFFFULL
#define SEL_CODE 0x08
#define SEL_DATA 0x10

static void kvm_check(int rc, const char *what)
{
    if (rc < 0)
        tender_die("%s: %s", what, strerror(errno));
}

static uint64_t *table(struct hvt *h, uint64_t gpa)
{
    return (uint64_t *)(h->mem.base + gpa);
}

/* Identity map: 4 KiB pages below 2 MiB (page 0-0xffff absent,
 * 0x10000-0xfffff read-only), 2 MiB pages above. */
static void setup_page_tables(struct hvt *h, uint64_t size)
{
    table(h, PML4_BASE)[0] = PDPT_BASE | PTE_P | PTE_RW;
    for (uint64_t i = 0; i < 4 && (i << 30) < size; i++)
        table(h, PDPT_BASE)[i] = (PD_BASE + i * 0x1000) | PTE_P | PTE_RW;
    uint64_t *pd = table(h, PD_BASE);
    pd[0] = PT_BASE | PTE_P | PTE_RW;
    for (uint64_t j = 1; j * HVT_MEM_STEP < size; j++)
        pd[j] = (j * HVT_MEM_STEP) | PTE_P | PTE_RW | PTE_PS;
    uint64_t *pt = table(h, PT_BASE);
    for (uint64_t k = 0x10; k < 0x100; k++)
        pt[k] = (k << 12) | PTE_P;
    for (uint64_t k = 0x100; k < 0x200; k++)
        pt[k] = (k << 12) | PTE_P | PTE_RW;
    uint64_t *gdt = table(h, GDT_BASE);
    gdt[0] = 0;
    gdt[1] = GDT_CODE64;
    gdt[2] = GDT_DATA;
}

/* The ring region, if reserved, follows guest memory: mapped in the
 * guest's page tables and the memory slot, but outside h->mem. */
static void map_memory(struct hvt *h, uint64_t mem_size)
{
    uint64_t total = mem_size + (h->ring.reserved ? HVT_RING_REGION_SIZE : 0);
    void *mem = mmap(NULL, total, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED)
        tender_die("cannot allocate %llu MiB of guest memory: %s",
                   (unsigned long long)(mem_size >> 20), strerror(errno));
    h->mem = (struct tender_guest){
        .base = mem, .size = mem_size, .low_ro = SOLO5_GUEST_MIN_BASE};
    struct kvm_userspace_memory_region region = {
        .slot = 0,
        .guest_phys_addr = 0,
        .memory_size = total,
        .userspace_addr = (uint64_t)(uintptr_t)mem,
    };
    kvm_check(ioctl(h->vm, KVM_SET_USER_MEMORY_REGION, &region),
              "KVM_SET_USER_MEMORY_REGION");
    setup_page_tables(h, total);
}

void hvt_vm_create(struct hvt *h, uint64_t mem_size)
{
    h->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (h->kvm < 0)
        tender_die("cannot open /dev/kvm: %s", strerror(errno));
    if (ioctl(h->kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
        tender_die("unsupported KVM API version");
    h->vm = ioctl(h->kvm, KVM_CREATE_VM, 0);
    kvm_check(h->vm, "KVM_CREATE_VM");
    if (ioctl(h->kvm, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY) <= 0)
        tender_die("KVM lacks KVM_CAP_USER_MEMORY");
    map_memory(h, mem_size);
    h->vcpu = ioctl(h->vm, KVM_CREATE_VCPU, 0);
    kvm_check(h->vcpu, "KVM_CREATE_VCPU");
    int size = ioctl(h->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (size < (int)sizeof(struct kvm_run))
        tender_die("KVM_GET_VCPU_MMAP_SIZE: bad size %d", size);
    h->run_size = (size_t)size;
    h->run =
        mmap(NULL, h->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, h->vcpu, 0);
    if (h->run == MAP_FAILED)
        tender_die("cannot map the vCPU run area: %s", strerror(errno));
}

/* Executable and read-only segments become read-only on the host side
 * too, so a guest write to them cannot complete; the tender never maps
 * guest memory executable. */
void hvt_protect_segments(struct hvt *h, const struct tender_image *img)
{
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct tender_seg *s = &img->seg[i];
        int prot = (s->flags & PF_W) ? PROT_READ | PROT_WRITE : PROT_READ;
        if (mprotect(h->mem.base + s->start, s->end - s->start, prot) < 0)
            tender_die("mprotect: %s", strerror(errno));
    }
}

static void setup_cpuid(struct hvt *h)
{
    for (unsigned n = 64; n <= 4096; n *= 2) {
        struct kvm_cpuid2 *c =
            calloc(1, sizeof *c + n * sizeof(struct kvm_cpuid_entry2));
        if (c == NULL)
            tender_die("out of memory");
        c->nent = n;
        if (ioctl(h->kvm, KVM_GET_SUPPORTED_CPUID, c) == 0) {
            kvm_check(ioctl(h->vcpu, KVM_SET_CPUID2, c), "KVM_SET_CPUID2");
            free(c);
            return;
        }
        free(c);
        if (errno != E2BIG)
            tender_die("KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
    }
    tender_die("KVM_GET_SUPPORTED_CPUID: too many entries");
}

static void setup_sregs(struct hvt *h)
{
    struct kvm_sregs sr;
    kvm_check(ioctl(h->vcpu, KVM_GET_SREGS, &sr), "KVM_GET_SREGS");
    struct kvm_segment code = {.limit = 0xffffffff,
                               .selector = SEL_CODE,
                               .type = 9,
                               .present = 1,
                               .s = 1,
                               .l = 1,
                               .g = 1};
    struct kvm_segment data = {.limit = 0xffffffff,
                               .selector = SEL_DATA,
                               .type = 3,
                               .present = 1,
                               .db = 1,
                               .s = 1,
                               .g = 1};
    sr.cs = code;
    sr.ds = sr.es = sr.fs = sr.gs = sr.ss = data;
    sr.tr = (struct kvm_segment){.type = 11, .present = 1};
    sr.ldt = (struct kvm_segment){.type = 2, .unusable = 1};
    sr.gdt.base = GDT_BASE;
    sr.gdt.limit = 3 * 8 - 1;
    sr.idt.base = 0;
    sr.idt.limit = 0;
    sr.cr0 = CR0_PE | CR0_NE | CR0_WP | CR0_PG;
    sr.cr3 = PML4_BASE;
    sr.cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
    sr.efer = EFER_LME | EFER_LMA;
    kvm_check(ioctl(h->vcpu, KVM_SET_SREGS, &sr), "KVM_SET_SREGS");
}

static void setup_tsc(struct hvt *h)
{
    if (ioctl(h->kvm, KVM_CHECK_EXTENSION, KVM_CAP_GET_TSC_KHZ) <= 0)
        tender_die("KVM lacks KVM_CAP_GET_TSC_KHZ");
    int khz = ioctl(h->vcpu, KVM_GET_TSC_KHZ, 0);
    if (khz < 0 && errno == EIO)
        tender_die("host TSC is unstable: cannot give the guest a clock");
    kvm_check(khz, "KVM_GET_TSC_KHZ");
    h->tsc_hz = (uint64_t)khz * 1000;
}

void hvt_vcpu_init(struct hvt *h, uint64_t entry)
{
    setup_cpuid(h);
    setup_sregs(h);
    setup_tsc(h);
    struct kvm_regs regs = {
        .rip = entry,
        .rsp = h->mem.size - 8,
        .rdi = HVT_BOOT_INFO_BASE,
        .rflags = 0x2,
    };
    kvm_check(ioctl(h->vcpu, KVM_SET_REGS, &regs), "KVM_SET_REGS");
}

uint64_t hvt_guest_rip(struct hvt *h)
{
    struct kvm_regs regs;
    if (ioctl(h->vcpu, KVM_GET_REGS, &regs) < 0)
        return 0;
    return regs.rip;
}

/* SPDX-License-Identifier: ISC */
/* hvt CPU set-up: our own GDT and TSS (trap stacks) and an IDT for 0-31. */
#include "hvt/hvt_priv.h"

/*
 * The tender's GDT lives in memory the guest cannot see and there is no
 * IDT, so a fault would be a triple fault.  We load a GDT with the same
 * code (0x08) and data (0x10) selectors plus a TSS (0x18) whose interrupt
 * stack table gives traps stacks of their own, then an IDT whose gates
 * send every exception to a stub in traps.S.  Interrupts stay off.
 */

#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define SEL_TSS 0x18
#define TRAP_STACK_SIZE 8192
#define IST_TRAPS 1  /* every exception ... */
#define IST_DOUBLE 2 /* ... except #DF */
#define IST_NMI 3    /* ... and NMI, #MC */

struct __attribute__((packed)) tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
};

struct __attribute__((packed)) gate {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t zero;
};

struct __attribute__((packed)) table_ptr {
    uint16_t limit;
    uint64_t base;
};

_Static_assert(sizeof(struct tss) == 104, "tss");
_Static_assert(sizeof(struct gate) == 16, "gate");

static struct tss tss __attribute__((aligned(16)));
static struct gate idt[32] __attribute__((aligned(16)));
static uint64_t gdt[5] __attribute__((aligned(16)));
static uint8_t trap_stacks[3][TRAP_STACK_SIZE] __attribute__((aligned(16)));

static void gdt_load(void)
{
    uint64_t base = (uintptr_t)&tss, limit = sizeof tss - 1;
    gdt[0] = 0;
    gdt[1] = 0x00af9a000000ffffull; /* 64-bit code, execute/read */
    gdt[2] = 0x00cf92000000ffffull; /* data, read/write */
    gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
             (((limit >> 16) & 0xf) << 48) |
             (((base >> 24) & 0xff) << 56); /* available 64-bit TSS */
    gdt[4] = base >> 32;
    struct table_ptr p = {sizeof gdt - 1, (uintptr_t)gdt};
    __asm__ volatile("lgdt %0\n\t"
                     "pushq %1\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "movl %2, %%eax\n\t"
                     "movl %%eax, %%ds\n\t"
                     "movl %%eax, %%es\n\t"
                     "movl %%eax, %%ss\n\t"
                     :
                     : "m"(p), "i"(SEL_CODE), "i"(SEL_DATA)
                     : "rax", "memory");
}

static void tss_load(void)
{
    for (int i = 0; i < 3; i++)
        tss.ist[i] = (uintptr_t)&trap_stacks[i][TRAP_STACK_SIZE];
    tss.iomap_base = sizeof tss; /* no I/O permission bitmap */
    __asm__ volatile("ltr %w0" : : "r"(SEL_TSS));
}

static void idt_load(void)
{
    for (unsigned v = 0; v < 32; v++) {
        uint64_t off = mirage__hvt_trap_stubs[v];
        unsigned ist = v == 8              ? IST_DOUBLE
                       : v == 2 || v == 18 ? IST_NMI
                                           : IST_TRAPS;
        idt[v] = (struct gate){
            .offset_lo = off & 0xffff,
            .selector = SEL_CODE,
            .ist = (uint8_t)ist,
            .type_attr = 0x8e, /* present, DPL 0, interrupt gate */
            .offset_mid = (off >> 16) & 0xffff,
            .offset_hi = (uint32_t)(off >> 32),
        };
    }
    struct table_ptr p = {sizeof idt - 1, (uintptr_t)idt};
    __asm__ volatile("lidt %0" : : "m"(p) : "memory");
}

void mirage__hvt_cpu_init(void)
{
    gdt_load();
    tss_load();
    idt_load();
    /* FS base is left at the tender's 0: stray TLS accesses then land on
     * the unmapped zero page. */
}

/* SPDX-License-Identifier: ISC */
/* Test guest commands: the first word of the command line picks one. */

static void walltime(void)
{
#if defined(GUEST_HVT)
    struct hvt_hc_walltime a = {0};
    hc(HVT_HYPERCALL_WALLTIME, &a);
    uint64_t ns = a.nsecs;
#else
    struct {
        long sec, nsec;
    } ts = {0, 0};
    sys6(228, 0 /* CLOCK_REALTIME */, (long)&ts, 0, 0, 0, 0);
    uint64_t ns = (uint64_t)ts.sec * 1000000000ULL + (uint64_t)ts.nsec;
#endif
    say("walltime ");
    say_u(ns / 1000000000ULL, 10);
    say("\n");
}

#if defined(GUEST_HVT)
/* Hypercalls with arguments the tender must refuse. */
static int bad_hypercall(void)
{
    void *text = (void *)(uintptr_t)say;
    uint64_t len = 512;
    if (word("bad-puts"))
        g_write((void *)(uintptr_t)(mem_size + 4096), 16);
    else if (word("bad-puts-wrap"))
        g_write((void *)(uintptr_t)0x100000, UINT64_MAX);
    else if (word("bad-arg"))
        hc(HVT_HYPERCALL_PUTS, (void *)(uintptr_t)0xfffff000u);
    else if (word("arg-at-end"))
        hc(HVT_HYPERCALL_PUTS, (void *)(uintptr_t)(mem_size - 8));
    else if (word("poll-into-text"))
        hc(HVT_HYPERCALL_POLL, text);
    else if (word("block-bad-buf"))
        g_block(0, device(SOLO5_MFT_DEV_BLOCK_BASIC), 0,
                (void *)(uintptr_t)(mem_size - 100), 512);
    else if (word("block-into-text"))
        g_block(0, device(SOLO5_MFT_DEV_BLOCK_BASIC), 0, text, 512);
    else if (word("net-bad-buf"))
        g_net(1, device(SOLO5_MFT_DEV_NET_BASIC),
              (void *)(uintptr_t)(mem_size + 1), &len);
    else if (word("net-into-text"))
        g_net(0, device(SOLO5_MFT_DEV_NET_BASIC), text, &len);
    else if (word("bad-port"))
        __asm__ volatile("outl %0, %1" ::"a"(0), "d"((uint16_t)0x509));
    else if (word("hypercall-0"))
        hc(0, &len);
    else if (word("inb")) {
        uint8_t v;
        __asm__ volatile("inb %1, %0" : "=a"(v) : "d"((uint16_t)0x502));
        sink = v;
    } else
        return 0;
    say("tender accepted a bad hypercall\n");
    g_exit(6);
}
#else
/* System calls the spt filter must refuse. */
static int bad_syscall(void)
{
    static uint8_t buf[4096];
    if (word("getpid"))
        sys6(39, 0, 0, 0, 0, 0, 0);
    else if (word("write-stderr"))
        sys6(1, 2, (long)"x", 1, 0, 0, 0);
    else if (word("block-bad-size"))
        sys6(17, hostfd(device(SOLO5_MFT_DEV_BLOCK_BASIC)), (long)buf, 1024, 0,
             0, 0);
    else
        return 0;
    say("filter allowed a forbidden system call\n");
    g_exit(6);
}
#define bad_hypercall bad_syscall
#endif

static _Noreturn void run_command(void)
{
    while (word("poll")) { /* "poll N [COMMAND...]": waits, then COMMAND */
        g_poll(number() * 1000000ULL);
        say("poll ok\n");
        if (*args != ' ')
            g_exit(0);
        args++;
    }
    if (word("exit")) {
        say("hello from guest\n");
        g_exit((int)number());
    } else if (word("echo")) {
        say(args);
        say("\n");
    } else if (word("write-text")) {
        *(volatile uint8_t *)(uintptr_t)say = 0xc3;
        say("wrote its own text\n");
    } else if (word("jump-null")) {
        ((void (*)(void))(uintptr_t)sink)();
    } else if (word("read-null")) {
        sink = *(volatile uint64_t *)(uintptr_t)sink;
    } else if (word("recurse")) {
        sink = recurse(0);

    } else if (word("spin")) {
        for (;;)
            sink++;
    } else if (word("walltime")) {
        walltime();
    } else if (word("block")) {
        block_test();
    } else if (word("net")) {
        net_test();
    } else if (word("vnet")) {
        vnet_test();
#if defined(GUEST_HVT)
    } else if (net_len()) {
    } else if (word("ring-net")) {
        ring_net();
    } else if (word("ring-flood")) {
        ring_flood(number());
    } else if (bad_ring()) {
#endif
    } else if (!bad_hypercall()) {
        say("unknown command\n");
        g_exit(8);
    }
    g_exit(0);
}

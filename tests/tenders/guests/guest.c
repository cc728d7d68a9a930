/* SPDX-License-Identifier: ISC */
/* Tender test guest: does what its command line says, well or badly. */

#include <stddef.h>
#include <stdint.h>

#include "solo5/solo5_abi.h"

#if defined(GUEST_HVT)
#include "guest_hvt.h"
#else
#include "guest_spt.h"
#endif

static const struct solo5_mft *mft;
static const char *args;
static uint64_t mem_size;
static volatile uint64_t sink;

static size_t slen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static void say(const char *s)
{
    g_write(s, slen(s));
}

static void say_u(uint64_t v, unsigned base)
{
    char b[24], *p = b + sizeof b;
    do {
        *--p = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    g_write(p, (size_t)(b + sizeof b - p));
}

/* Compares the next word of the command line and skips it if equal. */
static int word(const char *w)
{
    size_t n = slen(w);
    for (size_t i = 0; i < n; i++)
        if (args[i] != w[i])
            return 0;
    if (args[n] != ' ' && args[n] != '\0')
        return 0;
    args += n + (args[n] == ' ');
    return 1;
}

static uint64_t number(void)
{
    uint64_t v = 0;
    while (*args >= '0' && *args <= '9')
        v = v * 10 + (uint64_t)(*args++ - '0');
    return v;
}

static uint64_t device(uint32_t type)
{
    for (uint64_t i = 1; i < mft->entries; i++)
        if (mft->e[i].type == type)
            return i;
    say("no device\n");
    g_exit(9);
}

#if !defined(GUEST_HVT)
static int hostfd(uint64_t h)
{
    return mft->e[h].b.hostfd;
}
#endif

/* Writes, reads back and compares the first and the last block. */
static _Noreturn void block_test(void)
{
    static uint8_t buf[4096], back[4096];
    uint64_t h = device(SOLO5_MFT_DEV_BLOCK_BASIC);
    uint64_t bs = mft->e[h].u.block_basic.block_size;
    uint64_t cap = mft->e[h].u.block_basic.capacity;
    for (uint64_t off = 0; off < cap; off += cap - bs) {
        for (uint64_t i = 0; i < bs; i++)
            buf[i] = (uint8_t)(i * 7 + off / bs);
        if (g_block(1, h, off, buf, bs) != SOLO5_R_OK ||
            g_block(0, h, off, back, bs) != SOLO5_R_OK)
            g_exit(3);
        for (uint64_t i = 0; i < bs; i++)
            if (back[i] != buf[i])
                g_exit(4);
        if (cap == bs)
            break;
    }
    say("block ok capacity=");
    say_u(cap, 10);
    say(" block_size=");
    say_u(bs, 10);
    say("\n");
#if defined(GUEST_HVT)
    if (g_block(0, h, cap, buf, bs) != SOLO5_R_EINVAL)
        g_exit(5);
    say("beyond capacity: EINVAL\n");
#endif
    g_exit(0);
}

/* Sends an 0x88b5 frame, then waits up to 5 s for one and prints it. */
static _Noreturn void net_test(void)
{
    static uint8_t f[2048];
    uint64_t h = device(SOLO5_MFT_DEV_NET_BASIC);
    const struct solo5_mft_entry *e = &mft->e[h];
    say("mtu ");
    say_u(e->u.net_basic.mtu, 10);
    say(" grant ");
    say_u(e->u.net_basic.mirage_grant, 10);
    say("\n");
    for (int i = 0; i < 6; i++)
        f[i] = 0xff, f[6 + i] = e->u.net_basic.mac[i];
    f[12] = 0x88, f[13] = 0xb5;
    const char *msg = "hello-from-guest";
    uint64_t len = 14 + slen(msg);
    for (size_t i = 0; msg[i]; i++)
        f[14 + i] = (uint8_t)msg[i];
    if (g_net(1, h, f, &len) != SOLO5_R_OK)
        g_exit(3);
    for (int tries = 0; tries < 50; tries++) {
        if (!(g_poll(100000000ULL) & (1ULL << h)))
            continue;
        len = sizeof f;
        while (g_net(0, h, f, &len) == SOLO5_R_OK) {
            if (len > 14 && f[12] == 0x88 && f[13] == 0xb5) {
                say("got: ");
                g_write(f + 14, len - 14);
                say("\n");
                g_exit(0);
            }
            len = sizeof f;
        }
    }
    say("no frame\n");
    g_exit(2);
}

static uint64_t recurse(uint64_t n)
{
    volatile uint8_t frame[4096];
    if (n == sink + UINT64_MAX) /* never: keeps the compiler honest */
        return 0;
    frame[0] = (uint8_t)n;
    frame[4095] = (uint8_t)n;
    return recurse(n + 1) + frame[0] + frame[4095];
}

#if defined(GUEST_HVT)
#include "guest_ring.h"
#endif
#include "guest_vnet.h"

#include "guest_cmds.h" /* last: it uses all of the above */

__attribute__((section(".text.start"))) _Noreturn void _start(void *bi_)
{
    const BOOT_INFO_T *bi = bi_;
    mft = (const struct solo5_mft *)(uintptr_t)bi->mft;
    args = (const char *)(uintptr_t)bi->cmdline;
    mem_size = bi->mem_size;
#if defined(GUEST_HVT)
    ring_init(bi);
#else
    g_epollfd = bi->epollfd;
    g_timerfd = bi->timerfd;
#endif
    run_command();
}

/* SPDX-License-Identifier: ISC */
/* A unikernel for the hostile TCP tests: echo, drop counters, heap in use. */
#include "support.h"

#include <mirage/stack.h>
#include <mirage/tcp_direct.h>

#include <malloc.h>

/*
 * Boot arguments: --interface=tap0 --ipv4=10.0.0.2/24.  The direct stack
 * with its TCP engine:
 *
 *   TCP 7   echo
 *   UDP 9   "stats": the engine's statistics and "heap.in_use" (bytes of
 *           the C heap in use, mallinfo2) as "name value" lines;
 *           "quit": exit, printing them
 */

static struct mirage_stack *stack;

#define STAT(f) support_add(t, "tcp." #f, s.f)

static void counters(struct support_text *t)
{
    struct mirage_tcp_direct_stats s;
    mirage_tcp_direct_stats(mirage_stack_tcp(stack), &s);
    STAT(segs_in), STAT(segs_out), STAT(conn_accepted), STAT(conn_reset);
    STAT(rst_sent), STAT(challenge_acks), STAT(syn_cookies_sent);
    STAT(syn_cookies_ok), STAT(persist_probes), STAT(drop_short),
        STAT(drop_checksum);
    STAT(drop_options), STAT(drop_no_conn), STAT(drop_out_of_window);
    STAT(drop_paws), STAT(drop_bad_ack), STAT(drop_rst), STAT(drop_syn);
    STAT(drop_listen_overflow), STAT(drop_memory), STAT(drop_other);
    STAT(conns), STAT(half_open), STAT(time_wait), STAT(buffers);
    struct mallinfo2 m = mallinfo2();
    support_add(t, "heap.in_use", m.uordblks + m.hblkhd);
}

static int setup(void)
{
    static struct support_service echo = {7, support_echo, NULL};
    struct mirage_stack_direct_config cfg = {
        .interface = support_key_interface.value.scalar.s};
    int r = mirage_ipv4_config_parse(&cfg.ipv4, support_key_ipv4.value.scalar.s,
                                     NULL);
    if (r == 0)
        r = mirage_stack_direct_create(&cfg, &stack);
    if (r == 0)
        r = mirage_stack_udp_listen(stack, 9, support_control, NULL);
    if (r == 0)
        r = mirage_stack_tcp_listen(stack, echo.port, 128, &echo.l);
    if (r == 0)
        r = support_serve(&echo);
    return r;
}

int mirage_app_main(int argc, char **argv)
{
    static const struct support_prog prog = {
        .name = "hostile", .setup = setup, .counters = counters};
    return support_main(&prog, argc, argv);
}

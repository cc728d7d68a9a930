/* SPDX-License-Identifier: ISC */
/* Memory: 10,000 idle connections fit in 64 MiB; buffers only when busy. */
#include <stddef.h>
#include <stdlib.h>

#include "check.h"
#include "sim.h"

#define N 10000

/* The ASan runtime's count of live heap bytes (its header is not always
 * installed; the function always is, in ASan builds). */
size_t __sanitizer_get_current_allocated_bytes(void);

static void ten_thousand_idle(void)
{
    struct sim s;
    sim_init(&s, NULL);
    struct mirage__tcp_listener *l = sim_listen(&s, 1, 80, N);
    static struct mirage__tcp_conn *cli[N], *srv[N];
    size_t before = __sanitizer_get_current_allocated_bytes();
    int accepted = 0;
    for (int i = 0; i < N; i += 200) {
        for (int j = i; j < i + 200; j++)
            CHECK_INT_EQ(
                mirage__tcp_open(sim_tcp(&s, 0), &s.h[1].addr, 80, &cli[j]), 0);
        sim_run_for(&s, 10 * SIM_MS);
        struct mirage__tcp_conn *x;
        while ((x = mirage__tcp_listen_take(l)))
            srv[accepted++] = x;
    }
    CHECK_INT_EQ(accepted, N);
    sim_run_for(&s, 10 * SIM_SEC); /* idle */
    size_t used = __sanitizer_get_current_allocated_bytes() - before;
    struct mirage_tcp_direct_stats st0, st1;
    mirage_tcp_direct_stats(s.h[0].tcp, &st0);
    mirage_tcp_direct_stats(s.h[1].tcp, &st1);
    CHECK_INT_EQ(st0.conns, N);
    CHECK_INT_EQ(st1.conns, N);
    CHECK_INT_EQ(st0.buffers + st1.buffers, 0); /* idle: no data blocks */
    fprintf(stderr,
            "  %d connections on each side: %zu bytes in all, %zu per "
            "connection (control block %zu)\n",
            N, used, used / (2 * N), sizeof(struct mirage__tcp_conn));
    /* Both engines together, so 20,000 control blocks, in 64 MiB. */
    CHECK(used < 64u << 20);
    /* They all still work: one byte each way on every connection. */
    for (int i = 0; i < N; i++)
        CHECK_INT_EQ(mirage__tcp_send(cli[i], "q", 1), 1);
    sim_run_for(&s, SIM_SEC);
    int ok = 0;
    char c;
    for (int i = 0; i < N; i++)
        ok += mirage__tcp_recv(srv[i], &c, 1) == 1 && c == 'q';
    CHECK_INT_EQ(ok, N);
    for (int i = 0; i < N; i++) {
        mirage__tcp_close(cli[i]);
        mirage__tcp_close(srv[i]);
    }
    mirage__tcp_listen_close(l);
    CHECK(sim_drained(&s));
    sim_fini(&s);
}

int main(void)
{
    RUN(ten_thousand_idle);
    CHECK_DONE();
}

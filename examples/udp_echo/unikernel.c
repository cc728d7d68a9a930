/* SPDX-License-Identifier: ISC */
/* udp_echo: every datagram to --port goes back to its sender. */
#include <mirage.h>

#include "mirage/keys.h"

static uint64_t echoed, failed;

/* Runs in the event loop and borrows b: the answer is a copy. */
static void echo(void *arg, struct mirage_udp *u,
                 const struct mirage_ipaddr *src, uint16_t src_port,
                 const struct mirage_ipaddr *dst, uint16_t dst_port,
                 struct mirage_buf *b)
{
    int err = mirage_udp_write(u, NULL, dst_port, src, src_port,
                               mirage_buf_data(b), b->len);

    (void)arg;
    (void)dst;
    if (err < 0 && failed++ < 10)
        mirage_log_warn(&mirage_log_app, "cannot answer: %s",
                        mirage_strerror(err));
    else if (err >= 0 && ++echoed % 1000 == 0)
        mirage_log_info(&mirage_log_app, "%llu datagrams echoed",
                        (unsigned long long)echoed);
}

int unikernel_start(struct mirage_stack *stack)
{
    int err = mirage_stack_udp_listen(stack, (uint16_t)key_port(), echo, NULL);

    if (err < 0) {
        mirage_log_err(&mirage_log_app, "cannot listen on UDP port %d: %s",
                       key_port(), mirage_strerror(err));
        return err;
    }
    mirage_log_info(&mirage_log_app, "echoing on UDP port %d", key_port());
    return mirage_stack_listen(stack);
}

/* SPDX-License-Identifier: ISC */
/* The catalogue: every device implementation config.c can choose. */
#include "cfg_priv.h"

/*
 * One line per implementation.  Each is defined in its own dev_*.c with a
 * struct mirage__cfg_impl named mirage__cfg_impl_NAME and the public
 * constructor config.c calls (declared in <mirage/config.h>).
 */
#define MIRAGE__CATALOGUE(X)   \
    X(default_time)            \
    X(default_monotonic_clock) \
    X(default_posix_clock)     \
    X(default_console)         \
    X(default_random)          \
    X(app_info)                \
    X(netif)                   \
    X(ethif)                   \
    X(arp)                     \
    X(create_ipv4)             \
    X(direct_icmpv4)           \
    X(direct_udp)              \
    X(direct_tcp)              \
    X(direct_stackv4v6)        \
    X(socket_stackv4v6)        \
    X(tcpv4v6_of_stackv4v6)    \
    X(http_server)             \
    X(block_of_file)           \
    X(ramdisk)                 \
    X(crunch)                  \
    X(direct_kv_ro)            \
    X(tar_kv_ro)               \
    X(kv_ro_of_rw)             \
    X(kv_rw_mem)               \
    X(kv_ring)                 \
    X(direct_kv_rw)

#define MIRAGE__DECLARE(name) \
    extern const struct mirage__cfg_impl mirage__cfg_impl_##name;
#define MIRAGE__ENTRY(name) &mirage__cfg_impl_##name,

MIRAGE__CATALOGUE(MIRAGE__DECLARE)

const struct mirage__cfg_impl *const mirage__cfg_catalogue[] = {
    MIRAGE__CATALOGUE(MIRAGE__ENTRY)};
const size_t mirage__cfg_catalogue_len =
    sizeof mirage__cfg_catalogue / sizeof mirage__cfg_catalogue[0];

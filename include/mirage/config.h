/* SPDX-License-Identifier: ISC */
/* The configuration language: what a unikernel's config.c includes (host only).
 */
#ifndef MIRAGE_CONFIG_H
#define MIRAGE_CONFIG_H

/*
 * config.c is a C program, as functoria's config.ml is an OCaml one.  The
 * `mirage` tool compiles it against libmirage_config.a and runs it with the
 * tool's own command line; mirage_register() then plans the unikernel and
 * does what the command asked (configure, build, query, describe, clean):
 *
 *     #include <mirage/config.h>
 *
 *     int main(int argc, char **argv)
 *     {
 *         struct mirage_key *hello =
 *             mirage_key_string("hello", "Hello World!", "How to say hello.");
 *         struct mirage_job *job = mirage_foreign(
 *             "unikernel_start", MIRAGE_KEYS(hello),
 *             MIRAGE_ARGS(mirage_arg_time(mirage_default_time())));
 *         return mirage_register(argc, argv, "hello_key", job);
 *     }
 *
 * Every device kind (time, console, ...) is its own C type, so giving a
 * console where the job wants a time source is a compile error at that line
 * of config.c.  A job's start function receives the connected devices in the
 * order of MIRAGE_ARGS, as the runtime types of their kinds (struct
 * mirage_time *, ...); the generated mirage/keys.h declares its prototype.
 *
 * Configure-time keys (mirage_conf_*) and the target are plain C values, so
 * choosing an implementation per target or per key is an `if`.  Runtime
 * keys (mirage_key_*) become boot arguments of the unikernel; optional
 * settings are designated initialisers after the doc string:
 *     mirage_key_int("port", 8080, "The port.", .docv = "PORT")
 *
 * Errors: no function here returns an error.  A mistake (a bad key name or
 * default, a device the target lacks, an unknown configure key) ends the
 * program with one line "mirage: config.c:LINE: reason" and exit status 1.
 */

#include <mirage/key.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MIRAGE__HERE __FILE__, __LINE__

/* Targets. */
enum mirage_target {
    MIRAGE_TARGET_UNIX,
    MIRAGE_TARGET_HVT,
    MIRAGE_TARGET_SPT,
    MIRAGE_TARGET_VIRTIO,
};

/* The target given with -t/--target (default unix). */
enum mirage_target mirage_target(void);
const char *mirage_target_name(enum mirage_target t);

/* Configure-time keys: --NAME=VALUE on the mirage command line (a bool also
 * as --NAME alone); the default when absent. */
#define mirage_conf_string(name, def, doc) \
    mirage__conf_string(MIRAGE__HERE, (name), (def), (doc))
#define mirage_conf_bool(name, def, doc) \
    mirage__conf_bool(MIRAGE__HERE, (name), (def), (doc))
#define mirage_conf_int(name, def, doc) \
    mirage__conf_int(MIRAGE__HERE, (name), (def), (doc))

/* Runtime keys.  Names are lower-case letters, digits and '-'; the accessor
 * in mirage/keys.h is key_NAME with '-' turned into '_'.  The options after
 * the doc string are designated initialisers of struct mirage_key_opts. */
struct mirage_key_opts {
    int mirage__first; /* leave alone: lets the options be empty */
    const char *docv;  /* placeholder in --help, e.g. "PORT" */
    char sep;          /* list and pair separator (default ',') */
    bool required;     /* no default: booting without the key fails */
};
#define MIRAGE__OPTS(...) ((struct mirage_key_opts){0, __VA_ARGS__})
#define mirage_key_int(...) MIRAGE__KEY(mirage__key_int, __VA_ARGS__, )
#define mirage_key_int64(...) MIRAGE__KEY(mirage__key_int64, __VA_ARGS__, )
#define mirage_key_bool(...) MIRAGE__KEY(mirage__key_bool, __VA_ARGS__, )
#define mirage_key_string(...) MIRAGE__KEY(mirage__key_string, __VA_ARGS__, )
/* mirage_key_list(name, ELEM, "default text", doc, opts...) and
 * mirage_key_pair(name, ELEM1, ELEM2, "default text", doc, opts...), with
 * ELEM one of MIRAGE_KEY_INT, MIRAGE_KEY_INT64, MIRAGE_KEY_BOOL,
 * MIRAGE_KEY_STRING. */
#define mirage_key_list(...) MIRAGE__KEYL(__VA_ARGS__, )
#define mirage_key_pair(...) MIRAGE__KEYP(__VA_ARGS__, )

/* Device kinds.  Each is its own type; pass a device to a job through the
 * mirage_arg_<kind>() of its kind. */
struct mirage_time_impl;     /* TIME: struct mirage_time * */
struct mirage_mclock_impl;   /* MCLOCK: struct mirage_mclock * */
struct mirage_pclock_impl;   /* PCLOCK: struct mirage_pclock * */
struct mirage_console_impl;  /* CONSOLE: struct mirage_console * */
struct mirage_random_impl;   /* RANDOM: struct mirage_random * */
struct mirage_info_impl;     /* INFO: const struct mirage_app * */
struct mirage_network_impl;  /* NETWORK: struct mirage_net * */
struct mirage_ethernet_impl; /* ETHERNET: struct mirage_ethernet * */
struct mirage_arp_impl;      /* ARP: struct mirage_arp * */
struct mirage_ipv4_impl;     /* IPV4: struct mirage_ipv4 * */
struct mirage_icmp_impl;     /* ICMP: struct mirage_icmp * */
struct mirage_udp_impl;      /* UDP: struct mirage_udp * */
struct mirage_tcp_impl;      /* TCP: struct mirage_tcp * */
struct mirage_stack_impl;    /* STACKV4V6: struct mirage_stack * */
struct mirage_block_impl;    /* BLOCK: struct mirage_block * */
struct mirage_kv_ro_impl;    /* KV_RO: struct mirage_kv_ro * */
struct mirage_kv_rw_impl;    /* KV_RW: struct mirage_kv_rw * */
struct mirage_http_impl;     /* HTTP: struct mirage_tcp_listener * */

/* The devices (see `mirage help devices`). */
#define mirage_default_time() mirage__default_time(MIRAGE__HERE)
#define mirage_default_monotonic_clock() \
    mirage__default_monotonic_clock(MIRAGE__HERE)
#define mirage_default_posix_clock() mirage__default_posix_clock(MIRAGE__HERE)
#define mirage_default_console() mirage__default_console(MIRAGE__HERE)
#define mirage_default_random() mirage__default_random(MIRAGE__HERE)
#define mirage_app_info() mirage__app_info(MIRAGE__HERE)

/*
 * Network.  default_network is the tap "tap0" on unix (the runtime key
 * --interface chooses another) and the Solo5 device "service" on hvt/spt
 * (run with --net:service=TAP).  netif(NAME) is the same with another name.
 * A stack is what applications usually take:
 *   generic_stackv4v6(net): the configure key --net=direct|socket chooses
 *     (socket is unix only; without --net: socket on unix, direct elsewhere);
 *   direct_stackv4v6(net, eth, arp, ipv4): Ethernet, ARP, IPv4, ICMP, UDP
 *     and TCP in the unikernel, over the layers given;
 *   socket_stackv4v6(): host sockets (unix only), runtime key --ipv4
 *     (default 0.0.0.0/0: every address of the host).
 * create_ipv4 takes the runtime keys --ipv4=ADDR/PREFIX (default
 * 10.0.0.2/24) and --ipv4-gateway=IP (default none).
 * Options after the arguments are designated initialisers of struct
 * mirage_dev_opts: .group = "G" prefixes the keys the device declares
 * (--G-interface, --G-ipv4, --G-net), so two stacks can coexist.
 */
struct mirage_dev_opts {
    int mirage__first; /* leave alone: lets the options be empty */
    const char *group; /* prefix of the device's keys */
    uint64_t size;     /* ramdisk: bytes (default 16 MiB) */
};
#define mirage_default_network() mirage__default_network(MIRAGE__HERE)
#define mirage_netif(...) MIRAGE__DEV1(mirage__netif, __VA_ARGS__, )
#define mirage_ethif(net) mirage__ethif(MIRAGE__HERE, net)
#define mirage_arp(eth) mirage__arp(MIRAGE__HERE, eth)
#define mirage_create_ipv4(...) MIRAGE__DEV2(mirage__create_ipv4, __VA_ARGS__, )
#define mirage_direct_icmpv4(ip) mirage__direct_icmpv4(MIRAGE__HERE, ip)
#define mirage_direct_udp(ip) mirage__direct_udp(MIRAGE__HERE, ip)
#define mirage_direct_tcp(ip) mirage__direct_tcp(MIRAGE__HERE, ip)
#define mirage_direct_stackv4v6(net, eth, arp, ip) \
    mirage__direct_stackv4v6(MIRAGE__HERE, net, eth, arp, ip)
#define mirage_socket_stackv4v6(...) \
    mirage__socket_stackv4v6(MIRAGE__HERE, MIRAGE__DOPTS(__VA_ARGS__))
#define mirage_generic_stackv4v6(...) \
    MIRAGE__DEV1(mirage__generic_stackv4v6, __VA_ARGS__, )
/* The TCP of a stack (MirageOS's tcpv4v6_of_stackv4v6). */
#define mirage_tcpv4v6_of_stackv4v6(stack) \
    mirage__tcpv4v6_of_stackv4v6(MIRAGE__HERE, stack)

/*
 * Storage.  block_of_file(NAME): on unix the file NAME (relative to where
 * the unikernel runs), on hvt/spt the Solo5 block device NAME (letters and
 * digits; run with --block:NAME=FILE).  ramdisk(NAME): a zeroed disk in
 * memory (.size bytes, default 16 MiB).  generic_block(NAME): the
 * configure key --block=file|ramdisk chooses (default file).
 *
 * Read-only stores: crunch(DIR) embeds the folder DIR (relative to
 * config.c) in the image at build time, and the build redoes it when a
 * file in DIR changes; direct_kv_ro(DIR) reads the host folder at run time
 * on unix and is crunch elsewhere; generic_kv_ro(DIR) chooses with the
 * configure key --kv-ro=crunch|direct (also --kv_ro; default crunch);
 * tar_kv_ro(block) reads a tar archive on a block device; kv_ro_of_rw
 * gives the read side of a read-write store.
 * Read-write stores: kv_rw_mem() in memory; kv_ring(block) a log on a
 * block device that survives a crash at any moment (a device of zeros is
 * formatted at connect); direct_kv_rw(DIR) a host folder (unix only).
 */
#define mirage_block_of_file(name) mirage__block_of_file(MIRAGE__HERE, name)
#define mirage_ramdisk(...) MIRAGE__DEV1(mirage__ramdisk, __VA_ARGS__, )
#define mirage_generic_block(...) \
    MIRAGE__DEV1(mirage__generic_block, __VA_ARGS__, )
#define mirage_crunch(dir) mirage__crunch(MIRAGE__HERE, dir)
#define mirage_direct_kv_ro(dir) mirage__direct_kv_ro(MIRAGE__HERE, dir)
#define mirage_generic_kv_ro(...) \
    MIRAGE__DEV1(mirage__generic_kv_ro, __VA_ARGS__, )
#define mirage_tar_kv_ro(block) mirage__tar_kv_ro(MIRAGE__HERE, block)
#define mirage_kv_ro_of_rw(kv) mirage__kv_ro_of_rw(MIRAGE__HERE, kv)
#define mirage_kv_rw_mem() mirage__kv_rw_mem(MIRAGE__HERE)
#define mirage_kv_ring(block) mirage__kv_ring(MIRAGE__HERE, block)
#define mirage_direct_kv_rw(dir) mirage__direct_kv_rw(MIRAGE__HERE, dir)

/*
 * HTTP.  http_server(port, stack) listens on the TCP port given by the
 * int runtime key port (declared in config.c, like --port or --http) of
 * the stack; the job receives the listener, to serve with <mirage/http.h>:
 *     struct mirage_http_server *srv;
 *     int err = mirage_http_server_create(NULL, handler, NULL, &srv);
 *     return err < 0 ? err : mirage_http_serve(srv, listener);
 */
#define mirage_http_server(port, stack) \
    mirage__http_server(MIRAGE__HERE, port, stack)

/* Jobs: a start function of the application and what it receives. */
struct mirage_job;
struct mirage_arg;
struct mirage_arg *mirage_arg_time(struct mirage_time_impl *d);
struct mirage_arg *mirage_arg_mclock(struct mirage_mclock_impl *d);
struct mirage_arg *mirage_arg_pclock(struct mirage_pclock_impl *d);
struct mirage_arg *mirage_arg_console(struct mirage_console_impl *d);
struct mirage_arg *mirage_arg_random(struct mirage_random_impl *d);
struct mirage_arg *mirage_arg_info(struct mirage_info_impl *d);
struct mirage_arg *mirage_arg_network(struct mirage_network_impl *d);
struct mirage_arg *mirage_arg_ethernet(struct mirage_ethernet_impl *d);
struct mirage_arg *mirage_arg_arp(struct mirage_arp_impl *d);
struct mirage_arg *mirage_arg_ipv4(struct mirage_ipv4_impl *d);
struct mirage_arg *mirage_arg_icmp(struct mirage_icmp_impl *d);
struct mirage_arg *mirage_arg_udp(struct mirage_udp_impl *d);
struct mirage_arg *mirage_arg_tcp(struct mirage_tcp_impl *d);
struct mirage_arg *mirage_arg_stack(struct mirage_stack_impl *d);
struct mirage_arg *mirage_arg_block(struct mirage_block_impl *d);
struct mirage_arg *mirage_arg_kv_ro(struct mirage_kv_ro_impl *d);
struct mirage_arg *mirage_arg_kv_rw(struct mirage_kv_rw_impl *d);
struct mirage_arg *mirage_arg_http(struct mirage_http_impl *d);

/* NULL-terminated lists, made by the macros below. */
struct mirage_key_set {
    struct mirage_key *const *v;
};
struct mirage_arg_set {
    struct mirage_arg *const *v;
};
/* MIRAGE_KEYS(k1, k2, ...) and MIRAGE_ARGS(a1, a2, ...); both may be empty.
 * (They use __VA_OPT__: GCC 8 or Clang 6 and later.) */
#define MIRAGE_KEYS(...) MIRAGE__SET(mirage_key_set, mirage_key, __VA_ARGS__)
#define MIRAGE_ARGS(...) MIRAGE__SET(mirage_arg_set, mirage_arg, __VA_ARGS__)

/* int FN(args...) is called with the connected devices; its return value
 * is the unikernel's exit status. */
#define mirage_foreign(fn, keys, args) \
    mirage__foreign(MIRAGE__HERE, (fn), (keys), (args))
/* A job that does nothing. */
#define mirage_noop() mirage__noop(MIRAGE__HERE)

/* Plans the unikernel NAME running the jobs given after it (possibly none)
 * and runs the command of argv; returns the exit status for main. */
#define mirage_register(...) MIRAGE__REGISTER(__VA_ARGS__, )

/* Implementation of the macros above. */
#define MIRAGE__KEY(fn, name, def, doc, ...) \
    fn(MIRAGE__HERE, (name), (def), (doc), MIRAGE__OPTS(__VA_ARGS__))
#define MIRAGE__KEYL(name, elem, def, doc, ...)                  \
    mirage__key_list(MIRAGE__HERE, (name), (elem), (def), (doc), \
                     MIRAGE__OPTS(__VA_ARGS__))
#define MIRAGE__KEYP(name, e1, e2, def, doc, ...)                    \
    mirage__key_pair(MIRAGE__HERE, (name), (e1), (e2), (def), (doc), \
                     MIRAGE__OPTS(__VA_ARGS__))
#define MIRAGE__DOPTS(...) ((struct mirage_dev_opts){0, __VA_ARGS__})
/* Device arguments are not parenthesised, so that a device of the wrong
 * kind is reported at config.c's line. */
#define MIRAGE__DEV1(fn, a, ...) fn(MIRAGE__HERE, a, MIRAGE__DOPTS(__VA_ARGS__))
#define MIRAGE__DEV2(fn, a, b, ...) \
    fn(MIRAGE__HERE, a, b, MIRAGE__DOPTS(__VA_ARGS__))
/* Each element is written once, so a mistake is reported once. */
#define MIRAGE__SET(set, elem, ...) \
    ((struct set){(struct elem *const[]){__VA_ARGS__ __VA_OPT__(, ) NULL}})
/* The empty last argument of mirage_register() ends the jobs with ", ". */
#define MIRAGE__REGISTER(argc, argv, name, ...)            \
    mirage__register(MIRAGE__HERE, (argc), (argv), (name), \
                     (struct mirage__job_set){             \
                         (struct mirage_job *const[]){__VA_ARGS__ NULL}})
struct mirage__job_set {
    struct mirage_job *const *v;
};

const char *mirage__conf_string(const char *file, int line, const char *name,
                                const char *def, const char *doc);
bool mirage__conf_bool(const char *file, int line, const char *name, bool def,
                       const char *doc);
int mirage__conf_int(const char *file, int line, const char *name, int def,
                     const char *doc);
struct mirage_key *mirage__key_int(const char *file, int line, const char *name,
                                   int def, const char *doc,
                                   struct mirage_key_opts o);
struct mirage_key *mirage__key_int64(const char *file, int line,
                                     const char *name, int64_t def,
                                     const char *doc, struct mirage_key_opts o);
struct mirage_key *mirage__key_bool(const char *file, int line,
                                    const char *name, bool def, const char *doc,
                                    struct mirage_key_opts o);
struct mirage_key *mirage__key_string(const char *file, int line,
                                      const char *name, const char *def,
                                      const char *doc,
                                      struct mirage_key_opts o);
struct mirage_key *mirage__key_list(const char *file, int line,
                                    const char *name, enum mirage_key_type elem,
                                    const char *def, const char *doc,
                                    struct mirage_key_opts o);
struct mirage_key *mirage__key_pair(const char *file, int line,
                                    const char *name, enum mirage_key_type e1,
                                    enum mirage_key_type e2, const char *def,
                                    const char *doc, struct mirage_key_opts o);
struct mirage_time_impl *mirage__default_time(const char *file, int line);
struct mirage_mclock_impl *mirage__default_monotonic_clock(const char *file,
                                                           int line);
struct mirage_pclock_impl *mirage__default_posix_clock(const char *file,
                                                       int line);
struct mirage_console_impl *mirage__default_console(const char *file, int line);
struct mirage_random_impl *mirage__default_random(const char *file, int line);
struct mirage_info_impl *mirage__app_info(const char *file, int line);
struct mirage_network_impl *mirage__default_network(const char *file, int line);
struct mirage_network_impl *mirage__netif(const char *file, int line,
                                          const char *name,
                                          struct mirage_dev_opts o);
struct mirage_ethernet_impl *mirage__ethif(const char *file, int line,
                                           struct mirage_network_impl *net);
struct mirage_arp_impl *mirage__arp(const char *file, int line,
                                    struct mirage_ethernet_impl *eth);
struct mirage_ipv4_impl *mirage__create_ipv4(const char *file, int line,
                                             struct mirage_ethernet_impl *eth,
                                             struct mirage_arp_impl *arp,
                                             struct mirage_dev_opts o);
struct mirage_icmp_impl *mirage__direct_icmpv4(const char *file, int line,
                                               struct mirage_ipv4_impl *ip);
struct mirage_udp_impl *mirage__direct_udp(const char *file, int line,
                                           struct mirage_ipv4_impl *ip);
struct mirage_tcp_impl *mirage__direct_tcp(const char *file, int line,
                                           struct mirage_ipv4_impl *ip);
struct mirage_stack_impl *mirage__direct_stackv4v6(
    const char *file, int line, struct mirage_network_impl *net,
    struct mirage_ethernet_impl *eth, struct mirage_arp_impl *arp,
    struct mirage_ipv4_impl *ip);
struct mirage_stack_impl *mirage__socket_stackv4v6(const char *file, int line,
                                                   struct mirage_dev_opts o);
struct mirage_stack_impl *
mirage__generic_stackv4v6(const char *file, int line,
                          struct mirage_network_impl *net,
                          struct mirage_dev_opts o);
struct mirage_tcp_impl *
mirage__tcpv4v6_of_stackv4v6(const char *file, int line,
                             struct mirage_stack_impl *stack);
struct mirage_block_impl *mirage__block_of_file(const char *file, int line,
                                                const char *name);
struct mirage_block_impl *mirage__ramdisk(const char *file, int line,
                                          const char *name,
                                          struct mirage_dev_opts o);
struct mirage_block_impl *mirage__generic_block(const char *file, int line,
                                                const char *name,
                                                struct mirage_dev_opts o);
struct mirage_kv_ro_impl *mirage__crunch(const char *file, int line,
                                         const char *dir);
struct mirage_kv_ro_impl *mirage__direct_kv_ro(const char *file, int line,
                                               const char *dir);
struct mirage_kv_ro_impl *mirage__generic_kv_ro(const char *file, int line,
                                                const char *dir,
                                                struct mirage_dev_opts o);
struct mirage_kv_ro_impl *mirage__tar_kv_ro(const char *file, int line,
                                            struct mirage_block_impl *block);
struct mirage_kv_ro_impl *mirage__kv_ro_of_rw(const char *file, int line,
                                              struct mirage_kv_rw_impl *kv);
struct mirage_kv_rw_impl *mirage__kv_rw_mem(const char *file, int line);
struct mirage_kv_rw_impl *mirage__kv_ring(const char *file, int line,
                                          struct mirage_block_impl *block);
struct mirage_kv_rw_impl *mirage__direct_kv_rw(const char *file, int line,
                                               const char *dir);
struct mirage_http_impl *mirage__http_server(const char *file, int line,
                                             struct mirage_key *port,
                                             struct mirage_stack_impl *stack);
struct mirage_job *mirage__foreign(const char *file, int line, const char *fn,
                                   struct mirage_key_set keys,
                                   struct mirage_arg_set args);
struct mirage_job *mirage__noop(const char *file, int line);
int mirage__register(const char *file, int line, int argc, char **argv,
                     const char *name, struct mirage__job_set jobs);

#endif

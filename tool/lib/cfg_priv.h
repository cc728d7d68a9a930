/* SPDX-License-Identifier: ISC */
/* Internals of the configuration library (libmirage_config.a), shared by its
 * files. */
#ifndef MIRAGE_CFG_PRIV_H
#define MIRAGE_CFG_PRIV_H

#include <mirage/config.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#ifndef MIRAGE_VERSION
#define MIRAGE_VERSION "unknown"
#endif

/* util.c: every allocation failure ends the program (this is a tool). */
_Noreturn void mirage__cfg_die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
_Noreturn void mirage__cfg_die_at(const char *file, int line, const char *fmt,
                                  ...) __attribute__((format(printf, 3, 4)));
void *mirage__cfg_alloc(size_t n);
char *mirage__cfg_strdup(const char *s);
char *mirage__cfg_fmt(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

struct mirage__cfg_vec {
    void **v;
    size_t n, cap;
};
void mirage__cfg_vec_push(struct mirage__cfg_vec *v, void *item);
bool mirage__cfg_vec_has(const struct mirage__cfg_vec *v, const void *item);

/* A growing text buffer for generated files. */
struct mirage__cfg_buf {
    char *p;
    size_t len, cap;
};
void mirage__cfg_buf_add(struct mirage__cfg_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void mirage__cfg_buf_vadd(struct mirage__cfg_buf *b, const char *fmt,
                          va_list ap);
/* Appends s as a C string literal, quotes included (also valid in dot
 * and, for printable ASCII, JSON). */
void mirage__cfg_buf_quote(struct mirage__cfg_buf *b, const char *s);
/* Appends "HEAD(ARG, ARG...)TAIL", wrapping the arguments under the first
 * at 80 columns as clang-format does; col is where HEAD starts. */
void mirage__cfg_buf_call(struct mirage__cfg_buf *b, size_t col,
                          const char *head, char *const *args, size_t n,
                          const char *tail);
void mirage__cfg_buf_free(struct mirage__cfg_buf *b);

/* files.c */
char *mirage__cfg_read_file(const char *path, size_t *len);
/* Writes the buffer to path unless path already holds exactly that; dies on
 * error.  Returns true if the file was written. */
bool mirage__cfg_write_if_changed(const char *path,
                                  const struct mirage__cfg_buf *b);
bool mirage__cfg_exists(const char *path);
void mirage__cfg_mkdir(const char *path);
void mirage__cfg_remove(
    const char *path); /* files and trees; no error if absent */
/* Runs argv[0] (searched in PATH) with argv; returns its exit status, or
 * 127 if it could not run. */
int mirage__cfg_run(char *const argv[]);

/* targets.c */
struct mirage__cfg_target {
    const char *name;
    const char *ext;      /* of dist/NAME */
    const char *platform; /* the platform library */
    const char *runner;   /* how to run the artefact, "" for directly */
    bool solo5;           /* has a Solo5 manifest */
    bool available;
};
extern const struct mirage__cfg_target mirage__cfg_targets[];
#define MIRAGE__TARGET_COUNT 4
#define MIRAGE__T(t) (1u << (t))
#define MIRAGE__T_ALL                                               \
    (MIRAGE__T(MIRAGE_TARGET_UNIX) | MIRAGE__T(MIRAGE_TARGET_HVT) | \
     MIRAGE__T(MIRAGE_TARGET_SPT))
/* Parses a target name; dies with the list of targets if unknown. */
enum mirage_target mirage__cfg_target_parse(const char *s);

/* cli.c: the command line of `mirage` and of config.exe (same grammar). */
enum mirage__cfg_cmd {
    MIRAGE__CMD_NONE,
    MIRAGE__CMD_CONFIGURE,
    MIRAGE__CMD_BUILD,
    MIRAGE__CMD_CLEAN,
    MIRAGE__CMD_QUERY,
    MIRAGE__CMD_DESCRIBE,
    MIRAGE__CMD_HELP,
    MIRAGE__CMD_VERSION,
};
struct mirage__cfg_conf_arg {
    char *name;
    char *value; /* NULL when given as --NAME alone */
    bool used;
};
struct mirage__cfg_cli {
    enum mirage__cfg_cmd cmd;
    enum mirage_target target;
    bool target_given;
    const char *file;       /* the configuration file, "config.c" by default */
    int file_from, file_to; /* where -f FILE is in argv, if given there */
    const char *output;     /* -o of configure: the unikernel's name */
    const char *dot_file;   /* -o of describe */
    const char *topic;      /* query INFO, help TOPIC */
    bool dot;
    bool configured;             /* mirage/context was read */
    struct mirage__cfg_vec conf; /* struct mirage__cfg_conf_arg */
};
#define MIRAGE__CONTEXT "mirage/context"
/* Parses argv (argv[0] is the program); dies with one line on error.  For
 * every command but configure, the arguments saved in mirage/context come
 * first, so the command line overrides them. */
void mirage__cfg_cli_parse(struct mirage__cfg_cli *cli, int argc,
                           char *const argv[]);
/* The arguments of configure in normal form, for mirage/context and for
 * handing over to config.exe. */
void mirage__cfg_cli_context(const struct mirage__cfg_cli *cli,
                             struct mirage__cfg_buf *out);
const char *mirage__cfg_cmd_name(enum mirage__cfg_cmd c);
/* The parsed command line of this process (config.exe), parsed on first
 * use from the arguments main received. */
struct mirage__cfg_cli *mirage__cfg_cli_self(void);
void mirage__cfg_cli_set_args(int argc, char **argv);

/* help.c */
void mirage__cfg_help(const char *topic);
void mirage__cfg_version(void);

/* Device kinds (kinds.c).  Adding a kind: an enum value here, a line in
 * the table in kinds.c, and in <mirage/config.h> its struct and arg
 * function. */
enum mirage__cfg_kind_id {
    MIRAGE__K_TIME,
    MIRAGE__K_MCLOCK,
    MIRAGE__K_PCLOCK,
    MIRAGE__K_CONSOLE,
    MIRAGE__K_RANDOM,
    MIRAGE__K_INFO,
    MIRAGE__K_NETWORK,
    MIRAGE__K_ETHERNET,
    MIRAGE__K_ARP,
    MIRAGE__K_IPV4,
    MIRAGE__K_ICMP,
    MIRAGE__K_UDP,
    MIRAGE__K_TCP,
    MIRAGE__K_STACK,
    MIRAGE__K_BLOCK,
    MIRAGE__K_KV_RO,
    MIRAGE__K_KV_RW,
    MIRAGE__K_HTTP,
    MIRAGE__K_COUNT,
};
struct mirage__cfg_kind {
    const char *name;   /* "time": variables time0, time1... */
    const char *c_type; /* the runtime type, "struct mirage_time *" */
    const char *header; /* where it is declared, "mirage/time.h" */
};
extern const struct mirage__cfg_kind mirage__cfg_kinds[MIRAGE__K_COUNT];

/* Implementations (the catalogue, catalogue.c; one file dev_*.c each). */
#define MIRAGE__MAX_DEPS 8
#define MIRAGE__MAX_LIBS 12
struct mirage__cfg_impl {
    const char *name; /* "default_time" */
    enum mirage__cfg_kind_id kind;
    const char *connect; /* int CONNECT(deps..., cargs..., T *out) */
    const char *expr;    /* or an expression of type T that cannot fail */
    /* Every library the connect call needs, -lmirage_<lib> (NULL-ended;
     * none: the runtime's); the plan orders them (plan.c). */
    const char *libs[MIRAGE__MAX_LIBS];
    const char *header; /* declares CONNECT, if not the kind's header */
    unsigned targets;   /* MIRAGE__T() mask */
    enum mirage__cfg_kind_id deps[MIRAGE__MAX_DEPS]; /* kinds it takes */
    size_t ndeps;
    const char *doc;
};
extern const struct mirage__cfg_impl *const mirage__cfg_catalogue[];
extern const size_t mirage__cfg_catalogue_len;

/* A constant argument of a connect call after the devices. */
enum mirage__cfg_carg_type {
    MIRAGE__CARG_STRING, /* a C string literal */
    MIRAGE__CARG_INT,    /* an integer literal */
    MIRAGE__CARG_KEY,    /* the value of a runtime key, key_NAME() */
    MIRAGE__CARG_EXPR,   /* a C expression, written as is */
};
struct mirage__cfg_carg {
    enum mirage__cfg_carg_type type;
    const char *s;
    long long i;
    struct mirage_key *key;
};

/* Solo5 manifest entry types. */
enum mirage__cfg_mft_type {
    MIRAGE__MFT_BLOCK = 1,
    MIRAGE__MFT_NET = 2,
};
struct mirage__cfg_mft {
    const char *name;
    enum mirage__cfg_mft_type type;
};

/* A device in the graph. */
#define MIRAGE__MAX_CARGS 8
#define MIRAGE__MAX_DEV_KEYS 8
#define MIRAGE__MAX_DEV_MFT 4
struct mirage__cfg_dev {
    const struct mirage__cfg_impl *impl;
    struct mirage__cfg_dev *deps[MIRAGE__MAX_DEPS];
    size_t ndeps;
    struct mirage__cfg_carg cargs[MIRAGE__MAX_CARGS];
    size_t ncargs;
    struct mirage_key *keys[MIRAGE__MAX_DEV_KEYS]; /* runtime keys it adds */
    size_t nkeys;
    struct mirage__cfg_mft mft[MIRAGE__MAX_DEV_MFT];
    size_t nmft;
    const char *crunch; /* a folder embedded at build time (see plan) */
    const char *file;
    int line;
    char var[48]; /* its variable in main.c, set by the plan */
    int mark;     /* plan traversal */
};
/* Returns the device equal to proto (same implementation, dependencies and
 * arguments) if one exists, else a new copy of proto. */
struct mirage__cfg_dev *mirage__cfg_dev_add(const struct mirage__cfg_dev *p);
/* A new device of impl with no dependencies or arguments. */
struct mirage__cfg_dev *mirage__cfg_dev_simple(const struct mirage__cfg_impl *i,
                                               const char *file, int line);
/* A device of impl over n devices (no other arguments); MIRAGE__OVER
 * counts them, inside a function with file and line. */
struct mirage__cfg_dev *mirage__cfg_dev_over(const struct mirage__cfg_impl *i,
                                             const char *file, int line,
                                             size_t n, void *const *deps);
#define MIRAGE__OVER(impl, ...)                                            \
    mirage__cfg_dev_over(impl, file, line,                                 \
                         sizeof((void *[]){__VA_ARGS__}) / sizeof(void *), \
                         (void *const[]){__VA_ARGS__})
/* Helpers for building a device prototype. */
void mirage__cfg_dev_dep(struct mirage__cfg_dev *d, void *dep);
void mirage__cfg_dev_str(struct mirage__cfg_dev *d, const char *s);
void mirage__cfg_dev_int(struct mirage__cfg_dev *d, long long i);
void mirage__cfg_dev_expr(struct mirage__cfg_dev *d, const char *c);
/* Adds a runtime key the device takes and passes its value to connect. */
void mirage__cfg_dev_key(struct mirage__cfg_dev *d, struct mirage_key *k);
void mirage__cfg_dev_mft(struct mirage__cfg_dev *d, const char *name,
                         enum mirage__cfg_mft_type type);
/* Checks a device's name argument is a non-empty string. */
const char *mirage__cfg_dev_name_arg(const char *file, int line,
                                     const char *dev, const char *name);
/* "GROUP-NAME", or NAME without a group; dies on a malformed group. */
char *mirage__cfg_grouped(const char *file, int line, const char *group,
                          const char *name);

struct mirage_job {
    const char *fn;              /* NULL: noop */
    struct mirage__cfg_vec keys; /* struct mirage_key */
    struct mirage__cfg_vec args; /* struct mirage__cfg_dev */
    const char *file;
    int line;
    char var[16]; /* job0, job1... */
};

/* keys.c: runtime keys (struct mirage_key from <mirage/key.h>). */
void mirage__cfg_key_check_name(const char *file, int line, const char *name,
                                const char *what);
/* The accessor of k: "key_" + name with '-' as '_'. */
void mirage__cfg_key_accessor(const struct mirage_key *k, char *buf,
                              size_t len);
/* The C type the accessor returns. */
const char *mirage__cfg_key_ctype(const struct mirage_key *k);
/* A runtime key a device declares (--ipv4, --interface): devices declaring
 * the same name with the same type and default share it; a clash with a
 * key of config.c or a different default dies.  def NULL: required. */
struct mirage_key *mirage__cfg_device_key(const char *file, int line,
                                          const char *name,
                                          enum mirage_key_type type,
                                          const char *def, const char *doc,
                                          const char *docv);

/* The crunch device's image variable, mirage_crunch_<id>, for the folder
 * dir: id is dir with every character but letters and digits as '_'. */
char *mirage__cfg_crunch_id(const char *dir);

/* conf.c: configure-time keys as declared by config.c. */
struct mirage__cfg_conf_key {
    struct mirage_key key; /* type, name, doc, default */
    const char *value;     /* the text given, or NULL */
};
extern struct mirage__cfg_vec mirage__cfg_conf_keys;
/* Dies if the command line has a --KEY config.c never declared. */
void mirage__cfg_conf_check_unused(void);

/* plan.c: everything the generators need, computed once. */
struct mirage__cfg_plan {
    const char *name; /* the unikernel (and artefact) name */
    enum mirage_target target;
    const struct mirage__cfg_target *t;
    const char *config_file;
    struct mirage__cfg_vec jobs;   /* struct mirage_job, registered order */
    struct mirage__cfg_vec devs;   /* struct mirage__cfg_dev, connect order */
    struct mirage__cfg_vec keys;   /* struct mirage_key, runtime keys */
    struct mirage__cfg_vec libs;   /* char *: device libraries, link order */
    struct mirage__cfg_vec mft;    /* struct mirage__cfg_mft */
    struct mirage__cfg_vec srcs;   /* char *: application sources */
    struct mirage__cfg_vec crunch; /* struct mirage__cfg_dev: crunch stores */
    const char *prefix;            /* where the libraries are */
};
void mirage__cfg_plan_make(struct mirage__cfg_plan *p, const char *file,
                           int line, const char *name,
                           struct mirage__job_set jobs);
/* Every library linked, in link order: the devices', the runtime, rng,
 * the platform, nolibc for guests. */
void mirage__cfg_plan_libraries(const struct mirage__cfg_plan *p,
                                struct mirage__cfg_vec *out);
/* The artefact, "dist/NAME.EXT" (allocated). */
char *mirage__cfg_artefact(const struct mirage__cfg_plan *p);

/* Generators (gen_*.c): each fills a buffer with one file. */
void mirage__cfg_gen_main(const struct mirage__cfg_plan *p,
                          struct mirage__cfg_buf *b);
void mirage__cfg_gen_keys_c(const struct mirage__cfg_plan *p,
                            struct mirage__cfg_buf *b);
void mirage__cfg_gen_keys_h(const struct mirage__cfg_plan *p,
                            struct mirage__cfg_buf *b);
void mirage__cfg_gen_manifest_json(const struct mirage__cfg_plan *p,
                                   struct mirage__cfg_buf *b);
void mirage__cfg_gen_manifest_c(const struct mirage__cfg_plan *p,
                                struct mirage__cfg_buf *b);
void mirage__cfg_gen_makefile(const struct mirage__cfg_plan *p,
                              struct mirage__cfg_buf *b);
/* The first line of every generated Makefile (clean removes only those). */
#define MIRAGE__MAKEFILE_MARK "# Generated by mirage configure"

/* describe.c, query.c */
void mirage__cfg_describe(const struct mirage__cfg_plan *p,
                          struct mirage__cfg_buf *b);
/* One line on a runtime key: "--NAME=TYPE (TYPE, default "X"): DOC". */
void mirage__cfg_describe_key(const struct mirage_key *k,
                              struct mirage__cfg_buf *b);
void mirage__cfg_describe_dot(const struct mirage__cfg_plan *p,
                              struct mirage__cfg_buf *b);
void mirage__cfg_query(const struct mirage__cfg_plan *p, const char *what,
                       struct mirage__cfg_buf *b);

/* actions.c: what the commands do to the project folder. */
void mirage__cfg_clean(void);
int mirage__cfg_configure(const struct mirage__cfg_plan *p, bool quiet);
int mirage__cfg_build(const struct mirage__cfg_plan *p);

#endif

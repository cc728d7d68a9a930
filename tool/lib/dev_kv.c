/* SPDX-License-Identifier: ISC */
/* Key-value stores: crunch, direct_kv_ro, generic_kv_ro (--kv-ro),
 * tar_kv_ro, kv_ro_of_rw, kv_rw_mem, kv_ring and direct_kv_rw. */
#include "cfg_priv.h"

#include <string.h>
#include <sys/stat.h>

const struct mirage__cfg_impl mirage__cfg_impl_crunch = {
    .name = "crunch",
    .kind = MIRAGE__K_KV_RO,
    .connect = "mirage_kv_crunch_connect",
    .libs = {"kv_crunch", "kv"},
    .targets = MIRAGE__T_ALL,
    .doc = "a folder embedded in the image at build time",
};

const struct mirage__cfg_impl mirage__cfg_impl_direct_kv_ro = {
    .name = "direct_kv_ro",
    .kind = MIRAGE__K_KV_RO,
    .connect = "mirage_kv_direct_ro_connect",
    .libs = {"hostfs", "kv"},
    .targets = MIRAGE__T(MIRAGE_TARGET_UNIX),
    .doc = "a folder of the host, read at run time (elsewhere: crunch)",
};

const struct mirage__cfg_impl mirage__cfg_impl_tar_kv_ro = {
    .name = "tar_kv_ro",
    .kind = MIRAGE__K_KV_RO,
    .connect = "mirage_kv_tar_connect",
    .libs = {"kv_tar", "kv", "block"},
    .targets = MIRAGE__T_ALL,
    .deps = {MIRAGE__K_BLOCK},
    .ndeps = 1,
    .doc = "a tar archive on a block device",
};

const struct mirage__cfg_impl mirage__cfg_impl_kv_ro_of_rw = {
    .name = "kv_ro_of_rw",
    .kind = MIRAGE__K_KV_RO,
    .connect = "mirage_connect_kv_ro_of_rw",
    .libs = {"connect"},
    .header = "mirage/connect.h",
    .targets = MIRAGE__T_ALL,
    .deps = {MIRAGE__K_KV_RW},
    .ndeps = 1,
    .doc = "the read side of a read-write store",
};

const struct mirage__cfg_impl mirage__cfg_impl_kv_rw_mem = {
    .name = "kv_rw_mem",
    .kind = MIRAGE__K_KV_RW,
    .connect = "mirage_kv_mem_connect",
    .libs = {"kv_mem", "kv"},
    .targets = MIRAGE__T_ALL,
    .doc = "a store in memory, empty at boot",
};

const struct mirage__cfg_impl mirage__cfg_impl_kv_ring = {
    .name = "kv_ring",
    .kind = MIRAGE__K_KV_RW,
    .connect = "mirage_kv_ring_connect",
    .libs = {"kv_ring", "kv", "block"},
    .targets = MIRAGE__T_ALL,
    .deps = {MIRAGE__K_BLOCK},
    .ndeps = 1,
    .doc = "a crash-safe log on a block device (formatted if all zeros)",
};

const struct mirage__cfg_impl mirage__cfg_impl_direct_kv_rw = {
    .name = "direct_kv_rw",
    .kind = MIRAGE__K_KV_RW,
    .connect = "mirage_kv_direct_rw_connect",
    .libs = {"hostfs", "kv"},
    .targets = MIRAGE__T(MIRAGE_TARGET_UNIX),
    .doc = "a folder of the host, read and written at run time",
};

/* "./a/b/" is "a/b".  A folder crunched at build time must exist now and
 * fit in a Makefile; one read at run time may not exist yet. */
static char *folder(const char *file, int line, const char *dev,
                    const char *dir, bool build_time)
{
    struct stat st;
    char *d;
    size_t n;

    mirage__cfg_dev_name_arg(file, line, dev, dir);
    while (strncmp(dir, "./", 2) == 0 && dir[2])
        dir += 2;
    d = mirage__cfg_strdup(dir);
    n = strlen(d);
    while (n > 1 && d[n - 1] == '/')
        d[--n] = '\0';
    if (!build_time)
        return d;
    if (strcmp(d, ".") == 0)
        mirage__cfg_die_at(file, line,
                           "%s: the project folder itself cannot be "
                           "embedded (it holds the build)",
                           dev);
    if (d[0] == '-' || strpbrk(d, " \t\n\\$#:%*?\"'=;|&<>()[]{}`~"))
        mirage__cfg_die_at(file, line,
                           "%s: the folder '%s' has characters a Makefile "
                           "cannot take",
                           dev, d);
    if (stat(d, &st) != 0 || !S_ISDIR(st.st_mode))
        mirage__cfg_die_at(file, line, "%s: '%s' is not a folder", dev, d);
    return d;
}

char *mirage__cfg_crunch_id(const char *dir)
{
    char *id = mirage__cfg_strdup(dir);

    for (char *c = id; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9')))
            *c = '_';
    return id;
}

struct mirage_kv_ro_impl *mirage__crunch(const char *file, int line,
                                         const char *dir)
{
    struct mirage__cfg_dev p = {
        .impl = &mirage__cfg_impl_crunch, .file = file, .line = line};
    char *d = folder(file, line, "crunch", dir, true);
    char *id = mirage__cfg_crunch_id(d);
    char *img = mirage__cfg_fmt("&mirage_crunch_%s", id);

    p.crunch = d;
    mirage__cfg_dev_expr(&p, img);
    return (struct mirage_kv_ro_impl *)mirage__cfg_dev_add(&p);
}

static void *with_dir(const struct mirage__cfg_impl *impl, const char *file,
                      int line, const char *dir)
{
    struct mirage__cfg_dev p = {.impl = impl, .file = file, .line = line};

    mirage__cfg_dev_str(&p, folder(file, line, impl->name, dir, false));
    return mirage__cfg_dev_add(&p);
}

struct mirage_kv_ro_impl *mirage__direct_kv_ro(const char *file, int line,
                                               const char *dir)
{
    if (mirage_target() != MIRAGE_TARGET_UNIX)
        return mirage__crunch(file, line, dir);
    return with_dir(&mirage__cfg_impl_direct_kv_ro, file, line, dir);
}

/* MirageOS's --kv_ro=crunch|direct (here --kv-ro, --kv_ro accepted). */
struct mirage_kv_ro_impl *mirage__generic_kv_ro(const char *file, int line,
                                                const char *dir,
                                                struct mirage_dev_opts o)
{
    char *kn = mirage__cfg_grouped(file, line, o.group, "kv-ro");
    const char *v = mirage__conf_string(
        file, line, kn, "crunch",
        "The store of generic_kv_ro: crunch (embedded at build time) or "
        "direct (the host folder, unix; crunch elsewhere).");

    if (strcmp(v, "crunch") == 0)
        return mirage__crunch(file, line, dir);
    if (strcmp(v, "direct") == 0)
        return mirage__direct_kv_ro(file, line, dir);
    mirage__cfg_die("configure key '--%s=%s': expected crunch or direct", kn,
                    v);
}

struct mirage_kv_ro_impl *mirage__tar_kv_ro(const char *file, int line,
                                            struct mirage_block_impl *block)
{
    return (void *)MIRAGE__OVER(&mirage__cfg_impl_tar_kv_ro, block);
}

struct mirage_kv_ro_impl *mirage__kv_ro_of_rw(const char *file, int line,
                                              struct mirage_kv_rw_impl *kv)
{
    return (void *)MIRAGE__OVER(&mirage__cfg_impl_kv_ro_of_rw, kv);
}

struct mirage_kv_rw_impl *mirage__kv_rw_mem(const char *file, int line)
{
    return (struct mirage_kv_rw_impl *)mirage__cfg_dev_simple(
        &mirage__cfg_impl_kv_rw_mem, file, line);
}

struct mirage_kv_rw_impl *mirage__kv_ring(const char *file, int line,
                                          struct mirage_block_impl *block)
{
    struct mirage__cfg_dev p = {
        .impl = &mirage__cfg_impl_kv_ring, .file = file, .line = line};

    mirage__cfg_dev_dep(&p, block);
    mirage__cfg_dev_expr(&p, "MIRAGE_KV_RING_FORMAT_IF_BLANK");
    return (struct mirage_kv_rw_impl *)mirage__cfg_dev_add(&p);
}

struct mirage_kv_rw_impl *mirage__direct_kv_rw(const char *file, int line,
                                               const char *dir)
{
    return with_dir(&mirage__cfg_impl_direct_kv_rw, file, line, dir);
}

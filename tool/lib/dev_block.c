/* SPDX-License-Identifier: ISC */
/* Block devices: block_of_file, ramdisk and generic_block (--block). */
#include "cfg_priv.h"

#include <string.h>

const struct mirage__cfg_impl mirage__cfg_impl_block_of_file = {
    .name = "block_of_file",
    .kind = MIRAGE__K_BLOCK,
    .connect = "mirage_block_connect",
    .libs = {"block"},
    .targets = MIRAGE__T_ALL,
    .doc = "a file (unix) or a Solo5 block device (hvt, spt)",
};

const struct mirage__cfg_impl mirage__cfg_impl_ramdisk = {
    .name = "ramdisk",
    .kind = MIRAGE__K_BLOCK,
    .connect = "mirage_block_ramdisk_connect",
    .libs = {"block"},
    .targets = MIRAGE__T_ALL,
    .doc = "a disk in memory, zeroed at boot",
};

#define RAMDISK_DEFAULT_SIZE (16u << 20)

struct mirage_block_impl *mirage__block_of_file(const char *file, int line,
                                                const char *name)
{
    struct mirage__cfg_dev p = {
        .impl = &mirage__cfg_impl_block_of_file, .file = file, .line = line};

    mirage__cfg_dev_name_arg(file, line, "block_of_file", name);
    mirage__cfg_dev_str(&p, name);
    if (mirage__cfg_targets[mirage_target()].solo5)
        mirage__cfg_dev_mft(&p, name, MIRAGE__MFT_BLOCK);
    return (struct mirage_block_impl *)mirage__cfg_dev_add(&p);
}

struct mirage_block_impl *mirage__ramdisk(const char *file, int line,
                                          const char *name,
                                          struct mirage_dev_opts o)
{
    struct mirage__cfg_dev p = {
        .impl = &mirage__cfg_impl_ramdisk, .file = file, .line = line};
    uint64_t size = o.size ? o.size : RAMDISK_DEFAULT_SIZE;

    mirage__cfg_dev_name_arg(file, line, "ramdisk", name);
    if (size < 512 || size > (1ull << 40))
        mirage__cfg_die_at(file, line,
                           "ramdisk: .size is 512 bytes to 1 TiB, not %llu",
                           (unsigned long long)size);
    mirage__cfg_dev_str(&p, name);
    mirage__cfg_dev_int(&p, (long long)size);
    return (struct mirage_block_impl *)mirage__cfg_dev_add(&p);
}

/* MirageOS's --block=xenstore|file|ramdisk; xenstore has no target here. */
struct mirage_block_impl *mirage__generic_block(const char *file, int line,
                                                const char *name,
                                                struct mirage_dev_opts o)
{
    char *kn = mirage__cfg_grouped(file, line, o.group, "block");
    const char *v = mirage__conf_string(
        file, line, kn, "file",
        "The block device of generic_block: file (block_of_file) or "
        "ramdisk.");

    if (strcmp(v, "file") == 0)
        return mirage__block_of_file(file, line, name);
    if (strcmp(v, "ramdisk") == 0)
        return mirage__ramdisk(file, line, name, o);
    mirage__cfg_die("configure key '--%s=%s': expected file or ramdisk", kn, v);
}

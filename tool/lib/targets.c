/* SPDX-License-Identifier: ISC */
/* The targets a unikernel can be built for. */
#include "cfg_priv.h"

#include <string.h>

const struct mirage__cfg_target mirage__cfg_targets[MIRAGE__TARGET_COUNT] = {
    [MIRAGE_TARGET_UNIX] = {"unix", "", "plat_unix", "", false, true},
    [MIRAGE_TARGET_HVT] = {"hvt", ".hvt", "plat_hvt", "mirage-hvt", true, true},
    [MIRAGE_TARGET_SPT] = {"spt", ".spt", "plat_spt", "mirage-spt", true, true},
    [MIRAGE_TARGET_VIRTIO] = {"virtio", ".virtio", "plat_virtio", "", true,
                              false},
};

const char *mirage_target_name(enum mirage_target t)
{
    if ((unsigned)t >= MIRAGE__TARGET_COUNT)
        return "?";
    return mirage__cfg_targets[t].name;
}

enum mirage_target mirage__cfg_target_parse(const char *s)
{
    for (unsigned t = 0; t < MIRAGE__TARGET_COUNT; t++) {
        if (strcmp(s, mirage__cfg_targets[t].name) != 0)
            continue;
        if (!mirage__cfg_targets[t].available)
            mirage__cfg_die("target '%s' is not available yet (available: "
                            "unix, hvt, spt)",
                            s);
        return (enum mirage_target)t;
    }
    mirage__cfg_die("unknown target '%s' (expected unix, hvt, spt, virtio)", s);
}

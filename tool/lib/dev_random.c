/* SPDX-License-Identifier: ISC */
/* Device default_random: the ChaCha20 DRBG of lib/rng (RANDOM). */
#include "cfg_priv.h"

const struct mirage__cfg_impl mirage__cfg_impl_default_random = {
    .name = "default_random",
    .kind = MIRAGE__K_RANDOM,
    .connect = "mirage_random_default_connect",
    .libs = {"rng"},
    .targets = MIRAGE__T_ALL,
    .doc = "ChaCha20 DRBG seeded from the platform's entropy",
};

struct mirage_random_impl *mirage__default_random(const char *file, int line)
{
    return (struct mirage_random_impl *)mirage__cfg_dev_simple(
        &mirage__cfg_impl_default_random, file, line);
}

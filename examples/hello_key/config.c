/* SPDX-License-Identifier: ISC */
/* Configuration of hello_key: the greeting is the runtime key --hello. */
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_key *hello =
        mirage_key_string("hello", "Hello World!", "How to say hello.");
    struct mirage_time_impl *time = mirage_default_time();
    struct mirage_job *job =
        mirage_foreign("unikernel_start", MIRAGE_KEYS(hello),
                       MIRAGE_ARGS(mirage_arg_time(time)));

    return mirage_register(argc, argv, "hello_key", job);
}

/* SPDX-License-Identifier: ISC */
/* A configuration using every part of <mirage/config.h>, for the tool tests. */
#include <mirage/config.h>

static struct mirage_job *clocks_job(bool verbose, struct mirage_key *ports,
                                     struct mirage_key *range,
                                     struct mirage_key *token)
{
    if (!verbose)
        return mirage_foreign("quiet_start", MIRAGE_KEYS(ports, range, token),
                              MIRAGE_ARGS());
    return mirage_foreign(
        "clocks_start", MIRAGE_KEYS(ports, range, token),
        MIRAGE_ARGS(mirage_arg_mclock(mirage_default_monotonic_clock()),
                    mirage_arg_pclock(mirage_default_posix_clock()),
                    mirage_arg_random(mirage_default_random()),
                    mirage_arg_info(mirage_app_info())));
}

int main(int argc, char **argv)
{
    bool verbose = mirage_conf_bool("verbose", false, "Also read clocks.");
    int count = mirage_conf_int("count", 3, "Ticks by default.");
    const char *greeting =
        mirage_conf_string("greeting", "hi", "The default message.");

    struct mirage_key *ticks =
        mirage_key_int("ticks", count, "How many ticks.", .docv = "N");
    struct mirage_key *big =
        mirage_key_int64("big", INT64_C(1) << 40, "A large number.");
    struct mirage_key *flag = mirage_key_bool("flag", false, "Exit with 3.");
    struct mirage_key *msg = mirage_key_string("msg", greeting, "A message.");
    struct mirage_key *ports = mirage_key_list(
        "ports", MIRAGE_KEY_INT, "80;443", "Ports to list.", .sep = ';');
    struct mirage_key *range =
        mirage_key_pair("range", MIRAGE_KEY_STRING, MIRAGE_KEY_INT, "a:1",
                        "A name and a number.", .sep = ':');
    struct mirage_key *token =
        mirage_key_string("a-token", NULL, "A required key.", .required = true);

    /* The same device twice is connected once. */
    struct mirage_time_impl *time = mirage_default_time();
    struct mirage_job *ticker = mirage_foreign(
        "ticker_start", MIRAGE_KEYS(ticks, big, flag, msg),
        MIRAGE_ARGS(mirage_arg_time(time),
                    mirage_arg_time(mirage_default_time()),
                    mirage_arg_console(mirage_default_console())));
    const char *name =
        mirage_target() == MIRAGE_TARGET_UNIX ? "full" : "full-solo5";

    return mirage_register(argc, argv, name, ticker,
                           clocks_job(verbose, ports, range, token),
                           mirage_noop());
}

/* SPDX-License-Identifier: ISC */
/* The unix entry point: main() runs the unikernel and exits with its status. */
#include "unix_priv.h"

#include <mirage/main.h>

#include <signal.h>

/* Alone in its file so that programs with their own main() (unit tests,
 * benchmarks) do not pull it from the archive. */
int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    mirage_plat_clock_monotonic(); /* the monotonic clock starts now */
    mirage_plat_exit(mirage_app_main(argc, argv));
}

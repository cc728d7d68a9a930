/* SPDX-License-Identifier: ISC */
/* The contract between the generated mirage/main.c and the runtime. */
#ifndef MIRAGE_MAIN_H
#define MIRAGE_MAIN_H

/*
 * The platform's entry point (main() on unix, _start on hvt/spt) builds
 * argc/argv from the process arguments or the tender's command line and
 * calls mirage_app_main(), which the tool generates for each unikernel.  The
 * generated function describes the unikernel in a struct mirage_app and
 * hands it to mirage_main(), which:
 *   1. parses the boot arguments against the built-in and the unikernel's
 *      keys (exit 63 after --help, 64 on a bad argument);
 *   2. applies --logs, sleeps --delay seconds, records --name;
 *   3. runs app->start in the main fiber under the event loop: it connects
 *      the devices in dependency order and calls the unikernel's start
 *      function, whose return value is the exit status;
 *   4. runs the exit hooks and returns the status.
 */

#include <stddef.h>

struct mirage_key;

struct mirage_lib_info {
    const char *name;
    const char *version;
};

struct mirage_app {
    const char *name;               /* the register name; --name default */
    struct mirage_key *const *keys; /* the unikernel's runtime keys */
    size_t nkeys;
    const struct mirage_lib_info *libs; /* libraries linked (app_info) */
    size_t nlibs;
    int (*start)(void); /* connects devices, runs the job */
};

/* Generated in mirage/main.c; called by the platform entry point. */
int mirage_app_main(int argc, char **argv);
/* Runs the unikernel app; returns its exit status. */
int mirage_main(const struct mirage_app *app, int argc, char **argv);

/* The running unikernel's description and name (--name). */
const struct mirage_app *mirage_app_self(void);
const char *mirage_app_name(void);

/* Exit codes of boot-argument handling, as functoria-runtime's. */
#define MIRAGE_EXIT_HELP 63
#define MIRAGE_EXIT_BAD_ARGUMENT 64

#endif

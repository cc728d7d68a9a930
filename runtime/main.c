/* SPDX-License-Identifier: ISC */
/* mirage_main: boot arguments, the main fiber, exit hooks, and the exit status.
 */
#include "runtime_priv.h"

#include "platform.h"

/* The main fiber runs the unikernel's start function, which connects the
 * devices and calls the application, so it gets a larger stack. */
#define MAIN_STACK (256 * 1024)

static const struct mirage_app *self_app;
static const char *self_name;

struct main_args {
    int (*start)(void);
    uint64_t delay_ns;
    int status;
};

static void main_fiber(void *arg)
{
    struct main_args *m = arg;

    if (m->delay_ns && mirage_sleep_ns(m->delay_ns) < 0)
        return;
    m->status = m->start();
}

static void exit_fiber(void *arg)
{
    (void)arg;
    mirage__hooks_run_exit();
}

/* Runs fn in a fiber under the event loop until it returns. */
static void run_fiber(mirage_fiber_fn fn, void *arg, size_t stack)
{
    struct mirage_fiber_attr attr = {stack, "main"};
    struct mirage_fiber *f;

    if (mirage__fiber_new(&f, &attr, fn, arg, false) < 0)
        mirage_plat_abort("out of memory for the main fiber");
    mirage__loop_run(f);
    mirage__fiber_free(f);
}

/* Forgets everything a run left behind (so tests can run again). */
static void reset(void)
{
    mirage__timer_reset();
    mirage__sched_reset();
    mirage__fiber_reset();
    mirage__io_reset();
    mirage__hooks_reset();
}

int mirage__run(int (*start)(void), uint64_t delay_ns)
{
    struct main_args m = {start, delay_ns, 0};

    run_fiber(main_fiber, &m, MAIN_STACK);
    run_fiber(exit_fiber, NULL, 0);
    reset();
    return m.status;
}

int mirage_main(const struct mirage_app *app, int argc, char **argv)
{
    struct mirage__boot boot;
    int r, status;

    self_app = app;
    self_name = app->name;
    r = mirage__args_parse(app, argc, argv, &boot);
    if (r != 0)
        return r;
    if (boot.logs)
        mirage_log_set_levels(boot.logs);
    if (boot.name)
        self_name = boot.name;
    status = mirage__run(app->start, boot.delay_s * 1000000000);
    if (status < 0) {
        /* A negative errno from the start function: say which, exit 1. */
        mirage_log_err(&mirage_log_app, "the unikernel failed: %s",
                       mirage_strerror(status));
        status = 1;
    }
    mirage__log_reset();
    return status;
}

const struct mirage_app *mirage_app_self(void)
{
    return self_app;
}

const char *mirage_app_name(void)
{
    return self_name;
}

/* SPDX-License-Identifier: ISC */
/* Runtime internals shared between the files of runtime/ (and unit tests). */
#ifndef MIRAGE_RUNTIME_PRIV_H
#define MIRAGE_RUNTIME_PRIV_H

#include <mirage.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "No deadline" for mirage__wait(). */
#define MIRAGE__NO_DEADLINE UINT64_MAX

/* A saved execution context: a fiber's, or the event loop's (the stack the
 * platform entered mirage_main on).  bottom/size/fake_stack are only used
 * to tell AddressSanitizer about stack switches. */
struct mirage__ctx {
    void *sp;
    void *fake_stack;
    const void *bottom;
    size_t size;
};

enum mirage__fiber_state {
    MIRAGE__FIBER_READY,
    MIRAGE__FIBER_RUNNING,
    MIRAGE__FIBER_BLOCKED,
    MIRAGE__FIBER_DONE,
};

struct mirage_fiber {
    struct mirage__ctx ctx;
    mirage_fiber_fn fn;
    void *arg;
    const char *name;
    void *stack; /* lowest usable address */
    size_t stack_size;
    struct mirage_fiber *next_ready;          /* run queue link */
    struct mirage_fiber *all_prev, *all_next; /* every live fiber */
    struct mirage__waiter *waiter;            /* set while blocked */
    struct mirage_cond done_cond;             /* joiners wait here */
    struct mirage_cond *notify;               /* pick's condition */
    uint64_t done_seq;                        /* order of completion */
    unsigned char state;
    bool detached, cancelled, queued;
};

/* A blocked fiber: lives on the fiber's stack for the duration of the
 * wait; linked into a condition (unless cond is NULL: a plain sleep) and
 * into the timer heap (if it has a deadline). */
struct mirage__waiter {
    struct mirage__waiter *prev, *next;
    struct mirage_cond *cond;
    struct mirage_fiber *fiber;
    struct mirage_timer timer;
    int result;
    bool cancellable;
};

/* fiber_switch_x86_64.S */
void mirage__fiber_switch(void **save_sp, void *new_sp);
void mirage__fiber_trampoline(void);

/* sched.c: the running fiber (NULL in the event loop) and the run queue. */
extern struct mirage_fiber *mirage__current;
void mirage__sched_init_ctx(struct mirage_fiber *f);
void mirage__sched_started(void);
void mirage__sched_ready(struct mirage_fiber *f);
void mirage__sched_block(void);
_Noreturn void mirage__sched_exit(void);
void mirage__sched_run_batch(void);
bool mirage__sched_has_ready(void);
void mirage__sched_reset(void);

/* fiber.c */
int mirage__fiber_new(struct mirage_fiber **out,
                      const struct mirage_fiber_attr *attr, mirage_fiber_fn fn,
                      void *arg, bool detached);
void mirage__fiber_entry(struct mirage_fiber *f);
void mirage__fiber_free(struct mirage_fiber *f);
void mirage__fiber_reap(void);
void mirage__fiber_reset(void);
size_t mirage__fiber_live(void);

/* cond.c: block the running fiber on c (NULL: nothing but the deadline).
 * Returns 0 when signalled, -ETIMEDOUT, or -ECANCELED (cancellable only). */
int mirage__wait(struct mirage_cond *c, uint64_t deadline, bool cancellable);
void mirage__waiter_wake(struct mirage__waiter *w, int result);

/* timer.c */
uint64_t mirage__timer_next(void);
void mirage__timer_run_expired(uint64_t now);
size_t mirage__timer_count(void);
void mirage__timer_reset(void);

/* loop.c: runs the event loop until fiber `until` has returned. */
void mirage__loop_run(struct mirage_fiber *until);

/* io.c */
bool mirage__io_waited(void);
void mirage__io_dispatch(uint64_t ready);
void mirage__io_reset(void);

/* hooks.c */
void mirage__hooks_run_enter(void);
void mirage__hooks_run_leave(void);
void mirage__hooks_run_exit(void);
void mirage__hooks_reset(void);

/* log.c */
size_t mirage__log_header(char *buf, size_t len, uint64_t wall_ns,
                          enum mirage_log_level l, const char *src);
void mirage__log_reset(void);
/* Validates a -l spec without applying it; writes a reason on error. */
int mirage__log_check_levels(const char *spec, char *why, size_t why_len);

/* key.c */
int mirage__parse_int64(const char *s, int64_t *out);

/* args.c: the boot arguments.  Returns 0, MIRAGE_EXIT_HELP after printing
 * the help, or MIRAGE_EXIT_BAD_ARGUMENT after printing one line. */
struct mirage__boot {
    const char *logs; /* NULL: -l not given */
    uint64_t delay_s;
    const char *name; /* NULL: --name not given */
};
int mirage__args_parse(const struct mirage_app *app, int argc, char **argv,
                       struct mirage__boot *out);
void mirage__args_help(const struct mirage_app *app);
void mirage__printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void mirage__vprintf(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

/* main.c: runs start() as the main fiber, then the exit hooks; returns the
 * exit status.  delay_ns is slept first (--delay). */
int mirage__run(int (*start)(void), uint64_t delay_ns);

#endif

/* SPDX-License-Identifier: ISC */
/* Helpers for runtime tests: run a function as the main fiber, fork, capture.
 */
#include "support.h"

#include <mirage.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int (*test_fn)(void);
static char trace_buf[4096];
static size_t trace_len;
static int saved_stdout = -1;
static FILE *capture_file;

static int test_start(void)
{
    return test_fn();
}

int test_run(int (*fn)(void))
{
    static char arg0[] = "test";
    char *argv[] = {arg0, NULL};
    struct mirage_app app = {"test", NULL, 0, NULL, 0, test_start};

    test_fn = fn;
    return mirage_main(&app, 1, argv);
}

int test_fork(void (*fn)(void *arg), void *arg, char *out, size_t len)
{
    int fds[2], status;
    size_t got = 0;
    pid_t pid;

    fflush(NULL);
    if (pipe(fds) < 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        fn(arg);
        fflush(NULL);
        _exit(0);
    }
    close(fds[1]);
    for (;;) {
        char sink[256];
        char *dst = got + 1 < len ? out + got : sink;
        size_t room = got + 1 < len ? len - 1 - got : sizeof(sink);
        ssize_t n = read(fds[0], dst, room);
        if (n <= 0)
            break;
        if (dst == out + got)
            got += (size_t)n;
    }
    close(fds[0]);
    if (len)
        out[got] = '\0';
    if (waitpid(pid, &status, 0) < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void capture_begin(void)
{
    fflush(stdout);
    capture_file = tmpfile();
    saved_stdout = dup(1);
    dup2(fileno(capture_file), 1);
}

size_t capture_end(char *out, size_t len)
{
    size_t n;

    fflush(stdout);
    dup2(saved_stdout, 1);
    close(saved_stdout);
    rewind(capture_file);
    n = fread(out, 1, len - 1, capture_file);
    out[n] = '\0';
    fclose(capture_file);
    return n;
}

void trace(char c)
{
    if (trace_len + 1 < sizeof(trace_buf))
        trace_buf[trace_len++] = c;
    trace_buf[trace_len] = '\0';
}

const char *trace_get(void)
{
    return trace_buf;
}

void trace_reset(void)
{
    trace_len = 0;
    trace_buf[0] = '\0';
}

/* SPDX-License-Identifier: ISC */
/* Boot arguments: keys, built-ins, --help (63), one-line errors (64). */
#include "../../../runtime/runtime_priv.h"
#include "check.h"
#include "support.h"

#include <mirage.h>

static struct mirage_key port = {
    "port", "The TCP port on which to listen for incoming connections.",
    "PORT", MIRAGE_KEY_INT,
    {0, 0}, 0,
    "8080", {{0}},
    false};
static struct mirage_key debug = {"debug",         "Print more.", NULL,
                                  MIRAGE_KEY_BOOL, {0, 0},        0,
                                  "false",         {{0}},         false};
static struct mirage_key token = {
    "token", "A secret.", "TOKEN", MIRAGE_KEY_STRING, {0, 0}, 0,
    NULL,    {{0}},       false};
static struct mirage_key peers = {"peers",
                                  "Peers to contact.",
                                  "PEERS",
                                  MIRAGE_KEY_LIST,
                                  {MIRAGE_KEY_INT64, 0},
                                  0,
                                  "1,2",
                                  {{0}},
                                  false};
static struct mirage_key *const keys[] = {&port, &debug, &token, &peers};

static int started;

static int start(void)
{
    started++;
    return 0;
}

static const struct mirage_app app = {"hello", keys, 4, NULL, 0, start};

static void free_values(void)
{
    mirage_key_value_free(&peers, &peers.value);
}

/* Parses argv (NULL-terminated), capturing what is printed into out. */
static int parse(char **argv, struct mirage__boot *b, char *out, size_t len)
{
    int argc = 0, r;

    while (argv[argc])
        argc++;
    free_values();
    capture_begin();
    r = mirage__args_parse(&app, argc, argv, b);
    capture_end(out, len);
    return r;
}

#define ARGV(...) ((char *[]){"hello", __VA_ARGS__, NULL})

static void test_values(void)
{
    struct mirage__boot b;
    char out[256];

    CHECK_INT_EQ(
        parse(ARGV("--token=abc", "--port", "0x50", "--debug", "--peers=5,6,7"),
              &b, out, sizeof(out)),
        0);
    CHECK_STR_EQ(out, "");
    CHECK_INT_EQ(port.value.scalar.i, 80);
    CHECK(port.is_set && debug.is_set && debug.value.scalar.b);
    CHECK_STR_EQ(token.value.scalar.s, "abc");
    CHECK_UINT_EQ(peers.value.list.len, 3);
    CHECK_INT_EQ(peers.value.list.items[2].i, 7);
    CHECK(b.logs == NULL && b.name == NULL && b.delay_s == 0);

    /* Defaults, explicit bool values, built-ins in every spelling. */
    CHECK_INT_EQ(parse(ARGV("--token", "t", "--debug=false", "-l", "*:debug",
                            "--delay=3", "--name", "web"),
                       &b, out, sizeof(out)),
                 0);
    CHECK(!port.is_set && port.value.scalar.i == 8080);
    CHECK(debug.is_set && !debug.value.scalar.b);
    CHECK_UINT_EQ(peers.value.list.len, 2);
    CHECK_STR_EQ(b.logs, "*:debug");
    CHECK_UINT_EQ(b.delay_s, 3);
    CHECK_STR_EQ(b.name, "web");
    CHECK_INT_EQ(parse(ARGV("--token=", "-ltcp:debug", "--delay", "0"), &b, out,
                       sizeof(out)),
                 0);
    CHECK_STR_EQ(b.logs, "tcp:debug");
    CHECK_STR_EQ(token.value.scalar.s, "");
    CHECK_INT_EQ(
        parse(ARGV("--token=x", "--logs=info", "--"), &b, out, sizeof(out)), 0);
    CHECK_STR_EQ(b.logs, "info");
}

/* Each bad command line gives 64 and exactly this one line. */
static void bad(char **argv, const char *line)
{
    struct mirage__boot b;
    char out[512];

    port.value.scalar.i = 1234;
    CHECK_INT_EQ(parse(argv, &b, out, sizeof(out)), MIRAGE_EXIT_BAD_ARGUMENT);
    CHECK_STR_EQ(out, line);
    CHECK_INT_EQ(port.value.scalar.i, 1234); /* nothing applied */
}

static void test_errors(void)
{
    bad(ARGV("--token=a", "--foo"), "hello: unknown option '--foo'\n");
    bad(ARGV("--token=a", "--foo=1"), "hello: unknown option '--foo'\n");
    bad(ARGV("--token=a", "-x"), "hello: unknown option '-x'\n");
    bad(ARGV("--port=x", "--token=a"),
        "hello: option '--port': invalid value 'x', expected an int\n");
    bad(ARGV("--token=a", "--port=99999999999"),
        "hello: option '--port': invalid value '99999999999', out of range "
        "for an int (-2147483648..2147483647)\n");
    bad(ARGV("--token=a", "--debug=yes"),
        "hello: option '--debug': invalid value 'yes', expected true or "
        "false\n");
    bad(ARGV("--token=a", "--peers=1,b"),
        "hello: option '--peers': invalid element 'b', expected an int64\n");
    bad(ARGV("--port=1"), "hello: required option '--token' is missing\n");
    bad(ARGV("--token=a", "extra"),
        "hello: too many arguments, don't know what to do with 'extra'\n");
    bad(ARGV("--token=a", "--", "extra"),
        "hello: too many arguments, don't know what to do with 'extra'\n");
    bad(ARGV("--token=a", "--port"),
        "hello: option '--port' needs an argument\n");
    bad(ARGV("--token=a", "-l"), "hello: option '-l' needs an argument\n");
    bad(ARGV("--token=a", "--port=1", "--port=2"),
        "hello: option '--port' cannot be repeated\n");
    bad(ARGV("--token=a", "-l", "tcp:loud"),
        "hello: option '-l': invalid value 'tcp:loud': unknown log level "
        "'loud' (expected quiet, app, error, warning, info or debug)\n");
    bad(ARGV("--token=a", "--delay=-1"),
        "hello: option '--delay': invalid value '-1', expected a number of "
        "seconds from 0 to 86400\n");
    bad(ARGV("--token=a", "--name="),
        "hello: option '--name': the name must not be empty\n");
    bad(ARGV("--token=a", "--help=man"),
        "hello: option '--help': invalid value 'man', expected one of auto, "
        "pager, groff or plain\n");
}

static void test_help(void)
{
    struct mirage__boot b;
    char out[8192];
    static const char *const want[] = {
        "NAME\n       hello - a Mirage/C unikernel\n",
        "UNIKERNEL PARAMETERS\n",
        "       --port=PORT (int, default '8080')\n"
        "           The TCP port on which to listen for incoming "
        "connections.\n",
        "       --debug[=VALUE] (bool, default false)\n",
        "       --token=TOKEN (string, required)\n           A secret.\n",
        "       --peers=PEERS (int64 list, default '1,2')\n",
        "COMMON OPTIONS\n",
        "--delay=N",
        "--name=NAME (string, default 'hello')",
        "--help",
        "LOG OPTIONS\n",
        "-l LEVEL, --logs=LEVEL",
        "EXIT STATUS\n",
        "       63\n",
        "       64\n",
        "       255\n",
    };
    const char *at = out;

    /* --help wins over a missing required key. */
    CHECK_INT_EQ(parse(ARGV("--port=1", "--help"), &b, out, sizeof(out)),
                 MIRAGE_EXIT_HELP);
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const char *p = strstr(at, want[i]);
        if (!p)
            CHECK__FAIL("help lacks (in order) '%s':\n%s", want[i], out);
        else
            at = p;
    }
    for (const char *line = out; *line; line = strchr(line, '\n') + 1)
        CHECK(strchr(line, '\n') - line <= 80);
}

/* Through mirage_main: the code comes back and start never runs. */
static void test_main_codes(void)
{
    char out[8192];
    char *argv_help[] = {"hello", "--help", NULL};
    char *argv_bad[] = {"hello", "--nope", NULL};
    char *argv_ok[] = {"hello", "--token=z", "--name=other", "-lquiet", NULL};

    started = 0;
    capture_begin();
    CHECK_INT_EQ(mirage_main(&app, 2, argv_help), 63);
    CHECK_INT_EQ(mirage_main(&app, 2, argv_bad), 64);
    capture_end(out, sizeof(out));
    CHECK_INT_EQ(started, 0);
    CHECK(strstr(out, "\nhello: unknown option '--nope'\n") != NULL);
    free_values();
    CHECK_INT_EQ(mirage_main(&app, 4, argv_ok), 0);
    CHECK_INT_EQ(started, 1);
    CHECK_STR_EQ(mirage_app_name(), "other");
    CHECK(mirage_app_self() == &app);
    free_values();
}

static uint64_t delayed_at;

static int delayed_start(void)
{
    delayed_at = mirage_now_ns();
    return 0;
}

/* --delay=1 sleeps a second before the start function. */
static void test_delay(void)
{
    static const struct mirage_app quick = {"quick", NULL, 0,
                                            NULL,    0,    delayed_start};
    char *argv[] = {"quick", "--delay=1", NULL};
    uint64_t before = mirage_now_ns();

    CHECK_INT_EQ(mirage_main(&quick, 2, argv), 0);
    CHECK(delayed_at - before >= 1000000000);
    CHECK(delayed_at - before < 3000000000);
}

int main(void)
{
    RUN(test_values);
    RUN(test_errors);
    RUN(test_help);
    RUN(test_main_codes);
    RUN(test_delay);
    free_values();
    CHECK_DONE();
}

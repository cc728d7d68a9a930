/* SPDX-License-Identifier: ISC */
/* The command line shared by `mirage` and config.exe, and the saved context. */
#include "cfg_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const cmd_names[] = {
    [MIRAGE__CMD_NONE] = "",       [MIRAGE__CMD_CONFIGURE] = "configure",
    [MIRAGE__CMD_BUILD] = "build", [MIRAGE__CMD_CLEAN] = "clean",
    [MIRAGE__CMD_QUERY] = "query", [MIRAGE__CMD_DESCRIBE] = "describe",
    [MIRAGE__CMD_HELP] = "help",   [MIRAGE__CMD_VERSION] = "version",
};

const char *mirage__cfg_cmd_name(enum mirage__cfg_cmd c)
{
    return cmd_names[c];
}

static enum mirage__cfg_cmd parse_cmd(const char *s)
{
    if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0)
        return MIRAGE__CMD_HELP;
    if (strcmp(s, "--version") == 0)
        return MIRAGE__CMD_VERSION;
    for (int c = MIRAGE__CMD_CONFIGURE; c <= MIRAGE__CMD_HELP; c++)
        if (strcmp(s, cmd_names[c]) == 0)
            return (enum mirage__cfg_cmd)c;
    if (s[0] == '-')
        mirage__cfg_die("the command comes first: mirage COMMAND [OPTIONS] "
                        "(try 'mirage --help')");
    mirage__cfg_die("unknown command '%s' (expected configure, build, clean, "
                    "query, describe, help)",
                    s);
}

/* Sets a configure key, replacing an earlier value of the same name.
 * MirageOS spells some keys with '_' (--kv_ro): it counts as '-'. */
static void set_conf(struct mirage__cfg_cli *cli, const char *arg)
{
    const char *eq = strchr(arg, '=');
    size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
    struct mirage__cfg_conf_arg *c = NULL;
    char *name;

    if (n == 0)
        mirage__cfg_die("malformed option '--%s'", arg);
    name = mirage__cfg_strdup(arg);
    name[n] = '\0';
    for (char *u = name; *u; u++)
        if (*u == '_')
            *u = '-';
    for (size_t i = 0; i < cli->conf.n && !c; i++) {
        struct mirage__cfg_conf_arg *o = cli->conf.v[i];
        if (strcmp(o->name, name) == 0)
            c = o;
    }
    if (!c) {
        c = mirage__cfg_alloc(sizeof *c);
        c->name = name;
        mirage__cfg_vec_push(&cli->conf, c);
    } else {
        free(name);
    }
    c->value = eq ? mirage__cfg_strdup(eq + 1) : NULL;
}

/* If argv[*i] is option SHORT/LONG, returns its value and advances *i. */
static const char *opt_value(char *const argv[], int argc, int *i,
                             const char *shrt, const char *lng)
{
    const char *a = argv[*i];
    size_t ll = strlen(lng);

    if (strcmp(a, shrt) == 0 || strcmp(a, lng) == 0) {
        if (*i + 1 >= argc)
            mirage__cfg_die("option '%s' needs a value", a);
        return argv[++*i];
    }
    if (strncmp(a, shrt, 2) == 0 && a[2] != '\0')
        return a + 2;
    if (strncmp(a, lng, ll) == 0 && a[ll] == '=')
        return a + ll + 1;
    return NULL;
}

static bool takes_config(enum mirage__cfg_cmd c)
{
    return c == MIRAGE__CMD_CONFIGURE || c == MIRAGE__CMD_QUERY ||
           c == MIRAGE__CMD_DESCRIBE;
}

static void parse_opt(struct mirage__cfg_cli *cli, enum mirage__cfg_cmd cmd,
                      char *const argv[], int argc, int *i)
{
    const char *a = argv[*i], *v;
    int from = *i;

    if (!takes_config(cmd))
        mirage__cfg_die("unknown option '%s' for '%s'", a, cmd_names[cmd]);
    if ((v = opt_value(argv, argc, i, "-t", "--target"))) {
        cli->target = mirage__cfg_target_parse(v);
        cli->target_given = true;
    } else if ((v = opt_value(argv, argc, i, "-f", "--file"))) {
        cli->file = v;
        cli->file_from = from;
        cli->file_to = *i;
    } else if ((v = opt_value(argv, argc, i, "-o", "--output"))) {
        if (cmd == MIRAGE__CMD_DESCRIBE)
            cli->dot_file = v;
        else
            cli->output = v;
    } else if (cmd == MIRAGE__CMD_DESCRIBE && strcmp(a, "--dot") == 0) {
        cli->dot = true;
    } else if (a[1] == '-') {
        set_conf(cli, a + 2);
    } else {
        mirage__cfg_die("unknown option '%s'", a);
    }
}

/* Parses the options of cmd in argv[from..argc). */
static void parse_args(struct mirage__cfg_cli *cli, enum mirage__cfg_cmd cmd,
                       char *const argv[], int argc, int from)
{
    bool dashdash = false;

    for (int i = from; i < argc; i++) {
        const char *a = argv[i];
        if (!dashdash && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            cli->topic = cmd_names[cmd];
            cli->cmd = MIRAGE__CMD_HELP;
            return;
        }
        if (!dashdash && strcmp(a, "--") == 0) {
            dashdash = true;
        } else if (!dashdash && a[0] == '-' && a[1] != '\0') {
            parse_opt(cli, cmd, argv, argc, &i);
        } else if ((cmd == MIRAGE__CMD_QUERY || cmd == MIRAGE__CMD_HELP) &&
                   !cli->topic) {
            cli->topic = a;
        } else {
            mirage__cfg_die("unexpected argument '%s' for '%s'", a,
                            cmd_names[cmd]);
        }
    }
}

/* Reads the arguments of the last configure, if any. */
static void load_context(struct mirage__cfg_cli *cli)
{
    char *text = mirage__cfg_read_file(MIRAGE__CONTEXT, NULL);
    struct mirage__cfg_vec args = {0};

    if (!text)
        return;
    mirage__cfg_vec_push(&args, "mirage");
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
        if (line[0] != '#')
            mirage__cfg_vec_push(&args, line);
    parse_args(cli, MIRAGE__CMD_CONFIGURE, (char *const *)args.v, (int)args.n,
               1);
    free(args.v);
    cli->configured = true;
}

void mirage__cfg_cli_parse(struct mirage__cfg_cli *cli, int argc,
                           char *const argv[])
{
    memset(cli, 0, sizeof *cli);
    cli->target = MIRAGE_TARGET_UNIX;
    cli->file = "config.c";
    if (argc < 2)
        return;
    cli->cmd = parse_cmd(argv[1]);
    if (cli->cmd == MIRAGE__CMD_VERSION)
        return;
    if (cli->cmd == MIRAGE__CMD_HELP && argv[1][0] == '-') {
        if (argc > 2)
            mirage__cfg_die("unexpected argument '%s' after '%s'", argv[2],
                            argv[1]);
        return;
    }
    if (cli->cmd != MIRAGE__CMD_CONFIGURE && cli->cmd != MIRAGE__CMD_HELP)
        load_context(cli);
    cli->file_from = cli->file_to = 0;
    parse_args(cli, cli->cmd, argv, argc, 2);
}

void mirage__cfg_cli_context(const struct mirage__cfg_cli *cli,
                             struct mirage__cfg_buf *out)
{
    const char *strs[] = {"--file=", cli->file, "--output=", cli->output};

    mirage__cfg_buf_add(out, "--target=%s\n", mirage_target_name(cli->target));
    for (size_t i = 0; i < 4; i += 2) {
        if (!strs[i + 1])
            continue;
        if (strchr(strs[i + 1], '\n'))
            mirage__cfg_die("option '%s' has a newline", strs[i]);
        mirage__cfg_buf_add(out, "%s%s\n", strs[i], strs[i + 1]);
    }
    for (size_t i = 0; i < cli->conf.n; i++) {
        const struct mirage__cfg_conf_arg *c = cli->conf.v[i];
        if (strchr(c->name, '\n') || (c->value && strchr(c->value, '\n')))
            mirage__cfg_die("option '--%s' has a newline", c->name);
        mirage__cfg_buf_add(out, "--%s%s%s\n", c->name, c->value ? "=" : "",
                            c->value ? c->value : "");
    }
}

static int self_argc;
static char **self_argv;
static struct mirage__cfg_cli *self_cli;

/* glibc calls constructors with main's arguments: configure-time keys can
 * then be read in config.c before mirage_register() is reached. */
__attribute__((constructor)) static void capture_args(int argc, char **argv)
{
    self_argc = argc;
    self_argv = argv;
}

void mirage__cfg_cli_set_args(int argc, char **argv)
{
    if (!self_argv || self_argc <= 0) {
        self_argc = argc;
        self_argv = argv;
    }
}

/* Without a C library that passes them to constructors, from Linux. */
static void args_from_proc(void)
{
    size_t len;
    char *text = mirage__cfg_read_file("/proc/self/cmdline", &len);
    struct mirage__cfg_vec v = {0};

    if (!text)
        mirage__cfg_die("cannot read the command line");
    for (size_t i = 0; i < len; i += strlen(text + i) + 1)
        mirage__cfg_vec_push(&v, text + i);
    mirage__cfg_vec_push(&v, NULL);
    self_argc = (int)v.n - 1;
    self_argv = (char **)v.v;
}

struct mirage__cfg_cli *mirage__cfg_cli_self(void)
{
    if (self_cli)
        return self_cli;
    if (!self_argv || self_argc <= 0)
        args_from_proc();
    self_cli = mirage__cfg_alloc(sizeof *self_cli);
    mirage__cfg_cli_parse(self_cli, self_argc, self_argv);
    return self_cli;
}

/* SPDX-License-Identifier: ISC */
/* mirage_register(): plans the unikernel and runs the command of config.exe. */
#include "cfg_priv.h"

#include <stdio.h>
#include <string.h>

static int describe(const struct mirage__cfg_cli *cli,
                    const struct mirage__cfg_plan *p)
{
    struct mirage__cfg_buf b = {0};
    bool to_file = cli->dot_file && strcmp(cli->dot_file, "-") != 0;

    if (cli->dot_file && !cli->dot)
        mirage__cfg_die("-o FILE is for 'describe --dot'");
    if (cli->dot)
        mirage__cfg_describe_dot(p, &b);
    else
        mirage__cfg_describe(p, &b);
    if (to_file)
        mirage__cfg_write_if_changed(cli->dot_file, &b);
    else
        fwrite(b.p ? b.p : "", 1, b.len, stdout);
    mirage__cfg_buf_free(&b);
    return 0;
}

static int run(const struct mirage__cfg_cli *cli,
               const struct mirage__cfg_plan *p)
{
    struct mirage__cfg_buf b = {0};

    switch (cli->cmd) {
    case MIRAGE__CMD_CONFIGURE:
        return mirage__cfg_configure(p, false);
    case MIRAGE__CMD_BUILD:
        return mirage__cfg_build(p);
    case MIRAGE__CMD_QUERY:
        mirage__cfg_query(p, cli->topic, &b);
        fwrite(b.p ? b.p : "", 1, b.len, stdout);
        mirage__cfg_buf_free(&b);
        return 0;
    case MIRAGE__CMD_DESCRIBE:
        return describe(cli, p);
    default:
        return 1;
    }
}

int mirage__register(const char *file, int line, int argc, char **argv,
                     const char *name, struct mirage__job_set jobs)
{
    struct mirage__cfg_plan plan;

    mirage__cfg_cli_set_args(argc, argv);
    const struct mirage__cfg_cli *cli = mirage__cfg_cli_self();
    switch (cli->cmd) {
    case MIRAGE__CMD_NONE:
        mirage__cfg_die("missing command (try '%s --help')",
                        argc > 0 ? argv[0] : "mirage");
    case MIRAGE__CMD_HELP:
        mirage__cfg_help(cli->topic);
        return 0;
    case MIRAGE__CMD_VERSION:
        mirage__cfg_version();
        return 0;
    case MIRAGE__CMD_CLEAN:
        mirage__cfg_clean();
        return 0;
    default:
        break;
    }
    mirage__cfg_conf_check_unused();
    mirage__cfg_plan_make(&plan, file, line, name, jobs);
    int status = run(cli, &plan);
    if (fflush(stdout) != 0)
        mirage__cfg_die("cannot write the output");
    return status;
}

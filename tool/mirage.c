/* SPDX-License-Identifier: ISC */
/* The mirage command: compiles config.c into mirage/config.exe and runs it. */
#include "lib/cfg_priv.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The installation: $MIRAGE_PREFIX, or the folder above our bin/. */
static char *find_prefix(void)
{
    const char *env = getenv("MIRAGE_PREFIX");
    char path[PATH_MAX], *prefix;

    if (env && *env) {
        if (!realpath(env, path))
            mirage__cfg_die("MIRAGE_PREFIX=%s: %s", env, strerror(errno));
    } else {
        ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
        if (n < 0)
            mirage__cfg_die("cannot find myself: %s", strerror(errno));
        path[n] = '\0';
        for (int up = 0; up < 2; up++) {
            char *slash = strrchr(path, '/');
            if (!slash || slash == path)
                mirage__cfg_die("cannot tell the installation from %s; set "
                                "MIRAGE_PREFIX",
                                path);
            *slash = '\0';
        }
    }
    prefix = mirage__cfg_strdup(path);
    char *lib = mirage__cfg_fmt("%s/lib/mirage/libmirage_config.a", prefix);
    if (access(lib, R_OK) != 0)
        mirage__cfg_die("no %s: is %s a Mirage/C installation? (set "
                        "MIRAGE_PREFIX)",
                        lib, prefix);
    free(lib);
    return prefix;
}

static bool newer(const char *path, const struct stat *than)
{
    struct stat st;

    if (stat(path, &st) != 0)
        return false;
    if (st.st_mtim.tv_sec != than->st_mtim.tv_sec)
        return st.st_mtim.tv_sec > than->st_mtim.tv_sec;
    return st.st_mtim.tv_nsec > than->st_mtim.tv_nsec;
}

/* Compiles config.c when it, the library or its headers are newer. */
static void compile_config(const char *prefix, const char *file)
{
    char *lib = mirage__cfg_fmt("%s/lib/mirage/libmirage_config.a", prefix);
    char *hdr = mirage__cfg_fmt("%s/include/mirage/config.h", prefix);
    char *key = mirage__cfg_fmt("%s/include/mirage/key.h", prefix);
    char *inc = mirage__cfg_fmt("-I%s/include", prefix);
    const char *cc = getenv("CC");
    struct stat exe;

    if (stat("mirage/config.exe", &exe) == 0 && !newer(file, &exe) &&
        !newer(lib, &exe) && !newer(hdr, &exe) && !newer(key, &exe))
        return;
    mirage__cfg_mkdir("mirage");
    char *argv[] = {(char *)(cc && *cc ? cc : "cc"),
                    "-std=c11",
                    "-Werror=incompatible-pointer-types",
                    "-Werror=implicit-function-declaration",
                    inc,
                    (char *)file,
                    lib,
                    "-o",
                    "mirage/config.exe.tmp",
                    NULL};
    if (mirage__cfg_run(argv) != 0) {
        unlink("mirage/config.exe.tmp");
        mirage__cfg_die("%s does not compile (see above)", file);
    }
    if (rename("mirage/config.exe.tmp", "mirage/config.exe") != 0)
        mirage__cfg_die("cannot write mirage/config.exe: %s", strerror(errno));
    free(lib);
    free(hdr);
    free(key);
    free(inc);
}

/* The project is the folder of the configuration file: go there, and name
 * the file relative to it in the arguments config.exe gets. */
static char **enter_project(struct mirage__cfg_cli *cli, int *argc, char **argv)
{
    const char *slash = strrchr(cli->file, '/');
    char **out = mirage__cfg_alloc(((size_t)*argc + 2) * sizeof *out);
    int n = 0;

    if (!slash || !cli->file_to)
        return argv;
    char *dir = mirage__cfg_strdup(cli->file);
    dir[slash - cli->file > 0 ? slash - cli->file : 1] = '\0';
    if (chdir(dir) != 0)
        mirage__cfg_die("cannot enter %s: %s", dir, strerror(errno));
    for (int i = 0; i < *argc; i++) {
        if (i == 2)
            out[n++] = mirage__cfg_fmt("--file=%s", slash + 1);
        if (i < cli->file_from || i > cli->file_to)
            out[n++] = argv[i];
    }
    out[n] = NULL;
    *argc = n;
    mirage__cfg_cli_parse(cli, n, out);
    return out;
}

int main(int argc, char **argv)
{
    struct mirage__cfg_cli cli;

    mirage__cfg_cli_parse(&cli, argc, argv);
    switch (cli.cmd) {
    case MIRAGE__CMD_NONE:
        mirage__cfg_die("missing command (try 'mirage --help')");
    case MIRAGE__CMD_HELP:
        mirage__cfg_help(cli.topic);
        return 0;
    case MIRAGE__CMD_VERSION:
        mirage__cfg_version();
        return 0;
    default:
        break;
    }
    argv = enter_project(&cli, &argc, argv);
    if (cli.cmd == MIRAGE__CMD_CLEAN) {
        mirage__cfg_clean();
        return 0;
    }
    if (cli.cmd == MIRAGE__CMD_BUILD && !cli.configured)
        mirage__cfg_die("not configured: run 'mirage configure' first");
    if (access(cli.file, R_OK) != 0) {
        char cwd[PATH_MAX];
        mirage__cfg_die("no configuration file %s in %s (use -f FILE)",
                        cli.file, getcwd(cwd, sizeof cwd) ? cwd : ".");
    }
    char *prefix = find_prefix();
    if (setenv("MIRAGE_PREFIX", prefix, 1) != 0)
        mirage__cfg_die("cannot set MIRAGE_PREFIX");
    compile_config(prefix, cli.file);
    argv[0] = "mirage";
    fflush(stdout);
    execv("mirage/config.exe", argv);
    mirage__cfg_die("cannot run mirage/config.exe: %s", strerror(errno));
}

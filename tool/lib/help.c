/* SPDX-License-Identifier: ISC */
/* Help texts of `mirage` and config.exe, and the device catalogue listing. */
#include "cfg_priv.h"

#include <stdio.h>
#include <string.h>

static const char general[] =
    "Usage: mirage COMMAND [OPTIONS]\n"
    "\n"
    "Builds a unikernel from the config.c of the current folder.\n"
    "\n"
    "Commands:\n"
    "  configure   compile and run config.c: write mirage/ and a Makefile\n"
    "  build       build the configured unikernel into dist/\n"
    "  clean       remove what configure and build wrote\n"
    "  query       print one generated file or fact, writing nothing\n"
    "  describe    print the unikernel's keys, jobs and devices (or a "
    "graph)\n"
    "  help        help on a command; 'mirage help devices' lists devices\n"
    "\n"
    "Options:\n"
    "  -h, --help  this help ('mirage COMMAND --help' for a command)\n"
    "  --version   print the version\n"
    "\n"
    "Environment:\n"
    "  MIRAGE_PREFIX  the installation to build against (default: the "
    "folder\n"
    "                 above the one holding this program)\n"
    "  CC             the C compiler for config.c (default: cc)\n"
    "\n"
    "Exit status: 0 on success, 1 on any error (one line 'mirage: "
    "reason').\n";

static const char config_opts[] =
    "  -t, --target=TARGET  unix (default), hvt or spt (virtio: not "
    "available yet)\n"
    "  -f, --file=FILE      the configuration (default config.c); the "
    "project\n"
    "                       is the folder that holds it\n"
    "  --KEY=VALUE          a configure key config.c declares with\n"
    "                       mirage_conf_*() (a bool also as --KEY)\n";

static const char configure_help[] =
    "Usage: mirage configure [-t TARGET] [-f FILE] [-o NAME] "
    "[--KEY=VALUE...]\n"
    "\n"
    "Compiles config.c into mirage/config.exe (when it changed) and runs "
    "it.\n"
    "It writes mirage/main.c (the device wiring), mirage/keys.c and\n"
    "mirage/keys.h (runtime keys, job prototypes), for hvt and spt\n"
    "mirage/manifest.json and mirage/manifest.c (the Solo5 manifest), a\n"
    "Makefile, and mirage/context (these arguments, which build, query and\n"
    "describe reuse).  Files whose contents are unchanged are not "
    "touched.\n"
    "\n"
    "Options:\n";

static const char output_opt[] =
    "  -o, --output=NAME    the unikernel's name, and its artefact "
    "dist/NAME\n";

static const char build_help[] =
    "Usage: mirage build\n"
    "\n"
    "Builds the configured unikernel into dist/NAME (dist/NAME.hvt, "
    "...):\n"
    "re-runs config.c with the saved arguments (rewriting only files that\n"
    "change), then runs make with the generated Makefile.  Fails if the\n"
    "folder is not configured.\n";

static const char clean_help[] =
    "Usage: mirage clean\n"
    "\n"
    "Removes mirage/, dist/, _build/ and the generated Makefile (a "
    "Makefile\n"
    "mirage did not write is kept).\n";

static const char query_help[] =
    "Usage: mirage query [INFO] [-t TARGET] [-f FILE] [-o NAME] "
    "[--KEY=VALUE...]\n"
    "\n"
    "Prints one thing about the unikernel on stdout.  It writes nothing but\n"
    "mirage/config.exe (the compiled config.c).\n"
    "INFO is one of:\n"
    "  name        the unikernel's name\n"
    "  libraries   the libraries linked, in link order (the default)\n"
    "  files       the files configure writes\n"
    "  keys        the runtime keys: name, type, default, doc\n"
    "  Makefile, main.c, keys.c, keys.h\n"
    "              the generated file\n"
    "  manifest, manifest.c\n"
    "              the Solo5 manifest (JSON) or its note (hvt, spt)\n"
    "The configured arguments apply; options given here override them.\n"
    "\n"
    "Options:\n";

static const char describe_help[] =
    "Usage: mirage describe [--dot [-o FILE]] [-t TARGET] [-f FILE] "
    "[--KEY=VALUE...]\n"
    "\n"
    "Prints the unikernel's name, target, configure keys, runtime keys,\n"
    "jobs and devices.  The configured arguments apply.\n"
    "\n"
    "Options:\n"
    "  --dot                print the device graph in Graphviz dot instead\n"
    "  -o, --output=FILE    write the dot graph to FILE ('-': stdout)\n";

static const char help_help[] =
    "Usage: mirage help [TOPIC]\n"
    "\n"
    "TOPIC is a command (configure, build, clean, query, describe, help)\n"
    "or 'devices', the catalogue of devices config.c can use.\n";

static void targets_of(unsigned mask, char *buf, size_t len)
{
    buf[0] = '\0';
    for (unsigned t = 0; t < MIRAGE__TARGET_COUNT; t++)
        if (mask & MIRAGE__T(t)) {
            if (buf[0])
                strncat(buf, ",", len - strlen(buf) - 1);
            strncat(buf, mirage__cfg_targets[t].name, len - strlen(buf) - 1);
        }
}

static void devices(void)
{
    printf("Devices config.c can use (mirage_<name>() in <mirage/config.h>):"
           "\n\n");
    printf("%-24s %-8s %-13s %-9s %s\n", "NAME", "KIND", "TARGETS", "LIBRARY",
           "WHAT");
    for (size_t i = 0; i < mirage__cfg_catalogue_len; i++) {
        const struct mirage__cfg_impl *d = mirage__cfg_catalogue[i];
        const char *lib = d->libs[0] ? d->libs[0] : "runtime";
        char t[64];
        targets_of(d->targets, t, sizeof t);
        /* The connect glue is not what a reader looks for. */
        if (strcmp(lib, "connect") == 0 && d->libs[1])
            lib = d->libs[1];
        printf("%-24s %-8s %-13s %-9s %s\n", d->name,
               mirage__cfg_kinds[d->kind].name, t, lib, d->doc);
    }
    printf("\nAlso: default_network (netif \"tap0\" on unix, \"service\" "
           "elsewhere), generic_stackv4v6\n(--net=direct|socket), "
           "generic_block (--block=file|ramdisk), generic_kv_ro\n"
           "(--kv-ro=crunch|direct).  See docs/tool.md.\n");
}

/* Configure keys of this config.c (only known inside config.exe). */
static void conf_keys(void)
{
    if (mirage__cfg_conf_keys.n == 0)
        return;
    printf("\nConfigure keys of this configuration:\n");
    for (size_t i = 0; i < mirage__cfg_conf_keys.n; i++) {
        const struct mirage__cfg_conf_key *c = mirage__cfg_conf_keys.v[i];
        char t[32];
        mirage_key_type_name(&c->key, t, sizeof t);
        printf("  --%s=%s (default %s)\n      %s\n", c->key.name, t,
               c->key.default_text, c->key.doc);
    }
}

void mirage__cfg_help(const char *topic)
{
    if (!topic || !topic[0])
        fputs(general, stdout);
    else if (strcmp(topic, "configure") == 0)
        printf("%s%s%s", configure_help, config_opts, output_opt);
    else if (strcmp(topic, "build") == 0)
        fputs(build_help, stdout);
    else if (strcmp(topic, "clean") == 0)
        fputs(clean_help, stdout);
    else if (strcmp(topic, "query") == 0)
        printf("%s%s%s", query_help, config_opts, output_opt);
    else if (strcmp(topic, "describe") == 0)
        printf("%s%s", describe_help, config_opts);
    else if (strcmp(topic, "help") == 0)
        fputs(help_help, stdout);
    else if (strcmp(topic, "devices") == 0)
        devices();
    else
        mirage__cfg_die("no help on '%s' (topics: configure, build, clean, "
                        "query, describe, help, devices)",
                        topic);
    if (topic &&
        (strcmp(topic, "configure") == 0 || strcmp(topic, "describe") == 0))
        conf_keys();
}

void mirage__cfg_version(void)
{
    printf("mirage %s\n", MIRAGE_VERSION);
}

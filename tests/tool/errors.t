#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Mistakes get one clear line (or the compiler's own error pointing at the
# user's line) and exit status 1, and leave nothing misleading behind.
source "$(dirname "$0")/lib.sh"
need_tool errors

# conf DIR: writes stdin as $TMP/DIR/config.c (with a trivial application).
conf() {
    rm -rf "${TMP:?}/$1"
    mkdir -p "$TMP/$1"
    cat > "$TMP/$1/config.c"
    printf '#include <mirage.h>\nint unikernel_start(void) { return 0; }\n' \
        > "$TMP/$1/unikernel.c"
}

# compile_error NAME DIR LINE WHAT: configure must fail with the compiler's
# error at config.c:LINE mentioning WHAT, then one line from mirage.
compile_error() {
    local name=$1 dir=$TMP/$2 line=$3 what=$4 rc
    (cd "$dir" && mirage configure) > "$TMP/out" 2> "$TMP/err"
    rc=$?
    if [ $rc -ne 1 ]; then
        fail "$name" "exit $rc, expected 1"
    elif ! grep -q "^config.c:$line:[0-9]*: error: .*$what" "$TMP/err"; then
        fail "$name" "no error at config.c:$line about '$what': $(head -c 400 "$TMP/err")"
    elif [ "$(tail -n 1 "$TMP/err")" != "mirage: config.c does not compile (see above)" ]; then
        fail "$name" "last line: $(tail -n 1 "$TMP/err")"
    elif [ "$(grep -c '^mirage:' "$TMP/err")" != 1 ] || [ -s "$TMP/out" ]; then
        fail "$name" "more output than the compiler's errors and one line"
    elif [ -e "$dir/mirage/config.exe" ] || [ -e "$dir/Makefile" ]; then
        fail "$name" "left mirage/config.exe or a Makefile behind"
    else
        pass "$name"
    fi
}

# A device of the wrong kind is a C type error at the user's line.
conf wrong-kind << 'EOF'
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_console_impl *console = mirage_default_console();
    struct mirage_job *job = mirage_foreign(
        "unikernel_start", MIRAGE_KEYS(),
        MIRAGE_ARGS(mirage_arg_time(console)));
    return mirage_register(argc, argv, "wrong", job);
}
EOF
compile_error wrong-device-kind wrong-kind 8 "incompatible pointer type"

conf raw-device << 'EOF'
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_time_impl *time = mirage_default_time();
    struct mirage_job *job = mirage_foreign(
        "unikernel_start", MIRAGE_KEYS(), MIRAGE_ARGS(time));
    return mirage_register(argc, argv, "wrong", job);
}
EOF
compile_error device-not-an-arg raw-device 7 "incompatible pointer type"

conf device-as-key << 'EOF'
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_time_impl *time = mirage_default_time();
    struct mirage_job *job = mirage_foreign(
        "unikernel_start", MIRAGE_KEYS(time), MIRAGE_ARGS());
    return mirage_register(argc, argv, "wrong", job);
}
EOF
compile_error device-as-key device-as-key 7 "incompatible pointer type"

conf key-as-job << 'EOF'
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_key *k = mirage_key_int("port", 80, "The port.");
    return mirage_register(argc, argv, "wrong", k);
}
EOF
compile_error key-as-job key-as-job 6 "incompatible pointer type"

conf undeclared << 'EOF'
#include <mirage/config.h>

int main(int argc, char **argv)
{
    return mirage_register(argc, argv, "x", mirage_default_tcp_stack());
}
EOF
compile_error undeclared-function undeclared 5 "implicit declaration"

# Errors found when config.exe runs point at config.c too.
conf bad-default << 'EOF'
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_key *ports =
        mirage_key_list("ports", MIRAGE_KEY_INT, "80,x", "Ports.");
    struct mirage_job *job = mirage_foreign(
        "unikernel_start", MIRAGE_KEYS(ports), MIRAGE_ARGS());
    return mirage_register(argc, argv, "bad", job);
}
EOF
cd "$TMP/bad-default" || exit 1
expect_error bad-key-default \
    "mirage: config.c:6: runtime key 'ports': bad default '80,x': invalid element 'x', expected an int" \
    mirage configure
[ ! -e Makefile ] && [ ! -e mirage/main.c ] && pass bad-key-default-writes-nothing \
    || fail bad-key-default-writes-nothing "files were written"

conf bad-keys << 'EOF'
#include <mirage/config.h>

int main(int argc, char **argv)
{
    const char *which = mirage_conf_string("which", "none", "Which mistake.");
    struct mirage_key *k = NULL;
    if (!__builtin_strcmp(which, "name"))
        k = mirage_key_int("Port", 1, "Bad name.");
    if (!__builtin_strcmp(which, "reserved"))
        k = mirage_key_string("logs", "x", "Taken by the runtime.");
    if (!__builtin_strcmp(which, "twice")) {
        mirage_key_bool("verbose", false, "Once.");
        k = mirage_key_bool("verbose", true, "Twice.");
    }
    if (!__builtin_strcmp(which, "required"))
        k = mirage_key_string("token", NULL, "No default.");
    if (!__builtin_strcmp(which, "sep"))
        k = mirage_key_int("port", 1, "Not a list.", .sep = ';');
    if (!__builtin_strcmp(which, "range"))
        k = mirage_key_pair("r", MIRAGE_KEY_INT, MIRAGE_KEY_INT, "1:99999999999", "", .sep = ':');
    if (!__builtin_strcmp(which, "job"))
        mirage_foreign("mirage_start", MIRAGE_KEYS(), MIRAGE_ARGS());
    if (!__builtin_strcmp(which, "clash")) {
        mirage_register(argc, argv, "clash",
            mirage_foreign("f", MIRAGE_KEYS(), MIRAGE_ARGS()),
            mirage_foreign("f", MIRAGE_KEYS(),
                           MIRAGE_ARGS(mirage_arg_time(mirage_default_time()))));
    }
    if (!__builtin_strcmp(which, "name-of-unikernel"))
        return mirage_register(argc, argv, "a b");
    (void)k;
    return mirage_register(argc, argv, "keys");
}
EOF
cd "$TMP/bad-keys" || exit 1
E="mirage: config.c"
expect_error key-name-checked "$E:8: runtime key 'Port': a name starts with a letter a-z" \
    mirage configure --which=name
expect_error key-name-reserved "$E:10: runtime key 'logs': the runtime already takes --logs" \
    mirage configure --which=reserved
expect_error key-declared-twice "$E:13: runtime key 'verbose' is already declared at config.c:12" \
    mirage configure --which=twice
expect_error key-needs-default "$E:16: runtime key 'token': no default (use .required = true for a key without one)" \
    mirage configure --which=required
expect_error key-sep-not-list "$E:18: runtime key 'port': .sep is for list and pair keys" \
    mirage configure --which=sep
expect_error key-default-range "$E:20: runtime key 'r': bad default '1:99999999999': invalid second element '99999999999', out of range for an int (-2147483648..2147483647)" \
    mirage configure --which=range
expect_error job-reserved-name "$E:22: mirage_foreign: 'mirage_start' uses a reserved prefix (mirage_, key_)" \
    mirage configure --which=job
expect_error job-clash "$E:26: f takes other devices at config.c:25" \
    mirage configure --which=clash
expect_error unikernel-name "$E:30: unikernel name 'a b': 1 to 64 letters, digits, '-' or '_'" \
    mirage configure --which=name-of-unikernel

# Command-line mistakes.
cd "$TMP/bad-keys" || exit 1
expect_error unknown-target "mirage: unknown target 'foo' (expected unix, hvt, spt, virtio)" \
    mirage configure -t foo
expect_error unknown-target-long "mirage: unknown target 'xen' (expected unix, hvt, spt, virtio)" \
    mirage configure --target=xen
expect_error virtio-not-yet "mirage: target 'virtio' is not available yet (available: unix, hvt, spt)" \
    mirage configure -t virtio
expect_error unknown-configure-key "mirage: unknown configure key '--foo' (config.c declares --which)" \
    mirage configure --foo=1
expect_error configure-key-value "mirage: configure key '--which' needs a value (--which=VALUE)" \
    mirage configure --which
project full tests/tool/configs/full
cd "$TMP/full" || exit 1
expect_error configure-key-bad-value "mirage: configure key '--count': invalid value 'many', expected an int" \
    mirage configure --count=many
expect_error configure-key-bad-bool "mirage: configure key '--verbose': invalid value 'yes', expected true or false" \
    mirage configure --verbose=yes
expect_error option-needs-value "mirage: option '-t' needs a value" mirage configure -t
expect_error unknown-command "mirage: unknown command 'frobnicate' (expected configure, build, clean, query, describe, help)" \
    mirage frobnicate
expect_error no-command "mirage: missing command (try 'mirage --help')" mirage
expect_error command-first "mirage: the command comes first: mirage COMMAND [OPTIONS] (try 'mirage --help')" \
    mirage -t hvt configure
expect_error build-takes-no-options "mirage: unknown option '-t' for 'build'" mirage build -t hvt
expect_error unexpected-argument "mirage: unexpected argument 'now' for 'configure'" mirage configure now
expect_error bad-output-name "mirage: -o 'a/b': a unikernel name has 1 to 64 letters, digits, '-' or '_'" \
    mirage configure -o a/b
expect_error no-help-topic "mirage: no help on 'nothing' (topics: configure, build, clean, query, describe, help, devices)" \
    mirage help nothing

# No config.c, no configuration.
mkdir -p "$TMP/empty"
cd "$TMP/empty" || exit 1
expect_error missing-config "mirage: no configuration file config.c in $TMP/empty (use -f FILE)" \
    mirage configure
expect_error missing-config-file "mirage: no configuration file other.c in $TMP/empty (use -f FILE)" \
    mirage configure -f other.c
project hello examples/hello
cd "$TMP/hello" || exit 1
expect_error build-before-configure "mirage: not configured: run 'mirage configure' first" \
    mirage build
[ ! -e mirage ] && pass build-before-configure-writes-nothing \
    || fail build-before-configure-writes-nothing "mirage/ was created"

# A hand-written Makefile is neither overwritten nor removed.
echo 'all: ; @echo mine' > Makefile
expect_error own-makefile "mirage: there is a Makefile mirage did not write; move it away first" \
    mirage configure
mirage clean
[ "$(cat Makefile)" = 'all: ; @echo mine' ] && pass clean-keeps-own-makefile \
    || fail clean-keeps-own-makefile "the Makefile changed"
rm -f Makefile

# The job's prototype in mirage/keys.h catches an application that
# disagrees with config.c: the build fails in unikernel.c.
sed -i 's/struct mirage_time \*time)/struct mirage_console *time)/' unikernel.c
mirage configure > /dev/null
mirage build > "$TMP/out" 2> "$TMP/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "unikernel.c:[0-9]*:[0-9]*: error: conflicting types for .unikernel_start" "$TMP/out" "$TMP/err" \
    && [ "$(tail -n 1 "$TMP/err")" = "mirage: the build failed (make exited with status 2)" ]; then
    pass prototype-mismatch
else
    fail prototype-mismatch "exit $rc: $(tail -n 3 "$TMP/err")"
fi

# Devices: a kind mismatch is a type error; configure keys and device
# arguments are checked with one line at config.c's line.
conf stack-as-block << 'EOF'
#include <mirage/config.h>

int main(int argc, char **argv)
{
    struct mirage_stack_impl *s = mirage_socket_stackv4v6();
    struct mirage_kv_ro_impl *kv = mirage_tar_kv_ro(s);
    return mirage_register(argc, argv, "wrong", mirage_foreign(
        "unikernel_start", MIRAGE_KEYS(), MIRAGE_ARGS(mirage_arg_kv_ro(kv))));
}
EOF
compile_error stack-as-block stack-as-block 6 "incompatible pointer type"

conf bad-devices << 'EOF'
#include <mirage/config.h>

int main(int argc, char **argv)
{
    const char *which = mirage_conf_string("which", "none", "Which mistake.");
    struct mirage_network_impl *net = mirage_default_network();
    if (!__builtin_strcmp(which, "no-folder"))
        mirage_crunch("nowhere");
    if (!__builtin_strcmp(which, "project"))
        mirage_crunch("./");
    if (!__builtin_strcmp(which, "two-ipv4")) {
        mirage_socket_stackv4v6();
        mirage_create_ipv4(mirage_ethif(net), mirage_arp(mirage_ethif(net)));
    }
    if (!__builtin_strcmp(which, "http-port"))
        mirage_http_server(mirage_key_string("port", "80", "Port."),
                           mirage_socket_stackv4v6());
    if (!__builtin_strcmp(which, "null-net"))
        mirage_ethif(NULL);
    if (!__builtin_strcmp(which, "mft-name"))
        mirage_block_of_file("disk.img");
    if (!__builtin_strcmp(which, "group"))
        mirage_netif("x", .group = "Bad");
    if (!__builtin_strcmp(which, "socket-hvt"))
        return mirage_register(argc, argv, "s", mirage_foreign("f", MIRAGE_KEYS(),
            MIRAGE_ARGS(mirage_arg_stack(mirage_socket_stackv4v6()))));
    if (!__builtin_strcmp(which, "key-clash")) {
        mirage_key_string("ipv4", "x", "Mine.");
        mirage_socket_stackv4v6();
    }
    struct mirage_stack_impl *s = mirage_generic_stackv4v6(net);
    struct mirage_job *job = mirage_foreign(
        "unikernel_start", MIRAGE_KEYS(), MIRAGE_ARGS(mirage_arg_stack(s)));
    if (!__builtin_strcmp(which, "mft-name"))
        job = mirage_foreign("unikernel_start", MIRAGE_KEYS(),
            MIRAGE_ARGS(mirage_arg_block(mirage_block_of_file("disk.img"))));
    return mirage_register(argc, argv, "devices", job);
}
EOF
cd "$TMP/bad-devices" || exit 1
expect_error crunch-no-folder "$E:8: crunch: 'nowhere' is not a folder" \
    mirage configure --which=no-folder
expect_error crunch-project "$E:10: crunch: the project folder itself cannot be embedded (it holds the build)" \
    mirage configure --which=project
expect_error device-key-defaults "$E:13: runtime key 'ipv4' is also declared at config.c:12 with another default (give one device a .group)" \
    mirage configure --which=two-ipv4
expect_error http-port-not-int "$E:16: http_server: the port must be an int runtime key (mirage_key_int)" \
    mirage configure --which=http-port
expect_error null-device "$E:19: ethif: device 1 must be a network device" \
    mirage configure --which=null-net
expect_error manifest-name "$E:21: device name 'disk.img': 1 to 67 letters and digits" \
    mirage configure -t hvt --which=mft-name
expect_error bad-group "$E:23: group 'Bad': a name starts with a letter a-z" \
    mirage configure --which=group
expect_error device-key-clash "$E:29: runtime key 'ipv4' of this device is already declared at config.c:28" \
    mirage configure --which=key-clash
expect_error net-socket-not-unix "mirage: configure key '--net=socket': the socket stack is for the unix target only" \
    mirage configure -t spt --net=socket
expect_error net-unknown "mirage: configure key '--net=tcp': expected direct or socket" \
    mirage configure --net=tcp
expect_error socket-stack-not-hvt "$E:26: device socket_stackv4v6 is not available on target hvt" \
    mirage configure -t hvt --which=socket-hvt

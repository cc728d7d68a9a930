#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# The command line: help and version, the saved context, -f and -o, clean,
# rewriting only what changed, recompiling config.c only when needed.
source "$(dirname "$0")/lib.sh"
need_tool cli

# ok NAME 'CONDITION': PASS if the shell condition holds.
ok() {
    if eval "$2"; then pass "$1"; else fail "$1" "not true: $2"; fi
}
mtime() { stat -c %Y.%y "$@" 2> /dev/null; }

# Help and version need no config.c and write nothing.
cd "$TMP" || exit 1
ok help-exit0 'mirage --help > "$TMP/help" 2>&1'
ok help-lists-commands 'grep -q "^  describe " "$TMP/help"'
ok help-configure 'mirage help configure | grep -q -- "-t, --target=TARGET"'
for c in build clean query describe help; do
    ok "help-$c" 'mirage $c --help 2>&1 | grep -q "^Usage: mirage $c"'
done
ok help-devices 'mirage help devices | grep -q "^default_random  *random  *unix,hvt,spt  *rng "'
ok version '[ "$(mirage --version)" = "mirage ${MIRAGE_VERSION:-0.1.0}" ]'
ok help-writes-nothing '[ ! -e "$TMP/mirage" ]'

# configure saves its arguments; describe, query and build reuse them.
project hello examples/hello
cd "$TMP/hello" || exit 1
mirage configure -t spt -o hi > "$TMP/out"
ok configure-next-step '[ "$(cat "$TMP/out")" = "Configured hi for spt. Next: '"'mirage build' (or 'make')."'" ]'
ok context-target '[ "$(mirage query name)" = hi ]'
ok context-describe 'mirage describe | grep -q "^Target     spt\$"'
mirage configure > /dev/null
ok configure-starts-afresh '[ "$(mirage query name)" = hello ]'
ok unix-has-no-manifest '[ ! -e mirage/manifest.c ] && [ ! -e mirage/manifest.json ]'

# Unchanged files are not rewritten, so make has nothing to redo.
before=$(mtime mirage/main.c mirage/keys.c mirage/keys.h Makefile mirage/context)
sleep 1.1
mirage configure > /dev/null
ok rewrite-only-changes '[ "$before" = "$(mtime mirage/main.c mirage/keys.c mirage/keys.h Makefile mirage/context)" ]'

# config.exe is rebuilt only when config.c changes.
exe=$(mtime mirage/config.exe)
mirage describe > /dev/null
ok config-exe-kept '[ "$exe" = "$(mtime mirage/config.exe)" ]'
sleep 1.1
sed -i 's/"hello", hello/"hello2", hello/' config.c
mirage query name > "$TMP/out"
ok config-exe-rebuilt '[ "$exe" != "$(mtime mirage/config.exe)" ] && [ "$(cat "$TMP/out")" = hello2 ]'

# Running config.exe directly works the same (with MIRAGE_PREFIX set).
ok config-exe-direct '[ "$(MIRAGE_PREFIX=$PREFIX ./mirage/config.exe query name)" = hello2 ]'
ok config-exe-help './mirage/config.exe help configure > /dev/null'

# -f FILE in another folder: the project is that folder.
mkdir -p "$TMP/elsewhere/proj"
cp "$MIRAGE_ROOT/examples/hello/unikernel.c" "$TMP/elsewhere/proj/"
cp "$MIRAGE_ROOT/examples/hello/config.c" "$TMP/elsewhere/proj/conf_hvt.c"
cd "$TMP/elsewhere" || exit 1
mirage configure -f proj/conf_hvt.c -t hvt > /dev/null
ok file-option-project '[ -f proj/Makefile ] && [ -f proj/mirage/main.c ] && [ ! -e mirage ]'
ok file-option-context 'grep -qx -- --file=conf_hvt.c proj/mirage/context'
ok file-option-sources 'grep -qx "MIRAGE_SRCS   := unikernel.c mirage/main.c mirage/keys.c mirage/manifest.c" proj/Makefile'
ok file-option-reused '[ "$(cd proj && mirage query name)" = hello ]'

# Configure keys given as --KEY (bool) and --KEY=VALUE reach config.c.
project full tests/tool/configs/full
cd "$TMP/full" || exit 1
mirage configure --verbose --count=7 > /dev/null
ok conf-key-values 'grep -q "\"7\"" mirage/keys.c'
ok conf-key-branch 'grep -q clocks_start mirage/keys.h'
mirage configure > /dev/null
ok conf-key-defaults 'grep -q quiet_start mirage/keys.h'
ok conf-key-target '[ "$(mirage query name -t hvt)" = full-solo5 ]'

# clean removes all it made and nothing else.
mirage clean
ok clean-removes '[ ! -e mirage ] && [ ! -e Makefile ] && [ ! -e dist ] && [ ! -e _build ]'
ok clean-keeps-sources '[ -f config.c ] && [ -f unikernel.c ]'
ok clean-twice 'mirage clean'

# build re-runs config.c with the saved arguments before make.
if [ -f "$PREFIX/share/mirage/unix.mk" ]; then
    cd "$TMP/hello" || exit 1
    mirage configure -o again > /dev/null
    mirage build > "$TMP/out" 2>&1
    ok build-uses-context '[ -x dist/again ] && grep -q "^Built dist/again. Run it with: ./dist/again\$" "$TMP/out"'
    before=$(mtime dist/again)
    sleep 1.1
    mirage build > /dev/null 2>&1
    ok build-nothing-to-do '[ "$before" = "$(mtime dist/again)" ]'
    sed -i 's/MIRAGE_KEYS()/MIRAGE_KEYS(mirage_key_int("times", 4, "How many."))/' config.c
    ok build-follows-config 'mirage build > /dev/null 2>&1 && grep -q key_times mirage/keys.h'
else
    fail build-uses-context "$PREFIX/share/mirage/unix.mk is missing (platform/unix not built)"
fi

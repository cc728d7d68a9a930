# SPDX-License-Identifier: ISC
# Helpers sourced by the tool tests (tests/tool/*.t): a scratch copy of a
# unikernel, PASS/FAIL lines, golden files, paths made comparable.
set -u
MIRAGE_ROOT=${MIRAGE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$MIRAGE_ROOT/$BUILD ;; esac
PREFIX=$(cd "$BUILD" 2>/dev/null && pwd || echo "$BUILD")
export PATH="$PREFIX/bin:$PATH"
MIRAGE=$PREFIX/bin/mirage
GOLDEN=$MIRAGE_ROOT/tests/tool/golden
TMP=$(mktemp -d /tmp/mirage-tool-test.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
unset MIRAGE_PREFIX CC

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }

# Every script starts with this: without the tool nothing can be tested.
need_tool() {
    if [ ! -x "$MIRAGE" ] || [ ! -f "$PREFIX/lib/mirage/libmirage_config.a" ]; then
        fail "$1" "$MIRAGE or libmirage_config.a is not built (make BUILD=$BUILD)"
        exit 0
    fi
}

# project DIR SRC: a fresh copy of SRC (a folder under the repository: its
# sources and data folders, not what configure and build made) in $TMP/DIR.
project() {
    rm -rf "${TMP:?}/$1"
    mkdir -p "$TMP/$1"
    cp -r "$MIRAGE_ROOT/$2"/. "$TMP/$1/"
    rm -rf "$TMP/$1/mirage" "$TMP/$1/Makefile" "$TMP/$1/_build" "$TMP/$1/dist"
}

# Replaces the machine's paths in stdin by placeholders.
norm() {
    sed -e "s|$PREFIX|@PREFIX@|g" -e "s|$TMP|@TMP@|g" \
        -e "s|$MIRAGE_ROOT|@ROOT@|g"
}

# same NAME GOLDEN_FILE ACTUAL_FILE: true if equal after norm; prints a diff
# otherwise.  MIRAGE_UPDATE_GOLDEN=1 rewrites the golden file instead.
same() {
    local g=$GOLDEN/$2
    if [ "${MIRAGE_UPDATE_GOLDEN:-0}" = 1 ]; then
        mkdir -p "$(dirname "$g")"
        norm < "$3" > "$g"
        return 0
    fi
    if [ ! -f "$g" ]; then
        echo "missing golden file $g"
        return 1
    fi
    norm < "$3" | diff -u "$g" - | head -n 40
    [ "${PIPESTATUS[1]}" -eq 0 ]
}

# expect_error NAME WANT_LINE CMD...: CMD must exit 1 and print exactly the
# one line WANT_LINE on stderr and nothing on stdout.
expect_error() {
    local name=$1 want=$2 rc
    shift 2
    "$@" > "$TMP/out" 2> "$TMP/err"
    rc=$?
    if [ $rc -ne 1 ]; then
        fail "$name" "exit $rc, expected 1 (stderr: $(head -c 300 "$TMP/err"))"
    elif [ -s "$TMP/out" ]; then
        fail "$name" "unexpected stdout: $(head -c 200 "$TMP/out")"
    elif [ "$(cat "$TMP/err")" != "$want" ]; then
        fail "$name" "stderr was '$(head -c 300 "$TMP/err")', expected '$want'"
    else
        pass "$name"
    fi
}

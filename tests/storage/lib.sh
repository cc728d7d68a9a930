# SPDX-License-Identifier: ISC
# Helpers shared by the storage test scripts (sourced, not run).
set -u
BUILD=${BUILD:-build}
ROOT=${MIRAGE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
LIBDIR=$BUILD/lib/mirage/unix
TMP=$(mktemp -d /tmp/mirage-storage.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }
skip() { echo "SKIP: $1: $2"; }

# build_prog NAME LIB... : compiles progs/NAME.c as a unix unikernel
# against the staged libraries into $TMP/NAME.
build_prog() {
    local name=$1; shift
    local libs="" l
    for l in "$@" runtime plat_unix; do
        if [ ! -f "$LIBDIR/libmirage_$l.a" ]; then
            echo "missing $LIBDIR/libmirage_$l.a (run make first)" >&2
            return 1
        fi
        libs="$libs -lmirage_$l"
    done
    gcc -std=c11 -O2 -g -D_GNU_SOURCE -Wall -Wextra -I"$ROOT/include" \
        -I"$ROOT/lib/kv" -o "$TMP/$name" "$ROOT/tests/storage/progs/$name.c" \
        -L"$LIBDIR" -Wl,--start-group $libs -Wl,--end-group
}

# tree_listing DIR: the host's view of a folder as kv_dump prints a store:
# "V /key size sha256" per file, "D /key" per folder, sorted.
tree_listing() {
    (cd "$1" && find . -mindepth 1 \( -type d -printf 'D %P\n' \) -o \
        \( -type f -printf 'V %P\n' \)) | while IFS= read -r line; do
        t=${line%% *} p=${line#* }
        if [ "$t" = D ]; then echo "D /$p"
        else echo "V /$p $(stat -c %s "$1/$p") $(sha256sum < "$1/$p" | cut -d' ' -f1)"; fi
    done | LC_ALL=C sort
}

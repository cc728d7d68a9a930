#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Golden tests of `mirage configure`: its output and every generated file
# for several unikernels and targets; the generated C compiles cleanly; the
# manifest note has the Solo5 layout.
source "$(dirname "$0")/lib.sh"
need_tool generate

GCC_INC=$(gcc -print-file-name=include)
GUEST_FLAGS="-ffreestanding -mgeneral-regs-only -nostdinc -isystem $PREFIX/include/nolibc -isystem $GCC_INC"

# case NAME SRC TARGET ARGS...: configure SRC for TARGET and compare.
case_() {
    local name=$1 src=$2 target=$3 dir ok=1
    shift 3
    project "$name" "$src"
    dir=$TMP/$name
    if ! (cd "$dir" && mirage configure -t "$target" "$@") > "$TMP/$name.out" 2>&1; then
        fail "$name/configure" "$(cat "$TMP/$name.out")"
        return
    fi
    same "$name/configure" "$name/configure.out" "$TMP/$name.out" || ok=0
    local files="Makefile mirage/context mirage/main.c mirage/keys.c mirage/keys.h"
    [ "$target" != unix ] && files="$files mirage/manifest.json mirage/manifest.c"
    for f in $files; do
        same "$name/$f" "$name/$(basename "$f")" "$dir/$f" || { echo "($f differs)"; ok=0; }
    done
    local have want
    have=$(cd "$dir" && ls mirage | grep -v config.exe | sort | tr '\n' ' ')
    want=$(for f in $files; do case $f in mirage/*) basename "$f" ;; esac; done | sort | tr '\n' ' ')
    [ "$have" = "$want" ] || { echo "mirage/ holds '$have', expected '$want'"; ok=0; }
    [ $ok = 1 ] && pass "$name/files" || fail "$name/files" "generated files differ from tests/tool/golden/$name (diff above)"
    compiles "$name" "$dir" "$target"
}

# The generated C (and the application) compile without a warning.
compiles() {
    local name=$1 dir=$2 target=$3 flags="-std=c11 -Wall -Wextra -Werror -fsyntax-only"
    [ "$target" != unix ] && flags="$flags $GUEST_FLAGS"
    if (cd "$dir" && gcc $flags -I. -I"$PREFIX/include" mirage/*.c ./*.c 2> "$TMP/cc.err"); then
        pass "$name/compiles"
    else
        fail "$name/compiles" "$(head -c 400 "$TMP/cc.err")"
    fi
}

# The MFT1 note: header, name, descriptor size, version, entries, entry 0.
note() {
    local name=$1 entries=$2 dir=$TMP/$1 why
    if ! (cd "$dir" && gcc -c $GUEST_FLAGS -o "$TMP/mft.o" mirage/manifest.c) 2> "$TMP/cc.err"; then
        fail "$name/note" "$(head -c 300 "$TMP/cc.err")"
        return
    fi
    if ! readelf -SW "$TMP/mft.o" | grep -q '\.note\.solo5\.manifest *NOTE'; then
        fail "$name/note" "section .note.solo5.manifest is not of type NOTE"
        return
    fi
    objcopy -O binary --only-section=.note.solo5.manifest "$TMP/mft.o" "$TMP/mft.bin"
    why=$(/usr/bin/python3 - "$TMP/mft.bin" "$entries" <<'EOF'
import struct, sys
data = open(sys.argv[1], 'rb').read()
n = int(sys.argv[2])
namesz, descsz, ntype = struct.unpack_from('<III', data, 0)
problems = []
if (namesz, ntype) != (6, 0x3154464d): problems.append('header %d %#x' % (namesz, ntype))
if data[12:20] != b'Solo5\0\0\0': problems.append('name %r' % data[12:20])
if descsz != 4 + 8 + 104 * n: problems.append('descsz %d' % descsz)
if len(data) != 20 + descsz: problems.append('size %d' % len(data))
version, count = struct.unpack_from('<II', data, 24)
if (version, count) != (1, n): problems.append('version %d entries %d' % (version, count))
if data[32:32 + 68] != bytes(68): problems.append('entry 0 has a name')
if struct.unpack_from('<I', data, 32 + 68)[0] != 0x40000000: problems.append('entry 0 not reserved')
for i in range(n):
    if data[32 + 104 * i + 96] != 0: problems.append('entry %d attached' % i)
print(', '.join(problems))
EOF
)
    [ -z "$why" ] && pass "$name/note" || fail "$name/note" "$why"
}

# entries NAME NAME:TYPE...: after note NAME, the note's entries against
# manifest.json and the expected list (type 1 = BLOCK_BASIC, 2 =
# NET_BASIC), byte by byte: the name NUL-padded to 68 bytes, the type, the
# tender's fields zero.
entries() {
    local name=$1 dir=$TMP/$1 why
    shift
    why=$(/usr/bin/python3 - "$TMP/mft.bin" "$dir/mirage/manifest.json" "$@" <<'EOF'
import json, struct, sys
data = open(sys.argv[1], 'rb').read()
js = json.load(open(sys.argv[2]))
want = [(n, int(t)) for n, t in (a.split(':') for a in sys.argv[3:])]
types = {'BLOCK_BASIC': 1, 'NET_BASIC': 2}
from_json = [(d['name'], types[d['type']]) for d in js['devices']]
problems = []
if from_json != want:
    problems.append('manifest.json lists %r' % from_json)
count = struct.unpack_from('<I', data, 28)[0]
if count != len(want) + 1:
    problems.append('%d entries' % count)
for i, (n, t) in enumerate(want, 1):
    e = data[32 + 104 * i: 32 + 104 * (i + 1)]
    if len(e) < 104:
        problems.append('entry %d missing' % i)
        break
    if e[:68] != n.encode().ljust(68, b'\0'):
        problems.append('entry %d name %r' % (i, e[:68].rstrip(b'\0')))
    et = struct.unpack_from('<I', e, 68)[0]
    if et != t:
        problems.append('entry %d type %d' % (i, et))
    if e[72:] != bytes(32):
        problems.append('entry %d: tender fields not zero' % i)
print(', '.join(problems))
EOF
)
    [ -z "$why" ] && pass "$name/entries" || fail "$name/entries" "$why"
}

case_ hello-unix examples/hello unix
case_ hello-hvt examples/hello hvt
note hello-hvt 1
case_ hello_key-spt examples/hello_key spt
note hello_key-spt 1
case_ app_info-unix examples/app_info unix
case_ noop-hvt examples/noop hvt
case_ timeout1-spt examples/timeout1 spt
case_ full-unix tests/tool/configs/full unix
case_ full-hvt tests/tool/configs/full hvt --verbose --count=5 --greeting=hey -o fullv
note full-hvt 1
# Network and storage devices: the socket stack (the unix default), the
# direct one, two interfaces, crunch and direct stores, a ramdisk.
case_ devices-unix tests/tool/configs/devices unix
case_ devices-unix-direct tests/tool/configs/devices unix --net=direct --kv_ro=direct
case_ devices-hvt tests/tool/configs/devices hvt
note devices-hvt 6
entries devices-hvt service:2 other:2 storage:1 archive:1 scratch:1
case_ devices-spt tests/tool/configs/devices spt --kv-ro=direct --block=ramdisk
note devices-spt 5
entries devices-spt service:2 other:2 storage:1 archive:1
case_ network-hvt examples/network hvt
note network-hvt 2
entries network-hvt service:2
case_ kv_ro-unix examples/kv_ro unix
case_ block-spt examples/block spt
note block-spt 2
entries block-spt storage:1

#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# Replays docs/tutorial.md: writes each file it shows (a ```c block after
# "<!-- file: NAME -->") and runs each "$ command" of its ```console blocks
# in a fresh HOME, comparing the output with the lines shown.  In the
# expected text "..." stands for any number of lines, times in log lines
# may differ, and "[N]" is a non-zero exit status.
source "$(dirname "$0")/lib.sh"
need_tool tutorial
mkdir -p "$TMP/home"
HOME=$TMP/home LC_ALL=C PATH="$PREFIX/bin:/usr/bin:/bin" \
    /usr/bin/python3 - "$MIRAGE_ROOT/docs/tutorial.md" << 'EOF'
import os, re, subprocess, sys

TIME = re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d')

def steps(path):
    """Yields ('file', name, text) and ('run', command, expected lines)."""
    lines = open(path).read().split('\n')
    i, pending = 0, None
    while i < len(lines):
        m = re.match(r'<!-- file: (\S+) -->', lines[i])
        if m:
            pending = m.group(1)
        if lines[i].startswith('```'):
            kind = lines[i][3:].strip()
            j = i + 1
            while not lines[j].startswith('```'):
                j += 1
            body = lines[i + 1:j]
            if kind == 'c' and pending:
                yield ('file', pending, '\n'.join(body) + '\n')
                pending = None
            elif kind == 'console':
                cmd = None
                for l in body:
                    if l.startswith('$ '):
                        if cmd is not None:
                            yield ('run', cmd, out)
                        cmd, out = l[2:], []
                    else:
                        out.append(l)
                if cmd is not None:
                    yield ('run', cmd, out)
            i = j
        i += 1

def matches(want, have):
    """want may hold '...' lines, each matching any number of lines."""
    if not want:
        return not have
    if want[0] == '...':
        return any(matches(want[1:], have[k:]) for k in range(len(have) + 1))
    return bool(have) and want[0] == have[0] and matches(want[1:], have[1:])

cwd, n, failed = os.environ['HOME'], 0, 0
for step in steps(sys.argv[1]):
    if step[0] == 'file':
        with open(os.path.join(cwd, step[1]), 'w') as f:
            f.write(step[2])
        continue
    n += 1
    cmd, want = step[1], step[2]
    r = subprocess.run(['bash', '-c', 'cd "$1" && eval "$2" 2>&1; rc=$?; pwd > "$HOME/.cwd"; exit $rc',
                        'step', cwd, cmd], stdout=subprocess.PIPE, timeout=60)
    cwd = open(os.path.join(os.environ['HOME'], '.cwd')).read().strip() or cwd
    have = r.stdout.decode(errors='replace').split('\n')
    if have and have[-1] == '':
        have.pop()
    if r.returncode:
        have.append('[%d]' % r.returncode)
    norm = lambda ls: [TIME.sub('TIME', l.rstrip()) for l in ls]
    name = '%02d %s' % (n, cmd[:50].replace(': ', ' '))
    if matches(norm(want), norm(have)):
        print('PASS: ' + name)
    else:
        failed += 1
        print('--- expected\n' + '\n'.join(want) + '\n--- got\n' + '\n'.join(have[-30:]))
        print('FAIL: %s: the output differs from docs/tutorial.md (above)' % name)
EOF

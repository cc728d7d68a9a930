# SPDX-License-Identifier: ISC
# The rounds of kv_crash.t: writer killed with SIGKILL, then verifier.
# Usage: rounds.py TARGET DIR TENDER ROUNDS MINDELAY MAXDELAY (seconds)
# Prints one PASS or FAIL line for the target and a line of figures.
import os
import random
import re
import signal
import subprocess
import sys
import time

TARGET, DIR, TENDER = sys.argv[1], sys.argv[2], sys.argv[3]
ROUNDS = int(sys.argv[4])
MINDELAY, MAXDELAY = float(sys.argv[5]), float(sys.argv[6])
NAME = 'kv_crash/' + TARGET
ACK = re.compile(r'\[application\] ack (\d+) (/k\d\d) ([0-9a-f]{16})$')
HAVE = re.compile(r'\[application\] have (/k\d\d) (none|(\d+) ([0-9a-f]{16}))$')
IMG = 'storage.img'


def command(*args):
    if TARGET == 'unix':
        return ['./dist/kvcrash'] + list(args)
    return [TENDER, '--block:storage=' + IMG, 'dist/kvcrash.' + TARGET] + list(args)


def fail(why):
    print('FAIL: %s: %s' % (NAME, why))
    sys.exit(0)


def writers(arg):
    """The pids of our writer processes (cwd DIR, argument ARG)."""
    found = []
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            args = open('/proc/%s/cmdline' % pid, 'rb').read().split(b'\0')
            cwd = os.readlink('/proc/%s/cwd' % pid)
        except OSError:
            continue
        if cwd == DIR and arg.encode() in args:
            found.append(int(pid))
    return found


def survivors(arg):
    """Waits 2 s for the guest to follow its tender; kills and counts any
    writer left then."""
    for _ in range(40):
        left = writers(arg)
        if not left:
            return 0
        time.sleep(0.05)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return len(left)


def writer(start, rnd):
    """Runs the writer from START, kills it; returns its acks in order."""
    with open('%s/w%d.out' % (DIR, rnd), 'wb') as out:
        p = subprocess.Popen(command('--start=%d' % start, '--count=100000000'),
                             cwd=DIR, stdout=out, stderr=subprocess.STDOUT)
        time.sleep(random.uniform(MINDELAY, MAXDELAY))
        p.kill()  # SIGKILL: the tender (or unix process) dies at once
        p.wait()
    if survivors('--start=%d' % start):
        fail('round %d: the guest outlived its tender (killed now)' % rnd)
    acks = []
    with open('%s/w%d.out' % (DIR, rnd), 'rb') as f:
        for line in f.read().decode('utf-8', 'replace').split('\n'):
            m = ACK.search(line)
            if m:
                acks.append((int(m.group(1)), m.group(2), m.group(3)))
    for i, a in enumerate(acks):
        if a[0] != start + i:
            fail('round %d: acks out of order at %d' % (rnd, a[0]))
    return acks


def verify(rnd):
    """Runs the verifier; returns {key: (seq, hash) or None}."""
    r = subprocess.run(command('--verify'), cwd=DIR, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    text = r.stdout.decode('utf-8', 'replace')
    have = {}
    for line in text.split('\n'):
        m = HAVE.search(line)
        if m:
            have[m.group(1)] = None if m.group(2) == 'none' else (
                int(m.group(3)), m.group(4))
    if r.returncode != 0 or len(have) != 64:
        tail = '|'.join(text.strip().split('\n')[-3:])
        fail('round %d: verifier exit %d, %d keys: %s' %
             (rnd, r.returncode, len(have), tail))
    return have


def main():
    random.seed()
    with open('%s/%s' % (DIR, IMG), 'wb') as f:
        f.truncate(2 << 20)
    want = {}  # key -> (seq, hash) of its last acknowledged set
    start, acked, applied_unacked, checks = 1, 0, 0, 0
    t0 = time.time()
    for rnd in range(1, ROUNDS + 1):
        acks = writer(start, rnd)
        acked += len(acks)
        for seq, key, h in acks:
            want[key] = (seq, h)
        inflight = start + len(acks)  # the set that may or may not be in
        have = verify(rnd)
        for key, got in have.items():
            checks += 1
            if got == want.get(key):
                continue
            if got is not None and got[0] == inflight and (
                    want.get(key) is None or want[key][0] < inflight):
                want[key] = got  # the set under way made it: fine
                applied_unacked += 1
                continue
            fail('round %d: %s holds %s, the last acknowledged set is %s' %
                 (rnd, key, got, want.get(key)))
        start = inflight + 1
    secs = time.time() - t0
    print('PASS: %s' % NAME)
    print('  %s: %d rounds in %.1f s, %d acknowledged sets, %d key checks '
          '(%d keys held the unacknowledged set under way), 0 failures' %
          (NAME, ROUNDS, secs, acked, checks, applied_unacked))


main()

#!/usr/bin/env python3
"""Every rule against schema only, alternated: the harness (../shared/bench/run-peers.sh) times one
asklint command per run, minutes apart, and this machine's speed drifts in minutes. Alternating the
two commands, in both orders, exposes both to the same drift.

    python3 bench/interleave.py target/release/asklint 40 [/tmp/bench-corpus-10k]

Runs `asklint check --format concise repo` and the same with `--select JSON,SCH,KIND` (what
bench/asklint-schema-only adds) in the corpus folder: 3 warm-up pairs, then N pairs. Prints each
command's median wall, CPU (user + system) and user time, and their ratios.
"""

import os
import resource
import statistics
import subprocess
import sys


def run(command, cwd):
    """Wall seconds, CPU seconds (user + system) and user seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = os.times().elapsed
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = os.times().elapsed - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user = after.ru_utime - before.ru_utime
    return wall, user + after.ru_stime - before.ru_stime, user


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    asklint = os.path.abspath(sys.argv[1])
    pairs = int(sys.argv[2])
    corpus = sys.argv[3] if len(sys.argv) == 4 else "/tmp/bench-corpus-10k"
    if not os.path.isdir(os.path.join(corpus, "repo")):
        sys.exit(f"{corpus}/repo is missing: run ../shared/bench/run-peers.sh (or its gen.py) first")
    commands = {
        "every rule": [asklint, "check", "--format", "concise", "repo"],
        "schema only": [asklint, "check", "--format", "concise", "--select", "JSON,SCH,KIND", "repo"],
    }
    for _ in range(3):
        for command in commands.values():
            run(command, corpus)
    times = {name: [] for name in commands}
    for i in range(pairs):
        order = list(commands) if i % 2 == 0 else list(reversed(commands))
        for name in order:
            times[name].append(run(commands[name], corpus))
    medians = {
        name: [statistics.median(t[k] for t in runs) * 1000 for k in range(3)]
        for name, runs in times.items()
    }
    for name, (wall, cpu, user) in medians.items():
        print(f"{name}: wall {wall:.1f} ms, CPU {cpu:.1f} ms, user {user:.1f} ms (medians of {pairs})")
    (wall_a, cpu_a, user_a), (wall_s, cpu_s, user_s) = medians.values()
    print(f"every rule / schema only: wall {wall_a / wall_s:.3f}, CPU {cpu_a / cpu_s:.3f}, user {user_a / user_s:.3f}")


if __name__ == "__main__":
    main()

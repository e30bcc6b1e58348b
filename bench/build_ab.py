#!/usr/bin/env python3
"""bench/build_ab.py: two `zhfind` binaries building the same input, runs
interleaved (A B, B A, ...) so that a machine whose speed drifts within the
hour treats both alike; prints each one's median wall and CPU time.

    bench/build_ab.py OLD_ZHFIND NEW_ZHFIND [RUNS] [INPUT]

RUNS defaults to 80, INPUT to the seed corpus of bench/compare
(.cache/compare/seed/articles.jsonl, written by bench/compare/run.sh seed).
Differences under ~5 % did not reproduce on the 2-core benchmark machine;
keep a binary to compare against with `cp target/release/zhfind /tmp/zh_old`
before a change.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    bins = {"A": sys.argv[1], "B": sys.argv[2]}
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 80
    source = sys.argv[4] if len(sys.argv) > 4 else ".cache/compare/seed/articles.jsonl"
    if not os.path.exists(source):
        sys.exit(f"{source} not found (run bench/compare/run.sh seed first, or name an input)")
    out = tempfile.mkdtemp(prefix="build-ab-")
    wall = {k: [] for k in bins}
    cpu = {k: [] for k in bins}
    devnull = os.open(os.devnull, os.O_WRONLY)
    for i in range(runs):
        order = ["A", "B"] if i % 2 else ["B", "A"]
        for k in order:
            cmd = [bins[k], "build", source, "--url-template", "/a/{id}.html", "--out", f"{out}/{k}"]
            start = time.perf_counter()
            pid = os.fork()
            if pid == 0:
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
                os.execv(cmd[0], cmd)
            _, status, usage = os.wait4(pid, 0)
            if status != 0:
                sys.exit(f"{' '.join(cmd)} failed (status {status})")
            wall[k].append(time.perf_counter() - start)
            cpu[k].append(usage.ru_utime + usage.ru_stime)
    shutil.rmtree(out, ignore_errors=True)
    for k in bins:
        print(
            f"{k} {bins[k]}: wall median {1000 * statistics.median(wall[k]):.1f} ms, "
            f"cpu median {1000 * statistics.median(cpu[k]):.1f} ms over {runs} runs"
        )


if __name__ == "__main__":
    main()

"""Benchmark `changjing check` at several sizes.

    python3 benchmarks/bench_check.py            # 1 000 and 10 000 records
    python3 benchmarks/bench_check.py 500 5000   # other sizes

For each size it generates a synthetic valid repository (benchmarks/synth.py),
then times, in fresh processes: the full check, and a check of the one file a
change touches (which still resolves references against the whole index).
It prints wall time and peak memory (the largest resident set of the process
and its workers). Targets on a 2-core machine at 10 000 records: full ≤ 3 s,
one file ≤ 1 s.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak MiB and exit code of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def best_of(runs: int, cmd: list[str]) -> tuple[float, float]:
    results = []
    for _ in range(runs):
        wall, mib, code = measure(cmd)
        if code != 0:
            raise SystemExit(f"command failed ({code}): {' '.join(cmd)}")
        results.append((wall, mib))
    return min(r[0] for r in results), max(r[1] for r in results)


def main(sizes: list[int]) -> None:
    changjing = [sys.executable, "-m", "changjing.cli"]
    print(f"{'records':>8} {'files':>7} {'full check':>11} {'peak MiB':>9} {'one file':>9} {'peak MiB':>9}")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-check-{n}-") as tmp:
            subprocess.run([sys.executable, str(HERE / "synth.py"), str(n), tmp], check=True, stdout=subprocess.DEVNULL)
            files = sorted(Path(tmp, "submissions").rglob("*.*"))
            one = next(p for p in files if p.parent.name == "demand").relative_to(tmp).as_posix()
            full_wall, full_mib = best_of(3, changjing + ["check", "--root", tmp, "--today", "2026-11-23"])
            one_wall, one_mib = best_of(3, changjing + ["check", "--root", tmp, "--today", "2026-11-23", one])
            print(f"{n:>8} {len(files):>7} {full_wall:>10.2f}s {full_mib:>9.0f} {one_wall:>8.2f}s {one_mib:>9.0f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])

#!/usr/bin/env python3
"""Cost of 供需对接 at scale: ``python3 benchmarks/match_scale.py [N ...]`` (default 1000 5000 10000).

For each size, on a synthetic repository (benchmarks/synth.py, every record
published through synthetic_state), prints

* what suggestions add to the site build: the wall time and the rise in peak
  memory of computing every public record's published matches, measured
  around that step inside a build's data loading (child process);
* ``changjing match ID`` wall time, cold (first call: parses every record,
  derives statuses and writes the profile cache) and warm (the cache is current).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-23"

CHILD = r"""
import json, resource, sys, time
from datetime import date
sys.path.insert(0, sys.argv[2])
import synth
from changjing.site import data as site_data, matching_view

root, today = sys.argv[1], date.fromisoformat(sys.argv[3])
state = synth.synthetic_state(root, today)
real, seen = matching_view.compute_suggestions, {}

def measured(items, orgs):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t, c = time.perf_counter(), time.process_time()
    out = real(items, orgs)
    seen.update(seconds=time.perf_counter() - t, cpu=time.process_time() - c, before_kib=before,
                after_kib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                queries=len(items.get("demand", [])) + len(items.get("supply", [])),
                shown=sum(len(v) for v in out.values()))
    return out

matching_view.compute_suggestions = measured
site_data.load_site_data(root, today, state=state)
print(json.dumps(seen))
"""


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(n: int, work: Path) -> dict:
    sys.path.insert(0, str(HERE))
    import synth

    root = work / f"repo-{n}"
    synth.generate(n, root)
    child = subprocess.run([sys.executable, "-c", CHILD, str(root), str(HERE), TODAY],
                           capture_output=True, text=True, check=True)
    build = json.loads(child.stdout.strip().splitlines()[-1])
    first = sorted((root / "submissions" / "demand").iterdir())[0].stem
    cli = [sys.executable, "-m", "changjing.cli", "match", first, "--top", "5", "--root", str(root), "--today", TODAY]
    times, cpus = [], []
    for _ in range(3):
        t, c = time.perf_counter(), _children_cpu()
        subprocess.run(cli, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
        cpus.append(_children_cpu() - c)
    return {"records": n, "queries": build["queries"], "suggest_s": round(build["seconds"], 2),
            "suggest_cpu_s": round(build["cpu"], 2), "match_cold_cpu_s": round(cpus[0], 2),
            "match_warm_cpu_s": round(min(cpus[1:]), 2),
            "suggest_peak_rise_mib": round((build["after_kib"] - build["before_kib"]) / 1024, 1),
            "shown": build["shown"], "match_cold_s": round(times[0], 2), "match_warm_s": round(min(times[1:]), 2)}


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 5000, 10000]
    print("耗时为墙上时间，括号中为 CPU 时间（机器繁忙时墙上时间偏大）。")
    print("| 记录数 | 需求与供给（查询数） | 推荐计算耗时 | 峰值内存增加 | 显示的推荐 | match ID 首次 | match ID 之后 |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="cj-match-bench-") as tmp:
        for n in sizes:
            r = run(n, Path(tmp))
            print(f"| {r['records']:,} | {r['queries']:,} | {r['suggest_s']} 秒（{r['suggest_cpu_s']}） "
                  f"| {r['suggest_peak_rise_mib']} MiB | {r['shown']:,} | {r['match_cold_s']} 秒（{r['match_cold_cpu_s']}） "
                  f"| {r['match_warm_s']} 秒（{r['match_warm_cpu_s']}） |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

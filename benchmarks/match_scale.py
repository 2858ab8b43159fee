#!/usr/bin/env python3
"""Cost of 供需对接 at scale: ``python3 benchmarks/match_scale.py [N ...]`` (default 1000 5000 10000).

For each size, on a synthetic repository (benchmarks/synth.py, every record
published through synthetic_state), prints

* what suggestions add to the site build: the wall time and the rise in peak
  memory of computing every public record's published matches, measured
  around that step inside a build's data loading (child process), on a fresh
  checkout and again once ``changjing match`` has left its cache (unchanged
  records are then not segmented again);
* ``changjing match ID --top 5`` wall and CPU time (of the child process): cold (no cache: parses every
  record, segments its text, derives statuses, indexes both corpora and writes the cache), warm (the cache
  is current: median of three), after one record file is edited (an applicant's edit of a supply's
  description: median of three different files), and after a staff decision in lists/ (a withdrawal).

The files are made older than the cache's racy margin first (as in any checkout but the newest), so the
warm figure is a plain warm call.
"""
from __future__ import annotations

import json
import os
import statistics
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

def measured(items, orgs, *rest):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t, c = time.perf_counter(), time.process_time()
    out = real(items, orgs, *rest)
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


def _timed(cli: list[str]) -> tuple[float, float]:
    t, c = time.perf_counter(), _children_cpu()
    subprocess.run(cli, capture_output=True, check=True)
    return time.perf_counter() - t, _children_cpu() - c


def _median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def run(n: int, work: Path) -> dict:
    sys.path.insert(0, str(HERE))
    import synth

    root = work / f"repo-{n}"
    synth.generate(n, root)
    hour_ago = time.time_ns() - 3_600_000_000_000
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(hour_ago, hour_ago))
    child = subprocess.run([sys.executable, "-c", CHILD, str(root), str(HERE), TODAY],
                           capture_output=True, text=True, check=True)
    build = json.loads(child.stdout.strip().splitlines()[-1])
    first = sorted((root / "submissions" / "demand").iterdir())[0].stem
    cli = [sys.executable, "-m", "changjing.cli", "match", first, "--top", "5", "--root", str(root), "--today", TODAY]
    cold = _timed(cli)
    warm = _median([_timed(cli) for _ in range(3)])
    edits = []
    for path in sorted((root / "submissions" / "supply").iterdir())[:3]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("description: \"", "description: \"经现场改进，", 1), encoding="utf-8")
        edits.append(_timed(cli))
    edit = _median(edits)
    supply = sorted((root / "submissions" / "supply").iterdir())[-1].stem
    (root / "lists" / "withdrawals.yaml").write_text(
        f"withdrawals:\n  - record: {supply}\n    kind: 撤回\n    date: 2026-11-20\n    reason: 申报单位主动撤回\n",
        encoding="utf-8")
    lists = _timed(cli)
    _timed(cli)  # the cache now holds every file: what a build after `changjing match` finds
    again = json.loads(subprocess.run([sys.executable, "-c", CHILD, str(root), str(HERE), TODAY],
                                      capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
    return {"suggest_cached": (again["seconds"], again["cpu"]),"records": n, "queries": build["queries"], "suggest_s": build["seconds"], "suggest_cpu_s": build["cpu"],
            "suggest_peak_rise_mib": (build["after_kib"] - build["before_kib"]) / 1024, "shown": build["shown"],
            "cold": cold, "warm": warm, "edit": edit, "lists": lists}


def _cell(pair: tuple[float, float]) -> str:
    return f"{pair[0]:.2f} 秒（{pair[1]:.2f}）"


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 5000, 10000]
    print("耗时为墙上时间，括号中为 CPU 时间（机器繁忙时墙上时间偏大）。")
    print("| 记录数 | 查询数 | 网站推荐计算 | 峰值内存增加 | 显示的推荐 | 网站推荐（有 match 缓存） | match 无缓存 "
          "| match 缓存有效 | 改一个记录文件后 | 改 lists/ 后 |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="cj-match-bench-") as tmp:
        for n in sizes:
            r = run(n, Path(tmp))
            print(f"| {r['records']:,} | {r['queries']:,} | {_cell((r['suggest_s'], r['suggest_cpu_s']))} "
                  f"| {r['suggest_peak_rise_mib']:.1f} MiB | {r['shown']:,} | {_cell(r['suggest_cached'])} | {_cell(r['cold'])} "
                  f"| {_cell(r['warm'])} "
                  f"| {_cell(r['edit'])} | {_cell(r['lists'])} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

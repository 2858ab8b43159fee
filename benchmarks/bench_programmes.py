#!/usr/bin/env python3
"""The programmes at scale: ``python3 benchmarks/bench_programmes.py [N ...]`` (default 1000 10000).

A synthetic repository of N records (benchmarks/synth.py, every record published) gets the
project's 晋创谷 targets and a coverage roster holding every enterprise of the synthetic
organisations, with a staff 销号 for every third one and a qualification for every second one.
Prints, for each size, the best of three runs of: computing the targets, computing this
month's coverage, both XLSX workbooks, and the two site pages (as `changjing build` makes them,
with the derived state already built).
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import synth  # noqa: E402

TODAY = date(2026, 11, 23)


def staff_files(repo: Path) -> int:
    from changjing.index import Index

    shutil.copy(ROOT / "lists/jinchuanggu.yaml", repo / "lists/jinchuanggu.yaml")
    index = Index(repo)
    enterprises = [o.credit_code for o in index.models("org") if o.type in ("民营企业", "国有企业")]
    scope = "".join(f"  - org: {c}\n    department: 经济发展与安全监管部\n    since: 2026-01-01\n" for c in enterprises)
    confirmed = "".join(f"  - org: {c}\n    date: 2026-05-01\n    evidence: 研发机构\n    material: 认定文件\n"
                        f"    unit: 经济发展与安全监管部\n" for c in enterprises[::3])
    (repo / "lists/coverage.yaml").write_text(
        f"document_number: 晋市政办〔2020〕31号\nenterprises:\n{scope}confirmations:\n{confirmed}reports: []\n",
        encoding="utf-8")
    quals = "".join(f"  - org: {c}\n    kind: 高新技术企业\n    certificate_number: GR2025{i:08d}\n    date: 2025-06-01\n"
                    f"    issuer: 山西省高新技术企业认定管理机构\n" for i, c in enumerate(enterprises[::2]))
    (repo / "lists/qualifications.yaml").write_text(f"qualifications:\n{quals}", encoding="utf-8")
    return len(enterprises)


def best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(sizes: list[int]) -> None:
    from changjing.programmes.context import load_sources
    from changjing.programmes.coverage import compute_coverage
    from changjing.programmes.targets import compute_targets
    from changjing.programmes.xlsx import coverage_xlsx, targets_xlsx
    from changjing.site.data import load_site_data
    from changjing.site.programmes import write_pages

    print("| 记录数 | 范围内企业 | 目标计算 | 覆盖计算 | 两个 XLSX | 两个网页 |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            repo = synth.generate(n, Path(tmp) / "repo")
            enterprises = staff_files(repo)
            state = synth.synthetic_state(repo, TODAY)
            src = load_sources(repo, TODAY, state=state)
            t_targets = best(lambda: compute_targets(src))
            t_cov = best(lambda: compute_coverage(src))
            targets, cov = compute_targets(src), compute_coverage(src)
            t_xlsx = best(lambda: (targets_xlsx(targets), coverage_xlsx(cov)))
            data = load_site_data(repo, TODAY, state=state)

            class Out:
                out = Path(tmp) / "site"

                def fill_slot(self, slot, content):
                    pass

            t_pages = best(lambda: write_pages(data, Out()))
            print(f"| {n:,} | {enterprises} | {t_targets:.2f} 秒 | {t_cov:.2f} 秒 | {t_xlsx:.2f} 秒 | {t_pages:.2f} 秒 |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])

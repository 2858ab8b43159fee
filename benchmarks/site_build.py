#!/usr/bin/env python3
"""Benchmark the public-site build: ``python3 benchmarks/site_build.py 1000 10000``.

For each N: write a synthetic repository (benchmarks/synth.py), build the site
with the real pipeline (check → mkdocs-material → changjing.site generator →
search index) in a child process, and print wall time, peak memory, output size,
the search index's size, and for a few queries the bytes a reader's first search
downloads (gzipped, as a web server would send them) and how long a search takes
once its files are loaded, measured in Debian's chromium. Not a test: numbers
depend on the machine.
"""
from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TODAY = "2026-11-23"

CHILD = r"""
import resource, sys, time, json
sys.path.insert(0, {bench!r})
from datetime import date
from pathlib import Path
import synth
from changjing.site.cli import build_site
repo, out = Path({repo!r}), Path({out!r})
t0 = time.perf_counter()
state = synth.synthetic_state(repo, date.fromisoformat({today!r}))
t1 = time.perf_counter()
build_site(repo, date.fromisoformat({today!r}), out, config_file=Path({config!r}), state=state)
t2 = time.perf_counter()
self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({{"state_s": t1 - t0, "build_s": t2 - t1, "self_mib": self_kb / 1024, "child_mib": child_kb / 1024}}))
"""


def tree_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


QUERIES = ("视觉检测", "园区", "巡检", "米波", "区块链")


def _answer(page, query: str) -> float:
    """Type the query, press Enter, wait for the status line's answer; milliseconds."""
    page.fill("#cj-q", query)
    t = time.perf_counter()
    page.press("#cj-q", "Enter")
    for _ in range(2000):
        status = page.text_content("[data-cj-search-status]") or ""
        if status.startswith(("找到", "没有找到")):
            break
        time.sleep(0.005)
    return (time.perf_counter() - t) * 1000


def first_search(site: Path, query: str) -> dict:
    """Bytes of a reader's first search (fresh page, empty cache) and the time of the same search again."""
    sys.path.insert(0, str(ROOT / "tests"))
    from site_helpers import browser, serve

    with serve(site) as url, browser() as b:
        page = b.new_page()
        page.goto(url + "search/")
        page.wait_for_load_state("load")
        urls: list[str] = []
        page.on("request", lambda r: urls.append(r.url))
        first_ms = _answer(page, query)
        hits = len(page.query_selector_all("[data-cj-search-results] li"))
        page.fill("#cj-q", "")
        again_ms = min(_answer(page, query) for _ in range(3))  # files loaded: the answer alone
    total_raw = total_gz = 0
    for u in set(urls):
        rel = u.split("/", 3)[3].split("?")[0]
        p = site / rel
        if p.is_file():
            data = p.read_bytes()
            total_raw += len(data)
            total_gz += min(len(data), len(gzip.compress(data, 6)))
    return {"query": query, "requests": len(set(urls)), "raw_kib": round(total_raw / 1024, 1),
            "gzip_kib": round(total_gz / 1024, 1), "results_shown": hits, "first_ms": round(first_ms),
            "loaded_ms": round(again_ms)}


def run(n: int, work: Path) -> dict:
    sys.path.insert(0, str(HERE))
    import synth

    repo, out = work / f"repo{n}", work / f"site{n}"
    t = time.perf_counter()
    synth.generate(n, repo)
    synth_s = time.perf_counter() - t
    code = CHILD.format(bench=str(HERE), repo=str(repo), out=str(out), today=TODAY, config=str(ROOT / "mkdocs.yml"))
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    wall = time.perf_counter() - t
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    files, size = tree_size(out)
    index = out / "search-index"
    meta = json.loads((index / "meta.json").read_text())
    postings = sum(p.stat().st_size for p in (index / "s").iterdir())
    postings_gz = sum(len(gzip.compress(p.read_bytes(), 6)) for p in (index / "s").iterdir())
    docs_files, docs_size = tree_size(index / "d")
    result = {"records": n, "synth_s": round(synth_s, 2), "wall_s": round(wall, 2),
              "build_s": round(stats["build_s"], 2), "peak_mib": round(max(stats["self_mib"], stats["child_mib"]), 1),
              "files": files, "output_mib": round(size / 2**20, 1),
              "index": {"docs": meta["docs"], "tokens": meta["tokens"], "shards": meta["shards"],
                        "postings_mib": round(postings / 2**20, 2), "postings_gzip_mib": round(postings_gz / 2**20, 2),
                        "shard_gzip_kib_avg": round(postings_gz / meta["shards"] / 1024, 1),
                        "doc_files": docs_files, "docs_mib": round(docs_size / 2**20, 2)}}
    result["searches"] = [first_search(out, q) for q in QUERIES]
    return result


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 10000]
    with tempfile.TemporaryDirectory(prefix="cj-bench-") as tmp:
        for n in sizes:
            r = run(n, Path(tmp))
            print(json.dumps(r, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

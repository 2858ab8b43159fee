#!/usr/bin/env python3
"""Benchmark a long list as a reader on a slow phone gets it: ``python3 benchmarks/list_view.py 1000 19000``.

For each N: write a synthetic repository (benchmarks/synth.py; N = 19 000 gives a demand list of
about 10 000 rows), build the site with the real pipeline (no search index: not what is measured),
serve it gzip-compressed as a web server would, and open the demand list in Debian's chromium with
4× CPU throttling and two slow networks (NETWORKS below: Lighthouse's mobile profile and DevTools' "3G").
Printed per N:

* rows in the list, size of the list page and its rows.json (raw and gzip);
* first view: first contentful paint and the moment the list is usable (rows shown and the filters
  wired: cj.js marks ``cj-list-ready``), and the bytes transferred until then (every request, as sent);
* all rows: when rows.json has arrived and the whole list can be filtered (cj.js marks ``cj-list-all``);
* filter: time from a filter change to the next painted frame (median of 5 domains, after all rows
  arrived; the first of them, which builds its rows' elements, the change handler's own share, and the
  time until the frame after, when the cards out of view have been laid out too);
* the first sort by title (Chinese collation over every row; later sorts and filters reuse the order);
* the machine's load average when the line was printed (the machine is shared; figures vary with it).

``--runs K`` repeats each network K times; ``--site DIR`` measures an already-built site instead of
building one (to compare two versions of the page on the same data). ``--verbose`` prints each request.

Targets (issue 11): usable ≤ 2 s, ≤ 300 KB transferred for the first view, filter ≤ 200 ms.
Not a test: numbers depend on the machine.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TODAY = "2026-11-23"
CPU_SLOWDOWN = 4
#: network profiles: Lighthouse's mobile default (with its 4× CPU slowdown: the "slow phone on a slow
#: network" of the issue) and DevTools' harsher "3G" preset (formerly "Fast 3G")
NETWORKS = {
    "Lighthouse 移动端（150 ms，1.6 Mbit/s）": {"offline": False, "latency": 150,
                                          "downloadThroughput": 1638.4 * 1024 / 8, "uploadThroughput": 750 * 1024 / 8},
    "DevTools 3G（562 ms，1.4 Mbit/s）": {"offline": False, "latency": 562.5,
                                      "downloadThroughput": 1.6 * 1024 * 1024 / 8 * 0.9,
                                      "uploadThroughput": 750 * 1024 / 8 * 0.9},
}

#: change a select, then wait for the next frame to be painted and for the one after it (the rest of the
#: page of rows laid out): [ms until painted, ms of the change handler, ms until the rest is laid out]
CHANGE = """([selector, value]) => new Promise(done => {
    const s = document.querySelector(selector);
    const t0 = performance.now();
    s.value = value;
    s.dispatchEvent(new Event('change', {bubbles: true}));
    const t1 = performance.now();
    requestAnimationFrame(() => setTimeout(() => {
        const painted = performance.now() - t0;
        // then the cards out of view (cj.js lays them out a frame later and marks cj-list-drawn)
        requestAnimationFrame(() => setTimeout(() => done([painted, t1 - t0, performance.now() - t0]), 0));
    }, 0));
})"""

CHILD = r"""
import sys
sys.path.insert(0, {bench!r})
from datetime import date
from pathlib import Path
import synth
from changjing.site.cli import build_site
repo, out = Path({repo!r}), Path({out!r})
synth.generate({n}, repo)
state = synth.synthetic_state(repo, date.fromisoformat({today!r}))
build_site(repo, date.fromisoformat({today!r}), out, config_file=Path({config!r}), state=state, search=False)
"""


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser accepts it (as nginx's gzip_static would)."""

    cache: dict[str, bytes] = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if Path(path).is_dir():
            path = str(Path(path) / "index.html")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not Path(path).is_file():
            return super().send_head()
        body = self.cache.get(path)
        if body is None:
            body = self.cache[path] = gzip.compress(Path(path).read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


def build(n: int, work: Path) -> Path:
    out = work / "build"
    code = CHILD.format(bench=str(HERE), repo=str(work / "repo"), out=str(out), n=n, today=TODAY,
                        config=str(ROOT / "mkdocs.yml"))
    subprocess.run([sys.executable, "-c", code], check=True)
    return out


def measure(site: Path, network: dict) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from site_helpers import browser

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/demand/"
    try:
        with browser() as b:
            context = b.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send("Network.emulateNetworkConditions", network)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
            sizes: dict[str, int] = {}
            done_at: dict[str, float] = {}
            urls: dict[str, str] = {}
            cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
            cdp.on("Network.loadingFinished", lambda e: (sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
                                                         done_at.__setitem__(e["requestId"], e["timestamp"])))
            page.goto(url, wait_until="commit")
            deadline = time.monotonic() + 60
            # usable = the first page of rows painted and the filters wired (both, whichever comes last)
            while not page.evaluate("performance.getEntriesByName('cj-list-ready').length"
                                    " && performance.getEntriesByName('first-contentful-paint').length"):
                if time.monotonic() > deadline:
                    raise RuntimeError("the list never became ready")
                page.wait_for_timeout(50)
            timing = page.evaluate("""() => {
                const nav = performance.getEntriesByType('navigation')[0];
                const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                const ready = performance.getEntriesByName('cj-list-ready')[0];
                return {dcl: nav.domContentLoadedEventEnd, fcp: fcp ? fcp.startTime : null,
                        ready: ready ? ready.startTime : null, now: performance.now()};
            }""")
            if "--verbose" in sys.argv:
                for r in page.evaluate("""() => performance.getEntriesByType('resource').map(r =>
                        [r.name.split('/').slice(-2).join('/'), Math.round(r.startTime), Math.round(r.responseEnd)])"""):
                    print("   ", r, file=sys.stderr)
                print("    timing", timing, file=sys.stderr)
            usable_bytes = sum(v for k, v in sizes.items() if not urls.get(k, "").endswith("rows.json"))
            # wait for all rows (rows.json: cj.js marks cj-list-all once they are in), then time filters
            deadline = time.monotonic() + 120
            arrived = None  # a page from before cj-list-all (to compare): rows.json's arrival plus 300 ms
            while not page.evaluate("performance.getEntriesByName('cj-list-all').length"):
                if time.monotonic() > deadline:
                    raise RuntimeError("rows.json never arrived")
                if arrived is None and any(u.endswith("rows.json") and k in sizes for k, u in urls.items()):
                    arrived = page.evaluate("performance.now()")
                if arrived is not None and page.evaluate("performance.now()") > arrived + 3000:
                    break
                page.wait_for_timeout(100)
            all_rows_ms = page.evaluate("(performance.getEntriesByName('cj-list-all')[0] || {}).startTime") \
                or arrived + 300
            rows_json = sum(v for k, v in sizes.items() if urls.get(k, "").endswith("rows.json"))
            page.wait_for_timeout(500)
            options = page.eval_on_selector("select[name=domain]", "s => Array.from(s.options).map(o => o.value)")
            times = []
            sync_times = []
            drawn_times = []
            for value in (options[1:6] if len(options) > 5 else options[1:]):
                t = page.evaluate(CHANGE, ["select[name=domain]", value])
                times.append(t[0])
                sync_times.append(t[1])
                drawn_times.append(t[2])
            # the first sort by title (Chinese collation over every row; later sorts reuse the order)
            sort_ms = page.evaluate(CHANGE, ["select[name=sort]", "title"])[0]
            rows_total = page.evaluate("document.querySelector('[data-cj-list]').getAttribute('data-total')")
            context.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"rows": int(rows_total), "fcp_ms": timing["fcp"], "usable_ms": max(timing["ready"], timing["fcp"] or 0),
            "dcl_ms": timing["dcl"], "filter_js_ms": statistics.median(sync_times) if sync_times else None,
            "first_view_kb": usable_bytes / 1000, "rows_json_kb": rows_json / 1000, "all_rows_ms": all_rows_ms,
            "filter_ms": statistics.median(times) if times else None, "filter_first_ms": times[0] if times else None,
            "filter_all_ms": statistics.median(drawn_times) if drawn_times else None,
            "sort_ms": sort_ms}


def _option(name: str) -> str | None:
    """``--name VALUE`` from the command line, if given."""
    if name in sys.argv[:-1]:
        return sys.argv[sys.argv.index(name) + 1]
    return None


def report(n: int, site: Path, runs: int) -> None:
    page = (site / "demand" / "index.html").read_bytes()
    rows = site / "demand" / "rows.json"
    rows_b = rows.read_bytes() if rows.exists() else b""
    for run in range(runs):
        for name, network in NETWORKS.items():
            m = measure(site, network)
            print(f"| {n:,} | {m['rows']:,} | {len(page) / 1000:,.0f} KB / {len(gzip.compress(page)) / 1000:,.0f} KB "
                  f"| {len(rows_b) / 1000:,.0f} KB / {len(gzip.compress(rows_b)) / 1000:,.0f} KB | {name} "
                  f"| {m['usable_ms'] / 1000:.2f} 秒（FCP {m['fcp_ms'] / 1000:.2f} 秒） | {m['first_view_kb']:,.0f} KB "
                  f"| {m['all_rows_ms'] / 1000:.1f} 秒 | {m['filter_ms']:.0f} 毫秒（首次 {m['filter_first_ms']:.0f}，"
                  f"脚本 {m['filter_js_ms']:.0f}，整页排好 {m['filter_all_ms']:.0f}） | {m['sort_ms']:.0f} 毫秒 | {os.getloadavg()[0]:.1f} |", flush=True)


def main(sizes: list[int]) -> None:
    runs = int(_option("--runs") or 1)
    print(f"CPU {CPU_SLOWDOWN}× slower, 390 px phone, gzip on, cache off; {runs} run(s) per network")
    print("| 记录数 | 需求清单行数 | 清单页（原始/gzip） | rows.json（原始/gzip） | 网络 | 首屏可用 | 首屏传输 | 全部行可筛选 "
          "| 筛选响应（中位数） | 首次按名称排序 | 负载 |")
    print("| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    if _option("--site"):  # an already-built site (e.g. to compare two versions of the assets)
        site = Path(_option("--site"))
        report(sum(1 for _ in (site / "demand").glob("XQ-*")), site, runs)
        return
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"cj-list-{n}-") as tmp:
            report(n, build(n, Path(tmp)), runs)


if __name__ == "__main__":
    values = {sys.argv[i + 1] for i, a in enumerate(sys.argv[:-1]) if a in ("--runs", "--site")}
    main([int(a) for a in sys.argv[1:] if not a.startswith("--") and a not in values] or [1000, 19000])

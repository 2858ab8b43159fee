"""Helpers for the site tests: build a site, serve it on 127.0.0.1, drive Debian's chromium.

The browser tests never download a browser (no ``playwright install``); they use
/usr/bin/chromium and fail — not skip — when it is missing.
"""
from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
SAMPLE_TODAY = date(2026, 11, 23)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@contextmanager
def serve(site_dir: Path):
    """Serve a built site on 127.0.0.1 (random port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def build_synthetic(n: int, repo: Path, out: Path, today: date = SAMPLE_TODAY, *, search: bool = True):
    """A synthetic repo of n records, every record published, built with the real mkdocs pipeline."""
    import synth

    from changjing.site.cli import build_site

    synth.generate(n, repo)
    state = synth.synthetic_state(repo, today)
    build_site(repo, today, out, config_file=ROOT / "mkdocs.yml", state=state, search=search)
    return state


TEST_SITE_URL = "https://cj.jkq.test/cj/"


def set_site_url(repo: Path, url: str = TEST_SITE_URL, source_base: str = "", apply_form_url: str = "") -> None:
    """Give a repo's lists/settings.yaml the site's real address (the sample leaves it out)."""
    path = Path(repo) / "lists" / "settings.yaml"
    text = path.read_text(encoding="utf-8")
    extra = (f"  url: {url}\n" + (f"  source_base: {source_base}\n" if source_base else "")
             + (f"  apply_form_url: {apply_form_url}\n" if apply_form_url else ""))
    assert "\nsite:\n" in text
    path.write_text(text.replace("\nsite:\n", "\nsite:\n" + extra, 1), encoding="utf-8")


def wait_for(fn, timeout=10.0):
    """Poll from Python (the CSP forbids Playwright's eval-based wait_for_function, as it should)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = fn()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")

"""The site search as a reader meets it: the relevance set (tests/search_relevance.yaml) run in Debian's chromium
against the built sample, plus what every result shows and that nothing typed or submitted becomes markup.

Run: .venv/bin/python -m pytest -q tests/test_search_relevance.py
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import yaml
from site_helpers import ROOT, SAMPLE_TODAY, browser, serve

CASES = yaml.safe_load((ROOT / "tests" / "search_relevance.yaml").read_text(encoding="utf-8"))
FINAL = ("找到", "没有找到", "请输入")


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def sample(tmp_path_factory, chromium):
    from changjing.site.cli import build_site
    from changjing.site.data import load_site_data

    out = build_site(ROOT, SAMPLE_TODAY, tmp_path_factory.mktemp("sample") / "build")
    data = load_site_data(ROOT, SAMPLE_TODAY)
    with serve(out) as url:
        yield {"url": url, "browser": chromium, "data": data, "out": Path(out)}


@pytest.fixture
def page(sample):
    context = sample["browser"].new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    problems: list[str] = []
    host = urlsplit(sample["url"]).netloc
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning")
          else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("request", lambda r: problems.append(f"request to another host: {r.url}")
          if urlsplit(r.url).netloc != host else None)
    pg.problems = problems
    yield pg
    context.close()


def settle(pg, timeout=10.0) -> str:
    """Wait until the search page has answered (or the browser has left it to open a record)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if urlsplit(pg.url).path != "/search/":
            pg.wait_for_load_state("load")
            return ""
        try:
            status = (pg.text_content("[data-cj-search-status]", timeout=500) or "").strip()
        except Exception:  # the page is navigating away
            time.sleep(0.05)
            continue
        if status.startswith(FINAL):
            return status
        time.sleep(0.05)
    raise AssertionError("the search did not answer")


def ask(pg, url, query) -> tuple[str, list[str]]:
    """The header box's way in: search/?q=…; returns the status line and the result links."""
    pg.goto(url + "search/?q=" + quote(query))
    status = settle(pg)
    if not status:
        return "", []
    return status, pg.eval_on_selector_all("[data-cj-search-results] a", "els => els.map(e => e.getAttribute('href'))")


@pytest.mark.parametrize("case", CASES, ids=[c["query"] for c in CASES])
def test_relevance_set(sample, page, case):
    data, q = sample["data"], case["query"]
    url_of = {i.id: "/" + i.url for i in data.all_items()}
    status, hrefs = ask(page, sample["url"], q)
    if "opens" in case:
        assert urlsplit(page.url).path == url_of[case["opens"]], (q, page.url, status)
    elif case.get("none"):
        assert status.startswith("没有找到") and hrefs == [], (q, status, hrefs)
        assert page.is_visible("[data-cj-search-empty]")
    elif "near" in case:
        assert status.startswith("没有找到") and page.is_visible("[data-cj-search-empty]"), status
        assert hrefs and hrefs[0] == url_of[case["near"]], (q, hrefs)
        assert len(hrefs) <= 5
    elif "first" in case:
        want = {url_of[i] for i in case["first"]}
        assert status.startswith("找到"), status
        assert set(hrefs[:len(want)]) == want, (q, hrefs[:len(want) + 3])
    else:
        kind, n = case["first_kind"]
        kinds = page.eval_on_selector_all("[data-cj-search-results] .cj-kind", "els => els.map(e => e.textContent)")
        assert len(kinds) >= n and set(kinds[:n]) == {kind}, (q, kinds[:n + 3])
    assert page.problems == []


def test_a_result_shows_kind_status_and_the_readers_text_with_the_match_marked(sample, page):
    item = sample["data"].by_id["XQ-2026-0002"]
    status, hrefs = ask(page, sample["url"], "光伏")
    assert status == "找到 1 个结果。" and hrefs == ["/" + item.url]
    hit = page.query_selector("[data-cj-search-results] li")
    assert hit.query_selector(".cj-hit__title").text_content() == item.title
    assert hit.query_selector(".cj-kind").text_content() == "场景需求"
    assert hit.query_selector(".cj-id").text_content() == item.id
    assert hit.query_selector(".cj-status").text_content() == item.status
    snippet = hit.query_selector(".cj-hit__snippet")
    assert snippet.eval_on_selector_all("mark", "ms => ms.map(m => m.textContent)") == ["光伏"]
    text = snippet.text_content().strip("…")
    assert text.split("光伏")[0][-10:] in item.model.pain_point  # the reader's own words around the match
    # the title's match is marked too
    status, _ = ask(page, sample["url"], "巡检")
    marks = page.eval_on_selector_all("[data-cj-search-results] li:first-child .cj-hit__title mark",
                                      "ms => ms.map(m => m.textContent)")
    assert marks == ["巡检"]
    assert page.problems == []


def test_typing_an_id_lists_it_and_enter_opens_it(sample, page):
    page.goto(sample["url"] + "search/")
    page.fill("#cj-q", "gj-2025-0016")  # input event only: list, do not leave the page
    settle(page)
    assert page.eval_on_selector_all("[data-cj-search-results] a", "els => els.map(e => e.getAttribute('href'))")[0] \
        == "/supply/GJ-2025-0016/"
    page.press("#cj-q", "Enter")
    page.wait_for_url("**/supply/GJ-2025-0016/")
    assert page.problems == []


def test_header_box_keeps_q_and_results_live_in_the_marked_elements(sample, page):
    page.goto(sample["url"] + "policy/")
    page.fill("#cj-hq", "米波")
    page.press("#cj-hq", "Enter")
    page.wait_for_url("**/search/?q=*")
    assert settle(page).startswith("找到")
    assert page.input_value("#cj-q") == "米波"
    assert page.eval_on_selector_all("[data-cj-search-results] a", "els => els[0].getAttribute('href')") \
        == "/supply/GJ-2025-0016/"


def test_the_index_holds_no_developer_pages_and_no_internal_text(sample):
    bundle = sample["out"] / "search-index"
    docs = [d for p in sorted((bundle / "d").glob("*.json")) for d in json.loads(p.read_text(encoding="utf-8"))]
    urls = {d["u"] for d in docs}
    assert {"reference/cli/", "reference/pr/", "reference/site/"}.isdisjoint(urls)
    assert {"policy/", "apply/"} <= urls  # hand-written pages for readers are searched
    assert {"demand/", "supply/", "search/", "stats/"}.isdisjoint(urls)  # lists repeat the records
    records = [d for d in docs if d.get("i")]
    assert len(records) == len(sample["data"].all_items())
    text = "\n".join(d["x"] for d in records)
    assert not re.search(r"\b(XQ|GJ)\d{8}\b", text), "compact IDs are index-only text"
    assert "title:" not in text and "credit_code" not in text


def test_first_search_downloads_little(sample, page):
    seen: list[str] = []
    page.on("request", lambda r: seen.append(urlsplit(r.url).path))
    page.goto(sample["url"] + "search/")
    page.wait_for_load_state("load")
    seen.clear()
    page.fill("#cj-q", "视觉检测")
    page.press("#cj-q", "Enter")
    settle(page)
    seen = [p for p in seen if not p.endswith("favicon.png")]
    files = [sample["out"] / p.lstrip("/") for p in seen]
    assert all(f.is_file() for f in files) and all(p.startswith("/search-index/") for p in seen), seen
    assert sum(f.stat().st_size for f in files) < 150_000


# -- hostile input ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory, chromium):
    import synth
    from test_site_safety import _add_hostile

    from changjing.site.cli import build_site

    repo = tmp_path_factory.mktemp("repo")
    out = tmp_path_factory.mktemp("site") / "build"
    synth.generate(40, repo)
    _add_hostile(repo)
    build_site(repo, SAMPLE_TODAY, out, config_file=ROOT / "mkdocs.yml",
               state=synth.synthetic_state(repo, SAMPLE_TODAY))
    with serve(out) as url:
        yield {"url": url, "browser": chromium}


@pytest.mark.parametrize("query", ["alert", "恶意单位", "javascript", '"><img src=x onerror=alert(1)>'])
def test_nothing_submitted_or_typed_runs(hostile, query):
    context = hostile["browser"].new_context()
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    status, hrefs = ask(pg, hostile["url"], query)
    assert status
    injected = pg.eval_on_selector_all(
        "[data-cj-search] img, [data-cj-search] script, [data-cj-search] b, [data-cj-search] iframe, "
        "[data-cj-search] [onerror], [data-cj-search] [onmouseover], [data-cj-search] a[href^=javascript]",
        "els => els.map(e => e.outerHTML)")
    assert injected == []
    if query != "javascript" and hrefs:
        text = pg.text_content("[data-cj-search-results]")
        assert "<" in text or "恶意单位" in text  # the markup is shown as text
    time.sleep(0.3)
    assert dialogs == [] and errors == []
    context.close()


def test_results_fit_a_phone(sample):
    context = sample["browser"].new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    for query in ("巡检", "GHz", "无人机自动巡险"):
        status, hrefs = ask(pg, sample["url"], query)
        assert hrefs, query
        assert pg.evaluate("document.documentElement.scrollWidth") <= pg.evaluate("window.innerWidth"), query
    context.close()

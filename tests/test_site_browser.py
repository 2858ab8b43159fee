"""The built site in a real browser: Debian's chromium driven by Playwright, site served on 127.0.0.1.

Run: .venv/bin/python -m pytest -q tests/test_site_browser.py
(Fails, never skips, when /usr/bin/chromium is missing.)
"""
from __future__ import annotations

import csv
import io
from urllib.parse import urlsplit

import pytest
from site_helpers import ROOT, SAMPLE_TODAY, browser, build_synthetic, serve, wait_for

N_RECORDS = 80


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:  # one Playwright session per module (the sync API allows only one at a time)
        yield b


@pytest.fixture(scope="module")
def site(tmp_path_factory, chromium):
    repo = tmp_path_factory.mktemp("repo")
    out = tmp_path_factory.mktemp("site") / "build"
    state = build_synthetic(N_RECORDS, repo, out)
    from changjing.site.data import load_site_data

    data = load_site_data(repo, SAMPLE_TODAY, state=state)
    with serve(out) as url:
        yield {"url": url, "browser": chromium, "data": data, "state": state, "out": out}


@pytest.fixture
def page(site):
    context = site["browser"].new_context(accept_downloads=True)
    pg = context.new_page()
    problems: list[str] = []
    host = urlsplit(site["url"]).netloc
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning")
          else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("request", lambda r: problems.append(f"request to another host: {r.url}")
          if urlsplit(r.url).netloc != host and not r.url.startswith(("data:", "blob:")) else None)
    pg.problems = problems
    yield pg
    context.close()


def search(pg, url, query) -> list[str]:
    pg.goto(url + "search/")
    pg.fill("#cj-q", query)
    pg.press("#cj-q", "Enter")
    wait_for(lambda: (pg.text_content("[data-cj-search-status]") or "").strip() not in ("", "正在搜索…"))
    return pg.eval_on_selector_all("[data-cj-search-results] a", "els => els.map(e => e.getAttribute('href'))")


def test_search_opens_a_record_by_its_id(site, page):
    item = site["data"].items["demand"][3]
    for typed in (item.id, item.id.lower().replace("-", "")):
        page.goto(site["url"] + "search/")
        page.fill("#cj-q", typed)
        page.press("#cj-q", "Enter")
        page.wait_for_url("**/" + item.url)
    assert page.problems == []


def test_chinese_search_finds_records_by_words_of_their_text(site, page):
    data = site["data"]
    item = data.items["supply"][5]
    hrefs = search(page, site["url"], item.title)
    assert "/" + item.url in hrefs[:5]
    for word in ("园区", "视觉检测"):
        hrefs = search(page, site["url"], word)
        expected = {"/" + i.url for i in data.all_items()
                    if word in i.title or word in (i.record.loaded.text if hasattr(i.record.loaded, "text") else "")}
        assert hrefs, word
        if expected:
            assert set(hrefs) & expected, word
    hrefs = search(page, site["url"], "公示")
    assert any(h.startswith("/notices/") for h in hrefs)
    assert page.problems == []


def test_filters_narrow_the_demand_list(site, page):
    data = site["data"]
    demands = data.items["demand"]
    page.goto(site["url"] + "demand/")
    visible = lambda: page.eval_on_selector_all("table.cj-table tbody tr", "rs => rs.filter(r => !r.hidden).length")
    assert visible() == len(demands)
    page.select_option("select[name=batch]", "2025-H1")
    want = [i for i in demands if i.batch == "2025-H1"]
    wait_for(lambda: visible() == len(want))
    assert page.text_content("[data-cj-count]") == str(len(want))
    domain = want[0].domain
    page.select_option("select[name=domain]", domain)
    narrower = [i for i in want if i.domain == domain]
    wait_for(lambda: visible() == len(narrower))
    assert len(narrower) < len(demands)
    page.wait_for_url(lambda url: "batch=2025-H1" in url)  # the address follows once the rows are drawn
    page.select_option("select[name=sort]", "title")
    first = page.eval_on_selector("table.cj-table tbody tr:not([hidden]) td.cj-title", "e => e.textContent")
    assert first in {i.title for i in narrower}
    assert page.problems == []


def test_record_page_shows_its_timeline_and_links(site, page):
    case = site["data"].items["case"][0]
    page.goto(site["url"] + case.url)
    times = page.eval_on_selector_all(".cj-timeline time", "ts => ts.map(t => t.textContent)")
    assert times == [e.day.isoformat() for e in case.state.history]
    related = page.eval_on_selector_all(".cj-related a", "as => as.map(a => a.textContent)")
    assert set(related) == {case.model.demand, case.model.supply}
    assert page.text_content("h1").startswith(case.id)
    assert "标杆场景奖励" in page.text_content("#reward + p")
    assert page.problems == []


def test_notice_shows_the_right_dates(site, page):
    notice = site["state"].notices[0]
    page.goto(site["url"] + f"notices/{notice.notice_id}/")
    period = page.text_content("[data-cj-period]")
    assert period == f"{notice.start.isoformat()} 至 {notice.end.isoformat()}"
    state = page.text_content("[data-cj-notice-state]")
    assert state == ("公示期满" if SAMPLE_TODAY > notice.end else "公示中")
    assert page.eval_on_selector_all(".cj-skipped li", "ls => ls.length") == len(notice.skipped)
    assert page.problems == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloads_open_and_hold_every_published_record(site, page, fmt, tmp_path):
    page.goto(site["url"] + "demand/")
    with page.expect_download() as info:
        page.click(f"a[href$='downloads/demand.{fmt}']")
    path = tmp_path / f"demand.{fmt}"
    info.value.save_as(path)
    if fmt == "csv":
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    else:
        from openpyxl import load_workbook

        rows = [[c for c in r] for r in load_workbook(path).active.iter_rows(values_only=True)]
    assert rows[0][:3] == ["编号", "名称", "状态"]
    assert sorted(r[0] for r in rows[1:]) == sorted(i.id for i in site["data"].items["demand"])
    assert page.problems == []


PAGES = ["", "demand/", "supply/", "cases/", "donations/", "notices/", "rewards/", "stats/", "downloads/",
         "search/", "apply/", "apply/fields/", "policy/", "reference/rules/"]


def test_no_console_errors_anywhere(site, page):
    data = site["data"]
    extra = [data.items[k][0].url for k in ("demand", "supply", "case", "donation")]
    extra.append(f"notices/{site['state'].notices[0].notice_id}/")
    for path in PAGES + extra:
        page.goto(site["url"] + path)
        page.wait_for_load_state("load")
    assert page.problems == []


def test_phone_viewport_has_no_horizontal_scroll(site):
    context = site["browser"].new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                          is_mobile=True, has_touch=True)
    pg = context.new_page()
    data = site["data"]
    wide = []
    for path in PAGES + [data.items["demand"][0].url, data.items["case"][0].url,
                         f"notices/{site['state'].notices[0].notice_id}/"]:
        pg.goto(site["url"] + path)
        sw = pg.evaluate("document.documentElement.scrollWidth")
        iw = pg.evaluate("window.innerWidth")
        if sw > iw:
            wide.append((path, sw, iw))
    context.close()
    assert wide == []


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory, chromium):
    """The project's own sample data with its real derived state (lists/)."""
    from changjing.site.cli import build_site
    from changjing.site.data import load_site_data

    out = build_site(ROOT, SAMPLE_TODAY, tmp_path_factory.mktemp("sample") / "build")
    data = load_site_data(ROOT, SAMPLE_TODAY)
    with serve(out) as url:
        yield {"url": url, "browser": chromium, "data": data}


def test_sample_search_in_chinese(sample_site):
    data = sample_site["data"]
    context = sample_site["browser"].new_context()
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for word in ("视觉检测", "园区"):
        expected = {"/" + i.url for i in data.all_items() if word in i.title}
        hrefs = search(pg, sample_site["url"], word)
        assert hrefs, word
        assert expected <= set(hrefs) or len(hrefs) == 30, (word, expected - set(hrefs))
    if data.state.notices:
        assert any(h.startswith("/notices/") for h in search(pg, sample_site["url"], "公示"))
    first = data.all_items()[0]
    pg.goto(sample_site["url"] + "search/?q=" + first.id.lower())
    pg.wait_for_url("**/" + first.url)
    context.close()
    assert errors == []


def test_sample_notice_dates(sample_site):
    from changjing.site.build import notice_state

    data = sample_site["data"]
    if not data.state.notices:
        pytest.fail("the sample has no 公示 notices")
    context = sample_site["browser"].new_context()
    pg = context.new_page()
    for notice in data.state.notices:
        pg.goto(sample_site["url"] + f"notices/{notice.notice_id}/")
        assert pg.text_content("[data-cj-period]") == f"{notice.start.isoformat()} 至 {notice.end.isoformat()}"
        assert pg.text_content("[data-cj-notice-state]") == notice_state(notice, SAMPLE_TODAY)
    context.close()


def test_header_search_box_submits_to_the_search_page(sample_site):
    """Every page's header has a plain GET form (q=…) to search/; the search page runs the query. On a
    phone the header keeps the site's name and shows only the button: it opens the search page with its
    box focused."""
    data = sample_site["data"]
    word = "视觉检测"
    expected = {"/" + i.url for i in data.all_items() if word in i.title}
    assert expected, "the sample should have records about " + word
    for viewport in ({"width": 1280, "height": 900}, {"width": 360, "height": 740}):
        context = sample_site["browser"].new_context(viewport=viewport)
        pg = context.new_page()
        errors: list[str] = []
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.goto(sample_site["url"] + data.items["demand"][0].url)
        if viewport["width"] > 480:
            assert pg.is_visible("header form[role=search] #cj-hq")
            pg.fill("#cj-hq", word)
            pg.press("#cj-hq", "Enter")
            pg.wait_for_url("**/search/?q=*")
        else:
            assert not pg.is_visible("header form[role=search] #cj-hq")
            assert pg.is_visible(".md-header__title")
            pg.click("header form[role=search] button[type=submit]")
            pg.wait_for_url("**/search/?q=*")
            wait_for(lambda: pg.evaluate("document.activeElement && document.activeElement.id") == "cj-q")
            pg.keyboard.type(word)
            pg.keyboard.press("Enter")
        assert urlsplit(pg.url).path == "/search/"
        wait_for(lambda: (pg.text_content("[data-cj-search-status]") or "").strip() not in ("", "正在搜索…"))
        hrefs = pg.eval_on_selector_all("[data-cj-search-results] a", "els => els.map(e => e.getAttribute('href'))")
        assert expected <= set(hrefs) or len(hrefs) == 30, (expected - set(hrefs))
        assert pg.input_value("#cj-q") == word
        context.close()
        assert errors == []


def test_desktop_list_keeps_ids_batches_and_dates_on_one_line(site):
    """Full-width list pages: short codes never break inside (e.g. '2025-H1' must not become '202 5- H1')."""
    context = site["browser"].new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.goto(site["url"] + "demand/")
    lines = pg.eval_on_selector_all(
        "table.cj-table tbody tr td.cj-id, table.cj-table tbody tr td[data-label=批次], "
        "table.cj-table tbody tr td[data-label=发布日期], table.cj-table tbody tr td.cj-badge",
        """cells => cells.map(td => {
            const tops = new Set(), walk = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
            for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                if (!n.data.trim()) continue;
                const r = document.createRange(); r.selectNodeContents(n);
                for (const x of r.getClientRects()) if (x.width > 0) tops.add(Math.round(x.top));
            }
            return [td.textContent.trim(), tops.size];
        })""")
    assert len(lines) == 4 * len(site["data"].items["demand"])
    assert [t for t, n in lines if n != 1] == []
    # and the page gives the table the full content width: no navigation sidebar beside it
    assert pg.eval_on_selector(".md-sidebar--primary", "e => e.hidden")
    width = pg.eval_on_selector("table.cj-table", "t => t.getBoundingClientRect().width")
    assert width > 900
    context.close()


def test_sub_records_read_as_cards_on_a_phone(site):
    """Lists of sub-records (技术需求与指标, …) are cards of 'label：value' lines, not a squeezed table."""
    context = site["browser"].new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    pg = context.new_page()
    item = site["data"].items["demand"][0]
    pg.goto(site["url"] + item.url)
    assert pg.eval_on_selector_all("table.cj-inner", "ts => ts.length") == 0
    # each line of a card is "label：value": dt and dd side by side, the colon after the label
    pairs = pg.eval_on_selector_all(".cj-items > li > dl > div", """ds => ds.map(d => [
        Math.round(d.querySelector('dt').getBoundingClientRect().top) === Math.round(d.querySelector('dd').getBoundingClientRect().top),
        getComputedStyle(d.querySelector('dt'), '::after').content])""")
    assert pairs and all(same_line and colon == '"："' for same_line, colon in pairs), pairs
    assert pg.evaluate("document.documentElement.scrollWidth") <= pg.evaluate("window.innerWidth")
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_programme_pages_fit_the_screen_and_say_every_figure_in_text(sample_site, width):
    context = sample_site["browser"].new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    for path, bars in (("jinchuanggu/", 8), ("coverage/", 9)):
        pg.goto(sample_site["url"] + path)
        assert pg.evaluate("document.documentElement.scrollWidth") <= pg.evaluate("window.innerWidth"), path
        texts = pg.evaluate("""[...document.querySelectorAll('progress')].map(p => {
            const t = p.parentElement.querySelector('.cj-progress__text');
            const r = t ? t.getBoundingClientRect() : null;
            return [p.getAttribute('aria-label') || '', t && r.width > 0 ? t.textContent : ''];
        })""")
        assert len(texts) == bars, path
        assert all(label and "%" in text for label, text in texts), texts
    context.close()

"""A long list ships one page of rows; the rest arrive as rows.json and filter, sort and page in the browser."""
from __future__ import annotations

import json
import re

import pytest
from site_helpers import browser, build_synthetic, serve, wait_for

from changjing.site import safety
from changjing.site.listing import rows_json


def _rows(out):
    """rows.json as the list objects the page uses (see listing.rows_json: by column, repeats as indexes)."""
    return _decode((out / "demand" / "rows.json").read_text(encoding="utf-8"))


def _decode(text):
    doc = json.loads(text)

    def column(k):
        c = doc["fields"][k]
        if isinstance(c, list):
            return c
        return [c["values"][n] for n in (c["index"] if "index" in c else doc["fields"][c["same"]]["index"])]

    ids = column(doc["id"])
    amounts = column(doc["amount"])
    cells = [column(k) for k in doc["cells"]]
    filters = {key: column(k) for key, k in doc["filters"].items()}
    return [{"i": i, "t": column(doc["title"])[n], "s": column(doc["status"])[n], "d": column(doc["day"])[n],
             "a": "" if amounts[n] is None else str(amounts[n]), "v": [c[n] for c in cells],
             "f": {key: values[n] for key, values in filters.items()}, "u": doc["section"] + i + "/"}
            for n, i in enumerate(ids)]


from changjing.site.listing import PAGE_SIZE

N_RECORDS = 200  # about 110 demands: more than two pages


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    repo = tmp_path_factory.mktemp("repo")
    out = tmp_path_factory.mktemp("site") / "build"
    build_synthetic(N_RECORDS, repo, out, search=False)
    with browser() as b, serve(out) as url:
        yield {"url": url, "browser": b, "out": out}


def _wait(fn, timeout=15.0):
    return wait_for(fn, timeout)  # long lists under test load take longer than the default


def test_page_holds_one_page_and_rows_json_the_rest(site):
    html = (site["out"] / "demand" / "index.html").read_text(encoding="utf-8")
    rows = _rows(site["out"])
    assert len(rows) > 2 * PAGE_SIZE
    assert len(re.findall(r"<tr[^>]* data-id=", html)) == PAGE_SIZE
    assert f'data-total="{len(rows)}"' in html


def test_filter_sort_and_pages_cover_every_row(site):
    rows = _rows(site["out"])
    context = site["browser"].new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(site["url"] + "demand/")
    ids = lambda: pg.eval_on_selector_all("table.cj-table tbody tr", "rs => rs.map(r => r.getAttribute('data-id') || r.cells[0].textContent)")
    assert ids() == [r["i"] for r in rows[:PAGE_SIZE]]
    _wait(lambda: "共 2 页" in pg.text_content("[data-cj-page]") or "共 3 页" in pg.text_content("[data-cj-page]"))
    pg.click("[data-cj-next]")
    assert ids() == [r["i"] for r in rows[PAGE_SIZE:2 * PAGE_SIZE]]
    pg.wait_for_url(lambda url: "page=2" in url)  # the address follows once the rows are drawn
    # a filter searches all rows, not only the first page
    domain = rows[-1]["f"]["domain"]
    pg.select_option("select[name=domain]", domain)
    expected = [r["i"] for r in rows if r["f"]["domain"] == domain]
    assert int(pg.text_content("[data-cj-count]")) == len(expected)
    assert ids() == expected[:PAGE_SIZE]
    assert rows[-1]["i"] in expected
    # sorted by budget, highest first
    pg.select_option("select[name=domain]", "")
    pg.select_option("select[name=sort]", "amount-desc")
    amounts = [float(r["a"]) for r in rows]
    top = pg.eval_on_selector("table.cj-table tbody tr", "r => r.cells[0].textContent")
    assert float(next(r["a"] for r in rows if r["i"] == top)) == max(amounts)
    # dates sort as written, ties by ID; newest first is the same order backwards
    by_day = sorted(rows, key=lambda r: (r["d"], r["i"]))
    pg.select_option("select[name=sort]", "day")
    assert ids() == [r["i"] for r in by_day[:PAGE_SIZE]]
    pg.select_option("select[name=sort]", "day-desc")
    assert ids() == [r["i"] for r in by_day[::-1][:PAGE_SIZE]]
    pg.select_option("select[name=domain]", domain)  # a filter keeps the chosen order
    assert ids() == [r["i"] for r in by_day[::-1] if r["f"]["domain"] == domain][:PAGE_SIZE]
    pg.select_option("select[name=domain]", "")
    # a link made from rows.json leads to the record
    pg.select_option("select[name=sort]", "id")
    pg.click("[data-cj-next]")
    pg.click("table.cj-table tbody tr:first-child td.cj-id a")
    assert pg.url.endswith(f"/demand/{rows[PAGE_SIZE]['i']}/")
    # opened with filters in the address: applied once all rows have arrived
    pg.goto(site["url"] + f"demand/?domain={domain}")
    _wait(lambda: pg.text_content("[data-cj-count]") == str(len(expected)))
    context.close()
    assert errors == []


def test_empty_result_says_so(site):
    rows = _rows(site["out"])
    keys = [k for k in rows[0]["f"] if k not in ("deadline", "open")]
    missing = None  # two filter values that each exist but never together
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            seen = {(r["f"][a], r["f"][b]) for r in rows}
            for va in sorted({x for x, _ in seen if x}):
                for vb in sorted({y for _, y in seen if y}):
                    if (va, vb) not in seen and missing is None:
                        missing = {a: va, b: vb}
    assert missing, "the synthetic data has no empty combination"
    context = site["browser"].new_context(viewport={"width": 390, "height": 800})
    pg = context.new_page()
    pg.goto(site["url"] + "demand/?" + "&".join(f"{k}={v}" for k, v in missing.items()))
    _wait(lambda: pg.text_content("[data-cj-count]") == "0")
    assert pg.is_visible("text=没有符合条件的记录")
    assert not pg.is_visible("table.cj-table")
    pg.click("button[type=reset]")
    _wait(lambda: pg.text_content("[data-cj-count]") == str(len(rows)))
    assert not pg.is_visible("text=没有符合条件的记录")
    context.close()


def test_rows_json_stores_repeated_values_once():
    """By column: a repeated value (status, batch, domain) is written once and indexed; a column equal to
    another is written once; batch labels share their codes' indexes."""
    rows = [{"i": f"XQ-2026-{n:04d}", "u": "", "t": f"场景{n}", "s": "已发布", "c": "ok",
             "v": ["甲公司", "2026-12-01", "领域" + "甲乙"[n % 2], "2026年下半年" if n % 3 else "2026年上半年"],
             "d": "2026-11-0" + str(1 + n % 2), "a": str(1000 * n) if n % 4 else "",
             "f": {"domain": "领域" + "甲乙"[n % 2], "batch": "2026-H2" if n % 3 else "2026-H1", "deadline": "2026-12-01"}}
            for n in range(12)]
    text = rows_json("demand", rows)
    doc = json.loads(text)
    stored = json.dumps(doc["fields"], ensure_ascii=False)
    assert stored.count("已发布") == 1 and stored.count("领域甲") == 1 and stored.count("2026-12-01") == 1
    assert doc["cells"][2] == doc["filters"]["domain"] and doc["cells"][1] == doc["filters"]["deadline"]
    assert doc["fields"][doc["filters"]["batch"]]["same"] == doc["cells"][3]
    fields = ("i", "t", "s", "v", "d", "a", "f")
    assert [{k: r[k] for k in fields} for r in _decode(text)] == [{k: r[k] for k in fields} for r in rows]


def _requests(pg):
    seen = []
    pg.on("request", lambda r: seen.append((r.resource_type, r.url)))
    return seen


def test_list_page_draws_from_itself_and_theme_still_runs(site):
    """The first rows need no second round of requests but cj.js: no linked stylesheet, the theme's
    scripts deferred, cj.js first in <head>; no inline script. Material's bundle still starts."""
    html = (site["out"] / "demand" / "index.html").read_text(encoding="utf-8")
    head = html[:html.index("</head>")]
    assert '<link rel="stylesheet"' not in html and "<style>" in head
    assert re.search(r"<script[^>]*>", head).group(0) == '<script src="../assets/cj/cj.js" async>'
    for tag in re.findall(r'<script src="[^"]*assets/javascripts/[^"]*"[^>]*>', html):
        assert tag.endswith(" defer>"), tag
    assert safety.scan_html(html) == []
    context = site["browser"].new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    seen = _requests(pg)
    pg.goto(site["url"] + "demand/", wait_until="load")
    assert [u for t, u in seen if t == "stylesheet"] == []
    _wait(lambda: pg.evaluate("document.documentElement.classList.contains('js')"))  # the bundle ran
    # styled as the other pages (which link the same stylesheets); the drawer opens from the menu button
    look = "h => [getComputedStyle(h).backgroundColor, getComputedStyle(h).height, getComputedStyle(document.body).fontSize]"
    themed = pg.eval_on_selector("header.md-header", look)
    other = context.new_page()
    other.goto(site["url"] + "stats/")
    assert '<link rel="stylesheet"' in other.content() and other.eval_on_selector("header.md-header", look) == themed
    pg.click("label.md-header__button[for=__drawer]")
    _wait(lambda: pg.eval_on_selector(".md-sidebar--primary", "d => d.getBoundingClientRect().left >= 0"))
    context.close()
    assert errors == []


def test_rows_arrive_while_the_theme_is_still_loading(site):
    """All rows are fetched when the list is wired, not after the page's load event: the whole list
    filters even while the theme's bundle has not arrived."""
    rows = _rows(site["out"])
    context = site["browser"].new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    held = []
    pg.route("**/bundle.*.js", lambda route: held.append(route))
    pg.goto(site["url"] + "demand/", wait_until="commit")
    _wait(lambda: pg.text_content("[data-cj-page]").endswith(f"共 {-(-len(rows) // PAGE_SIZE)} 页") and held)
    domain = rows[-1]["f"]["domain"]
    pg.select_option("select[name=domain]", domain)
    _wait(lambda: pg.text_content("[data-cj-count]") == str(sum(r["f"]["domain"] == domain for r in rows)))
    assert not pg.evaluate("document.documentElement.classList.contains('js')")  # the bundle is still held
    held[0].continue_()
    # the cards out of view are laid out a frame after the answer is shown: then the page has its true
    # height and the pager, scrolled to, is where it is drawn
    pg.select_option("select[name=domain]", "")
    assert len(pg.query_selector_all("table.cj-table tbody tr")) == PAGE_SIZE
    _wait(lambda: not pg.eval_on_selector("table.cj-table tbody", "t => t.classList.contains('cj-drawing')"))
    pg.eval_on_selector("[data-cj-pager]", "p => p.scrollIntoView()")
    pg.wait_for_timeout(300)
    top = pg.eval_on_selector("[data-cj-pager]", "p => p.getBoundingClientRect().top")
    assert 0 <= top < 800, top
    _wait(lambda: pg.evaluate("document.documentElement.classList.contains('js')"))
    context.close()


def test_paging_and_filters_before_all_rows_arrive(site):
    """Before rows.json arrives a filter or another page says 正在载入全部记录 and applies on arrival; a
    filter chosen after a page change starts again at page 1."""
    rows = _rows(site["out"])
    context = site["browser"].new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    held = []
    pg.route("**/rows.json", lambda route: held.append(route))
    pg.goto(site["url"] + "demand/")
    _wait(lambda: pg.wait_for_timeout(50) or held)  # route handlers run while Playwright waits
    pg.click("[data-cj-next]")
    assert pg.is_visible("text=正在载入全部")
    held[0].continue_()
    _wait(lambda: not pg.is_visible("text=正在载入全部"))
    ids = lambda: pg.eval_on_selector_all("table.cj-table tbody tr", "rs => rs.map(r => r.cells[0].textContent)")
    assert ids() == [r["i"] for r in rows[PAGE_SIZE:2 * PAGE_SIZE]]
    pg.goto(site["url"] + "demand/?page=2")
    _wait(lambda: pg.wait_for_timeout(50) or len(held) == 2)
    domain = rows[-1]["f"]["domain"]
    pg.select_option("select[name=domain]", domain)
    assert pg.text_content("[data-cj-count]") == "…" and pg.is_visible("text=正在载入全部")
    held[1].continue_()
    expected = [r["i"] for r in rows if r["f"]["domain"] == domain]
    _wait(lambda: pg.text_content("[data-cj-count]") == str(len(expected)))
    assert ids() == expected[:PAGE_SIZE] and pg.text_content("[data-cj-page]").startswith("第 1 页")
    context.close()


def test_without_javascript_the_first_page_and_the_downloads(site):
    """No script: the first 50 rows, a note linking the full list's downloads and search, no dead pager."""
    context = site["browser"].new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    pg = context.new_page()
    pg.goto(site["url"] + "demand/")
    assert len(pg.query_selector_all("table.cj-table tbody tr")) == PAGE_SIZE
    assert not pg.is_visible("[data-cj-pager]")
    note = pg.locator("noscript p")
    assert "本页列出前 50 条" in note.text_content()
    links = pg.eval_on_selector_all("noscript p a", "as => as.map(a => a.getAttribute('href'))")
    assert links == ["../downloads/demand.csv", "../downloads/demand.xlsx", "../search/"]
    for href in links[:2]:
        assert pg.request.get(site["url"] + "demand/" + href).ok
    context.close()

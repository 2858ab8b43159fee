"""A long list ships one page of rows; the rest arrive as rows.json and filter, sort and page in the browser."""
from __future__ import annotations

import json
import re
import time

import pytest
from site_helpers import browser, build_synthetic, serve


def _rows(out):
    """rows.json as the list objects the page uses (see listing.rows_json)."""
    doc = json.loads((out / "demand" / "rows.json").read_text(encoding="utf-8"))
    return [{"i": r[0], "t": r[1], "s": r[2], "v": r[3], "d": r[4], "a": r[5], "f": dict(zip(doc["keys"], r[6])),
             "u": doc["section"] + r[0] + "/"} for r in doc["rows"]]

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
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = fn()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


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
    assert "page=2" in pg.url
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

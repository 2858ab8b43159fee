"""Accessibility and reader comfort in real Chromium: axe-core (from npm, node_modules/, locked in
package-lock.json), tap targets on phones, keyboard focus and the drawer, the 长辈版 switch, the 404 page.

axe-core is injected into each page; serious or critical violations fail. Without node_modules/axe-core
(run scripts/setup.sh, which runs `npm ci`) these tests fail rather than skip.
"""
from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager

import pytest
from site_helpers import ROOT, SAMPLE_TODAY, browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (390, 1280)
#: every page kind: home, lists, records, notice, case, donation, rewards, stats, guide, policy, search
PAGES = ["", "demand/", "supply/", "demand/XQ-2025-0001/", "supply/GJ-2025-0001/", "notices/2026-H2-1/",
         "cases/BG-2026-01/", "donations/JZ-2025-01/", "rewards/", "stats/", "apply/", "policy/", "search/",
         "notices/", "downloads/", "no/such/page/"]


@contextmanager
def serve_like_cli(site_dir):
    from changjing.site.cli import SiteHandler

    class Quiet(SiteHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from changjing.site.cli import build_site

    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: run scripts/setup.sh (npm ci installs axe-core from package-lock.json)")
    out = build_site(ROOT, SAMPLE_TODAY, tmp_path_factory.mktemp("a11y") / "build", search=False)
    with browser() as b, serve_like_cli(out) as url:
        yield {"url": url, "browser": b}


def _context(site, width, **kw):
    phone = width < 500
    return site["browser"].new_context(viewport={"width": width, "height": 900 if not phone else 800},
                                       is_mobile=phone, has_touch=phone, **kw)


def _axe(pg) -> list[str]:
    pg.add_script_tag(path=str(AXE))
    result = pg.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})""")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_serious_violation(site, width):
    context = _context(site, width, bypass_csp=True)  # lets the test inject axe; the site's own CSP is tested elsewhere
    pg = context.new_page()
    found = {}
    for path in PAGES:
        pg.goto(site["url"] + path)
        problems = _axe(pg)
        if problems:
            found[path] = problems
    # the same pages in 长辈版
    pg.goto(site["url"] + "?mode=elder")
    for path in ("", "demand/", "demand/XQ-2025-0001/"):
        pg.goto(site["url"] + path)
        assert pg.evaluate("document.documentElement.classList.contains('cj-elder')")
        problems = _axe(pg)
        if problems:
            found["长辈版 " + path] = problems
    context.close()
    assert found == {}


TARGETS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, label.md-header__button, [role=button]')) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || el.closest('[inert], [hidden]')) continue;
    if (el.type === 'checkbox' && el.closest('label') ) continue;   /* the label around it is the target */
    if (el.classList.contains('md-skip') || el.closest('.md-sidebar--secondary')) continue;
    /* a link inside running text (WCAG's inline exception): its paragraph has other words around it */
    const block = el.closest('p, li, td, dd');
    if (el.tagName === 'A' && block && block.textContent.trim().length > el.textContent.trim().length + 2
        && !el.closest('nav, .cj-table, .cj-footer, .cj-pager')) continue;
    if (r.height < 44 || r.width < 44) out.push(`${el.tagName.toLowerCase()}.${el.className || ''} "${(el.textContent || el.value || '').trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
  }
  return out;
}"""


def test_tap_targets_on_phones_are_at_least_44px(site):
    context = _context(site, 390)
    pg = context.new_page()
    small = {}
    for path in PAGES:
        pg.goto(site["url"] + path)
        found = pg.evaluate(TARGETS)
        if found:
            small[path] = found[:8]
    # the open drawer's menu entries, too
    pg.goto(site["url"])
    pg.click("label.md-header__button[for=__drawer]")
    pg.wait_for_timeout(400)
    found = pg.evaluate(TARGETS)
    if found:
        small["menu"] = found[:8]
    context.close()
    assert small == {}


def test_keyboard_focus_never_enters_the_closed_drawer(site):
    context = _context(site, 390)
    pg = context.new_page()
    pg.goto(site["url"] + "demand/")
    inside = []
    for _ in range(60):
        pg.keyboard.press("Tab")
        where = pg.evaluate("""() => { const a = document.activeElement;
            return a && a.closest('.md-sidebar--primary') && !document.getElementById('__drawer').checked
                   ? (a.textContent || '').trim().slice(0, 20) : null; }""")
        if where:
            inside.append(where)
    # opened, the drawer is reachable
    pg.click("label.md-header__button[for=__drawer]")
    pg.wait_for_timeout(300)
    assert pg.evaluate("!document.querySelector('.md-sidebar--primary').hasAttribute('inert')")
    context.close()
    assert inside == []


def test_elder_mode_switch_persists(site):
    context = _context(site, 1280)
    pg = context.new_page()
    pg.goto(site["url"])
    switch = pg.locator("[data-cj-elder]").first
    assert switch.get_attribute("aria-pressed") == "false"
    small = pg.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    switch.click()
    assert pg.evaluate("document.documentElement.classList.contains('cj-elder')")
    pg.goto(site["url"] + "demand/XQ-2025-0001/")  # another page, same visit: still 长辈版
    assert pg.evaluate("document.documentElement.classList.contains('cj-elder')")
    assert pg.locator("[data-cj-elder]").first.get_attribute("aria-pressed") == "true"
    large = pg.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    assert large >= small * 1.4
    pg.locator("[data-cj-elder]").first.click()  # and back
    pg.goto(site["url"])
    assert not pg.evaluate("document.documentElement.classList.contains('cj-elder')")
    context.close()


def test_missing_page_shows_the_chinese_404_with_working_assets(site):
    context = _context(site, 390)
    pg = context.new_page()
    failed = []
    pg.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "/deep/" not in r.url else None)
    response = pg.goto(site["url"] + "deep/missing/page/")
    assert response.status == 404
    assert "页面不存在" in pg.text_content("h1")
    assert pg.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"  # styled
    pg.click("text=返回首页")
    assert pg.url == site["url"]
    context.close()
    assert failed == []


def test_list_filter_open_only_and_empty_message(site):
    context = _context(site, 1280)
    pg = context.new_page()
    pg.goto(site["url"] + "demand/")
    total = len(pg.query_selector_all("table.cj-table tbody tr"))
    pg.check("input[name=open]")
    rows = pg.query_selector_all("table.cj-table tbody tr")
    assert 0 < len(rows) < total
    assert all("征集中" in r.text_content() for r in rows)
    pg.wait_for_url(lambda url: "open=" in url)  # the address follows once the rows are drawn
    pg.select_option("select[name=domain]", index=1)
    if not pg.query_selector_all("table.cj-table tbody tr"):
        assert pg.is_visible("text=没有符合条件的记录")
    pg.goto(site["url"] + "supply/?status=标杆&kind=新工艺&industry=文旅康养")
    if not pg.query_selector_all("table.cj-table tbody tr"):
        assert pg.is_visible("text=没有符合条件的记录")
    context.close()

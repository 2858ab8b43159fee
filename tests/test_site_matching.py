"""What readers see of 供需对接: suggestions and intents on record pages, event pages and calendars."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from site_helpers import ROOT, SAMPLE_TODAY, browser, serve

from changjing.site.cli import build_site

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    return build_site(ROOT, SAMPLE_TODAY, tmp_path_factory.mktemp("match-site"), search=False)


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def section(html: str) -> str:
    m = re.search(r'<section class="cj-matching".*?</section>', html, re.S)
    assert m, "no 供需对接 block"
    return m.group(0)


def test_a_demand_page_shows_deadline_intent_count_and_chosen_partners_only(sample_site):
    block = section(page(sample_site, "demand/XQ-2025-0014"))
    assert "已截止" in block and "2026-06-30" in block
    assert re.search(r"已收到合作意向 <strong>2</strong> 份", block)
    text = re.sub(r"<[^>]+>", "", block)
    assert "山西云擎数智科技有限公司（市场化商洽，供给 GJ-2025-0014，2026-06-05 选定）" in text
    # an intent not chosen is counted, never named
    assert "晋城某能源服务有限公司" not in page(sample_site, "demand/XQ-2025-0014")


def test_record_pages_suggest_up_to_five_published_matches_with_reasons(sample_site):
    block = section(page(sample_site, "demand/XQ-2025-0017"))
    items = re.findall(r'<li><a href="\.\./\.\./(supply/GJ-\d{4}-\d{4}/)">', block)
    assert items and items[0] == "supply/GJ-2025-0016/" and len(items) <= 5
    assert all((sample_site / href / "index.html").exists() for href in items)  # published only
    assert "共同关键词：" in block and "指标满足：" in block
    shown = 0
    for path in sorted((sample_site / "demand").glob("XQ-*/index.html")):
        html = path.read_text(encoding="utf-8")
        links = re.findall(r'<ol class="cj-suggested">(.*?)</ol>', html, re.S)
        if links:
            shown += 1
            hrefs = re.findall(r'href="\.\./\.\./(supply/GJ-[^"]+)"', links[0])
            assert 1 <= len(hrefs) <= 5 and all((sample_site / h / "index.html").exists() for h in hrefs)
    assert shown >= 5


def test_a_record_already_paired_is_related_not_suggested(sample_site):
    """GJ-2025-0001 built XQ-2025-0001's project (and their case): the pair is listed under 相关记录 on both
    pages and neither suggests the other; no page suggests a record it already lists as related."""
    supply = page(sample_site, "supply/GJ-2025-0001")
    assert "demand/XQ-2025-0001/" in supply[supply.index('id="related"'):]
    checked = 0
    for path in [*(sample_site / "demand").glob("XQ-*/index.html"), *(sample_site / "supply").glob("GJ-*/index.html")]:
        html = path.read_text(encoding="utf-8")
        suggested = set(re.findall(r'href="\.\./\.\./((?:demand|supply)/[A-Z]{2}-[^"]+)"',
                                   "".join(re.findall(r'<ol class="cj-suggested">.*?</ol>', html, re.S))))
        related = html[html.index('id="related"'):] if 'id="related"' in html else ""
        related = set(re.findall(r'href="\.\./\.\./((?:demand|supply)/[A-Z]{2}-[^"]+)"',
                                 related[:related.find("</ul>") + 1]))
        checked += bool(related)
        assert not suggested & related, path
    assert checked >= 5


def test_the_build_lets_the_segmentation_dictionary_go(sample_site):
    # about 70 MiB that nothing after the suggestions needs: the build's peak memory does not keep it
    from changjing.matching.text import full_tokenizer

    assert full_tokenizer.cache_info().currsize == 0


def test_no_suggestions_on_an_ended_record(sample_site):
    # XQ-2025-0009 was withdrawn: its page stays, without suggestions; nobody is pointed at it
    html = page(sample_site, "demand/XQ-2025-0009")
    assert 'class="cj-suggested"' not in html
    for path in (sample_site / "supply").glob("GJ-*/index.html"):
        assert "demand/XQ-2025-0009/" not in "".join(
            re.findall(r'<ol class="cj-suggested">.*?</ol>', path.read_text(encoding="utf-8"), re.S))


def test_events_pages_list_past_events_with_outcomes(sample_site):
    html = page(sample_site, "events")
    upcoming, past = html.split('id="upcoming"')[1].split('id="past"')
    assert "暂无安排" not in upcoming and 'href="../events/2026-12-duijiehui/"' in upcoming
    assert "2026-12-duijiehui" not in past
    assert past.index("2026-05-20") < past.index("2025-11-26") < past.index("2025-10-15")
    ev = page(sample_site, "events/2026-05-shalong")
    assert re.search(r"合作意向 <strong>2</strong> 份，其中 1 家", ev)
    assert 'href="../../demand/XQ-2025-0014/"' in ev
    fair = page(sample_site, "events/2025-10-duijiehui")
    assert "活动后签约的项目" in fair and "demand/XQ-2025-0001/" in fair.split("活动后签约的项目")[1]
    # record pages link to their events
    assert 'href="../../events/2026-05-shalong/"' in page(sample_site, "demand/XQ-2025-0014")


def test_home_page_names_the_next_events(sample_site):
    """The home page lists upcoming events (the 2026-12-16 对接会 on the sample's date), never past ones."""
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    section = home[home.index('id="events"'):home.index('id="newest"')]
    assert 'href="./events/2026-12-duijiehui/"' in section and "2026-12-16" in section
    assert "2026-05-shalong" not in section


def unfold(ics: bytes) -> list[str]:
    text = ics.decode("utf-8")
    assert "\n" not in text.replace("\r\n", "")  # CRLF only
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, line
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_calendars_follow_rfc5545_and_hold_no_personal_data(sample_site):
    lines = unfold((sample_site / "events/calendar.ics").read_bytes())
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR" and "VERSION:2.0" in lines
    assert sum(1 for x in lines if x == "BEGIN:VEVENT") == sum(1 for x in lines if x == "END:VEVENT") == 4
    assert "UID:2025-10-duijiehui@changjing.jincheng-kfq" in lines
    assert "DTSTART;VALUE=DATE:20251015" in lines and "DTEND;VALUE=DATE:20251016" in lines
    assert all(x.startswith("DTSTAMP:") and x.endswith("Z") for x in lines if x.startswith("DTSTAMP"))
    summary = next(x for x in lines if x.startswith("SUMMARY:对接会"))
    assert summary == "SUMMARY:对接会：2025 年上半年应用场景清单发布暨供需对接会"
    one = unfold((sample_site / "events/2026-05-shalong.ics").read_bytes())
    assert sum(1 for x in one if x == "BEGIN:VEVENT") == 1
    for path in list((sample_site / "events").rglob("*.ics")) + list((sample_site / "events").rglob("*.html")):
        assert not MOBILE.search(path.read_text(encoding="utf-8")), path


def test_text_escaping_in_calendars():
    from changjing.site.events import _fold, _text

    assert _text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = _fold("DESCRIPTION:" + "视觉检测" * 40)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "视觉检测" * 40


def test_before_the_deadline_a_demand_invites_intents_and_events_are_upcoming(tmp_path):
    site = build_site(ROOT, date(2026, 5, 1), tmp_path / "site", search=False)
    block = section(page(site, "demand/XQ-2025-0013"))
    assert "征集中" in block and "已截止" not in block
    events = page(site, "events")
    assert "2026-05-20" in events.split('id="upcoming"')[1].split('id="past"')[0]
    assert "活动尚未举行" in page(site, "events/2026-05-shalong")


def test_matching_pages_fit_a_phone_and_a_desktop(sample_site):
    paths = ["demand/XQ-2025-0014/", "supply/GJ-2025-0001/", "events/", "events/2025-10-duijiehui/"]
    wide = []
    with serve(sample_site) as url, browser() as b:
        for width in (390, 1280):
            context = b.new_context(viewport={"width": width, "height": 800})
            pg = context.new_page()
            for path in paths:
                pg.goto(url + path)
                assert pg.locator("h1").first.is_visible()
                if pg.evaluate("document.documentElement.scrollWidth") > width:
                    wide.append((width, path))
            context.close()
    assert wide == []


def test_a_current_match_cache_spares_the_build_segmenting(sample_site, tmp_path, monkeypatch):
    # after `changjing match` the build takes each unchanged record's terms from the cache: same pages
    import shutil

    import changjing.matching.profiles as profiles
    from changjing.matching.cache import load_answer

    for part in ("submissions", "lists"):
        shutil.copytree(ROOT / part, tmp_path / "repo" / part)
    load_answer(tmp_path / "repo", SAMPLE_TODAY)
    edited = tmp_path / "repo/submissions/supply/GJ-2025-0005.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # same record, other bytes
    segmented: list[str] = []
    real = profiles.terms
    monkeypatch.setattr(profiles, "terms", lambda text: segmented.append(text) or real(text))
    site = build_site(tmp_path / "repo", SAMPLE_TODAY, tmp_path / "site", search=False)
    assert segmented and len(segmented) <= 8  # only the file whose bytes changed (title, keywords, body)
    for path in sorted(sample_site.glob("*/[XG][QJ]-*/index.html")):
        rel = path.relative_to(sample_site)
        theirs = (site / rel).read_text(encoding="utf-8")
        ours = path.read_text(encoding="utf-8")
        pick = lambda html: re.findall(r'<section class="cj-matching".*?</section>', html, re.S)  # noqa: E731
        assert pick(theirs) == pick(ours), rel

"""The site a clerk sees a week after a notice ended: its records read 待发布 everywhere, never 公示中 or 已发布.

The sample built with the real mkdocs pipeline for 2026-12-02: the 2026-H2-1 notice ended 2026-11-20 and
2026-H2-2 on 2026-11-25, and neither batch's publication is recorded. Notice rows, record pages, lists,
counts, the home page and the downloads must agree with the derived state.
"""
from __future__ import annotations

import json
import re
from datetime import date

import pytest
from site_helpers import ROOT

from changjing.site.data import LISTED_STATUSES, load_site_data

TODAY = date(2026, 12, 2)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from changjing.site.cli import build_site

    site = build_site(ROOT, TODAY, tmp_path_factory.mktemp("pending") / "build", search=False)
    return site, load_site_data(ROOT, TODAY)


def _visible(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _read(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _badge(html: str) -> str:
    return re.search(r'<p class="cj-meta">.*?<span class="cj-status cj-status--(\w+)">([^<]+)</span>', html, re.S).group(2)


def test_the_sample_has_records_past_their_notice(built):
    _, data = built
    pending = sorted(i.id for i in data.all_items() if i.status == "待发布")
    assert pending == ["GJ-2026-0001", "GJ-2026-0002", "XQ-2026-0001", "XQ-2026-0002"]
    assert not [i for i in data.all_items() if i.status == "公示中"]  # no notice runs on 12-02


def test_notice_rows_and_record_pages_agree(built):
    site, data = built
    for n in data.state.notices:
        html = _read(site, f"notices/{n.notice_id}")
        rows = re.findall(r'<tr><td class="cj-id"><a href="../../([^"]+)">([^<]+)</a>.*?'
                          r'<span class="cj-status cj-status--(\w+)">([^<]+)</span></td></tr>', html)
        assert [r[1] for r in rows] == [rid for rid in n.items if rid in data.by_id]
        for url, rid, css, status in rows:
            item = data.by_id[rid]
            assert status == item.status and _badge(_read(site, url.rstrip("/"))) == status, rid
            if status == "待发布":
                assert css == "wait"
    ended = _visible(_read(site, "notices/2026-H2-2"))
    assert "data-cj-notice-state" not in ended and "公示期满" in ended
    assert "公示期已于 2026-11-25 届满。其中 3 项待发布" in ended


def test_the_notices_index_counts_what_awaits_publication(built):
    site, _ = built
    index = _visible((site / "notices" / "index.html").read_text(encoding="utf-8"))
    assert "其中 1 项待发布" in index and "其中 3 项待发布" in index
    assert index.count("项待发布") == 2  # the 2025 notices' records were published


def test_a_pending_record_page_says_so(built):
    site, data = built
    for rid, end in (("XQ-2026-0001", "2026-11-25"), ("XQ-2026-0002", "2026-11-20"), ("GJ-2026-0002", "2026-11-25")):
        html = _read(site, data.by_id[rid].url.rstrip("/"))
        text = _visible(html)
        assert _badge(html) == "待发布"
        assert "本记录正在公示" not in text and "公示中" not in text, rid
        assert f"的公示期于 {end} 届满，本记录尚未发布" in text, rid
        assert "不在已发布清单中" not in text  # it is not a record kept for the record: it is about to be listed
    demand = _visible(_read(site, "demand/XQ-2026-0001"))
    assert "发布后征集" in demand and "并开始征集合作意向" in demand
    # only a published demand takes intents (W-INTENT-DEMAND): the 供需对接 block does not offer the form yet
    block = demand[demand.index("供需对接"):]
    assert "需求发布后才接受合作意向" in block and "征集中" not in block and "提出合作意向" not in block


def test_lists_counts_and_home_leave_pending_records_out(built):
    site, data = built
    for kind, folder in (("demand", "demand"), ("supply", "supply")):
        html = _read(site, folder)
        rows = re.findall(r'<tr[^>]* data-id="([^"]+)"', html)
        assert rows == [i.id for i in data.items[kind] if i.status in LISTED_STATUSES]
        n = sum(1 for i in data.items[kind] if i.status == "待发布")
        assert re.search(rf'<a href="../notices/">公示期满待发布 {n} 条</a>', html), kind
        assert not set(rows) & {i.id for i in data.items[kind] if i.status == "待发布"}
    stats = _visible(_read(site, "stats"))
    others = re.search(r"另有([^，]+)，不计入以上数字和图表", stats).group(1)
    assert others.startswith("公示期满待发布 4 条、") and "公示中" not in others
    home = _visible((site / "index.html").read_text(encoding="utf-8"))
    assert re.search(rf"\b{len(data.listed('demand'))}\s+已发布场景需求", home)
    assert "目前没有正在进行的公示" in home
    assert "公示期满、待发布：" in home and "（公示期至 2026-11-25，3 项待发布）" in home
    assert "（公示期至 2026-11-20，1 项待发布）" in home
    for kind in ("demand", "supply"):
        doc = json.loads((site / "downloads" / f"{kind}.json").read_text(encoding="utf-8"))
        assert {r["status"] for r in doc["records"]} <= LISTED_STATUSES
        assert doc["count"] == len(data.listed(kind))

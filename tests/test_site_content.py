"""What a reader sees on the real sample site: values, never program internals."""
from __future__ import annotations

import re

import pytest
from site_helpers import ROOT, SAMPLE_TODAY

from changjing.site.cli import build_site

# traces of Python objects printed where a value was meant
REPR_LEAK = re.compile(r"Kind\(name=|<class '|object at 0x|Decimal\('|datetime\.date\(|\bNone</(td|dd|span)>")


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    return build_site(ROOT, SAMPLE_TODAY, tmp_path_factory.mktemp("sample-site"), search=False)


def test_no_page_shows_a_python_object_instead_of_a_value(sample_site):
    leaks = {p.relative_to(sample_site).as_posix(): m.group(0)
             for p in sample_site.rglob("*.html") if (m := REPR_LEAK.search(p.read_text(encoding="utf-8")))}
    assert leaks == {}


def test_the_supply_list_shows_and_filters_by_the_supply_kind(sample_site):
    html = (sample_site / "supply" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<option[^>]*>新产品</option>", html)
    cells = set(re.findall(r">(新产品|新技术|新工艺)<", html))
    assert cells == {"新产品", "新技术", "新工艺"}


def test_a_record_once_shown_stays_on_the_site_with_its_ending_and_reason(sample_site):
    # JZ-2025-02 was confirmed (shown as 已建成) and later revoked for fraud;
    # XQ-2025-0009 was published and later withdrawn by its owner
    for rel, status, reason in (("donations/JZ-2025-02/index.html", "已撤销", "弄虚作假"),
                                ("demand/XQ-2025-0009/index.html", "已撤回", "撤回")):
        html = (sample_site / rel).read_text(encoding="utf-8")
        assert status in html and reason in html, rel


def test_a_record_never_shown_has_no_page(sample_site):
    # GJ-2026-0003 was rejected by the leadership group before any 公示
    assert not (sample_site / "supply" / "GJ-2026-0003").exists()


def test_a_demand_links_to_the_supply_it_was_matched_with_before_any_case_exists(sample_site):
    # XQ-2025-0004 is in matchmaking with GJ-2025-0005 (lists/projects/XQ-2025-0004.yaml); no case yet
    demand = (sample_site / "demand/XQ-2025-0004/index.html").read_text(encoding="utf-8")
    supply = (sample_site / "supply/GJ-2025-0005/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[./]*supply/GJ-2025-0005/"', demand)
    assert re.search(r'href="[./]*demand/XQ-2025-0004/"', supply)


def test_the_build_publishes_no_invalid_record(sample_copy, tmp_path):
    from changjing.check import InvalidRecords

    broken = sample_copy / "submissions/demand/XQ-2025-0006.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("cooperation_mode:", "cooperation_mode: 随便\nxx:"),
                      encoding="utf-8")
    with pytest.raises(Exception) as refused:
        build_site(sample_copy, SAMPLE_TODAY, tmp_path / "out", search=False)
    assert isinstance(refused.value, InvalidRecords) or "记录校验未通过" in str(refused.value)
    assert not (tmp_path / "out" / "demand" / "XQ-2025-0006").exists()

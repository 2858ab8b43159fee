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


def test_a_certification_ends_with_its_record_on_the_site(sample_site):
    # GJ-2025-0006 was certified on 2025-10-10 and revoked on 2026-09-15 (lists/withdrawals.yaml)
    html = (sample_site / "supply/GJ-2025-0006/index.html").read_text(encoding="utf-8")
    assert "已失效" in html and "认定随记录结束" in html and 'cj-status--ok">有效' not in html
    html = (sample_site / "supply/GJ-2025-0001/index.html").read_text(encoding="utf-8")
    assert 'cj-status--ok">有效' in html and "已失效" not in html


def test_the_rewards_page_counts_only_rows_due_to_the_fen(sample_site):
    # six rewards in the sample: five 应兑现 and JZ-2025-02 已追回 (1,737,700 元 hand-computed, see test_lists_sample)
    html = (sample_site / "rewards/index.html").read_text(encoding="utf-8")
    assert "1,737,700 元" in html and "（5 笔，精确到分）" in html
    assert "计算顺序：先封顶后折算" in html


def test_jinchuanggu_page_shows_each_target_with_text_and_the_records_behind_it(sample_site):
    from changjing.programmes.context import load_sources
    from changjing.programmes.targets import compute_targets
    from changjing.programmes.xlsx import targets_xlsx

    html = (sample_site / "jinchuanggu/index.html").read_text(encoding="utf-8")
    for text in ("23,450 / 50,000 万元", "3 / 30 家", "14 / 100 项", "3 / 20 场", "46.9%"):
        assert text in html
    # every bar has its figure in text and a label, so nothing is told by colour alone
    assert html.count("<progress ") == 8 and html.count('class="cj-progress__text"') == 8
    assert 'aria-label="区内科创企业年营收完成 46.9%"' in html
    assert '<a href="../supply/GJ-2025-0018/">GJ-2025-0018</a>' in html
    assert "晋科发〔2025〕41号" in html and "山西省精密光学检测工程技术研究中心" in html
    assert 'href="../downloads/jinchuanggu.xlsx"' in html
    downloads = (sample_site / "downloads/index.html").read_text(encoding="utf-8")
    assert '<a href="../downloads/jinchuanggu.xlsx" download>晋创谷·晋城建设目标进度和明细</a>' in downloads
    xlsx = (sample_site / "downloads/jinchuanggu.xlsx").read_bytes()
    assert xlsx == targets_xlsx(compute_targets(load_sources(ROOT, SAMPLE_TODAY)))


def test_coverage_page_shows_the_aggregate_and_the_covered_names_only(sample_site):
    html = (sample_site / "coverage/index.html").read_text(encoding="utf-8")
    assert "已销号 8 / 9 家（88.9%）" in html
    assert "<td class=\"cj-title\">晋城太行康养文旅发展有限公司</td><td data-label=\"印证类别\">其他创新活动</td>" in html
    assert "其他创新活动（场景参与）、研发机构" in html
    assert "泽晟" not in html  # not covered: counted, not named
    assert "计划购置铸件内部缺陷检测设备" not in html and "智慧康养服务平台建设合同" not in html  # answers and material stay in the files

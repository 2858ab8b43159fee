"""晋创谷 targets and enterprise innovation coverage, against numbers computed by hand from the sample data.

Sample data (lists/jinchuanggu.yaml, lists/qualifications.yaml, lists/coverage.yaml,
submissions/surveys/) as of 2026-11-23:

* 市校合作主体 2 (研究院 2025-05-20, 太行理工学院 2026-02-26); 创新平台 2 (研究院, 瑞光; both 省级);
* 高新技术企业 3: 慧眼, 瑞光, 云擎 (2026-10-28); 晶耀's certificate ended 2026-10-31, so not counted;
* 科技型中小企业 3: 金匠, 太行康养, 晶耀;
* 推广科技成果 14: GJ-2025-0001…0009 (published 2025-10-10) and 0011, 0012, 0014, 0015, 0016, 0018
  (published 2026-04-13), less GJ-2025-0006 (revoked 2026-09-15, lists/withdrawals.yaml); the certified and
  event-shown supplies are all among them;
* 营收 23,450 万元 (the 2026-06-30 figure, newer than 2025-12-31's 18,600); 基金 12,000 万元; 活动 3.

Coverage: 9 enterprises in scope (泽晟 since 2026-03-01). Covered by scenario participation: 慧眼, 云擎,
晶耀, 金匠 (supplies 2025-10-10), 瑞光 (supply, project and a staff 研发机构 confirmation), 园区开发 (its
project XQ-2025-0002 signed 2025-10-30), 公用建设 (project XQ-2025-0011 signed 2026-07-08); by staff only:
太行康养 (其他创新活动, 2026-10-12). 泽晟 is not covered.
"""
from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from changjing.check import check  # noqa: E402
from changjing.cli import main  # noqa: E402
from changjing.programmes.context import load_sources  # noqa: E402
from changjing.programmes.coverage import compute_coverage  # noqa: E402
from changjing.programmes.targets import compute_targets  # noqa: E402
from changjing.programmes.xlsx import coverage_xlsx, targets_xlsx  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)
ZESHENG = "91140571MA0Y3RC518"


def run_json(capsys, *argv) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# -- 晋创谷 targets -------------------------------------------------------------------------

def test_targets_of_the_sample(capsys):
    out = run_json(capsys, "targets", "--root", str(ROOT), "--today", "2026-11-23")
    got = {i["key"]: (i["current"], i["target"], i["unit"]) for i in out["indicators"]}
    assert got == {
        "cooperation_bodies": (2, 10, "个"), "innovation_platforms": (2, 10, "个"), "achievements": (14, 100, "项"),
        "high_tech_enterprises": (3, 30, "家"), "tech_smes": (3, 60, "家"), "revenue": (23450, 50000, "万元"),
        "fund": (12000, 30000, "万元"), "events": (3, 20, "场"),
    }
    by_key = {i["key"]: i for i in out["indicators"]}
    assert [r["ref"] for r in by_key["high_tech_enterprises"]["records"]] == [
        "GR202414000212", "GR202514000101", "GR202614000045"]
    assert by_key["revenue"]["percent"] == 46.9 and "2026 年上半年" in by_key["revenue"]["records"][0]["detail"]
    assert all(i["source"] for i in out["indicators"])
    assert len(by_key["achievements"]["records"]) == 14


def test_targets_follow_the_day_and_the_decisions(sample_copy, capsys):
    # a month earlier: 晶耀's certificate is still valid and 云擎's already granted; the revenue figure is the same
    out = run_json(capsys, "targets", "--root", str(sample_copy), "--today", "2026-10-30")
    got = {i["key"]: i["current"] for i in out["indicators"]}
    assert got["high_tech_enterprises"] == 4 and got["revenue"] == 23450
    # before 2026-06-30 the older revenue figure applies; before 2026-04-13 the second batch is not yet published
    out = run_json(capsys, "targets", "--root", str(sample_copy), "--today", "2026-03-31")
    got = {i["key"]: i["current"] for i in out["indicators"]}
    assert (got["revenue"], got["fund"], got["achievements"], got["events"]) == (18600, 12000, 9, 2)
    # a withdrawn supply no longer counts as promoted; an organisation outside the zone is not counted
    append(sample_copy / "lists/withdrawals.yaml",
           "  - record: GJ-2025-0016\n    kind: 撤回\n    date: 2026-11-01\n    reason: 供给方停止该产品的生产\n")
    append(sample_copy / "lists/qualifications.yaml", (
        "  - org: 91140100MA0T6GN192\n    kind: 高新技术企业\n    certificate_number: GR202514000777\n"
        "    date: 2025-12-01\n    issuer: 山西省高新技术企业认定管理机构\n"))
    out = run_json(capsys, "targets", "--root", str(sample_copy), "--today", "2026-11-23")
    got = {i["key"]: i["current"] for i in out["indicators"]}
    assert (got["achievements"], got["high_tech_enterprises"]) == (13, 3)
    result = check(sample_copy, ["lists/qualifications.yaml"], today=TODAY)
    assert [d.code for d in result.diagnostics] == ["G-QUAL-ZONE"]


def test_targets_text_names_every_indicator_with_unit_and_source(capsys):
    assert main(["targets", "--root", str(ROOT), "--today", "2026-11-23"]) == 0
    text = capsys.readouterr().out
    assert "区内科创企业年营收：23,450 / 50,000 万元（46.9%）" in text
    assert "高新技术企业：3 / 30 家（10.0%）" in text
    assert text.count("来源：") == 8


def test_targets_xlsx_is_deterministic_and_holds_every_indicator(tmp_path):
    import openpyxl

    report = compute_targets(load_sources(ROOT, TODAY))
    first, second = targets_xlsx(report), targets_xlsx(compute_targets(load_sources(ROOT, TODAY)))
    assert first == second
    wb = openpyxl.load_workbook(io.BytesIO(first))
    rows = list(wb["目标进度"].iter_rows(min_row=4, values_only=True))
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("市校合作主体", 10, 2, "个"), ("省级及以上创新平台", 10, 2, "个"), ("推广科技成果", 100, 14, "项"),
        ("高新技术企业", 30, 3, "家"), ("科技型中小企业", 60, 3, "家"), ("区内科创企业年营收", 50000, 23450, "万元"),
        ("科技创新基金", 30000, 12000, "万元"), ("科创活动", 20, 3, "场")]
    assert wb["明细"].max_row == 1 + 2 + 2 + 14 + 3 + 3 + 1 + 1 + 3


# -- coverage ------------------------------------------------------------------------------

@pytest.mark.parametrize("month, expected", [
    (None, (9, 8, 88.9, {"光机电": (4, 4), "其他": (3, 2), "数字经济": (1, 1), "文旅康养": (1, 1)},
            {"产业促进服务中心": (1, 1), "创新发展部": (1, 1), "建设管理部": (1, 1), "经济发展与安全监管部": (6, 5)})),
    ("2026-06", (9, 6, 66.7, {"光机电": (4, 4), "其他": (3, 1), "数字经济": (1, 1), "文旅康养": (1, 0)},
                 {"产业促进服务中心": (1, 0), "创新发展部": (1, 1), "建设管理部": (1, 0), "经济发展与安全监管部": (6, 5)})),
    ("2026-02", (8, 6, 75.0, {"光机电": (4, 4), "其他": (2, 1), "数字经济": (1, 1), "文旅康养": (1, 0)},
                 {"产业促进服务中心": (1, 0), "创新发展部": (1, 1), "建设管理部": (1, 0), "经济发展与安全监管部": (5, 5)})),
])
def test_coverage_of_the_sample_by_month(capsys, month, expected):
    argv = ["coverage", "--root", str(ROOT), "--today", "2026-11-23"] + (["--month", month] if month else [])
    out = run_json(capsys, *argv)
    enterprises, covered, rate, industry, department = expected
    assert type(out["enterprises"]) is int and type(out["covered"]) is int
    assert (out["enterprises"], out["covered"], out["rate"]) == (enterprises, covered, rate)
    assert {k: (v["enterprises"], v["covered"]) for k, v in out["by_industry"].items()} == industry
    assert {k: (v["enterprises"], v["covered"]) for k, v in out["by_department"].items()} == department


def test_covered_list_names_the_kind_of_evidence(capsys):
    out = run_json(capsys, "coverage", "--root", str(ROOT), "--today", "2026-11-23")
    evidence = {c["name"]: c["evidence"] for c in out["covered_list"]}
    assert evidence["晋城太行康养文旅发展有限公司"] == ["其他创新活动"]
    assert evidence["晋城瑞光精密光学有限公司"] == ["其他创新活动（场景参与）", "研发机构"]
    assert "晋城泽晟精密铸造有限公司" not in evidence
    # a 销号 never predates the enterprise's entry into scope
    assert {c["covered_on"] for c in out["covered_list"] if c["name"] == "晋城慧眼视觉科技有限公司"} == {"2026-01-01"}


def test_scenario_participation_counts_until_withdrawn(sample_copy, capsys):
    """泽晟 becomes a partner of the signed project XQ-2025-0005 (signed 2025-12-15): covered from its entry into
    scope; once the demand is withdrawn (2026-05-01) that evidence stops counting for later months."""
    project = sample_copy / "lists/projects/XQ-2025-0005.yaml"
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("partners:\n", f"partners:\n  - name: 晋城泽晟精密铸造有限公司\n"
                                                    f"    credit_code: {ZESHENG}\n    role: 铸件供应\n", 1),
                       encoding="utf-8")
    before = run_json(capsys, "coverage", "--root", str(sample_copy), "--today", "2026-11-23", "--month", "2026-04")
    assert (before["enterprises"], before["covered"]) == (9, 7)
    append(sample_copy / "lists/withdrawals.yaml",
           "  - record: XQ-2025-0005\n    kind: 撤回\n    date: 2026-05-01\n    reason: 需求方调整建设计划\n")
    april = run_json(capsys, "coverage", "--root", str(sample_copy), "--today", "2026-11-23", "--month", "2026-04")
    june = run_json(capsys, "coverage", "--root", str(sample_copy), "--today", "2026-11-23", "--month", "2026-06")
    assert april["covered"] == 7 and june["covered"] == 6
    assert "晋城泽晟精密铸造有限公司" not in {c["name"] for c in june["covered_list"]}


def test_staff_confirmation_counts_from_its_date(sample_copy, capsys):
    cov = sample_copy / "lists/coverage.yaml"
    text = cov.read_text(encoding="utf-8").replace("reports:\n", (
        f"  - org: {ZESHENG}\n    date: 2026-12-03\n    evidence: 其他创新活动\n"
        "    material: 质量提升活动记录和检测设备采购合同\n    survey: DC-2026-0004\n    unit: 经济发展与安全监管部\n"
        "reports:\n"), 1)
    cov.write_text(text, encoding="utf-8")
    assert run_json(capsys, "coverage", "--root", str(sample_copy), "--today", "2026-12-02")["covered"] == 8
    assert run_json(capsys, "coverage", "--root", str(sample_copy), "--today", "2026-12-03")["covered"] == 9


def test_coverage_month_not_yet_begun_is_refused(capsys):
    assert main(["coverage", "--root", str(ROOT), "--today", "2026-11-23", "--month", "2026-12"]) == 2


def test_monthly_summary_xlsx_in_the_layout_of_annex_4(tmp_path):
    import openpyxl

    report = compute_coverage(load_sources(ROOT, TODAY), "2026-10")
    data = coverage_xlsx(report)
    assert data == coverage_xlsx(compute_coverage(load_sources(ROOT, TODAY), "2026-10"))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["汇总统计表"]
    assert ws["A1"].value == "开展创新活动企业汇总统计表"
    assert "2026-10" in ws["A2"].value and "附件4" in ws["A2"].value
    head = [c.value for c in ws[3]]
    assert head[:5] == ["序号", "企业名称", "统一社会信用代码", "所属行业", "归口部门"]
    assert head[5:9] == ["有研发机构", "有研发活动", "有其他创新活动", "是否销号"]
    body = list(ws.iter_rows(min_row=4, max_row=12, values_only=True))
    assert len(body) == 9 and [r[0] for r in body] == list(range(1, 10))
    total = [c.value for c in ws[13]]
    assert total[0] == "合计" and total[5:9] == [1, 0, 8, 8] and total[9] == "覆盖率 88.9%"
    zesheng = next(r for r in body if r[2] == ZESHENG)
    assert zesheng[8] == "否" and zesheng[9] == ""
    parts = list(wb["分类汇总"].iter_rows(min_row=2, values_only=True))
    assert parts[-1][:4] == ("合计", "", 9, 8)


def test_xlsx_never_turns_a_name_into_a_formula(sample_copy):
    import openpyxl

    org = sample_copy / f"submissions/orgs/{ZESHENG}.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("name: 晋城泽晟精密铸造有限公司", "name: '=HYPERLINK(\"x\")泽晟'"),
                   encoding="utf-8")
    report = compute_coverage(load_sources(sample_copy, TODAY))
    ws = openpyxl.load_workbook(io.BytesIO(coverage_xlsx(report)))["汇总统计表"]
    cell = next(row[1] for row in ws.iter_rows(min_row=4) if row[2].value == ZESHENG)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_pr_summary_shows_what_a_staff_confirmation_changes(sample_copy):
    """A staff pull request that 销号 泽晟 shows the coverage moving from 8 / 9 to 9 / 9 and the new evidence."""
    import subprocess

    from changjing.prcheck import run_pr_check
    from changjing.prsummary import summary_markdown

    def git(*args):
        subprocess.run(["git", "-C", str(sample_copy), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base")
    git("checkout", "-q", "-b", "pr")
    cov = sample_copy / "lists/coverage.yaml"
    cov.write_text(cov.read_text(encoding="utf-8").replace("reports:\n", (
        f"  - org: {ZESHENG}\n    date: 2026-11-20\n    evidence: 其他创新活动\n"
        "    material: 质量提升活动记录\n    survey: DC-2026-0004\n    unit: 经济发展与安全监管部\nreports:\n"), 1),
        encoding="utf-8")
    staff = next(line.split(":", 1)[1].strip() for line in (sample_copy / "lists/staff.yaml").read_text(
        encoding="utf-8").splitlines() if line.strip().startswith("- login:"))
    report = run_pr_check(sample_copy, "main", staff, TODAY)
    assert report.programme_changes == [("创新活动全覆盖 · 已销号", "8 / 9 家（88.9%）", "9 / 9 家（100.0%）"),
                                        ("销号 · 晋城泽晟精密铸造有限公司", "（无）", "其他创新活动")]
    summary = summary_markdown(report)
    assert "### 晋创谷目标与企业创新活动全覆盖的变化" in summary
    assert "| 创新活动全覆盖 · 已销号 | 8 / 9 家（88.9%） | 9 / 9 家（100.0%） |" in summary

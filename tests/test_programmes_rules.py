"""The rules of the programmes: the survey (R-SURVEY-) and the staff files (G-), each against a file that breaks it."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from changjing.check import check  # noqa: E402

TODAY = date(2026, 11, 23)
ZESHENG = "91140571MA0Y3RC518"
SURVEY = "submissions/surveys/DC-2026-0004.yaml"


def codes(root: Path, paths: list[str], today: date = TODAY) -> list[tuple[str, str]]:
    return sorted((d.code, d.key) for d in check(root, paths, today=today).diagnostics)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- the survey ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, key", [
    ("计划投入 520 万元购置铸件内部缺陷检测设备。", "activities.investment"),
    ("研发团队 36 人，计划购置检测设备。", "activities.investment"),
    ("研发经费1,200,000元。", "activities.investment"),
])
def test_survey_refuses_amounts_and_head_counts_in_text(sample_copy, text, key):
    edit(sample_copy, SURVEY, "计划购置铸件内部缺陷检测设备。", text)
    assert codes(sample_copy, [SURVEY]) == [("R-SURVEY-FIGURES", key)]


def test_survey_has_no_field_for_exact_figures(sample_copy):
    edit(sample_copy, SURVEY, "other_activities:", "rnd_spending: 520\nother_activities:")
    assert ("S-UNKNOWN-FIELD", "rnd_spending") in codes(sample_copy, [SURVEY])
    edit(sample_copy, SURVEY, "rnd_spending: 520\n", "projects:\n  - name: 铸件检测工艺\n    source: 企业自主立项\n"
                                                       "    spending_range: 523 万元\n")
    assert ("S-ENUM", "projects.0.spending_range") in codes(sample_copy, [SURVEY])


def test_survey_enterprise_must_be_a_registered_enterprise(sample_copy):
    edit(sample_copy, SURVEY, f"enterprise: {ZESHENG}", "enterprise: 11140571MB1J000178")  # a government department
    assert codes(sample_copy, [SURVEY]) == [("R-SURVEY-ENTERPRISE", "enterprise")]
    edit(sample_copy, SURVEY, "enterprise: 11140571MB1J000178", "enterprise: 91140500MA0A0000A0")
    got = codes(sample_copy, [SURVEY])
    assert ("R-SURVEY-ENTERPRISE", "enterprise") in got


def test_survey_year_matches_its_id(sample_copy):
    edit(sample_copy, SURVEY, "year: 2026", "year: 2025")
    assert codes(sample_copy, [SURVEY]) == [("R-SURVEY-YEAR", "year")]


def test_empty_survey_warns_that_it_cannot_support_a_confirmation(sample_copy):
    edit(sample_copy, SURVEY, "activities:\n  investment: 计划购置铸件内部缺陷检测设备。\n", "")
    edit(sample_copy, SURVEY, "other_activities:\n  - 开展质量提升活动\n  - 购置研发、实验、检测仪器设备\n", "")
    result = check(sample_copy, [SURVEY], today=TODAY)
    assert [(d.code, d.is_error) for d in result.diagnostics] == [("R-SURVEY-EMPTY", False)]


def test_personal_data_rules_cover_the_survey(sample_copy):
    edit(sample_copy, SURVEY, "计划购置铸件内部缺陷检测设备。", "联系技术部 13912345678。")
    assert ("R-PERSONAL-MOBILE", "activities.investment") in codes(sample_copy, [SURVEY])


# -- qualifications and targets -----------------------------------------------------------------

QUAL = "lists/qualifications.yaml"


def test_platform_needs_its_name_and_level(sample_copy):
    edit(sample_copy, QUAL, "    name: 山西省光机电装备中试基地\n    level: 省级\n", "")
    assert codes(sample_copy, [QUAL]) == [("G-QUAL-FIELDS", "qualifications.8")] * 2


def test_a_certificate_counts_once(sample_copy):
    (sample_copy / QUAL).write_text((sample_copy / QUAL).read_text(encoding="utf-8") + (
        "  - org: 91140571MA0P4WE27E\n    kind: 高新技术企业\n    certificate_number: GR202514000101\n"
        "    date: 2025-11-20\n    issuer: 山西省高新技术企业认定管理机构\n"), encoding="utf-8")
    assert codes(sample_copy, [QUAL]) == [("G-QUAL-DUPLICATE", "qualifications.11.certificate_number")]


def test_enterprise_qualification_needs_an_enterprise_and_sane_dates(sample_copy):
    edit(sample_copy, QUAL, "  - org: 91140571MA0P4WE27E\n", "  - org: 11140571MB1J000178\n")
    edit(sample_copy, QUAL, "valid_until: 2027-12-09", "valid_until: 2023-12-09")
    assert codes(sample_copy, [QUAL]) == [("G-QUAL-DATES", "qualifications.1.valid_until"),
                                          ("G-QUAL-ORG", "qualifications.0.kind")]


def test_figure_dated_after_today_is_flagged_and_not_counted(sample_copy):
    edit(sample_copy, "lists/jinchuanggu.yaml", "as_of: 2026-03-15", "as_of: 2026-12-15")
    result = check(sample_copy, ["lists/jinchuanggu.yaml"], today=TODAY)
    assert [(d.code, d.key, d.is_error) for d in result.diagnostics] == [("G-FIGURE", "figures.2.as_of", False)]


# -- coverage ---------------------------------------------------------------------------------------

COV = "lists/coverage.yaml"


def test_confirmation_needs_an_enterprise_in_scope_and_its_own_survey(sample_copy):
    edit(sample_copy, COV, "    survey: DC-2026-0003\n", "    survey: DC-2026-0004\n")
    edit(sample_copy, COV, "  - org: 91140500MA0M3R6G1F\n    date: 2026-03-20", "  - org: 91140500MA0N8CKT5B\n    date: 2026-03-20")
    got = codes(sample_copy, [COV])
    assert ("G-COVERAGE-CONFIRM", "confirmations.1.survey") in got
    assert ("G-COVERAGE-EVIDENCE", "confirmations.0.evidence") not in got  # another enterprise's survey: not judged
    assert ("G-COVERAGE-CONFIRM", "confirmations.0.survey") in got


def test_confirmation_kind_must_show_in_the_survey(sample_copy):
    edit(sample_copy, COV, "    evidence: 其他创新活动\n", "    evidence: 研发活动\n")
    assert codes(sample_copy, [COV]) == [("G-COVERAGE-EVIDENCE", "confirmations.1.evidence")]


def test_scope_holds_registered_enterprises_once(sample_copy):
    edit(sample_copy, COV, "  - org: 91140571MA0L2HQ83A\n", "  - org: 11140571MB1J000178\n")
    edit(sample_copy, COV, f"  - org: {ZESHENG}\n    department", "  - org: 91140571MA0P4WE27E\n    department")
    assert codes(sample_copy, [COV]) == [("G-COVERAGE-ORG", "enterprises.7.org"), ("G-COVERAGE-ORG", "enterprises.8.org")]


@pytest.mark.parametrize("today, expected", [
    (date(2026, 11, 24), []),
    (date(2026, 11, 25), [("G-REPORT-DUE", "reports")]),
    (date(2026, 11, 30), [("G-REPORT-DUE", "reports")]),
    (date(2026, 12, 1), [("G-REPORT-LATE", "reports")]),
])
def test_monthly_report_is_reminded_from_the_25th_and_late_from_the_1st(today, expected):
    from changjing.check import check as full_check

    root = Path(__file__).resolve().parent.parent
    got = sorted((d.code, d.key) for d in full_check(root, ["lists/coverage.yaml"], today=today).diagnostics
                 if d.code.startswith("G-"))
    assert got == expected


def test_report_on_or_after_the_first_is_late(sample_copy):
    edit(sample_copy, COV, "submitted: 2026-10-29", "submitted: 2026-11-01")
    assert codes(sample_copy, [COV]) == [("G-REPORT-LATE", "reports.9.submitted")]


def test_a_missing_past_month_is_late(sample_copy):
    edit(sample_copy, COV, "  - month: 2026-05\n    submitted: 2026-05-29\n    to: 市创新活动推进小组办公室\n", "")
    result = check(sample_copy, [COV], today=TODAY)
    assert [(d.code, "2026-05" in d.message) for d in result.diagnostics] == [("G-REPORT-LATE", True)]


def test_confirmation_material_names_the_material_without_figures(sample_copy):
    edit(sample_copy, COV, "material: 智慧康养服务平台建设合同和培训记录", "material: 智慧康养服务平台建设合同（合同额 380 万元）")
    assert codes(sample_copy, [COV]) == [("G-COVERAGE-CONFIRM", "confirmations.1.material")]

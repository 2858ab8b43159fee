"""Rules on the enterprise innovation survey (创新活动调查表, 晋市政办〔2020〕31号 附件3).

Each rule's docstring is its public documentation (docs/reference/rules.md).
"""
from __future__ import annotations

import re
from typing import Iterator

from ..identifiers import ID_PATTERNS
from . import Finding, rule
from .submissions import string_values

ENTERPRISE_TYPES = frozenset({"国有企业", "民营企业"})

# an amount or a head count written out: "研发投入 523 万元", "研发人员 36 人", "1,200,000元", "三十人" is not caught
# (words are not figures a reader can total), digits with a money or people unit are
FIGURE = re.compile(r"\d[\d,，.]*\s*(?:亿元|万元|千元|元|人次|人|名)(?![a-zA-Z])")


@rule("R-SURVEY-ENTERPRISE", "调查表由登记的企业填写", kinds=("survey",))
def rule_survey_enterprise(record, index) -> Iterator[Finding]:
    """填写调查表的企业须已在 submissions/orgs/ 中登记，且单位类型为国有企业或民营企业
    （创新活动全覆盖的对象是企业，晋市政办〔2020〕31号）。"""
    code = record.model.enterprise
    org = index.model("org", code)
    if not index.exists("org", code):
        yield Finding("enterprise", f"企业「{code}」尚未登记。请先在 submissions/orgs/{code}.yaml 中登记本企业。")
    elif org is not None and org.type not in ENTERPRISE_TYPES:
        yield Finding("enterprise", f"「{org.name}」登记的单位类型是“{org.type}”；调查表只由企业（国有企业、民营企业）填写。")


@rule("R-SURVEY-YEAR", "编号年份与调查年度一致", kinds=("survey",))
def rule_survey_year(record, index) -> Iterator[Finding]:
    """调查表编号中的年份应与调查年度相同（DC-2026-xxxx 是 2026 年度的调查表），填报日期不早于调查年度。"""
    survey = record.model
    match = ID_PATTERNS["survey"].fullmatch(record.stem)
    if match and int(match.group(1)) != survey.year:
        yield Finding("year", f"编号年份 {match.group(1)} 与调查年度 {survey.year} 不一致。")
    if survey.submitted.year < survey.year:
        yield Finding("submitted", f"填报日期 {survey.submitted} 早于调查年度 {survey.year}。")


# fields whose values are chosen from ranges (区间) or are codes and dates: never free text
_CHOSEN = {"staff_range", "spending_range", "level", "source", "id", "enterprise", "submitted", "phone", "email"}


@rule("R-SURVEY-FIGURES", "调查表不写经费金额和人数", kinds=("survey",), needs_valid_model=False)
def rule_survey_no_figures(record, index) -> Iterator[Finding]:
    """仓库和网站是公开的：调查表中不写研发经费、仪器设备原价等金额，也不写研发人员人数。人员和费用只能在
    staff_range、spending_range 中选择区间；名称和文字说明里出现“数字 + 元/万元/人/名”这样的写法即报错。"""
    for key, text in string_values(record.data):
        if key.rsplit(".", 1)[-1] in _CHOSEN:
            continue
        match = FIGURE.search(text)
        if match:
            yield Finding(key, f"写了具体的金额或人数「{match.group(0)}」。调查表公开发布，不写具体数字；"
                               "人员和费用请在 staff_range、spending_range 中选择区间。")


@rule("R-SURVEY-EMPTY", "调查表未填写任何创新活动", kinds=("survey",), severity="warning")
def rule_survey_empty(record, index) -> Iterator[Finding]:
    """研发机构、研发项目、创新相关活动和其他创新活动都没有填写时提示：这样的调查表不能作为销号的依据
    （销号须有研发机构、研发活动或其他创新活动之一）。"""
    from ..survey import has_institution, has_other, has_rnd

    s = record.model
    if not (has_institution(s) or has_rnd(s) or has_other(s)):
        yield Finding("", "调查表没有填写任何研发机构、研发项目或创新活动，不能据此销号。")

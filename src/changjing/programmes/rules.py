"""Rules on the programme files in lists/ (代码 G-): qualifications, targets, coverage and monthly reports.

Small named functions under stable codes, like every other rule; the docstring
is the public documentation (docs/reference/rules.md). A rule reads a
:class:`Files` (the three lists/ files, the record index and today) and yields
findings that point at a key, so each message carries file, line and column.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterator, NamedTuple

from ..codes import document
from ..diagnostics import Diagnostic, Severity
from ..index import Index
from ..lists.store import ListFile
from .context import COVERAGE, ENTERPRISE_TYPES, JINCHUANGGU, QUALIFICATIONS, ZONE


@dataclass
class Files:
    index: Index
    today: date
    files: dict[str, ListFile]

    def model(self, relpath: str):
        f = self.files.get(relpath)
        return f.model if f is not None else None


class Finding(NamedTuple):
    path: str
    key: str
    message: str


@dataclass(frozen=True)
class ProgrammeRule:
    code: str
    title: str
    severity: Severity
    func: Callable[[Files], Iterator[Finding]]

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")


PROGRAMME_RULES: list[ProgrammeRule] = []


def programme_rule(code: str, title: str, severity: str = "error"):
    def register(func):
        if any(r.code == code for r in PROGRAMME_RULES):
            raise ValueError(f"duplicate rule code {code}")
        PROGRAMME_RULES.append(ProgrammeRule(code, title, Severity(severity), func))
        return func

    return register


def run_programme_rules(files: Files) -> list[Diagnostic]:
    out = []
    for r in PROGRAMME_RULES:
        for f in r.func(files):
            item = files.files.get(f.path)
            line, col = item.position(f.key) if item is not None else (1, 1)
            out.append(Diagnostic(path=f.path, line=line, column=col, code=r.code, message=f.message, key=f.key,
                                  severity=r.severity))
    return out


# -- qualifications -----------------------------------------------------------------------

def _qualifications(files: Files):
    model = files.model(QUALIFICATIONS)
    return list(enumerate(model.qualifications)) if model is not None else []


@programme_rule("G-QUAL-ORG", "资质单位已登记且类型相符")
def rule_qualification_org(files: Files) -> Iterator[Finding]:
    """lists/qualifications.yaml 中的单位须在 submissions/orgs/ 中登记；高新技术企业和科技型中小企业须是企业
    （国有企业或民营企业）。"""
    for i, q in _qualifications(files):
        org = files.index.model("org", q.org)
        if not files.index.exists("org", q.org):
            yield Finding(QUALIFICATIONS, f"qualifications.{i}.org", f"单位「{q.org}」尚未在 submissions/orgs/ 中登记。")
        elif org is not None and q.kind in ("高新技术企业", "科技型中小企业") and org.type not in ENTERPRISE_TYPES:
            yield Finding(QUALIFICATIONS, f"qualifications.{i}.kind",
                          f"「{org.name}」登记为“{org.type}”，不能认定为{q.kind}。")


@programme_rule("G-QUAL-FIELDS", "平台和市校合作主体写明名称")
def rule_qualification_fields(files: Files) -> Iterator[Finding]:
    """省级及以上创新平台须写名称（name）和级别（level）；市校合作主体须写名称（name）和合作高校或院所（partner）。"""
    needs = {"省级及以上创新平台": ("name", "level"), "市校合作主体": ("name", "partner")}
    titles = {"name": "名称", "level": "平台级别", "partner": "合作高校或院所"}
    for i, q in _qualifications(files):
        for name in needs.get(q.kind, ()):
            if getattr(q, name) is None:
                yield Finding(QUALIFICATIONS, f"qualifications.{i}", f"{q.kind}须填写{titles[name]}（{name}）。")


@programme_rule("G-QUAL-DATES", "资质有效期晚于认定日期")
def rule_qualification_dates(files: Files) -> Iterator[Finding]:
    """有效期至（valid_until）不能早于认定日期（date）。"""
    for i, q in _qualifications(files):
        if q.valid_until is not None and q.valid_until < q.date:
            yield Finding(QUALIFICATIONS, f"qualifications.{i}.valid_until",
                          f"有效期至 {q.valid_until} 早于认定日期 {q.date}。")


@programme_rule("G-QUAL-DUPLICATE", "同一证书只登记一次")
def rule_qualification_duplicate(files: Files) -> Iterator[Finding]:
    """同一类别的同一证书编号（或认定文号）与同一单位只能登记一次，以免重复计数。"""
    seen: dict[tuple, int] = {}
    for i, q in _qualifications(files):
        key = (q.kind, q.org, q.certificate_number)
        if key in seen:
            yield Finding(QUALIFICATIONS, f"qualifications.{i}.certificate_number",
                          f"{q.kind}证书「{q.certificate_number}」已在第 {seen[key] + 1} 项登记过。")
        else:
            seen[key] = i


@programme_rule("G-QUAL-ZONE", "区外单位的资质不计入晋创谷目标", severity="warning")
def rule_qualification_zone(files: Files) -> Iterator[Finding]:
    """晋创谷·晋城位于经开区（主区和金匠园区）；登记为区外的单位的资质不计入目标（提示）。"""
    for i, q in _qualifications(files):
        org = files.index.model("org", q.org)
        if org is not None and org.location not in ZONE:
            yield Finding(QUALIFICATIONS, f"qualifications.{i}.org",
                          f"「{org.name}」位于{org.location}，这项{q.kind}不计入晋创谷目标。")


# -- targets and figures --------------------------------------------------------------------

@programme_rule("G-TARGET-PERIOD", "目标期限")
def rule_target_period(files: Files) -> Iterator[Finding]:
    """lists/jinchuanggu.yaml 的目标年末（end）须晚于统计起始日期（start）。"""
    jcg = files.model(JINCHUANGGU)
    if jcg is not None and jcg.end <= jcg.start:
        yield Finding(JINCHUANGGU, "end", f"目标年末 {jcg.end} 应晚于统计起始日期 {jcg.start}。")


@programme_rule("G-FIGURE", "录入的数字", severity="warning")
def rule_figures(files: Files) -> Iterator[Finding]:
    """营收和基金由工作人员录入：截至日期晚于今天的数字尚不计入（提示）；同一指标同一截至日期只录一条。"""
    jcg = files.model(JINCHUANGGU)
    if jcg is None:
        return
    seen = set()
    for i, f in enumerate(jcg.figures):
        if f.as_of > files.today:
            yield Finding(JINCHUANGGU, f"figures.{i}.as_of", f"截至日期 {f.as_of} 晚于今天，这条数字暂不计入。")
        if (f.indicator, f.as_of) in seen:
            yield Finding(JINCHUANGGU, f"figures.{i}", f"“{f.indicator}”截至 {f.as_of} 的数字重复录入。")
        seen.add((f.indicator, f.as_of))


# -- coverage -----------------------------------------------------------------------------------

def _coverage(files: Files):
    return files.model(COVERAGE)


@programme_rule("G-COVERAGE-ORG", "全覆盖范围内是登记的企业")
def rule_coverage_org(files: Files) -> Iterator[Finding]:
    """纳入创新活动全覆盖范围的企业须在 submissions/orgs/ 中登记，类型为国有企业或民营企业；同一企业只列一次。"""
    cov = _coverage(files)
    if cov is None:
        return
    seen = set()
    for i, e in enumerate(cov.enterprises):
        org = files.index.model("org", e.org)
        if not files.index.exists("org", e.org):
            yield Finding(COVERAGE, f"enterprises.{i}.org", f"企业「{e.org}」尚未在 submissions/orgs/ 中登记。")
        elif org is not None and org.type not in ENTERPRISE_TYPES:
            yield Finding(COVERAGE, f"enterprises.{i}.org", f"「{org.name}」登记为“{org.type}”，不是企业。")
        if e.org in seen:
            yield Finding(COVERAGE, f"enterprises.{i}.org", f"企业「{e.org}」重复列出。")
        seen.add(e.org)
        if e.until is not None and e.until <= e.since:
            yield Finding(COVERAGE, f"enterprises.{i}.until", f"移出日期 {e.until} 应晚于纳入日期 {e.since}。")


@programme_rule("G-COVERAGE-CONFIRM", "销号的企业在范围内，调查表属于该企业")
def rule_coverage_confirmation(files: Files) -> Iterator[Finding]:
    """销号的企业须已纳入全覆盖范围（enterprises）；写了调查表编号的，调查表须存在且由同一企业填写。
    印证材料只写材料名称：和调查表一样，不写金额和人数（仓库是公开的）。"""
    from ..rules.survey import FIGURE

    cov = _coverage(files)
    if cov is None:
        return
    scope = {e.org for e in cov.enterprises}
    for i, c in enumerate(cov.confirmations):
        figure = FIGURE.search(c.material)
        if figure:
            yield Finding(COVERAGE, f"confirmations.{i}.material",
                          f"印证材料中写了具体的金额或人数「{figure.group(0)}」；只写材料名称。")
        if c.org not in scope:
            yield Finding(COVERAGE, f"confirmations.{i}.org", f"企业「{c.org}」不在全覆盖范围内，请先列入 enterprises。")
        if c.survey is None:
            continue
        survey = files.index.model("survey", c.survey)
        if not files.index.exists("survey", c.survey):
            yield Finding(COVERAGE, f"confirmations.{i}.survey", f"调查表「{c.survey}」不存在。")
        elif survey is not None and survey.enterprise != c.org:
            yield Finding(COVERAGE, f"confirmations.{i}.survey",
                          f"调查表「{c.survey}」是企业「{survey.enterprise}」填写的，不是「{c.org}」。")


@programme_rule("G-COVERAGE-EVIDENCE", "销号类别与调查表相符", severity="warning")
def rule_coverage_evidence(files: Files) -> Iterator[Finding]:
    """按“研发机构”销号的，调查表中应有研究开发机构；按“研发活动”销号的，应有研究开发项目；
    按“其他创新活动”销号的，应填写了创新相关活动或其他创新活动（提示）。"""
    from ..survey import has_institution, has_other, has_rnd

    cov = _coverage(files)
    if cov is None:
        return
    test = {"研发机构": (has_institution, "研究开发机构"), "研发活动": (has_rnd, "研究开发项目"),
            "其他创新活动": (has_other, "创新相关活动或其他创新活动")}
    for i, c in enumerate(cov.confirmations):
        survey = files.index.model("survey", c.survey) if c.survey else None
        if survey is None or survey.enterprise != c.org:
            continue
        has, what = test[c.evidence]
        if not has(survey):
            yield Finding(COVERAGE, f"confirmations.{i}.evidence",
                          f"按“{c.evidence}”销号，但调查表「{c.survey}」中没有填写{what}。")


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _next_month_first(month: str) -> date:
    year, mon = (int(x) for x in month.split("-"))
    return date(year + mon // 12, mon % 12 + 1, 1)


DUE_WARNING_DAY = 25  # from this day of a month, staff are reminded to report it


@programme_rule("G-REPORT-DUE", "本月汇总统计表即将到期", severity="warning")
def rule_report_due(files: Files) -> Iterator[Finding]:
    """《开展创新活动企业汇总统计表》每月 1 日前报送上月情况（晋市政办〔2020〕31号 四(一)）。每月 25 日起，
    本月的汇总表尚未在 lists/coverage.yaml 的 reports 中登记报送时提醒：用
    changjing coverage --month YYYY-MM --xlsx 文件名 生成。"""
    cov = _coverage(files)
    if cov is None or not cov.enterprises or files.today.day < DUE_WARNING_DAY:
        return
    month = _month(files.today)
    if min(e.since for e in cov.enterprises) > files.today:
        return
    if not any(r.month == month for r in cov.reports):
        yield Finding(COVERAGE, "reports",
                      f"{month} 的汇总统计表应在 {_next_month_first(month)} 之前报送，尚未登记报送。")


@programme_rule("G-REPORT-LATE", "汇总统计表逾期或未报送", severity="warning")
def rule_report_late(files: Files) -> Iterator[Finding]:
    """自第一家企业纳入范围的月份起，每个已结束的月份都应有一条报送记录，报送日期早于下月 1 日；
    缺少的或逾期报送的给出提示。同一月份只登记一次。"""
    cov = _coverage(files)
    if cov is None or not cov.enterprises:
        return
    reported: dict[str, int] = {}
    for i, r in enumerate(cov.reports):
        if r.month in reported:
            yield Finding(COVERAGE, f"reports.{i}.month", f"{r.month} 的报送重复登记。")
            continue
        reported[r.month] = i
        if r.submitted >= _next_month_first(r.month):
            yield Finding(COVERAGE, f"reports.{i}.submitted",
                          f"{r.month} 的汇总统计表 {r.submitted} 才报送，应在 {_next_month_first(r.month)} 之前。")
    month = _month(min(e.since for e in cov.enterprises))
    while _next_month_first(month) <= files.today:
        if month not in reported:
            yield Finding(COVERAGE, "reports", f"{month} 的汇总统计表没有报送记录（应在 {_next_month_first(month)} 之前报送）。")
        month = _month(_next_month_first(month))


document("晋创谷目标与创新活动全覆盖（G-，lists/）", [
    (r.code, r.title, ("（警告）" if r.severity is Severity.WARNING else "") + r.doc) for r in PROGRAMME_RULES])

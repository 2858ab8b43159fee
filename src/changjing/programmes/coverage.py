"""Enterprise innovation coverage (晋市政办〔2020〕31号): who is in scope, who is 销号, by month.

An enterprise in scope (lists/coverage.yaml ``enterprises``) is covered (销号) as of
a day when either

* staff confirmed it (``confirmations``: 研发机构, 研发活动 or 其他创新活动, with the
  material seen), dated up to that day; or
* it took part in the scenario programme, which staff decisions already record:
  a supply of its own published in the supply list, or a signed project where it
  is the demand owner, a named partner or the provider of a supply used — dated
  up to that day and not withdrawn or revoked by then. That counts as 其他创新活动.

A month's figures are as of its last day (or today, for the current month).
"""
from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from .context import Sources

AUTO = "场景参与"


@dataclass(frozen=True)
class Evidence:
    kind: str  # 研发机构 | 研发活动 | 其他创新活动
    source: str  # "工作人员确认" | "场景参与"
    detail: str
    day: date
    ref: str = ""  # survey ID, supply ID or demand ID


@dataclass
class EnterpriseRow:
    org: str
    name: str
    industry: str
    department: str
    since: date
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.evidence)

    @property
    def covered_on(self) -> Optional[date]:
        """The 销号 date: the first evidence, but never before the enterprise came into scope."""
        first = min((e.day for e in self.evidence), default=None)
        return max(first, self.since) if first is not None else None

    def has(self, kind: str) -> bool:
        return any(e.kind == kind for e in self.evidence)

    @property
    def evidence_kinds(self) -> list[str]:
        """Kinds of evidence, scenario participation said as such (for the public 销号 list)."""
        out = []
        for e in sorted(self.evidence, key=lambda e: (e.day, e.kind, e.ref)):
            label = f"{e.kind}（{AUTO}）" if e.source == AUTO else e.kind
            if label not in out:
                out.append(label)
        return out


@dataclass
class Breakdown:
    label: str
    enterprises: int
    covered: int

    @property
    def rate(self) -> Decimal:
        return rate(self.covered, self.enterprises)


@dataclass
class CoverageReport:
    month: str
    as_of: date
    document_number: str
    rows: list[EnterpriseRow]

    @property
    def enterprises(self) -> int:
        return len(self.rows)

    @property
    def covered(self) -> int:
        return sum(1 for r in self.rows if r.covered)

    @property
    def rate(self) -> Decimal:
        return rate(self.covered, self.enterprises)

    def breakdown(self, attr: str) -> list[Breakdown]:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in self.rows:
            c = counts[getattr(r, attr)]
            c[0] += 1
            c[1] += r.covered
        return [Breakdown(k, v[0], v[1]) for k, v in sorted(counts.items())]


def rate(covered: int, total: int) -> Decimal:
    """Per cent with one decimal, rounded half up; 0 when nothing is in scope."""
    if not total:
        return Decimal("0.0")
    return (Decimal(covered) * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def month_end(month: str) -> date:
    year, mon = (int(x) for x in month.split("-"))
    return date(year, mon, calendar.monthrange(year, mon)[1])


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _alive(src: Sources, record_id: str, as_of: date) -> bool:
    ended = src.ended_on(record_id)
    return ended is None or ended > as_of


def scenario_evidence(src: Sources, as_of: date) -> dict[str, list[Evidence]]:
    """Credit code → evidence from the scenario programme, dated up to ``as_of``."""
    out: dict[str, list[Evidence]] = defaultdict(list)
    for rid, rs in src.state.records.items():
        if not rid.startswith("GJ-") or rs.published is None or rs.published > as_of or not _alive(src, rid, as_of):
            continue
        supply = src.index.model("supply", rid)
        if supply is not None:
            out[supply.provider].append(Evidence("其他创新活动", AUTO, f"场景供给 {rid} 发布", rs.published, rid))
    for demand_id, (_, project) in sorted(src.prog.projects.items()):
        if project.signed is None or project.signed > as_of or not _alive(src, demand_id, as_of):
            continue
        who: set[str] = {p.credit_code for p in project.partners if p.credit_code}
        demand = src.index.model("demand", demand_id)
        if demand is not None:
            who.add(demand.owner)
        for supply_id in project.supplies:
            supply = src.index.model("supply", supply_id)
            if supply is not None:
                who.add(supply.provider)
        for code in sorted(who):
            out[code].append(Evidence("其他创新活动", AUTO, f"场景项目 {demand_id} 签约", project.signed, demand_id))
    return out


def compute_coverage(src: Sources, month: Optional[str] = None) -> Optional[CoverageReport]:
    """Coverage as of the end of ``month`` (default: this month, as of today). None without lists/coverage.yaml."""
    cov = src.coverage
    if cov is None:
        return None
    month = month or month_of(src.today)
    as_of = min(month_end(month), src.today)
    auto = scenario_evidence(src, as_of)
    confirmed: dict[str, list[Evidence]] = defaultdict(list)
    for c in cov.confirmations:
        if c.date <= as_of:
            detail = c.material + (f"（调查表 {c.survey}）" if c.survey else "")
            confirmed[c.org].append(Evidence(c.evidence, "工作人员确认", detail, c.date, c.survey or ""))
    rows: dict[str, EnterpriseRow] = {}
    for e in cov.enterprises:
        if e.since > as_of or (e.until is not None and e.until <= as_of) or e.org in rows:
            continue
        org = src.org(e.org)
        rows[e.org] = EnterpriseRow(e.org, org.name if org else e.org, org.industry if org else "未登记",
                                    e.department, e.since, confirmed.get(e.org, []) + auto.get(e.org, []))
    ordered = sorted(rows.values(), key=lambda r: (r.department, r.industry, r.name, r.org))
    return CoverageReport(month, as_of, cov.document_number, ordered)


def report_json(report: CoverageReport) -> dict:
    def part(b: Breakdown) -> dict:
        return {"enterprises": b.enterprises, "covered": b.covered, "rate": float(b.rate)}

    return {
        "month": report.month, "as_of": report.as_of.isoformat(), "document_number": report.document_number,
        "enterprises": report.enterprises, "covered": report.covered, "rate": float(report.rate),
        "by_industry": {b.label: part(b) for b in report.breakdown("industry")},
        "by_department": {b.label: part(b) for b in report.breakdown("department")},
        "covered_list": [{"org": r.org, "name": r.name, "evidence": r.evidence_kinds,
                          "covered_on": r.covered_on.isoformat()} for r in report.rows if r.covered],
    }


def report_text(report: CoverageReport) -> str:
    lines = [f"企业创新活动全覆盖（{report.document_number}）{report.month}，截至 {report.as_of.isoformat()}：",
             f"纳入范围 {report.enterprises} 家，已销号 {report.covered} 家，覆盖率 {report.rate}%"]
    for title, attr in (("按产业", "industry"), ("按责任部门", "department")):
        lines.append(f"{title}：")
        lines += [f"  {b.label}：{b.covered} / {b.enterprises}（{b.rate}%）" for b in report.breakdown(attr)]
    uncovered = [r for r in report.rows if not r.covered]
    if uncovered:
        lines.append("尚未销号：" + "、".join(r.name for r in uncovered))
    return "\n".join(lines)

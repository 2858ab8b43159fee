"""晋创谷·晋城 2026 targets (晋市政办〔2024〕38号): each indicator's target, current value and the records behind it.

Computed from the data wherever the data can answer:

* 科创活动 — events in lists/events.yaml dated from the plan's start up to today;
* 科技成果推广 — supplies 三新-certified, published in the supply list, or shown at an
  event, in the same window, unless withdrawn or revoked since;
* 高新技术企业、科技型中小企业 — organisations in the zone (主区, 金匠园区) holding a
  qualification staff checked against the certificate (lists/qualifications.yaml), valid today;
* 省级及以上创新平台、市校合作主体 — the same file, one entry each;
* 区内科创企业年营收、科技创新基金 — figures staff enter with their source and date
  (lists/jinchuanggu.yaml): the latest one dated up to today.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from .context import JINCHUANGGU, QUALIFICATIONS, ZONE, Sources


@dataclass(frozen=True)
class Behind:
    """One record behind a number."""

    ref: str  # record ID or credit code or certificate number
    name: str
    detail: str
    day: Optional[date] = None
    url: str = ""  # path on the site, for records that have a page


@dataclass
class Indicator:
    key: str
    name: str
    target: Decimal
    current: Decimal
    unit: str
    source: str
    behind: list[Behind] = field(default_factory=list)

    @property
    def percent(self) -> Decimal:
        """Progress towards the target in per cent, one decimal, rounded half up; above 100 once exceeded."""
        if not self.target:
            return Decimal(0)
        return (self.current * 100 / self.target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def reached(self) -> bool:
        return self.current >= self.target


@dataclass
class TargetReport:
    document_number: str
    start: date
    end: date
    today: date
    indicators: list[Indicator]


def _in_window(day: Optional[date], start: date, today: date) -> bool:
    return day is not None and start <= day <= today


def _events(src: Sources, start: date) -> list[Behind]:
    return [Behind(e.event_id, e.title, f"{e.kind}" + (f"，{e.place}" if e.place else ""), e.day)
            for e in src.state.events if _in_window(e.day, start, src.today)]


def _achievements(src: Sources, start: date) -> list[Behind]:
    today = src.today
    reasons: dict[str, list[tuple[date, str]]] = {}
    for supply_id, entries in src.prog.certifications.items():
        for _, c in entries:
            if _in_window(c.approved, start, today):
                reasons.setdefault(supply_id, []).append((c.approved, f"三新认定（{c.document_number}）"))
    for rid, rs in src.state.records.items():
        if rid.startswith("GJ-") and _in_window(rs.published, start, today):
            reasons.setdefault(rid, []).append((rs.published, "列入场景供给清单发布"))
    for e in src.state.events:
        if _in_window(e.day, start, today):
            for rid in e.records:
                if rid.startswith("GJ-"):
                    reasons.setdefault(rid, []).append((e.day, f"{e.kind}展示（{e.title}）"))
    out = []
    for rid in sorted(reasons):
        ended = src.ended_on(rid)
        if ended is not None and ended <= today or not src.index.exists("supply", rid):
            continue
        model = src.index.model("supply", rid)
        steps = sorted(set(reasons[rid]))
        out.append(Behind(rid, model.title if model is not None else rid, "；".join(s for _, s in steps),
                          steps[0][0], f"supply/{rid}/"))
    return out


def _qualified(src: Sources, kind: str, *, distinct_orgs: bool) -> list[Behind]:
    today, seen, out = src.today, set(), []
    for q in sorted(src.qualifications, key=lambda q: (q.date, q.certificate_number)):
        if q.kind != kind or q.date > today or (q.valid_until is not None and q.valid_until < today):
            continue
        org = src.org(q.org)
        if org is None or org.location not in ZONE:
            continue
        key = q.org if distinct_orgs else (q.org, q.certificate_number)
        if key in seen:
            continue
        seen.add(key)
        label = q.name or org.name
        detail = f"{q.issuer} {q.certificate_number}" + (f"，有效期至 {q.valid_until.isoformat()}" if q.valid_until else "")
        if q.level:
            detail = f"{q.level}；{detail}"
        if q.partner:
            detail = f"{org.name}与{q.partner}；{detail}"
        out.append(Behind(q.certificate_number, label, detail, q.date))
    return out


def _figure(src: Sources, indicator: str) -> tuple[Decimal, list[Behind]]:
    jcg = src.jinchuanggu
    figures = [f for f in (jcg.figures if jcg else []) if f.indicator == indicator and f.as_of <= src.today]
    if not figures:
        return Decimal(0), []
    latest = max(figures, key=lambda f: f.as_of)
    return _wan(latest.value), [Behind(latest.as_of.isoformat(), indicator, f"{fmt(_wan(latest.value))} 万元；来源：{latest.source}",
                                       latest.as_of)]


def _wan(money) -> Decimal:
    return (money.yuan / 10000).normalize()


def fmt(value: Decimal) -> str:
    """12000 → '12,000'; 0.5 → '0.5'."""
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def compute_targets(src: Sources) -> Optional[TargetReport]:
    """None when lists/jinchuanggu.yaml is missing or invalid (check says why)."""
    jcg = src.jinchuanggu
    if jcg is None:
        return None
    t, start = jcg.targets, jcg.start
    qual = f"{QUALIFICATIONS}（工作人员核对的证书编号和日期，今天有效、单位在主区或金匠园区）"
    rows = [
        ("cooperation_bodies", "市校合作主体", t.cooperation_bodies, "个", qual,
         _qualified(src, "市校合作主体", distinct_orgs=False)),
        ("innovation_platforms", "省级及以上创新平台", t.innovation_platforms, "个", qual,
         _qualified(src, "省级及以上创新平台", distinct_orgs=False)),
        ("achievements", "推广科技成果", t.achievements, "项",
         f"场景供给：三新认定（lists/certifications.yaml）、发布（lists/batches/）或活动展示（lists/events.yaml），"
         f"{start.isoformat()} 起，撤回撤销的除外", _achievements(src, start)),
        ("high_tech_enterprises", "高新技术企业", t.high_tech_enterprises, "家", qual,
         _qualified(src, "高新技术企业", distinct_orgs=True)),
        ("tech_smes", "科技型中小企业", t.tech_smes, "家", qual, _qualified(src, "科技型中小企业", distinct_orgs=True)),
    ]
    indicators = [Indicator(k, n, Decimal(target), Decimal(len(b)), u, s, b) for k, n, target, u, s, b in rows]
    for key, name, money in (("revenue", "区内科创企业年营收", t.revenue), ("fund", "科技创新基金", t.fund)):
        value, behind = _figure(src, name)
        indicators.append(Indicator(key, name, _wan(money), value, "万元",
                                    f"{JINCHUANGGU} 中工作人员录入的数字（截至今天最新的一条，写明来源和日期）", behind))
    events = _events(src, start)
    indicators.append(Indicator("events", "科创活动", Decimal(t.events), Decimal(len(events)), "场",
                                f"lists/events.yaml 中 {start.isoformat()} 起已举办的活动", events))
    return TargetReport(jcg.document_number, start, jcg.end, src.today, indicators)


def number(value: Decimal):
    """A Decimal as a JSON number: int when whole."""
    return int(value) if value == value.to_integral_value() else float(value)


def report_json(report: TargetReport) -> dict:
    return {
        "document_number": report.document_number, "start": report.start.isoformat(), "end": report.end.isoformat(),
        "today": report.today.isoformat(),
        "indicators": [{
            "key": i.key, "name": i.name, "target": number(i.target), "current": number(i.current), "unit": i.unit,
            "percent": number(i.percent), "reached": i.reached, "source": i.source,
            "records": [{"ref": b.ref, "name": b.name, "detail": b.detail,
                         "date": b.day.isoformat() if b.day else None} for b in i.behind],
        } for i in report.indicators],
    }


def report_text(report: TargetReport) -> str:
    lines = [f"晋创谷·晋城建设目标（{report.document_number}，目标期至 {report.end.isoformat()}；"
             f"按 {report.today.isoformat()} 计算）"]
    for i in report.indicators:
        lines.append(f"{i.name}：{fmt(i.current)} / {fmt(i.target)} {i.unit}（{i.percent}%）"
                     + ("，已达到" if i.reached else ""))
        lines.append(f"  来源：{i.source}")
    return "\n".join(lines)

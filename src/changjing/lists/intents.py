"""Cooperation intents (合作意向, 晋市开管〔2025〕7号 §四8): their rules and what the site may show.

A published demand calls for 合作意向 until its response deadline; staff
record each intent in lists/intents.yaml (from the 合作意向登记 issue form).
After the 对接会 the demand owner chooses partners (``chosen``). Only
organisation names, dates and modes are published: never a person.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Iterator, Optional

from ..codes import document
from ..diagnostics import Severity
from ..personal import find_id_numbers, find_mobile_numbers, mask
from ..workflow import IntentSummary
from . import models as m
from .rules import LIST_RULES, Finding, d, list_rule
from .status import Programme, Where

INTENTS = "lists/intents.yaml"


def _intents(prog: Programme) -> Iterator[tuple[Where, m.Intent]]:
    f = prog.store.files.get(INTENTS)
    if f is None or f.model is None:
        return
    for i, intent in enumerate(f.model.intents):
        yield Where(f, f"intents.{i}"), intent


def _published_on(prog: Programme, rid: str) -> Optional[date]:
    ref = prog.decision_for(rid)
    return ref.decision.published if ref is not None else None


def _ended_on(prog: Programme, rid: str) -> Optional[date]:
    hit = prog.withdrawals.get(rid)
    return hit[1].date if hit is not None else None


@list_rule("W-INTENT-DEMAND", "合作意向针对已发布的需求")
def rule_intent_demand(prog: Programme) -> Iterator[Finding]:
    """合作意向只能登记在已发布的场景需求上：需求必须存在，登记日期不早于需求的发布日期，
    也不晚于需求被撤回或撤销的日期。"""
    for where, it in _intents(prog):
        if not prog.exists(it.demand):
            yield Finding(where.sub("demand"), f"没有编号为「{it.demand}」的需求。")
            continue
        published = _published_on(prog, it.demand)
        if published is None or published > it.received:
            when = f"（发布日期 {d(published)}）" if published else "（尚未发布）"
            yield Finding(where.sub("received"), f"需求「{it.demand}」在登记日期 {d(it.received)} 时尚未发布{when}，"
                                                 "只有已发布的需求接受合作意向。")
        ended = _ended_on(prog, it.demand)
        if ended is not None and ended <= it.received:
            yield Finding(where.sub("received"), f"需求「{it.demand}」已于 {d(ended)} 撤回或撤销，不再接受合作意向。")


@list_rule("W-INTENT-DEADLINE", "响应截止后不再接受合作意向")
def rule_intent_deadline(prog: Programme) -> Iterator[Finding]:
    """需求的响应截止日期（reply_deadline）过后，需求显示“已截止”，不再接受合作意向：登记日期不得晚于截止日期。"""
    for where, it in _intents(prog):
        demand = prog.submission(it.demand) if prog.exists(it.demand) else None
        if demand is not None and it.received > demand.reply_deadline:
            yield Finding(where.sub("received"), f"需求「{it.demand}」的响应截止日期是 {d(demand.reply_deadline)}，"
                                                 f"{d(it.received)} 登记时已截止，不再接受合作意向。")


@list_rule("W-INTENT-CHOSEN", "选定合作方在洽谈之后")
def rule_intent_chosen(prog: Programme) -> Iterator[Finding]:
    """选定日期（chosen）不得早于登记日期；写明对接活动（event）时，活动须在 lists/events.yaml 中，
    选定日期不得早于活动日期；拟提供的供给（supply）须存在。"""
    events = {e.event_id: e for e in _events(prog)}
    for where, it in _intents(prog):
        if it.chosen is not None and it.chosen < it.received:
            yield Finding(where.sub("chosen"), f"选定日期 {d(it.chosen)} 早于登记日期 {d(it.received)}。")
        if it.event is not None:
            ev = events.get(it.event)
            if ev is None:
                yield Finding(where.sub("event"), f"lists/events.yaml 中没有编号为「{it.event}」的活动。")
            elif it.chosen is not None and it.chosen < ev.day:
                yield Finding(where.sub("chosen"), f"选定日期 {d(it.chosen)} 早于对接活动日期 {d(ev.day)}。")
        if it.supply is not None and not prog.exists(it.supply):
            yield Finding(where.sub("supply"), f"没有编号为「{it.supply}」的供给。")


@list_rule("W-INTENT-PERSONAL", "合作意向不含个人信息")
def rule_intent_personal(prog: Programme) -> Iterator[Finding]:
    """合作意向只记单位，不记个人：单位名称中不得出现手机号或身份证号（联系人由工作人员另行通过单位办公电话联系）。"""
    for where, it in _intents(prog):
        for number in find_mobile_numbers(it.org):
            yield Finding(where.sub("org"), f"含有手机号 {mask(number)}，请删除，只写单位名称。")
        for number in find_id_numbers(it.org):
            yield Finding(where.sub("org"), f"含有身份证号 {mask(number)}，请删除，只写单位名称。")


@list_rule("W-INTENT-DUPLICATE", "同一单位对同一需求重复登记", severity="warning")
def rule_intent_duplicate(prog: Programme) -> Iterator[Finding]:
    """同一单位（按信用代码，没有时按名称）对同一需求只登记一次合作意向；补充内容请修改原条目。"""
    seen: Counter = Counter()
    for where, it in _intents(prog):
        key = (it.demand, it.credit_code or it.org)
        seen[key] += 1
        if seen[key] == 2:
            yield Finding(where, f"「{it.org}」对需求「{it.demand}」的合作意向已登记过。")


document("员工决定（W-，lists/）", [
    (r.code, r.title, ("（警告）" if r.severity is Severity.WARNING else "") + r.doc)
    for r in LIST_RULES if r.code.startswith("W-INTENT-")])


def _events(prog: Programme):
    from .status import events

    return events(prog)


def intent_summaries(prog: Programme) -> list[IntentSummary]:
    """What the site may show, as of today: intents received and partners chosen (organisations only)."""
    out = []
    for _, it in _intents(prog):
        if it.received > prog.today:
            continue
        chosen = it.chosen if it.chosen is not None and it.chosen <= prog.today else None
        out.append(IntentSummary(it.demand, it.org, it.received, it.mode, it.supply or "", it.event or "", chosen))
    return sorted(out, key=lambda s: (s.demand, s.received, s.org))

"""The response deadline of a demand must leave time for companies to respond after publication.

A demand's ``reply_deadline`` is when responses close; a company can only respond
once the demand is published, and publication comes after the batch closes, the
reviews and a full 公示 period. A deadline before the earliest possible publication
is an error on a record not yet published (W-REPLY-DEADLINE); on a record already
published it is flagged (W-REPLY-DEADLINE-PAST) and the site marks it 已截止. A record
not yet published whose deadline has already gone by (today) is flagged too
(W-REPLY-DEADLINE-LAPSED): it would be published closed.

A check stage of its own (not one of lists/rules.py's rules): it also runs when only demand
files are checked, so a new demand in a pull request is judged.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Optional

from ..check import CheckContext, stage
from ..codes import document
from ..diagnostics import Diagnostic, Severity
from .stage import context_programme
from .status import Programme
from .store import LISTS


def _earliest_publication(prog: Programme, record) -> Optional[date]:
    """The first day the demand could be published: after its notice, or — before one is set — after the
    batch's closing day (or the submission day) and a full notice period. Computed from the record's own
    dates, not from today, so a check that passed does not start failing as days go by."""
    ref = prog.decision_for(record.id)
    if ref is not None and ref.decision.notice is not None:
        end = prog.notice_end(ref.decision.notice.start)
        return end + timedelta(days=1) if end is not None else None
    start = record.model.submitted
    for _, batch in prog.batches:
        if batch.id == record.model.batch and batch.closes > start:
            start = batch.closes
    end = prog.notice_end(start + timedelta(days=1))
    return end + timedelta(days=1) if end is not None else None


def _diagnostic(record, code: str, message: str) -> Diagnostic:
    line, column = record.position("reply_deadline")
    severity = Severity.ERROR if code == "W-REPLY-DEADLINE" else Severity.WARNING
    return Diagnostic(path=record.path, line=line, column=column, code=code, message=message,
                      key="reply_deadline", severity=severity)


def reply_deadline_diagnostics(prog: Programme, only: set[str] | None = None) -> list[Diagnostic]:
    """Both rules over every demand (or the demand files in ``only``)."""
    out = []
    for record in prog.index.records("demand"):
        if record.model is None or (only is not None and record.path not in only):
            continue
        deadline = record.model.reply_deadline
        ref = prog.decision_for(record.id)
        published = ref.decision.published if ref is not None else None
        if published is not None and published <= prog.today:
            if deadline < published:
                out.append(_diagnostic(record, "W-REPLY-DEADLINE-PAST",
                                       f"「{record.id}」的响应截止日期 {deadline.isoformat()} 早于发布日期 "
                                       f"{published.isoformat()}：网站上标为“已截止”。如仍在征集，请需求方提交修改，延后 reply_deadline。"))
            continue
        if prog.rejection_for(record.id) is not None:
            continue
        earliest = _earliest_publication(prog, record)
        if earliest is not None and deadline < earliest:
            out.append(_diagnostic(record, "W-REPLY-DEADLINE",
                                   f"「{record.id}」的响应截止日期 {deadline.isoformat()} 早于最早可能的发布日期 "
                                   f"{earliest.isoformat()}：企业看到需求时已经截止。请把 reply_deadline 改到发布之后，给企业留出响应时间。"))
        elif deadline < prog.today and record.id not in prog.withdrawals:
            out.append(_diagnostic(record, "W-REPLY-DEADLINE-LAPSED",
                                   f"「{record.id}」尚未发布，响应截止日期 {deadline.isoformat()} 已过：发布时将显示“已截止”。"
                                   "如仍要征集，请需求方提交修改，延后 reply_deadline。"))
    return out


@stage
def check_reply_deadlines(context: CheckContext) -> list[Diagnostic]:
    """Runs on a full check and on a check of demand files alone (a new record in a pull request)."""
    root = context.index.root
    if not (root / LISTS).is_dir():
        return []
    only = None
    if context.targets is not None:
        only = {t for t in context.targets if t.startswith("submissions/demand/")}
        if not only:
            return []
    return reply_deadline_diagnostics(context_programme(context), only)


document("员工决定（W-，lists/）", [
    ("W-REPLY-DEADLINE", "响应截止日期不早于最早发布日期",
     "场景需求的响应截止日期（reply_deadline）要晚于它最早可能发布的日期：需求要先经征集期结束、审查和 5 个工作日的"
     "公示才能发布，企业在发布后才能响应。尚未发布的需求，截止日期早于“征集期结束日（或申报日）之后一个完整公示期”的，"
     "报错；已公示的需求以公示期满的次日为最早发布日期。最早发布日期由记录自己的日期和 lists/ 推算，不随“今天”变化。"
     "只检查需求文件时（如拉取请求中新增的需求）也运行。"),
    ("W-REPLY-DEADLINE-LAPSED", "尚未发布的需求响应截止日期已过",
     "（警告）尚未发布、也未被驳回或撤回的场景需求，响应截止日期已经过去（按“今天”计算）的，给出警告：它发布时就已截止。"
     "需求方可以提交修改延后截止日期。与 W-REPLY-DEADLINE 不同，这一条随日期变化，因此只是警告。"),
    ("W-REPLY-DEADLINE-PAST", "已发布需求的响应截止日期早于发布日期",
     "（警告）已发布的场景需求，响应截止日期早于发布日期的，给出警告：网站上这些需求标为“已截止”并注明。"
     "需求方可以提交修改延后截止日期（网站随即显示“征集中”）。"),
])

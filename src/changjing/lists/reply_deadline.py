"""The response deadline of a demand must leave time for companies to respond after publication.

A demand's ``reply_deadline`` is when responses close; a company can only respond
once the demand is published, and publication comes after the batch closes, the
reviews and a full 公示 period. A deadline before the earliest possible publication
is an error on a record not yet published (W-REPLY-DEADLINE); on a record already
published it is flagged (W-REPLY-DEADLINE-PAST) and the site marks it 已截止.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Iterator, Optional

from .rules import Finding, list_rule
from .status import Programme, Where


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


def _where(record) -> Where:
    return Where(record, "reply_deadline")  # a Record answers .path and .position like a ListFile


@list_rule("W-REPLY-DEADLINE", "响应截止日期不早于最早发布日期")
def rule_reply_deadline(prog: Programme) -> Iterator[Finding]:
    """场景需求的响应截止日期（reply_deadline）要晚于它最早可能发布的日期：需求要先经征集期结束、审查和
    5 个工作日的公示才能发布，企业在发布后才能响应。尚未发布的需求，截止日期早于“征集期结束日（或申报日）
    之后一个完整公示期”的，报错；请把截止日期延后。已公示的需求以公示期满的次日为最早发布日期。
    最早发布日期由记录自己的日期推算，不随“今天”变化。"""
    for record in prog.index.records("demand"):
        if record.model is None or prog.rejection_for(record.id) is not None:
            continue
        ref = prog.decision_for(record.id)
        if ref is not None and ref.decision.published is not None and ref.decision.published <= prog.today:
            continue
        earliest = _earliest_publication(prog, record)
        if earliest is not None and record.model.reply_deadline < earliest:
            yield Finding(_where(record), f"「{record.id}」的响应截止日期 {record.model.reply_deadline.isoformat()} "
                                          f"早于最早可能的发布日期 {earliest.isoformat()}：企业看到需求时已经截止。"
                                          "请把 reply_deadline 改到发布之后，给企业留出响应时间。")


@list_rule("W-REPLY-DEADLINE-PAST", "已发布需求的响应截止日期早于发布日期", severity="warning")
def rule_reply_deadline_past(prog: Programme) -> Iterator[Finding]:
    """已发布的场景需求，响应截止日期早于发布日期的，给出警告：网站上这些需求标为“已截止”并注明。
    需求方可以提交修改延后截止日期（同时在网站上重新开放征集）。"""
    for record in prog.index.records("demand"):
        if record.model is None:
            continue
        ref = prog.decision_for(record.id)
        published = ref.decision.published if ref is not None else None
        if published is not None and published <= prog.today and record.model.reply_deadline < published:
            yield Finding(_where(record), f"「{record.id}」的响应截止日期 {record.model.reply_deadline.isoformat()} "
                                          f"早于发布日期 {published.isoformat()}：网站上标为“已截止”。"
                                          "如仍在征集，请需求方提交修改，延后 reply_deadline。")

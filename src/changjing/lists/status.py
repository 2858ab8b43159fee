"""Derived status: a record's state is read off the staff decisions that name it.

Nothing in lists/ says "this record is 公示中": the batch files say when it was
accepted, reviewed and approved, when its 公示 started, when it was published;
the project files say when matchmaking started, when it was signed and built;
the evaluations say it became 标杆. :func:`derive` walks those facts in their
legal order as of ``today`` and stops where the facts stop. Facts dated after
``today`` have not happened yet. Whether the facts are in a legal order at all
is judged by the rules in rules.py, which read the same :class:`Programme`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

from ..index import Index
from ..records import kind_of_id
from ..workflow import (PUBLIC_STATUSES, STATUSES, TERMINAL_STATUSES, Batch, Certification, Deadline, Event, Notice,
                        ProgrammeEvent, RecordState, SkippedDay)
from . import models as m
from .calendar import CalendarGap, WorkCalendar
from .store import ListFile, Store, load_store


@dataclass(frozen=True)
class Where:
    """A place in a lists/ file: used to point diagnostics at the right line."""

    file: ListFile
    key: str

    def sub(self, key: str) -> "Where":
        return Where(self.file, f"{self.key}.{key}" if self.key else key)


@dataclass
class EntryRef:
    batch: m.BatchFile
    entry: m.BatchEntry
    where: Where


@dataclass
class DecisionRef:
    batch: m.BatchFile
    decision: m.Decision
    where: Where
    list_field: str  # "demands" | "supplies" | "rejected"
    position: int  # index of the record in that list

    @property
    def rejection(self) -> Optional[m.Rejection]:
        return self.decision.rejected[self.position] if self.list_field == "rejected" else None


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def validity_end(start: date, years: int) -> date:
    """Last day of a validity of ``years`` years starting on ``start`` (inclusive)."""
    return add_years(start, years) - timedelta(days=1)


@dataclass
class Programme:
    """Everything the derivation and the rules read, loaded once."""

    root: Path
    today: date
    index: Index
    store: Store
    calendar: WorkCalendar
    settings: Optional[m.Settings]
    batches: list[tuple[ListFile, m.BatchFile]] = field(default_factory=list)
    entries: dict[str, EntryRef] = field(default_factory=dict)
    decisions: dict[str, list[DecisionRef]] = field(default_factory=dict)
    rejections: dict[str, list[DecisionRef]] = field(default_factory=dict)  # decision.rejected, list_field "rejected"
    projects: dict[str, tuple[ListFile, m.Project]] = field(default_factory=dict)
    certifications: dict[str, list[tuple[Where, m.CertificationEntry]]] = field(default_factory=dict)
    evaluations: dict[str, list[tuple[Where, m.Evaluation, m.EvaluationResult]]] = field(default_factory=dict)
    confirmations: dict[str, tuple[Where, m.DonationConfirmation]] = field(default_factory=dict)
    withdrawals: dict[str, tuple[Where, m.Withdrawal]] = field(default_factory=dict)
    gaps: dict[int, Where | None] = field(default_factory=dict)  # calendar years missing, first place needing them

    # -- settings with the plan's defaults when the file is broken -------------------
    def clock(self, name: str, default):
        return getattr(self.settings.clocks, name) if self.settings else default

    def named_ids(self) -> set[str]:
        """Records that some staff decision names; every other record is simply 已提交."""
        named = set(self.entries) | set(self.decisions) | set(self.rejections) | set(self.projects)
        named |= set(self.certifications)
        named |= set(self.evaluations) | set(self.confirmations) | set(self.withdrawals)
        return named

    # -- submissions ---------------------------------------------------------------------
    def submission(self, record_id: str):
        kind = kind_of_id(record_id)
        if kind is None or kind.name == "org":
            return None
        return self.index.model(kind.name, record_id)

    def exists(self, record_id: str) -> bool:
        kind = kind_of_id(record_id)
        return kind is not None and self.index.exists(kind.name, record_id)

    def org(self, credit_code: str):
        return self.index.model("org", credit_code)

    # -- clocks ----------------------------------------------------------------------------
    def _working(self, start: date, n: int, include: bool, where: Where | None) -> Optional[date]:
        try:
            return self.calendar.nth_working_day(start, n, include_start=include)
        except CalendarGap as gap:
            self.gaps.setdefault(gap.year, where)
            return None

    def review_deadline(self, trigger: date, days: int, where: Where | None = None) -> Optional[date]:
        return self._working(trigger, days, self.clock("review_counts_trigger_day", False), where)

    def initial_deadline(self, trigger: date, where: Where | None = None) -> Optional[date]:
        return self.review_deadline(trigger, self.clock("initial_review_working_days", 7), where)

    def expert_deadline(self, trigger: date, where: Where | None = None) -> Optional[date]:
        return self.review_deadline(trigger, self.clock("expert_review_working_days", 7), where)

    def notice_end(self, start: date, where: Where | None = None) -> Optional[date]:
        return self._working(start, self.clock("notice_working_days", 5),
                             self.clock("notice_counts_start_day", True), where)

    def trigger(self, ref: EntryRef) -> date:
        return ref.entry.accepted or ref.batch.closes

    # -- plan window -----------------------------------------------------------------------
    def plan_window(self) -> tuple[date, date]:
        if self.settings:
            plan = self.settings.plan
            return plan.issued, validity_end(plan.issued, plan.validity_years)
        return date(2025, 3, 10), date(2027, 3, 9)

    def sanxin_years(self) -> int:
        return self.clock("sanxin_validity_years", 2)

    def decision_for(self, record_id: str) -> Optional[DecisionRef]:
        refs = self.decisions.get(record_id) or []
        return refs[0] if refs else None

    def rejection_for(self, record_id: str) -> Optional[DecisionRef]:
        refs = self.rejections.get(record_id) or []
        return refs[0] if refs else None

    def rejection_date(self, ref: DecisionRef) -> Optional[date]:
        """The day a rejection was decided: the meeting of its stage (None if that meeting is not recorded)."""
        dec, rej = ref.decision, ref.rejection
        step = dec.discussion if rej is not None and rej.stage == "领导小组研究" else dec.approval
        return step.date if step is not None else None


def load_programme(root: Path | str, today: date, index: Index | None = None, store: Store | None = None) -> Programme:
    root = Path(root)
    index = index or Index(root)
    store = store or load_store(root)
    overrides = [f.model for f in store.folder("lists/calendar") if f.model is not None]
    settings = store.single("lists/settings.yaml")
    prog = Programme(root, today, index, store, WorkCalendar(overrides), settings)
    for f in store.folder("lists/batches"):
        if f.model is None:
            continue
        b: m.BatchFile = f.model
        prog.batches.append((f, b))
        for i, entry in enumerate(b.records):
            prog.entries.setdefault(entry.record, EntryRef(b, entry, Where(f, f"records.{i}")))
        for j, dec in enumerate(b.decisions):
            for list_field in ("demands", "supplies"):
                for k, rid in enumerate(getattr(dec, list_field)):
                    prog.decisions.setdefault(rid, []).append(
                        DecisionRef(b, dec, Where(f, f"decisions.{j}"), list_field, k))
            for k, rej in enumerate(dec.rejected):
                prog.rejections.setdefault(rej.record, []).append(
                    DecisionRef(b, dec, Where(f, f"decisions.{j}"), "rejected", k))
    for f in store.folder("lists/projects"):
        if f.model is not None:
            prog.projects.setdefault(f.model.demand, (f, f.model))
    certs = store.files.get("lists/certifications.yaml")
    if certs is not None and certs.model is not None:
        for i, c in enumerate(certs.model.certifications):
            prog.certifications.setdefault(c.supply, []).append((Where(certs, f"certifications.{i}"), c))
    for f in store.folder("lists/evaluations"):
        if f.model is None:
            continue
        for i, r in enumerate(f.model.results):
            prog.evaluations.setdefault(r.record, []).append((Where(f, f"results.{i}"), f.model, r))
    don = store.files.get("lists/donations.yaml")
    if don is not None and don.model is not None:
        for i, c in enumerate(don.model.confirmations):
            prog.confirmations.setdefault(c.donation, (Where(don, f"confirmations.{i}"), c))
    wd = store.files.get("lists/withdrawals.yaml")
    if wd is not None and wd.model is not None:
        for i, w in enumerate(wd.model.withdrawals):
            prog.withdrawals.setdefault(w.record, (Where(wd, f"withdrawals.{i}"), w))
    return prog


# -- derivation ------------------------------------------------------------------------------

@dataclass
class _Walk:
    current: str = "已提交"
    reached: set = field(default_factory=set)  # every status the record has been in

    @property
    def status(self) -> str:
        return self.current

    @status.setter
    def status(self, value: str) -> None:
        self.current = value
        self.reached.add(value)

    history: list[Event] = field(default_factory=list)
    deadline: Optional[Deadline] = None
    published: Optional[date] = None
    reason: str = ""
    stopped: bool = False  # a terminal status was reached

    def add(self, day: date, label: str, detail: str = "") -> None:
        self.history.append(Event(day, label, detail))


def _review_stage(prog: Programme, rid: str, walk: _Walk) -> None:
    today = prog.today
    ref = prog.entries.get(rid)
    if ref is None:
        return
    trigger = prog.trigger(ref)
    if trigger > today:
        return
    walk.status = "初审中"
    walk.add(trigger, "受理", f"{ref.batch.title}")
    ir = ref.entry.initial_review
    if ir is None or ir.date > today:
        due = prog.initial_deadline(trigger, ref.where.sub("accepted"))
        if due:
            walk.deadline = Deadline(due, f"初审时限（{prog.clock('initial_review_working_days', 7)} 个工作日）", due < today)
        return
    if ir.site_check is not None and ir.site_check.date <= today:
        walk.add(ir.site_check.date, "实地核查", ir.site_check.finding)
    walk.add(ir.date, f"初审{ir.result}", f"{ir.unit}：{ir.opinion}")
    if ir.result == "不通过":
        walk.status, walk.reason, walk.stopped, walk.deadline = "未通过", f"初审未通过：{ir.opinion}", True, None
        return
    walk.status = "专家评审中"
    er = ref.entry.expert_review
    if er is None or er.date > today:
        due = prog.expert_deadline(ir.date, ref.where.sub("initial_review.date"))
        walk.deadline = (Deadline(due, f"专家评审时限（{prog.clock('expert_review_working_days', 7)} 个工作日）", due < today)
                         if due else None)
        return
    walk.deadline = None
    if er.date < ir.date:
        return  # out of order (W-SEQ-EXPERT): the status stops at the last legal step
    walk.add(er.date, f"专家评审{er.result}", er.opinion)
    if er.result == "不通过":
        walk.status, walk.reason, walk.stopped = "未通过", f"专家评审未通过：{er.opinion}", True
        return
    walk.status = "待审定"


def _rejection_stage(prog: Programme, rid: str, walk: _Walk) -> bool:
    """A record the leadership group did not put forward, or the 党工委 did not approve: 未通过.

    Returns True when the record is named in some decision's ``rejected`` (the walk then ends here,
    whether or not the rejection has happened yet: the record is on no notice and never published).
    """
    ref = prog.rejection_for(rid)
    if ref is None:
        return False
    today, dec, rej = prog.today, ref.decision, ref.rejection
    if rej.stage == "党工委审定" and dec.discussion and dec.discussion.date <= today:
        walk.add(dec.discussion.date, "领导小组研究", dec.discussion.meeting)
    day = prog.rejection_date(ref)
    if day is None or day > today:
        return True
    if rej.stage == "领导小组研究":
        walk.add(day, "领导小组研究决定不提请审定", f"{dec.discussion.meeting}：{rej.opinion}")
        walk.reason = f"领导小组研究决定不提请审定：{rej.opinion}"
    else:
        walk.add(day, "党工委审定未通过", f"{dec.approval.meeting}，{dec.approval.document_number}：{rej.opinion}")
        walk.reason = f"党工委审定未通过：{rej.opinion}"
    walk.status, walk.stopped, walk.deadline = "未通过", True, None
    return True


def _after_publication(dec: m.Decision, obj: m.Objection) -> bool:
    """An objection resolved after the list was published: it cannot unpublish (see rule W-OBJECTION-PUBLISHED)."""
    return dec.published is not None and obj.resolved is not None and obj.resolved > dec.published


def _decision_stage(prog: Programme, rid: str, walk: _Walk) -> None:
    if walk.stopped or walk.status != "待审定":
        return
    if _rejection_stage(prog, rid, walk):
        return
    today = prog.today
    ref = prog.decision_for(rid)
    if ref is None:
        return
    dec = ref.decision
    entry = prog.entries.get(rid)
    reviewed = entry.entry.expert_review.date if entry and entry.entry.expert_review else None
    if dec.discussion is None or (reviewed and dec.discussion.date < reviewed):
        return  # no (or an out-of-order) leadership-group discussion: nothing after it counts (W-SEQ-APPROVAL)
    if dec.discussion.date <= today:
        walk.add(dec.discussion.date, "领导小组研究", dec.discussion.meeting)
    if dec.approval is None or dec.approval.date > today or dec.approval.date < dec.discussion.date:
        return
    walk.add(dec.approval.date, "党工委审定通过", f"{dec.approval.meeting}，{dec.approval.document_number}")
    if dec.notice is None or dec.notice.start < dec.approval.date:
        return  # a 公示 before the approval is out of order (W-SEQ-NOTICE): the record stays 待审定
    end = prog.notice_end(dec.notice.start, ref.where.sub("notice.start"))
    if dec.notice.start > today:
        walk.deadline = Deadline(dec.notice.start, "公示开始")
        return
    walk.status = "公示中"
    walk.add(dec.notice.start, "公示开始", f"公示期 {prog.clock('notice_working_days', 5)} 个工作日" + (f"，至 {end.isoformat()}" if end else ""))
    late: list[m.Objection] = []  # upheld after publication: the record stays published until revoked
    for obj in dec.notice.objections:
        if obj.received <= today and rid in obj.records:
            walk.add(obj.received, "收到异议", obj.summary)
        if obj.upheld and rid in obj.records and obj.resolved and obj.resolved <= today and _after_publication(dec, obj):
            late.append(obj)
            continue
        if obj.upheld and rid in obj.records and obj.resolved and obj.resolved <= today:
            walk.add(obj.resolved, "异议成立", obj.resolution or "")
            walk.status, walk.reason, walk.stopped, walk.deadline = "未通过", f"公示期间异议成立：{obj.resolution or obj.summary}", True, None
            return
    if end is None:
        return
    if end >= today:
        walk.deadline = Deadline(end, "公示结束")
        return
    walk.add(end, "公示期满")
    walk.deadline = None
    if dec.published and dec.published <= today and dec.published > end:
        walk.status, walk.published = "已发布", dec.published
        walk.add(dec.published, "发布", "在经开区官网和公众号发布，征集合作意向")
        for obj in late:
            walk.add(obj.resolved, "发布后异议成立", obj.resolution or obj.summary)
    else:  # no publication yet (or one dated before the period ended, W-SEQ-PUBLISH): no longer on notice
        walk.status = "待发布"


def projects_of(prog: Programme, rid: str) -> list[tuple[ListFile, m.Project]]:
    if rid.startswith("XQ-"):
        p = prog.projects.get(rid)
        return [p] if p else []
    return [p for p in prog.projects.values() if rid in p[1].supplies]


def _project_stage(prog: Programme, rid: str, walk: _Walk) -> None:
    if walk.stopped or walk.status != "已发布":
        return
    today = prog.today
    best: _Walk | None = None
    for _, proj in projects_of(prog, rid):
        w = _Walk(current=walk.status, reached=set(walk.reached), history=list(walk.history),
                  deadline=walk.deadline, published=walk.published)
        if proj.matchmaking_started > today or proj.matchmaking_started < walk.published:
            continue
        w.status = "对接中"
        w.add(proj.matchmaking_started, "开始对接", f"需求 {proj.demand}" if rid.startswith("GJ-") else "")
        if proj.signed and proj.matchmaking_started <= proj.signed <= today:
            partners = "、".join(p.name for p in proj.partners)
            w.status = "建设中"
            w.add(proj.signed, "签约", "，".join(x for x in (proj.mode or "", partners) if x))
            for step in proj.progress:
                if step.date <= today:
                    w.add(step.date, "建设进展", step.note)
            if proj.completed and proj.signed <= proj.completed <= today:
                w.status = "已建成"
                w.add(proj.completed, "建成")
                if proj.accepted and proj.accepted <= today:
                    w.add(proj.accepted, "验收")
        if best is None or _ORDER.index(w.status) > _ORDER.index(best.status):
            best = w
    if best is not None:
        walk.status, walk.history = best.status, best.history
        walk.reached |= best.reached
        # a benchmark needs a built project
    _benchmark_stage(prog, rid, walk)


_ORDER = tuple(s for s in STATUSES if s not in TERMINAL_STATUSES)


def cases_on(prog: Programme, rid: str) -> list:
    field_name = "demand" if rid.startswith("XQ-") else "supply"
    return [c for c in prog.index.models("case") if getattr(c, field_name) == rid]


def benchmark_result(prog: Programme, rid: str) -> Optional[tuple[Where, m.Evaluation, m.EvaluationResult]]:
    """The latest evaluation of ``rid`` dated on or before today, if any."""
    done = [e for e in prog.evaluations.get(rid, []) if e[1].date <= prog.today]
    return max(done, key=lambda e: e[1].date) if done else None


def is_approved(prog: Programme, evaluation: m.Evaluation) -> bool:
    """The 党工委 approved the evaluation (§四11), on or before today and not before the review."""
    a = evaluation.approval
    return a is not None and evaluation.date <= a.date <= prog.today


def approved_benchmark(prog: Programme, rid: str) -> Optional[tuple[Where, m.Evaluation, m.EvaluationResult]]:
    """The evaluation that made ``rid`` a 标杆 (rated 标杆 and approved by today), if any: the earliest."""
    done = [e for e in prog.evaluations.get(rid, []) if e[2].result == "标杆" and is_approved(prog, e[1])
            and _built_before(prog, rid, e[1].date)]
    return min(done, key=lambda e: (e[1].approval.date, e[1].year)) if done else None


def _built_before(prog: Programme, rid: str, day: date) -> bool:
    """A case's project was built (a donation scene confirmed) on or before the evaluation (W-SEQ-BENCHMARK)."""
    sub = prog.submission(rid)
    if sub is None:
        return False
    if rid.startswith("BG-"):
        proj = prog.projects.get(sub.demand)
        return proj is not None and proj[1].completed is not None and proj[1].completed <= day
    conf = prog.confirmations.get(rid)
    return conf is not None and conf[1].confirmed <= day


def _benchmark_stage(prog: Programme, rid: str, walk: _Walk) -> None:
    if walk.status != "已建成":
        return
    for case in cases_on(prog, rid):
        ev = approved_benchmark(prog, case.id)
        if ev:
            walk.status = "标杆"
            walk.add(ev[1].approval.date, "评为标杆", f"{ev[1].approval.meeting}审定（案例 {case.id}）")
            return


def _case_stage(prog: Programme, rid: str, walk: _Walk) -> None:
    """A case is public only after a staff evaluation: 待审定 once the leadership group has
    evaluated it, 标杆 once the 党工委 approved, 未通过 if not selected; until then 已提交."""
    case = prog.submission(rid)
    if case is None:
        return
    proj = prog.projects.get(case.demand)
    if proj and proj[1].completed and proj[1].completed <= prog.today:
        walk.add(proj[1].completed, "建成", f"需求 {case.demand}")
    ev = benchmark_result(prog, rid)
    if ev is None:
        return
    evaluation, result = ev[1], ev[2]
    walk.add(evaluation.date, "标杆评选", evaluation.meeting)
    if result.result != "标杆":
        walk.status, walk.reason = "未通过", f"{evaluation.year} 年标杆评选未入选" + (f"：{result.opinion}" if result.opinion else "")
        walk.add(evaluation.date, "标杆评选未入选", result.opinion or "")
        return
    if not _built_before(prog, rid, evaluation.date):
        return  # not built when evaluated (W-SEQ-BENCHMARK): nothing counts
    walk.status = "待审定"
    if is_approved(prog, evaluation):
        a = evaluation.approval
        walk.status = "标杆"
        walk.add(a.date, "评为标杆", f"{a.meeting}审定，{a.document_number}")


def _withdrawal_stage(prog: Programme, rid: str, walk: _Walk) -> None:
    hit = prog.withdrawals.get(rid)
    if hit is None or hit[1].date > prog.today:
        return
    w = hit[1]
    walk.status = "已撤回" if w.kind == "撤回" else "已撤销"
    walk.add(w.date, walk.status, w.reason)
    if w.clawback and w.clawback.date <= prog.today:
        walk.add(w.clawback.date, "追回奖励", f"{w.clawback.amount}，{w.clawback.document_number}")
    walk.reason, walk.deadline, walk.stopped = w.reason, None, True


def certification_of(prog: Programme, rid: str, walk: Optional[_Walk] = None) -> Optional[Certification]:
    """The supply's latest 三新 certification, ended when its record ended (附件3 三(五); §七(五)):
    valid only for a supply that passed 公示 and was published, and not after an upheld objection,
    a 未通过, a withdrawal or a revocation."""
    entries = [c for _, c in prog.certifications.get(rid, []) if c.approved <= prog.today]
    if not entries:
        return None
    c = max(entries, key=lambda c: c.approved)
    expires = validity_end(c.approved, prog.sanxin_years())
    return Certification(rid, c.approved, expires, prog.today > expires, c.document_number,
                         ended=certification_end(prog, rid, walk))


def certification_end(prog: Programme, rid: str, walk: Optional[_Walk] = None) -> str:
    """Why a supply's certification no longer holds ("" while it does)."""
    if walk is None:
        walk = _Walk()
        _review_stage(prog, rid, walk)
        _decision_stage(prog, rid, walk)
        _withdrawal_stage(prog, rid, walk)
    if walk.status in ("未通过", "已撤回", "已撤销"):
        day = max((e.day for e in walk.history), default=None)
        return f"记录{walk.status}" + (f"（{day.isoformat()}）" if day else "")
    late = [e for e in walk.history if e.label == "发布后异议成立"]
    if late:
        return f"发布后异议成立：{late[0].detail}"
    if walk.published is None:
        return "供给尚未通过公示并发布"
    return ""


def derive_record(prog: Programme, rid: str) -> RecordState:
    walk = _Walk()
    today = prog.today
    sub = prog.submission(rid)
    if rid.startswith(("XQ-", "GJ-")) and sub is not None:
        walk.add(sub.submitted, "提交申报", sub.batch)
    elif rid.startswith("JZ-") and sub is not None:
        walk.add(sub.donated_on, "捐赠", sub.recipient)
    if rid.startswith(("XQ-", "GJ-")):
        _review_stage(prog, rid, walk)
        _decision_stage(prog, rid, walk)
        _project_stage(prog, rid, walk)
    elif rid.startswith("BG-"):
        _case_stage(prog, rid, walk)
    elif rid.startswith("JZ-"):
        hit = prog.confirmations.get(rid)
        if hit and hit[1].confirmed <= today:
            walk.status = "已建成"
            walk.add(hit[1].confirmed, "捐赠确认", hit[1].unit)
            ev = approved_benchmark(prog, rid)
            if ev:
                walk.status = "标杆"
                walk.add(ev[1].approval.date, "评为标杆", f"{ev[1].approval.meeting}审定，{ev[1].approval.document_number}")
    _withdrawal_stage(prog, rid, walk)
    history = tuple(sorted(walk.history, key=lambda e: e.day))
    cert = certification_of(prog, rid, walk) if rid.startswith("GJ-") else None
    return RecordState(rid, walk.status, history, walk.deadline, cert, walk.published, walk.reason,
                       was_public=bool(walk.reached & PUBLIC_STATUSES))


def record_ids(prog: Programme) -> list[str]:
    ids = set()
    for kind in ("demand", "supply", "case", "donation"):
        ids.update(prog.index.ids(kind))
    return sorted(ids)


def notices(prog: Programme) -> list[Notice]:
    out = []
    contact = prog.settings.objection_contact if prog.settings else None
    for f, b in prog.batches:
        for j, dec in enumerate(b.decisions):
            if dec.notice is None or dec.approval is None:
                continue
            where = Where(f, f"decisions.{j}.notice.start")
            end = prog.notice_end(dec.notice.start, where)
            if end is None:
                continue
            skipped = tuple(SkippedDay(d.day, d.reason) for d in prog.calendar.skipped(dec.notice.start, end))
            state = "未开始" if prog.today < dec.notice.start else ("公示中" if prog.today <= end else "公示期满")
            objections = tuple(
                f"{o.received.isoformat()} 收到" + ("（发布后）" if dec.published and o.received > dec.published else "")
                + f"：{o.summary}" + (f"；处理：{o.resolution}" if o.resolution else "；处理中")
                for o in dec.notice.objections if o.received <= prog.today)
            out.append(Notice(
                notice_id=dec.id, title=dec.title or f"{b.title}拟入选清单公示", batch=b.id,
                items=tuple(dec.demands) + tuple(dec.supplies), start=dec.notice.start, end=end, skipped=skipped,
                meeting=dec.approval.meeting, document_number=dec.approval.document_number, state=state,
                approved=dec.approval.date,
                objection_office=contact.office if contact else "", objection_phone=contact.phone if contact else "",
                objection_address=contact.address if contact else "", objections=objections))
    return out


def batches(prog: Programme) -> list[Batch]:
    return [Batch(b.id, b.title, b.opens, b.closes, b.opens <= prog.today <= b.closes) for _, b in prog.batches]


def events(prog: Programme) -> list[ProgrammeEvent]:
    model = prog.store.single("lists/events.yaml")
    if model is None:
        return []
    return [ProgrammeEvent(e.id, e.kind, e.title, e.date, tuple(e.records), e.place or "")
            for e in sorted(model.events, key=lambda e: (e.date, e.id))]

"""Rules on the staff decisions in lists/ (代码 W-).

Same style as the submission rules: small named functions, each registered
under a stable code with a Chinese title; the docstring is the public
documentation (fed to docs/reference/rules.md through codes.document). A rule
reads the loaded :class:`~changjing.lists.status.Programme` and yields
findings that point at a key of a lists/ file, so every message carries the
file, line and column.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterator, NamedTuple, Optional

from .. import vocab
from ..codes import document
from ..diagnostics import Diagnostic, Severity
from .status import Programme, Where, derive_record


class Finding(NamedTuple):
    where: Optional[Where]  # None: a repository-wide finding (path given in key)
    message: str
    path: str = ""


@dataclass(frozen=True)
class ListRule:
    code: str
    title: str
    severity: Severity
    func: Callable[[Programme], Iterator[Finding]]

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")


LIST_RULES: list[ListRule] = []


def list_rule(code: str, title: str, severity: str = "error"):
    def register(func):
        if any(r.code == code for r in LIST_RULES):
            raise ValueError(f"duplicate rule code {code}")
        LIST_RULES.append(ListRule(code, title, Severity(severity), func))
        return func

    return register


def run_list_rules(prog: Programme) -> list[Diagnostic]:
    out = []
    for r in LIST_RULES:
        for f in r.func(prog):
            if f.where is None:
                out.append(Diagnostic(path=f.path, line=1, column=1, code=r.code, message=f.message, severity=r.severity))
                continue
            line, col = f.where.file.position(f.where.key)
            out.append(Diagnostic(path=f.where.file.path, line=line, column=col, code=r.code, message=f.message,
                                  key=f.where.key, severity=r.severity))
    return out


def d(day: date) -> str:
    return day.isoformat()


def _published_on(prog: Programme, rid: str) -> Optional[date]:
    """The day the record itself was published: its batch's publication date, unless the record
    was rejected before it (an objection upheld during the 公示): then it was never published."""
    ref = prog.decision_for(rid)
    if ref is None or ref.decision.published is None:
        return None
    st = derive_record(prog, rid)
    return None if st.status == "未通过" and st.published is None else ref.decision.published


# -- file names and references ---------------------------------------------------------

@list_rule("W-FILE-NAME", "文件名与内容一致")
def rule_file_name(prog: Programme) -> Iterator[Finding]:
    """lists/batches/ 的文件名是批次编号（如 `2025-H1.yaml`），lists/projects/ 的文件名是需求编号，
    lists/evaluations/ 和 lists/calendar/ 的文件名是年份；文件内的编号或年份必须与文件名一致。"""
    checks = (("lists/batches", "id"), ("lists/projects", "demand"), ("lists/evaluations", "year"),
              ("lists/calendar", "year"))
    for folder, key in checks:
        for f in prog.store.folder(folder):
            if f.model is not None and str(getattr(f.model, key)) != f.stem:
                yield Finding(Where(f, key), f"「{getattr(f.model, key)}」与文件名「{f.stem}」不一致。")


def _references(prog: Programme):
    """Every record ID named in lists/, with where it is named."""
    for f, b in prog.batches:
        for i, e in enumerate(b.records):
            yield e.record, Where(f, f"records.{i}.record")
        for j, dec in enumerate(b.decisions):
            for lf in ("demands", "supplies"):
                for k, rid in enumerate(getattr(dec, lf)):
                    yield rid, Where(f, f"decisions.{j}.{lf}.{k}")
            for k, rej in enumerate(dec.rejected):
                yield rej.record, Where(f, f"decisions.{j}.rejected.{k}.record")
    for f, p in prog.projects.values():
        yield p.demand, Where(f, "demand")
        for k, rid in enumerate(p.supplies):
            yield rid, Where(f, f"supplies.{k}")
    for rid, items in prog.certifications.items():
        for where, _ in items:
            yield rid, where.sub("supply")
    for rid, items in prog.evaluations.items():
        for where, _, _ in items:
            yield rid, where.sub("record")
    for rid, (where, _) in prog.confirmations.items():
        yield rid, where.sub("donation")
    for rid, (where, _) in prog.withdrawals.items():
        yield rid, where.sub("record")
    ev = prog.store.files.get("lists/events.yaml")
    if ev is not None and ev.model is not None:
        for i, e in enumerate(ev.model.events):
            for k, rid in enumerate(e.records):
                yield rid, Where(ev, f"events.{i}.records.{k}")


@list_rule("W-REF", "引用的记录存在")
def rule_references(prog: Programme) -> Iterator[Finding]:
    """lists/ 中出现的每个记录编号（需求、供给、标杆案例、捐赠场景）都必须在 submissions/ 中存在。"""
    for rid, where in _references(prog):
        if not prog.exists(rid):
            yield Finding(where, f"记录「{rid}」在 submissions/ 中不存在。")


@list_rule("W-DUPLICATE", "同一记录只登记一次")
def rule_duplicates(prog: Programme) -> Iterator[Finding]:
    """一个需求或供给只能在一个批次中受理一次、只能进入一个审定批次（入选或未通过）；每个需求只有一个对接建设文件；
    捐赠确认、撤回撤销对同一记录只能各写一条；同一年的标杆评选中同一记录只能出现一次。"""
    seen: dict[str, str] = {}
    in_decision: dict[str, str] = {}
    for f, b in prog.batches:
        for i, e in enumerate(b.records):
            if e.record in seen:
                yield Finding(Where(f, f"records.{i}.record"), f"「{e.record}」已在 {seen[e.record]} 中受理过。")
            else:
                seen[e.record] = f.path
        for j, dec in enumerate(b.decisions):
            for lf in ("demands", "supplies"):
                for k, rid in enumerate(getattr(dec, lf)):
                    if rid in in_decision:
                        yield Finding(Where(f, f"decisions.{j}.{lf}.{k}"), f"「{rid}」已列入审定批次 {in_decision[rid]}。")
                    else:
                        in_decision[rid] = dec.id
            here = set(dec.demands) | set(dec.supplies)
            for k, rej in enumerate(dec.rejected):
                if rej.record in here:
                    continue  # same decision: W-REJECT says it better
                if rej.record in in_decision:
                    yield Finding(Where(f, f"decisions.{j}.rejected.{k}.record"),
                                  f"「{rej.record}」已列入审定批次 {in_decision[rej.record]}。")
                else:
                    in_decision[rej.record] = dec.id
    demands: dict[str, str] = {}
    for f in prog.store.folder("lists/projects"):
        if f.model is not None:
            if f.model.demand in demands:
                yield Finding(Where(f, "demand"), f"需求「{f.model.demand}」已有对接建设文件 {demands[f.model.demand]}。")
            demands.setdefault(f.model.demand, f.path)
    for path, attr, key in (("lists/donations.yaml", "confirmations", "donation"),
                            ("lists/withdrawals.yaml", "withdrawals", "record")):
        f = prog.store.files.get(path)
        if f is None or f.model is None:
            continue
        once: set[str] = set()
        for i, item in enumerate(getattr(f.model, attr)):
            rid = getattr(item, key)
            if rid in once:
                yield Finding(Where(f, f"{attr}.{i}.{key}"), f"「{rid}」重复登记。")
            once.add(rid)
    for f in prog.store.folder("lists/evaluations"):
        if f.model is None:
            continue
        once = set()
        for i, r in enumerate(f.model.results):
            if r.record in once:
                yield Finding(Where(f, f"results.{i}.record"), f"「{r.record}」在本年度评选中重复出现。")
            once.add(r.record)


# -- batches ---------------------------------------------------------------------------------

@list_rule("W-BATCH", "批次与记录一致")
def rule_batch_membership(prog: Programme) -> Iterator[Finding]:
    """批次文件只受理申报批次相同的记录；审定批次中的需求和供给必须是本批次受理的记录；
    征集开始日期不晚于截止日期；受理日期不早于申报日期。"""
    for f, b in prog.batches:
        if b.opens > b.closes:
            yield Finding(Where(f, "closes"), f"征集截止日期 {d(b.closes)} 早于开始日期 {d(b.opens)}。")
        ids = {e.record for e in b.records}
        for i, e in enumerate(b.records):
            sub = prog.submission(e.record)
            if sub is None:
                continue
            if sub.batch != b.id:
                yield Finding(Where(f, f"records.{i}.record"), f"「{e.record}」申报的批次是 {sub.batch}，不是 {b.id}。")
            if e.accepted and e.accepted < sub.submitted:
                yield Finding(Where(f, f"records.{i}.accepted"),
                              f"受理日期 {d(e.accepted)} 早于申报日期 {d(sub.submitted)}。")
        for j, dec in enumerate(b.decisions):
            for lf in ("demands", "supplies"):
                for k, rid in enumerate(getattr(dec, lf)):
                    if rid not in ids:
                        yield Finding(Where(f, f"decisions.{j}.{lf}.{k}"), f"「{rid}」不在本批次受理的记录（records）中。")
            for k, rej in enumerate(dec.rejected):
                if rej.record not in ids:
                    yield Finding(Where(f, f"decisions.{j}.rejected.{k}.record"),
                                  f"「{rej.record}」不在本批次受理的记录（records）中。")
            if (lf_bad := [r for r in dec.demands if not r.startswith("XQ-")] + [r for r in dec.supplies if not r.startswith("GJ-")]):
                yield Finding(Where(f, f"decisions.{j}"), f"需求清单只列 XQ- 编号，供给清单只列 GJ- 编号：{'、'.join(lf_bad)}。")


@list_rule("W-SUBMITTED-OUTSIDE", "申报日期在征集期内", severity="warning")
def rule_submitted_in_window(prog: Programme) -> Iterator[Finding]:
    """受理的记录，其申报日期应在批次的征集期（opens 至 closes）内；不在时提醒工作人员核实。"""
    for f, b in prog.batches:
        for i, e in enumerate(b.records):
            sub = prog.submission(e.record)
            if sub is not None and not (b.opens <= sub.submitted <= b.closes):
                yield Finding(Where(f, f"records.{i}.record"),
                              f"「{e.record}」的申报日期 {d(sub.submitted)} 不在征集期 {d(b.opens)} 至 {d(b.closes)} 内。")


@list_rule("W-SEQ-INITIAL", "初审在受理之后")
def rule_initial_after_accept(prog: Programme) -> Iterator[Finding]:
    """初审日期不得早于受理日期（未填受理日期时为征集截止日）。"""
    for ref in prog.entries.values():
        ir = ref.entry.initial_review
        if ir and ir.date < prog.trigger(ref):
            yield Finding(ref.where.sub("initial_review.date"),
                          f"初审日期 {d(ir.date)} 早于受理日期 {d(prog.trigger(ref))}。")


@list_rule("W-SEQ-EXPERT", "专家评审须在初审通过之后")
def rule_expert_after_initial(prog: Programme) -> Iterator[Finding]:
    """只有初审通过的记录才能进入专家评审，且专家评审日期不早于初审日期。"""
    for rid, ref in prog.entries.items():
        er, ir = ref.entry.expert_review, ref.entry.initial_review
        if er is None:
            continue
        if ir is None:
            yield Finding(ref.where.sub("expert_review"), f"「{rid}」没有初审结果，不能进行专家评审。请先录入初审。")
        elif ir.result != "通过":
            yield Finding(ref.where.sub("expert_review"), f"「{rid}」初审未通过，不能进入专家评审。")
        elif er.date < ir.date:
            yield Finding(ref.where.sub("expert_review.date"), f"专家评审日期 {d(er.date)} 早于初审日期 {d(ir.date)}。")


@list_rule("W-SEQ-APPROVAL", "审定须在专家评审通过之后")
def rule_approval_after_expert(prog: Programme) -> Iterator[Finding]:
    """列入审定批次的需求和供给（包括 rejected 中未通过审定的）必须已通过专家评审；领导小组研究在专家评审之后、
    党工委审定之前；审定批次写了党工委审定，就必须先有领导小组研究。"""
    refs_by_record = [(rid, ref) for rid, refs in prog.decisions.items() for ref in refs]
    refs_by_record += [(rid, ref) for rid, refs in prog.rejections.items() for ref in refs]
    for rid, ref in refs_by_record:
        entry = prog.entries.get(rid)
        er = entry.entry.expert_review if entry else None
        where = ref.where.sub(f"{ref.list_field}.{ref.position}")
        if er is None or er.result != "通过":
            yield Finding(where, f"「{rid}」尚未通过专家评审，不能列入审定批次 {ref.decision.id}。")
            continue
        steps = (("领导小组研究", ref.decision.discussion), ("党工委审定", ref.decision.approval))
        if ref.rejection is not None and ref.rejection.stage == "领导小组研究":
            steps = steps[:1]  # not put forward: the 党工委 never saw it
        for label, step in steps:
            if step is not None and step.date < er.date:
                yield Finding(where, f"{label}日期 {d(step.date)} 早于「{rid}」的专家评审日期 {d(er.date)}。")
    for f, b in prog.batches:
        for j, dec in enumerate(b.decisions):
            where = Where(f, f"decisions.{j}")
            if dec.approval and dec.discussion is None:
                yield Finding(where.sub("approval"), "党工委审定之前应先经领导小组研究：请录入 discussion。")
            if dec.approval and dec.discussion and dec.approval.date < dec.discussion.date:
                yield Finding(where.sub("approval.date"),
                              f"党工委审定日期 {d(dec.approval.date)} 早于领导小组研究日期 {d(dec.discussion.date)}。")


@list_rule("W-SEQ-NOTICE", "公示须在审定之后")
def rule_notice_after_approval(prog: Programme) -> Iterator[Finding]:
    """公示只能在党工委审定之后开始（可以同日）；没有审定就不能公示。公示结束日期由系统按公示期计算，不要填写。"""
    for f, b in prog.batches:
        for j, dec in enumerate(b.decisions):
            if dec.notice is None:
                continue
            where = Where(f, f"decisions.{j}.notice")
            if dec.approval is None:
                yield Finding(where, "还没有党工委审定，不能公示。请先录入 approval。")
            elif dec.notice.start < dec.approval.date:
                yield Finding(where.sub("start"), f"公示开始日期 {d(dec.notice.start)} 早于党工委审定日期 {d(dec.approval.date)}。")


@list_rule("W-SEQ-PUBLISH", "发布须在公示期满之后")
def rule_publish_after_notice(prog: Programme) -> Iterator[Finding]:
    """清单只能在公示期满的次日或以后发布；没有公示不能发布；发布之前（含发布当日）收到的异议必须在发布前处理完毕。
    发布之后收到的异议不受此限，成立时按 `W-OBJECTION-PUBLISHED` 处理。"""
    for f, b in prog.batches:
        for j, dec in enumerate(b.decisions):
            if dec.published is None:
                continue
            where = Where(f, f"decisions.{j}.published")
            if dec.notice is None:
                yield Finding(where, "没有公示记录，不能发布。请先录入 notice。")
                continue
            end = prog.notice_end(dec.notice.start, Where(f, f"decisions.{j}.notice.start"))
            if end is not None and dec.published <= end:
                yield Finding(where, f"发布日期 {d(dec.published)} 不在公示期满之后：公示自 {d(dec.notice.start)} 起 "
                                     f"{prog.clock('notice_working_days', 5)} 个工作日，至 {d(end)} 结束，最早 {d(date.fromordinal(end.toordinal() + 1))} 发布。")
            for k, o in enumerate(dec.notice.objections):
                if o.received > dec.published:
                    continue
                if o.resolved is None or o.resolved > dec.published:
                    yield Finding(Where(f, f"decisions.{j}.notice.objections.{k}"),
                                  f"{d(o.received)} 收到的异议在发布日期 {d(dec.published)} 之前没有处理完毕（resolved）。")


@list_rule("W-OBJECTION", "异议记录完整")
def rule_objections(prog: Programme) -> Iterator[Finding]:
    """异议的处理日期不早于收到日期；已处理的异议要写处理结果；异议成立时必须列出涉及的记录，且这些记录在本次公示中。"""
    for f, b in prog.batches:
        for j, dec in enumerate(b.decisions):
            if dec.notice is None:
                continue
            items = set(dec.demands) | set(dec.supplies)
            for k, o in enumerate(dec.notice.objections):
                where = Where(f, f"decisions.{j}.notice.objections.{k}")
                if o.resolved and o.resolved < o.received:
                    yield Finding(where.sub("resolved"), f"处理日期 {d(o.resolved)} 早于收到日期 {d(o.received)}。")
                if o.resolved and not o.resolution:
                    yield Finding(where.sub("resolution"), "已处理的异议请写明处理结果（resolution）。")
                if o.upheld and not o.records:
                    yield Finding(where.sub("records"), "异议成立时请列出涉及的记录（records）。")
                for n, rid in enumerate(o.records):
                    if rid not in items:
                        yield Finding(where.sub(f"records.{n}"), f"「{rid}」不在本次公示的清单中。")


@list_rule("W-OBJECTION-PUBLISHED", "发布后异议成立须撤销")
def rule_objection_after_publication(prog: Programme) -> Iterator[Finding]:
    """异议在清单发布之后才成立（处理日期 resolved 晚于发布日期）时，已发布的记录不能再判为未通过，
    只能以撤销结束：涉及的每个记录都必须在 lists/withdrawals.yaml 中登记（`kind: 撤销`，写明原因；
    申报方主动撤回的登记 `kind: 撤回` 也可）。登记之前记录仍显示为已发布，经过中有“发布后异议成立”。"""
    for f, b in prog.batches:
        for j, dec in enumerate(b.decisions):
            if dec.notice is None or dec.published is None:
                continue
            items = set(dec.demands) | set(dec.supplies)
            for k, o in enumerate(dec.notice.objections):
                if not (o.upheld and o.resolved and o.resolved > dec.published):
                    continue
                for n, rid in enumerate(o.records):
                    if rid in items and rid not in prog.withdrawals:
                        yield Finding(Where(f, f"decisions.{j}.notice.objections.{k}.records.{n}"),
                                      f"「{rid}」已于 {d(dec.published)} 发布，异议在 {d(o.resolved)} 成立："
                                      f"已发布的记录只能以撤销结束，请在 lists/withdrawals.yaml 登记"
                                      f"（record: {rid}，kind: 撤销，reason 写明异议成立的理由）。")


@list_rule("W-REJECT", "未通过审定的记录")
def rule_rejections(prog: Programme) -> Iterator[Finding]:
    """审定批次的 rejected 列出领导小组研究决定不提请审定（`stage: 领导小组研究`，须有 discussion）或党工委审定不通过
    （`stage: 党工委审定`，须有 approval）的需求和供给，记录因此为未通过。未通过的记录不能同时列入同一审定批次的
    demands / supplies，因而不公示、不发布；审定批次的记录全部未通过时，不能有公示和发布日期。"""
    for f, b in prog.batches:
        for j, dec in enumerate(b.decisions):
            where = Where(f, f"decisions.{j}")
            listed = set(dec.demands) | set(dec.supplies)
            for k, rej in enumerate(dec.rejected):
                at = where.sub(f"rejected.{k}")
                if rej.record in listed:
                    yield Finding(at.sub("record"), f"「{rej.record}」未通过审定，不能同时列入本审定批次的入选清单"
                                                    f"（demands / supplies），也就不能公示或发布。")
                if rej.stage == "领导小组研究" and dec.discussion is None:
                    yield Finding(at.sub("stage"), "领导小组研究决定不提请审定，请录入领导小组研究（discussion）。")
                if rej.stage == "党工委审定" and dec.approval is None:
                    yield Finding(at.sub("stage"), "党工委审定不通过，请录入党工委审定（approval）的会议、日期和文号。")
            if dec.rejected and not listed:
                for key in ("notice", "published"):
                    if getattr(dec, key) is not None:
                        yield Finding(where.sub(key), "本审定批次的记录全部未通过审定，没有可以公示或发布的记录。")


@list_rule("W-REVIEWER", "初审单位回避规则")
def rule_reviewer(prog: Programme) -> Iterator[Finding]:
    """申报单位是市光机电产业协调服务中心的关联单位时，初审必须由领导小组办公室负责；其他申请三新认定的供给
    由市光机电产业协调服务中心初审（晋市开管〔2025〕7号 附件3 三(二)）。是否关联由工作人员核实后登记在
    lists/affiliations.yaml（以登记日期为准），不由申报单位在组织文件中自报。"""
    affiliates = prog.store.single("lists/affiliations.yaml")
    since = {a.credit_code: a.recorded for a in affiliates.gjd_center} if affiliates is not None else {}
    for rid, ref in prog.entries.items():
        ir = ref.entry.initial_review
        sub = prog.submission(rid)
        if ir is None or sub is None:
            continue
        code = sub.owner if rid.startswith("XQ-") else sub.provider
        applicant = prog.org(code)
        where = ref.where.sub("initial_review.unit")
        if code in since and since[code] <= ir.date:
            if ir.unit != vocab.OFFICE:
                name = applicant.name if applicant is not None else code
                yield Finding(where, f"申报单位「{name}」是{vocab.GJD_CENTER}的关联单位（lists/affiliations.yaml），"
                                     f"初审应由{vocab.OFFICE}负责，不能由「{ir.unit}」负责。")
        elif rid.startswith("GJ-") and sub.apply_sanxin and ir.unit != vocab.GJD_CENTER:
            yield Finding(where, f"三新认定事项的初审由{vocab.GJD_CENTER}负责，现为「{ir.unit}」。")


@list_rule("W-OVERDUE", "审查超过时限", severity="warning")
def rule_overdue(prog: Programme) -> Iterator[Finding]:
    """初审自受理日、专家评审自初审通过日起算，各不超过 7 个工作日（按 lists/settings.yaml 的计日规则，
    默认不含触发当日）。尚未完成且已超过时限、或完成日期晚于时限的，给出警告；`changjing overdue` 列出全部超时事项。"""
    for item in overdue_items(prog, include_late=True):
        yield Finding(item.where, item.message)


@dataclass(frozen=True)
class OverdueItem:
    record: str
    step: str
    due: date
    done: Optional[date]
    where: Where

    @property
    def message(self) -> str:
        if self.done is None:
            return f"「{self.record}」的{self.step}时限为 {d(self.due)}，至今尚未完成，已超期。"
        return f"「{self.record}」的{self.step}于 {d(self.done)} 完成，晚于时限 {d(self.due)}。"


def overdue_items(prog: Programme, include_late: bool = False) -> list[OverdueItem]:
    out = []
    today = prog.today
    for rid, ref in sorted(prog.entries.items()):
        trigger = prog.trigger(ref)
        if trigger > today:
            continue
        ir, er = ref.entry.initial_review, ref.entry.expert_review
        due = prog.initial_deadline(trigger, ref.where.sub("accepted"))
        if due is not None:
            if (ir is None or ir.date > today) and due < today:
                out.append(OverdueItem(rid, "初审", due, None, ref.where))
                continue
            if include_late and ir is not None and ir.date <= today and ir.date > due:
                out.append(OverdueItem(rid, "初审", due, ir.date, ref.where.sub("initial_review.date")))
        if ir is None or ir.date > today or ir.result != "通过":
            continue
        due = prog.expert_deadline(ir.date, ref.where.sub("initial_review.date"))
        if due is None:
            continue
        if (er is None or er.date > today) and due < today:
            out.append(OverdueItem(rid, "专家评审", due, None, ref.where))
        elif include_late and er is not None and er.date <= today and er.date > due:
            out.append(OverdueItem(rid, "专家评审", due, er.date, ref.where.sub("expert_review.date")))
    return out


# -- projects, benchmarks, donations -------------------------------------------------------

@list_rule("W-SEQ-PROJECT", "对接建设的先后顺序")
def rule_project_sequence(prog: Programme) -> Iterator[Finding]:
    """对接只能在需求发布之后开始；签约不早于开始对接，建成不早于签约，验收不早于建成；
    写了建成日期就必须有签约日期。对接中采用的供给也必须已经发布。"""
    for f, p in prog.projects.values():
        published = _published_on(prog, p.demand)
        if published is None:
            yield Finding(Where(f, "matchmaking_started"), f"需求「{p.demand}」尚未发布，不能开始对接。")
        elif p.matchmaking_started < published:
            yield Finding(Where(f, "matchmaking_started"),
                          f"开始对接日期 {d(p.matchmaking_started)} 早于需求发布日期 {d(published)}。")
        for k, sid in enumerate(p.supplies):
            sp = _published_on(prog, sid)
            if prog.exists(sid) and (sp is None or sp > (p.signed or p.matchmaking_started)):
                yield Finding(Where(f, f"supplies.{k}"), f"供给「{sid}」在对接时尚未发布。")
        steps = (("matchmaking_started", "开始对接"), ("signed", "签约"), ("completed", "建成"), ("accepted", "验收"))
        last: tuple[str, date] | None = None
        for key, label in steps:
            value = getattr(p, key)
            if value is None:
                continue
            if last is not None and value < last[1]:
                yield Finding(Where(f, key), f"{label}日期 {d(value)} 早于{last[0]}日期 {d(last[1])}。")
            last = (label, value)
        if p.completed and not p.signed:
            yield Finding(Where(f, "completed"), "有建成日期却没有签约日期：请录入签约（signed）。")
        if p.accepted and not p.completed:
            yield Finding(Where(f, "accepted"), "有验收日期却没有建成日期：请录入建成（completed）。")


@list_rule("W-PROJECT-SIGNED", "签约要有合作方式、合作单位和两张清单")
def rule_project_signed(prog: Programme) -> Iterator[Finding]:
    """签约后必须写明实际采用的合作方式、合作单位、任务清单和责任清单（谁、做什么、何时完成）。
    使用财政资金的场景，合作方式必须是政府采购或招标投标（晋市开管〔2025〕7号 第9条）。"""
    for f, p in prog.projects.values():
        if p.signed is None:
            continue
        for key, label in (("mode", "合作方式"), ("partners", "合作单位"), ("tasks", "任务清单"), ("responsibilities", "责任清单")):
            if not getattr(p, key):
                yield Finding(Where(f, "signed"), f"已签约，但缺少{label}（{key}）。")
        demand = prog.submission(p.demand)
        if demand is not None and p.mode and demand.fiscal_share_percent > 0 and p.mode not in vocab.PROCUREMENT_LAW_MODES:
            yield Finding(Where(f, "mode"), f"需求使用财政资金（占比 {demand.fiscal_share_percent}%），"
                                            f"应按政府采购法或招标投标法选择合作方，合作方式不能是「{p.mode}」。")


@list_rule("W-SEQ-BENCHMARK", "标杆须是已建成的项目")
def rule_benchmark_built(prog: Programme) -> Iterator[Finding]:
    """只有评选之前已经建成的项目才能评为标杆：标杆案例对应需求的对接建设文件必须有不晚于评选日期的建成日期；
    捐赠场景必须在评选之前已经确认。评选在每年年初进行，对象是上一年建成的项目。"""
    for rid, items in prog.evaluations.items():
        for where, ev, res in items:
            sub = prog.submission(rid)
            if sub is None:
                continue
            if rid.startswith("BG-"):
                proj = prog.projects.get(sub.demand)
                built = proj[1].completed if proj else None
                if built is None or built > ev.date:
                    yield Finding(where.sub("record"), f"案例「{rid}」对应的需求「{sub.demand}」在评选日 {d(ev.date)} 前没有建成记录"
                                                       f"（lists/projects/{sub.demand}.yaml 的 completed），不能参加标杆评选。")
                    continue
                year = built.year
            else:
                conf = prog.confirmations.get(rid)
                if conf is None or conf[1].confirmed > ev.date:
                    yield Finding(where.sub("record"), f"捐赠场景「{rid}」在评选日 {d(ev.date)} 前没有确认，不能参加标杆评选。")
                    continue
                year = sub.donated_on.year
            if year != ev.year - 1:
                yield Finding(where.sub("record"), f"{ev.year} 年评选的是 {ev.year - 1} 年建成的项目，「{rid}」建成于 {year} 年。")


@list_rule("W-DONATION", "捐赠确认")
def rule_donation(prog: Programme) -> Iterator[Finding]:
    """捐赠确认日期不早于捐赠日期；关联的标杆案例必须存在。一条捐赠记录就是一个场景一个年度的捐赠：
    同一捐赠方同一年度对同一受赠方、同一地点的捐赠应合并为一条，奖励按年度总额计算并封顶。"""
    scenes: dict[tuple, str] = {}
    for rid, (where, c) in sorted(prog.confirmations.items(), key=lambda item: item[1][1].confirmed):
        don = prog.submission(rid)
        if don is not None:
            scene = (don.donor, don.recipient, don.place, don.year)
            if scene in scenes:
                yield Finding(where.sub("donation"), f"「{rid}」与「{scenes[scene]}」是同一捐赠方在同一年度对同一场景的捐赠："
                                                     f"奖励按场景的年度捐赠总额计算并封顶，请合并为一条捐赠记录。")
            scenes.setdefault(scene, rid)
        if don is not None and c.confirmed < don.donated_on:
            yield Finding(where.sub("confirmed"), f"确认日期 {d(c.confirmed)} 早于捐赠日期 {d(don.donated_on)}。")
        if c.case and not prog.exists(c.case):
            yield Finding(where.sub("case"), f"标杆案例「{c.case}」不存在。")


# -- 三新 ---------------------------------------------------------------------------------

@list_rule("W-SANXIN", "三新认定来自审定批次")
def rule_sanxin(prog: Programme) -> Iterator[Finding]:
    """三新认定只能给申请了三新认定（apply_sanxin: true）且列入该审定批次供给清单的供给；
    认定日期不早于党工委审定日期。"""
    decisions = {dec.id: dec for _, b in prog.batches for dec in b.decisions}
    for sid, items in prog.certifications.items():
        sub = prog.submission(sid)
        for where, c in items:
            if sub is not None and not sub.apply_sanxin:
                yield Finding(where.sub("supply"), f"供给「{sid}」没有申请三新认定（apply_sanxin 为 false）。")
            dec = decisions.get(c.decision)
            if dec is None:
                yield Finding(where.sub("decision"), f"审定批次「{c.decision}」不存在。")
            elif sid not in dec.supplies:
                yield Finding(where.sub("decision"), f"供给「{sid}」不在审定批次「{c.decision}」的供给清单中。")
            elif dec.approval is None or c.approved < dec.approval.date:
                when = d(dec.approval.date) if dec.approval else "尚未审定"
                yield Finding(where.sub("approved"), f"认定日期 {d(c.approved)} 早于党工委审定（{when}）。")


# -- withdrawals -----------------------------------------------------------------------------

@list_rule("W-CLAWBACK", "撤销资格与奖励追回")
def rule_clawback(prog: Programme) -> Iterator[Finding]:
    """因弄虚作假撤销的记录，已获得的奖励必须追回并登记追回金额、日期和文号；撤回（申报方主动）不涉及追回；
    追回日期不早于撤销日期。"""
    from .rewards import compute_rewards

    full = [r for r in compute_rewards(prog, apply_revocations=False) if r.amount_yuan > 0]
    for rid, (where, w) in prog.withdrawals.items():
        if w.kind == "撤回" and (w.fraud or w.clawback):
            yield Finding(where.sub("kind"), "弄虚作假或追回奖励属于撤销，请把 kind 改为 撤销。")
            continue
        if w.clawback and w.clawback.date < w.date:
            yield Finding(where.sub("clawback.date"), f"追回日期 {d(w.clawback.date)} 早于撤销日期 {d(w.date)}。")
        if w.kind == "撤销" and w.fraud and w.clawback is None:
            paid = [r for r in full if rid in _reward_subjects(prog, r.record_id)]
            if paid:
                yield Finding(where, f"「{rid}」因弄虚作假撤销，应追回已确定的{paid[0].kind}，请登记 clawback。")


def _reward_subjects(prog: Programme, reward_record: str) -> set[str]:
    """The records whose revocation takes a reward away (a case's demand and supply too)."""
    subjects = {reward_record}
    case = prog.submission(reward_record) if reward_record.startswith("BG-") else None
    if case is not None:
        subjects |= {case.demand, case.supply}
    return subjects


@list_rule("W-FUTURE-DATE", "决定日期晚于今天", severity="warning")
def rule_future(prog: Programme) -> Iterator[Finding]:
    """初审、专家评审、研究、审定、评选、确认、撤回撤销的日期晚于今天（--today）时，这些决定暂不计入状态。
    （公示开始和发布日期可以提前写好，不提示。）"""
    today = prog.today
    for rid, ref in prog.entries.items():
        for key in ("initial_review", "expert_review"):
            step = getattr(ref.entry, key)
            if step and step.date > today:
                yield Finding(ref.where.sub(f"{key}.date"), f"日期 {d(step.date)} 晚于今天 {d(today)}，暂不计入。")
    for f, b in prog.batches:
        for j, dec in enumerate(b.decisions):
            for key in ("discussion", "approval"):
                step = getattr(dec, key)
                if step and step.date > today:
                    yield Finding(Where(f, f"decisions.{j}.{key}.date"), f"日期 {d(step.date)} 晚于今天 {d(today)}，暂不计入。")
    for rid, (where, w) in prog.withdrawals.items():
        if w.date > today:
            yield Finding(where.sub("date"), f"日期 {d(w.date)} 晚于今天 {d(today)}，暂不计入。")


# -- events ---------------------------------------------------------------------------------

@list_rule("W-EVENT", "活动展示已发布的记录", severity="warning")
def rule_events(prog: Programme) -> Iterator[Finding]:
    """对接会、路演、沙龙展示的需求和供给，应在活动日期之前已经发布；活动编号不得重复。"""
    f = prog.store.files.get("lists/events.yaml")
    if f is None or f.model is None:
        return
    seen = set()
    for i, e in enumerate(f.model.events):
        if e.id in seen:
            yield Finding(Where(f, f"events.{i}.id"), f"活动编号「{e.id}」重复。")
        seen.add(e.id)
        for k, rid in enumerate(e.records):
            if rid.startswith(("XQ-", "GJ-")) and prog.exists(rid):
                pub = _published_on(prog, rid)
                if pub is None or pub > e.date:
                    yield Finding(Where(f, f"events.{i}.records.{k}"), f"「{rid}」在活动日期 {d(e.date)} 时尚未发布。")


# -- calendar ---------------------------------------------------------------------------------

@list_rule("W-CALENDAR-FILE", "节假日安排文件")
def rule_calendar_file(prog: Programme) -> Iterator[Finding]:
    """lists/calendar/<年份>.yaml 中的放假日期和调休上班日期都应在该年内（跨年的元旦假期分别写在两年的文件中）；
    放假结束日期不早于开始日期；调休上班日应是周六或周日，且不与放假日期重叠。"""
    for f in prog.store.folder("lists/calendar"):
        c = f.model
        if c is None:
            continue
        off = set()
        for i, h in enumerate(c.holidays):
            if h.end < h.start:
                yield Finding(Where(f, f"holidays.{i}.end"), f"放假结束日期 {d(h.end)} 早于开始日期 {d(h.start)}。")
            for key in ("start", "end"):
                if getattr(h, key).year != c.year:
                    yield Finding(Where(f, f"holidays.{i}.{key}"), f"日期 {d(getattr(h, key))} 不在 {c.year} 年。")
            day = h.start
            while day <= h.end and (day - h.start).days < 40:
                off.add(day)
                day = date.fromordinal(day.toordinal() + 1)
        for i, w in enumerate(c.workdays):
            if w.date.year != c.year:
                yield Finding(Where(f, f"workdays.{i}.date"), f"日期 {d(w.date)} 不在 {c.year} 年。")
            if w.date.weekday() < 5:
                yield Finding(Where(f, f"workdays.{i}.date"), f"{d(w.date)} 本来就是工作日，调休上班日应是周六或周日。")
            if w.date in off:
                yield Finding(Where(f, f"workdays.{i}.date"), f"{d(w.date)} 同时写在放假日期中。")


@list_rule("W-CALENDAR-MISSING", "缺少某年的节假日安排")
def rule_calendar_missing(prog: Programme) -> Iterator[Finding]:
    """计算工作日（审查时限、公示结束日期）用到的每一年都必须有确认的节假日安排：程序库已收录的年份，
    或 lists/calendar/<年份>.yaml。缺少时不做推算，直接报错，请工作人员补录。"""
    from .status import derive_record, notices

    # the derivation records every year it could not count through; only records that
    # a decision names ever count working days, so the rest need not be loaded at all
    for rid in sorted(prog.named_ids()):
        derive_record(prog, rid)
    notices(prog)
    overdue_items(prog, include_late=True)
    for year, where in sorted(prog.gaps.items()):
        gap_message = (f"{year} 年的节假日安排尚未确认，无法计算工作日。请在国务院办公厅公布安排后，"
                       f"新建 lists/calendar/{year}.yaml 录入放假日期和调休上班日期。")
        yield Finding(where, gap_message, path=f"lists/calendar/{year}.yaml")


@list_rule("W-CALENDAR-NEXT-YEAR", "下一年的节假日安排尚未录入", severity="warning")
def rule_calendar_next_year(prog: Programme) -> Iterator[Finding]:
    """每年 12 月 1 日起（lists/settings.yaml 可调），如果下一年的节假日安排还没有确认，提醒工作人员新建
    lists/calendar/<下一年>.yaml，以免跨年的时限无法计算。"""
    mmdd = prog.clock("next_year_warning_from", "12-01")
    month, day = (int(x) for x in mmdd.split("-"))
    if (prog.today.month, prog.today.day) >= (month, day) and not prog.calendar.confirmed(prog.today.year + 1):
        nxt = prog.today.year + 1
        yield Finding(None, f"{nxt} 年的节假日安排尚未确认。国务院办公厅公布后，请新建 lists/calendar/{nxt}.yaml。",
                      path=f"lists/calendar/{nxt}.yaml")

document("员工决定（W-，lists/）", [
    (r.code, r.title, ("（警告）" if r.severity is Severity.WARNING else "") + r.doc) for r in LIST_RULES] + [
    ("W-FILE-PLACE", "文件位置", "lists/ 中只放 settings.yaml、certifications.yaml、donations.yaml、withdrawals.yaml、events.yaml、"
     "affiliations.yaml、jinchuanggu.yaml、qualifications.yaml、coverage.yaml、intents.yaml，"
     "以及 batches/、calendar/、projects/、evaluations/ 四个文件夹中的 .yaml 文件（publishers.yaml、staff.yaml 由发布权限功能维护）。"),
    ("W-SETTINGS-MISSING", "缺少方案设置", "lists/settings.yaml 必须存在：方案文号与印发日期、有效期、奖励比例与上限、异议受理方式、计日规则。"),
])


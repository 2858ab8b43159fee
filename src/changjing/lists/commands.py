"""Commands on the derived state: status, notice plan, overdue, rewards."""
from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from ..commandline import add_common, emit, parse_date, today_of
from .calendar import CalendarGap
from .rewards import compute_rewards, yuan
from .rules import overdue_items
from .status import derive_record, load_programme, record_ids



def _json(value) -> str:
    def default(o):
        if isinstance(o, date):
            return o.isoformat()
        if isinstance(o, Decimal):
            return str(o)
        raise TypeError(type(o))

    return json.dumps(value, ensure_ascii=False, indent=2, default=default)


def cmd_status(args) -> int:
    prog = load_programme(Path(args.root), today_of(args))
    record_id = args.id.strip().upper()  # IDs are upper case; xq-2025-0001 means the same record
    if record_id not in record_ids(prog):
        emit(f"没有编号为「{args.id}」的记录。")
        return 1
    st = derive_record(prog, record_id)
    if args.json:
        emit(_json(asdict(st)))
        return 0
    lines = [f"{st.record_id}：{st.status}（按 {prog.today.isoformat()} 计算）"]
    if st.reason:
        lines.append(f"原因：{st.reason}")
    if st.published:
        lines.append(f"发布日期：{st.published.isoformat()}")
    if st.certification:
        c = st.certification
        lines.append(f"三新认定：{c.approved.isoformat()} 认定（{c.document_number}），有效期至 {c.expires.isoformat()}"
                     + ("，已过期" if c.expired else "") + (f"，已失效（{c.ended}）" if c.ended else ""))
    if st.history:
        lines.append("经过：")
        lines += [f"  {e.day.isoformat()}  {e.label}" + (f"（{e.detail}）" if e.detail else "") for e in st.history]
    if st.next_deadline:
        dl = st.next_deadline
        lines.append(f"下一时限：{dl.label} {dl.day.isoformat()}" + ("（已超期）" if dl.overdue else ""))
    emit("\n".join(lines))
    return 0


def cmd_notice_plan(args) -> int:
    prog = load_programme(Path(args.root), today_of(args))
    n = prog.clock("notice_working_days", 5)
    try:
        end = prog.calendar.nth_working_day(args.start, n, include_start=prog.clock("notice_counts_start_day", True))
        skipped = prog.calendar.skipped(args.start, end)
        counted = prog.calendar.counted(args.start, end)
    except CalendarGap as gap:
        emit(f"错误 [W-CALENDAR-MISSING] {gap.message}")
        return 1
    if args.json:
        emit(_json({"start": args.start, "end": end, "working_days": n,
                    "counted": [asdict(c) for c in counted], "skipped": [asdict(s) for s in skipped]}))
        return 0
    lines = [f"公示自 {args.start.isoformat()} 开始，公示期 {n} 个工作日，至 {end.isoformat()} 结束。"]
    lines.append("计入的工作日：" + "、".join(f"{c.day.isoformat()}（{c.reason}）" for c in counted))
    if skipped:
        lines.append("不计入的日期：")
        lines += [f"  {s.day.isoformat()}  {s.reason}" for s in skipped]
    if prog.clock("notice_counts_start_day", True) and not prog.calendar.is_workday(args.start):
        lines.append("起始日不是工作日，不计入公示期。")
    emit("\n".join(lines))
    return 0


def cmd_overdue(args) -> int:
    prog = load_programme(Path(args.root), today_of(args))
    items = overdue_items(prog)
    if args.json:
        emit(_json([{"record": i.record, "step": i.step, "due": i.due} for i in items]))
        return 0
    if not items:
        emit(f"截至 {prog.today.isoformat()}，没有超期的审查。")
        return 0
    lines = [f"截至 {prog.today.isoformat()}，超期的审查共 {len(items)} 项："]
    for i in items:
        line, _ = i.where.file.position(i.where.key)
        lines.append(f"  {i.record}  {i.step}  时限 {i.due.isoformat()}（{_late_by(prog, i.due)}）  {i.where.file.path}:{line}")
    emit("\n".join(lines))
    return 0


def _late_by(prog, due: date) -> str:
    """How late, in working days (the unit of every review deadline), counted after the due day."""
    try:
        days = sum(1 for n in range(1, (prog.today - due).days + 1)
                   if prog.calendar.is_workday(due + timedelta(days=n)))
    except CalendarGap as gap:
        return f"已超 {(prog.today - due).days} 个自然日；{gap.year} 年节假日安排未录入，无法按工作日计算"
    return f"已超 {days} 个工作日"


def _org_name(prog, code: str) -> str:
    org = prog.org(code)
    return f"{org.name}（{code}）" if org is not None else code


def data_errors(root: Path, today: date) -> list:
    """The errors `changjing check` finds in the data: while there are any, no reward total is trustworthy."""
    from ..check import check

    return [d for d in check(root, today=today).diagnostics if d.is_error]


def cmd_rewards(args) -> int:
    prog = load_programme(Path(args.root), today_of(args))
    rewards = compute_rewards(prog, args.year)
    errors = data_errors(Path(args.root), prog.today)
    if args.json:
        emit(_json([asdict(r) for r in rewards]))
        return 1 if errors else 0
    if not rewards:
        emit("没有符合条件的奖励。")
        return 1 if errors else 0
    lines = []
    total = Decimal(0)
    for r in rewards:
        lines.append(f"{r.record_id}  {r.kind}  {r.year} 年度  {r.status}  {yuan(r.amount_yuan)}  受奖单位 {_org_name(prog, r.recipient)}")
        lines += [f"    {step}" for step in r.derivation]
        if r.status == "应兑现":
            total += r.amount_yuan
    if errors:
        codes = "、".join(sorted({d.code for d in errors}))
        lines.append(f"数据中有 {len(errors)} 个错误（{codes}），上面的金额可能不正确，不给出合计。"
                     "请先按 changjing check 的提示改正。")
        emit("\n".join(lines))
        return 1
    due = sum(1 for r in rewards if r.status == "应兑现")
    lines.append(f"应兑现合计：{yuan(total)}（{due} 笔，精确到分）")
    emit("\n".join(lines))
    return 0


def register(sub) -> None:
    p = sub.add_parser("status", help="查看一个记录的状态、经过和下一时限")
    p.add_argument("id", metavar="编号", help="记录编号，如 XQ-2025-0001")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    add_common(p)
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("notice", help="公示相关的计算")
    notice_sub = p.add_subparsers(dest="notice_command", required=True, metavar="子命令")
    q = notice_sub.add_parser("plan", help="给定开始日期，计算公示结束日期和不计入的日期")
    q.add_argument("--start", type=parse_date, required=True, metavar="日期", help="公示开始日期（YYYY-MM-DD）")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    add_common(q)
    q.set_defaults(func=cmd_notice_plan)

    p = sub.add_parser("overdue", help="列出超过时限尚未完成的初审和专家评审")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    add_common(p)
    p.set_defaults(func=cmd_overdue)

    p = sub.add_parser("rewards", help="列出标杆场景奖励和捐赠场景奖励及其计算过程")
    p.add_argument("--year", type=int, default=None, metavar="年份", help="只列这一年度")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    add_common(p)
    p.set_defaults(func=cmd_rewards)

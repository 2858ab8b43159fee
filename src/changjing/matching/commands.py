"""``changjing match``: suggested partners of one record, or the invitation sheet of an event or batch."""
from __future__ import annotations

import json
from pathlib import Path

from ..commandline import add_common, emit as _emit, emit_error, today_of


def _positive(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}")
    return value



def cmd_match(args) -> int:
    from .engine import ENDED, Matcher

    if sum(x is not None for x in (args.id, args.event, args.batch)) != 1:
        emit_error("请给出一个需求或供给编号，或者 --event 活动编号，或者 --batch 批次（三者选一）。")
        return 2
    from .cache import load_answer

    root, today = Path(args.root), today_of(args)
    answer = load_answer(root, today)
    matcher, orgs = Matcher(answer.profiles, answer.corpora), answer.orgs
    if args.id is not None:
        args.id = args.id.strip().upper()
        return _one(args, matcher, orgs)
    from .sheets import suggestions, write_sheet

    if args.event is not None:
        from ..lists.status import events, load_programme

        event = next((e for e in events(load_programme(root, today)) if e.event_id == args.event), None)
        if event is None:
            emit_error(f"lists/events.yaml 中没有编号为「{args.event}」的活动。")
            return 1
        ids = [r for r in event.records if r in matcher.profiles]
        title = f"{event.title}（{event.day.isoformat()}）对接建议"
        default = f"对接建议-{event.event_id}.xlsx"
    else:
        ids = [rid for rid, p in matcher.profiles.items() if p.batch == args.batch and p.status not in ENDED]
        if not ids:
            emit_error(f"批次「{args.batch}」中没有未结束的需求或供给。")
            return 1
        title = f"{args.batch} 批次对接建议"
        default = f"对接建议-{args.batch}.xlsx"
    rows = suggestions(matcher, ids, per_record=args.top or 5)
    path = write_sheet(Path(args.out or default), title, rows, orgs)
    _emit(f"已写入 {path.as_posix()}：{len(ids)} 个记录，{len(rows)} 条对接建议。")
    return 0


def _one(args, matcher, orgs: dict[str, str]) -> int:
    query = matcher.profiles.get(args.id)
    if query is None:
        emit_error(f"没有编号为「{args.id}」的需求或供给（编号形如 XQ-2025-0001、GJ-2025-0001，且记录须能通过校验）。")
        return 1
    found = matcher.match(args.id, top=args.top)
    if args.json:
        _emit(json.dumps([m.to_json() for m in found], ensure_ascii=False, indent=2))
        return 0
    other = "供给" if query.kind == "demand" else "需求"
    lines = [f"{query.record_id} {query.title}（{query.status or '已提交'}）：未结束的{other}中最相近的 {len(found)} 个"]
    for n, m in enumerate(found, start=1):
        p = matcher.profiles[m.record_id]
        lines.append(f"{n:>3}. {m.record_id} {p.title}（{orgs.get(p.org, p.org)}，{p.status or '已提交'}）  {m.score:g} 分")
        lines += [f"       {r}" for r in m.reasons]
    _emit("\n".join(lines))
    return 0


def register(sub) -> None:
    p = sub.add_parser("match", help="供需对接建议：某个需求（供给）最相近的供给（需求），或活动、批次的邀请表",
                       description="按文本、关键词、指标和产业链给出对接建议，每条附理由。")
    p.add_argument("id", nargs="?", metavar="编号", help="需求或供给编号，如 XQ-2025-0001")
    p.add_argument("--event", metavar="活动", help="lists/events.yaml 中的活动编号：写出邀请哪些需求方和供给方、为什么（XLSX）")
    p.add_argument("--batch", metavar="批次", help="征集批次，如 2025-H2：为批次中未结束的记录写出对接建议表（XLSX）")
    p.add_argument("--top", type=_positive, default=None, metavar="条数",
                   help="只列前 N 个（默认全部；写表时每个记录 5 个）")
    p.add_argument("--json", action="store_true", help="以 JSON 列表输出（record_id、score、reasons）")
    p.add_argument("--out", metavar="文件", help="XLSX 写到哪里（默认当前目录下的 对接建议-编号.xlsx）")
    add_common(p)
    p.set_defaults(func=cmd_match)

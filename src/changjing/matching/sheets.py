"""Staff sheets before an 对接会: whom to invite and why (XLSX, deterministic).

One row per suggested pairing (the record on the event or in the batch, the
suggested record of the other kind, score, reasons) and one row per
organisation to invite. Only public data: organisation names, credit codes,
record IDs and titles; no personal names or phone numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .engine import Matcher
from .profiles import Profile

#: fixed creation date: the same records give the same file
CREATED = datetime(2025, 1, 1)
PER_RECORD = 5
#: a suggested record's owner is invited from this score on (the suggestion sheet lists weaker ones too)
INVITE_MIN_SCORE = 30.0


@dataclass(frozen=True)
class Suggestion:
    query: Profile
    match: Profile
    score: float
    reasons: tuple[str, ...]
    on_list: bool  # the suggested record is itself on the event (or in the batch)


def suggestions(matcher: Matcher, ids: list[str], *, per_record: int = PER_RECORD) -> list[Suggestion]:
    """For each demand or supply in ``ids``: its best matches, those also in ``ids`` first among equals."""
    wanted = set(ids)
    out = []
    for rid in sorted(wanted):
        if rid not in matcher.profiles:
            continue
        for m in matcher.match(rid, top=per_record):
            out.append(Suggestion(matcher.profiles[rid], matcher.profiles[m.record_id], m.score, m.reasons,
                                  m.record_id in wanted))
    return out


def invitations(rows: list[Suggestion], org_names: dict[str, str], *,
                min_score: float = INVITE_MIN_SCORE) -> list[tuple[str, str, str, str]]:
    """(organisation, credit code, role, why): the owners of the records on the list, and the owners
    of records suggested to them with at least ``min_score``; best reasons first."""
    why: dict[tuple[str, str], dict[str, float]] = {}

    def add(p: Profile, note: str, score: float) -> None:
        notes = why.setdefault((p.org, "需求方" if p.kind == "demand" else "供给方"), {})
        notes[note] = max(score, notes.get(note, score))

    for s in rows:
        add(s.query, f"{s.query.record_id} 在本次名单上", 1000.0)
        if s.score >= min_score:
            add(s.query, f"{s.query.record_id} 与 {s.match.record_id}（{s.score:g} 分）", s.score)
            add(s.match, f"{s.match.record_id} 与 {s.query.record_id}（{s.score:g} 分）", s.score)
    out = []
    for (code, role), notes in why.items():
        ordered = sorted(notes.items(), key=lambda kv: (-kv[1], kv[0]))
        out.append((max(notes.values()), org_names.get(code, code), code, role, "；".join(n for n, _ in ordered)))
    out.sort(key=lambda r: (r[3] != "需求方", -r[0], r[2]))
    return [r[1:] for r in out]


def write_sheet(path: Path, title: str, rows: list[Suggestion], org_names: dict[str, str]) -> Path:
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": title, "created": CREATED, "author": "changjing"})
    head = wb.add_format({"bold": True, "bg_color": "#E8EAF6", "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    ws = wb.add_worksheet("对接建议")
    cols = [("记录编号", 14), ("记录名称", 28), ("单位", 26), ("建议对接编号", 14), ("建议对接名称", 28),
            ("建议对接单位", 26), ("同场", 8), ("得分", 8), ("理由", 70)]
    _header(ws, cols, head)
    for r, s in enumerate(rows, start=1):
        values = [s.query.record_id, s.query.title, org_names.get(s.query.org, s.query.org), s.match.record_id,
                  s.match.title, org_names.get(s.match.org, s.match.org), "是" if s.on_list else "否"]
        for c, v in enumerate(values):
            ws.write_string(r, c, v, wrap)
        ws.write_number(r, 7, s.score, wrap)
        ws.write_string(r, 8, "\n".join(s.reasons) or "文本相近", wrap)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(cols) - 1)

    ws = wb.add_worksheet("邀请名单")
    _header(ws, [("单位", 30), ("统一社会信用代码", 22), ("身份", 10), ("邀请理由（记录与建议对接的记录）", 80)], head)
    for r, row in enumerate(invitations(rows, org_names), start=1):
        for c, v in enumerate(row):
            ws.write_string(r, c, v, wrap)
    ws.freeze_panes(1, 0)
    wb.close()
    return path


def _header(ws, cols: list[tuple[str, int]], fmt) -> None:
    """The first row of a sheet: column names, and each column's width."""
    for c, (name, width) in enumerate(cols):
        ws.write_string(0, c, name, fmt)
        ws.set_column(c, c, width)

"""Submissions into a batch whose call has closed (W-BATCH-CLOSED).

Only a record that is new can be late: `changjing pr-check` judges the records a
pull request adds, and `changjing new` warns when today's batch has closed. (A full
`changjing check` cannot tell when a record arrived, so it does not judge this.)
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..codes import document
from ..diagnostics import Diagnostic, warning
from ..records import Record
from . import models as m
from .store import load_list_file

BATCHES = "lists/batches"
KINDS = ("demand", "supply")


def load_batches(root: Path) -> dict[str, m.BatchFile]:
    """The valid batch files by batch ID (a broken one is the lists/ stage's to report)."""
    out: dict[str, m.BatchFile] = {}
    folder = Path(root) / BATCHES
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        if path.is_symlink() or not path.is_file():
            continue
        f = load_list_file(path.read_bytes(), f"{BATCHES}/{path.name}", m.BatchFile)
        if f.model is not None:
            out[f.model.id] = f.model
    return out


def open_batches(batches: dict[str, m.BatchFile], today: date) -> list[str]:
    return sorted(b.id for b in batches.values() if b.opens <= today <= b.closes)


def closed_batch_problem(batch_id: str, batches: dict[str, m.BatchFile], today: date) -> str | None:
    """A Chinese warning when ``batch_id`` stopped taking submissions before ``today``, else None."""
    batch = batches.get(batch_id)
    if batch is None or today <= batch.closes:
        return None
    now = open_batches(batches, today)
    hint = f"请改投正在征集的批次：{'、'.join(now)}。" if now else "目前没有正在征集的批次，请等下一批次开始后再提交。"
    return f"批次「{batch_id}」已于 {batch.closes.isoformat()} 截止征集，这条记录不会再被受理。{hint}"


def closed_batch_warnings(root: Path, records: list[Record], today: date) -> list[Diagnostic]:
    """W-BATCH-CLOSED for each new demand or supply whose batch closed before ``today``."""
    batches = load_batches(root)
    out = []
    for record in records:
        model = record.model
        if record.kind.name not in KINDS or model is None:
            continue
        problem = closed_batch_problem(model.batch, batches, today)
        if problem:
            line, column = record.position("batch")
            out.append(warning("W-BATCH-CLOSED", problem, key="batch", path=record.path, line=line, column=column))
    return out


document("员工决定（W-，lists/）", [
    ("W-BATCH-CLOSED", "提交到已截止的批次", "（警告）拉取请求新增的需求或供给所填的批次已过征集截止日期"
     "（lists/batches/ 中的 closes）：它不会再被受理。请改投正在征集的批次。"),
])

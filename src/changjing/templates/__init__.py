"""Commented templates for new records (`changjing new KIND`).

Each template is a complete, valid example with Chinese comments; `__ID__`
marks where the record's ID goes. A test checks that every template, once its
ID is filled in, passes the schema.
"""
from __future__ import annotations

import re
from datetime import date
from importlib.resources import files
from pathlib import Path

from ..identifiers import ID_PATTERNS, ID_PREFIXES, record_id_problem
from ..records import KINDS


class IdentifierError(ValueError):
    """A value that cannot become a record's file name; the message is Chinese, for the user."""


def template_text(kind: str) -> str:
    suffix = KINDS[kind].suffix
    return files(__name__).joinpath(f"{kind}{suffix}").read_text(encoding="utf-8")


def batch_of(day: date) -> str:
    """The half-year call a record written on ``day`` belongs to, e.g. 2027-H1."""
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def render(kind: str, record_id: str, today: date | None = None) -> str:
    """The template with its ID filled in; given ``today``, also the batch and date of that day."""
    text = template_text(kind).replace("__ID__", record_id)
    if today is not None:
        text = re.sub(r"(?m)^batch: .*$", f"batch: {batch_of(today)}", text)
        text = re.sub(r"(?m)^submitted: .*$", f"submitted: {today.isoformat()}", text)
    return text


def next_id(root: Path, kind: str, today: date | None) -> str | None:
    """The next free ID of this year. IDs are never reused: gaps are skipped, not
    filled, and an ID deleted anywhere in the git history counts as used."""
    if kind == "org":
        return None
    from ..commandline import shanghai_today

    year = (today or shanghai_today()).year
    prefix, width = ID_PREFIXES[kind]
    folder = Path(root) / "submissions" / KINDS[kind].folder
    names = [p.stem for p in folder.glob(f"{prefix}-{year}-*")] + _deleted_ids(Path(root))
    used = [int(m.group(2)) for name in names
            if (m := ID_PATTERNS[kind].fullmatch(name.upper())) and int(m.group(1)) == year]
    following = max(used, default=0) + 1
    if following >= 10 ** width:  # one more digit would be an ID no rule, page or list accepts
        raise IdentifierError(
            f"{year} 年的{KINDS[kind].label}编号已经用完（{prefix}-{year}-{'9' * width} 是最后一个，编号只有 {width} 位序号）。"
            "请联系领导小组办公室处理，不要自行编造编号。")
    return f"{prefix}-{year}-{following:0{width}d}"


def _deleted_ids(root: Path) -> list[str]:
    from ..prcheck import GitError, deleted_ids

    try:
        return [Path(p).stem for p in deleted_ids(root, "HEAD").values()]
    except (GitError, OSError):  # not a git repository, no commits yet, or no git at all
        return []


def checked_path(root: Path, kind: str, record_id: str) -> Path:
    """Where a record with this ID lives; a value that is not a well-formed ID never becomes a path."""
    problem = record_id_problem(kind, record_id)
    if problem:
        raise IdentifierError(problem)
    path = KINDS[kind].path_for(Path(root), record_id)
    # a link on the way would carry the write somewhere else, whatever the name
    for step in (path.parent.parent, path.parent, path):
        if step.is_symlink():
            raise IdentifierError(f"「{step.relative_to(root).as_posix()}」是符号链接，不会通过它写入文件。")
    return path


def write_template(root: Path, kind: str, record_id: str, today: date | None = None) -> Path:
    path = checked_path(root, kind, record_id)
    if path.exists():
        raise FileExistsError(path.as_posix())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(kind, record_id, today), encoding="utf-8")
    return path



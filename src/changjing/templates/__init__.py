"""Commented templates for new records (`changjing new KIND`).

Each template is a complete, valid example with Chinese comments; `__ID__`
marks where the record's ID goes. A test checks that every template, once its
ID is filled in, passes the schema.
"""
from __future__ import annotations

from datetime import date
from importlib.resources import files
from pathlib import Path

from ..identifiers import ID_PATTERNS
from ..records import KINDS

_PREFIX = {"demand": ("XQ", 4), "supply": ("GJ", 4), "case": ("BG", 2), "donation": ("JZ", 2), "survey": ("DC", 4)}


def template_text(kind: str) -> str:
    suffix = KINDS[kind].suffix
    return files(__name__).joinpath(f"{kind}{suffix}").read_text(encoding="utf-8")


def render(kind: str, record_id: str) -> str:
    return template_text(kind).replace("__ID__", record_id)


def next_id(root: Path, kind: str, today: date | None) -> str | None:
    """The next free ID of this year. IDs are never reused: gaps are skipped, not
    filled, and an ID deleted anywhere in the git history counts as used."""
    if kind == "org":
        return None
    from ..check import shanghai_today

    year = (today or shanghai_today()).year
    prefix, width = _PREFIX[kind]
    folder = Path(root) / "submissions" / KINDS[kind].folder
    names = [p.stem for p in folder.glob(f"{prefix}-{year}-*")] + _deleted_ids(Path(root))
    used = [int(m.group(2)) for name in names
            if (m := ID_PATTERNS[kind].fullmatch(name.upper())) and int(m.group(1)) == year]
    return f"{prefix}-{year}-{(max(used, default=0) + 1):0{width}d}"


def _deleted_ids(root: Path) -> list[str]:
    from ..prcheck import GitError, deleted_ids

    try:
        return [Path(p).stem for p in deleted_ids(root, "HEAD").values()]
    except (GitError, OSError):  # not a git repository, no commits yet, or no git at all
        return []


def write_template(root: Path, kind: str, record_id: str) -> Path:
    path = KINDS[kind].path_for(Path(root), record_id)
    if path.exists():
        raise FileExistsError(path.as_posix())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(kind, record_id), encoding="utf-8")
    return path



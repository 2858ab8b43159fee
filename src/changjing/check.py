"""`changjing check`: the validation pipeline.

load every target → validate against its model → run record rules (which may
look at other records through the index) → repository-wide checks → any
further stages (the staff decisions in lists/ register one). Nothing is
written; the result is a list of diagnostics.
"""
from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from .commandline import shanghai_today
from .diagnostics import Diagnostic, error
from .index import Index, kind_for_path
from .rules import run_rules

Stage = Callable[["CheckContext"], Iterable[Diagnostic]]
STAGES: list[Stage] = []
# modules whose import registers further stages with @stage (staff decisions, publishers, ...)
STAGE_MODULES: list[str] = ["changjing.lists.stage"]
STAGE_MODULES.append("changjing.publishers")  # lists/staff.yaml, lists/publishers.yaml
STAGE_MODULES.append("changjing.lists.reply_deadline")  # a demand's response deadline against its publication
STAGE_MODULES.append("changjing.programmes.stage")  # 晋创谷 targets, innovation coverage (G-)


def stage(func: Stage) -> Stage:
    """Register a further check stage (run after the submission rules)."""
    STAGES.append(func)
    return func


@dataclass
class CheckContext:
    index: Index
    today: date
    targets: list[str] | None  # None: a full check; else the relative paths asked for
    loaded: dict = field(default_factory=dict, repr=False)  # what several stages read, read once

    def shared(self, key: str, build: Callable[[], object]):
        """``build()``'s result, built by the first stage that asks for ``key`` and reused by the others."""
        if key not in self.loaded:
            self.loaded[key] = build()
        return self.loaded[key]


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    checked: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


def _relative(root: Path, path: str) -> str:
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(root.resolve())
        except ValueError:
            return p.as_posix()
    return p.as_posix().removeprefix("./")


def resolve_targets(root: Path, paths: Iterable[str]) -> tuple[list[str], list[str], list[Diagnostic]]:
    """Split command-line paths into submission files, other files (lists/), and problems."""
    records, others, problems = [], [], []
    for raw in paths:
        rel = _relative(root, raw)
        full = root / rel
        if full.is_dir():
            for child in sorted(full.rglob("*")):
                if child.is_file() and child.suffix in (".yaml", ".md", ".yml"):
                    child_rel = child.relative_to(root).as_posix()
                    (records if kind_for_path(child_rel) else others).append(child_rel)
        elif full.is_symlink():
            problems.append(error("F-SYMLINK", "不接受符号链接，请提交普通文件。", path=rel))
        elif not full.exists():
            # a deleted file in a change is not an error of its own: pr-check judges deletions
            problems.append(error("F-NOT-FOUND", "文件不存在。", path=rel))
        elif kind_for_path(rel):
            records.append(rel)
        else:
            others.append(rel)
    return sorted(set(records)), sorted(set(others)), problems


def repository_diagnostics(index: Index) -> Iterable[Diagnostic]:
    for link in index.symlinks():
        yield error("F-SYMLINK", "不接受符号链接，请提交普通文件。", path=link)
    for stray in index.strays():
        yield error("F-PLACE", "这个文件不在任何记录文件夹中，或扩展名不对（YAML 记录用 .yaml，标杆案例用 .md）。",
                    path=stray)
    for kind, stems in index.listing().items():
        seen: dict[str, str] = {}
        for stem in sorted(stems):
            folded = stem.casefold()
            if folded in seen:
                yield error("F-ID-UNIQUE", f"编号「{stem}」与「{seen[folded]}」只差大小写，编号必须唯一。",
                            path=stems[stem][0])
            else:
                seen[folded] = stem


PARALLEL_FROM = 2000  # below this, starting worker processes costs more than it saves


def _check_records(index: Index, targets: list[str]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for relpath in targets:
        record = index.load(relpath)
        out.extend(record.diagnostics)
        out.extend(run_rules(record, index))
    return out


def _check_chunk(args: tuple[str, list[str]]) -> tuple[list[Diagnostic], dict[str, object]]:
    root, targets = args
    index = Index(root)
    diagnostics = _check_records(index, targets)
    return diagnostics, index.validated_models(targets)


def _check_in_parallel(index: Index, targets: list[str], jobs: int) -> list[Diagnostic]:
    """Record checks are independent (references are looked up by file name), so
    workers check slices with their own index and send back diagnostics and the
    validated models; this process checks a slice itself. Later stages (the
    staff decisions, the site) then find every model without parsing it again."""
    import multiprocessing

    chunks = [targets[i::jobs] for i in range(jobs)]
    with multiprocessing.get_context("fork").Pool(jobs - 1) as pool:
        pending = pool.map_async(_check_chunk, [(str(index.root), chunk) for chunk in chunks[1:]])
        diagnostics = _check_records(index, chunks[0])
        for part, models in pending.get():
            diagnostics.extend(part)
            index.adopt_models(models)
    return diagnostics


def check(root: Path | str, paths: list[str] | None = None, *, today: date | None = None,
          index: Index | None = None, jobs: int | None = None) -> CheckResult:
    root = Path(root)
    index = index or Index(root)
    result = CheckResult()
    if paths:
        targets, others, problems = resolve_targets(root, paths)
        result.diagnostics.extend(problems)
    else:
        targets, others = index.all_paths(), None
    jobs = jobs if jobs is not None else (min(2, os.cpu_count() or 1) if len(targets) >= PARALLEL_FROM else 1)
    if jobs > 1:
        result.diagnostics.extend(_check_in_parallel(index, targets, jobs))
    else:
        result.diagnostics.extend(_check_records(index, targets))
    result.checked = len(targets)
    result.diagnostics.extend(repository_diagnostics(index))
    context = CheckContext(index=index, today=today or shanghai_today(),
                           targets=None if paths is None else targets + (others or []))
    for module in STAGE_MODULES:
        importlib.import_module(module)
    for extra in STAGES:
        result.diagnostics.extend(extra(context))
    return result


class InvalidRecords(Exception):
    """Raised by :func:`require_valid`: the records have errors, so nothing may be published."""

    def __init__(self, result: CheckResult):
        from .diagnostics import format_text

        super().__init__("记录校验未通过，网站不予构建：\n" + format_text(result.diagnostics))
        self.result = result


def require_valid(root: Path | str, today: date) -> Index:
    """Check everything; return the loaded index, or raise InvalidRecords.

    Every way of building the site goes through here, so no build path can
    publish from records that `changjing check` would refuse.
    """
    index = Index(root)
    result = check(root, today=today, index=index)
    if result.errors:
        raise InvalidRecords(result)
    return index



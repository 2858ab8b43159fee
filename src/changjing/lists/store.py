"""Loading lists/: every staff file through the same strict loader and models.

A file that fails to load or validate contributes its diagnostics and no
model; derivation then carries on with what is valid, so one broken file
does not hide the state of everything else.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..diagnostics import Diagnostic, error
from ..loader import Loaded, load_yaml_bytes
from ..translate import validate_loaded
from . import models as m
from . import programme_models as pm

LISTS = "lists"
# files owned by other stages (publishers and staff for pull requests)
FOREIGN = {"lists/publishers.yaml", "lists/staff.yaml"}
SINGLE_FILES: dict[str, type[BaseModel]] = {
    "lists/settings.yaml": m.Settings,
    "lists/certifications.yaml": m.CertificationsFile,
    "lists/donations.yaml": m.DonationsFile,
    "lists/withdrawals.yaml": m.WithdrawalsFile,
    "lists/events.yaml": m.EventsFile,
    "lists/intents.yaml": m.IntentsFile,
    "lists/affiliations.yaml": m.AffiliationsFile,
    "lists/jinchuanggu.yaml": pm.JinchuangguFile,
    "lists/qualifications.yaml": pm.QualificationsFile,
    "lists/coverage.yaml": pm.CoverageFile,
}
FOLDERS: dict[str, type[BaseModel]] = {
    "lists/batches": m.BatchFile,
    "lists/calendar": m.CalendarYear,
    "lists/projects": m.Project,
    "lists/evaluations": m.Evaluation,
}


@dataclass
class ListFile:
    path: str
    loaded: Loaded
    model: Any = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return self.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    def position(self, key: str) -> tuple[int, int]:
        return self.loaded.position(key)


def load_list_file(raw: bytes, relpath: str, model: type[BaseModel]) -> ListFile:
    loaded = load_yaml_bytes(raw, relpath)
    validated, diagnostics = validate_loaded(model, loaded, relpath)
    return ListFile(relpath, loaded, model=validated, diagnostics=diagnostics)


@dataclass
class Store:
    """All files of lists/, loaded and validated."""

    root: Path
    files: dict[str, ListFile] = field(default_factory=dict)
    strays: list[str] = field(default_factory=list)
    symlinks: list[str] = field(default_factory=list)

    def single(self, relpath: str):
        item = self.files.get(relpath)
        return item.model if item is not None else None

    def folder(self, folder: str) -> list[ListFile]:
        return [f for p, f in sorted(self.files.items()) if p.rsplit("/", 1)[0] == folder]

    def diagnostics(self) -> list[Diagnostic]:
        out = [d for f in self.files.values() for d in f.diagnostics]
        for link in self.symlinks:
            out.append(error("F-SYMLINK", "不接受符号链接，请提交普通文件。", path=link))
        for stray in self.strays:
            out.append(error("W-FILE-PLACE", "lists/ 中不认识这个文件：请按 docs/reference/workflow.md 的约定放置"
                             "（晋创谷目标在 lists/jinchuanggu.yaml，资质在 lists/qualifications.yaml，创新活动全覆盖在 lists/coverage.yaml；批次在 lists/batches/，节假日安排在 lists/calendar/，对接建设在 lists/projects/，"
                             "标杆评选在 lists/evaluations/，均为 .yaml）。", path=stray))
        if "lists/settings.yaml" not in self.files:
            out.append(error("W-SETTINGS-MISSING", "缺少 lists/settings.yaml（方案文号、有效期、奖励比例与上限、计日规则）。",
                             path="lists/settings.yaml"))
        return out


def load_store(root: Path | str) -> Store:
    root = Path(root)
    store = Store(root)
    base = root / LISTS
    if not base.is_dir():
        return store
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():  # never followed: a link could expose any file on the build machine
            store.symlinks.append(rel)
            continue
        if not path.is_file():
            continue
        if rel in FOREIGN or path.name in ("README.md", ".gitkeep"):
            continue
        model = SINGLE_FILES.get(rel)
        if model is None and path.suffix == ".yaml":
            model = FOLDERS.get(rel.rsplit("/", 1)[0])
        if model is None:
            store.strays.append(rel)
            continue
        store.files[rel] = load_list_file(path.read_bytes(), rel, model)
    return store

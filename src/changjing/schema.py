"""JSON Schema export: editors (yaml-language-server) complete and check fields with it.

`changjing schema` writes schema/<kind>.schema.json for the submission kinds and
schema/lists/<name>.schema.json for the staff files in lists/ (the same models the
store and the permission checks validate with); a test keeps them in sync with the models.
Every record file and every lists/ file starts with a modeline pointing at its schema.
"""
from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Optional

from pydantic import BaseModel

from .records import KINDS

SCHEMA_DIR = "schema"
LISTS_SCHEMA_DIR = "lists"  # under schema/
_BASE_ID = "https://changjing.invalid/schema/"


def schema_filename(kind: str) -> str:
    return f"{kind}.schema.json"


def list_models() -> dict[str, type[BaseModel]]:
    """Schema name → model of every lists/ file kind (single files and folders alike)."""
    from .lists import models as m
    from .lists import programme_models as pm
    from .publishers import PublisherList, StaffList

    return {
        "settings": m.Settings,
        "batch": m.BatchFile,
        "calendar": m.CalendarYear,
        "certifications": m.CertificationsFile,
        "donations": m.DonationsFile,
        "evaluation": m.Evaluation,
        "events": m.EventsFile,
        "intents": m.IntentsFile,
        "jinchuanggu": pm.JinchuangguFile,
        "qualifications": pm.QualificationsFile,
        "coverage": pm.CoverageFile,
        "project": m.Project,
        "withdrawals": m.WithdrawalsFile,
        "affiliations": m.AffiliationsFile,
        "publishers": PublisherList,
        "staff": StaffList,
    }


def list_schema_name(relpath: str) -> Optional[str]:
    """The schema name of a lists/ file (``lists/batches/2025-H1.yaml`` → ``batch``), None if unknown."""
    from .lists.store import FOLDERS, SINGLE_FILES
    from .publishers import PUBLISHERS_PATH, STAFF_PATH

    by_model = {model: name for name, model in list_models().items()}
    if relpath == PUBLISHERS_PATH:
        return "publishers"
    if relpath == STAFF_PATH:
        return "staff"
    model = SINGLE_FILES.get(relpath)
    if model is None and relpath.endswith(".yaml"):
        model = FOLDERS.get(relpath.rsplit("/", 1)[0])
    return by_model.get(model) if model is not None else None


def _render(model: type[BaseModel], rel: str) -> str:
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = _BASE_ID + rel
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def render_schemas() -> dict[str, str]:
    """Path under schema/ (posix) → schema text."""
    out = {}
    for name, kind in KINDS.items():
        out[schema_filename(name)] = _render(kind.model, schema_filename(name))
    for name, model in list_models().items():
        rel = f"{LISTS_SCHEMA_DIR}/{schema_filename(name)}"
        out[rel] = _render(model, rel)
    return out


def write_schemas(root: Path) -> list[Path]:
    folder = Path(root) / SCHEMA_DIR
    written = []
    for name, text in render_schemas().items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def modeline(kind: str, depth: int = 2) -> str:
    """The first line of every record file: tells the editor which schema applies."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{schema_filename(kind)}"


def list_modeline(relpath: str) -> Optional[str]:
    """The first line of a lists/ file, the schema path relative to the file; None for files without a schema."""
    name = list_schema_name(relpath)
    if name is None:
        return None
    target = f"{SCHEMA_DIR}/{LISTS_SCHEMA_DIR}/{schema_filename(name)}"
    rel = posixpath.relpath(target, posixpath.dirname(relpath))
    return f"# yaml-language-server: $schema={rel}"

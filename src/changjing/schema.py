"""JSON Schema export: editors (yaml-language-server) complete and check fields with it.

`changjing schema` writes schema/<kind>.schema.json; a test keeps them in sync with the models.
"""
from __future__ import annotations

import json
from pathlib import Path

from .records import KINDS

SCHEMA_DIR = "schema"


def schema_filename(kind: str) -> str:
    return f"{kind}.schema.json"


def render_schemas() -> dict[str, str]:
    out = {}
    for name, kind in KINDS.items():
        schema = kind.model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://changjing.invalid/schema/{schema_filename(name)}"
        out[schema_filename(name)] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def write_schemas(root: Path) -> list[Path]:
    folder = Path(root) / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def modeline(kind: str, depth: int = 2) -> str:
    """The first line of every record file: tells the editor which schema applies."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{schema_filename(kind)}"

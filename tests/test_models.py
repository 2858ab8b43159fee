"""The models speak Chinese to editors and refuse what they do not know."""
from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from changjing.records import KINDS
from changjing.schema import modeline

CJK = re.compile(r"[\u4e00-\u9fff]")


def all_models():
    seen, todo = [], [k.model for k in KINDS.values()]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.append(model)
        for field in model.model_fields.values():
            for candidate in re.findall(r"\w+", str(field.annotation)):
                sub = getattr(__import__("changjing.models", fromlist=["x"]), candidate, None)
                if isinstance(sub, type) and issubclass(sub, BaseModel):
                    todo.append(sub)
    return seen


@pytest.mark.parametrize("model", all_models(), ids=lambda m: m.__name__)
def test_every_field_has_a_chinese_title(model):
    untitled = [name for name, f in model.model_fields.items() if not (f.title and CJK.search(f.title))]
    assert untitled == []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schemas_forbid_unknown_fields_everywhere(kind):
    schema = KINDS[kind].model.model_json_schema()
    objects = [schema] + list(schema.get("$defs", {}).values())
    assert all(o.get("additionalProperties") is False for o in objects if o.get("type") == "object")


def test_every_sample_and_template_file_starts_with_its_schema_modeline(repo_root):
    files = list((repo_root / "submissions").rglob("*.yaml")) + list((repo_root / "submissions").rglob("*.md"))
    files += list((repo_root / "src/changjing/templates").glob("*.yaml")) + list((repo_root / "src/changjing/templates").glob("*.md"))
    assert len(files) >= 60, "the sample data and templates are missing"
    folder_kind = {k.folder: name for name, k in KINDS.items()}
    for path in files:
        kind = folder_kind.get(path.parent.name) or path.stem
        lines = path.read_text(encoding="utf-8").splitlines()
        first = lines[1] if path.suffix == ".md" else lines[0]  # a case's modeline sits inside its front matter
        assert first == modeline(kind), path

"""Documentation tested against code: schemas, rule codes and commands cannot drift."""
from __future__ import annotations

import re
from pathlib import Path

from changjing import docgen, schema
from changjing.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
CODE_LITERAL = re.compile(r"""["']([LSRFPW]-[A-Z0-9]+(?:-[A-Z0-9]+)*)["']""")


def test_exported_json_schemas_match_the_models(repo_root):
    expected = schema.render_schemas()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in (repo_root / "schema").glob("*.json")}
    assert on_disk == expected, "schema/ is stale: run `changjing schema`"


def test_rules_page_is_generated_from_the_registry(repo_root):
    on_disk = (repo_root / docgen.RULES_PAGE).read_text(encoding="utf-8")
    assert on_disk == docgen.rules_markdown(), "docs/reference/rules.md is stale: run `changjing docs`"


def test_every_diagnostic_code_in_the_source_is_documented(repo_root):
    page = (repo_root / docgen.RULES_PAGE).read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Z]-[A-Z0-9-]+)`", page))
    used = set()
    for path in (repo_root / "src" / "changjing").rglob("*.py"):
        used |= set(CODE_LITERAL.findall(path.read_text(encoding="utf-8")))
    assert used, "the scan found no codes at all"
    assert used - documented == set(), "codes used in src/ but missing from docs/reference/rules.md"


def test_every_cli_command_is_documented(repo_root):
    page = (repo_root / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^## changjing (\S+)", page, re.M))
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    commands = set(sub.choices)
    assert {"check", "new", "schema", "docs"} <= commands
    assert commands - documented == set(), "commands missing from docs/reference/cli.md"
    assert documented - commands == set(), "docs/reference/cli.md documents commands that do not exist"

"""Documentation tested against code: schemas, rule codes and commands cannot drift."""
from __future__ import annotations

import json

import re
import subprocess
from pathlib import Path


from changjing import docgen, schema
from changjing.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
CODE_LITERAL = re.compile(r"""["']([LSRFPW]-[A-Z0-9]+(?:-[A-Z0-9]+)*)["']""")


def test_exported_json_schemas_match_the_models(repo_root):
    expected = schema.render_schemas()
    folder = repo_root / "schema"
    # compared as JSON values: what an editor reads, not how the library happened to lay it out
    on_disk = {p.relative_to(folder).as_posix(): json.loads(p.read_text(encoding="utf-8")) for p in folder.rglob("*.json")}
    assert on_disk == {k: json.loads(v) for k, v in expected.items()}, "schema/ is stale: run `changjing schema`"
    assert {k for k in expected if k.startswith("lists/")} == {
        f"lists/{name}.schema.json" for name in ("settings", "batch", "calendar", "certifications", "donations",
                                                 "evaluation", "events", "intents", "project", "withdrawals", "affiliations", "jinchuanggu",
                                                 "qualifications", "coverage", "publishers", "staff")}


def test_every_lists_file_kind_has_a_schema():
    from changjing.lists.store import FOLDERS, SINGLE_FILES

    models = set(schema.list_models().values())
    assert set(SINGLE_FILES.values()) | set(FOLDERS.values()) <= models
    assert schema.list_schema_name("lists/batches/2025-H1.yaml") == "batch"
    assert schema.list_schema_name("lists/settings.yaml") == "settings"
    assert schema.list_schema_name("lists/staff.yaml") == "staff"
    assert schema.list_schema_name("lists/README.md") is None
    assert schema.list_modeline("lists/batches/2025-H1.yaml") == \
        "# yaml-language-server: $schema=../../schema/lists/batch.schema.json"
    assert schema.list_modeline("lists/settings.yaml") == "# yaml-language-server: $schema=../schema/lists/settings.schema.json"


def _lists_yaml(repo_root):
    return sorted((repo_root / "lists").rglob("*.yaml"))


def test_every_lists_yaml_file_starts_with_its_modeline(repo_root):
    files = _lists_yaml(repo_root)
    assert files, "no lists/ files"
    for path in files:
        rel = path.relative_to(repo_root).as_posix()
        line = schema.list_modeline(rel)
        assert line is not None, f"{rel}: no schema for this lists/ file"
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == line, f"{rel}: the first line must be {line!r}"
        target = (path.parent / line.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{rel}: the modeline points at a missing file"


def test_exported_schemas_are_valid_and_accept_the_sample_lists(repo_root, tmp_path):
    """The schemas pass the 2020-12 metaschema; every sample lists/ file validates against the schema its
    modeline names (as an editor would check it), and a broken file is refused."""
    groups: dict[str, list[str]] = {}
    for path in _lists_yaml(repo_root):
        rel = path.relative_to(repo_root).as_posix()
        name = schema.list_schema_name(rel)
        groups.setdefault(f"schema/lists/{name}.schema.json", []).append(rel)
    bad = tmp_path / "bad.yaml"
    text = (repo_root / "lists/batches/2025-H1.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("result: 不通过", "result: 同意").replace("closes: 2025-06-30", "closes: 2025-06-31"),
                   encoding="utf-8")
    runs = [["--check-metaschema", *sorted(p.relative_to(repo_root).as_posix() for p in (repo_root / "schema").rglob("*.json"))]]
    runs += [["--schemafile", schemafile, *files] for schemafile, files in sorted(groups.items())]
    procs = [subprocess.Popen(["check-jsonschema", *args], cwd=repo_root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True) for args in runs]
    refused = subprocess.run(["check-jsonschema", "--schemafile", "schema/lists/batch.schema.json", str(bad)],
                             cwd=repo_root, capture_output=True, text=True)
    for args, proc in zip(runs, procs):
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0, f"check-jsonschema {' '.join(args)}\n{out}"
    assert refused.returncode != 0
    assert "is not a 'date'" in refused.stdout and "同意" in refused.stdout


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

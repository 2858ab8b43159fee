"""The test corpus in tests/cases/: each file, checked in a scratch repository, gives exactly the expected diagnostics.

See tests/cases/README.md for the layout and the `# id:` convention. Also here:
the bundled sample in submissions/ passes `changjing check`, and every template
of `changjing new`, filled in with a fitting ID, passes too.
"""
from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from changjing.check import check
from changjing.diagnostics import sort_key
from changjing.records import KINDS
from changjing.templates import render

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
EXPECTED_FILE = CASES / "expected.yaml"
# a fixed day, so that any date-dependent stage gives the same answer every time
TODAY = date(2026, 11, 20)
_ID_LINE = re.compile(rb"^# id: (\S+)[ \t]*\r?$", re.M)


def case_files() -> list[str]:
    """Every case file, as a path relative to tests/cases (valid/ and invalid/ only)."""
    return sorted(p.relative_to(CASES).as_posix()
                  for group in ("valid", "invalid") for p in (CASES / group).rglob("*") if p.is_file())


def expectations() -> dict[str, list[str]]:
    return yaml.safe_load(EXPECTED_FILE.read_text(encoding="utf-8"))


def record_id(raw: bytes) -> str:
    match = _ID_LINE.search(raw)
    assert match, "case file has no '# id: ...' line"
    return match.group(1).decode("ascii")


def describe(diagnostic) -> str:
    return f"{diagnostic.line}:{diagnostic.column} {diagnostic.severity.value} {diagnostic.code} {diagnostic.key}".rstrip()


def build_repository(tmp: Path) -> Path:
    """A scratch repository holding the corpus's fixed organisations and referenced records."""
    submissions = tmp / "submissions"
    for kind in KINDS.values():
        (submissions / kind.folder).mkdir(parents=True, exist_ok=True)
    for org in sorted((CASES / "orgs").glob("*.yaml")):
        shutil.copy(org, submissions / "orgs" / org.name)
    for record in sorted((CASES / "records").rglob("*")):
        if record.is_file():
            folder = record.parent.name
            shutil.copy(record, submissions / folder / record.name)
    return tmp


def run_case(case: str, tmp: Path) -> list[str]:
    """Copy one case file into a scratch repository under its record ID and check just that file."""
    source = CASES / case
    kind = KINDS[source.parent.name]
    raw = source.read_bytes()
    root = build_repository(tmp)
    target = root / "submissions" / kind.folder / f"{record_id(raw)}{source.suffix}"
    target.write_bytes(raw)
    result = check(root, [target.relative_to(root).as_posix()], today=TODAY)
    return [describe(d) for d in sorted(result.diagnostics, key=sort_key)]


# -- the corpus is complete both ways ------------------------------------------------

def test_every_case_file_has_an_expectation():
    missing = [case for case in case_files() if case not in expectations()]
    assert missing == []


def test_every_expectation_has_a_case_file():
    files = set(case_files())
    orphans = [case for case in expectations() if case not in files]
    assert orphans == []


def test_valid_cases_expect_no_diagnostics_and_invalid_cases_expect_some():
    for case, expected in expectations().items():
        if case.startswith("valid/"):
            assert expected == [], case
        else:
            assert expected, case


def test_case_files_live_in_a_known_kind_folder_and_name_their_record_id():
    for case in case_files():
        group, kind, name = case.split("/")
        assert kind in KINDS, case
        record_id((CASES / case).read_bytes())


def test_fixture_organisations_and_records_are_themselves_valid(tmp_path):
    root = build_repository(tmp_path)
    result = check(root, today=TODAY)
    assert [d.format() for d in result.diagnostics] == []


def test_corpus_covers_every_submission_rule_code():
    from changjing.rules import RULES

    seen = {line.split()[2] for expected in expectations().values() for line in expected}
    submission_rules = {r.code for r in RULES if r.func.__module__ in ("changjing.rules.submissions", "changjing.rules.survey")}
    assert submission_rules - seen == set()


def case_insensitive_filesystem(tmp: Path) -> bool:
    probe = tmp / "case-probe"
    probe.touch()
    try:
        return (tmp / "CASE-PROBE").exists()
    finally:
        probe.unlink()


@pytest.mark.parametrize("case", case_files())
def test_case_gives_exactly_the_expected_diagnostics(case, tmp_path):
    if "only_in_case" in case and case_insensitive_filesystem(tmp_path):
        pytest.skip("two IDs differing only in case cannot both exist on this file system")
    assert run_case(case, tmp_path) == expectations().get(case)


# -- the bundled sample and the templates ------------------------------------------------

def test_bundled_sample_passes_check_without_errors():
    result = check(ROOT)
    errors = [d.format() for d in result.diagnostics if d.is_error]
    assert errors == []
    assert result.checked >= 16 + 24 + 24 + 3 + 3


def test_bundled_submissions_warn_only_about_the_anhui_profile_of_one_case():
    # the date the sample is written for: warnings that depend on today (overdue reviews, lapsed
    # deadlines) would otherwise come and go with the calendar
    result = check(ROOT, today=date(2026, 11, 23))
    warnings = [d for d in result.diagnostics if not d.is_error and d.path.startswith("submissions/")]
    # every sample demand's response deadline falls after its (earliest) publication
    assert {(d.path, d.code) for d in warnings} == {("submissions/cases/BG-2026-03.md", "R-CASE-ANHUI")}


TEMPLATE_ORG = "91140500MA0JCTPL06"
# a fitting ID per template: its year matches the template's batch or evaluation year
TEMPLATE_IDS = {"org": TEMPLATE_ORG, "demand": "XQ-2026-0901", "supply": "GJ-2026-0901",
                "case": "BG-2026-91", "donation": "JZ-2026-91", "survey": "DC-2026-0901"}


@pytest.mark.parametrize("kind", sorted(TEMPLATE_IDS))
def test_template_left_unedited_fails_check_only_on_its_sample_text(kind, tmp_path):
    # the case template refers to the sample's XQ-2025-0001 and GJ-2025-0001, so start from the sample
    shutil.copytree(ROOT / "submissions", tmp_path / "submissions")
    org_path = KINDS["org"].path_for(tmp_path, TEMPLATE_ORG)
    org_path.write_text(render("org", TEMPLATE_ORG), encoding="utf-8")
    path = KINDS[kind].path_for(tmp_path, TEMPLATE_IDS[kind])
    path.write_text(render(kind, TEMPLATE_IDS[kind]), encoding="utf-8")
    result = check(tmp_path, [path.relative_to(tmp_path).as_posix()], today=TODAY)
    # the template is valid in every other way; only its sample text (示例, example.com) must go
    assert result.errors
    assert {d.code for d in result.diagnostics} == {"R-TEMPLATE-TEXT"}, [d.format() for d in result.diagnostics]


@pytest.mark.parametrize("kind", sorted(TEMPLATE_IDS))
def test_template_starts_with_the_schema_modeline_and_comments_every_field(kind):
    text = render(kind, TEMPLATE_IDS[kind])
    lines = text.splitlines()
    modeline = f"# yaml-language-server: $schema=../../schema/{kind}.schema.json"
    assert (lines[1] if kind == "case" else lines[0]) == modeline
    if kind == "case":
        lines = lines[1:lines.index("---", 1)]
    seen: set[tuple[int, str]] = set()
    for number, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            continue
        match = re.match(r"^(\s*(?:- )?)([a-z_0-9]+):", line)
        if not match or (len(match.group(1)), match.group(2)) in seen:
            continue  # a field is explained at its first appearance at each level
        seen.add((len(match.group(1)), match.group(2)))
        assert lines[number - 1].lstrip().startswith("#"), f"{kind}: no comment above {line!r}"

"""pr-check's authorisation on real git branches, tried as an attacker would (issue 8, items 1 and 2).

Every path a change touches is judged — both ends of a rename or copy — by one function; a change
may only leave regular files; submissions/ holds nothing but well-formed record paths; everything
outside submissions/ (docs/, mkdocs.yml, hooks/ included) belongs to staff.
"""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_prcheck_support import (APPLICANT_A, APPLICANT_C, ORG_A, ORG_B, STAFF, commit, demand_yaml, git,  # noqa: E402
                                  make_repo, write)

from changjing.prcheck import run_pr_check  # noqa: E402
from changjing.prsummary import summary_markdown  # noqa: E402

TODAY = date(2025, 7, 1)
OUTSIDERS = [APPLICANT_A, APPLICANT_C]  # a publisher of ORG_A, and an account no list names

BATCH = """id: 2025-H1
title: 2025 年上半年应用场景征集
opens: 2025-01-01
closes: 2025-06-30
records:
  - record: XQ-2025-0001
    accepted: 2025-03-12
    initial_review:
      result: 通过
      date: 2025-03-14
      unit: 领导小组办公室
      opinion: 材料齐全
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path)
    # staff-owned files the attacks aim at, on the base
    git(repo, "checkout", "-q", "main")
    write(repo, "lists/batches/2025-H1.yaml", BATCH)
    write(repo, ".github/workflows/pages.yml", "name: 发布网站\non: push\njobs: {}\n")
    write(repo, "mkdocs.yml", "site_name: 场景\n")
    write(repo, "hooks/site.py", "HOOK = 1\n")
    commit(repo, "staff files")
    git(repo, "checkout", "-q", "-B", "pr")
    return repo


def diagnostics(repo: Path, author: str) -> list[tuple[str, str]]:
    return sorted((d.code, d.path) for d in run_pr_check(repo, "main", author, TODAY).diagnostics)


def codes(repo: Path, author: str) -> list[str]:
    return sorted({code for code, _ in diagnostics(repo, author)})


# -- renames and copies: both ends --------------------------------------------------------------

@pytest.mark.parametrize("author", OUTSIDERS)
@pytest.mark.parametrize("old,new", [
    ("lists/batches/2025-H1.yaml", "docs/notes.md"),
    ("lists/publishers.yaml", "docs/publishers.md"),
    ("lists/staff.yaml", "docs/guide2.md"),
    (".github/workflows/pages.yml", "docs/pages.md"),
    ("lists/publishers.yaml", "submissions/orgs/README.md"),
])
def test_a_move_is_judged_at_its_old_path_too(repo, author, old, new):
    git(repo, "mv", old, new)
    commit(repo)
    found = diagnostics(repo, author)
    assert ("P-STAFF-ONLY", old) in found
    old_end = next(d for d in run_pr_check(repo, "main", author, TODAY).diagnostics if d.path == old)
    assert f"「{new}」" in old_end.message and "新旧两个位置" in old_end.message


def test_moving_a_staff_decision_away_shows_what_it_drops(repo):
    git(repo, "mv", "lists/batches/2025-H1.yaml", "docs/notes.md")
    commit(repo)
    report = run_pr_check(repo, "main", STAFF, TODAY)
    assert report.status_changes == {"XQ-2025-0001": ("专家评审中", "已提交")}
    assert [d.code for d in report.diagnostics] == ["P-TRANSITION"]
    assert "P-STAFF-ONLY" in codes(repo, APPLICANT_C)


def test_a_record_moved_out_of_submissions_is_a_rename_and_a_staff_only_path(repo):
    git(repo, "mv", "submissions/demand/XQ-2025-0001.yaml", "docs/XQ-2025-0001.md")
    commit(repo)
    found = diagnostics(repo, APPLICANT_A)
    assert ("P-RENAME", "docs/XQ-2025-0001.md") in found
    assert ("P-STAFF-ONLY", "docs/XQ-2025-0001.md") in found


def test_a_record_renamed_to_a_non_record_path_is_refused_for_staff_too(repo):
    git(repo, "mv", "submissions/demand/XQ-2025-0001.yaml", "submissions/demand/XQ-2025-0001.yml")
    commit(repo)
    assert codes(repo, STAFF) == ["P-NOT-RECORD", "P-RENAME"]


def test_a_copy_is_judged_at_its_new_path_and_its_unchanged_source_is_no_change(repo):
    text = (repo / "lists/publishers.yaml").read_text(encoding="utf-8")
    write(repo, "submissions/orgs/notes.yaml", text)
    write(repo, "docs/publishers-copy.md", text)
    commit(repo)
    raw = git(repo, "diff", "--raw", "-C", "--find-copies-harder", "main", "--")
    assert "\tlists/publishers.yaml\tdocs/publishers-copy.md" in raw
    found = diagnostics(repo, APPLICANT_C)
    assert ("P-NOT-RECORD", "submissions/orgs/notes.yaml") in found
    assert ("P-STAFF-ONLY", "docs/publishers-copy.md") in found
    assert not [p for _, p in found if p == "lists/publishers.yaml"]


def test_a_record_made_from_the_template_is_no_change_to_the_template(repo):
    # `changjing new` copies src/changjing/templates/demand.yaml: git reports the new record as a copy of it
    template = Path(__file__).resolve().parents[1] / "src/changjing/templates/demand.yaml"
    write(repo, "src/changjing/templates/demand.yaml", template.read_text(encoding="utf-8"))
    commit(repo, "template on the base")
    git(repo, "update-ref", "refs/heads/main", "HEAD")
    proc = subprocess.run([sys.executable, "-m", "changjing.cli", "new", "demand", "--root", str(repo),
                           "--today", "2025-07-01"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    commit(repo)
    write(repo, "submissions/demand/XQ-2025-0001.yaml", demand_yaml("XQ-2025-0001", ORG_A, budget="320"))
    raw = git(repo, "diff", "--raw", "-C", "--find-copies-harder", "main", "--")
    assert "\tsrc/changjing/templates/demand.yaml\tsubmissions/demand/XQ-2025-0003.yaml" in raw
    found = diagnostics(repo, APPLICANT_A)
    assert not [p for _, p in found if not p.startswith("submissions/")]
    assert not [c for c, _ in found if c in ("P-MIXED", "P-STAFF-ONLY")]


def test_a_new_record_much_like_another_organisations_is_no_foreign_change(repo):
    # git reports it as a copy of XQ-2025-0002 (ORG_B's); the source is unchanged and not judged as owned
    text = (repo / "submissions/demand/XQ-2025-0002.yaml").read_text(encoding="utf-8")
    write(repo, "submissions/demand/XQ-2025-0003.yaml",
          text.replace("XQ-2025-0002", "XQ-2025-0003").replace(ORG_B, ORG_A))
    commit(repo)
    raw = git(repo, "diff", "--raw", "-C", "--find-copies-harder", "main", "--")
    assert "\tsubmissions/demand/XQ-2025-0002.yaml\tsubmissions/demand/XQ-2025-0003.yaml" in raw
    report = run_pr_check(repo, "main", APPLICANT_A, TODAY)
    assert report.diagnostics == []
    assert [(r.record_id, r.action) for r in report.records] == [("XQ-2025-0003", "新增")]


# -- type changes -------------------------------------------------------------------------------

def _gitlink(repo: Path, rel: str, checked_out: bool) -> None:
    git(repo, "rm", "-q", "--cached", rel)
    (repo / rel).unlink()
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},{rel}")
    git(repo, "commit", "-q", "-m", "gitlink")
    if checked_out:  # what a CI checkout without submodules leaves: an empty folder
        (repo / rel).mkdir()


@pytest.mark.parametrize("author", [APPLICANT_A, STAFF])
def test_a_record_replaced_by_a_submodule_is_refused(repo, author):
    _gitlink(repo, "submissions/demand/XQ-2025-0001.yaml", checked_out=True)
    found = diagnostics(repo, author)
    assert ("P-FILE-TYPE", "submissions/demand/XQ-2025-0001.yaml") in found
    message = next(d.message for d in run_pr_check(repo, "main", author, TODAY).diagnostics
                   if d.code == "P-FILE-TYPE")
    assert "子模块" in message


def test_a_submodule_that_is_not_checked_out_is_a_deletion(repo):
    _gitlink(repo, "submissions/demand/XQ-2025-0001.yaml", checked_out=False)
    assert codes(repo, APPLICANT_A) == ["P-DELETE"]


def test_a_record_replaced_by_a_link_is_refused(repo):
    path = repo / "submissions/demand/XQ-2025-0001.yaml"
    path.unlink()
    os.symlink("XQ-2025-0002.yaml", path)
    commit(repo)
    assert codes(repo, STAFF) == ["P-SYMLINK"]


def test_an_untracked_nested_repository_is_not_a_file(repo):
    nested = repo / "submissions/demand/XQ-2025-0004.yaml"
    nested.mkdir()
    git(nested, "init", "-q")
    assert ("P-FILE-TYPE", "submissions/demand/XQ-2025-0004.yaml") in diagnostics(repo, STAFF)


# -- submissions/ holds records only --------------------------------------------------------------

NOT_RECORDS = [
    "submissions/README.md",
    "submissions/.gitattributes",
    "submissions/demand/.gitattributes",
    "submissions/Demand/XQ-2025-0003.yaml",
    "submissions/demand/XQ-2025-0003.YAML",
    "submissions/demand/XQ-2025-0003.yml",
    "submissions/demand/XQ-2025-0003.yaml ",
    "submissions/demand/XQ-2025-0003 .yaml",
    "submissions/demand/ XQ-2025-0003.yaml",
    "submissions/demand/xq-2025-0003.yaml",
    "submissions/demand/XQ-2025-００９９.yaml",
    "submissions/demand/XQ-2025-٠٠٠٣.yaml",
    "submissions/demand/XQ-2025-00003.yaml",
    "submissions/demand/sub/XQ-2025-0003.yaml",
    "submissions/supply/XQ-2025-0003.yaml",
    "submissions/XQ-2025-0003.yaml",
    f"submissions/orgs/{ORG_A.lower()}.yaml",
]


@pytest.mark.parametrize("author", OUTSIDERS)
@pytest.mark.parametrize("rel", NOT_RECORDS)
def test_anything_in_submissions_that_is_not_a_record_path_is_refused(repo, author, rel):
    write(repo, rel, demand_yaml("XQ-2025-0003", ORG_A))
    commit(repo)
    found = diagnostics(repo, author)
    assert ("P-NOT-RECORD", rel) in found
    assert not [c for c, p in found if p == rel and c == "P-STAFF-ONLY"]


@pytest.mark.parametrize("rel", [r for r in NOT_RECORDS if not r.endswith("README.md")])
def test_staff_cannot_add_a_non_record_to_submissions_either(repo, rel):
    write(repo, rel, demand_yaml("XQ-2025-0003", ORG_A))
    commit(repo)
    assert ("P-NOT-RECORD", rel) in diagnostics(repo, STAFF)


def test_staff_keep_notes_in_submissions_and_clear_away_strays(repo):
    git(repo, "checkout", "-q", "main")
    write(repo, "submissions/demand/XQ-2025-0003.YAML", "x: 1\n")  # a stray that reached the base
    commit(repo, "stray")
    git(repo, "checkout", "-q", "-B", "pr")
    write(repo, "submissions/README.md", "# 说明\n")
    git(repo, "rm", "-q", "submissions/demand/XQ-2025-0003.YAML")
    commit(repo)
    assert diagnostics(repo, STAFF) == []
    assert codes(repo, APPLICANT_A) == ["P-NOT-RECORD"]


# -- everything outside submissions/ is staff-owned ------------------------------------------------

@pytest.mark.parametrize("author", OUTSIDERS)
@pytest.mark.parametrize("rel", ["docs/guide.md", "docs/demand/XQ-2025-0099.md", "docs/_shell/page.md", "mkdocs.yml",
                                 "hooks/site.py", "README.md", "CHANGELOG.md", "requirements/lock.txt", ".ci/run",
                                 "scripts/setup.sh", "tests/test_x.py", "schema/demand.schema.json",
                                 "Submissions/demand/XQ-2025-0003.yaml", "docs/submissions/demand/XQ-2025-0003.yaml"])
def test_every_path_outside_submissions_is_staff_only(repo, author, rel):
    write(repo, rel, "# 改动\n")
    commit(repo)
    assert ("P-STAFF-ONLY", rel) in diagnostics(repo, author)
    assert diagnostics(repo, STAFF) == []


def test_deleting_a_staff_file_is_judged_like_changing_it(repo):
    git(repo, "rm", "-q", "mkdocs.yml", "hooks/site.py")
    commit(repo)
    assert diagnostics(repo, APPLICANT_A) == [("P-STAFF-ONLY", "hooks/site.py"), ("P-STAFF-ONLY", "mkdocs.yml")]


def test_a_publisher_still_submits_and_amends_own_records(repo):
    write(repo, "submissions/demand/XQ-2025-0001.yaml", demand_yaml("XQ-2025-0001", ORG_A, budget="320"))
    write(repo, "submissions/demand/XQ-2025-0003.yaml", demand_yaml("XQ-2025-0003", ORG_A, "产线能耗在线监测"))
    commit(repo)
    assert diagnostics(repo, APPLICANT_A) == []


def test_the_summary_shows_both_ends_of_a_move(repo):
    git(repo, "mv", "lists/batches/2025-H1.yaml", "docs/notes.md")
    commit(repo)
    text = summary_markdown(run_pr_check(repo, "main", STAFF, TODAY))
    assert "- lists/batches/2025-H1.yaml → docs/notes.md（移动或改名）" in text
    assert "| XQ-2025-0001 | 专家评审中 | 已提交 |" in text

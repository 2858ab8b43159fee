"""pr-check against real git repositories: one test per rule."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_prcheck_support import (APPLICANT_A, APPLICANT_C, ORG_A, ORG_B, ORG_C, STAFF, commit, demand_yaml, git,  # noqa: E402
                   make_repo, write)

from changjing.prcheck import run_pr_check, transition_problem  # noqa: E402
from changjing.prsummary import md_escape, summary_markdown  # noqa: E402

TODAY = date(2025, 7, 1)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path)


def codes(repo: Path, author: str) -> list[str]:
    return sorted(d.code for d in run_pr_check(repo, "main", author, TODAY).diagnostics)


def test_publisher_amends_own_record(repo):
    write(repo, "submissions/demand/XQ-2025-0001.yaml", demand_yaml("XQ-2025-0001", ORG_A, budget="350"))
    commit(repo)
    assert codes(repo, APPLICANT_A) == []


def test_publisher_adds_new_record(repo):
    write(repo, "submissions/demand/XQ-2025-0003.yaml", demand_yaml("XQ-2025-0003", ORG_A))
    commit(repo)
    report = run_pr_check(repo, "main", APPLICANT_A, TODAY)
    assert report.diagnostics == []
    assert [(r.record_id, r.action, r.status_after) for r in report.records] == [("XQ-2025-0003", "新增", "已提交")]


def test_uncommitted_and_untracked_changes_count(repo):
    (repo / "submissions/demand/XQ-2025-0002.yaml").unlink()  # not committed
    write(repo, "lists/extra.yaml", "x: 1\n")  # untracked
    assert codes(repo, APPLICANT_A) == ["P-DELETE", "P-FOREIGN-ORG", "P-MIXED", "P-STAFF-ONLY"]


def test_delete_is_refused_even_for_staff(repo):
    git(repo, "rm", "-q", "submissions/demand/XQ-2025-0001.yaml")
    commit(repo)
    assert codes(repo, APPLICANT_A) == ["P-DELETE"]
    assert codes(repo, STAFF) == ["P-DELETE"]


def test_symlink_is_refused(repo):
    (repo / "submissions/demand/XQ-2025-0003.yaml").symlink_to("/etc/hostname")
    commit(repo)
    assert codes(repo, STAFF) == ["P-SYMLINK"]


def test_rename_is_refused(repo):
    git(repo, "mv", "submissions/demand/XQ-2025-0001.yaml", "submissions/demand/XQ-2025-0009.yaml")
    commit(repo)
    report = run_pr_check(repo, "main", STAFF, TODAY)
    assert [d.code for d in report.diagnostics] == ["P-RENAME"]
    assert "XQ-2025-0001" in report.diagnostics[0].message


def test_id_change_is_refused(repo):
    text = demand_yaml("XQ-2025-0001", ORG_A).replace("id: XQ-2025-0001", "id: XQ-2025-0005")
    write(repo, "submissions/demand/XQ-2025-0001.yaml", text)
    commit(repo)
    report = run_pr_check(repo, "main", APPLICANT_A, TODAY)
    (d,) = report.diagnostics
    assert (d.code, d.key, d.line) == ("P-ID-CHANGE", "id", 1)
    assert "XQ-2025-0005" in d.message


def test_deleted_id_is_never_reused(repo):
    git(repo, "checkout", "-q", "main")
    write(repo, "submissions/demand/XQ-2025-0003.yaml", demand_yaml("XQ-2025-0003", ORG_A))
    commit(repo, "add 3")
    git(repo, "rm", "-q", "submissions/demand/XQ-2025-0003.yaml")
    commit(repo, "staff removed a spam record before publication")
    git(repo, "checkout", "-q", "-b", "pr2")
    write(repo, "submissions/demand/XQ-2025-0003.yaml", demand_yaml("XQ-2025-0003", ORG_A))
    commit(repo)
    report = run_pr_check(repo, "main", APPLICANT_A, TODAY)
    assert [d.code for d in report.diagnostics] == ["P-ID-REUSE"]
    assert "曾经使用过" in report.diagnostics[0].message


def test_foreign_organisation_is_refused(repo):
    write(repo, "submissions/demand/XQ-2025-0002.yaml",
          demand_yaml("XQ-2025-0002", ORG_B, "精密零件尺寸视觉测量（修改）"))
    commit(repo)
    assert "P-FOREIGN-ORG" in codes(repo, APPLICANT_A)


def test_record_cannot_be_moved_to_a_foreign_organisation(repo):
    write(repo, "submissions/demand/XQ-2025-0001.yaml", demand_yaml("XQ-2025-0001", ORG_C))
    commit(repo)
    report = run_pr_check(repo, "main", APPLICANT_A, TODAY)
    (d,) = report.diagnostics
    assert d.code == "P-FOREIGN-ORG" and ORG_C in d.message and d.key == "owner" and d.line == 3


def test_non_staff_may_not_touch_lists(repo):
    write(repo, "lists/staff.yaml", (repo / "lists/staff.yaml").read_text() + "  - login: applicant-a\n    role: 冒充\n")
    commit(repo)
    assert codes(repo, APPLICANT_A) == ["P-STAFF-ONLY"]


@pytest.mark.parametrize("path", ["src/tool.py", ".github/workflows/x.yml", "schema/demand.json", ".github/CODEOWNERS",
                                  "pyproject.toml", "docs/reference/rules.md"])
def test_non_staff_may_not_touch_code_or_settings(repo, path):
    write(repo, path, "changed\n")
    commit(repo)
    assert codes(repo, APPLICANT_A) == ["P-STAFF-ONLY"]
    assert codes(repo, STAFF) == []


def test_documentation_is_staff_only(repo):
    write(repo, "docs/guide.md", "# 指南\n\n更正一个错字。\n")
    commit(repo)
    assert codes(repo, APPLICANT_A) == ["P-STAFF-ONLY"]
    assert codes(repo, STAFF) == []


def test_mixed_pull_request_is_refused(repo):
    write(repo, "submissions/demand/XQ-2025-0001.yaml", demand_yaml("XQ-2025-0001", ORG_A, budget="350"))
    write(repo, "docs/guide.md", "# 指南\n\n顺便改一下。\n")
    commit(repo)
    assert codes(repo, APPLICANT_A) == ["P-MIXED", "P-STAFF-ONLY"]
    assert codes(repo, STAFF) == []


def test_publishers_edited_in_the_same_pull_request_do_not_count(repo):
    write(repo, "lists/publishers.yaml",
          (repo / "lists/publishers.yaml").read_text() + f"  - org: {ORG_C}\n    logins: [{APPLICANT_C}]\n")
    write(repo, "submissions/demand/XQ-2025-0003.yaml", demand_yaml("XQ-2025-0003", ORG_C))
    commit(repo)
    report = run_pr_check(repo, "main", APPLICANT_C, TODAY)
    assert sorted(d.code for d in report.diagnostics) == ["P-FOREIGN-ORG", "P-MIXED", "P-STAFF-ONLY"]
    foreign = next(d for d in report.diagnostics if d.code == "P-FOREIGN-ORG")
    assert "还没有登记为任何组织的提交账号" in foreign.message
    # the same account, once staff have merged the list, may submit
    git(repo, "checkout", "-q", "main")
    write(repo, "lists/publishers.yaml",
          (repo / "lists/publishers.yaml").read_text() + f"  - org: {ORG_C}\n    logins: [{APPLICANT_C}]\n")
    commit(repo, "staff: publisher for C")
    git(repo, "checkout", "-q", "-b", "pr3")
    write(repo, "submissions/demand/XQ-2025-0003.yaml", demand_yaml("XQ-2025-0003", ORG_C))
    commit(repo)
    assert codes(repo, APPLICANT_C) == []


def test_staff_list_is_read_from_base(repo):
    write(repo, "lists/staff.yaml", f"staff:\n  - login: {APPLICANT_C}\n    role: 自封\n")
    write(repo, "src/tool.py", "print('pwned')\n")
    commit(repo)
    assert codes(repo, APPLICANT_C) == ["P-STAFF-ONLY", "P-STAFF-ONLY"]


def test_staff_may_edit_any_organisation(repo):
    write(repo, "submissions/demand/XQ-2025-0002.yaml",
          demand_yaml("XQ-2025-0002", ORG_B, "精密零件尺寸视觉测量").replace("300", "320"))
    commit(repo)
    assert codes(repo, STAFF) == []
    assert codes(repo, APPLICANT_A) == ["P-FOREIGN-ORG"]


def test_base_that_moved_on_is_compared_at_the_fork_point(repo):
    write(repo, "submissions/demand/XQ-2025-0001.yaml", demand_yaml("XQ-2025-0001", ORG_A, budget="350"))
    commit(repo)
    git(repo, "checkout", "-q", "main")
    write(repo, "src/tool.py", "print('staff change on main')\n")
    commit(repo, "main moves on")
    git(repo, "checkout", "-q", "pr")
    assert codes(repo, APPLICANT_A) == []


# -- legal transitions ------------------------------------------------------------------

@pytest.mark.parametrize("before,after", [
    (None, "已提交"), ("已提交", "初审中"), ("初审中", "专家评审中"), ("已提交", "公示中"), ("公示中", "已发布"),
    ("已发布", "对接中"), ("建设中", "已建成"), ("已建成", "标杆"), ("专家评审中", "未通过"), ("已提交", "已撤回"),
])
def test_legal_moves(before, after):
    assert transition_problem(before, after) is None


@pytest.mark.parametrize("before,after,code", [
    ("专家评审中", "初审中", "P-TRANSITION"), ("已发布", "公示中", "P-TRANSITION"), ("未通过", "初审中", "P-TRANSITION"),
    ("已撤回", "已发布", "P-TRANSITION"), ("已撤销", "已撤回", "P-TRANSITION"), ("已发布", "未通过", "P-PUBLISHED-END"),
    ("对接中", "已撤销", "P-PUBLISHED-END"), ("标杆", "已撤回", "P-PUBLISHED-END"), ("已提交", "不存在", "P-TRANSITION"),
])
def test_illegal_moves(before, after, code):
    problem = transition_problem(before, after)
    assert problem is not None and problem[0] == code


def test_published_record_ends_with_a_reason():
    assert transition_problem("已发布", "已撤销", "企业申请撤回，经办公室同意") is None
    assert transition_problem("对接中", "已撤回", "  ")[0] == "P-PUBLISHED-END"


def test_submissions_only_pull_request_has_statuses(repo):
    write(repo, "submissions/demand/XQ-2025-0001.yaml", demand_yaml("XQ-2025-0001", ORG_A, budget="350"))
    commit(repo)
    report = run_pr_check(repo, "main", APPLICANT_A, TODAY)
    (change,) = report.records
    assert change.status_before and change.status_after == change.status_before
    assert not [d for d in report.diagnostics if d.code in ("P-TRANSITION", "P-STATE")]


# -- the summary -----------------------------------------------------------------------

def test_summary_of_a_known_change(repo):
    write(repo, "submissions/demand/XQ-2025-0001.yaml",
          demand_yaml("XQ-2025-0001", ORG_A, title="铸件表面缺陷在线智能检测", budget="350"))
    commit(repo)
    report = run_pr_check(repo, "main", APPLICANT_A, TODAY)
    text = summary_markdown(report)
    assert "#### 修改：场景需求 XQ-2025-0001 · 铸件表面缺陷在线智能检测" in text
    assert "| 需求名称 | 铸件表面缺陷智能检测 | 铸件表面缺陷在线智能检测 |" in text
    assert "| 预算 › 金额 | 300 | 350 |" in text
    assert "- 状态：已提交 → 已提交" in text
    assert "✅ 规则检查通过" in text
    assert f"申报单位账号（可代表：{ORG_A}）" in text


def test_summary_escapes_submitted_text(repo):
    evil = "::error::x <script>alert(1)</script> [点我](https://evil.test) @someone | **粗**"
    write(repo, "submissions/demand/XQ-2025-0001.yaml",
          demand_yaml("XQ-2025-0001", ORG_A, title='"' + evil.replace('"', "") + '"'))
    commit(repo)
    text = summary_markdown(run_pr_check(repo, "main", APPLICANT_A, TODAY))
    for bad in ("<script", "](", "::error", "@someone", "https://evil", "**"):
        assert bad not in text
    row = next(line for line in text.splitlines() if line.startswith("| 需求名称"))
    assert row.count("|") == 4  # the submitted pipe cannot add a column
    assert md_escape("::error::x") == "&#58;&#58;error&#58;&#58;x"


def test_cli_writes_summary_and_fails_on_refusal(repo, tmp_path):
    git(repo, "rm", "-q", "submissions/demand/XQ-2025-0002.yaml")
    commit(repo)
    summary = tmp_path / "summary.md"
    proc = subprocess.run([sys.executable, "-m", "changjing.cli", "pr-check", "--root", str(repo), "--base", "main",
                           "--author", APPLICANT_A, "--today", "2025-07-01", "--summary", str(summary)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "[P-DELETE]" in proc.stdout and "[P-FOREIGN-ORG]" in proc.stdout
    assert "#### 删除：场景需求 XQ-2025-0002" in summary.read_text(encoding="utf-8")


def test_cli_passes_clean_pull_request(repo):
    write(repo, "submissions/demand/XQ-2025-0001.yaml", demand_yaml("XQ-2025-0001", ORG_A, budget="350"))
    commit(repo)
    proc = subprocess.run([sys.executable, "-m", "changjing.cli", "pr-check", "--root", str(repo), "--base", "main",
                           "--author", APPLICANT_A, "--today", "2025-07-01"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "拉取请求检查通过" in proc.stdout


def test_unknown_base_is_a_clear_error(repo):
    proc = subprocess.run([sys.executable, "-m", "changjing.cli", "pr-check", "--root", str(repo), "--base", "nope",
                           "--author", APPLICANT_A], capture_output=True, text=True)
    assert proc.returncode == 2 and "无法与基准分支比较" in proc.stdout


# -- staff decisions in lists/, through the real build_state ---------------------------------

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
    expert_review:
      result: 通过
      date: 2025-03-20
      opinion: 同意
"""
WITHDRAWAL = """withdrawals:
  - record: XQ-2025-0001
    kind: 撤回
    date: 2025-04-01
    reason: 需求方调整计划，申请撤回
"""


def _on_main(repo: Path, files: dict[str, str], branch: str) -> None:
    git(repo, "checkout", "-q", "main")
    for rel, text in files.items():
        write(repo, rel, text)
    commit(repo, "staff decisions")
    git(repo, "checkout", "-q", "-b", branch)


def test_staff_decision_moving_forward_is_legal(repo):
    write(repo, "lists/batches/2025-H1.yaml", BATCH)
    commit(repo)
    report = run_pr_check(repo, "main", STAFF, TODAY)
    assert report.diagnostics == []
    assert report.status_changes == {"XQ-2025-0001": ("已提交", "待审定")}
    assert "| XQ-2025-0001 | 已提交 | 待审定 |" in summary_markdown(report)


def test_illegal_transition_backwards(repo):
    _on_main(repo, {"lists/batches/2025-H1.yaml": BATCH}, "pr-back")
    write(repo, "lists/batches/2025-H1.yaml", BATCH.split("    expert_review:")[0])
    commit(repo)
    report = run_pr_check(repo, "main", STAFF, TODAY)
    (d,) = report.diagnostics
    assert d.code == "P-TRANSITION" and "从「待审定」变为「专家评审中」" in d.message


def test_withdrawal_is_final(repo):
    _on_main(repo, {"lists/batches/2025-H1.yaml": BATCH}, "pr-withdraw")
    write(repo, "lists/withdrawals.yaml", WITHDRAWAL)
    commit(repo)
    report = run_pr_check(repo, "main", STAFF, TODAY)
    assert report.diagnostics == [] and report.status_changes == {"XQ-2025-0001": ("待审定", "已撤回")}
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "pr-withdraw")
    git(repo, "checkout", "-q", "-b", "pr-undo")
    git(repo, "rm", "-q", "lists/withdrawals.yaml")
    commit(repo)
    codes_ = [d.code for d in run_pr_check(repo, "main", STAFF, TODAY).diagnostics]
    assert codes_ == ["P-TRANSITION"]


def survey_yaml(record_id: str, enterprise: str) -> str:
    return (f"# yaml-language-server: $schema=../../schema/survey.schema.json\nid: {record_id}\n"
            f"enterprise: {enterprise}\nyear: 2025\nsubmitted: 2025-06-20\n"
            "institutions:\n  - name: 晋城甲光电工程技术研究中心\n    level: 市级\n    field: 光学检测\n"
            "    staff_range: 10–49 人\nother_activities:\n  - 产学研合作\n")


def test_survey_folder_is_open_to_the_enterprises_own_publishers(repo):
    write(repo, "submissions/surveys/DC-2025-0001.yaml", survey_yaml("DC-2025-0001", ORG_A))
    commit(repo)
    report = run_pr_check(repo, "main", APPLICANT_A, TODAY)
    assert report.diagnostics == []
    assert [(r.kind.name, r.record_id, r.action) for r in report.records] == [("survey", "DC-2025-0001", "新增")]
    summary = summary_markdown(report)
    assert "创新活动调查表 DC-2025-0001 · 2025 年度" in summary
    assert "调查表不经过审查流程" in summary and "可作为销号依据的填报内容：研发机构、其他创新活动" in summary


def test_survey_for_another_enterprise_is_refused(repo):
    write(repo, "submissions/surveys/DC-2025-0001.yaml", survey_yaml("DC-2025-0001", ORG_B))
    commit(repo)
    assert codes(repo, APPLICANT_A) == ["P-FOREIGN-ORG"]
    assert codes(repo, APPLICANT_C) == ["P-FOREIGN-ORG"]
    assert codes(repo, STAFF) == []

"""Money figures are staff-confirmed (issue 8 item 10), judged by pr-check on a copy of the sample in a real git repo.

Hand-computed from 晋市开管〔2025〕7号 §五13: BG-2026-01 (238 万元, 0 % fiscal) gets 238 × 20% = 476,000 元. A
publisher raising the case file to 1500 万元 would make it min(1500 × 20%, 300) = 3,000,000 元; the reward stays
476,000 元 (computed from the confirmed 238 万元) and the pull request is red until staff confirm the new figure.
"""
from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_prcheck_support import commit, git  # noqa: E402

from changjing.prcheck import run_pr_check  # noqa: E402
from changjing.prsummary import summary_markdown  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)
PUBLISHER = "ruiguang-optics"  # lists/publishers.yaml: 91140500MA0M3R6G1F, the investor of BG-2026-01
DONOR = "jzdonor-login"
STAFF = "jkq-xzspj-office"


@pytest.fixture
def sample_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    for part in ("submissions", "lists"):
        shutil.copytree(ROOT / part, repo / part)
    publishers = repo / "lists/publishers.yaml"
    publishers.write_text(publishers.read_text(encoding="utf-8") + (
        "  - org: 91140500MA0R5FB38M\n    logins: [jzdonor-login]\n    since: 2025-03-03\n"), encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "测试")
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "config", "commit.gpgsign", "false")
    commit(repo, "sample")
    git(repo, "checkout", "-q", "-b", "pr")
    return repo


def replace(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


RAISE = ("submissions/cases/BG-2026-01.md", "total_investment:\n  amount: 238\n", "total_investment:\n  amount: 1500\n")


def test_publisher_raising_a_confirmed_investment_is_refused(sample_repo):
    replace(sample_repo, *RAISE)
    commit(sample_repo)
    report = run_pr_check(sample_repo, "main", PUBLISHER, TODAY)
    found = [d for d in report.diagnostics if d.code == "P-FIGURES"]
    assert len(found) == 1 and found[0].path == "submissions/cases/BG-2026-01.md" and found[0].line == 11
    assert "2,380,000 元" in found[0].message and "15,000,000 元" in found[0].message
    # the reward is computed from the confirmed figure: unchanged
    assert report.reward_changes == []
    text = summary_markdown(report)
    assert "### 对奖励的影响" in text and "奖励没有变化（按工作人员核定的金额计算）" in text


def test_publisher_changing_the_fiscal_share_is_refused(sample_repo):
    replace(sample_repo, "submissions/cases/BG-2026-02.md", "fiscal_share_percent: 40", "fiscal_share_percent: 0")
    commit(sample_repo)
    # even staff: the figure differs from what lists/ confirms until the confirmation changes too
    found = [d for d in run_pr_check(sample_repo, "main", "jkq-yqgs-scene", TODAY).diagnostics if d.code == "P-FIGURES"]
    assert found and "40%" in found[0].message


def test_donation_amount_change_is_refused(sample_repo):
    replace(sample_repo, "submissions/donations/JZ-2026-01.yaml", "amount: 185000", "amount: 1850000")
    commit(sample_repo)
    found = [d for d in run_pr_check(sample_repo, "main", DONOR, TODAY).diagnostics if d.code == "P-FIGURES"]
    assert found and "185,000 元" in found[0].message


def test_unchanged_figures_and_other_edits_pass(sample_repo):
    replace(sample_repo, "submissions/cases/BG-2026-01.md", "summary: 用机器视觉", "summary: 以机器视觉")
    commit(sample_repo)
    assert not [d for d in run_pr_check(sample_repo, "main", PUBLISHER, TODAY).diagnostics if d.code == "P-FIGURES"]


def test_staff_confirming_the_new_figure_shows_the_reward_effect(sample_repo):
    replace(sample_repo, *RAISE)
    replace(sample_repo, "lists/evaluations/2026.yaml", "      total_investment:\n        amount: 238\n",
            "      total_investment:\n        amount: 1500\n")
    commit(sample_repo)
    report = run_pr_check(sample_repo, "main", STAFF, TODAY)
    assert not [d for d in report.diagnostics if d.code == "P-FIGURES"]
    [(rid, before, after)] = report.reward_changes
    assert rid == "BG-2026-01" and before.amount_yuan == 476_000 and after.amount_yuan == 3_000_000
    text = summary_markdown(report)
    assert "| BG-2026-01 | 标杆场景奖励 | 476,000 元（47.6 万元）（应兑现） | 3,000,000 元（300 万元）（应兑现） |" in text


def test_a_new_case_is_not_public_and_earns_nothing_before_evaluation(sample_repo):
    """Issue 8 item 11: another organisation's case on a finished demand: not public, no reward, and red."""
    text = (sample_repo / "submissions/cases/BG-2026-01.md").read_text(encoding="utf-8")
    text = text.replace("id: BG-2026-01", "id: BG-2026-04").replace("investor: 91140500MA0M3R6G1F", "investor: 91140571MA0P4WE27E")
    (sample_repo / "submissions/cases/BG-2026-04.md").write_text(text, encoding="utf-8")
    commit(sample_repo)
    from changjing.check import check
    from changjing.site.data import load_site_data

    report = run_pr_check(sample_repo, "main", "huiyan-vision", TODAY)
    [change] = report.records
    assert change.status_after == "已提交" and report.reward_changes == []
    diags = check(sample_repo, ["submissions/cases/BG-2026-04.md"], today=TODAY).diagnostics
    assert [d.code for d in diags if d.is_error] == ["R-CASE-INVESTOR"]
    data = load_site_data(sample_repo, TODAY)
    assert "BG-2026-04" not in data.by_id and "BG-2026-01" in data.by_id

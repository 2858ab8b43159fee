"""Operational edges of the command line: busy port, `new`, closed batches, calendar hint, status/rewards/overdue, pr-check base."""
from __future__ import annotations

import shutil
import socket
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_prcheck_support import APPLICANT_A, ORG_A, commit, demand_yaml, make_repo, write  # noqa: E402

from changjing.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ["--root", str(ROOT), "--today", "2026-11-23"]


def test_serve_on_a_busy_port_says_how_to_fix_it(tmp_path, capsys):
    (tmp_path / "build").mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        rc = main(["serve", "--no-build", "--root", str(tmp_path), "--port", str(port)])
    err = capsys.readouterr().err
    assert rc == 1
    assert f"端口 {port} 已被占用" in err and f"--port {port + 1}" in err
    assert "Traceback" not in err and "Errno" not in err


def test_new_org_refuses_a_wrong_credit_code(tmp_path, capsys):
    assert main(["new", "org", "91140500MA0XXXXXXX", "--root", str(tmp_path)]) == 2
    assert "统一社会信用代码" in capsys.readouterr().err
    assert not (tmp_path / "submissions").exists()


def test_new_refuses_a_malformed_id(tmp_path, capsys):
    assert main(["new", "demand", "XQ-25-1", "--root", str(tmp_path)]) == 2
    assert "XQ-2025-0001" in capsys.readouterr().err


@pytest.mark.parametrize("today,batch", [("2027-03-01", "2027-H1"), ("2027-06-30", "2027-H1"), ("2027-07-01", "2027-H2")])
def test_new_demand_takes_the_batch_and_date_of_its_day(tmp_path, today, batch):
    assert main(["new", "demand", "--root", str(tmp_path), "--today", today]) == 0
    (path,) = (tmp_path / "submissions" / "demand").glob("*.yaml")
    text = path.read_text(encoding="utf-8")
    assert path.stem == f"XQ-{today[:4]}-0001"
    assert f"\nbatch: {batch}\n" in text and f"\nsubmitted: {today}\n" in text


def test_new_warns_when_todays_batch_has_closed(tmp_path, capsys):
    shutil.copytree(ROOT / "lists", tmp_path / "lists")
    assert main(["new", "supply", "--root", str(tmp_path), "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "批次「2026-H2」已于 2026-10-31 截止征集" in out


BATCH = """id: 2025-H1
title: 2025 年上半年应用场景征集
opens: 2025-04-01
closes: 2025-06-30
"""


@pytest.mark.parametrize("today,warned", [("2025-06-30", False), ("2025-07-01", True)])
def test_pr_check_warns_of_a_new_record_in_a_closed_batch(tmp_path, capsys, today, warned):
    repo = make_repo(tmp_path)
    write(repo, "lists/batches/2025-H1.yaml", BATCH)
    commit(repo, "batch")
    from test_prcheck_support import git

    git(repo, "branch", "-f", "main", "HEAD")
    write(repo, "submissions/demand/XQ-2025-0003.yaml", demand_yaml("XQ-2025-0003", ORG_A))
    commit(repo)
    main(["pr-check", "--root", str(repo), "--base", "main", "--author", APPLICANT_A, "--today", today])
    out = capsys.readouterr().out
    assert ("W-BATCH-CLOSED" in out) is warned
    if warned:
        assert "XQ-2025-0003.yaml" in out and "2025-06-30 截止征集" in out


def test_pr_check_with_an_unknown_base_explains_in_chinese(tmp_path, capsys):
    repo = make_repo(tmp_path)
    assert main(["pr-check", "--root", str(repo), "--base", "origin/nowhere", "--author", APPLICANT_A]) == 2
    out = capsys.readouterr().out
    assert "找不到基准分支或提交「origin/nowhere」" in out and "git fetch origin nowhere" in out
    assert "fatal" not in out and "unknown revision" not in out


def test_pr_check_outside_a_repository_explains_in_chinese(tmp_path, capsys):
    assert main(["pr-check", "--root", str(tmp_path), "--base", "main", "--author", APPLICANT_A]) == 2
    assert "不是 git 仓库" in capsys.readouterr().out


def test_status_accepts_a_lowercase_id(capsys):
    assert main(["status", "xq-2025-0001", *SAMPLE]) == 0
    assert capsys.readouterr().out.startswith("XQ-2025-0001：")


def test_rewards_name_the_organisation(capsys):
    assert main(["rewards", *SAMPLE]) == 0
    out = capsys.readouterr().out
    assert "受奖单位 晋城慧眼视觉科技有限公司（91140571MA0P4WE27E）" in out


def test_overdue_counts_working_days(capsys):
    assert main(["overdue", *SAMPLE]) == 0
    out = capsys.readouterr().out
    # due 2026-11-13 (Friday); 11-16…11-20 and 11-23 are six working days, the weekend is not counted
    assert "时限 2026-11-13（已超 6 个工作日）" in out


def test_next_year_calendar_warning_says_how_to_write_the_file():
    from changjing.check import check

    result = check(ROOT, today=date(2026, 12, 15))
    (warning,) = [d for d in result.diagnostics if d.code == "W-CALENDAR-NEXT-YEAR"]
    assert warning.path == "lists/calendar/2027.yaml"
    for part in ("year: 2027", "source", "holidays", "start", "end", "workdays", "changjing check"):
        assert part in warning.message, part

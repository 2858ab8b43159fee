"""待发布: a record whose 公示 period has ended is no longer 公示中, and not 已发布 until publication is recorded.

A real temporary repository is driven through the end of its notice day by day; the objections,
the pull-request transitions, cooperation intents and the status command read the same derived state.
"""
from __future__ import annotations

from datetime import date

import pytest

from changjing.check import check
from changjing.cli import main
from changjing.lists.state import build_state
from changjing.lists.status import derive_record
from changjing.prcheck import transition_problem
from changjing.workflow import PUBLIC_STATUSES, STATUSES
from test_lists_support import Repo, notice_pair_repo

D = date.fromisoformat
# the 公示 starts on Friday 2025-09-26 and runs 5 working days across the National Day holiday, to 2025-10-09


def _notice_repo(tmp_path, published: str | None = None, objections=()) -> Repo:
    return notice_pair_repo(tmp_path, published, objections)


def _errors(repo: Repo, today: str) -> list[str]:
    return [d.code for d in check(repo.root, today=D(today)).diagnostics if d.is_error]


def test_pending_sits_between_on_notice_and_published():
    assert STATUSES.index("公示中") + 1 == STATUSES.index("待发布") == STATUSES.index("已发布") - 1
    assert "待发布" in PUBLIC_STATUSES


@pytest.mark.parametrize("today,status", [
    ("2025-09-26", "公示中"),
    ("2025-10-09", "公示中"),  # the last day of the period
    ("2025-10-10", "待发布"),  # the day after: no objection can be taken, nothing published
    ("2025-11-20", "待发布"),
])
def test_notice_end_without_publication(tmp_path, today, status):
    repo = _notice_repo(tmp_path)
    for rid in ("XQ-2025-0001", "GJ-2025-0001"):
        st = derive_record(repo.programme(today), rid)
        assert st.status == status and st.published is None and st.was_public
    assert _errors(repo, today) == []


def test_pending_then_published_as_lists_are_updated(tmp_path):
    repo = _notice_repo(tmp_path)
    st = derive_record(repo.programme("2025-10-15"), "XQ-2025-0001")
    assert st.status == "待发布" and st.next_deadline is None
    assert [(e.label, e.day) for e in st.history][-1] == ("公示期满", D("2025-10-09"))
    # the office records the publication on 10-20: the day before it is still pending (dated in the future)
    repo = _notice_repo(tmp_path, published="2025-10-20")
    assert derive_record(repo.programme("2025-10-19"), "XQ-2025-0001").status == "待发布"
    st = derive_record(repo.programme("2025-10-20"), "XQ-2025-0001")
    assert st.status == "已发布" and st.published == D("2025-10-20")
    assert _errors(repo, "2025-10-20") == []
    # the notice itself reads 公示期满 from the day after its end, whatever its records' publication
    notice = build_state(repo.root, D("2025-10-19")).notices[0]
    assert (notice.end, notice.state) == (D("2025-10-09"), "公示期满")


def test_objections_after_the_period(tmp_path):
    pending = {"received": "2025-09-29", "summary": "知识产权争议", "records": ["XQ-2025-0001"]}
    repo = _notice_repo(tmp_path, objections=[pending])
    # an objection still being handled after the period: not published, and not on notice either
    assert derive_record(repo.programme("2025-10-13"), "XQ-2025-0001").status == "待发布"
    assert derive_record(repo.programme("2025-10-13"), "GJ-2025-0001").status == "待发布"
    # upheld after the period but before publication: the record is not published at all (未通过)
    upheld = dict(pending, resolution="异议成立", resolved="2025-10-14", upheld=True)
    repo = _notice_repo(tmp_path, objections=[upheld])
    assert derive_record(repo.programme("2025-10-13"), "XQ-2025-0001").status == "待发布"
    st = derive_record(repo.programme("2025-10-14"), "XQ-2025-0001")
    assert st.status == "未通过" and "异议成立" in st.reason and st.was_public
    assert derive_record(repo.programme("2025-10-14"), "GJ-2025-0001").status == "待发布"
    # not upheld: it stays pending until published
    rejected = dict(pending, resolution="异议不成立，已书面答复", resolved="2025-10-14")
    repo = _notice_repo(tmp_path, objections=[rejected])
    assert derive_record(repo.programme("2025-10-14"), "XQ-2025-0001").status == "待发布"


@pytest.mark.parametrize("before,after,legal", [
    ("公示中", "待发布", True), ("待发布", "已发布", True), ("待审定", "待发布", True), ("待发布", "对接中", True),
    ("待发布", "未通过", True),  # an objection upheld before publication
    ("待发布", "公示中", False), ("已发布", "待发布", False), ("未通过", "待发布", False),
])
def test_pull_request_transitions(before, after, legal):
    assert (transition_problem(before, after) is None) == legal


def test_status_command_says_pending(tmp_path, capsys):
    repo = _notice_repo(tmp_path)
    assert main(["status", "XQ-2025-0001", "--root", str(repo.root), "--today", "2025-10-13"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("XQ-2025-0001：待发布（按 2025-10-13 计算）") and "2025-10-09  公示期满" in out
    assert "公示中" not in out and "下一时限" not in out


def test_no_intent_on_a_pending_demand(tmp_path):
    repo = _notice_repo(tmp_path)
    repo.lists("intents.yaml", {"intents": [{"demand": "XQ-2025-0001", "org": "晋城慧眼视觉科技有限公司",
                                             "received": "2025-10-13", "mode": "揭榜挂帅"}]})
    found = [d for d in check(repo.root, today=D("2025-10-13")).diagnostics if d.code == "W-INTENT-DEMAND"]
    assert found and "尚未发布" in found[0].message


def test_the_hand_written_docs_give_the_whole_order():
    """README, workflow.md and pr.md write the status order by hand: each has every status, in order."""
    from pathlib import Path

    from changjing.prcheck import SEQUENCE

    root = Path(__file__).resolve().parent.parent
    order = " → ".join(SEQUENCE)
    assert order in (root / "README.md").read_text(encoding="utf-8")
    pr = (root / "docs/reference/pr.md").read_text(encoding="utf-8")
    assert f"状态顺序：{order}。" in pr
    workflow = (root / "docs/reference/workflow.md").read_text(encoding="utf-8")
    for status in SEQUENCE:
        assert f"\n| {status} |" in workflow, status
        assert f"\n| {status} |" in pr, status

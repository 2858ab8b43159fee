"""The sample data in this repository: lists/ puts the sample records in every status on 2026-11-23."""
from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from changjing.check import check
from changjing.cli import main
from changjing.lists.state import build_state
from changjing.workflow import STATUSES

SAMPLE_TODAY = date(2026, 11, 23)  # the date the sample site is built for



@pytest.fixture(scope="module")
def state(request):
    root = request.config.rootpath
    return build_state(root, SAMPLE_TODAY)


def test_sample_lists_check_without_errors(repo_root):
    result = check(repo_root, today=SAMPLE_TODAY)
    lists_problems = [d for d in result.diagnostics if d.path.startswith("lists/") and d.is_error]
    assert lists_problems == []
    warnings = [d for d in result.diagnostics if d.code.startswith("W-") and not d.is_error]
    assert [(d.code, d.path) for d in warnings] == [("W-OVERDUE", "lists/batches/2026-H2.yaml")]


def test_every_status_is_represented(state):
    counts = Counter(r.status for r in state.records.values())
    assert set(STATUSES) <= set(counts), set(STATUSES) - set(counts)


@pytest.mark.parametrize("record,status", [
    ("XQ-2025-0001", "标杆"), ("GJ-2025-0003", "标杆"), ("BG-2026-01", "标杆"), ("BG-2026-02", "标杆"), ("BG-2026-03", "标杆"),
    ("XQ-2025-0004", "对接中"), ("GJ-2025-0005", "对接中"), ("XQ-2025-0005", "建设中"), ("XQ-2025-0008", "已建成"),
    ("XQ-2025-0006", "已发布"), ("GJ-2025-0010", "未通过"), ("XQ-2025-0009", "已撤回"), ("JZ-2025-02", "已撤销"),
    ("GJ-2025-0017", "未通过"), ("GJ-2025-0013", "未通过"), ("XQ-2025-0011", "建设中"), ("XQ-2025-0016", "已发布"),
    ("XQ-2026-0001", "公示中"), ("GJ-2026-0002", "公示中"), ("XQ-2026-0002", "待发布"), ("XQ-2026-0003", "待审定"), ("XQ-2026-0004", "专家评审中"),
    ("GJ-2026-0004", "专家评审中"), ("XQ-2026-0005", "初审中"), ("XQ-2026-0006", "已提交"), ("JZ-2026-01", "已建成"),
    ("GJ-2026-0003", "未通过"), ("GJ-2025-0006", "已撤销"),
])
def test_sample_statuses(state, record, status):
    assert state.records[record].status == status


def test_sample_rejection_by_the_leadership_group(state):
    rec = state.records["GJ-2026-0003"]
    assert rec.reason.startswith("领导小组研究决定不提请审定：")
    assert (rec.history[-1].day, rec.history[-1].label) == (date(2026, 11, 20), "领导小组研究决定不提请审定")
    assert all("GJ-2026-0003" not in n.items for n in state.notices)


def test_sample_notices(state):
    notices = {n.notice_id: n for n in state.notices}
    h1 = notices["2025-H1"]
    assert (h1.start, h1.end, h1.state) == (date(2025, 9, 26), date(2025, 10, 9), "公示期满")
    h2 = notices["2025-H2"]
    assert (h2.start, h2.end) == (date(2026, 4, 2), date(2026, 4, 9))
    assert any("清明节" in s.reason for s in h2.skipped) and len(h2.objections) == 2
    now = notices["2026-H2-2"]
    assert now.state == "公示中" and now.start <= SAMPLE_TODAY <= now.end == date(2026, 11, 25)
    assert now.objection_office and now.objection_phone
    # the first decision of the batch ran 11-16 to 11-20 and its publication is not recorded yet
    ended = notices["2026-H2-1"]
    assert (ended.state, ended.end, ended.items) == ("公示期满", date(2026, 11, 20), ("XQ-2026-0002",))
    assert SAMPLE_TODAY > ended.end and state.records["XQ-2026-0002"].published is None


def test_sample_overdue_and_deadlines(state):
    overdue = [r for r in state.records.values() if r.next_deadline and r.next_deadline.overdue]
    assert [r.record_id for r in overdue] == ["XQ-2026-0004"]
    assert state.records["XQ-2026-0005"].next_deadline.day == date(2026, 11, 25)


def test_sample_rewards(state):
    """Hand-computed (晋市开管〔2025〕7号 §五13–14), cap then scale, from the figures in lists/evaluations/2026.yaml
    and lists/donations.yaml; all three cases stay under the 300 万元 cap, so either order gives the same."""
    rewards = {r.record_id: r for r in state.rewards}
    assert rewards["BG-2026-01"].amount_yuan == Decimal(476_000)  # min(238 万元 × 20%, 300 万元) × 100%
    assert rewards["BG-2026-02"].amount_yuan == Decimal(583_200)  # min(486 万元 × 20%, 300 万元) × 60%
    assert rewards["BG-2026-03"].amount_yuan == Decimal(352_000)  # min(176 万元 × 20%, 300 万元) × 100%
    assert rewards["JZ-2025-01"].amount_yuan == Decimal(234_000)  # 46.8 万元 × 50%
    assert rewards["JZ-2026-01"].amount_yuan == Decimal(92_500)  # 185,000 元 × 50%
    assert rewards["JZ-2025-02"].status == "已追回" and rewards["JZ-2025-02"].amount_yuan == Decimal(142_500)
    assert all(any(s.startswith("计算顺序：先封顶后折算") for s in r.derivation)
               for r in state.rewards if r.kind == "标杆场景奖励")
    due = [r for r in state.rewards if r.status == "应兑现"]
    assert len(due) == 5 and sum(r.amount_yuan for r in due) == Decimal(1_737_700)
    assert all(isinstance(r.amount_yuan, Decimal) and r.derivation for r in state.rewards)


def test_sample_certifications_and_events(state):
    cert = state.records["GJ-2025-0001"].certification
    assert cert.expires == date(2027, 10, 9) and not cert.expired and cert.valid
    revoked = state.records["GJ-2025-0006"].certification  # revoked 2026-09-15: the certification ends with it
    assert not revoked.expired and not revoked.valid and revoked.ended.startswith("记录已撤销")
    assert {e.kind for e in state.events} == {"对接会", "路演", "沙龙"}
    assert [b.batch_id for b in state.batches] == ["2025-H1", "2025-H2", "2026-H2"]


@pytest.mark.parametrize("argv", [
    ["status", "XQ-2026-0004"], ["notice", "plan", "--start", "2026-11-19"], ["overdue"], ["rewards"],
    ["rewards", "--year", "2026"],
])
def test_sample_commands(repo_root, capsys, argv):
    assert main(argv + ["--root", str(repo_root), "--today", SAMPLE_TODAY.isoformat()]) == 0
    assert capsys.readouterr().out.strip()

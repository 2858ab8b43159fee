"""Rewards: exact money, caps, pro-rating, donation + benchmark, the plan window, claw-back."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from changjing.check import check
from changjing.cli import main
from changjing.lists.rewards import benchmark_figure, compute_rewards, donation_figure
from test_lists_support import OWNER, PROVIDER, Repo, batch, decision, entry

D = date.fromisoformat
CAP = Decimal(3_000_000)


@pytest.mark.parametrize("investment,fiscal,expected", [
    (Decimal(2_380_000), Decimal(0), Decimal(476_000)),  # 238 万元 × 100% × 20%
    (Decimal(4_860_000), Decimal(40), Decimal(583_200)),  # pro-rated: 486 万元 × 60% × 20%
    (Decimal(20_000_000), Decimal(0), CAP),  # 400 万元 → capped at 300 万元
    (Decimal(25_000_000), Decimal(40), CAP),  # 300 万元 exactly → the cap itself
    (Decimal(15_000_000), Decimal(0), CAP),  # exactly 300 万元
    (Decimal(15_000_000), Decimal(100), Decimal(0)),  # all fiscal: nothing
    (Decimal("1234567.89"), Decimal("33.3"), Decimal("164691.36")),  # 1234567.89 × 66.7% × 20% = 164691.356526 → 分
])
def test_benchmark_figures(investment, fiscal, expected):
    fig = benchmark_figure(investment, fiscal, Decimal(20), CAP)
    assert fig.amount == expected and isinstance(fig.amount, Decimal)
    assert any("× 20% =" in step for step in fig.steps)


def test_derivation_carries_the_numbers():
    fig = benchmark_figure(Decimal(4_860_000), Decimal(40), Decimal(20), CAP)
    text = "\n".join(fig.steps)
    assert "4,860,000 元" in text and "非财政资金占比 60%" in text and "2,916,000 元" in text and "583,200 元" in text
    capped = benchmark_figure(Decimal(20_000_000), Decimal(0), Decimal(20), CAP)
    assert "超过上限 3,000,000 元（300 万元），按上限计" in capped.steps
    odd = benchmark_figure(Decimal("1234567.89"), Decimal("33.3"), Decimal(20), CAP)
    assert "823,456.78263 元" in odd.steps[0] and "= 164,691.356526 元" in odd.steps[1] and "按分四舍五入为 164,691.36 元" in odd.steps[2]


@pytest.mark.parametrize("total,expected", [
    (Decimal(468_000), Decimal(234_000)),
    (Decimal(7_000_000), CAP),
    (Decimal("185000.01"), Decimal("92500.01")),  # 92500.005 → 分, half up
])
def test_donation_figures(total, expected):
    assert donation_figure(total, Decimal(50), CAP, 2025).amount == expected


def reward_repo(tmp_path, completed="2025-11-18", investment=(238, "万元"), fiscal=0) -> Repo:
    repo = Repo(tmp_path)
    repo.demand("XQ-2025-0001", "2025-H1", "2025-04-08")
    repo.supply("GJ-2025-0001", "2025-H1", "2025-04-10")
    repo.lists("batches/2025-H1.yaml", batch("2025-H1", "2025-04-01", "2025-06-30", records=[
        entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit="领导小组办公室"),
        entry("GJ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15")),
    ], decisions=[decision("2025-H1", ["XQ-2025-0001"], ["GJ-2025-0001"], discussion="2025-08-20",
                           approval="2025-09-19", notice="2025-09-26", published="2025-10-10")]))
    repo.lists("projects/XQ-2025-0001.yaml", {
        "demand": "XQ-2025-0001", "supplies": ["GJ-2025-0001"], "matchmaking_started": "2025-10-15",
        "mode": "揭榜挂帅", "partners": [{"name": "揭榜方"}], "signed": "2025-10-24",
        "tasks": [{"who": "甲", "what": "做", "due": "2025-11-15"}],
        "responsibilities": [{"who": "乙", "what": "管", "due": "2025-11-30"}], "completed": completed})
    repo.case("BG-2026-01", "XQ-2025-0001", "GJ-2025-0001", completed, investment, fiscal=fiscal)
    year = D(completed).year + 1
    repo.lists(f"evaluations/{year}.yaml", {"year": year, "date": f"{year}-03-06", "meeting": "领导小组会议",
                                            "results": [{"record": "BG-2026-01", "result": "标杆"}]})
    return repo


def test_benchmark_reward_to_the_investor(tmp_path):
    repo = reward_repo(tmp_path, investment=(486, "万元"), fiscal=40)
    [r] = compute_rewards(repo.programme("2026-11-23"))
    assert (r.record_id, r.kind, r.recipient, r.status, r.year) == ("BG-2026-01", "标杆场景奖励", OWNER, "应兑现", 2026)
    assert r.amount_yuan == Decimal(583_200)
    assert compute_rewards(repo.programme("2026-03-05")) == []  # not yet evaluated


def test_capped_benchmark_reward(tmp_path):
    repo = reward_repo(tmp_path, investment=(2000, "万元"))
    [r] = compute_rewards(repo.programme("2026-11-23"))
    assert r.amount_yuan == CAP and any("上限" in s for s in r.derivation)


def test_outside_the_plan_window(tmp_path):
    inside = reward_repo(tmp_path / "a", completed="2027-03-09")
    [r] = compute_rewards(inside.programme("2028-04-01"))
    assert r.status == "应兑现"
    outside = reward_repo(tmp_path / "b", completed="2027-03-10")
    [r] = compute_rewards(outside.programme("2028-04-01"))
    assert r.status == "不予奖励" and r.amount_yuan == 0 and "有效期" in r.derivation[-1]


def test_donation_scene_rated_benchmark_gets_only_the_donation_reward(tmp_path):
    repo = reward_repo(tmp_path)
    repo.donation("JZ-2025-01", 2025, "2025-11-18", (46.8, "万元"), donor=OWNER)
    repo.lists("donations.yaml", {"confirmations": [
        {"donation": "JZ-2025-01", "confirmed": "2025-11-25", "unit": "领导小组办公室", "case": "BG-2026-01"}]})
    rewards = {r.record_id: r for r in compute_rewards(repo.programme("2026-11-23"))}
    assert rewards["JZ-2025-01"].status == "应兑现" and rewards["JZ-2025-01"].amount_yuan == Decimal(234_000)
    assert rewards["BG-2026-01"].status == "不予奖励" and rewards["BG-2026-01"].amount_yuan == 0
    assert "不再重复" in rewards["BG-2026-01"].derivation[-1]


def test_demand_in_the_donation_field_is_a_donation_scene(tmp_path):
    repo = reward_repo(tmp_path)
    repo.demand("XQ-2025-0001", "2025-H1", "2025-04-08", field="捐赠")
    [r] = compute_rewards(repo.programme("2026-11-23"))
    assert r.status == "不予奖励"


def test_donation_reward_with_verified_amount_and_cap(tmp_path):
    repo = Repo(tmp_path)
    repo.donation("JZ-2025-01", 2025, "2025-09-16", (800, "万元"))
    repo.donation("JZ-2025-02", 2025, "2025-12-03", (28.5, "万元"))
    repo.lists("donations.yaml", {"confirmations": [
        {"donation": "JZ-2025-01", "confirmed": "2025-10-20", "unit": "领导小组办公室"},
        {"donation": "JZ-2025-02", "confirmed": "2025-12-22", "unit": "领导小组办公室",
         "amount": {"amount": 200000, "unit": "元"}}]})
    rewards = {r.record_id: r for r in compute_rewards(repo.programme("2026-11-23"))}
    assert rewards["JZ-2025-01"].amount_yuan == CAP and rewards["JZ-2025-01"].recipient == PROVIDER
    assert rewards["JZ-2025-02"].amount_yuan == Decimal(100_000)
    assert "核实金额" in rewards["JZ-2025-02"].derivation[0]


def test_revoked_reward_is_clawed_back(tmp_path):
    repo = reward_repo(tmp_path)
    repo.lists("withdrawals.yaml", {"withdrawals": [
        {"record": "BG-2026-01", "kind": "撤销", "date": "2026-06-01", "reason": "虚报投资额", "fraud": True,
         "clawback": {"amount": {"amount": 476000, "unit": "元"}, "date": "2026-07-01", "document_number": "晋开场景〔2026〕9号"}}]})
    [r] = compute_rewards(repo.programme("2026-11-23"))
    assert r.status == "已追回" and r.amount_yuan == Decimal(476_000) and "追回" in r.derivation[-1]
    assert [d for d in check(repo.root, today=D("2026-11-23")).diagnostics if d.code.startswith("W-") and d.is_error] == []
    # before the revocation the reward stands
    [r] = compute_rewards(repo.programme("2026-05-31"))
    assert r.status == "应兑现"


def test_revoking_the_demand_also_stops_the_case_reward(tmp_path):
    repo = reward_repo(tmp_path)
    repo.lists("withdrawals.yaml", {"withdrawals": [
        {"record": "XQ-2025-0001", "kind": "撤销", "date": "2026-06-01", "reason": "资格不符"}]})
    [r] = compute_rewards(repo.programme("2026-11-23"))
    assert r.status == "不予奖励" and r.amount_yuan == 0


def test_fraud_without_clawback_is_an_error(tmp_path):
    repo = reward_repo(tmp_path)
    repo.lists("withdrawals.yaml", {"withdrawals": [
        {"record": "BG-2026-01", "kind": "撤销", "date": "2026-06-01", "reason": "虚报投资额", "fraud": True}]})
    # the rule compares against the reward before revocation
    diags = [d for d in check(repo.root, today=D("2026-11-23")).diagnostics if d.code == "W-CLAWBACK"]
    assert diags and diags[0].path == "lists/withdrawals.yaml"


def test_rewards_command(tmp_path, capsys):
    repo = reward_repo(tmp_path, investment=(486, "万元"), fiscal=40)
    assert main(["rewards", "--root", str(repo.root), "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "BG-2026-01" in out and "583,200 元" in out and "非财政资金占比 60%" in out
    assert main(["rewards", "--root", str(repo.root), "--today", "2026-11-23", "--year", "2025"]) == 0
    assert "没有符合条件的奖励" in capsys.readouterr().out
    assert main(["rewards", "--root", str(repo.root), "--today", "2026-11-23", "--json"]) == 0
    assert '"amount_yuan": "583200' in capsys.readouterr().out


def test_one_scene_one_year_one_donation_record(tmp_path):
    repo = Repo(tmp_path)
    repo.donation("JZ-2025-01", 2025, "2025-09-16", (200, "万元"))
    repo.donation("JZ-2025-02", 2025, "2025-12-03", (500, "万元"))  # same donor, recipient and place
    repo.lists("donations.yaml", {"confirmations": [
        {"donation": "JZ-2025-01", "confirmed": "2025-10-20", "unit": "领导小组办公室"},
        {"donation": "JZ-2025-02", "confirmed": "2025-12-22", "unit": "领导小组办公室"}]})
    found = [d for d in check(repo.root, today=D("2026-11-23")).diagnostics if d.code == "W-DONATION"]
    assert found and "JZ-2025-02" in found[0].message and found[0].is_error

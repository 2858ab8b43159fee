"""Rewards: exact money, caps, pro-rating, donation + benchmark, the plan window, claw-back.

Hand-computed cases from 晋市开管〔2025〕7号 §五13 (benchmark: 20 % of the total investment, capped at
300 万元, paid in proportion to the non-fiscal share; the seed caps first, then scales) and §五14
(donation: 50 % of a scene's donations in one year, capped at 300 万元, to the donating enterprise).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from changjing.check import check
from changjing.cli import main
from changjing.lists.rewards import benchmark_figure, compute_rewards, donation_figure
from test_lists_support import OWNER, PROVIDER, SETTINGS, Repo, evaluation, pair_batch, rated, write_yaml

D = date.fromisoformat
CAP = Decimal(3_000_000)


CAP_FIRST, SCALE_FIRST = "先封顶后折算", "先折算后封顶"


@pytest.mark.parametrize("investment,fiscal,order,expected", [
    (Decimal(2_380_000), Decimal(0), CAP_FIRST, Decimal(476_000)),  # 238 万元 × 20% = 47.6 万元 × 100%
    (Decimal(4_860_000), Decimal(40), CAP_FIRST, Decimal(583_200)),  # 486 万元 × 20% = 97.2 万元 × 60%
    (Decimal(20_000_000), Decimal(0), CAP_FIRST, CAP),  # 400 万元 → capped at 300 万元
    (Decimal(25_000_000), Decimal(40), CAP_FIRST, Decimal(1_800_000)),  # 500 万元 → 300 万元 cap, × 60%
    (Decimal(25_000_000), Decimal(40), SCALE_FIRST, CAP),  # 2500 × 60% × 20% = 300 万元 exactly
    (Decimal(24_000_000), Decimal("37.5"), CAP_FIRST, Decimal(1_875_000)),  # §五13: 480 → 300 万元, × 62.5%
    (Decimal(24_000_000), Decimal("37.5"), SCALE_FIRST, CAP),  # 2400 × 62.5% × 20% = 300 万元
    (Decimal(15_000_000), Decimal(0), CAP_FIRST, CAP),  # exactly 300 万元
    (Decimal(15_000_000), Decimal(100), CAP_FIRST, Decimal(0)),  # all fiscal: nothing
    (Decimal("1234567.89"), Decimal("33.3"), CAP_FIRST, Decimal("164691.36")),  # 246,913.578 × 66.7% = 164,691.356526 → 分
    (Decimal("1234567.89"), Decimal("33.3"), SCALE_FIRST, Decimal("164691.36")),  # same product, rounded once
])
def test_benchmark_figures(investment, fiscal, order, expected):
    fig = benchmark_figure(investment, fiscal, Decimal(20), CAP, order)
    assert fig.amount == expected and isinstance(fig.amount, Decimal)
    assert any("× 20% =" in step for step in fig.steps)
    assert fig.steps[0].startswith(f"计算顺序：{order}")


def test_derivation_carries_the_numbers():
    fig = benchmark_figure(Decimal(4_860_000), Decimal(40), Decimal(20), CAP)
    text = "\n".join(fig.steps)
    assert "4,860,000 元" in text and "非财政资金占比 60%" in text and "972,000 元" in text and "583,200 元" in text
    assert "先封顶后折算" in fig.steps[0]
    capped = benchmark_figure(Decimal(20_000_000), Decimal(0), Decimal(20), CAP)
    assert "超过上限 3,000,000 元（300 万元），按上限计" in capped.steps
    odd = benchmark_figure(Decimal("1234567.89"), Decimal("33.3"), Decimal(20), CAP)
    assert "= 246,913.578 元" in odd.steps[1] and "= 164,691.356526 元" in odd.steps[2] and "按分四舍五入为 164,691.36 元" in odd.steps[3]
    odd = benchmark_figure(Decimal("1234567.89"), Decimal("33.3"), Decimal(20), CAP, SCALE_FIRST)
    assert "823,456.78263 元" in odd.steps[1] and "= 164,691.356526 元" in odd.steps[2] and "按分四舍五入为 164,691.36 元" in odd.steps[3]


@pytest.mark.parametrize("total,expected", [
    (Decimal(468_000), Decimal(234_000)),
    (Decimal(7_000_000), CAP),
    (Decimal("185000.01"), Decimal("92500.01")),  # 92500.005 → 分, half up
])
def test_donation_figures(total, expected):
    assert donation_figure(total, Decimal(50), CAP, 2025).amount == expected


def reward_repo(tmp_path, completed="2025-11-18", investment=(238, "万元"), fiscal=0, confirmed="same") -> Repo:
    repo = Repo(tmp_path)
    repo.demand("XQ-2025-0001", "2025-H1", "2025-04-08")
    repo.supply("GJ-2025-0001", "2025-H1", "2025-04-10")
    repo.lists("batches/2025-H1.yaml", pair_batch())
    repo.lists("projects/XQ-2025-0001.yaml", {
        "demand": "XQ-2025-0001", "supplies": ["GJ-2025-0001"], "matchmaking_started": "2025-10-15",
        "mode": "招标投标" if fiscal else "揭榜挂帅", "partners": [{"name": "揭榜方"}], "signed": "2025-10-24",
        "tasks": [{"who": "甲", "what": "做", "due": "2025-11-15"}],
        "responsibilities": [{"who": "乙", "what": "管", "due": "2025-11-30"}], "completed": completed})
    repo.demand("XQ-2025-0001", "2025-H1", "2025-04-08", fiscal=fiscal, mode="招标投标" if fiscal else "市场化商洽")
    repo.case("BG-2026-01", "XQ-2025-0001", "GJ-2025-0001", completed, investment, fiscal=fiscal)
    year = D(completed).year + 1
    figures = investment if confirmed == "same" else confirmed
    repo.lists(f"evaluations/{year}.yaml", evaluation(year, [rated("BG-2026-01", figures, fiscal)]))
    return repo


def test_benchmark_reward_to_the_investor(tmp_path):
    repo = reward_repo(tmp_path, investment=(486, "万元"), fiscal=40)
    [r] = compute_rewards(repo.programme("2026-11-23"))
    assert (r.record_id, r.kind, r.recipient, r.status, r.year) == ("BG-2026-01", "标杆场景奖励", OWNER, "应兑现", 2026)
    assert r.amount_yuan == Decimal(583_200)
    assert compute_rewards(repo.programme("2026-03-05")) == []  # not yet evaluated
    assert compute_rewards(repo.programme("2026-03-12")) == []  # evaluated, not yet approved by the 党工委
    assert "先封顶后折算" in "".join(r.derivation) and "核定：项目总投资 4,860,000 元" in "".join(r.derivation)


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
        {"donation": "JZ-2025-01", "confirmed": "2025-11-25", "unit": "领导小组办公室", "case": "BG-2026-01",
         "amount": {"amount": 46.8, "unit": "万元"}}]})
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
    repo.donation("JZ-2025-02", 2025, "2025-12-03", (28.5, "万元"), place="滨河公园东门")
    repo.lists("donations.yaml", {"confirmations": [
        {"donation": "JZ-2025-01", "confirmed": "2025-10-20", "unit": "领导小组办公室", "amount": {"amount": 800, "unit": "万元"}},
        {"donation": "JZ-2025-02", "confirmed": "2025-12-22", "unit": "领导小组办公室",
         "amount": {"amount": 200000, "unit": "元"}}]})
    rewards = {r.record_id: r for r in compute_rewards(repo.programme("2026-11-23"))}
    assert rewards["JZ-2025-01"].amount_yuan == CAP and rewards["JZ-2025-01"].recipient == PROVIDER
    assert rewards["JZ-2025-02"].amount_yuan == Decimal(100_000)  # the verified 20 万元, not the declared 28.5 万元
    assert "核实 JZ-2025-02 捐赠金额 200,000 元" in rewards["JZ-2025-02"].derivation[0]


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


def confirm(rid: str, day: str, amount: tuple) -> dict:
    return {"donation": rid, "confirmed": day, "unit": "领导小组办公室", "amount": {"amount": amount[0], "unit": amount[1]}}


def test_one_scene_year_of_donations_is_one_capped_sum(tmp_path, capsys):
    """§五14: 50 % of one scene's donations in a year, capped once: 200 + 500 万元 → 350 万元 → 300 万元, not 100 + 250."""
    repo = Repo(tmp_path)
    repo.donation("JZ-2025-01", 2025, "2025-09-16", (200, "万元"))
    repo.donation("JZ-2025-02", 2025, "2025-12-03", (500, "万元"))  # same donor, recipient and place
    repo.lists("donations.yaml", {"confirmations": [confirm("JZ-2025-01", "2025-10-20", (200, "万元")),
                                                    confirm("JZ-2025-02", "2025-12-22", (500, "万元"))]})
    found = [d for d in check(repo.root, today=D("2026-11-23")).diagnostics if d.code == "W-DONATION"]
    assert found and "JZ-2025-02" in found[0].message and found[0].is_error
    rewards = {r.record_id: r for r in compute_rewards(repo.programme("2026-11-23"))}
    assert rewards["JZ-2025-01"].amount_yuan == CAP and "7,000,000 元" in "".join(rewards["JZ-2025-01"].derivation)
    assert rewards["JZ-2025-02"].amount_yuan == 0 and rewards["JZ-2025-02"].reason == "并入 JZ-2025-01"
    # the data has an error: the command prints no total and fails
    assert main(["rewards", "--root", str(repo.root), "--today", "2026-11-23"]) == 1
    out = capsys.readouterr().out
    assert "应兑现合计" not in out and "不给出合计" in out and "W-DONATION" in out


def test_total_says_fen_and_counts_only_rows_due(tmp_path, capsys):
    repo = reward_repo(tmp_path)
    repo.donation("JZ-2025-01", 2025, "2025-09-16", (46.8, "万元"))
    repo.lists("donations.yaml", {"confirmations": [confirm("JZ-2025-01", "2025-10-20", (46.8, "万元"))]})
    repo.lists("withdrawals.yaml", {"withdrawals": [
        {"record": "JZ-2025-01", "kind": "撤销", "date": "2026-05-15", "reason": "虚报", "fraud": True,
         "clawback": {"amount": {"amount": 234000, "unit": "元"}, "date": "2026-06-10", "document_number": "晋开场景〔2026〕4号"}}]})
    assert main(["rewards", "--root", str(repo.root), "--today", "2026-11-23"]) == 0
    assert "应兑现合计：476,000 元（47.6 万元）（1 笔，精确到分）" in capsys.readouterr().out


# -- 8.10: the figures a reward is computed from are staff-confirmed -------------------------------

def test_reward_uses_the_confirmed_figures_not_the_applicants(tmp_path):
    """The applicant raises BG-2026-01 from 238 to 1500 万元: the reward stays 238 × 20% = 476,000 元."""
    repo = reward_repo(tmp_path, investment=(1500, "万元"), confirmed=(238, "万元"))
    [r] = compute_rewards(repo.programme("2026-11-23"))
    assert r.amount_yuan == Decimal(476_000) and r.status == "应兑现"
    diags = [d for d in check(repo.root, today=D("2026-11-23")).diagnostics if d.code == "W-FIGURES-CHANGED"]
    assert diags and "15,000,000 元" in diags[0].message and not diags[0].is_error


def test_unconfirmed_benchmark_is_not_paid(tmp_path):
    repo = reward_repo(tmp_path, confirmed=None)
    [r] = compute_rewards(repo.programme("2026-11-23"))
    assert (r.status, r.amount_yuan) == ("待核定", 0)
    diags = [d for d in check(repo.root, today=D("2026-11-23")).diagnostics if d.code == "W-FIGURES"]
    assert diags and diags[0].is_error and diags[0].path == "lists/evaluations/2026.yaml"


def test_donation_reward_uses_the_verified_amount(tmp_path):
    repo = Repo(tmp_path)
    repo.donation("JZ-2025-01", 2025, "2025-09-16", (600, "万元"))  # declared
    repo.lists("donations.yaml", {"confirmations": [confirm("JZ-2025-01", "2025-10-20", (46.8, "万元"))]})
    [r] = compute_rewards(repo.programme("2026-11-23"))
    assert r.amount_yuan == Decimal(234_000)


# -- 9.11: the reward order is an explicit setting ------------------------------------------------

@pytest.mark.parametrize("order,expected", [(None, Decimal(1_875_000)), (CAP_FIRST, Decimal(1_875_000)),
                                            (SCALE_FIRST, CAP)])
def test_reward_order_setting(tmp_path, order, expected):
    """§五13 hand-computed: 2400 万元 at 37.5 % fiscal. Cap first: min(480, 300) × 62.5% = 187.5 万元;
    scale first: min(2400 × 62.5% × 20%, 300) = 300 万元. The default is the seed's order, cap first."""
    repo = reward_repo(tmp_path, investment=(2400, "万元"), fiscal=37.5)
    if order is not None:
        settings = dict(SETTINGS, rewards=dict(SETTINGS["rewards"], order=order))
        write_yaml(repo.root, "lists/settings.yaml", settings)
    [r] = compute_rewards(repo.programme("2026-11-23"))
    assert r.amount_yuan == expected
    assert any(step.startswith(f"计算顺序：{order or CAP_FIRST}") for step in r.derivation)


def test_fully_fiscal_case_is_not_rewarded(tmp_path):
    repo = reward_repo(tmp_path, fiscal=100)
    [r] = compute_rewards(repo.programme("2026-11-23"))
    assert (r.status, r.amount_yuan, r.reason) == ("不予奖励", 0, "全部为财政资金")


# -- 9.1: one project, one reward ------------------------------------------------------------------

def test_second_case_for_the_same_project_is_not_rewarded_twice(tmp_path):
    repo = reward_repo(tmp_path)
    repo.case("BG-2026-02", "XQ-2025-0001", "GJ-2025-0001", "2025-11-18", (238, "万元"))
    repo.lists("evaluations/2026.yaml", evaluation(2026, [rated("BG-2026-01", (238, "万元")),
                                                          rated("BG-2026-02", (238, "万元"))]))
    rewards = {r.record_id: r for r in compute_rewards(repo.programme("2026-11-23"))}
    assert rewards["BG-2026-01"].amount_yuan == Decimal(476_000)
    assert (rewards["BG-2026-02"].status, rewards["BG-2026-02"].amount_yuan) == ("不予奖励", 0)
    diags = [d for d in check(repo.root, today=D("2026-11-23")).diagnostics if d.code == "W-ONE-REWARD"]
    assert diags and "BG-2026-01" in diags[0].message


def test_same_project_evaluated_in_two_years(tmp_path):
    repo = reward_repo(tmp_path)
    repo.case("BG-2027-01", "XQ-2025-0001", "GJ-2025-0001", "2025-11-18", (238, "万元"))
    repo.lists("evaluations/2027.yaml", evaluation(2027, [rated("BG-2027-01", (238, "万元"))]))
    rewards = {r.record_id: r for r in compute_rewards(repo.programme("2027-11-23"))}
    assert rewards["BG-2026-01"].status == "应兑现" and rewards["BG-2027-01"].status == "不予奖励"
    assert sum(r.amount_yuan for r in rewards.values() if r.status == "应兑现") == Decimal(476_000)


# -- 9.4: the case's money agrees with its project -------------------------------------------------

def test_case_fiscal_share_must_match_the_demand(tmp_path):
    """A case declaring 0 % on a 40 % fiscal demand: 486 万元 × 20% × 100% = 972,000 instead of 583,200 元."""
    repo = reward_repo(tmp_path, investment=(486, "万元"), fiscal=40)
    repo.case("BG-2026-01", "XQ-2025-0001", "GJ-2025-0001", "2025-11-18", (486, "万元"), fiscal=0)
    repo.lists("evaluations/2026.yaml", evaluation(2026, [rated("BG-2026-01", (486, "万元"), 0)]))
    diags = [d for d in check(repo.root, today=D("2026-11-23")).diagnostics if d.code == "W-CASE-FISCAL"]
    assert diags and diags[0].is_error and "40%" in diags[0].message
    # staff may record why the project's share differs from the demand's
    repo.lists("evaluations/2026.yaml", evaluation(2026, [rated("BG-2026-01", (486, "万元"), 0, reason="财政资金未到位，全部由企业自筹")]))
    assert not [d for d in check(repo.root, today=D("2026-11-23")).diagnostics if d.code == "W-CASE-FISCAL"]


# -- 9.5: fraud has all its consequences -----------------------------------------------------------

def test_clawback_must_equal_what_was_paid(tmp_path):
    """JZ: 28.5 万元 × 50% = 142,500 元 paid; recording 1 元 as clawed back is an error."""
    repo = Repo(tmp_path)
    repo.donation("JZ-2025-01", 2025, "2025-12-03", (28.5, "万元"))
    repo.lists("donations.yaml", {"confirmations": [confirm("JZ-2025-01", "2025-12-22", (28.5, "万元"))]})
    for amount, bad in ((1, True), (142500, False)):
        repo.lists("withdrawals.yaml", {"withdrawals": [
            {"record": "JZ-2025-01", "kind": "撤销", "date": "2026-05-15", "reason": "虚报", "fraud": True,
             "clawback": {"amount": {"amount": amount, "unit": "元"}, "date": "2026-06-10", "document_number": "晋开场景〔2026〕4号"}}]})
        diags = [d for d in check(repo.root, today=D("2026-11-23")).diagnostics if d.code == "W-CLAWBACK-AMOUNT"]
        assert bool(diags) == bad, diags
    assert "142,500 元" in "".join(compute_rewards(repo.programme("2026-11-23"))[0].derivation)


def test_unit_revoked_for_fraud_loses_later_rewards(tmp_path):
    """The investor's other record was revoked for fraud before the 2026 approval: 不予奖励 until restored."""
    repo = reward_repo(tmp_path)
    repo.demand("XQ-2025-0002", "2025-H1", "2025-04-09")  # same owner
    fraud = {"record": "XQ-2025-0002", "kind": "撤销", "date": "2026-01-10", "reason": "伪造材料", "fraud": True}
    repo.lists("withdrawals.yaml", {"withdrawals": [fraud]})
    [r] = compute_rewards(repo.programme("2026-11-23"))
    assert (r.status, r.amount_yuan) == ("不予奖励", 0) and "弄虚作假" in r.derivation[-1] and "XQ-2025-0002" in r.derivation[-1]
    fraud["restored"] = {"date": "2026-03-01", "document_number": "晋开场景〔2026〕1号", "reason": "整改到位"}
    repo.lists("withdrawals.yaml", {"withdrawals": [fraud]})
    [r] = compute_rewards(repo.programme("2026-11-23"))
    assert r.status == "应兑现"
    # a revocation after the reward was decided does not reach back
    fraud.pop("restored")
    fraud["date"] = "2026-04-01"
    repo.lists("withdrawals.yaml", {"withdrawals": [fraud]})
    [r] = compute_rewards(repo.programme("2026-11-23"))
    assert r.status == "应兑现"


# -- 9.7: donation eligibility -----------------------------------------------------------------------

def test_government_donor_is_not_rewarded(tmp_path):
    repo = Repo(tmp_path)
    gov = "11140500MB1K000000"[:17]
    from changjing.identifiers import make_credit_code
    gov = make_credit_code(gov)
    repo.org(gov, "晋城经开区某局", org_type="政府部门")
    repo.donation("JZ-2025-01", 2025, "2025-12-03", (28.5, "万元"), donor=gov)
    repo.lists("donations.yaml", {"confirmations": [confirm("JZ-2025-01", "2025-12-22", (28.5, "万元"))]})
    [r] = compute_rewards(repo.programme("2026-11-23"))
    assert (r.status, r.amount_yuan) == ("不予奖励", 0)
    diags = [d for d in check(repo.root, today=D("2026-11-23")).diagnostics if d.code == "R-DONATION-DONOR"]
    assert diags and diags[0].path == "submissions/donations/JZ-2025-01.yaml"

"""Rewards (晋市开管〔2025〕7号 第五部分), computed exactly with Decimal.

Benchmark reward: rate × total investment × non-fiscal share, capped, to the
investor. Donation reward: rate × the scene's confirmed donation for its
year, capped, to the donor. Rates and caps come from lists/settings.yaml.
A donation scene rated benchmark gets the donation reward only; only
projects inside the plan's validity window qualify; a revoked record's
reward is clawed back. Every figure carries the numbers it came from.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from ..workflow import Reward
from .status import Programme, benchmark_result

HUNDRED = Decimal(100)
FEN = Decimal("0.01")
DEFAULT_RATES = {"benchmark": (Decimal(20), Decimal(3_000_000)), "donation": (Decimal(50), Decimal(3_000_000))}


def yuan(amount: Decimal) -> str:
    """A money figure as people read it: exact 元 with thousands separators, and 万元 alongside."""
    text = f"{_exact(amount)} 元"
    if amount >= 10000:
        text += f"（{_exact(amount / Decimal(10000), group=False)} 万元）"
    return text


def _exact(value: Decimal, group: bool = True) -> str:
    if value == value.to_integral_value():
        return f"{int(value):,}" if group else str(int(value))
    return format(value.normalize(), ",f" if group else "f")


def percent(p: Decimal) -> str:
    return f"{p.normalize():f}%"


@dataclass(frozen=True)
class Figure:
    amount: Decimal
    steps: tuple[str, ...]


def capped(base: Decimal, rate: Decimal, cap: Decimal, base_label: str) -> Figure:
    """rate % × base, capped; rounded to the fen (分) only if the product has more decimals."""
    raw = base * rate / HUNDRED
    steps = [f"{base_label} {yuan(base)} × {percent(rate)} = {yuan(raw)}"]
    amount = raw
    if raw != raw.quantize(FEN):
        amount = raw.quantize(FEN, rounding=ROUND_HALF_UP)
        steps.append(f"按分四舍五入为 {yuan(amount)}")
    if amount > cap:
        steps.append(f"超过上限 {yuan(cap)}，按上限计")
        amount = cap
    return Figure(amount, tuple(steps))


def benchmark_figure(total_investment: Decimal, fiscal_percent: Decimal, rate: Decimal, cap: Decimal) -> Figure:
    non_fiscal = HUNDRED - fiscal_percent
    base = total_investment * non_fiscal / HUNDRED
    first = f"项目总投资 {yuan(total_investment)} × 非财政资金占比 {percent(non_fiscal)} = {yuan(base)}"
    fig = capped(base, rate, cap, "计奖基数")
    return Figure(fig.amount, (first,) + fig.steps)


def donation_figure(total: Decimal, rate: Decimal, cap: Decimal, year: int) -> Figure:
    return capped(total, rate, cap, f"{year} 年捐赠总额")


def _rule(prog: "Programme", name: str) -> tuple[Decimal, Decimal]:
    if prog.settings is None:
        return DEFAULT_RATES[name]
    r = getattr(prog.settings.rewards, name)
    return r.rate_percent, r.cap.yuan


def _revocation(prog: "Programme", ids: list[str]):
    for rid in ids:
        hit = prog.withdrawals.get(rid)
        if hit and hit[1].kind == "撤销" and hit[1].date <= prog.today:
            return hit[1]
    return None


def _settle(reward: Reward, prog: "Programme", ids: list[str], in_window: bool, window: tuple[date, date],
            day: date, day_label: str, apply_revocations: bool = True) -> Reward:
    if not in_window:
        return Reward(reward.record_id, reward.kind, reward.recipient, Decimal(0), reward.derivation + (
            f"{day_label} {day.isoformat()} 不在方案有效期（{window[0].isoformat()} 至 {window[1].isoformat()}）内，不予奖励",),
            reward.year, "不予奖励", "不在方案有效期内")
    revoked = _revocation(prog, ids) if apply_revocations else None
    if revoked is not None:
        if revoked.clawback is not None and revoked.clawback.date <= prog.today:
            return Reward(reward.record_id, reward.kind, reward.recipient, reward.amount_yuan, reward.derivation + (
                f"{revoked.date.isoformat()} 撤销资格（{revoked.reason}），"
                f"{revoked.clawback.date.isoformat()} 追回 {yuan(revoked.clawback.amount.yuan)}（{revoked.clawback.document_number}）",),
                reward.year, "已追回", revoked.reason)
        return Reward(reward.record_id, reward.kind, reward.recipient, Decimal(0), reward.derivation + (
            f"{revoked.date.isoformat()} 撤销资格（{revoked.reason}），不予奖励",), reward.year, "不予奖励", revoked.reason)
    return reward


def donation_case_links(prog: "Programme") -> dict[str, str]:
    """BG case → JZ donation, for cases that are donation scenes."""
    return {c.case: d for d, (_, c) in prog.confirmations.items() if c.case}


def compute_rewards(prog: "Programme", year: Optional[int] = None, *, apply_revocations: bool = True) -> list[Reward]:
    """Every reward as of ``prog.today`` (optionally one year's); ``apply_revocations=False``
    gives what would be due had nothing been revoked (to judge whether a claw-back is owed)."""
    out: list[Reward] = []
    window = prog.plan_window()
    links = donation_case_links(prog)
    b_rate, b_cap = _rule(prog, "benchmark")
    d_rate, d_cap = _rule(prog, "donation")
    # benchmark rewards: one per case rated 标杆
    for case in prog.index.models("case"):
        ev = benchmark_result(prog, case.id)
        if ev is None or ev[2].result != "标杆":
            continue
        fig = benchmark_figure(case.total_investment.yuan, case.fiscal_share_percent, b_rate, b_cap)
        steps = (f"{ev[1].year} 年标杆评选（{ev[1].meeting}，{ev[1].date.isoformat()}）评为标杆",) + fig.steps
        reward = Reward(case.id, "标杆场景奖励", case.investor, fig.amount, steps, ev[1].year)
        demand = prog.submission(case.demand)
        donation = links.get(case.id)
        if donation is None and demand is not None and demand.application_field == "捐赠":
            donation = "（需求应用环节为捐赠）"
        if donation:
            reward = Reward(case.id, reward.kind, reward.recipient, Decimal(0), steps + (
                f"该项目为捐赠场景 {donation}，已按捐赠场景给予奖励，不再重复给予标杆奖励",), reward.year,
                "不予奖励", "捐赠场景不重复奖励")
        else:
            reward = _settle(reward, prog, [case.id, case.demand, case.supply],
                             window[0] <= case.completed <= window[1], window, case.completed, "建成日期",
                             apply_revocations)
        out.append(reward)
    # donation rewards: one per confirmed donation scene
    for don in prog.index.models("donation"):
        hit = prog.confirmations.get(don.id)
        if hit is None or hit[1].confirmed > prog.today:
            continue
        conf = hit[1]
        total = (conf.amount or don.amount).yuan
        fig = donation_figure(total, d_rate, d_cap, don.year)
        steps = (f"{conf.confirmed.isoformat()} {conf.unit}确认捐赠" + ("（核实金额）" if conf.amount else ""),) + fig.steps
        reward = Reward(don.id, "捐赠场景奖励", don.donor, fig.amount, steps, don.year)
        reward = _settle(reward, prog, [don.id], window[0] <= don.donated_on <= window[1], window, don.donated_on, "捐赠日期",
                         apply_revocations)
        out.append(reward)
    out.sort(key=lambda r: (r.year, r.record_id))
    return [r for r in out if year is None or r.year == year]

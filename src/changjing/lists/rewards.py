"""Rewards (晋市开管〔2025〕7号 第五部分), computed exactly with Decimal.

Benchmark reward (§五13): rate × total investment, capped, paid in proportion to
the non-fiscal share, to the investor; the order of cap and scale is a staff
setting (lists/settings.yaml ``rewards.order``, default cap-then-scale) and every
derivation names it. Donation reward (§五14): rate × one scene's confirmed
donations for its year, capped once, to the donor. Every figure a reward is
computed from is the one staff confirmed in lists/ (the evaluation's
``figures``, the donation confirmation's ``amount``), never the applicant's own.

One project (one demand) is rewarded once; a donation scene rated benchmark
gets the donation reward only; only projects inside the plan's validity
window qualify; a revoked record's reward is clawed back, and a unit revoked
for fraud gets no later reward until staff restore its eligibility (§七(五)).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from ..workflow import Reward
from .models import DEFAULT_REWARD_ORDER
from .status import Programme, approved_benchmark

HUNDRED = Decimal(100)
FEN = Decimal("0.01")
DEFAULT_RATES = {"benchmark": (Decimal(20), Decimal(3_000_000)), "donation": (Decimal(50), Decimal(3_000_000))}
CAP_THEN_SCALE, SCALE_THEN_CAP = "先封顶后折算", "先折算后封顶"
#: a donor must be an enterprise (§五14)
ENTERPRISE_TYPES = frozenset({"国有企业", "民营企业"})


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


def _to_fen(raw: Decimal, steps: list[str]) -> Decimal:
    if raw == raw.quantize(FEN):
        return raw
    amount = raw.quantize(FEN, rounding=ROUND_HALF_UP)
    steps.append(f"按分四舍五入为 {yuan(amount)}")
    return amount


def capped(base: Decimal, rate: Decimal, cap: Decimal, base_label: str) -> Figure:
    """rate % × base, capped; rounded to the fen (分) only if the product has more decimals."""
    raw = base * rate / HUNDRED
    steps = [f"{base_label} {yuan(base)} × {percent(rate)} = {yuan(raw)}"]
    amount = _to_fen(raw, steps)
    if amount > cap:
        steps.append(f"超过上限 {yuan(cap)}，按上限计")
        amount = cap
    return Figure(amount, tuple(steps))


def benchmark_figure(total_investment: Decimal, fiscal_percent: Decimal, rate: Decimal, cap: Decimal,
                     order: str = DEFAULT_REWARD_ORDER) -> Figure:
    """The benchmark reward in the configured order, rounded once to the fen at the end."""
    non_fiscal = HUNDRED - fiscal_percent
    head = f"计算顺序：{order}（方案设置）"
    if order == SCALE_THEN_CAP:
        base = total_investment * non_fiscal / HUNDRED
        first = f"项目总投资 {yuan(total_investment)} × 非财政资金占比 {percent(non_fiscal)} = {yuan(base)}"
        fig = capped(base, rate, cap, "计奖基数")
        return Figure(fig.amount, (head, first) + fig.steps)
    full = total_investment * rate / HUNDRED
    steps = [head, f"项目总投资 {yuan(total_investment)} × {percent(rate)} = {yuan(full)}"]
    if full > cap:
        steps.append(f"超过上限 {yuan(cap)}，按上限计")
        full = cap
    raw = full * non_fiscal / HUNDRED
    steps.append(f"{yuan(full)} × 非财政资金占比 {percent(non_fiscal)} = {yuan(raw)}")
    return Figure(_to_fen(raw, steps), tuple(steps))


def donation_figure(total: Decimal, rate: Decimal, cap: Decimal, year: int) -> Figure:
    return capped(total, rate, cap, f"{year} 年捐赠总额")


def _rule(prog: "Programme", name: str) -> tuple[Decimal, Decimal]:
    if prog.settings is None:
        return DEFAULT_RATES[name]
    r = getattr(prog.settings.rewards, name)
    return r.rate_percent, r.cap.yuan


def reward_order(prog: "Programme") -> str:
    return prog.settings.rewards.order if prog.settings is not None else DEFAULT_REWARD_ORDER


def _revocation(prog: "Programme", ids: list[str]):
    for rid in ids:
        hit = prog.withdrawals.get(rid)
        if hit and hit[1].kind == "撤销" and hit[1].date <= prog.today:
            return hit[1]
    return None


def _denied(reward: Reward, step: str, reason: str) -> Reward:
    return Reward(reward.record_id, reward.kind, reward.recipient, Decimal(0), reward.derivation + (step,),
                  reward.year, "不予奖励", reason)


def _settle(reward: Reward, prog: "Programme", role: str, unit: str, decided: date, own: set[str],
            day: date, day_label: str, apply_revocations: bool) -> Reward:
    """The last tests of either reward: the recipient's fraud bar as of the day it was ``decided``, the
    plan's validity window around the project's ``day``, and a revocation of one of its ``own`` records."""
    bar = fraud_bar(prog, unit, decided, own) if apply_revocations else None
    if bar is not None:
        return _denied(reward, f"{role}因弄虚作假于 {bar[1].date.isoformat()} 被撤销资格（{bar[0]}），"
                               f"此后的奖励不予兑现", "单位因弄虚作假被撤销资格")
    window = prog.plan_window()
    if not window[0] <= day <= window[1]:
        return _denied(reward, f"{day_label} {day.isoformat()} 不在方案有效期（{window[0].isoformat()} 至 "
                               f"{window[1].isoformat()}）内，不予奖励", "不在方案有效期内")
    revoked = _revocation(prog, sorted(own)) if apply_revocations else None
    if revoked is not None:
        if revoked.clawback is not None and revoked.clawback.date <= prog.today:
            return Reward(reward.record_id, reward.kind, reward.recipient, reward.amount_yuan, reward.derivation + (
                f"{revoked.date.isoformat()} 撤销资格（{revoked.reason}），"
                f"{revoked.clawback.date.isoformat()} 追回 {yuan(revoked.clawback.amount.yuan)}（{revoked.clawback.document_number}）",),
                reward.year, "已追回", revoked.reason)
        return _denied(reward, f"{revoked.date.isoformat()} 撤销资格（{revoked.reason}），不予奖励", revoked.reason)
    return reward


def unit_of(prog: "Programme", rid: str) -> Optional[str]:
    """The credit code of the unit a record belongs to (owner, provider, investor, donor)."""
    sub = prog.submission(rid)
    if sub is None:
        return None
    for name in ("owner", "provider", "investor", "donor"):
        value = getattr(sub, name, None)
        if value:
            return value
    return None


def fraud_bar(prog: "Programme", unit: str, day: date, own: set[str]):
    """The fraud revocation (§七(五)) that bars ``unit`` from a reward decided on ``day``, if any.

    A revocation of one of the reward's own records is handled as a claw-back instead (``own``)."""
    for rid, (_, w) in sorted(prog.withdrawals.items()):
        if rid in own or w.kind != "撤销" or not w.fraud or w.date > prog.today or w.date > day:
            continue
        if w.restored is not None and w.restored.date <= day:
            continue
        if unit_of(prog, rid) == unit:
            return rid, w
    return None


def donation_case_links(prog: "Programme") -> dict[str, str]:
    """BG case → JZ donation, for cases that are donation scenes."""
    return {c.case: d for d, (_, c) in prog.confirmations.items() if c.case}


def donation_scene(don) -> tuple:
    """One donation scene-year: the same donor, recipient and place in the same year (§五14)."""
    return (don.donor, don.recipient.strip(), don.place.strip(), don.year)


def _benchmark_rewards(prog: "Programme", apply_revocations: bool) -> list[Reward]:
    out: list[Reward] = []
    links = donation_case_links(prog)
    rate, cap = _rule(prog, "benchmark")
    order = reward_order(prog)
    approved = []
    for case in prog.index.models("case"):
        ev = approved_benchmark(prog, case.id)
        if ev is not None:
            approved.append((ev[1].approval.date, case.id, case, ev))
    rewarded_projects: dict[str, str] = {}
    for day, _, case, (_, evaluation, result) in sorted(approved, key=lambda a: a[:2]):
        head = (f"{evaluation.year} 年标杆评选（{evaluation.meeting}，{evaluation.date.isoformat()}）评为标杆，"
                f"{evaluation.approval.meeting}（{day.isoformat()}，{evaluation.approval.document_number}）审定",)
        reward = Reward(case.id, "标杆场景奖励", case.investor, Decimal(0), head, evaluation.year)
        figures = result.figures
        if figures is None:
            out.append(Reward(case.id, reward.kind, reward.recipient, Decimal(0), head + (
                f"工作人员尚未在 lists/evaluations/{evaluation.year}.yaml 核定计奖金额（figures），暂不计算",),
                reward.year, "待核定", "计奖金额尚未核定"))
            continue
        confirmed = (f"工作人员核定：项目总投资 {yuan(figures.total_investment.yuan)}，财政资金占比 "
                     f"{percent(figures.fiscal_share_percent)}",)
        if figures.fiscal_share_percent >= HUNDRED:
            out.append(_denied(Reward(case.id, reward.kind, reward.recipient, Decimal(0), head + confirmed,
                                      reward.year), "项目全部使用财政资金，不予奖励", "全部为财政资金"))
            continue
        fig = benchmark_figure(figures.total_investment.yuan, figures.fiscal_share_percent, rate, cap, order)
        reward = Reward(case.id, reward.kind, reward.recipient, fig.amount, head + confirmed + fig.steps, reward.year)
        demand = prog.submission(case.demand)
        donation = links.get(case.id)
        if donation is None and demand is not None and demand.application_field == "捐赠":
            donation = "（需求应用环节为捐赠）"
        if donation:
            out.append(_denied(reward, f"该项目为捐赠场景 {donation}，已按捐赠场景给予奖励，不再重复给予标杆奖励",
                               "捐赠场景不重复奖励"))
            continue
        first = rewarded_projects.setdefault(case.demand, case.id)
        if first != case.id:
            out.append(_denied(reward, f"同一项目（需求 {case.demand}）已以案例 {first} 获得标杆奖励，一个项目只奖励一次",
                               "同一项目只奖励一次"))
            continue
        own = {case.id, case.demand, case.supply}
        out.append(_settle(reward, prog, "投资方", case.investor, day, own, case.completed, "建成日期",
                           apply_revocations))
    return out


def _donation_rewards(prog: "Programme", apply_revocations: bool) -> list[Reward]:
    out: list[Reward] = []
    rate, cap = _rule(prog, "donation")
    scenes: dict[tuple, list] = {}
    for don in prog.index.models("donation"):
        hit = prog.confirmations.get(don.id)
        if hit is not None and hit[1].confirmed <= prog.today:
            scenes.setdefault(donation_scene(don), []).append((hit[1].confirmed, don.id, don, hit[1]))
    for members in scenes.values():
        members.sort(key=lambda m: m[:2])
        day, _, don, conf = members[0]
        total = sum((c.amount.yuan for _, _, _, c in members), Decimal(0))
        steps = tuple(f"{c.confirmed.isoformat()} {c.unit}核实 {d.id} 捐赠金额 {yuan(c.amount.yuan)}"
                      for _, _, d, c in members)
        fig = donation_figure(total, rate, cap, don.year)
        reward = Reward(don.id, "捐赠场景奖励", don.donor, fig.amount, steps + fig.steps, don.year)
        for _, _, other, _ in members[1:]:
            out.append(Reward(other.id, "捐赠场景奖励", other.donor, Decimal(0), (
                f"与 {don.id} 是同一捐赠场景同一年度，并入 {don.id} 按年度合计计算并封顶",), other.year,
                "不予奖励", f"并入 {don.id}"))
        donor = prog.org(don.donor)
        if donor is not None and donor.type not in ENTERPRISE_TYPES:
            out.append(_denied(reward, f"捐赠方登记为{donor.type}，捐赠奖励只给捐赠的企业", "捐赠方不是企业"))
            continue
        own = {m[1] for m in members}
        out.append(_settle(reward, prog, "捐赠方", don.donor, day, own, don.donated_on, "捐赠日期",
                           apply_revocations))
    return out


def compute_rewards(prog: "Programme", year: Optional[int] = None, *, apply_revocations: bool = True) -> list[Reward]:
    """Every reward as of ``prog.today`` (optionally one year's); ``apply_revocations=False``
    gives what would be due had nothing been revoked (to judge whether a claw-back is owed)."""
    out = _benchmark_rewards(prog, apply_revocations) + _donation_rewards(prog, apply_revocations)
    out.sort(key=lambda r: (r.year, r.record_id))
    return [r for r in out if year is None or r.year == year]

"""Rules between records (代码 W-): money, certifications and status agree across files.

The rules in rules.py judge one decision at a time; these judge how records
and decisions fit together (晋市开管〔2025〕7号 §四–§七, 附件3): the figures a
reward is computed from are the ones staff confirmed, one project is rewarded
once, matchmaking and cases use live records only, a case's money agrees with
its project, fraud has all its consequences, batches are half-years and a
benchmark has its 党工委 approval.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Iterator

from ..identifiers import credit_code_problem
from .rewards import compute_rewards, yuan
from ..codes import document
from ..diagnostics import Severity
from .rules import LIST_RULES, Finding, _reward_subjects, d, list_rule
from .status import Programme, Where, derive_record, validity_end

ENDED = ("未通过", "已撤回", "已撤销")


def _evaluated(prog: Programme):
    for rid, items in sorted(prog.evaluations.items()):
        for where, evaluation, result in items:
            yield rid, where, evaluation, result


# -- money ------------------------------------------------------------------------------

@list_rule("W-FIGURES", "奖励按工作人员核定的金额计算")
def rule_confirmed_figures(prog: Programme) -> Iterator[Finding]:
    """决定奖励的数字由工作人员核定，不只凭申报单位自己的文件（晋市开管〔2025〕7号 §五13）：评为标杆的案例，
    评选结果必须写明核定的项目总投资和财政资金占比（`figures`）；奖励只按核定的数字计算。"""
    for rid, where, evaluation, result in _evaluated(prog):
        if rid.startswith("BG-") and result.result == "标杆" and result.figures is None:
            yield Finding(where.sub("result"), f"案例「{rid}」评为标杆，但没有核定计奖金额：请在 figures 中写明核定的"
                                               f"项目总投资（total_investment）和财政资金占比（fiscal_share_percent）。")


@list_rule("W-FIGURES-CHANGED", "申报金额与核定金额不一致", severity="warning")
def rule_figures_differ(prog: Programme) -> Iterator[Finding]:
    """案例的项目总投资、财政资金占比，或捐赠场景的捐赠金额，与工作人员核定的数字不同：奖励仍按核定的数字计算；
    申报单位改动了金额时，请工作人员重新核定（拉取请求中改动已核定的金额是 `P-FIGURES` 错误）。"""
    for rid, where, _, result in _evaluated(prog):
        case = prog.submission(rid)
        if case is None or not rid.startswith("BG-") or result.figures is None:
            continue
        f = result.figures
        if case.total_investment.yuan != f.total_investment.yuan:
            yield Finding(where.sub("figures.total_investment"), f"案例「{rid}」申报的项目总投资为 {yuan(case.total_investment.yuan)}，"
                                                                 f"核定的是 {yuan(f.total_investment.yuan)}。")
        if case.fiscal_share_percent != f.fiscal_share_percent:
            yield Finding(where.sub("figures.fiscal_share_percent"),
                          f"案例「{rid}」申报的财政资金占比为 {case.fiscal_share_percent}%，核定的是 {f.fiscal_share_percent}%。")
    for rid, (where, conf) in sorted(prog.confirmations.items()):
        don = prog.submission(rid)
        if don is not None and don.amount.yuan != conf.amount.yuan:
            yield Finding(where.sub("amount"), f"捐赠场景「{rid}」申报的捐赠金额为 {yuan(don.amount.yuan)}，"
                                               f"核实的是 {yuan(conf.amount.yuan)}。")


@list_rule("W-CASE-FISCAL", "案例的财政资金占比与需求一致")
def rule_case_fiscal(prog: Programme) -> Iterator[Finding]:
    """计奖用的财政资金占比（核定的，未核定时为案例申报的）必须等于对应需求的财政资金占比，
    不同时工作人员须在 `figures.fiscal_reason` 写明理由：否则一个 40% 财政资金的需求，案例写 0% 就能多得奖励。"""
    for case in prog.index.models("case"):
        demand = prog.submission(case.demand)
        if demand is None:
            continue
        results = [(w, r) for w, _, r in prog.evaluations.get(case.id, []) if r.figures is not None]
        if results:
            for where, result in results:
                f = result.figures
                if f.fiscal_share_percent != demand.fiscal_share_percent and not f.fiscal_reason:
                    yield Finding(where.sub("figures.fiscal_share_percent"),
                                  f"核定的财政资金占比 {f.fiscal_share_percent}% 与需求「{demand.id}」的 "
                                  f"{demand.fiscal_share_percent}% 不同，请在 fiscal_reason 写明理由。")
        elif case.fiscal_share_percent != demand.fiscal_share_percent:
            for where, _, _ in prog.evaluations.get(case.id, []):
                yield Finding(where.sub("record"), f"案例「{case.id}」申报的财政资金占比 {case.fiscal_share_percent}% 与需求"
                                                   f"「{demand.id}」的 {demand.fiscal_share_percent}% 不同，请核定 figures 并写明理由。")


@list_rule("W-ONE-REWARD", "一个项目只奖励一次")
def rule_one_reward(prog: Programme) -> Iterator[Finding]:
    """同一个项目（同一需求）只能评为标杆一次，无论是第二个案例文件，还是同一项目在另一年度再次评选
    （晋市开管〔2025〕7号 §五13）；奖励只给最先审定的一个。"""
    rated = []
    for rid, where, evaluation, result in _evaluated(prog):
        case = prog.submission(rid)
        if rid.startswith("BG-") and case is not None and result.result == "标杆":
            day = evaluation.approval.date if evaluation.approval else evaluation.date
            rated.append((day, rid, case.demand, where))
    first: dict[str, str] = {}
    for _, rid, demand, where in sorted(rated, key=lambda r: r[:2]):
        seen = first.get(demand)
        if seen is None:
            first[demand] = rid
        elif seen == rid:
            yield Finding(where.sub("record"), f"案例「{rid}」已在此前的评选中评为标杆，同一项目不再重复评选。")
        else:
            yield Finding(where.sub("record"), f"需求「{demand}」的项目已以案例「{seen}」评为标杆，一个项目只奖励一次。")


# -- fraud -------------------------------------------------------------------------------

@list_rule("W-CLAWBACK-AMOUNT", "追回金额等于已兑现的奖励")
def rule_clawback_amount(prog: Programme) -> Iterator[Finding]:
    """因弄虚作假撤销时，已兑现的奖励全部追回（晋市开管〔2025〕7号 §七(五)）：登记的追回金额必须等于
    这条记录（及以它为需求、供给的案例）按规定应兑现的奖励金额，不多不少。"""
    full = {r.record_id: r for r in compute_rewards(prog, apply_revocations=False) if r.amount_yuan > 0}
    for rid, (where, w) in sorted(prog.withdrawals.items()):
        if w.kind != "撤销" or w.clawback is None:
            continue
        paid = sum((r.amount_yuan for r in full.values() if rid in _reward_subjects(prog, r.record_id)), Decimal(0))
        if w.clawback.amount.yuan != paid:
            yield Finding(where.sub("clawback.amount"), f"追回金额 {yuan(w.clawback.amount.yuan)} 与已兑现的奖励 "
                                                        f"{yuan(paid)} 不符：弄虚作假的奖励须全额追回。")



@list_rule("W-RESTORED", "恢复资格的登记")
def rule_restored(prog: Programme) -> Iterator[Finding]:
    """只有因弄虚作假撤销的记录才需要登记恢复资格（restored），恢复日期不早于撤销日期。在恢复之前，
    该单位此后的奖励一律显示为“不予奖励”并写明原因。"""
    for rid, (where, w) in sorted(prog.withdrawals.items()):
        if w.restored is None:
            continue
        if not (w.kind == "撤销" and w.fraud):
            yield Finding(where.sub("restored"), "只有因弄虚作假撤销（kind: 撤销，fraud: true）才需要恢复资格。")
        elif w.restored.date < w.date:
            yield Finding(where.sub("restored.date"), f"恢复日期 {d(w.restored.date)} 早于撤销日期 {d(w.date)}。")


# -- live records ------------------------------------------------------------------------

@list_rule("W-PROJECT-LIVE", "对接建设只用有效的记录")
def rule_project_live(prog: Programme) -> Iterator[Finding]:
    """对接和建设只能使用已发布且仍然有效的需求和供给（晋市开管〔2025〕7号 §四8–10）：未通过（包括公示期间
    异议成立）的记录从未发布，不能对接；撤回或撤销之后，不能再开始对接、签约或建成。按每个记录自己的结果和日期判断。"""
    for f, p in sorted(prog.projects.values(), key=lambda x: x[0].path):
        for key, rid in [("demand", p.demand)] + [(f"supplies.{k}", s) for k, s in enumerate(p.supplies)]:
            if not prog.exists(rid):
                continue
            st = derive_record(prog, rid)
            if st.published is None and st.status in ENDED:
                yield Finding(Where(f, key), f"「{rid}」{st.status}（{st.reason}），从未发布，不能对接建设。")
                continue
            hit = prog.withdrawals.get(rid)
            if hit is None:
                continue
            w = hit[1]
            for step, label in (("matchmaking_started", "开始对接"), ("signed", "签约"), ("completed", "建成")):
                day = getattr(p, step)
                if day is not None and day >= w.date:
                    yield Finding(Where(f, step), f"「{rid}」已于 {d(w.date)} {w.kind}，{label}日期 {d(day)} 在此之后。")
                    break


@list_rule("W-CASE-PROJECT", "案例与对接建设一致")
def rule_case_project(prog: Programme) -> Iterator[Finding]:
    """评选的标杆案例必须对应一个对接建设文件（lists/projects/<需求编号>.yaml），案例的供给必须是这个项目采用的供给，
    投资方必须是需求方（奖励给投资方即采购方，晋市开管〔2025〕7号 §五13）。"""
    for rid, where, _, _ in _evaluated(prog):
        case = prog.submission(rid)
        if case is None or not rid.startswith("BG-"):
            continue
        proj = prog.projects.get(case.demand)
        if proj is None:
            continue  # W-SEQ-BENCHMARK: no built project
        if case.supply not in proj[1].supplies:
            yield Finding(where.sub("record"), f"案例「{rid}」的供给「{case.supply}」不是需求「{case.demand}」的项目采用的供给"
                                               f"（{'、'.join(proj[1].supplies) or '无'}）。")
        demand = prog.submission(case.demand)
        if demand is not None and case.investor != demand.owner:
            yield Finding(where.sub("record"), f"案例「{rid}」的投资方「{case.investor}」不是需求方「{demand.owner}」。")


# -- 三新 -----------------------------------------------------------------------------------

@list_rule("W-SANXIN-NOTICE", "三新认定在公示期满之后")
def rule_sanxin_after_notice(prog: Programme) -> Iterator[Finding]:
    """三新认定只给通过公示并发布的供给（晋市开管〔2025〕7号 附件3 三(五)）：认定日期必须在该审定批次公示期满之后；
    公示期内（或公示之前）的认定是错误。认定之后记录未通过、撤回或撤销，认定随之失效（网站和 `changjing status` 写明原因）。"""
    decisions = {dec.id: (f, j, dec) for f, b in prog.batches for j, dec in enumerate(b.decisions)}
    for sid, items in sorted(prog.certifications.items()):
        for where, c in items:
            hit = decisions.get(c.decision)
            if hit is None or sid not in hit[2].supplies:
                continue  # W-SANXIN
            f, j, dec = hit
            end = prog.notice_end(dec.notice.start, Where(f, f"decisions.{j}.notice.start")) if dec.notice else None
            if dec.notice is None:
                yield Finding(where.sub("approved"), f"审定批次「{dec.id}」没有公示，不能认定三新。")
            elif end is not None and c.approved <= end:
                yield Finding(where.sub("approved"), f"认定日期 {d(c.approved)} 不在公示期满之后：公示自 {d(dec.notice.start)} "
                                                     f"至 {d(end)}。")


_PUNCT = re.compile(r"[\s\u3000·・,，.。:：;；、\-—_()（）\[\]【】\"'“”‘’《》<>]+")


def same_item(a, b) -> bool:
    """Two supplies are one 三新 item: same provider and the same name (ignoring spacing and punctuation),
    or any intellectual property in common (the same item under a changed title)."""
    if a.provider != b.provider:
        return False
    if _PUNCT.sub("", a.title).casefold() == _PUNCT.sub("", b.title).casefold():
        return True
    ip_a = {_PUNCT.sub("", ip.number).upper() for ip in a.intellectual_property}
    return bool(ip_a & {_PUNCT.sub("", ip.number).upper() for ip in b.intellectual_property})


@list_rule("W-SANXIN-REAPPLY", "同一三新事项有效期内不重复评审")
def rule_sanxin_repeat(prog: Programme) -> Iterator[Finding]:
    """三新认定有效期 2 年内不再重复评审（晋市开管〔2025〕7号 附件3 三(五)）。同一事项指同一供给方的同名事项
    （不计空格和标点），或与之共用知识产权（授权号、登记号）的事项——改了名称也是同一事项。有效期内再次申请、
    或在前一申请尚未有结果时同时申请，都是错误。"""
    applying = []
    for rid, ref in prog.entries.items():
        sub = prog.submission(rid)
        if rid.startswith("GJ-") and sub is not None and sub.apply_sanxin:
            applying.append((sub.submitted, rid, sub, ref))
    applying.sort(key=lambda a: a[:2])
    by_provider: dict[str, list] = {}  # the same item has the same provider: compare within a provider only
    for item in applying:
        by_provider.setdefault(item[2].provider, []).append(item)
    years = prog.sanxin_years()
    for submitted, rid, sub, ref, earlier in ((*item, items[:n]) for items in by_provider.values()
                                              for n, item in enumerate(items)):
        for _, other_id, other, _ in earlier:
            if not same_item(sub, other):
                continue
            certs = [c for _, c in prog.certifications.get(other_id, [])]
            if certs:
                c = max(certs, key=lambda c: c.approved)
                expires = validity_end(c.approved, years)
                if c.approved <= submitted <= expires:
                    yield Finding(ref.where.sub("record"), f"「{rid}」与「{other_id}」是同一事项，后者的三新认定有效期至 "
                                                           f"{d(expires)}，有效期内不再重复评审。")
                    break
                continue
            st = derive_record(prog, other_id)
            if st.status not in ENDED and st.published is None:
                yield Finding(ref.where.sub("record"), f"「{rid}」与「{other_id}」是同一事项，后者的三新申请尚未有结果，"
                                                       f"不能同时申请。")
                break


# -- batches and evaluations ------------------------------------------------------------------

@list_rule("W-BATCH-HALF", "批次是半年")
def rule_batch_half_year(prog: Programme) -> Iterator[Finding]:
    """征集每年上下半年各一次（晋市开管〔2025〕7号 §四5；附件3 三(一)）：批次 `2026-H1` 的征集期在 2026 年 1–6 月内，
    `2026-H2` 在 7–12 月内。文件名就是批次编号，因此每半年只有一个批次。"""
    for f, b in prog.batches:
        year, half = int(b.id[:4]), b.id[-1]
        first, last = (date(year, 1, 1), date(year, 6, 30)) if half == "1" else (date(year, 7, 1), date(year, 12, 31))
        for key in ("opens", "closes"):
            day = getattr(b, key)
            if not first <= day <= last:
                yield Finding(Where(f, key), f"批次 {b.id} 的征集期应在 {d(first)} 至 {d(last)} 之内，{d(day)} 不在其中。")


@list_rule("W-EVALUATION-APPROVAL", "标杆评选须经党工委审定")
def rule_evaluation_approval(prog: Programme) -> Iterator[Finding]:
    """标杆评选由领导小组评选、党工委审定（晋市开管〔2025〕7号 §四11）：有评为标杆的结果时必须录入党工委审定的会议、
    日期和文号（approval），审定日期不早于评选日期。审定之前案例为待审定，不公开、没有奖励。"""
    for f in prog.store.folder("lists/evaluations"):
        ev = f.model
        if ev is None:
            continue
        if ev.approval is None:
            if any(r.result == "标杆" for r in ev.results):
                yield Finding(Where(f, "date"), "有评为标杆的结果，但没有党工委审定（approval：会议、日期、文号）。")
        elif ev.approval.date < ev.date:
            yield Finding(Where(f, "approval.date"), f"党工委审定日期 {d(ev.approval.date)} 早于评选日期 {d(ev.date)}。")


@list_rule("W-EVALUATION-TIMING", "标杆评选在年初进行", severity="warning")
def rule_evaluation_timing(prog: Programme) -> Iterator[Finding]:
    """标杆评选每年年初进行，评选上一年建成的项目（晋市开管〔2025〕7号 §四11）：评选日期不在评选年度的第一季度时提醒。"""
    for f in prog.store.folder("lists/evaluations"):
        ev = f.model
        if ev is not None and not (ev.date.year == ev.year and ev.date.month <= 3):
            yield Finding(Where(f, "date"), f"{ev.year} 年评选的日期 {d(ev.date)} 不在 {ev.year} 年年初（1–3 月）。")


# -- small things ---------------------------------------------------------------------------

@list_rule("W-CREDIT-CODE", "合作单位信用代码校验")
def rule_partner_credit_code(prog: Programme) -> Iterator[Finding]:
    """lists/projects/ 中合作单位的统一社会信用代码按 GB 32100-2015 校验校验位。"""
    for f, p in sorted(prog.projects.values(), key=lambda x: x[0].path):
        for k, partner in enumerate(p.partners):
            problem = credit_code_problem(partner.credit_code) if partner.credit_code else None
            if problem:
                yield Finding(Where(f, f"partners.{k}.credit_code"), problem)


@list_rule("W-SITE-CHECK", "三新初审录入实地核查")
def rule_site_check(prog: Programme) -> Iterator[Finding]:
    """申请三新认定的供给，初审时进行实地核查（晋市开管〔2025〕7号 附件3 三(二)）：初审通过的，须在初审中录入
    实地核查的日期和情况（site_check），核查日期不晚于初审日期。"""
    for rid, ref in sorted(prog.entries.items()):
        ir = ref.entry.initial_review
        sub = prog.submission(rid)
        if ir is None or sub is None or not rid.startswith("GJ-") or not sub.apply_sanxin:
            continue
        if ir.site_check is None and ir.result == "通过":
            yield Finding(ref.where.sub("initial_review"), f"「{rid}」申请三新认定，初审须录入实地核查（site_check：日期和情况）。")
        elif ir.site_check is not None and ir.site_check.date > ir.date:
            yield Finding(ref.where.sub("initial_review.site_check.date"),
                          f"实地核查日期 {d(ir.site_check.date)} 晚于初审日期 {d(ir.date)}。")


document("员工决定（W-，lists/）", [
    (r.code, r.title, ("（警告）" if r.severity is Severity.WARNING else "") + r.doc)
    for r in LIST_RULES if r.func.__module__ == __name__])

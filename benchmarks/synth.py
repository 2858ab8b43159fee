#!/usr/bin/env python3
"""Synthetic repository for benchmarks and tests: ``python3 benchmarks/synth.py N OUTDIR``.

Writes N valid records (about 55 % demands, 40 % supplies, the rest benchmark
cases and donations) plus the organisations they name into OUTDIR/submissions/.
The text is varied Chinese built from word lists, so search has something to find.
Deterministic: the same N gives the same files.

:func:`synthetic_state` builds a derived programme state in which every record
is published, with a timeline, notices and rewards — for exercising the site at
scale independently of lists/ (it constructs the contract dataclasses of
changjing.workflow; it does not replace changjing.lists.state.build_state).
"""
from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

PLACES = ["园区", "车间", "仓库", "厂区", "街道", "社区", "政务大厅", "实验室", "物流中心", "产业园"]
TECH = ["视觉检测", "人工智能", "数字孪生", "物联网", "边缘计算", "激光加工", "光学测量", "智能巡检", "大数据分析",
        "无人机", "新材料涂层", "机器人", "预测性维护", "能耗监测", "智能调度"]
OBJECTS = ["缺陷识别", "安全监管", "质量追溯", "设备运维", "环境监测", "能源管理", "仓储盘点", "交通疏导",
           "消防预警", "审批服务", "产线升级", "园区治理", "精密装配", "表面检测", "危化品管理"]
DOMAIN_DEPT = [("生产制造", "经济发展与安全监管部"), ("仓储物流", "市园区开发建设运营有限公司"),
               ("研发设计", "创新发展部"), ("园区治理", "市园区开发建设运营有限公司"),
               ("智慧政务", "行政审批局"), ("应急安全", "经济发展与安全监管部"),
               ("城市治理", "综合执法局"), ("消防", "开发区消防救援大队"), ("其他", "产业促进服务中心")]
CHAINS = ["视觉系统", "新材料", "人工智能"]
ORG_TYPES = ["民营企业", "国有企业", "民营企业", "事业单位", "高等院校"]


def q(text) -> str:
    return json.dumps(str(text), ensure_ascii=False)


def credit_code(i: int) -> str:
    from changjing.identifiers import make_credit_code

    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    n, tail = i, ""
    for _ in range(8):
        tail = alphabet[n % 31] + tail
        n //= 31
    return make_credit_code("91140500M" + tail)


def phrase(rng: random.Random) -> str:
    return rng.choice(PLACES) + rng.choice(TECH) + rng.choice(OBJECTS)


def write_org(folder: Path, code: str, i: int, rng: random.Random) -> dict:
    industry = "光机电" if i % 3 else "数字经济"
    chain = CHAINS[i % 3] if industry == "光机电" else None
    text = [f"credit_code: {q(code)}", f"name: {q(f'晋城{rng.choice(TECH)}科技有限公司{i:04d}')}",
            f"type: {ORG_TYPES[i % len(ORG_TYPES)]}", f"location: {'主区' if i % 2 else '金匠园区'}",
            f"industry: {industry}"]
    if chain:
        text.append(f"chain: {chain}")
    text += ["declarations:", "  no_major_accident_3y: true", "  not_abnormal_operation: true",
             "  not_serious_dishonesty: true", "contact:", "  office: 科技创新部", "  phone: 0356-2226000",
             f"address: {q(f'晋城经开区{rng.choice(PLACES)}路{i % 90 + 1}号')}"]
    (folder / f"{code}.yaml").write_text("\n".join(text) + "\n", encoding="utf-8")
    return {"code": code, "industry": industry, "chain": chain}


def write_demand(folder: Path, rid: str, batch: str, owner: str, rng: random.Random, n: int) -> None:
    year, half = int(batch[:4]), batch[-1]
    submitted = date(year, 3 if half == "1" else 9, 1) + timedelta(days=n % 28)
    domain, dept = DOMAIN_DEPT[n % len(DOMAIN_DEPT)]
    title = phrase(rng) + "场景"
    lines = [f"id: {rid}", f"title: {q(title)}", f"owner: {q(owner)}", f"batch: {batch}",
             f"submitted: {submitted.isoformat()}", f"domain: {domain}", "application_field: 生产",
             f"responsible_department: {dept}",
             f"pain_point: {q('现有' + phrase(rng) + '依靠人工，效率低、差错多，需要引入' + rng.choice(TECH) + '等新技术解决' + rng.choice(OBJECTS) + '问题。')}",
             "technical_requirements:",
             f"  - item: {q(rng.choice(TECH) + rng.choice(OBJECTS))}", "    indicator: 识别准确率",
             "    target: ≥ 99%", "opens:", f"  site: {q(rng.choice(PLACES) + '约 200 平方米')}",
             "budget:", f"  amount: {rng.randint(20, 900)}", "  unit: 万元", "fiscal_share_percent: 0",
             "cooperation_mode: 揭榜挂帅", f"replicability: {q('可在区内同类' + rng.choice(PLACES) + '推广。')}",
             f"reply_deadline: {(submitted + timedelta(days=90)).isoformat()}", "exclusions:",
             "  not_general_infrastructure: true", "  not_traditional_it: true", "  not_solo_rnd: true",
             "  not_completed: true", "keywords:", f"  - {rng.choice(TECH)}", f"  - {rng.choice(OBJECTS)}"]
    (folder / f"{rid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_supply(folder: Path, rid: str, batch: str, org: dict, rng: random.Random, n: int) -> None:
    year, half = int(batch[:4]), batch[-1]
    submitted = date(year, 3 if half == "1" else 9, 1) + timedelta(days=n % 28)
    lines = [f"id: {rid}", f"title: {q(rng.choice(TECH) + rng.choice(OBJECTS) + '系统')}", f"provider: {q(org['code'])}",
             f"batch: {batch}", f"submitted: {submitted.isoformat()}", f"kind: {['新产品', '新技术', '新工艺'][n % 3]}",
             f"industry: {org['industry']}"]
    if org["chain"]:
        lines.append(f"chain: {org['chain']}")
    lines += [f"description: {q('面向' + phrase(rng) + '的' + rng.choice(TECH) + '解决方案，已在多家企业应用。')}",
              "technical_level: 国内先进", "indicators:", "  - name: 检测精度", "    value: 5 μm", "    peer: 10 μm",
              "intellectual_property:", "  - kind: 发明专利", f"    number: {q(f'ZL2023{n:08d}')}",
              f"    title: {q('一种' + rng.choice(TECH) + '方法')}", "    ownership: 自有",
              f"apply_sanxin: {'true' if n % 2 else 'false'}", "keywords:", f"  - {rng.choice(TECH)}"]
    (folder / f"{rid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_case(folder: Path, rid: str, demand: str, supply: str, investor: str, rng: random.Random) -> None:
    year = int(rid[3:7])
    completed = date(year - 1, 10, 15)
    body = "\n".join([f"## 背景\n\n{phrase(rng)}长期依靠人工，效率不高。\n",
                      f"## 方案\n\n采用{rng.choice(TECH)}建设{rng.choice(OBJECTS)}系统。\n",
                      f"## 成效\n\n效率提升 {rng.randint(20, 80)}%。\n",
                      f"## 推广\n\n可在{rng.choice(PLACES)}推广。\n"])
    lines = ["---", f"id: {rid}", f"title: {q(phrase(rng) + '标杆案例')}", f"demand: {demand}", f"supply: {supply}",
             f"investor: {q(investor)}", f"completed: {completed.isoformat()}",
             f"accepted: {(completed + timedelta(days=20)).isoformat()}", "operating_status: 运行中",
             "total_investment:", f"  amount: {rng.randint(100, 2000)}", "  unit: 万元",
             f"fiscal_share_percent: {rng.choice([0, 0, 30])}", "ip_counts:", "  invention_patents: 2",
             "replicated_places:", "  - 晋城经开区主区", "  - 金匠园区", "factors:",
             "  technical_lead: 拥有自主知识产权", "  replicability: 可复制", "  industry_upgrade: 推动升级",
             "  scale_and_benefit: 效益明显", f"summary: {q('用' + rng.choice(TECH) + '提升' + rng.choice(OBJECTS) + '水平。')}",
             "---", body]
    (folder / f"{rid}.md").write_text("\n".join(lines), encoding="utf-8")


def write_donation(folder: Path, rid: str, donor: str, rng: random.Random) -> None:
    year = int(rid[3:7])
    lines = [f"id: {rid}", f"title: {q(phrase(rng) + '捐赠场景')}", f"donor: {q(donor)}",
             f"recipient: {q('晋城经开区' + rng.choice(PLACES) + '公共空间')}", "recipient_type: 公共场所",
             f"year: {year}", f"donated_on: {year}-06-01", "amount:", f"  amount: {rng.randint(10, 300)}",
             "  unit: 万元", f"place: {q('晋城经开区' + rng.choice(PLACES))}",
             f"description: {q('捐赠建设' + rng.choice(TECH) + rng.choice(OBJECTS) + '设施，向公众开放。')}"]
    (folder / f"{rid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


BATCHES = ["2025-H1", "2025-H2", "2026-H1", "2026-H2"]


def generate(n: int, out: Path | str, seed: int = 7) -> Path:
    out = Path(out)
    rng = random.Random(seed)
    sub = out / "submissions"
    for folder in ("orgs", "demand", "supply", "cases", "donations"):
        (sub / folder).mkdir(parents=True, exist_ok=True)
    (out / "lists").mkdir(exist_ok=True)
    project = Path(__file__).resolve().parent.parent / "lists"
    for name in ("settings.yaml", "calendar"):  # programme settings and the holiday calendar, as in the project
        src = project / name
        if src.is_dir():
            import shutil

            shutil.copytree(src, out / "lists" / name, dirs_exist_ok=True)
        elif src.exists():
            (out / "lists" / name).write_bytes(src.read_bytes())
    orgs = [write_org(sub / "orgs", credit_code(i + 1), i, rng) for i in range(max(8, n // 20))]
    n_case = min(max(1, n * 3 // 100), 99 * 4)
    n_don = min(max(1, n * 2 // 100), 99 * 4)
    n_demand = max(1, (n - n_case - n_don) * 55 // 95)
    n_supply = max(1, n - n_case - n_don - n_demand)
    demands, supplies = [], []
    counters: dict[str, int] = {}
    # an ID has four digits a year: beyond 2 × 9999 demands, earlier years take the rest
    years = max(2, -(-max(n_demand, n_supply) // 9999))
    batches = BATCHES + [f"{2024 - y}-H{h}" for y in range(years - 2) for h in (1, 2)]
    for i in range(n_demand):
        batch = batches[i % len(batches)]
        counters["XQ" + batch[:4]] = counters.get("XQ" + batch[:4], 0) + 1
        rid = f"XQ-{batch[:4]}-{counters['XQ' + batch[:4]]:04d}"
        write_demand(sub / "demand", rid, batch, orgs[i % len(orgs)]["code"], rng, i)
        demands.append(rid)
    for i in range(n_supply):
        batch = batches[i % len(batches)]
        counters["GJ" + batch[:4]] = counters.get("GJ" + batch[:4], 0) + 1
        rid = f"GJ-{batch[:4]}-{counters['GJ' + batch[:4]]:04d}"
        write_supply(sub / "supply", rid, batch, orgs[(i * 7 + 3) % len(orgs)], rng, i)
        supplies.append(rid)
    for i in range(n_case):
        rid = f"BG-{2026 + i // 99}-{i % 99 + 1:02d}"
        write_case(sub / "cases", rid, demands[i % len(demands)], supplies[i % len(supplies)],
                   orgs[i % len(orgs)]["code"], rng)
    # only enterprises donate (R-DONATION-DONOR)
    donors = [o for k, o in enumerate(orgs) if ORG_TYPES[k % len(ORG_TYPES)].endswith("企业")]
    for i in range(n_don):
        rid = f"JZ-{2025 + i // 99}-{i % 99 + 1:02d}"
        write_donation(sub / "donations", rid, donors[(i * 3) % len(donors)]["code"], rng)
    return out


def synthetic_state(root: Path | str, today: date, index=None):
    """Every record published (dated timeline, a notice per batch, rewards for cases and donations)."""
    from changjing.index import Index
    from changjing.workflow import (Batch, Certification, Event, Notice, ProgrammeState, RecordState, Reward,
                                    SkippedDay)

    index = index or Index(root)
    state = ProgrammeState(today=today)
    by_batch: dict[str, list[str]] = {}
    for kind in ("demand", "supply", "case", "donation"):
        for rec in index.records(kind):
            m = rec.model
            if m is None:
                continue
            batch = getattr(m, "batch", None)
            start = getattr(m, "submitted", None) or getattr(m, "accepted", None) or m.donated_on
            notice_start = _notice_start(batch) if batch else start + timedelta(days=30)
            published = notice_start + timedelta(days=8)
            history = (Event(start, "提交申报"), Event(start + timedelta(days=7), "初审通过", "领导小组办公室"),
                       Event(start + timedelta(days=16), "专家评审通过"), Event(notice_start - timedelta(days=3),
                                                                             "党工委会议审定", "2026年第3次党工委会议"),
                       Event(notice_start, "公示开始"), Event(published, "发布"))
            if published > today:  # the notice below runs 6 days: 公示中 to its end, then 待发布
                status = "公示中" if notice_start + timedelta(days=6) >= today else "待发布"
            else:
                status = "标杆" if kind == "case" else "已发布"
            cert = None
            if kind == "supply" and m.apply_sanxin:
                cert = Certification(m.id, published, published.replace(year=published.year + 2),
                                     published.replace(year=published.year + 2) < today, "晋市开管〔2026〕12号")
            state.records[rec.id] = RecordState(rec.id, status, history, None, cert,
                                                published if published <= today else None)
            if batch:
                by_batch.setdefault(batch, []).append(rec.id)
            if kind == "case":
                non_fiscal = (Decimal(100) - m.fiscal_share_percent) / 100
                amount = min(m.total_investment.yuan * non_fiscal * Decimal("0.2"), Decimal(3000000))
                state.rewards.append(Reward(m.id, "标杆场景奖励", m.investor, amount.quantize(Decimal("0.01")),
                                            (f"项目总投资 {m.total_investment} × 非财政占比 {non_fiscal:.0%} × 20%",
                                             f"= {amount:,.2f} 元（上限 300 万元）"), m.completed.year + 1))
            if kind == "donation":
                amount = min(m.amount.yuan * Decimal("0.5"), Decimal(3000000))
                state.rewards.append(Reward(m.id, "捐赠场景奖励", m.donor, amount.quantize(Decimal("0.01")),
                                            (f"捐赠金额 {m.amount} × 50%", f"= {amount:,.2f} 元"), m.year))
    for batch, ids in sorted(by_batch.items()):
        start = _notice_start(batch)
        end = start + timedelta(days=6)
        state.notices.append(Notice(batch, f"{batch} 批次场景清单公示", batch, tuple(sorted(ids)), start, end,
                                    (SkippedDay(start + timedelta(days=(5 - start.weekday()) % 7), "周六"),
                                     SkippedDay(start + timedelta(days=(6 - start.weekday()) % 7), "周日")),
                                    "党工委会议", "晋市开管〔2026〕12号", "", "领导小组办公室", "0356-2226000",
                                    "晋城经开区行政审批局"))
        opens = date(int(batch[:4]), 3 if batch[-1] == "1" else 9, 1)
        state.batches.append(Batch(batch, f"{batch} 批次征集", opens, opens + timedelta(days=60),
                                   opens <= today <= opens + timedelta(days=60)))
    return state


def _notice_start(batch: str) -> date:
    d = date(int(batch[:4]), 6 if batch[-1] == "1" else 11, 2)
    while d.weekday() != 0:
        d += timedelta(days=1)
    return d


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python3 benchmarks/synth.py N OUTDIR")
    path = generate(int(sys.argv[1]), sys.argv[2])
    print(f"wrote {int(sys.argv[1])} records into {path}")

"""Builders for tiny throw-away repositories used by the lists/ tests (no tests here).

Real files, written as YAML text and read back by the real loader, models and
index: nothing is mocked. Each builder takes only the facts a test cares about.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from changjing.lists.status import Programme, load_programme

OWNER = "91140500MA0M3R6G1F"  # valid GB 32100 check characters (from the sample set)
PROVIDER = "91140571MA0P4WE27E"
AFFILIATED = "12140500MB1K03048Q"


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_yaml(root: Path, rel: str, data: dict) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(_plain(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


SETTINGS = {
    "plan": {"document_number": "晋市开管〔2025〕7号", "title": "关于加快应用场景建设推动创新发展试点工作方案",
             "issued": "2025-03-10", "validity_years": 2},
    "rewards": {"benchmark": {"rate_percent": 20, "cap": {"amount": 300, "unit": "万元"}},
                "donation": {"rate_percent": 50, "cap": {"amount": 300, "unit": "万元"}}},
    "objection_contact": {"office": "领导小组办公室", "phone": "0356-2226000", "address": "晋城经开区政务服务中心"},
    "clocks": {"initial_review_working_days": 7, "expert_review_working_days": 7, "notice_working_days": 5,
               "notice_counts_start_day": True, "review_counts_trigger_day": False, "sanxin_validity_years": 2,
               "next_year_warning_from": "12-01"},
}


class Repo:
    """A tiny repository: orgs, records and lists/ files, written on demand."""

    def __init__(self, root: Path):
        self.root = root
        write_yaml(root, "lists/settings.yaml", SETTINGS)
        self.org(OWNER, "晋城瑞光精密光学有限公司")
        self.org(PROVIDER, "晋城慧眼视觉科技有限公司")
        self.org(AFFILIATED, "晋城光机电产业技术研究院", org_type="事业单位")
        # the affiliation is a staff fact (lists/affiliations.yaml), never self-declared in the org file
        write_yaml(root, "lists/affiliations.yaml", {"gjd_center": [
            {"credit_code": AFFILIATED, "name": "晋城光机电产业技术研究院", "recorded": "2025-03-20", "basis": "中心出资设立"}]})

    def org(self, code: str, name: str, org_type: str = "民营企业") -> None:
        write_yaml(self.root, f"submissions/orgs/{code}.yaml", {
            "credit_code": code, "name": name, "type": org_type, "location": "主区", "industry": "光机电",
            "declarations": {"no_major_accident_3y": True, "not_abnormal_operation": True, "not_serious_dishonesty": True},
            "contact": {"office": "综合部", "phone": "0356-2230186"}})

    def demand(self, rid: str, batch: str, submitted: str, owner: str = OWNER, fiscal: int = 0,
               field: str = "生产", mode: str = "市场化商洽") -> None:
        write_yaml(self.root, f"submissions/demand/{rid}.yaml", {
            "id": rid, "title": "精密光学元件检测需求", "owner": owner, "batch": batch, "submitted": submitted,
            "domain": "生产制造", "application_field": field, "responsible_department": "经济发展与安全监管部",
            "pain_point": "人工检验效率低。", "technical_requirements": [{"item": "缺陷识别", "indicator": "准确率", "target": "≥ 99%"}],
            "opens": {"site": "2 号车间"}, "budget": {"amount": 200, "unit": "万元"}, "fiscal_share_percent": fiscal,
            "cooperation_mode": mode, "replicability": "可推广到同类企业。", "reply_deadline": "2025-12-31",
            "exclusions": {"not_general_infrastructure": True, "not_traditional_it": True, "not_solo_rnd": True,
                           "not_completed": True}})

    def supply(self, rid: str, batch: str, submitted: str, provider: str = PROVIDER, sanxin: bool = True,
               title: str = "光学元件表面缺陷视觉检测系统", ip: str | None = None) -> None:
        ip = ip or f"ZL2024{rid[-4:]}1234.5"  # one patent per supply unless a test shares it
        write_yaml(self.root, f"submissions/supply/{rid}.yaml", {
            "id": rid, "title": title, "provider": provider, "batch": batch, "submitted": submitted,
            "kind": "新产品", "industry": "光机电", "chain": "视觉系统", "description": "基于深度学习的检测系统。",
            "technical_level": "国内先进", "indicators": [{"name": "最小可检缺陷", "value": "5 μm", "peer": "10 μm"}],
            "intellectual_property": [{"kind": "发明专利", "number": ip, "title": "一种表面缺陷检测方法", "ownership": "自有"}],
            "apply_sanxin": sanxin})

    def case(self, rid: str, demand: str, supply: str, completed: str, investment: tuple, fiscal: int = 0,
             investor: str = OWNER) -> None:
        front = yaml.safe_dump({
            "id": rid, "title": "精密光学镜片缺陷检测", "demand": demand, "supply": supply, "investor": investor,
            "completed": completed, "operating_status": "运行中",
            "total_investment": {"amount": investment[0], "unit": investment[1]}, "fiscal_share_percent": fiscal,
            "factors": {"technical_lead": "自主知识产权", "replicability": "已在两家企业复制",
                        "industry_upgrade": "替代人工目检", "scale_and_benefit": "年节约人工约 190 万元"},
            "summary": "机器视觉替代人工灯检。"},
            allow_unicode=True, sort_keys=False)
        path = self.root / f"submissions/cases/{rid}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}---\n\n正文。\n", encoding="utf-8")

    def donation(self, rid: str, year: int, donated_on: str, amount: tuple, donor: str = PROVIDER,
                 place: str = "滨河公园") -> None:
        write_yaml(self.root, f"submissions/donations/{rid}.yaml", {
            "id": rid, "title": "滨河步道视觉安全守护", "donor": donor, "recipient": "晋城经开区主区滨河公园",
            "recipient_type": "公共场所", "year": year, "donated_on": donated_on,
            "amount": {"amount": amount[0], "unit": amount[1]}, "place": place, "description": "捐赠监测设备。"})

    def lists(self, rel: str, data: dict) -> Path:
        return write_yaml(self.root, f"lists/{rel}", data)

    def programme(self, today: str | date) -> Programme:
        day = date.fromisoformat(today) if isinstance(today, str) else today
        return load_programme(self.root, day)


def entry(rid: str, accepted: str | None = None, initial: tuple | None = None, expert: tuple | None = None,
          unit: str = "市光机电产业协调服务中心", site_check: bool = True) -> dict:
    """A batch entry; a supply's 初审 records its 实地核查 (附件3 三(二)) unless ``site_check`` is False."""
    e: dict = {"record": rid}
    if accepted:
        e["accepted"] = accepted
    if initial:
        e["initial_review"] = {"result": initial[0], "date": initial[1], "unit": unit, "opinion": "符合条件"}
        if site_check and rid.startswith("GJ-"):
            e["initial_review"]["site_check"] = {"date": initial[1], "finding": "现场情况与申报材料一致"}
    if expert:
        e["expert_review"] = {"result": expert[0], "date": expert[1], "opinion": "同意"}
    return e


def decision(did: str, demands=(), supplies=(), discussion: str | None = None, approval: str | None = None,
             notice: str | None = None, published: str | None = None, objections=(), rejected=()) -> dict:
    """``rejected``: (record, stage, opinion) triples, stage 领导小组研究 or 党工委审定."""
    d: dict = {"id": did, "demands": list(demands), "supplies": list(supplies)}
    if rejected:
        d["rejected"] = [{"record": r, "stage": stage, "opinion": opinion} for r, stage, opinion in rejected]
    if discussion:
        d["discussion"] = {"date": discussion, "meeting": "领导小组会议"}
    if approval:
        d["approval"] = {"meeting": "党工委会议", "date": approval, "document_number": "晋开场景〔2025〕1号"}
    if notice:
        d["notice"] = {"start": notice, "objections": list(objections)}
    if published:
        d["published"] = published
    return d


def batch(bid: str, opens: str, closes: str, records=(), decisions=()) -> dict:
    return {"id": bid, "title": f"{bid} 征集", "opens": opens, "closes": closes,
            "records": list(records), "decisions": list(decisions)}


def pair_batch(published: str | None = "2025-10-10", objections=(), notice: str = "2025-09-26",
               office: str = "领导小组办公室") -> dict:
    """lists/batches/2025-H1.yaml for one demand and one supply through the reviews and the 党工委 approval
    to a 公示 (by default on Friday 2025-09-26, 5 working days across the National Day holiday, to
    2025-10-09), published on ``published`` (None: not yet)."""
    return batch("2025-H1", "2025-04-01", "2025-06-30", records=[
        entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=office),
        entry("GJ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15")),
    ], decisions=[decision("2025-H1", ["XQ-2025-0001"], ["GJ-2025-0001"], discussion="2025-08-20",
                           approval="2025-09-19", notice=notice, published=published, objections=objections)])


def notice_pair_repo(tmp_path, published: str | None = "2025-10-10", objections=()) -> Repo:
    """The demand and the supply of :func:`pair_batch`."""
    repo = Repo(tmp_path)
    repo.demand("XQ-2025-0001", "2025-H1", "2025-04-08")
    repo.supply("GJ-2025-0001", "2025-H1", "2025-04-10")
    repo.lists("batches/2025-H1.yaml", pair_batch(published, objections))
    return repo


def evaluation(year: int, results: list[dict], approval: str | None = "default") -> dict:
    ev = {"year": year, "date": f"{year}-03-06", "meeting": "领导小组会议", "results": results}
    if approval:
        ev["approval"] = {"meeting": "党工委会议", "date": f"{year}-03-13" if approval == "default" else approval,
                          "document_number": f"晋开场景〔{year}〕2号"}
    return ev


def rated(record: str, investment: tuple | None, fiscal=0, reason: str | None = None) -> dict:
    """A 标杆 result with the figures staff confirmed (None: not confirmed)."""
    r: dict = {"record": record, "result": "标杆"}
    if investment is not None:
        r["figures"] = {"total_investment": {"amount": investment[0], "unit": investment[1]}, "fiscal_share_percent": fiscal}
        if reason:
            r["figures"]["fiscal_reason"] = reason
    return r

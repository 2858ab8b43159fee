"""How a record page reads: a demand's summary a company can act on, and fields grouped in plain Chinese.

* :func:`demand_summary` — status, budget, cooperation mode, the response deadline
  with 征集中 / 已截止, who to contact, how to respond step by step, and the
  matching supplies (:func:`matching_supplies`, the extension point matchmaking fills).
* :func:`grouped_rows` — the remaining fields in titled groups; yes/no self-checks
  read as a sentence instead of "不是…：是".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .render import batch_label, money

#: kind → [(group title, field names)]; fields not named fall into 其他信息; an empty title
#: leaves the fields out (a demand's summary already shows them)
GROUPS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "demand": [
        ("需求内容", ("pain_point", "technical_requirements", "opens", "replicability")),
        ("", ("budget", "fiscal_share_percent", "cooperation_mode", "reply_deadline")),  # in the summary
        ("申报信息", ("owner", "batch", "submitted", "domain", "application_field", "responsible_department",
                  "keywords")),
        ("非场景情形自查", ("exclusions",)),
        ("联系方式", ("contact",)),
    ],
    "supply": [
        ("产品与技术", ("description", "technical_level", "indicators")),
        ("知识产权与推广目录", ("intellectual_property", "catalogue", "apply_sanxin")),
        ("应用案例", ("references",)),
        ("申报信息", ("provider", "kind", "batch", "submitted", "industry", "chain", "keywords")),
        ("联系方式", ("contact",)),
    ],
    "case": [
        ("项目概况", ("summary", "demand", "supply", "investor", "completed", "accepted", "operating_status")),
        ("投资与奖励依据", ("total_investment", "fiscal_share_percent")),
        ("标杆参考因素", ("factors", "ip_counts", "replicated_places")),
    ],
    "donation": [
        ("捐赠内容", ("description", "place", "amount", "year", "donated_on")),
        ("捐赠双方", ("donor", "recipient", "recipient_type", "recipient_code")),
    ],
}
OPEN, CLOSED, NOT_YET = "征集中", "已截止", "发布后征集"
#: shown on a notice and not published yet: a demand takes responses only once published
AWAITING_PUBLICATION = ("公示中", "待发布")


def deadline_state(item, today: date) -> str:
    """征集中 while a published demand's deadline has not passed; 发布后征集 while on notice or awaiting
    publication; else 已截止."""
    deadline = getattr(item.model, "reply_deadline", None)
    if deadline is None:
        return ""
    if item.status in AWAITING_PUBLICATION:
        return NOT_YET if deadline >= today else CLOSED
    return OPEN if item.status == "已发布" and deadline >= today else CLOSED


def response_steps(item, contact_text: str) -> list[str]:
    """How a company responds to a demand, in order, for its cooperation mode (晋市开管〔2025〕7号 §三)."""
    mode = item.model.cooperation_mode
    steps = ["对照“技术需求与指标”逐项确认能否达到目标值，准备响应方案（技术路线、指标承诺、实施周期、报价）。"]
    if mode in ("政府采购", "招标投标"):
        steps.append(f"本需求使用财政资金，合作方按{mode}程序依法确定：请关注需求方发布的{'采购' if mode == '政府采购' else '招标'}公告，"
                     "按公告要求报名和投标，不接受私下商洽。")
    elif mode == "揭榜挂帅":
        steps.append("以“揭榜”方式响应：在截止日期前把揭榜方案交给需求方，需求方组织比选后确定揭榜单位。")
    elif mode == "联合体":
        steps.append("可与其他单位组成联合体共同响应，方案中写明各方分工。")
    elif mode == "场景竞赛":
        steps.append("按场景竞赛的赛程报名参赛，以现场测试结果确定合作方。")
    else:
        steps.append("与需求方直接商洽合作条件。")
    steps.append(f"联系需求方：{contact_text}。" if contact_text else "联系需求方（见下方联系方式）。")
    steps.append("在截止日期前登记合作意向（见本页“供需对接”）：网站只公开收到的份数，对接会后公开选定的合作单位。")
    steps.append("贵单位的产品或技术还没有进入场景供给清单的，可以按申报指南登记供给，便于对接和三新认定。")
    return steps


@dataclass
class Summary:
    status: str
    deadline: date | None
    deadline_state: str
    deadline_before_publication: bool
    budget: str
    fiscal_share: str
    mode: str
    owner_contact: str
    office_contact: str
    office_phone: str
    steps: list[str]
    matches: list = field(default_factory=list)


def _contact_text(contact) -> str:
    if contact is None:
        return ""
    parts = [contact.office, f"电话 {contact.phone}"]
    if getattr(contact, "email", None):
        parts.append(f"邮箱 {contact.email}")
    return "，".join(parts)


def matching_supplies(item, data) -> list:
    """Supplies to show a company beside a demand.

    Extension point for matchmaking (suggested matches): today the supplies that
    matchmaking or a case already paired with this demand (``Item.related``).
    """
    return [r for r in item.related if r.kind.name == "supply"]


def demand_summary(item, data) -> Summary:
    m = item.model
    org = data.orgs.get(item.org_code)
    contact = m.contact or (org.contact if org is not None else None)
    published = item.state.published
    return Summary(
        status=item.status, deadline=m.reply_deadline, deadline_state=deadline_state(item, data.today),
        deadline_before_publication=published is not None and m.reply_deadline < published,
        budget=money(m.budget), fiscal_share=f"{m.fiscal_share_percent.normalize():f}%", mode=m.cooperation_mode,
        owner_contact=(f"{item.org_name} " + _contact_text(contact)) if contact else item.org_name,
        office_contact=data.info.organizer or data.info.sponsor, office_phone=data.info.phone,
        steps=response_steps(item, _contact_text(contact)), matches=matching_supplies(item, data))


def exclusions_sentence(model) -> dict:
    said = [info.title.removeprefix("不是") for name, info in type(model).model_fields.items()
            if getattr(model, name) is True]
    missing = [info.title.removeprefix("不是") for name, info in type(model).model_fields.items()
               if getattr(model, name) is not True]
    text = "需求方自查确认，本场景不属于：" + "、".join(said) + "。" if said else ""
    if missing:
        text += "未确认：" + "、".join(missing) + "。"
    return {"type": "text", "text": text}


def grouped_rows(item, rows: list[dict]) -> list[dict]:
    """Split the field rows of a record into the kind's groups (order kept within each group)."""
    by_name = {r["name"]: r for r in rows}
    for row in rows:
        if row["name"] == "batch":
            row["text"] = batch_label(row["text"])
        if row["name"] == "exclusions":
            row.update(exclusions_sentence(getattr(item.model, "exclusions")))
    groups, used = [], set()
    for title, names in GROUPS.get(item.kind.name, []):
        chosen = [by_name[n] for n in names if n in by_name]
        used.update(names)
        if chosen and title:
            groups.append({"title": title, "rows": chosen})
    rest = [r for r in rows if r["name"] not in used]
    if rest:
        groups.append({"title": "其他信息", "rows": rest})
    return groups


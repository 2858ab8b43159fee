"""Rules on submission records (场景需求、供给、标杆案例、捐赠场景、组织).

Each rule's docstring is its public documentation (docs/reference/rules.md).
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Iterator

from .. import vocab
from ..identifiers import CREDIT_CODE_SHAPE, ID_EXAMPLES, ID_PATTERNS, credit_code_problem
from ..narrative import MAX_NESTING, narrative_text, too_deep
from ..personal import find as find_personal_data
from ..translate import field_at
from . import Finding, rule

ALL = ("org", "demand", "supply", "case", "donation", "survey")
RECORDS = ("demand", "supply", "case", "donation")


# -- identity ---------------------------------------------------------------

@rule("R-ID-FORMAT", "编号格式", kinds=ALL, needs_valid_model=False)
def rule_id_format(record, index) -> Iterator[Finding]:
    """文件名就是记录编号。需求为 XQ-年份-四位序号，供给为 GJ-年份-四位序号，标杆案例为
    BG-年份-两位序号，捐赠场景为 JZ-年份-两位序号，创新活动调查表为 DC-年份-四位序号；组织文件以 18 位统一社会信用代码命名。"""
    if record.kind.name == "org":
        if not CREDIT_CODE_SHAPE.fullmatch(record.stem):
            yield Finding("", f"组织文件名「{record.stem}」应为该单位的 18 位统一社会信用代码。")
        return
    if not ID_PATTERNS[record.kind.name].fullmatch(record.stem):
        example = ID_EXAMPLES[record.kind.name]
        yield Finding("", f"文件名「{record.stem}」不是有效的{record.kind.label}编号，应形如 {example}。")


@rule("R-ID-FILENAME", "编号与文件名一致", kinds=ALL)
def rule_id_matches_filename(record, index) -> Iterator[Finding]:
    """文件内的编号字段（组织为 credit_code，其余为 id）必须与文件名相同，这样编号在仓库中唯一且可追溯。"""
    field = record.kind.id_field
    value = getattr(record.model, field)
    if value != record.stem:
        yield Finding(field, f"编号「{value}」与文件名「{record.stem}」不一致。请改成一致（已发布的记录不能改编号）。")


@rule("R-ID-BATCH", "编号年份与批次一致", kinds=("demand", "supply"))
def rule_id_year_matches_batch(record, index) -> Iterator[Finding]:
    """需求和供给编号中的年份应与征集批次的年份相同（如 `2025-H1`（2025年上半年）批次用 `XQ-2025-xxxx`）。"""
    match = ID_PATTERNS[record.kind.name].fullmatch(record.stem)
    if match and match.group(1) != record.model.batch[:4]:
        yield Finding("batch", f"编号年份 {match.group(1)} 与批次「{record.model.batch}」的年份不一致。")


@rule("R-CREDIT-CODE", "统一社会信用代码校验", kinds=ALL)
def rule_credit_code(record, index) -> Iterator[Finding]:
    """统一社会信用代码按 GB 32100-2015 校验：18 位，不含 I、O、S、V、Z，第 18 位为校验码。"""
    for field in record.kind.credit_fields:
        value = getattr(record.model, field)
        if value is not None:
            problem = credit_code_problem(value)
            if problem:
                yield Finding(field, problem)


# -- references ---------------------------------------------------------------

_ORG_REFERENCES = {"demand": ("owner",), "supply": ("provider",), "case": ("investor",), "donation": ("donor",)}


@rule("R-REF", "引用的记录存在", kinds=RECORDS)
def rule_references_resolve(record, index) -> Iterator[Finding]:
    """记录引用的组织（需求方、供给方、投资方、捐赠方）必须在 submissions/orgs/ 中登记；
    标杆案例引用的需求和供给编号必须存在。"""
    for field in _ORG_REFERENCES[record.kind.name]:
        code = getattr(record.model, field)
        if not index.exists("org", code):
            yield Finding(field, f"单位「{code}」尚未登记。请先在 submissions/orgs/{code}.yaml 中登记该单位。")
    if record.kind.name == "case":
        for field, kind in (("demand", "demand"), ("supply", "supply")):
            ref = getattr(record.model, field)
            if not index.exists(kind, ref):
                yield Finding(field, f"引用的{'场景需求' if kind == 'demand' else '场景供给'}「{ref}」不存在。")


# -- demands ----------------------------------------------------------------------

@rule("R-FISCAL-MODE", "财政资金项目的合作方式", kinds=("demand",))
def rule_fiscal_mode(record, index) -> Iterator[Finding]:
    """使用财政资金（财政资金占比大于 0）的场景，应按《政府采购法》《招标投标法》确定合作方，
    合作方式只能是“政府采购”或“招标投标”（晋市开管〔2025〕7号 第9条）。"""
    demand = record.model
    if demand.fiscal_share_percent > 0 and demand.cooperation_mode not in vocab.PROCUREMENT_LAW_MODES:
        yield Finding("cooperation_mode",
                      f"财政资金占比为 {demand.fiscal_share_percent}%，合作方式应为“政府采购”或“招标投标”，"
                      f"不能是“{demand.cooperation_mode}”。")


_EXCLUSION_TEXT = {
    "not_general_infrastructure": "一般性政府基础设施建设",
    "not_traditional_it": "传统信息化项目",
    "not_solo_rnd": "实施方独立完成的研发",
    "not_completed": "已建成的项目",
}


@rule("R-EXCLUSION", "非场景情形自查", kinds=("demand",))
def rule_exclusion_self_check(record, index) -> Iterator[Finding]:
    """场景需求不能是一般性政府基础设施建设、传统信息化项目、实施方独立完成的研发或已建成的项目；
    自查四项都须为 true。"""
    for field, text in _EXCLUSION_TEXT.items():
        if not getattr(record.model.exclusions, field):
            yield Finding(f"exclusions.{field}", f"自查表明该需求属于“{text}”，不属于应用场景，不能进入需求清单。")


@rule("R-DEPT-DOMAIN", "责任部门与场景领域相符", kinds=("demand",))
def rule_department_fits_domain(record, index) -> Iterator[Finding]:
    """责任部门应是晋市开管〔2025〕7号附件2中负责该领域的部门；“其他”领域可由任一部门推荐。"""
    demand = record.model
    allowed = vocab.DOMAIN_DEPARTMENTS[demand.domain]
    if allowed is not None and demand.responsible_department not in allowed:
        yield Finding("responsible_department",
                      f"“{demand.domain}”领域的责任部门应为：{'、'.join(sorted(allowed))}；"
                      f"现为“{demand.responsible_department}”。")


@rule("R-DEMAND-OPENS", "需求方开放资源", kinds=("demand",))
def rule_demand_opens_something(record, index) -> Iterator[Finding]:
    """需求方应愿意开放场地、资金或配套设施中的至少一项。"""
    opens = record.model.opens
    if not (opens.site or opens.funds or opens.facilities):
        yield Finding("opens", "开放资源（场地、资金、设施）至少填写一项。")


# -- amounts and dates ----------------------------------------------------------------

_MONEY_FIELDS = {"demand": ("budget",), "case": ("total_investment",), "donation": ("amount",)}


@rule("R-AMOUNT", "金额为正数并写明单位", kinds=("demand", "case", "donation"))
def rule_amounts_positive(record, index) -> Iterator[Finding]:
    """金额字段写成 amount（正数）和 unit（元 或 万元）两项，金额须大于 0。"""
    for field in _MONEY_FIELDS[record.kind.name]:
        money = getattr(record.model, field)
        if money.amount <= 0:
            yield Finding(f"{field}.amount", f"金额应大于 0，现为 {money.amount} {money.unit}。")
        elif money.amount != money.amount.quantize(Decimal("0.01")) and money.unit == "元":
            yield Finding(f"{field}.amount", "以元为单位的金额最多保留两位小数。")


@rule("R-DATES", "日期前后一致", kinds=("demand", "case", "donation"))
def rule_dates_consistent(record, index) -> Iterator[Finding]:
    """响应截止日期应晚于申报日期；验收日期不早于建成日期；捐赠日期落在捐赠年度内。"""
    model = record.model
    if record.kind.name == "demand" and model.reply_deadline <= model.submitted:
        yield Finding("reply_deadline", f"响应截止日期 {model.reply_deadline} 应晚于申报日期 {model.submitted}。")
    if record.kind.name == "case" and model.accepted is not None and model.accepted < model.completed:
        yield Finding("accepted", f"验收日期 {model.accepted} 早于建成日期 {model.completed}。")
    if record.kind.name == "donation" and model.donated_on.year != model.year:
        yield Finding("donated_on", f"捐赠日期 {model.donated_on} 不在捐赠年度 {model.year} 内。")


@rule("R-CHAIN", "产业链只属于光机电", kinds=("org", "supply"))
def rule_chain_belongs_to_gjd(record, index) -> Iterator[Finding]:
    """视觉系统、新材料、人工智能是光机电产业的三条产业链（晋市政办〔2025〕4号）：填写产业链时所属产业须为光机电；
    光机电的场景供给须写明产业链。"""
    model = record.model
    if model.chain is not None and model.industry != "光机电":
        yield Finding("chain", f"产业链“{model.chain}”属于光机电产业，但所属产业填的是“{model.industry}”。")
    if record.kind.name == "supply" and model.industry == "光机电" and model.chain is None:
        yield Finding("industry", "光机电产业的供给须填写产业链（chain）：视觉系统、新材料或人工智能。")


# -- supplies and 三新 ------------------------------------------------------------------

@rule("R-SUPPLY-SAFETY", "供给方近三年无重大事故", kinds=("supply",))
def rule_supply_provider_safe(record, index) -> Iterator[Finding]:
    """进入供给清单的单位近三年不得发生重大安全和环保事故（以供给方组织文件中的声明为准）。"""
    org = index.model("org", record.model.provider)
    if org is not None and not org.declarations.no_major_accident_3y:
        yield Finding("provider", "供给方声明近三年发生过重大安全或环保事故，不能进入场景供给清单。")


@rule("R-SANXIN-LOCATION", "三新申请单位位于主区或金匠园区", kinds=("supply",))
def rule_sanxin_location(record, index) -> Iterator[Finding]:
    """申请三新认定的单位须位于晋城经开区主区或金匠园区（晋市开管〔2025〕7号 附件3）。"""
    if not record.model.apply_sanxin:
        return
    org = index.model("org", record.model.provider)
    if org is not None and org.location not in vocab.SANXIN_LOCATIONS:
        yield Finding("apply_sanxin", f"供给方位于“{org.location}”，三新认定只受理主区和金匠园区的单位。")


@rule("R-SANXIN-IP", "三新须有知识产权或推广目录", kinds=("supply",))
def rule_sanxin_ip(record, index) -> Iterator[Finding]:
    """申请三新认定的项目须列入国家或省级推广目录，或拥有（或依法许可使用）发明专利、实用新型专利、
    软件著作权、集成电路布图设计权之一；其他类别（外观设计、商标等）不计入。申请三新的项目还须属于
    经开区重点产业（所属产业不能为“其他”）。"""
    supply = record.model
    if not supply.apply_sanxin:
        return
    if supply.industry == "其他":
        yield Finding("industry", "三新认定须符合经开区重点产业方向（光机电、数字经济、文旅康养）。")
    if supply.catalogue is None and not any(ip.kind in vocab.SANXIN_IP_KINDS for ip in supply.intellectual_property):
        yield Finding("intellectual_property",
                      "申请三新认定须填写推广目录（catalogue），或至少一项发明专利、实用新型专利、软件著作权、"
                      "集成电路布图设计权。")


@rule("R-SANXIN-DECLARATION", "三新申请单位信用良好", kinds=("supply",))
def rule_sanxin_declarations(record, index) -> Iterator[Finding]:
    """申请三新认定的单位近三年无重大安全和环保事故，且未列入经营异常名录或严重失信名单。"""
    if not record.model.apply_sanxin:
        return
    org = index.model("org", record.model.provider)
    if org is None:
        return
    if not org.declarations.not_abnormal_operation:
        yield Finding("apply_sanxin", "供给方声明已列入经营异常名录，不能申请三新认定。")
    if not org.declarations.not_serious_dishonesty:
        yield Finding("apply_sanxin", "供给方声明已列入严重失信名单，不能申请三新认定。")


# -- benchmark cases ----------------------------------------------------------------------

_FACTOR_TEXT = {
    "technical_lead": "技术领先与自主知识产权",
    "replicability": "可复制推广",
    "industry_upgrade": "推动传统产业升级",
    "scale_and_benefit": "规模与效益",
}


@rule("R-CASE-FACTORS", "标杆案例说明四项参考因素", kinds=("case",))
def rule_case_factors(record, index) -> Iterator[Finding]:
    """标杆评选参考四项因素：技术领先、可复制推广、推动传统产业升级、规模与效益（晋市开管〔2025〕7号 第11条），
    每项都要写明。"""
    for field, text in _FACTOR_TEXT.items():
        if not getattr(record.model.factors, field):
            yield Finding(f"factors.{field}", f"请说明“{text}”方面的情况。")


@rule("R-CASE-YEAR", "标杆评选上一年度建成的项目", kinds=("case",))
def rule_case_completed_previous_year(record, index) -> Iterator[Finding]:
    """标杆评选每年年初进行，评选对象是上一年度建成的项目：BG-2026-xx 评的是 2025 年建成的项目。"""
    match = ID_PATTERNS["case"].fullmatch(record.stem)
    if match and record.model.completed.year != int(match.group(1)) - 1:
        yield Finding("completed", f"{match.group(1)} 年评选的是 {int(match.group(1)) - 1} 年建成的项目，"
                                   f"该项目建成于 {record.model.completed}。")


@rule("R-CASE-INVESTOR", "案例的投资方是需求方", kinds=("case",))
def rule_case_investor_owns_demand(record, index) -> Iterator[Finding]:
    """标杆奖励给项目的投资方即采购方（晋市开管〔2025〕7号 §五13）：案例的投资方必须是对应需求的需求方。
    别的单位不能就他人的需求提交案例。"""
    demand = index.model("demand", record.model.demand)
    if index.model("org", record.model.investor) is None:
        return  # R-REF says the investor is not registered
    if demand is not None and record.model.investor != demand.owner:
        yield Finding("investor", f"投资方「{record.model.investor}」不是需求「{demand.id}」的需求方「{demand.owner}」："
                                  f"案例须由需求方（投资方）提交。")


@rule("R-CASE-ANHUI", "安徽省标杆案例参考门槛", kinds=("case",), severity="warning")
def rule_case_anhui_profile(record, index) -> Iterator[Finding]:
    """参照安徽省指引的更严格门槛（仅提示）：项目已建成、验收并运行；供给方拥有至少 1 件发明专利，
    或至少 6 件实用新型专利与软件著作权；已在至少 2 个地方复制推广。"""
    case = record.model
    if case.accepted is None:
        yield Finding("accepted", "尚未验收：安徽省指引要求申报时已验收。")
    if case.operating_status != "运行中":
        yield Finding("operating_status", f"运行状态为“{case.operating_status}”：安徽省指引要求申报时正常运行。")
    ip = case.ip_counts
    if ip.invention_patents < 1 and ip.utility_model_patents + ip.software_copyrights < 6:
        yield Finding("ip_counts", "发明专利不足 1 件，且实用新型专利与软件著作权合计不足 6 件。")
    if len(case.replicated_places) < 2:
        yield Finding("replicated_places", f"已复制推广 {len(case.replicated_places)} 处，安徽省指引要求至少 2 处。")


_CASE_SECTIONS = ("背景", "方案", "成效", "推广")
_HEADING_START = re.compile(r"#{1,3}[ \t]+")


def _headings(body: str) -> Iterator[str]:
    """ATX headings of levels 1–3, line by line (a single regex over the body backtracks quadratically
    on a long run of blanks before a stray '#')."""
    for line in body.split("\n"):
        m = _HEADING_START.match(line)
        if m:
            yield line[m.end():].strip(" \t").rstrip("#").strip(" \t")


@rule("R-CASE-BODY", "标杆案例正文结构", kinds=("case",), severity="warning")
def rule_case_body_sections(record, index) -> Iterator[Finding]:
    """标杆案例正文应有“背景”“方案”“成效”“推广”四个小标题，便于公众阅读和复制推广。"""
    headings = " ".join(_headings(record.body))
    missing = [s for s in _CASE_SECTIONS if s not in headings]
    if missing:
        yield Finding("", f"正文缺少小标题：{'、'.join(missing)}。", (record.loaded.body_line, 1))


@rule("R-CASE-NESTING", "案例正文嵌套层级", kinds=("case",))
def rule_case_body_nesting(record, index) -> Iterator[Finding]:
    """案例正文的引用、列表等嵌套不超过 24 层：更深的嵌套没有可读性，只会让网站构建变慢。"""
    depth = too_deep(record.body)
    if depth is not None:
        yield Finding("", f"正文嵌套 {depth} 层（如连续的“>”或层层缩进的列表），最多 {MAX_NESTING} 层，请改为普通段落。",
                      (record.loaded.body_line, 1))


# -- donations ----------------------------------------------------------------------------

_RECIPIENT_ORG_TYPES = {"区内政府部门": {"政府部门"}, "事业单位": {"事业单位", "高等院校", "科研院所"},
                        "国有企业": {"国有企业"}, "公益组织": {"社会组织"}}


#: only an enterprise's donation is rewarded (晋市开管〔2025〕7号 §五14)
_DONOR_ORG_TYPES = frozenset({"国有企业", "民营企业"})


@rule("R-DONATION-DONOR", "捐赠方是企业", kinds=("donation",))
def rule_donation_donor(record, index) -> Iterator[Finding]:
    """捐赠场景奖励给捐赠的企业（晋市开管〔2025〕7号 §五14）：捐赠方登记的单位类型须是国有企业或民营企业。"""
    org = index.model("org", record.model.donor)
    if org is not None and org.type not in _DONOR_ORG_TYPES:
        yield Finding("donor", f"捐赠方登记的单位类型是“{org.type}”，捐赠场景只适用于企业的捐赠。")


@rule("R-DONATION-RECIPIENT", "捐赠对象符合要求", kinds=("donation",))
def rule_donation_recipient(record, index) -> Iterator[Finding]:
    """捐赠对象须为区内政府部门、事业单位、国有企业、公益组织或公共场所（晋市开管〔2025〕7号 第14条）。
    除公共场所外须填写受赠方统一社会信用代码；受赠方已登记的，其类型须相符且位于经开区内。"""
    donation = record.model
    if donation.recipient_type == "公共场所":
        return
    if donation.recipient_code is None:
        yield Finding("recipient_code", f"受赠方类型为“{donation.recipient_type}”，须填写受赠方统一社会信用代码。")
        return
    org = index.model("org", donation.recipient_code)
    if org is None:
        return
    if org.type not in _RECIPIENT_ORG_TYPES[donation.recipient_type]:
        yield Finding("recipient_type", f"受赠方登记的单位类型是“{org.type}”，与“{donation.recipient_type}”不符。")
    if org.location == "区外":
        yield Finding("recipient_code", "受赠方位于经开区外，捐赠奖励只适用于区内的受赠方。")
    if donation.recipient_code == donation.donor:
        yield Finding("recipient_code", "捐赠方与受赠方不能是同一单位。")


# -- personal data ------------------------------------------------------------------------

def _values(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _values(v, f"{key}.{k}" if key else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _values(v, f"{key}.{i}" if key else str(i))
    else:
        yield key, value


def string_values(value: Any) -> Iterator[tuple[str, str]]:
    """Every text in ``value`` (a record's data) with its dotted key, e.g. ``contact.0.name``."""
    return ((key, v) for key, v in _values(value) if isinstance(v, str))


def _lists(value: Any, key: str = "") -> Iterator[tuple[str, list[str]]]:
    """Every list of plain values, as the text of its items."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _lists(v, f"{key}.{k}" if key else str(k))
    elif isinstance(value, list):
        if all(isinstance(v, (str, int, Decimal)) and not isinstance(v, bool) for v in value):
            yield key, [str(v) for v in value]
        else:
            for i, v in enumerate(value):
                yield from _lists(v, f"{key}.{i}" if key else str(i))


def _is_number_field(record, key: str) -> bool:
    annotation = field_at(record.kind.model, tuple(int(p) if p.isdigit() else p for p in key.split(".")))[1]
    return annotation in (int, Decimal, float)


def _scanned_texts(record) -> Iterator[tuple[str, str, bool]]:
    """(key, text, written) for what a reader sees of a record: every parsed value (YAML escapes
    already decoded; a number in a text field is shown as text too) and the narrative both as
    written and as rendered (entities decoded, comments gone). ``written``: the text is in the file
    as it stands, so a finding can point at its exact line and column."""
    skip = set(record.kind.credit_fields)
    for key, value in _values(record.data):
        if key in skip or value is None or isinstance(value, bool):
            continue
        if isinstance(value, str):
            yield key, value, True
        elif isinstance(value, (int, Decimal)) and not _is_number_field(record, key):
            yield key, str(value), True
    for key, items in _lists(record.data):  # the page shows a list as one line: 甲、乙、丙
        if key not in skip and len(items) > 1:
            yield key, "、".join(items), False
    if record.body.strip():
        yield "", record.body, True
        yield "", narrative_text(record.body), False


def _where(record, needle: str, key: str) -> tuple[int, int] | None:
    """The exact line and column of a string in the file, searching from its key's line
    (the same number may appear under several keys; a block of text spans lines)."""
    text = record.loaded.text
    line = record.position(key)[0] if key else record.loaded.body_line
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
    offset = text.find(needle, start)
    if offset < 0:
        return None
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _personal_findings(record, kind: str) -> Iterator[tuple[str, str, tuple[int, int] | None]]:
    seen: set[tuple[str, str]] = set()
    for key, text, written in _scanned_texts(record):
        for found in find_personal_data(text):
            if found.kind != kind or (key, found.number) in seen:
                continue
            seen.add((key, found.number))
            where = _where(record, text[found.start:found.end], key) if written else None
            if where is None and not key:
                where = (record.loaded.body_line, 1)
            yield key, found.masked, where


@rule("R-PERSONAL-MOBILE", "不得公开个人手机号", kinds=ALL, needs_valid_model=False)
def rule_no_mobile_numbers(record, index) -> Iterator[Finding]:
    """仓库和网站是公开的：任何字段（包括案例正文）都不得出现个人手机号。请填写带区号的办公电话。
    判断依据是读者看到的内容：全角数字、零宽字符、空格横线点斜杠分隔、+86/0086/0 前缀、
    转义字符、HTML 字符实体和注释拆开的号码同样算作手机号。"""
    for key, masked, at in _personal_findings(record, "mobile"):
        yield Finding(key, f"含有手机号 {masked}。公开信息只能写办公电话，请删除个人手机号。", at)


@rule("R-PERSONAL-ID", "不得公开身份证号", kinds=ALL, needs_valid_model=False)
def rule_no_id_numbers(record, index) -> Iterator[Finding]:
    """任何字段都不得出现居民身份证号码（18 位，含校验位），无论以何种写法拆开或转写。"""
    for key, masked, at in _personal_findings(record, "id"):
        yield Finding(key, f"含有身份证号 {masked}，请删除。", at)

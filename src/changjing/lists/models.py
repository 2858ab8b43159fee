"""Models of the staff files in lists/ (工作人员维护的决定记录).

Same conventions as the submission models: short English keys with Chinese
titles, unknown fields refused, dates written ``YYYY-MM-DD``, money with its
unit. Nothing here computes: derivation lives in status.py and rewards.py.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Optional

from pydantic import Field, StrictBool

from .. import vocab
from ..models import Date, Model, Money, OfficePhone, Text, Year

RecordId = Annotated[str, Field(pattern=r"^(XQ|GJ)-20[0-9]{2}-[0-9]{4}$", description="需求编号 XQ-年份-四位序号 或 供给编号 GJ-年份-四位序号")]
AnyRecordId = Annotated[str, Field(pattern=r"^((XQ|GJ)-20[0-9]{2}-[0-9]{4}|(BG|JZ)-20[0-9]{2}-[0-9]{2})$",
                                   description="记录编号：XQ-/GJ-年份-四位序号，或 BG-/JZ-年份-两位序号")]
DemandId = Annotated[str, Field(pattern=r"^XQ-20[0-9]{2}-[0-9]{4}$", description="需求编号，如 XQ-2025-0001")]
SupplyId = Annotated[str, Field(pattern=r"^GJ-20[0-9]{2}-[0-9]{4}$", description="供给编号，如 GJ-2025-0001")]
BatchId = Annotated[str, Field(pattern=r"^20[0-9]{2}-H[12]$", description="征集批次，如 2025-H1")]
DecisionId = Annotated[str, Field(pattern=r"^20[0-9]{2}-H[12](-[0-9]{1,2})?$", description="审定批次编号，如 2025-H1 或 2026-H2-1")]
Result = Literal["通过", "不通过"]
Percent = Annotated[Decimal, Field(gt=0, le=100)]
MonthDay = Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", description="月-日，如 12-01")]


# -- settings ---------------------------------------------------------------------

class Plan(Model):
    document_number: Text = Field(title="方案文号")
    title: Text = Field(title="方案名称")
    issued: Date = Field(title="印发日期")
    validity_years: int = Field(ge=1, le=10, title="有效期（年）")


class RewardRule(Model):
    rate_percent: Percent = Field(title="奖励比例（%）")
    cap: Money = Field(title="奖励上限")


#: the order of the two steps of a benchmark reward (晋市开管〔2025〕7号 §五13): the plan's wording caps
#: 20 % of the total investment at the limit first, then pays the non-fiscal share of that
RewardOrder = Literal["先封顶后折算", "先折算后封顶"]
DEFAULT_REWARD_ORDER = "先封顶后折算"


class Rewards(Model):
    benchmark: RewardRule = Field(title="标杆场景奖励", description="按项目总投资中非财政资金部分计算")
    donation: RewardRule = Field(title="捐赠场景奖励", description="按当年捐赠总额计算")
    order: RewardOrder = Field(
        DEFAULT_REWARD_ORDER, title="标杆奖励的计算顺序",
        description="先封顶后折算：min(总投资 × 比例, 上限) × 非财政资金占比（方案原文的顺序，默认）；"
                    "先折算后封顶：min(总投资 × 非财政资金占比 × 比例, 上限)。每条奖励的计算过程都写明所用顺序")


class ObjectionContact(Model):
    office: Text = Field(title="受理异议的部门")
    phone: OfficePhone = Field(title="异议受理电话")
    address: Text = Field(title="通信地址")


class Clocks(Model):
    initial_review_working_days: int = Field(ge=1, le=60, title="初审时限（工作日）")
    expert_review_working_days: int = Field(ge=1, le=60, title="专家评审时限（工作日）")
    notice_working_days: int = Field(ge=1, le=60, title="公示期（工作日）")
    notice_counts_start_day: StrictBool = Field(
        title="公示期是否含起始日", description="true：起始日为工作日时计入公示期")
    review_counts_trigger_day: StrictBool = Field(
        title="审查时限是否含触发当日", description="false：自触发日的下一个工作日起算")
    sanxin_validity_years: int = Field(ge=1, le=10, title="三新认定有效期（年）")
    next_year_warning_from: MonthDay = Field(title="提示补录下一年节假日安排的起始日（月-日）")


SiteCode = Annotated[str, Field(pattern=r"^[0-9A-Z]{10}$", description="政府网站标识码，10 位数字或大写字母")]
SiteUrl = Annotated[str, Field(pattern=r"^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~/-]*)?$",
                               description="以 https:// 开头的正式网址")]


class SiteSettings(Model):
    """公开网站的主办信息和网址。网址没有正式值时不填：网站不写任何占位地址，相应链接（源文件、网站地图、订阅）不出现。"""

    url: Optional[SiteUrl] = Field(None, title="网站正式网址", description="如 https://jkq.example.gov.cn/cj/；不填则不生成网站地图和订阅")
    source_base: Optional[SiteUrl] = Field(
        None, title="源文件地址前缀", description="仓库中文件的网页地址前缀，以 / 结尾；不填则记录页不链接源文件")
    sponsor: Text = Field(title="主办单位")
    organizer: Optional[Text] = Field(None, title="承办单位")
    address: Text = Field(title="联系地址")
    phone: OfficePhone = Field(title="咨询电话")
    service_hours: Optional[Text] = Field(None, title="咨询时间")
    site_code: Optional[SiteCode] = Field(None, title="网站标识码")
    icp: Optional[Annotated[str, Field(pattern=r"^[\u4e00-\u9fff]ICP备[0-9]{6,10}号(-[0-9]+)?$")]] = Field(
        None, title="ICP备案号", description="如 晋ICP备12345678号-1")
    police_record: Optional[Annotated[str, Field(pattern=r"^[\u4e00-\u9fff]公网安备 ?[0-9]{14}号$")]] = Field(
        None, title="公安备案号", description="如 晋公网安备 14059002000123号")
    apply_form_url: Optional[SiteUrl] = Field(
        None, title="在线申报表单网址", description="不会用 Git 的单位在线填写的表单（议题表单）")


class Settings(Model):
    """lists/settings.yaml：方案文号、有效期、奖励比例与上限、异议受理方式、计日规则，以及公开网站信息。"""

    plan: Plan = Field(title="试点工作方案")
    rewards: Rewards = Field(title="奖励")
    objection_contact: ObjectionContact = Field(title="公示异议受理")
    clocks: Clocks = Field(title="时限与计日规则")
    site: Optional[SiteSettings] = Field(None, title="公开网站", description="页脚的主办信息、备案号和网址")


# -- calendar overrides --------------------------------------------------------------

class HolidaySpan(Model):
    name: Text = Field(title="节日名称")
    start: Date = Field(title="放假开始")
    end: Date = Field(title="放假结束（含）")


class MakeupDay(Model):
    date: Date = Field(title="调休上班日期")
    name: Text = Field(title="对应节日")


class CalendarYear(Model):
    """lists/calendar/<年份>.yaml：国务院办公厅公布的某一年节假日安排。"""

    year: Year = Field(title="年份")
    source: Text = Field(title="来源", description="国务院办公厅通知的文号或标题")
    holidays: list[HolidaySpan] = Field(min_length=1, max_length=30, title="放假安排")
    workdays: list[MakeupDay] = Field(default_factory=list, max_length=30, title="调休上班日")


# -- batches -------------------------------------------------------------------------

class SiteCheck(Model):
    date: Date = Field(title="核查日期")
    finding: Text = Field(title="核查情况")


class InitialReview(Model):
    result: Result = Field(title="初审结果")
    date: Date = Field(title="初审日期")
    unit: Text = Field(title="初审单位", description="三新事项由市光机电产业协调服务中心初审；申报单位与该中心有关联"
                                                  "（lists/affiliations.yaml）时由领导小组办公室初审")
    opinion: Text = Field(title="初审意见")
    site_check: Optional[SiteCheck] = Field(None, title="实地核查", description="三新事项初审时的实地核查（附件3 三(二)）")


class ExpertReview(Model):
    result: Result = Field(title="专家评审结果")
    date: Date = Field(title="评审日期")
    opinion: Text = Field(title="专家意见")


class BatchEntry(Model):
    record: RecordId = Field(title="记录编号")
    accepted: Optional[Date] = Field(None, title="受理日期", description="初审时限自此日起算；不填则为征集截止日")
    initial_review: Optional[InitialReview] = Field(None, title="初审")
    expert_review: Optional[ExpertReview] = Field(None, title="专家评审")


class Discussion(Model):
    date: Date = Field(title="研究日期")
    meeting: Text = Field(title="领导小组会议")
    opinion: Optional[Text] = Field(None, title="研究意见")


class Approval(Model):
    meeting: Text = Field(title="党工委会议")
    date: Date = Field(title="审定日期")
    document_number: Text = Field(title="文号")


class Objection(Model):
    received: Date = Field(title="收到日期")
    summary: Text = Field(title="异议内容摘要")
    records: list[RecordId] = Field(default_factory=list, max_length=100, title="涉及的记录")
    resolution: Optional[Text] = Field(None, title="处理结果")
    resolved: Optional[Date] = Field(None, title="处理完毕日期")
    upheld: StrictBool = Field(False, title="异议是否成立",
                               description="发布前成立：涉及的记录不予发布（未通过）；发布后成立：须在 lists/withdrawals.yaml 登记撤销")


class NoticeSpec(Model):
    start: Date = Field(title="公示开始日期", description="结束日期按公示期自动计算，不要填写")
    objections: list[Objection] = Field(default_factory=list, max_length=100, title="异议及处理")


RejectionStage = Literal["领导小组研究", "党工委审定"]


class Rejection(Model):
    record: RecordId = Field(title="记录编号")
    stage: RejectionStage = Field(
        title="决定环节", description="领导小组研究：研究决定不提请审定（日期为 discussion.date）；"
                                   "党工委审定：审定不通过（日期为 approval.date）")
    opinion: Text = Field(title="不予入选的理由", description="在网站上公开")


class Decision(Model):
    id: DecisionId = Field(title="审定批次编号")
    title: Optional[Text] = Field(None, title="公示标题")
    demands: list[DemandId] = Field(default_factory=list, max_length=500, title="入选需求清单的需求")
    supplies: list[SupplyId] = Field(default_factory=list, max_length=500, title="入选供给清单的供给")
    rejected: list[Rejection] = Field(
        default_factory=list, max_length=500, title="未通过审定的记录",
        description="领导小组研究决定不提请审定、或党工委审定不通过的需求和供给；不再列入 demands / supplies，不公示、不发布")
    discussion: Optional[Discussion] = Field(None, title="领导小组研究")
    approval: Optional[Approval] = Field(None, title="党工委审定")
    notice: Optional[NoticeSpec] = Field(None, title="公示")
    published: Optional[Date] = Field(None, title="发布日期")


class BatchFile(Model):
    """lists/batches/<批次>.yaml：一个征集批次的全部审查决定。"""

    id: BatchId = Field(title="批次编号", description="与文件名一致")
    title: Text = Field(title="批次名称")
    opens: Date = Field(title="征集开始日期")
    closes: Date = Field(title="征集截止日期")
    records: list[BatchEntry] = Field(default_factory=list, max_length=1000, title="受理的记录")
    decisions: list[Decision] = Field(default_factory=list, max_length=20, title="审定与公示")


# -- 三新 certifications ---------------------------------------------------------------

class CertificationEntry(Model):
    supply: SupplyId = Field(title="供给编号")
    decision: DecisionId = Field(title="审定批次编号")
    approved: Date = Field(title="认定日期", description="有效期自此日起算")
    document_number: Text = Field(title="认定文号")


class CertificationsFile(Model):
    """lists/certifications.yaml：三新认定结果。"""

    certifications: list[CertificationEntry] = Field(default_factory=list, max_length=2000, title="三新认定")


# -- projects (matchmaking and construction) ------------------------------------------

class Partner(Model):
    name: Text = Field(title="合作单位名称")
    credit_code: Optional[Annotated[str, Field(pattern=r"^[0-9A-Z]{18}$")]] = Field(
        None, title="统一社会信用代码", description="按 GB 32100-2015 校验校验位")
    role: Optional[Text] = Field(None, title="角色", description="如 揭榜方、联合体牵头方、集成商")


class Assignment(Model):
    who: Text = Field(title="责任单位")
    what: Text = Field(title="任务内容")
    due: Date = Field(title="完成时限")


class Progress(Model):
    date: Date = Field(title="日期")
    note: Text = Field(title="进展")


class Project(Model):
    """lists/projects/<需求编号>.yaml：一个需求的对接与建设。"""

    demand: DemandId = Field(title="需求编号", description="与文件名一致")
    supplies: list[SupplyId] = Field(default_factory=list, max_length=20, title="采用的供给")
    matchmaking_started: Date = Field(title="对接开始日期")
    mode: Optional[vocab.CooperationMode] = Field(None, title="实际采用的合作方式")
    partners: list[Partner] = Field(default_factory=list, max_length=20, title="合作单位")
    signed: Optional[Date] = Field(None, title="签约日期")
    tasks: list[Assignment] = Field(default_factory=list, max_length=200, title="任务清单")
    responsibilities: list[Assignment] = Field(default_factory=list, max_length=200, title="责任清单")
    progress: list[Progress] = Field(default_factory=list, max_length=500, title="建设进展")
    completed: Optional[Date] = Field(None, title="建成日期")
    accepted: Optional[Date] = Field(None, title="验收日期")


# -- benchmark evaluations --------------------------------------------------------------

class ConfirmedFigures(Model):
    """工作人员核定的计奖金额：奖励只按这里的数字计算，不按案例文件中申报的数字。"""

    total_investment: Money = Field(title="核定的项目总投资")
    fiscal_share_percent: Annotated[Decimal, Field(ge=0, le=100)] = Field(title="核定的财政资金占比（%）")
    fiscal_reason: Optional[Text] = Field(
        None, title="财政资金占比与需求不同的理由", description="核定的占比与需求文件的财政资金占比不同时必须写明")


class EvaluationResult(Model):
    record: Annotated[str, Field(pattern=r"^(BG|JZ)-20[0-9]{2}-[0-9]{2}$", description="标杆案例 BG-… 或捐赠场景 JZ-…")] = Field(title="评选对象")
    result: Literal["标杆", "未入选"] = Field(title="评选结果")
    opinion: Optional[Text] = Field(None, title="评选意见")
    figures: Optional[ConfirmedFigures] = Field(
        None, title="核定的计奖金额", description="标杆案例评为标杆时必须填写：核定的项目总投资和财政资金占比")


class Evaluation(Model):
    """lists/evaluations/<年份>.yaml：每年年初对上一年建成项目的标杆评选（领导小组评选，党工委审定）。"""

    year: Year = Field(title="评选年度", description="与文件名一致；评选上一年建成的项目")
    date: Date = Field(title="评选日期", description="领导小组评选的日期")
    meeting: Text = Field(title="评选会议", description="领导小组会议")
    document_number: Optional[Text] = Field(None, title="文号")
    approval: Optional[Approval] = Field(None, title="党工委审定", description="审定之后案例才成为标杆、才有奖励")
    results: list[EvaluationResult] = Field(min_length=1, max_length=500, title="评选结果")


# -- donations -----------------------------------------------------------------------

class DonationConfirmation(Model):
    donation: Annotated[str, Field(pattern=r"^JZ-20[0-9]{2}-[0-9]{2}$")] = Field(title="捐赠编号")
    confirmed: Date = Field(title="确认日期")
    unit: Text = Field(title="确认单位")
    amount: Money = Field(title="核实的捐赠金额", description="奖励只按核实的金额计算；申报金额改动后须重新核实")
    case: Optional[Annotated[str, Field(pattern=r"^BG-20[0-9]{2}-[0-9]{2}$")]] = Field(
        None, title="对应标杆案例", description="该捐赠场景另有标杆案例记录时填写（不再重复给予标杆奖励）")


class DonationsFile(Model):
    """lists/donations.yaml：捐赠场景确认。"""

    confirmations: list[DonationConfirmation] = Field(default_factory=list, max_length=1000, title="捐赠确认")


# -- withdrawals and revocations ---------------------------------------------------------

class Clawback(Model):
    amount: Money = Field(title="追回金额")
    date: Date = Field(title="追回日期")
    document_number: Text = Field(title="文号")


class Restoration(Model):
    date: Date = Field(title="恢复资格日期")
    document_number: Text = Field(title="文号")
    reason: Text = Field(title="理由")


class Withdrawal(Model):
    record: AnyRecordId = Field(title="记录编号")
    kind: Literal["撤回", "撤销"] = Field(title="类别", description="撤回：申报方主动撤回；撤销：取消资格")
    date: Date = Field(title="日期")
    reason: Text = Field(title="原因")
    fraud: StrictBool = Field(False, title="是否弄虚作假", description="是则取消资格并追回奖励")
    clawback: Optional[Clawback] = Field(None, title="奖励追回")
    restored: Optional[Restoration] = Field(
        None, title="恢复奖励资格", description="因弄虚作假撤销后，该单位此后的奖励一律不予兑现，直到工作人员在此登记恢复资格")


class WithdrawalsFile(Model):
    """lists/withdrawals.yaml：撤回与撤销。"""

    withdrawals: list[Withdrawal] = Field(default_factory=list, max_length=1000, title="撤回与撤销")


# -- conflict of interest ---------------------------------------------------------------

class Affiliate(Model):
    credit_code: Annotated[str, Field(pattern=r"^[0-9A-Z]{18}$")] = Field(title="统一社会信用代码")
    name: Text = Field(title="单位名称")
    recorded: Date = Field(title="登记日期")
    basis: Text = Field(title="依据", description="如隶属、出资或人员关系")


class AffiliationsFile(Model):
    """lists/affiliations.yaml：市光机电产业协调服务中心的关联单位（由工作人员核实登记，不由申报单位自报）。"""

    gjd_center: list[Affiliate] = Field(default_factory=list, max_length=1000, title="市光机电产业协调服务中心关联单位")


# -- events ------------------------------------------------------------------------

class EventEntry(Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{2,60}$", description="小写字母、数字和连字符")] = Field(title="活动编号")
    kind: Literal["对接会", "路演", "沙龙"] = Field(title="活动类型")
    title: Text = Field(title="活动名称")
    date: Date = Field(title="活动日期")
    place: Optional[Text] = Field(None, title="地点")
    records: list[AnyRecordId] = Field(default_factory=list, max_length=200, title="展示的记录")


class EventsFile(Model):
    """lists/events.yaml：对接会、路演、沙龙。"""

    events: list[EventEntry] = Field(default_factory=list, max_length=1000, title="活动")


# -- cooperation intents (合作意向, 晋市开管〔2025〕7号 §四8) ------------------------------------

EventId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{2,60}$", description="lists/events.yaml 中的活动编号")]


class Intent(Model):
    demand: DemandId = Field(title="需求编号", description="已发布、未过响应截止日期的需求")
    org: Text = Field(title="意向单位名称", description="单位全称；不写联系人姓名、手机号等个人信息")
    credit_code: Optional[Annotated[str, Field(pattern=r"^[0-9A-Z]{18}$")]] = Field(
        None, title="意向单位统一社会信用代码")
    received: Date = Field(title="登记日期", description="收到合作意向的日期，不得晚于需求的响应截止日期")
    mode: vocab.CooperationMode = Field(title="拟采用的合作方式")
    supply: Optional[SupplyId] = Field(None, title="拟提供的供给", description="意向单位在供给清单中的供给编号（如有）")
    event: Optional[EventId] = Field(None, title="对接活动", description="在哪次对接会上洽谈（lists/events.yaml 中的活动编号）")
    chosen: Optional[Date] = Field(None, title="选定日期",
                                   description="对接会后需求方选定该单位为合作方的日期；不填表示未选定")


class IntentsFile(Model):
    """lists/intents.yaml：工作人员登记的合作意向（来自“合作意向登记”议题表单）。"""

    intents: list[Intent] = Field(default_factory=list, max_length=5000, title="合作意向")

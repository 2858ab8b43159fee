"""The record models: what a submission file may contain, with Chinese titles.

Field names are short English keys (stable, easy to type); every field carries
a Chinese ``title`` and ``description``, which the editor shows through the
exported JSON Schema, the templates repeat as comments, and messages quote.
Unknown fields are refused, so a misspelt key is caught rather than ignored.
Booleans are strict (only ``true``/``false``) and dates must be written as
``YYYY-MM-DD`` text, so YAML 1.1 habits cannot slip through.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, model_validator
from pydantic_core import PydanticCustomError

from . import vocab


def _date_from_text(value: Any) -> Any:
    # pydantic would otherwise read a bare number as a Unix timestamp
    if isinstance(value, date) or (isinstance(value, str) and len(value) == 10):
        return value
    raise PydanticCustomError("date_text", "日期应写成 YYYY-MM-DD 形式，例如 2025-07-31")


Date = Annotated[date, BeforeValidator(_date_from_text)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
LongText = Annotated[str, Field(min_length=1, max_length=20000)]
Title = Annotated[str, Field(min_length=4, max_length=60)]
CreditCode = Annotated[str, Field(pattern=r"^[0-9A-Z]{18}$", description="18 位统一社会信用代码（数字和大写字母）")]
Batch = Annotated[str, Field(pattern=r"^20[0-9]{2}-H[12]$", description="征集批次代码，如 `2025-H1`（2025年上半年）或 `2025-H2`（2025年下半年）")]
OfficePhone = Annotated[str, Field(
    pattern=r"^(0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?|[48]00-?[0-9]{3}-?[0-9]{4}|12345)$",
    description="办公电话，带区号，如 0356-2226000；不得填写个人手机号")]
Email = Annotated[str, Field(pattern=r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$", description="办公邮箱")]
# a plain (not raw) string: the exported JSON Schema needs an ECMA-valid pattern without a \" escape
WebAddress = Annotated[str, Field(pattern="^https?://[^\\s<>\"']+$", description="以 http:// 或 https:// 开头的网址")]
Percent = Annotated[Decimal, Field(ge=0, le=100, decimal_places=2)]
#: no figure in the programme comes near 10¹² 元; the bound keeps every later sum and format exact and small
MAX_YUAN = Decimal(10) ** 12
Count = Annotated[int, Field(ge=0, le=100000)]
Year = Annotated[int, Field(ge=2020, le=2100)]


class Model(BaseModel):
    # numbers are accepted where text is expected: a credit code of 18 digits
    # or a title like 2025 must not fail just because YAML saw a number
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True)


class Contact(Model):
    """公开的办公联系方式：写部门或岗位，不写个人姓名和手机号。"""

    office: Text = Field(title="联系部门或岗位", description="如“科技创新部”“场景建设专班”")
    phone: OfficePhone = Field(title="办公电话")
    email: Optional[Email] = Field(None, title="办公邮箱")


class Money(Model):
    """金额必须写明单位。"""

    amount: Decimal = Field(title="金额", description="正数，可带小数", ge=-MAX_YUAN, le=MAX_YUAN, decimal_places=6)
    unit: vocab.MoneyUnit = Field(title="单位", description="元 或 万元")

    @model_validator(mode="after")
    def _bounded(self):
        if abs(self.yuan) > MAX_YUAN:
            raise PydanticCustomError("money_too_large", "金额不得超过 10¹² 元", {"amount": str(self)})
        return self

    @property
    def yuan(self) -> Decimal:
        return self.amount * (10000 if self.unit == "万元" else 1)

    def __str__(self) -> str:
        """As a reader reads it: thousands grouped, no trailing zeros (185,000 元; 46.8 万元)."""
        q = self.amount
        text = f"{q:,.0f}" if q == q.to_integral() else f"{q.normalize():,f}"
        return f"{text} {self.unit}"


class Declarations(Model):
    """三新认定与供给清单要求的信用声明（晋市开管〔2025〕7号 附件3 第二条第五项）。"""

    no_major_accident_3y: StrictBool = Field(title="近三年未发生重大安全和环保事故")
    not_abnormal_operation: StrictBool = Field(title="未列入经营异常名录")
    not_serious_dishonesty: StrictBool = Field(title="未列入严重失信主体名单")


class Org(Model):
    """组织：需求方、供给方、投资方、捐赠方。文件名为统一社会信用代码。"""

    credit_code: CreditCode = Field(title="统一社会信用代码")
    name: Text = Field(title="单位名称")
    type: vocab.OrgType = Field(title="单位类型")
    location: vocab.Location = Field(title="所在区域", description="主区、金匠园区或区外")
    industry: vocab.Industry = Field(title="所属产业")
    chain: Optional[vocab.Chain] = Field(None, title="光机电产业链", description="仅光机电产业填写：视觉系统、新材料或人工智能")
    declarations: Declarations = Field(title="信用声明")
    contact: Contact = Field(title="公开联系方式")
    address: Optional[Text] = Field(None, title="办公地址")
    website: Optional[WebAddress] = Field(None, title="网站")
    introduction: Optional[LongText] = Field(None, title="单位简介")


class Requirement(Model):
    item: Text = Field(title="技术需求", description="需要解决的具体技术问题")
    indicator: Text = Field(title="考核指标", description="可度量的指标名称，如“识别准确率”")
    target: Text = Field(title="目标值", description="带单位或比较符，如“≥ 99.5%”")


class Opens(Model):
    """需求方愿意开放的资源（至少一项）。"""

    site: Optional[Text] = Field(None, title="开放场地")
    funds: Optional[Text] = Field(None, title="资金投入")
    facilities: Optional[Text] = Field(None, title="配套设施")


class Exclusions(Model):
    """不属于场景的情形自查（参照安徽省场景创新指引）：四项都应为 true。"""

    not_general_infrastructure: StrictBool = Field(title="不是一般性政府基础设施建设")
    not_traditional_it: StrictBool = Field(title="不是传统信息化项目")
    not_solo_rnd: StrictBool = Field(title="不是实施方独立完成的研发")
    not_completed: StrictBool = Field(title="不是已建成的项目")


class Demand(Model):
    """场景需求：需求方开放真实问题，征集新技术解决。文件名为需求编号。"""

    id: str = Field(title="需求编号", description="XQ-年份-四位序号，与文件名一致")
    title: Title = Field(title="需求名称")
    owner: CreditCode = Field(title="需求方", description="需求方的统一社会信用代码（须在 submissions/orgs/ 中登记）")
    batch: Batch = Field(title="征集批次")
    submitted: Date = Field(title="申报日期")
    domain: vocab.Domain = Field(title="场景领域")
    application_field: vocab.ApplicationField = Field(title="应用环节", description="采购、生产、仓储、运输、销售或捐赠")
    responsible_department: vocab.Department = Field(title="责任部门", description="按晋市开管〔2025〕7号附件2的职责分工")
    pain_point: LongText = Field(title="痛点问题")
    technical_requirements: list[Requirement] = Field(min_length=1, max_length=50, title="技术需求与指标")
    opens: Opens = Field(title="开放资源")
    budget: Money = Field(title="预算")
    fiscal_share_percent: Percent = Field(title="财政资金占比（%）", description="0 表示全部为非财政资金")
    cooperation_mode: vocab.CooperationMode = Field(title="合作方式")
    replicability: Text = Field(title="可复制推广性")
    reply_deadline: Date = Field(title="响应截止日期")
    exclusions: Exclusions = Field(title="非场景情形自查")
    contact: Optional[Contact] = Field(None, title="联系方式", description="不填则使用需求方登记的联系方式")
    keywords: list[Annotated[str, Field(min_length=1, max_length=20)]] = Field(default_factory=list, max_length=10, title="关键词")


class Indicator(Model):
    name: Text = Field(title="指标")
    value: Text = Field(title="本产品水平")
    peer: Text = Field(title="同类产品水平")


class IntellectualProperty(Model):
    kind: vocab.IPKind = Field(title="知识产权类别")
    number: Text = Field(title="授权号或登记号")
    title: Text = Field(title="名称")
    ownership: vocab.Ownership = Field(title="权属", description="自有，或依法取得的许可使用")


class Catalogue(Model):
    name: Text = Field(title="推广目录名称")
    level: vocab.CatalogueLevel = Field(title="目录级别")
    year: Year = Field(title="列入年份")
    document_number: Optional[Text] = Field(None, title="发文字号")


class Reference(Model):
    user: Text = Field(title="应用单位")
    description: Text = Field(title="应用情况")
    year: Year = Field(title="年份")


class Supply(Model):
    """场景供给：新产品、新技术或新工艺（三新）。文件名为供给编号。"""

    id: str = Field(title="供给编号", description="GJ-年份-四位序号，与文件名一致")
    title: Title = Field(title="供给名称")
    provider: CreditCode = Field(title="供给方", description="供给方的统一社会信用代码（须在 submissions/orgs/ 中登记）")
    batch: Batch = Field(title="征集批次")
    submitted: Date = Field(title="申报日期")
    kind: vocab.SupplyKind = Field(title="类别", description="新产品、新技术或新工艺")
    industry: vocab.Industry = Field(title="所属产业")
    chain: Optional[vocab.Chain] = Field(None, title="光机电产业链")
    description: LongText = Field(title="简介")
    technical_level: Text = Field(title="技术水平", description="与国内外同类产品相比所处水平")
    indicators: list[Indicator] = Field(min_length=1, max_length=50, title="关键指标对比")
    intellectual_property: list[IntellectualProperty] = Field(default_factory=list, max_length=200, title="知识产权")
    catalogue: Optional[Catalogue] = Field(None, title="列入的推广目录")
    apply_sanxin: StrictBool = Field(title="是否申请三新认定")
    references: list[Reference] = Field(default_factory=list, max_length=50, title="应用案例")
    contact: Optional[Contact] = Field(None, title="联系方式")
    keywords: list[Annotated[str, Field(min_length=1, max_length=20)]] = Field(default_factory=list, max_length=10, title="关键词")


class IPCounts(Model):
    invention_patents: Count = Field(0, title="发明专利（件）")
    utility_model_patents: Count = Field(0, title="实用新型专利（件）")
    software_copyrights: Count = Field(0, title="软件著作权（件）")
    ic_layouts: Count = Field(0, title="集成电路布图设计（件）")


class Factors(Model):
    """标杆评选参考因素（晋市开管〔2025〕7号 第11条）。"""

    technical_lead: Optional[Text] = Field(None, title="技术领先与自主知识产权")
    replicability: Optional[Text] = Field(None, title="可复制推广")
    industry_upgrade: Optional[Text] = Field(None, title="推动传统产业升级")
    scale_and_benefit: Optional[Text] = Field(None, title="规模与效益")


class Case(Model):
    """标杆案例：需求方与供给方共同建成的项目。Markdown 正文写背景、方案、成效、推广。"""

    id: str = Field(title="案例编号", description="BG-年份-两位序号，与文件名一致")
    title: Title = Field(title="案例名称")
    demand: str = Field(title="对应需求编号")
    supply: str = Field(title="对应供给编号")
    investor: CreditCode = Field(title="投资方（采购方）")
    completed: Date = Field(title="建成日期")
    accepted: Optional[Date] = Field(None, title="验收日期")
    operating_status: vocab.OperatingStatus = Field(title="运行状态")
    total_investment: Money = Field(title="项目总投资")
    fiscal_share_percent: Percent = Field(title="财政资金占比（%）")
    ip_counts: IPCounts = Field(default_factory=IPCounts, title="供给方在该领域的知识产权数量")
    replicated_places: list[Text] = Field(default_factory=list, max_length=100, title="已复制推广的地点")
    factors: Factors = Field(title="标杆参考因素")
    summary: Text = Field(title="一句话摘要")


class Donation(Model):
    """捐赠场景：企业以捐赠方式为区内公共部门或公共场所建设的场景。"""

    id: str = Field(title="捐赠编号", description="JZ-年份-两位序号，与文件名一致")
    title: Title = Field(title="捐赠场景名称")
    donor: CreditCode = Field(title="捐赠方")
    recipient: Text = Field(title="受赠方")
    recipient_type: vocab.RecipientType = Field(title="受赠方类型")
    recipient_code: Optional[CreditCode] = Field(None, title="受赠方统一社会信用代码", description="公共场所可不填")
    year: Year = Field(title="捐赠年度")
    donated_on: Date = Field(title="捐赠日期")
    amount: Money = Field(title="捐赠金额")
    place: Text = Field(title="场景地点")
    description: LongText = Field(title="场景说明")

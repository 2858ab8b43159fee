"""Models of the staff files for the zone's other programmes (lists/).

* lists/jinchuanggu.yaml — 晋创谷·晋城 targets (晋市政办〔2024〕38号) and the
  figures staff enter because no record can answer them (revenue, fund);
* lists/qualifications.yaml — qualifications staff have checked against the
  certificate (高新技术企业, 科技型中小企业, innovation platforms, 市校合作主体);
* lists/coverage.yaml — enterprise innovation coverage (晋市政办〔2020〕31号): the
  enterprises in scope, staff 销号 with the kind of evidence, and the monthly reports.

Same conventions as every lists/ model: Chinese titles, unknown keys refused,
dates written YYYY-MM-DD, money with its unit.
"""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import Field

from .. import vocab
from ..models import CreditCode, Date, Model, Money, Text

Count = Annotated[int, Field(ge=1, le=100000)]
Month = Annotated[str, Field(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$", description="年-月，如 2026-03")]
SurveyId = Annotated[str, Field(pattern=r"^DC-20\d{2}-\d{4}$", description="调查表编号，如 DC-2026-0001")]

# -- 晋创谷 targets ---------------------------------------------------------------------

FigureIndicator = Literal["区内科创企业年营收", "科技创新基金"]


class Targets(Model):
    """2026 年目标（晋市政办〔2024〕38号 一）。"""

    cooperation_bodies: Count = Field(title="市校合作主体（个）")
    innovation_platforms: Count = Field(title="省级及以上创新平台（个）")
    achievements: Count = Field(title="推广科技成果（项）")
    high_tech_enterprises: Count = Field(title="高新技术企业（家）")
    tech_smes: Count = Field(title="科技型中小企业（家）")
    revenue: Money = Field(title="区内科创企业年营收")
    fund: Money = Field(title="科技创新基金规模")
    events: Count = Field(title="科创活动（场）", description="产业对接会、科技论坛、投融资对接等")


class Figure(Model):
    """工作人员录入的数字：数据中没有的指标（营收、基金），写明来源和日期。"""

    indicator: FigureIndicator = Field(title="指标")
    value: Money = Field(title="数值")
    as_of: Date = Field(title="截至日期", description="数字所反映的日期；同一指标取截至今天最新的一条")
    source: Text = Field(title="来源", description="统计报表、基金设立文件等的名称和文号")


class JinchuangguFile(Model):
    """lists/jinchuanggu.yaml：晋创谷·晋城建设目标与工作人员录入的数字。"""

    document_number: Text = Field(title="方案文号")
    start: Date = Field(title="统计起始日期", description="活动和科技成果推广自此日起计算（方案印发日期）")
    end: Date = Field(title="目标年末", description="目标期限的最后一天")
    targets: Targets = Field(title="目标")
    figures: list[Figure] = Field(default_factory=list, max_length=500, title="录入的数字")


# -- qualifications --------------------------------------------------------------------

QualificationKind = Literal["高新技术企业", "科技型中小企业", "省级及以上创新平台", "市校合作主体"]


class Qualification(Model):
    """一项经工作人员核对证书的资质。"""

    org: CreditCode = Field(title="单位", description="统一社会信用代码（须在 submissions/orgs/ 中登记）")
    kind: QualificationKind = Field(title="资质类别")
    name: Optional[Text] = Field(None, title="平台或合作主体名称", description="创新平台和市校合作主体必填")
    level: Optional[Literal["国家级", "省级"]] = Field(None, title="平台级别", description="创新平台必填")
    partner: Optional[Text] = Field(None, title="合作高校或院所", description="市校合作主体必填")
    certificate_number: Text = Field(title="证书编号或认定文号")
    date: Date = Field(title="认定日期")
    valid_until: Optional[Date] = Field(None, title="有效期至", description="不填则长期有效")
    issuer: Text = Field(title="认定机构")


class QualificationsFile(Model):
    """lists/qualifications.yaml：工作人员核对过证书编号和日期的资质。"""

    qualifications: list[Qualification] = Field(default_factory=list, max_length=5000, title="资质")


# -- enterprise innovation coverage ----------------------------------------------------

EvidenceKind = Literal["研发机构", "研发活动", "其他创新活动"]


class ScopeEntry(Model):
    """纳入创新活动全覆盖范围的企业。"""

    org: CreditCode = Field(title="企业")
    department: vocab.Department = Field(title="归口（责任）部门")
    since: Date = Field(title="纳入日期")
    until: Optional[Date] = Field(None, title="移出日期", description="不再属于范围（如不再是规上工业企业）时填写")


class Confirmation(Model):
    """销号：企业有研发机构、研发活动或其他创新活动之一，并有印证材料。"""

    org: CreditCode = Field(title="企业")
    date: Date = Field(title="销号日期")
    evidence: EvidenceKind = Field(title="印证类别")
    material: Text = Field(title="印证材料", description="材料名称，如认定文件、立项文件；不写金额和人数")
    survey: Optional[SurveyId] = Field(None, title="调查表编号", description="企业提交的调查表 DC-…")
    unit: Text = Field(title="审核确认单位")


class Report(Model):
    """每月 1 日前报送的上月汇总统计表。"""

    month: Month = Field(title="统计月份")
    submitted: Date = Field(title="报送日期", description="应早于下月 1 日")
    to: Text = Field(title="报送对象", description="如 市创新活动推进小组办公室")


class CoverageFile(Model):
    """lists/coverage.yaml：企业技术创新活动全覆盖（范围、销号、月报）。"""

    document_number: Text = Field(title="方案文号")
    enterprises: list[ScopeEntry] = Field(default_factory=list, max_length=5000, title="纳入范围的企业")
    confirmations: list[Confirmation] = Field(default_factory=list, max_length=5000, title="销号")
    reports: list[Report] = Field(default_factory=list, max_length=1000, title="月度汇总报送")

"""The enterprise innovation survey (企业创新活动开展情况调查表, 晋市政办〔2020〕31号 附件3).

An enterprise fills it in for itself and submits it like any record
(submissions/surveys/DC-年份-序号.yaml). The repository is public, so the model
holds no figure an enterprise would not publish: R&D spending and staff numbers
are chosen from ranges (区间), never written as amounts or head counts, and the
rule R-SURVEY-FIGURES refuses free text that smuggles them in.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from .models import Contact, CreditCode, Date, Model, Text, Year

#: 研究开发人员 as a range (the form never asks for the exact number)
StaffRange = Literal["1–9 人", "10–49 人", "50–99 人", "100 人及以上"]
#: 研究开发费用 as a range (the form never asks for the amount)
SpendingRange = Literal["100 万元以下", "100–500 万元", "500–1000 万元", "1000 万元及以上"]
InstitutionLevel = Literal["国家级", "省级", "市级", "企业自建"]
ProjectSource = Literal["国家级项目", "省级项目", "市级项目", "产学研合作", "企业自主立项", "其他"]
#: 其他创新活动 checklist of annex 3 (可多选)
OtherActivity = Literal[
    "成立企业内部研究机构、创新管理部门",
    "开展“五小”创新及工业设计等活动",
    "对产品工艺进行技术改造、技术升级、技术改进",
    "对产品进行精深加工，提高企业效益",
    "运用新技术提高效率、降低成本",
    "开展质量提升活动",
    "与领军企业开展创新合作",
    "购置研发、实验、检测仪器设备",
    "购买技术、专利、配方、图纸等",
    "引进高水平技术人才",
    "产学研合作",
    "举办专题讲座、培训",
    "发表论文、著作",
    "开展其他活动",
]

RANGE_NOTE = "只选区间，不填具体数字：仓库和网站是公开的。"


class Institution(Model):
    """研究开发机构及平台（调查表第一部分）。"""

    name: Text = Field(title="研究开发机构及平台名称")
    level: InstitutionLevel = Field(title="级别", description="国家级、省级、市级，或企业自建")
    approved_by: Optional[Text] = Field(None, title="批准部门", description="企业自建的不填")
    field: Text = Field(title="研究领域")
    staff_range: Optional[StaffRange] = Field(None, title="机构研究开发人员（区间，可选）", description=RANGE_NOTE)
    spending_range: Optional[SpendingRange] = Field(None, title="机构研究开发费用（区间，可选）", description=RANGE_NOTE)


class RndProject(Model):
    """研究开发项目（调查表第二部分）。"""

    name: Text = Field(title="研发项目名称")
    source: ProjectSource = Field(title="项目来源")
    approval_number: Optional[Text] = Field(None, title="立项文号（可选）")
    staff_range: Optional[StaffRange] = Field(None, title="研究开发人员（区间，可选）", description=RANGE_NOTE)
    spending_range: Optional[SpendingRange] = Field(None, title="研究开发费用（区间，可选）", description=RANGE_NOTE)


class Activities(Model):
    """创新相关活动开展情况（调查表第三部分，按方向简述，不写金额和人数）。"""

    investment: Optional[Text] = Field(None, title="创新投入")
    talent: Optional[Text] = Field(None, title="创新人才")
    projects: Optional[Text] = Field(None, title="创新项目")
    platforms: Optional[Text] = Field(None, title="创新平台")
    rnd: Optional[Text] = Field(None, title="技术研发")
    cooperation: Optional[Text] = Field(None, title="技术合作")


class Survey(Model):
    """企业创新活动开展情况调查表：企业自己填写；不填研发经费金额和人数（最多选区间）。"""

    id: str = Field(title="调查表编号", description="DC-年份-四位序号，与文件名一致")
    enterprise: CreditCode = Field(title="企业", description="本企业的统一社会信用代码（须在 submissions/orgs/ 中登记）")
    year: Year = Field(title="调查年度")
    submitted: Date = Field(title="填报日期")
    institutions: list[Institution] = Field(default_factory=list, max_length=50, title="研究开发机构及平台")
    projects: list[RndProject] = Field(default_factory=list, max_length=200, title="研究开发项目")
    activities: Activities = Field(default_factory=Activities, title="创新相关活动")
    other_activities: list[OtherActivity] = Field(default_factory=list, max_length=14, title="其他创新活动（可多选）")
    contact: Optional[Contact] = Field(None, title="联系方式", description="不填则使用企业登记的联系方式")


def has_institution(s: Survey) -> bool:
    return bool(s.institutions)


def has_rnd(s: Survey) -> bool:
    return bool(s.projects)


def has_other(s: Survey) -> bool:
    return bool(s.other_activities) or any(getattr(s.activities, f) for f in Activities.model_fields)

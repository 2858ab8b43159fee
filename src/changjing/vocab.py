"""The programme's controlled vocabularies, in one place.

Sources (cited by document number): 晋市开管〔2025〕7号 (the zone's pilot plan and
its annexes 2 and 3), 晋市政办〔2025〕4号 (industry chains), 晋市政办〔2024〕38号
(晋创谷 industries). Values are the Chinese terms applicants write in their files.
"""
from __future__ import annotations

from typing import Literal, get_args

OrgType = Literal["政府部门", "事业单位", "国有企业", "民营企业", "高等院校", "科研院所", "社会组织"]
Location = Literal["主区", "金匠园区", "区外"]
Industry = Literal["光机电", "数字经济", "文旅康养", "其他"]
Chain = Literal["视觉系统", "新材料", "人工智能"]  # the 光机电 chains
ApplicationField = Literal["采购", "生产", "仓储", "运输", "销售", "捐赠"]
CooperationMode = Literal["揭榜挂帅", "政府采购", "招标投标", "联合体", "场景竞赛", "市场化商洽"]
SupplyKind = Literal["新产品", "新技术", "新工艺"]
IPKind = Literal["发明专利", "实用新型专利", "软件著作权", "集成电路布图设计权", "外观设计专利", "商标", "其他"]
Ownership = Literal["自有", "许可使用"]
CatalogueLevel = Literal["国家级", "省级"]
RecipientType = Literal["区内政府部门", "事业单位", "国有企业", "公益组织", "公共场所"]
OperatingStatus = Literal["运行中", "试运行", "已停运"]
MoneyUnit = Literal["元", "万元"]

#: 三新 certification accepts exactly these kinds of IP (晋市开管〔2025〕7号 附件3 第二条第三项)
SANXIN_IP_KINDS = frozenset({"发明专利", "实用新型专利", "软件著作权", "集成电路布图设计权"})

#: 三新 applicants must be located in these parts of the zone (附件3 第二条第一项)
SANXIN_LOCATIONS = frozenset({"主区", "金匠园区"})

#: a scene funded (even partly) by fiscal money picks its partner under the
#: Government Procurement Law or the Bidding Law (晋市开管〔2025〕7号 第9条)
PROCUREMENT_LAW_MODES = frozenset({"政府采购", "招标投标"})

#: the 光机电 coordination centre does the 初审 of 三新 items unless the applicant is affiliated with it
GJD_CENTER = "市光机电产业协调服务中心"
OFFICE = "领导小组办公室"

Department = Literal[
    "行政审批局",
    "经济发展与安全监管部",
    "建设管理部",
    "区公用建设管理有限公司",
    "市园区开发建设运营有限公司",
    "市光机电产业协调服务中心",
    "国际合作服务中心",
    "产业促进服务中心",
    "创新发展部",
    "综合执法局",
    "开发区公安分局",
    "开发区税务局",
    "市场监管局开发区分局",
    "规划和自然资源局开发区分局",
    "生态环境局开发区分局",
    "开发区消防救援大队",
]

#: Scene domains and the departments responsible for them (晋市开管〔2025〕7号 附件2).
#: ``None`` means the annex names no single owner: any member department may take it,
#: and the leadership group decides (附件2 第14条).
DOMAIN_DEPARTMENTS: dict[str, frozenset[str] | None] = {
    # government domains named in 第5条
    "智慧政务": frozenset({"行政审批局"}),
    "城市治理": frozenset({"综合执法局", "建设管理部", "区公用建设管理有限公司", "行政审批局"}),
    "应急安全": frozenset({"经济发展与安全监管部", "开发区消防救援大队", "开发区公安分局"}),
    "市场监管": frozenset({"市场监管局开发区分局"}),
    # domains with a named department in 附件2
    "社会治安": frozenset({"开发区公安分局"}),
    "税收征管": frozenset({"开发区税务局"}),
    "国土空间与自然资源": frozenset({"规划和自然资源局开发区分局"}),
    "生态环境保护": frozenset({"生态环境局开发区分局"}),
    "消防": frozenset({"开发区消防救援大队"}),
    "工程建设与基础设施": frozenset({"建设管理部", "区公用建设管理有限公司"}),
    # enterprise domains named in 第2、5条
    "生产制造": frozenset({"经济发展与安全监管部", "市光机电产业协调服务中心"}),
    "仓储物流": frozenset({"经济发展与安全监管部", "市园区开发建设运营有限公司"}),
    "研发设计": frozenset({"创新发展部", "市光机电产业协调服务中心"}),
    "园区治理": frozenset({"市园区开发建设运营有限公司"}),
    "产业链与招商": frozenset({"国际合作服务中心", "产业促进服务中心", "市园区开发建设运营有限公司"}),
    "其他": None,
}
Domain = Literal[
    "智慧政务", "城市治理", "应急安全", "市场监管", "社会治安", "税收征管", "国土空间与自然资源",
    "生态环境保护", "消防", "工程建设与基础设施", "生产制造", "仓储物流", "研发设计", "园区治理",
    "产业链与招商", "其他",
]


def values(literal) -> tuple[str, ...]:
    """The allowed values of one of the Literal vocabularies above."""
    return get_args(literal)


assert set(DOMAIN_DEPARTMENTS) == set(values(Domain)), "every domain needs a department entry"

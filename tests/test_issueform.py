"""Issue forms: generated from the models, and read back into record files."""
from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_prcheck_support import ORG_A, org_yaml, write  # noqa: E402

from changjing.check import check  # noqa: E402
from changjing.issueform import (FORM_FILES, FORMS_DIR, SPECS, FormError, answers_to_data, form_data,  # noqa: E402
                                 form_yaml, label_of, parse_sections)

ROOT = Path(__file__).resolve().parent.parent

DEMAND_BODY = f"""### 需求名称

铸件表面缺陷智能检测

### 需求方

{ORG_A.lower()}

### 征集批次

2025-H2

### 场景领域

生产制造

### 应用环节

生产

### 责任部门

经济发展与安全监管部

### 痛点问题

人工目检漏检率高，夜班质量波动大。
### 这不是表单的栏目
需要在线检测方案。

### 技术需求与指标

表面缺陷在线识别｜识别准确率｜≥ 99.5%
| 节拍 | 单件检测时间 | ≤ 2 秒 |

### 开放场地

二号铸造车间一条产线

### 资金投入

_No response_

### 配套设施

_No response_

### 预算

1,200.5 万元

### 财政资金占比（%）

30

### 合作方式

揭榜挂帅

### 可复制推广性

可推广到区内其他铸造企业。

### 响应截止日期

2025-09-30

### 非场景情形自查

- [X] 不是一般性政府基础设施建设
- [X] 不是传统信息化项目
- [ ] 不是实施方独立完成的研发
- [x] 不是已建成的项目

### 联系部门或岗位

科技创新部

### 办公电话

0356-2226000

### 办公邮箱

_No response_

### 关键词

机器视觉、缺陷检测
"""


def test_committed_forms_are_generated_from_the_models():
    for kind, name in FORM_FILES.items():
        committed = (ROOT / FORMS_DIR / name).read_text(encoding="utf-8")
        assert committed == form_yaml(kind), f"请运行 changjing issue-forms 重新生成 {name}"


def test_forms_are_valid_issue_forms():
    files = sorted(str(p) for p in (ROOT / FORMS_DIR).glob("*.yml") if p.name != "config.yml")
    proc = subprocess.run(["check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", *files],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_form_labels_are_unique_and_chinese(kind):
    labels = [label_of(kind, item) for item in SPECS[kind]]
    assert len(labels) == len(set(labels))
    assert all(not label.isascii() for label in labels), labels
    ids = [b["id"] for b in form_data(kind)["body"] if "id" in b]
    assert len(ids) == len(set(ids))


def test_demand_answers_become_data():
    data = answers_to_data("demand", DEMAND_BODY)
    assert data["owner"] == ORG_A  # upper-cased
    assert data["pain_point"] == "人工目检漏检率高，夜班质量波动大。\n### 这不是表单的栏目\n需要在线检测方案。"
    assert data["technical_requirements"][1] == {"item": "节拍", "indicator": "单件检测时间", "target": "≤ 2 秒"}
    assert data["budget"] == {"amount": 1200.5, "unit": "万元"}
    assert data["fiscal_share_percent"] == 30
    assert data["opens"] == {"site": "二号铸造车间一条产线"}
    assert data["exclusions"]["not_solo_rnd"] is False and data["exclusions"]["not_completed"] is True
    assert "email" not in data["contact"]
    assert data["keywords"] == ["机器视觉", "缺陷检测"]


def test_forged_heading_is_refused():
    body = DEMAND_BODY.replace("需要在线检测方案。", "需要在线检测方案。\n### 预算\n1 元")
    with pytest.raises(FormError, match="出现了两次"):
        answers_to_data("demand", body)


def test_bad_row_is_explained():
    body = DEMAND_BODY.replace("| 节拍 | 单件检测时间 | ≤ 2 秒 |", "节拍｜单件检测时间")
    with pytest.raises(FormError, match="第 2 行应有 3 栏"):
        answers_to_data("demand", body)


def test_sections_ignore_unknown_headings():
    assert parse_sections("### 甲\n\n1\n### 丙\n2\n### 乙\n3", ["甲", "乙"]) == {"甲": "1\n### 丙\n2", "乙": "3"}


def run(root: Path, *args: str, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "changjing.cli", *args, "--root", str(root)],
                          capture_output=True, text=True, input=stdin)


def test_from_issue_writes_a_valid_record(tmp_path):
    write(tmp_path, f"submissions/orgs/{ORG_A}.yaml", org_yaml(ORG_A, "晋城甲光电科技有限公司"))
    body = DEMAND_BODY.replace("- [ ] 不是实施方", "- [x] 不是实施方").replace("30\n", "0\n", 1)
    form = write(tmp_path, "issue.md", body)
    proc = run(tmp_path, "from-issue", str(form), "--kind", "demand", "--today", "2025-07-01",
               "--source", "议题 #7")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    path = tmp_path / "submissions/demand/XQ-2025-0001.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 由 changjing from-issue 根据议题表单生成（议题 #7）")
    assert "submitted: '2025-07-01'" in text
    result = check(tmp_path, ["submissions/demand/XQ-2025-0001.yaml"], today=date(2025, 7, 1))
    assert not result.errors, result.diagnostics
    # a second conversion takes the next ID, never overwrites
    proc = run(tmp_path, "from-issue", "-", "--kind", "demand", "--today", "2025-07-01", stdin=body)
    assert proc.returncode == 0 and (tmp_path / "submissions/demand/XQ-2025-0002.yaml").exists()
    proc = run(tmp_path, "from-issue", str(form), "--kind", "demand", "--id", "XQ-2025-0001")
    assert proc.returncode == 1 and "不会覆盖" in proc.stdout


def test_from_issue_reports_validation_problems(tmp_path):
    form = write(tmp_path, "issue.md", DEMAND_BODY)  # organisation not registered, one box unticked
    proc = run(tmp_path, "from-issue", str(form), "--kind", "demand", "--today", "2025-07-01")
    assert proc.returncode == 1
    assert "请按上面的提示修改文件" in proc.stdout


def test_from_issue_org(tmp_path):
    body = "\n\n".join([
        "### 统一社会信用代码", ORG_A, "### 单位名称", "晋城甲光电科技有限公司", "### 单位类型", "民营企业",
        "### 所在区域", "主区", "### 所属产业", "光机电", "### 光机电产业链", "视觉系统",
        "### 信用声明", "- [X] 近三年未发生重大安全和环保事故\n- [X] 未列入经营异常名录\n- [X] 未列入严重失信主体名单",
        "### 联系部门或岗位", "科技创新部", "### 办公电话", "0356-2226000",
    ])
    form = write(tmp_path, "org.md", body)
    proc = run(tmp_path, "from-issue", str(form), "--kind", "org", "--today", "2025-07-01")
    assert proc.returncode == 0, proc.stdout
    assert (tmp_path / f"submissions/orgs/{ORG_A}.yaml").exists()


def test_from_issue_bad_answer(tmp_path):
    form = write(tmp_path, "issue.md", DEMAND_BODY.replace("1,200.5 万元", "一千万"))
    proc = run(tmp_path, "from-issue", str(form), "--kind", "demand")
    assert proc.returncode == 2 and "无法转换表单" in proc.stdout and "300 万元" in proc.stdout


def test_from_issue_never_reuses_a_deleted_id(tmp_path):
    from test_prcheck_support import commit, demand_yaml, git

    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.name", "测试")
    git(tmp_path, "config", "user.email", "test@example.org")
    write(tmp_path, f"submissions/orgs/{ORG_A}.yaml", org_yaml(ORG_A, "晋城甲光电科技有限公司"))
    write(tmp_path, "submissions/demand/XQ-2025-0001.yaml", demand_yaml("XQ-2025-0001", ORG_A))
    commit(tmp_path, "one")
    git(tmp_path, "rm", "-q", "submissions/demand/XQ-2025-0001.yaml")
    commit(tmp_path, "deleted")
    form = write(tmp_path, "issue.md", DEMAND_BODY)
    run(tmp_path, "from-issue", str(form), "--kind", "demand", "--today", "2025-07-01")
    assert (tmp_path / "submissions/demand/XQ-2025-0002.yaml").exists()
    assert not (tmp_path / "submissions/demand/XQ-2025-0001.yaml").exists()


SURVEY_BODY = f"""### 企业

{ORG_A}

### 调查年度

2026

### 研究开发机构及平台

晋城市精密检测工程技术研究中心｜市级｜晋城市科学技术局｜光学检测｜10–49 人｜
质量检测实验室｜企业自建｜｜铸件检测｜｜

### 研究开发项目

铸件内部缺陷检测工艺｜企业自主立项｜｜1–9 人｜100 万元以下

### 创新投入

_No response_

### 创新人才

与晋城太行理工学院联合培养检测技术人员。

### 创新项目

_No response_

### 创新平台

_No response_

### 技术研发

_No response_

### 技术合作

_No response_

### 其他创新活动（可多选）

- [X] 开展质量提升活动
- [ ] 引进高水平技术人才
- [x] 产学研合作

### 联系部门或岗位

技术中心

### 办公电话

0356-2226000

### 办公邮箱

_No response_
"""


def test_survey_form_says_no_figures_and_offers_only_ranges():
    form = form_data("survey")
    intro = form["body"][0]["attributes"]["value"]
    assert "不填写具体数字" in intro and "区间" in intro
    rows = {b["id"]: b["attributes"] for b in form["body"] if "id" in b}
    assert "100–500 万元" in rows["institutions"]["description"] and "10–49 人" in rows["projects"]["description"]
    assert [o["label"] for o in rows["other_activities"]["options"]][-1] == "开展其他活动"
    assert len(rows["other_activities"]["options"]) == 14


def test_survey_answers_become_a_valid_record(tmp_path):
    data = answers_to_data("survey", SURVEY_BODY)
    assert data["institutions"][1] == {"name": "质量检测实验室", "level": "企业自建", "field": "铸件检测"}
    assert data["projects"] == [{"name": "铸件内部缺陷检测工艺", "source": "企业自主立项", "staff_range": "1–9 人",
                                 "spending_range": "100 万元以下"}]
    assert data["other_activities"] == ["开展质量提升活动", "产学研合作"]
    assert data["activities"] == {"talent": "与晋城太行理工学院联合培养检测技术人员。"}
    write(tmp_path, f"submissions/orgs/{ORG_A}.yaml", org_yaml(ORG_A, "晋城甲光电科技有限公司"))
    form = write(tmp_path, "issue.md", SURVEY_BODY)
    proc = run(tmp_path, "from-issue", str(form), "--kind", "survey", "--today", "2026-03-05")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "submissions/surveys/DC-2026-0001.yaml").exists()
    figures = write(tmp_path, "issue2.md", SURVEY_BODY.replace("与晋城太行理工学院联合培养检测技术人员。", "研发人员 36 人。"))
    proc = run(tmp_path, "from-issue", str(figures), "--kind", "survey", "--today", "2026-03-05")
    assert proc.returncode == 1 and "R-SURVEY-FIGURES" in proc.stdout

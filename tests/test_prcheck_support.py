"""Helpers (no tests) for the pull-request tests: real git repositories in a temporary folder."""
from __future__ import annotations

import subprocess
from pathlib import Path

from changjing.identifiers import make_credit_code
from record_factories import org_yaml  # noqa: F401  (shared; other tests import it from here)

ORG_A = make_credit_code("91140500MA0A0000A")
ORG_B = make_credit_code("91140500MA0B0000B")
ORG_C = make_credit_code("91140500MA0C0000C")
STAFF = "jkq-office"
APPLICANT_A = "Applicant-A"  # GitHub logins are case-insensitive: lists write it in lower case
APPLICANT_C = "applicant-c"


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def write(repo: Path, rel: str, text: str) -> Path:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def commit(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def demand_yaml(record_id: str, owner: str, title: str = "铸件表面缺陷智能检测", budget: str = "300") -> str:
    return f"""id: {record_id}
title: {title}
owner: {owner}
batch: 2025-H1
submitted: 2025-03-10
domain: 生产制造
application_field: 生产
responsible_department: 经济发展与安全监管部
pain_point: 人工目检漏检率高，夜班质量波动大，需要在线检测方案。
technical_requirements:
  - item: 表面缺陷在线识别
    indicator: 识别准确率
    target: "≥ 99.5%"
opens:
  site: 二号铸造车间一条产线
budget:
  amount: {budget}
  unit: 万元
fiscal_share_percent: 0
cooperation_mode: 揭榜挂帅
replicability: 可推广到区内其他铸造企业。
reply_deadline: 2025-09-30
exclusions:
  not_general_infrastructure: true
  not_traditional_it: true
  not_solo_rnd: true
  not_completed: true
"""


STAFF_LIST = f"""staff:
  - login: {STAFF}
    role: 领导小组办公室（行政审批局）
    group: 政府场景资源组
"""
PUBLISHERS_LIST = f"""publishers:
  - org: {ORG_A}
    logins: [applicant-a]
  - org: {ORG_B}
    logins: [applicant-b]
"""


def make_repo(root: Path) -> Path:
    """main: staff and publishers lists, two organisations with one demand each; then branch pr."""
    repo = root / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "测试")
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "config", "commit.gpgsign", "false")
    write(repo, "lists/staff.yaml", STAFF_LIST)
    write(repo, "lists/publishers.yaml", PUBLISHERS_LIST)
    write(repo, f"submissions/orgs/{ORG_A}.yaml", org_yaml(ORG_A, "晋城甲光电科技有限公司"))
    write(repo, f"submissions/orgs/{ORG_B}.yaml", org_yaml(ORG_B, "晋城乙精密制造有限公司"))
    write(repo, f"submissions/orgs/{ORG_C}.yaml", org_yaml(ORG_C, "晋城丙智能装备有限公司"))
    write(repo, "submissions/demand/XQ-2025-0001.yaml", demand_yaml("XQ-2025-0001", ORG_A))
    write(repo, "submissions/demand/XQ-2025-0002.yaml", demand_yaml("XQ-2025-0002", ORG_B, "精密零件尺寸视觉测量"))
    write(repo, "docs/guide.md", "# 指南\n")
    write(repo, "src/tool.py", "print('hi')\n")
    commit(repo, "base")
    git(repo, "checkout", "-q", "-b", "pr")
    return repo

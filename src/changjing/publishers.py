"""Who may change what: lists/staff.yaml and lists/publishers.yaml.

Both files are staff decisions. ``pr-check`` reads them from the *base*
branch, never from the pull request, so nobody can grant themselves rights in
the same pull request that uses them. ``changjing check`` validates them here
(strict loader, Chinese messages with line numbers).

lists/staff.yaml — the GitHub accounts of the leadership group's office::

    staff:
      - login: jkq-office          # GitHub 账号
        role: 领导小组办公室（行政审批局）
        group: 政府场景资源组        # 可选：政府场景资源组 / 企业场景资源组

lists/publishers.yaml — which accounts may submit for which organisation::

    publishers:
      - org: 91140500MA0K0000XX    # 统一社会信用代码（submissions/orgs/ 中的文件名）
        logins: [acme-keji, acme-office]
        since: 2025-03-01          # 可选：开通日期
        note: 经单位公函确认         # 可选

GitHub account names are compared without regard to case, as GitHub does.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .check import CheckContext, stage
from .codes import document
from .diagnostics import Diagnostic, error, warning
from .identifiers import credit_code_problem
from .loader import load_yaml_bytes
from .models import CreditCode, Date, Text
from .translate import validate_loaded

STAFF_PATH = "lists/staff.yaml"
PUBLISHERS_PATH = "lists/publishers.yaml"

LOGIN_RE = re.compile(r"^[A-Za-z0-9](?:-?[A-Za-z0-9])*$")
Login = Annotated[str, Field(pattern=LOGIN_RE.pattern, max_length=39, title="GitHub 账号",
                             description="GitHub 用户名：字母、数字和连字符，最长 39 个字符")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True)


class StaffMember(_Model):
    login: Login = Field(title="GitHub 账号")
    role: Text = Field(title="岗位", description="写单位和岗位，不写个人姓名")
    group: Optional[Literal["政府场景资源组", "企业场景资源组"]] = Field(None, title="工作组")


class StaffList(_Model):
    """领导小组办公室工作人员的 GitHub 账号：只有他们可以修改 lists/、代码和工作流。"""

    staff: list[StaffMember] = Field(min_length=1, max_length=200, title="工作人员")


class Publisher(_Model):
    org: CreditCode = Field(title="组织", description="组织的统一社会信用代码")
    logins: list[Login] = Field(min_length=1, max_length=20, title="可提交的 GitHub 账号")
    since: Optional[Date] = Field(None, title="开通日期")
    note: Optional[Text] = Field(None, title="备注")


class PublisherList(_Model):
    """各组织可以提交和修改记录的 GitHub 账号。"""

    publishers: list[Publisher] = Field(default_factory=list, max_length=5000, title="提交账号")


@dataclass
class Permissions:
    """The rights read from one tree (the base branch, for pr-check)."""

    staff: set[str] = field(default_factory=set)  # lower-cased logins
    publishers: dict[str, set[str]] = field(default_factory=dict)  # credit code → lower-cased logins
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def is_staff(self, login: str) -> bool:
        return login.casefold() in self.staff

    def may_publish_for(self, login: str, credit_code: str) -> bool:
        return login.casefold() in self.publishers.get(credit_code, set())

    def orgs_of(self, login: str) -> list[str]:
        return sorted(code for code, logins in self.publishers.items() if login.casefold() in logins)


def _load(raw: bytes | None, path: str, model: type[BaseModel]):
    """(loaded, validated model or None, diagnostics); a missing file is no diagnostic."""
    if raw is None:
        return None, None, []
    loaded = load_yaml_bytes(raw, path)
    validated, diagnostics = validate_loaded(model, loaded, path)
    return loaded, validated, diagnostics


def _diag(make, code, message, loaded, key, path):
    line, column = loaded.position(key)
    return make(code, message, key=key, path=path, line=line, column=column)


def validate_staff(raw: bytes | None, path: str = STAFF_PATH) -> tuple[set[str], list[Diagnostic]]:
    loaded, model, diags = _load(raw, path, StaffList)
    logins: set[str] = set()
    if model is None:
        return logins, diags
    for i, member in enumerate(model.staff):
        folded = member.login.casefold()
        if folded in logins:
            diags.append(_diag(error, "P-LIST-DUPLICATE", f"GitHub 账号「{member.login}」重复列出。",
                               loaded, f"staff.{i}.login", path))
        logins.add(folded)
    return logins, diags


def validate_publishers(raw: bytes | None, path: str = PUBLISHERS_PATH,
                        known_orgs: set[str] | None = None) -> tuple[dict[str, set[str]], list[Diagnostic]]:
    loaded, model, diags = _load(raw, path, PublisherList)
    result: dict[str, set[str]] = {}
    if model is None:
        return result, diags
    for i, entry in enumerate(model.publishers):
        problem = credit_code_problem(entry.org)
        if problem:
            diags.append(_diag(error, "P-LIST-CREDIT-CODE", problem, loaded, f"publishers.{i}.org", path))
        if entry.org in result:
            diags.append(_diag(error, "P-LIST-DUPLICATE",
                               f"组织「{entry.org}」重复列出；请把账号合并到同一条目的 logins 中。",
                               loaded, f"publishers.{i}.org", path))
        elif known_orgs is not None and entry.org not in known_orgs:
            diags.append(_diag(warning, "P-LIST-UNKNOWN-ORG",
                               f"组织「{entry.org}」还没有登记（submissions/orgs/{entry.org}.yaml 不存在）。",
                               loaded, f"publishers.{i}.org", path))
        seen: set[str] = set()
        for j, login in enumerate(entry.logins):
            if login.casefold() in seen:
                diags.append(_diag(error, "P-LIST-DUPLICATE", f"GitHub 账号「{login}」在本条目中重复。",
                                   loaded, f"publishers.{i}.logins.{j}", path))
            seen.add(login.casefold())
        result.setdefault(entry.org, set()).update(seen)
    return result, diags


def permissions_from(read) -> Permissions:
    """Build permissions from ``read(relpath) -> bytes | None`` (a tree on disk or a git revision)."""
    staff, d1 = validate_staff(read(STAFF_PATH))
    publishers, d2 = validate_publishers(read(PUBLISHERS_PATH))
    return Permissions(staff=staff, publishers=publishers, diagnostics=d1 + d2)


@stage
def check_permission_lists(context: CheckContext):
    """The staff and publishers lists, when a full check runs or either file is named."""
    root = context.index.root
    wanted = context.targets is None or any(t in (STAFF_PATH, PUBLISHERS_PATH) for t in context.targets)
    if not wanted:
        return []
    out: list[Diagnostic] = []
    staff_file = root / STAFF_PATH
    if staff_file.is_file():
        out += validate_staff(staff_file.read_bytes())[1]
    pub_file = root / PUBLISHERS_PATH
    if pub_file.is_file():
        known = set(context.index.ids("org"))
        out += validate_publishers(pub_file.read_bytes(), known_orgs=known)[1]
    return out


document("提交权限名单（P-LIST-）", [
    ("P-LIST-DUPLICATE", "名单重复", "lists/staff.yaml 中同一账号、lists/publishers.yaml 中同一组织或同一条目中的同一账号只能出现一次"
     "（GitHub 账号不区分大小写）。"),
    ("P-LIST-CREDIT-CODE", "信用代码不正确", "lists/publishers.yaml 的 org 必须是校验位正确的统一社会信用代码。"),
    ("P-LIST-UNKNOWN-ORG", "组织未登记", "lists/publishers.yaml 列出的组织在 submissions/orgs/ 中还没有登记文件（警告）。"),
])

"""The Chinese Markdown summary a reviewer reads on a pull request.

For every record touched: added / changed / withdrawn, the fields that
changed (old → new, by their Chinese titles from the models), the derived
status before and after, and the validation result. Every piece of submitted
text — values, titles, paths, even the author's login — goes through
:func:`md_escape`, which masks mobile and ID numbers, so it cannot become HTML, Markdown structure, a link, a
mention or a CI workflow command.
"""
from __future__ import annotations

import re
from typing import Any

from .diagnostics import Diagnostic, sort_key
from .personal import redact
from .prcheck import PRReport, RecordChange
from .translate import field_at

MAX_VALUE = 160
MAX_ROWS = 60

# every ASCII character that can start Markdown or HTML structure inside a line becomes a numeric
# entity (line-start-only syntax such as "- " or "1." cannot occur: newlines become spaces and the
# summary never starts a line with submitted text); ":" also keeps "::" workflow commands inert
_SPECIAL = set("\\`*_{}[]()#+!|<>&~:@$")
_LINKISH = re.compile(r"(?i)(://|www\.|@)")


def md_escape(value: Any, limit: int = MAX_VALUE) -> str:
    text = redact(value if isinstance(value, str) else _plain(value))
    if len(text) > limit:
        text = text[:limit] + "…"
    out = []
    for ch in _LINKISH.sub(lambda m: m.group(0) + "\u200b", text):
        if ch in "\r\n\t":
            out.append(" ")
        elif ch in _SPECIAL or ord(ch) < 32 or 0x7f <= ord(ch) < 0xa0 or ch in "\u2028\u2029":
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    return "".join(out)


def _plain(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_plain(v) for v in value) if value else "（空）"
    if isinstance(value, dict):
        return "；".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)


def _flatten(data: Any, prefix: tuple = ()) -> dict[tuple, Any]:
    """Leaves by location; lists of scalars stay one leaf (shown joined)."""
    if isinstance(data, dict):
        out: dict[tuple, Any] = {}
        for k, v in data.items():
            out.update(_flatten(v, prefix + (str(k),)))
        return out or {prefix: {}}
    if isinstance(data, list) and any(isinstance(v, (dict, list)) for v in data):
        out = {}
        for i, v in enumerate(data):
            out.update(_flatten(v, prefix + (i,)))
        return out
    return {prefix: data}


def field_title(model, loc: tuple) -> str:
    """「联系方式 › 办公电话」, 「技术需求与指标 › 第 2 项 › 目标值」: the models' Chinese titles."""
    names = []
    for n, part in enumerate(loc):
        if isinstance(part, int):
            names.append(f"第 {part + 1} 项")
            continue
        info, _ = field_at(model, loc[: n + 1])
        names.append(info.title if info is not None and info.title else str(part))
    return " › ".join(names) or "（整个文件）"


def field_changes(change: RecordChange) -> list[tuple[str, Any, Any]]:
    old = _flatten(change.before.data) if change.before is not None else {}
    new = _flatten(change.after.data) if change.after is not None else {}
    model = change.kind.model
    rows = []
    for loc in list(new) + [k for k in old if k not in new]:  # in the order of the file
        a, b = old.get(loc), new.get(loc)
        if a != b:
            rows.append((field_title(model, loc), a, b))
    if change.before is not None and change.after is not None and change.before.body != change.after.body:
        rows.append(("正文", f"{len(change.before.body.splitlines())} 行", f"{len(change.after.body.splitlines())} 行（已修改）"))
    return rows


def _validation(diags: list[Diagnostic]) -> str:
    errors = sum(1 for d in diags if d.is_error)
    warnings = len(diags) - errors
    if not diags:
        return "✅ 通过"
    return f"❌ {errors} 个错误，{warnings} 个警告" if errors else f"⚠️ {warnings} 个警告"


def _status(value: str | None) -> str:
    return value if value else "（新记录）"


def _title_of(change: RecordChange) -> str:
    for rec in (change.after, change.before):
        if rec is not None:
            value = rec.data.get("title") or rec.data.get("name")
            if value:
                return md_escape(value, 60)
            if change.kind.name == "survey" and rec.data.get("year"):
                return md_escape(f"{rec.data.get('year')} 年度", 60)
    return ""


def _survey_lines(change: RecordChange) -> list[str]:
    """A survey has no review status: say so, and which 销号 conditions its answers can support."""
    from .survey import has_institution, has_other, has_rnd

    lines = ["- 状态：调查表不经过审查流程；是否销号由工作人员核实印证材料后在 lists/coverage.yaml 确认"]
    model = change.after.model if change.after is not None else None
    if model is not None:
        kinds = [k for k, test in (("研发机构", has_institution), ("研发活动", has_rnd), ("其他创新活动", has_other))
                 if test(model)]
        lines.append(f"- 可作为销号依据的填报内容：{'、'.join(kinds) if kinds else '无（未填写任何创新活动）'}")
    return lines


def _diag_rows(diags: list[Diagnostic]) -> list[str]:
    rows = ["| 文件 | 位置 | 级别 | 代码 | 说明 |", "| --- | --- | --- | --- | --- |"]
    for d in sorted(diags, key=sort_key)[:MAX_ROWS]:
        rows.append(f"| {md_escape(d.path)} | {d.line}:{d.column} | {d.severity.label} | {md_escape(d.code)} | "
                    f"{md_escape((d.key + '：' if d.key else '') + d.message, 400)} |")
    if len(diags) > MAX_ROWS:
        rows.append(f"| … | | | | 另有 {len(diags) - MAX_ROWS} 条，见检查日志 |")
    return rows


def _reward_cell(reward) -> str:
    if reward is None:
        return "（无）"
    from .lists.rewards import yuan

    return f"{yuan(reward.amount_yuan)}（{reward.status}）"


def reward_lines(report: PRReport) -> list[str]:
    """The effect of the pull request on every reward, computed with the staff-confirmed figures."""
    money = any(r.kind.name in ("case", "donation") for r in report.records)
    if not report.reward_changes:
        return ["### 对奖励的影响", "", "奖励没有变化（按工作人员核定的金额计算）。", ""] if money else []
    lines = ["### 对奖励的影响", "", "按工作人员核定的金额计算：", "",
             "| 编号 | 奖励 | 改动前 | 改动后 |", "| --- | --- | --- | --- |"]
    for rid, old, new in report.reward_changes[:MAX_ROWS]:
        kind = (new or old).kind
        lines.append(f"| {md_escape(rid)} | {kind} | {_reward_cell(old)} | {_reward_cell(new)} |")
    lines.append("")
    return lines


_FILE_ACTIONS = {"A": "新增", "D": "删除", "M": "修改", "T": "改变文件类型"}


def _file_line(c) -> str:
    """Both ends of a rename or copy: the reviewer sees where a file came from, not only where it went."""
    if c.status == "R":
        return f"{md_escape(c.old_path)} → {md_escape(c.path)}（移动或改名）"
    if c.status == "C":
        return f"{md_escape(c.path)}（新增，复制自 {md_escape(c.old_path)}）"
    return f"{md_escape(c.path)}（{_FILE_ACTIONS.get(c.status, '修改')}）"


def summary_markdown(report: PRReport) -> str:
    pr_diags = report.diagnostics
    check_diags = report.check_diagnostics
    all_diags = pr_diags + check_diags
    errors = sum(1 for d in all_diags if d.is_error)
    if report.is_staff:
        who = "领导小组办公室工作人员"
    else:
        orgs = report.permissions.orgs_of(report.author)
        who = f"申报单位账号（可代表：{'、'.join(orgs)}）" if orgs else "未登记为任何组织提交账号的账号"
    lines = [
        "## 场景记录拉取请求检查",
        "",
        f"- 提交账号：{md_escape(report.author)}（{who}）",
        f"- 对比基准：{md_escape(report.base)}（提交 {report.base_commit[:12]}）",
        f"- 计算日期：{report.today.isoformat()}（北京时间）",
        f"- 改动文件：{len(report.files)} 个，其中记录 {len(report.records)} 个",
        f"- 结论：{'✅ 规则检查通过，等待人工审核' if not errors else f'❌ 发现 {errors} 个错误，须改正后才能合并'}",
        "",
    ]
    if all_diags:
        lines += ["### 问题清单", ""] + _diag_rows(all_diags) + [""]
    if report.records:
        lines += ["### 记录改动", ""]
    by_path: dict[str, list[Diagnostic]] = {}
    for d in check_diags:
        by_path.setdefault(d.path, []).append(d)
    for change in report.records:
        title = _title_of(change)
        label = f"{change.kind.label} {md_escape(change.record_id)}" + (f" · {title}" if title else "")
        lines += [f"#### {change.action}：{label}", ""]
        where = md_escape(change.path)
        if change.old_path:
            where = f"{md_escape(change.old_path)} → {where}"
        lines.append(f"- 文件：{where}")
        if change.kind.name == "survey":
            lines += _survey_lines(change)
        else:
            after = _status(change.status_after) if change.after is not None else "（文件已删除）"
            lines.append(f"- 状态：{_status(change.status_before)} → {after}")
        lines.append(f"- 校验：{_validation(by_path.get(change.path, [])) if change.after is not None else '（文件已删除）'}")
        lines.append("")
        if change.action in ("修改", "撤回", "改名") or change.before is not None:
            rows = field_changes(change)
            if rows:
                lines += ["| 字段 | 原值 | 新值 |", "| --- | --- | --- |"]
                for title_, old, new in rows[:MAX_ROWS]:
                    lines.append(f"| {md_escape(title_)} | {md_escape(_plain(old) if old is not None else '（无）')} | "
                                 f"{md_escape(_plain(new) if new is not None else '（无）')} |")
                if len(rows) > MAX_ROWS:
                    lines.append(f"| … | | 另有 {len(rows) - MAX_ROWS} 处改动 |")
                lines.append("")
            elif change.action == "修改":
                lines += ["（字段内容没有变化）", ""]
    lines += reward_lines(report)
    others = {rid: moves for rid, moves in report.status_changes.items()
              if rid not in {r.record_id for r in report.records}}
    if others:
        lines += ["### 工作人员决定带来的状态变化", "", "| 编号 | 改动前 | 改动后 |", "| --- | --- | --- |"]
        for rid, (old, new) in sorted(others.items())[:MAX_ROWS]:
            lines.append(f"| {md_escape(rid)} | {_status(old)} | {_status(new)} |")
        lines.append("")
    if report.programme_changes:
        lines += ["### 晋创谷目标与企业创新活动全覆盖的变化", "", "| 项目 | 改动前 | 改动后 |", "| --- | --- | --- |"]
        for label, old, new in report.programme_changes[:MAX_ROWS]:
            lines.append(f"| {md_escape(label)} | {md_escape(old)} | {md_escape(new)} |")
        lines.append("")
    other_files = [c for c in report.files if not any(c.path == r.path for r in report.records)]
    if other_files:
        lines += ["### 其他改动文件", ""]
        lines += [f"- {_file_line(c)}" for c in other_files[:MAX_ROWS]]
        if len(other_files) > MAX_ROWS:
            lines.append(f"- …另有 {len(other_files) - MAX_ROWS} 个文件")
        lines.append("")
    return "\n".join(lines) + "\n"

"""Reference pages generated from the code, so the documentation cannot drift.

`changjing docs` writes them; a test fails when a committed page differs.
"""
from __future__ import annotations

from pathlib import Path

from .codes import CODE_DOCS
from .rules import RULES

RULES_PAGE = "docs/reference/rules.md"


def _cell(text: str) -> str:
    # docstrings are Chinese: lines join without a space
    return "".join(line.strip() for line in text.splitlines()).replace("|", "\\|")


def _register_everything() -> None:
    """Import every stage and command module so that all their codes are registered."""
    import importlib

    from . import check, commandline

    for module in check.STAGE_MODULES + commandline.COMMAND_MODULES:
        importlib.import_module(module)


def rules_markdown() -> str:
    _register_everything()
    lines = [
        "# 校验规则代码",
        "",
        "<!-- 本页由 `changjing docs` 根据代码生成，请勿手工修改。 -->",
        "",
        "`changjing check` 报告的每个问题都带一个稳定的代码，形如",
        "`submissions/demand/XQ-2025-0003.yaml:12:3: 错误 [R-FISCAL-MODE] cooperation_mode: …`。",
        "错误必须改正后才能合并；警告提示风险，不阻止合并。",
        "",
        "## 业务规则（R-）",
        "",
        "| 代码 | 级别 | 适用记录 | 规则 | 说明 |",
        "| --- | --- | --- | --- | --- |",
    ]
    from .records import KINDS

    for r in sorted(RULES, key=lambda r: r.code):
        kinds = "、".join(KINDS[k].label for k in KINDS if k in r.kinds)
        lines.append(f"| `{r.code}` | {r.severity.label} | {kinds} | {_cell(r.title)} | {_cell(r.doc)} |")
    groups: dict[str, list] = {}
    for doc in CODE_DOCS.values():
        groups.setdefault(doc.group, []).append(doc)
    # a fixed order, whatever order the modules happened to be imported in
    prefix_order = "LSFWP"

    def group_key(item):
        group, docs = item
        first = min(d.code for d in docs)
        return (prefix_order.find(first[0]) % len(prefix_order + "?"), group)

    for group, docs in sorted(groups.items(), key=group_key):
        lines += ["", f"## {group}", "", "| 代码 | 问题 | 说明 |", "| --- | --- | --- |"]
        for doc in sorted(docs, key=lambda d: d.code):
            lines.append(f"| `{doc.code}` | {_cell(doc.title)} | {_cell(doc.explanation)} |")
    return "\n".join(lines) + "\n"


def generated_pages() -> dict[str, str]:
    return {RULES_PAGE: rules_markdown()}


def write_pages(root: Path) -> list[Path]:
    written = []
    for rel, text in generated_pages().items():
        path = Path(root) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

"""The applicants' field reference, generated from the record models (Markdown for mkdocs)."""
from __future__ import annotations

import typing

from pydantic import BaseModel

from ..records import KINDS


def _type_text(annotation) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return "取值：" + "、".join(str(a) for a in args)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        inner = [a for a in args if a is not type(None)]
        return _type_text(inner[0]) if len(inner) == 1 else "／".join(_type_text(a) for a in inner)
    if origin is typing.Annotated:
        return _type_text(args[0])
    if origin is list:
        return "列表：" + _type_text(args[0]) if args else "列表"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"{annotation.__doc__.strip().splitlines()[0] if annotation.__doc__ else annotation.__name__}（见下）"
    names = {str: "文字", int: "整数", bool: "true 或 false"}
    if annotation in names:
        return names[annotation]
    name = getattr(annotation, "__name__", str(annotation))
    return {"date": "日期 YYYY-MM-DD", "Decimal": "数字"}.get(name, name)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def model_table(model: type[BaseModel], seen: list) -> list[str]:
    lines = ["| 字段 | 名称 | 必填 | 类型与取值 | 说明 |", "| --- | --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        lines.append(f"| `{name}` | {_cell(info.title or '')} | {'是' if info.is_required() else '否'} | "
                     f"{_cell(_type_text(info.annotation))} | {_cell(info.description or '')} |")
        for sub in _submodels(info.annotation):
            if sub not in seen:
                seen.append(sub)
    return lines


def _submodels(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _submodels(arg)


def fields_markdown() -> str:
    out = []
    for kind in KINDS.values():
        out += [f"## {kind.label}", "", f"文件：`submissions/{kind.folder}/编号{kind.suffix}`。"
                f"{_cell((kind.model.__doc__ or '').strip())}", ""]
        seen: list = []
        out += model_table(kind.model, seen)
        i = 0
        while i < len(seen):
            sub = seen[i]
            i += 1
            if sub.__name__ == "Money":
                continue
            out += ["", f"### {kind.label}：{_cell((sub.__doc__ or sub.__name__).strip().splitlines()[0])}"
                    f"（`{sub.__name__}`）", ""]
            out += model_table(sub, seen)
        out.append("")
    out += ["## 金额", "", "金额写成 `{amount: 120, unit: 万元}`：`amount` 为正数，`unit` 为“元”或“万元”。", ""]
    return "\n".join(out)

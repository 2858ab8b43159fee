"""pydantic errors in Chinese, chosen by error ``type`` and ``ctx`` only.

pydantic's English ``msg`` changes between versions; its ``type`` codes and
``ctx`` values are its stable interface, so the messages here are keyed on
those and never on the English text.
"""
from __future__ import annotations

import difflib
import typing
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .diagnostics import Diagnostic, error
from .loader import Loaded

# stable diagnostic codes for schema problems
_CODE_BY_TYPE = {
    "missing": "S-MISSING",
    "extra_forbidden": "S-UNKNOWN-FIELD",
    "literal_error": "S-ENUM",
    "enum": "S-ENUM",
    "string_pattern_mismatch": "S-FORMAT",
    "string_too_short": "S-LENGTH",
    "string_too_long": "S-LENGTH",
    "too_short": "S-LENGTH",
    "too_long": "S-LENGTH",
    "greater_than": "S-RANGE",
    "greater_than_equal": "S-RANGE",
    "less_than": "S-RANGE",
    "less_than_equal": "S-RANGE",
    "date_text": "S-DATE",
    "date_parsing": "S-DATE",
    "date_from_datetime_parsing": "S-DATE",
    "date_from_datetime_inexact": "S-DATE",
    "date_type": "S-DATE",
    "money_too_large": "S-RANGE",
    "decimal_max_places": "S-RANGE",
    "decimal_max_digits": "S-RANGE",
    "decimal_whole_digits": "S-RANGE",
}
_TYPE_WORDS = {
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数，不能带小数",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "只能写 true 或 false",
    "bool_parsing": "只能写 true 或 false",
    "list_type": "应为列表（每项另起一行，以“- ”开头）",
    "dict_type": "应为包含子字段的映射（下一行缩进两个空格写子字段）",
    "model_type": "应为包含子字段的映射（下一行缩进两个空格写子字段）",
    "model_attributes_type": "应为包含子字段的映射（下一行缩进两个空格写子字段）",
    "decimal_max_digits": "数字位数过多",
    "decimal_whole_digits": "整数部分位数过多",
    "finite_number": "应为有限的数字",
}


def _unwrap(annotation: Any) -> Any:
    """Strip Optional[...] and Annotated[...] down to the core type."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def field_at(model: type[BaseModel], loc: tuple) -> tuple[FieldInfo | None, Any]:
    """The FieldInfo and core annotation at a pydantic error location."""
    current: Any = model
    info: FieldInfo | None = None
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            if get_origin(current) is list:
                current = get_args(current)[0]
                continue
            return info, None
        if isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            info = current.model_fields[part]
            current = info.annotation
            continue
        return None, None
    return info, _unwrap(current)


def _allowed(annotation: Any) -> list[str]:
    if get_origin(annotation) is Literal:
        return [str(a) for a in get_args(annotation)]
    return []


def _suggest(word: str, candidates: list[str]) -> str:
    """A "did you mean" for a misspelt key or value, if one candidate is close."""
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"是否想写「{close[0]}」？" if close else ""


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 30 else text[:30] + "…"


def describe(model: type[BaseModel], err: dict) -> str:
    """The Chinese message for one pydantic error dict."""
    kind = err["type"]
    loc = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    info, annotation = field_at(model, loc)
    name = f"「{info.title}」" if info is not None and info.title and not isinstance(loc[-1] if loc else None, int) else "此项"
    if kind == "missing":
        return f"缺少必填字段{name}。"
    if kind == "extra_forbidden":
        parent = field_at(model, loc[:-1])[1] if len(loc) > 1 else model
        names = list(parent.model_fields) if isinstance(parent, type) and issubclass(parent, BaseModel) else []
        guess = _suggest(str(loc[-1]), names)
        hint = f"这一层允许的字段：{', '.join(names)}。" if names else ""
        return f"不认识的字段「{loc[-1]}」，{guess or '可能是拼写错误，或放错了层级。'}{hint}"
    if kind in ("literal_error", "enum"):
        values = _allowed(annotation)
        choices = "、".join(values) if values else "见字段说明"
        guess = _suggest(str(err.get("input")), values)
        return f"{name}的取值「{_short(err.get('input'))}」不在允许范围内。{guess}可选：{choices}。"
    if kind == "string_pattern_mismatch":
        hint = info.description if info is not None and info.description else "请对照模板填写"
        return f"{name}格式不对：「{_short(err.get('input'))}」。要求：{hint}。"
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return f"{name}不能为空。" if n <= 1 else f"{name}太短，至少 {n} 个字。"
    if kind == "string_too_long":
        return f"{name}太长，最多 {ctx.get('max_length')} 个字。"
    if kind == "too_short":
        return f"{name}至少需要 {ctx.get('min_length')} 项。"
    if kind == "too_long":
        return f"{name}最多 {ctx.get('max_length')} 项。"
    bounds = {"greater_than": ("大于", "gt"), "greater_than_equal": ("不小于", "ge"),
              "less_than": ("小于", "lt"), "less_than_equal": ("不大于", "le")}
    if kind in bounds:
        word, key = bounds[kind]
        return f"{name}应{word} {ctx.get(key)}，现为 {_short(err.get('input'))}。"
    if kind == "money_too_large":
        return f"{name}为 {_short(ctx.get('amount'))}，超过 10¹² 元的上限，请核对金额和单位。"
    if kind == "decimal_max_places":
        return f"{name}最多 {ctx.get('decimal_places')} 位小数，现为 {_short(err.get('input'))}。"
    if kind == "date_text" or kind.startswith("date_"):
        return f"{name}日期应写成 YYYY-MM-DD 形式（如 2025-07-31），并且是真实存在的日期；现为「{_short(err.get('input'))}」。"
    if kind in _TYPE_WORDS:
        return f"{name}{_TYPE_WORDS[kind]}，现为「{_short(err.get('input'))}」。"
    return f"{name}取值不符合要求（{kind}）。"


def code_for(kind: str) -> str:
    if kind in _CODE_BY_TYPE:
        return _CODE_BY_TYPE[kind]
    if kind in _TYPE_WORDS:
        return "S-TYPE"
    return "S-INVALID"


def translate_validation_error(exc: ValidationError, model: type[BaseModel], loaded: Loaded, path: str) -> list[Diagnostic]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        dotted = ".".join(str(p) for p in loc)
        line, column = loaded.position(dotted)
        out.append(error(code_for(err["type"]), describe(model, err), key=dotted, path=path, line=line, column=column))
    return out


def validate_loaded(model: type[BaseModel], loaded: Loaded, path: str) -> tuple[BaseModel | None, list[Diagnostic]]:
    """The one way a loaded file becomes a model: (model or None, every diagnostic so far).

    Records, staff decisions and the permission lists all go through here, so a
    file of any kind fails the same way with the same Chinese messages.
    """
    if not loaded.ok:
        return None, list(loaded.diagnostics)
    try:
        return model.model_validate(loaded.data), []
    except ValidationError as exc:
        return None, translate_validation_error(exc, model, loaded, path)

"""Jinja2 environment (autoescape always on) and the value formatters pages share.

Submitted strings only ever reach HTML through autoescaping, or, for a case's
Markdown narrative, through :func:`changjing.narrative.narrative_html` (cmark-gfm
without raw HTML, then nh3 with a small allow-list).
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

import jinja2
from pydantic import BaseModel

from ..narrative import NARRATIVE_ATTRIBUTES, NARRATIVE_TAGS, URL_SCHEMES, narrative_html  # noqa: F401


def yuan(value: Decimal | int | None) -> str:
    """1234567.5 → '1,234,567.50 元'; exact, no float."""
    if value is None:
        return ""
    q = Decimal(value).quantize(Decimal("0.01"))
    text = f"{q:,.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    return f"{text} 元"


_BATCH = re.compile(r"\b(20\d{2})-H([12])\b")


#: status → badge colour class (ok: published and after; wait: in progress; off: ended)
STATUS_CLASS = {"已发布": "ok", "对接中": "ok", "建设中": "ok", "已建成": "ok", "标杆": "ok", "公示中": "wait", "待发布": "wait",
                "未通过": "off", "已撤回": "off", "已撤销": "off"}


def status_class(status: str) -> str:
    return STATUS_CLASS.get(status, "wait")


def batch_label(text: str | None) -> str:
    """A batch code as a reader says it: 2026-H2 → 2026年下半年 (also inside a longer text)."""
    if not text:
        return ""
    return _BATCH.sub(lambda m: f"{m.group(1)}年{'上' if m.group(2) == '1' else '下'}半年", str(text))


def number(value: Decimal | int) -> str:
    """A figure with thousands separators and no trailing zeros: 185000 → 185,000; 12.50 → 12.5."""
    q = Decimal(value)
    text = f"{q:,f}" if q == q.to_integral() else f"{q.normalize():,f}"
    return text.split(".")[0] if q == q.to_integral() else text


def money(value) -> str:
    """A Money value (amount and unit) as read: 185,000 元, 1,200 万元."""
    return f"{number(value.amount)} {value.unit}"


def wan(value: Decimal | None) -> str:
    if value is None:
        return ""
    q = (Decimal(value) / 10000).normalize()
    return f"{q:,f} 万元"


def plain(value: Any) -> str:
    """Any field value as one line of text (for list cells, CSV and XLSX)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if isinstance(value, BaseModel):
        if hasattr(value, "unit") and hasattr(value, "amount"):
            return money(value)
        parts = []
        for name, info in type(value).model_fields.items():
            v = getattr(value, name)
            if v is None or v == [] or v == "":
                continue
            parts.append(f"{info.title or name}：{plain(v)}")
        return "；".join(parts)
    if isinstance(value, (list, tuple)):
        return " | ".join(plain(v) for v in value) if value and isinstance(value[0], BaseModel) else "、".join(
            plain(v) for v in value)
    return str(value)


def field_rows(model: BaseModel, skip: tuple[str, ...] = ()) -> list[dict]:
    """Fields of a record for its page: title, and a structured value the template renders."""
    rows = []
    for name, info in type(model).model_fields.items():
        if name in skip:
            continue
        value = getattr(model, name)
        if value is None or value == [] or value == "":
            continue
        rows.append({"name": name, "title": info.title or name, **describe(value)})
    return rows


def describe(value: Any) -> dict:
    if isinstance(value, BaseModel) and not (hasattr(value, "unit") and hasattr(value, "amount")):
        return {"type": "object", "rows": field_rows(value)}
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], BaseModel):
        cls = type(value[0])
        cols = [(n, i.title or n) for n, i in cls.model_fields.items()]
        return {"type": "table", "columns": [c[1] for c in cols],
                "rows": [[plain(getattr(v, n)) for n, _ in cols] for v in value]}
    return {"type": "text", "text": plain(value)}


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("changjing", "site_templates"),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(yuan=yuan, wan=wan, plain=plain, batch=batch_label, number=number)
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)

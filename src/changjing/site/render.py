"""Jinja2 environment (autoescape always on) and the value formatters pages share.

Submitted strings only ever reach HTML through autoescaping, or, for a case's
Markdown narrative, through :func:`changjing.narrative.narrative_html` (cmark-gfm
without raw HTML, then nh3 with a small allow-list).
"""
from __future__ import annotations

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
            return f"{plain(value.amount)} {value.unit}"
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
    env.filters.update(yuan=yuan, wan=wan, plain=plain)
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)

"""Jinja2 environment (autoescape always on) and the value formatters pages share.

Submitted strings only ever reach HTML through autoescaping, or, for a case's
Markdown narrative, through :func:`narrative_html` (Markdown without attr_list or
raw-HTML power, then nh3 with a small allow-list).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

import jinja2
import markdown
import nh3
from pydantic import BaseModel

#: tags a narrative may contain after sanitising (no img: it would load from another host)
NARRATIVE_TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
                  "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a", "sup", "sub",
                  "del"}
NARRATIVE_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def narrative_html(text: str) -> str:
    """A case narrative (Markdown) → safe HTML. Headings are demoted one level (the page owns the h1)."""
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(html, tags=NARRATIVE_TAGS, attributes=NARRATIVE_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)


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

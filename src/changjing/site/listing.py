"""The record lists (demand, supply, cases, donations): columns, filters, sorting and pages.

A list page carries its first PAGE_SIZE rows and its stylesheets (fast_first_view); a longer list
writes the rest as rows.json beside the page, by column (rows_json), which cj.js fetches as soon as
the list is wired (a 10 000-row list stays a small page). Lists hold published records only (``SiteData.listed``).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Callable

from .data import SECTION, Item, SiteData, unlisted_counts
from .record_view import AWAITING_PUBLICATION, deadline_state
from .render import batch_label, render, status_class


def _value(item: Item, attr: str):
    """``model.x`` reads the record's own field x; a bare name reads the Item's property.

    Explicit on purpose: a silent fallback from one to the other let ``Item.kind``
    (the record kind) shadow a supply's own ``kind`` field (新产品/新技术/新工艺).
    """
    if attr.startswith("model."):
        return getattr(item.model, attr[len("model."):])
    return getattr(item, attr)


@dataclass
class Filter:
    key: str
    label: str
    attr: str
    shown: Callable[[str], str] | None = None  # how an option reads (a batch code → 2026年下半年)

    def get(self, item: Item) -> str:
        return str(_value(item, self.attr) or "")


@dataclass
class Column:
    label: str
    attr: str
    nowrap: bool = False  # short codes and figures (batch, year, amount) that must not break
    shown: Callable[[str], str] | None = None

    def get(self, item: Item) -> str:
        from .render import plain

        text = plain(_value(item, self.attr))
        return self.shown(text) if self.shown else text


@dataclass
class ListSpec:
    filters: list[Filter]
    columns: list[Column]
    date_label: str
    open_filter: bool = False
    sorts: tuple[tuple[str, str], ...] = ()


LIST_SPEC = {
    "demand": ListSpec(
        [Filter("batch", "批次", "batch", batch_label), Filter("domain", "领域", "domain"),
         Filter("chain", "产业链", "chain"), Filter("department", "责任部门", "department"),
         Filter("status", "状态", "status")],
        [Column("需求方", "org_name"), Column("预算", "model.budget", nowrap=True),
         Column("响应截止", "model.reply_deadline", nowrap=True), Column("征集", "call_state", nowrap=True),
         Column("领域", "domain"), Column("批次", "batch", nowrap=True, shown=batch_label)],
        "发布日期", open_filter=True,
        sorts=(("id", "按编号"), ("day-desc", "按发布日期（新→旧）"), ("day", "按发布日期（旧→新）"),
               ("deadline-desc", "按响应截止（晚→早）"), ("title", "按名称"), ("amount-desc", "按预算（高→低）"))),
    "supply": ListSpec(
        [Filter("batch", "批次", "batch", batch_label), Filter("industry", "产业", "industry"),
         Filter("chain", "产业链", "chain"), Filter("kind", "类别", "model.kind"), Filter("status", "状态", "status")],
        [Column("供给方", "org_name"), Column("类别", "model.kind"), Column("产业链", "chain"),
         Column("批次", "batch", nowrap=True, shown=batch_label)],
        "发布日期",
        sorts=(("id", "按编号"), ("day-desc", "按发布日期（新→旧）"), ("day", "按发布日期（旧→新）"), ("title", "按名称"))),
    "case": ListSpec(
        [Filter("status", "状态", "status"), Filter("operating", "运行状态", "model.operating_status")],
        [Column("投资方", "org_name"), Column("项目总投资", "model.total_investment", nowrap=True),
         Column("运行状态", "model.operating_status")],
        "建成日期",
        sorts=(("id", "按编号"), ("day-desc", "按建成日期（新→旧）"), ("day", "按建成日期（旧→新）"),
               ("title", "按名称"), ("amount-desc", "按总投资（高→低）"))),
    "donation": ListSpec(
        [Filter("year", "年度", "model.year"), Filter("rtype", "受赠方类型", "model.recipient_type"),
         Filter("status", "状态", "status")],
        [Column("捐赠方", "org_name"), Column("受赠方", "model.recipient"),
         Column("捐赠金额", "model.amount", nowrap=True), Column("年度", "model.year", nowrap=True)],
        "捐赠日期",
        sorts=(("id", "按编号"), ("day-desc", "按捐赠日期（新→旧）"), ("day", "按捐赠日期（旧→新）"),
               ("title", "按名称"), ("amount-desc", "按金额（高→低）"))),
}
LIST_SLOT = {"demand": "demand-list", "supply": "supply-list", "case": "case-list", "donation": "donation-list"}
#: rows in the page itself; the rest come from rows.json beside it (a 10 000-record list stays small)
PAGE_SIZE = 50


def list_rows(kind: str, items: list[Item], today: date) -> list[dict]:
    """One compact row per listed record: what the list page shows and its rows.json holds."""
    spec = LIST_SPEC[kind]
    rows = []
    for i in items:
        f = {flt.key: flt.get(i) for flt in spec.filters}
        if spec.open_filter:
            f["open"] = deadline_state(i, today)
            deadline = getattr(i.model, "reply_deadline", None)
            f["deadline"] = deadline.isoformat() if deadline else ""
        rows.append({"i": i.id, "u": i.url, "t": i.title, "s": i.status, "c": status_class(i.status),
                     "v": [c.get(i) if c.attr != "call_state" else deadline_state(i, today) for c in spec.columns],
                     "d": i.day.isoformat() if i.day else "",
                     "a": str(i.amount_yuan) if i.amount_yuan is not None else "", "f": f})
    return rows


def _column(values: list) -> list | dict:
    """One field of every row: as is, or, when values repeat (status, department, domain, batch, dates),
    as its distinct values plus each row's index into them. gzip would shrink the repeats anyway; the
    point is less text for a phone to parse (a fifth of it at 10 000 synthetic demands)."""
    distinct = sorted(set(values), key=lambda v: (v is None, v))
    if len(distinct) * 2 > len(values):
        return values
    at = {v: n for n, v in enumerate(distinct)}
    return {"values": distinct, "index": [at[v] for v in values]}


def _amount(text: str) -> int | float | None:
    if not text:
        return None
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else float(number)


def rows_json(kind: str, rows: list[dict]) -> str:
    """The list's rows by column (see :func:`_column`); a field that equals another (the domain cell and
    the domain filter, the deadline cell and its sort key) is written once, and a dictionary column whose
    row indexes equal another's (batch codes and their labels) names it under ``same``. The page address
    is rebuilt from the section and the status class from ``classes``. Read by cj.js (``columns``)."""
    keys = list(rows[0]["f"]) if rows else []
    fields: list = []
    seen: dict[str, int] = {}
    indexes: dict[tuple, int] = {}

    def field(values: list) -> int:
        column = _column(values)
        text = json.dumps(column, ensure_ascii=False)
        if text not in seen:
            if isinstance(column, dict):
                same = indexes.setdefault(tuple(column["index"]), len(fields))
                if same != len(fields):
                    column = {"values": column["values"], "same": same}
            seen[text] = len(fields)
            fields.append(column)
        return seen[text]

    width = len(rows[0]["v"]) if rows else 0
    doc = {"section": SECTION[kind] + "/", "n": len(rows), "classes": {r["s"]: r["c"] for r in rows},
           "id": field([r["i"] for r in rows]), "title": field([r["t"] for r in rows]),
           "status": field([r["s"] for r in rows]), "day": field([r["d"] for r in rows]),
           "amount": field([_amount(r["a"]) for r in rows]),
           "cells": [field([r["v"][n] for r in rows]) for n in range(width)],
           "filters": {k: field([r["f"][k] for r in rows]) for k in keys}, "fields": fields}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def list_page(kind: str, data: SiteData, base: str, folder: Path | None = None) -> str:
    """The list of one kind (published records only); with ``folder``, its rows.json beside it when long."""
    items = data.listed(kind)
    spec = LIST_SPEC[kind]
    for f in spec.filters:
        f.options = [(v, f.shown(v) if f.shown else v) for v in sorted({f.get(i) for i in items if f.get(i)})]
    rows = list_rows(kind, items, data.today)
    rows_src = ""
    if len(rows) > PAGE_SIZE and folder is not None:
        rows_src = "rows.json"
        target = folder / rows_src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(rows_json(kind, rows), encoding="utf-8")
    not_listed = [(label, n, "notices/" if status in AWAITING_PUBLICATION else "")
                  for status, label, n in unlisted_counts(i.status for i in data.items[kind] if not i.listed)]
    sorts = [s for s in spec.sorts if s[0] != "amount-desc" or any(i.amount_yuan is not None for i in items)]
    return render("list.html", items=items, rows=rows, filters=spec.filters, columns=spec.columns, base=base,
                  download=kind, status_class=status_class, page_size=PAGE_SIZE, rows_src=rows_src,
                  open_filter=spec.open_filter, sorts=sorts, date_label=spec.date_label, not_listed=not_listed)


_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(?P<href>[^"]+)">')
_THEME_SCRIPT = re.compile(r'<script src="(?P<src>[^"]*assets/javascripts/[^"]+\.js)"></script>')
_SCRIPT_PRELOAD = re.compile(r'<link rel="preload" as="script" href="[^"]+">\n?')
_OWN_SCRIPT = re.compile(r'\s*<script src="(?P<src>[^"]*assets/cj/cj\.js)" async></script>')
_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')
_CHARSET = re.compile(r'^@charset "[^"]*";')
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*$")
#: a stylesheet that names another file would resolve it against the page once inlined
_FILE_URL = re.compile(r"url\(\s*(?![\"']?data:)", re.I)


def fast_first_view(page: Path, site: Path) -> None:
    """Make a list page usable after two round trips on a slow phone network (issue 11), not three:

    * the stylesheets (theme, palette, site; 29 KB gzip) go inline, so the first rows are drawn from the
      page itself instead of waiting for a second round of requests;
    * cj.js is the first request the page makes (its ``<script async>`` moves to the top of ``<head>``)
      and the theme's scripts load ``defer`` (in their order, before DOMContentLoaded, which Material's
      bundle waits for), so nothing else blocks the parser or competes with cj.js early on.

    The Content-Security-Policy allows inline styles, never inline scripts; nothing here adds a script.
    Other pages keep their linked, cached stylesheets.
    """
    html = page.read_text(encoding="utf-8")

    def inline(m: re.Match) -> str:
        path = (page.parent / m.group("href")).resolve()
        if not path.is_relative_to(site.resolve()) or not path.is_file():
            return m.group(0)
        css = path.read_text(encoding="utf-8")
        if "</style" in css.lower() or _FILE_URL.search(css):
            return m.group(0)
        css = _SOURCE_MAP.sub("", _CHARSET.sub("", css))  # both name the file, not the page
        return f"<style>{css}</style>"

    head_end = html.index("</head>")
    head = _STYLESHEET.sub(inline, html[:head_end])
    head = _SCRIPT_PRELOAD.sub("", head)
    own = _OWN_SCRIPT.search(head)
    if own:
        head = head[:own.start()] + head[own.end():]
        csp = _CSP.search(head)
        at = csp.end() if csp else head.index("<head>") + len("<head>")
        head = head[:at] + "\n" + own.group(0).strip() + head[at:]
    html = _THEME_SCRIPT.sub(lambda m: f'<script src="{m.group("src")}" defer></script>', head + html[head_end:])
    page.write_text(html, encoding="utf-8")

"""Downloads of each list (and each batch): CSV (UTF-8 with BOM), XLSX and JSON, plus the JSON Schema.

Every format holds the same rows. Cells that a spreadsheet would read as a
formula (starting with = + - @ or a tab) are prefixed with an apostrophe in CSV
and XLSX, so a submitted string cannot run in a reader's spreadsheet.
Output is deterministic: fixed document properties and zip timestamps.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

from .data import Item, SiteData
from .render import plain

SCHEMA_VERSION = 1
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def columns(kind) -> list[tuple[str, str]]:
    """(key, Chinese heading) for the flat formats."""
    cols = [("id", "编号"), ("title", "名称"), ("status", "状态"), ("published", "发布日期"), ("url", "网址"),
            ("org_name", "单位名称")]
    for name, info in kind.model.model_fields.items():
        if name in ("id", "title"):
            continue
        cols.append((name, info.title or name))
    return cols


def flat_row(item: Item, kind) -> dict[str, str]:
    row = {"id": item.id, "title": item.title, "status": item.status,
           "published": item.state.published.isoformat() if item.state.published else "",
           "url": item.url, "org_name": item.org_name}
    for name in kind.model.model_fields:
        if name not in row:
            row[name] = plain(getattr(item.model, name))
    return row


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(items: list[Item], kind) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    cols = columns(kind)
    writer.writerow([c[1] for c in cols])
    for item in items:
        row = flat_row(item, kind)
        writer.writerow([_cell(row[c[0]]) for c in cols])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def to_xlsx(items: list[Item], kind, *, title: str, today) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    cols = columns(kind)
    ws.append([c[1] for c in cols])
    for item in items:
        row = flat_row(item, kind)
        ws.append([_cell(row[c[0]]) for c in cols])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    ws.freeze_panes = "A2"
    stamp = datetime(today.year, today.month, today.day)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "changjing"
    raw = io.BytesIO()
    wb.save(raw)
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so the same rows give the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def json_record(item: Item) -> dict:
    return {"id": item.id, "kind": item.kind.name, "status": item.status,
            "published": item.state.published.isoformat() if item.state.published else None,
            "url": item.url, "org_name": item.org_name,
            "record": item.model.model_dump(mode="json", exclude_none=True)}


def to_json(items: list[Item], kind, *, today, name: str) -> bytes:
    doc = {"schema": f"schema/{kind.name}.json", "schema_version": SCHEMA_VERSION, "dataset": name,
           "kind": kind.name, "as_of": today.isoformat(), "count": len(items),
           "records": [json_record(i) for i in items]}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def json_schema(kind) -> dict:
    """JSON Schema of a download file of this kind (the record itself follows the submission model)."""
    record_schema = kind.model.model_json_schema(mode="serialization")
    defs = record_schema.pop("$defs", {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{kind.label}清单下载（JSON）",
        "type": "object",
        "required": ["schema_version", "dataset", "kind", "as_of", "count", "records"],
        "properties": {
            "schema": {"type": "string", "description": "本文件对应的 JSON Schema 的相对路径"},
            "schema_version": {"const": SCHEMA_VERSION, "description": "格式版本；不兼容的修改会增加版本号"},
            "dataset": {"type": "string", "description": "数据集名称，如 demand 或 demand-2025-H1"},
            "kind": {"const": kind.name},
            "as_of": {"type": "string", "format": "date", "description": "计算状态所依据的日期"},
            "count": {"type": "integer", "minimum": 0},
            "records": {"type": "array", "items": {
                "type": "object",
                "required": ["id", "kind", "status", "published", "url", "record"],
                "properties": {
                    "id": {"type": "string"},
                    "kind": {"const": kind.name},
                    "status": {"type": "string", "description": "派生状态（已发布、对接中……）"},
                    "published": {"type": ["string", "null"], "format": "date"},
                    "url": {"type": "string", "description": "记录页相对网站根目录的地址"},
                    "org_name": {"type": "string"},
                    "record": {"$ref": "#/$defs/Record"},
                }}},
        },
        "$defs": {**defs, "Record": record_schema},
    }


def write_downloads(data: SiteData, out: Path) -> list[dict]:
    """Write every download; returns the table the downloads page shows."""
    from ..records import KINDS

    folder = out / "downloads"
    (folder / "schema").mkdir(parents=True, exist_ok=True)
    table = []
    for kind_name, items in data.items.items():
        kind = KINDS[kind_name]
        (folder / "schema" / f"{kind_name}.json").write_text(
            json.dumps(json_schema(kind), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        sets = [(kind_name, f"{kind.label}（全部）", items)]
        batches = sorted({i.batch for i in items if i.batch})
        for b in batches:
            sets.append((f"{kind_name}-{b}", f"{kind.label}（{b} 批次）", [i for i in items if i.batch == b]))
        for name, title, subset in sets:
            (folder / f"{name}.csv").write_bytes(to_csv(subset, kind))
            (folder / f"{name}.xlsx").write_bytes(to_xlsx(subset, kind, title=kind.label, today=data.today))
            (folder / f"{name}.json").write_bytes(to_json(subset, kind, today=data.today, name=name))
            table.append({"name": name, "title": title, "count": len(subset)})
    return table

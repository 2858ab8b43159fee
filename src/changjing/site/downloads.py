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
import re
import zipfile
from xml.sax.saxutils import escape as xml_escape
from pathlib import Path

from ..identifiers import site_path_problem
from .data import Item, SiteData
from .render import batch_label, plain

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


def flat_row(item: Item, kind, *, site_url: str = "", org=None) -> dict[str, str]:
    """One record as a spreadsheet row: the page's full address when the site's address is known,
    the owner's registered office contact when the record names none, batches as read (2026年下半年)."""
    row = {"id": item.id, "title": item.title, "status": item.status,
           "published": item.state.published.isoformat() if item.state.published else "",
           "url": site_url + item.url, "org_name": item.org_name}
    for name in kind.model.model_fields:
        if name not in row:
            row[name] = plain(getattr(item.model, name))
    if "batch" in row:
        row["batch"] = batch_label(row["batch"])
    if "contact" in row and not row["contact"] and org is not None:
        row["contact"] = plain(org.contact)
    return row


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(rows: list[dict[str, str]], kind) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    cols = columns(kind)
    writer.writerow([c[1] for c in cols])
    for row in rows:
        writer.writerow([_cell(row[c[0]]) for c in cols])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    return xml_escape(_XML_BAD.sub("", text))


def _col(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def to_xlsx(rows: list[dict[str, str]], kind, *, title: str, today) -> bytes:
    """A minimal Office Open XML workbook (one sheet, inline strings, bold frozen header).

    Written directly rather than with openpyxl: even its write-only mode takes 0.66 s per
    10 000 rows (each record is in two workbooks: its list and its batch), and it stamps zip
    entries and document properties with the current time, which would break byte-identical
    builds. openpyxl stays in the tests, where it reads every workbook this writes.
    """
    cols = columns(kind)
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
           'state="frozen"/></sheetView></sheetViews><sheetData>']
    header = "".join(f'<c r="{_col(i)}1" t="inlineStr" s="1"><is><t>{_x(label)}</t></is></c>'
                     for i, (_, label) in enumerate(cols))
    out.append(f'<row r="1">{header}</row>')
    for n, row in enumerate(rows, start=2):
        cells = []
        for i, (key, _) in enumerate(cols):
            value = _cell(row[key])
            if value:
                cells.append(f'<c r="{_col(i)}{n}" t="inlineStr"><is><t xml:space="preserve">{_x(value)}</t></is></c>')
        out.append(f'<row r="{n}">{"".join(cells)}</row>')
    out.append("</sheetData></worksheet>")
    stamp = f"{today.isoformat()}T00:00:00Z"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/></Relationships>',
        "docProps/core.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_x(title)}</dc:title><dc:creator>changjing</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{_x(title[:31])}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
        "xl/worksheets/sheet1.xml": "".join(out),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def json_record(item: Item) -> dict:
    return {"id": item.id, "kind": item.kind.name, "status": item.status,
            "published": item.state.published.isoformat() if item.state.published else None,
            "url": item.url, "org_name": item.org_name,
            "record": item.model.model_dump(mode="json", exclude_none=True)}


def to_json(records: list[str], kind, *, today, name: str) -> bytes:
    """records: each already serialised (one record per line keeps diffs and streaming readers happy)."""
    head = {"schema": f"schema/{kind.name}.json", "schema_version": SCHEMA_VERSION, "dataset": name,
            "kind": kind.name, "as_of": today.isoformat(), "count": len(records)}
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "records": [\n' + ",\n".join(records) + "\n]}\n"
    return text.encode("utf-8")


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
    for kind_name in data.items:
        items = data.listed(kind_name)  # published records only, like the lists
        kind = KINDS[kind_name]
        (folder / "schema" / f"{kind_name}.json").write_text(schema_files()[f"{SCHEMA_DOCS}/{kind_name}.json"],
                                                             encoding="utf-8")
        sets = [(kind_name, f"{kind.label}（全部）", items)]
        batches = sorted({i.batch for i in items if i.batch})
        for b in batches:
            sets.append((f"{kind_name}-{b}", f"{kind.label}（{batch_label(b)}批次）", [i for i in items if i.batch == b]))
        flat = {i.id: flat_row(i, kind, site_url=data.info.url, org=data.orgs.get(i.org_code)) for i in items}
        js = {i.id: json.dumps(json_record(i), ensure_ascii=False) for i in items}
        for name, title, subset in sets:
            problem = site_path_problem(name)  # the batch is data: it names files only once checked
            if problem:
                raise ValueError(problem)
            rows = [flat[i.id] for i in subset]
            (folder / f"{name}.csv").write_bytes(to_csv(rows, kind))
            (folder / f"{name}.xlsx").write_bytes(to_xlsx(rows, kind, title=kind.label, today=data.today))
            (folder / f"{name}.json").write_bytes(to_json([js[i.id] for i in subset], kind, today=data.today,
                                                          name=name))
            table.append({"name": name, "title": title, "count": len(subset)})
    return table


SCHEMA_DOCS = "docs/downloads/schema"


def schema_files() -> dict[str, str]:
    """The download JSON Schemas, as committed under docs/downloads/schema/ (and published beside the data)."""
    from ..records import KINDS

    return {f"{SCHEMA_DOCS}/{k}.json": json.dumps(json_schema(KINDS[k]), ensure_ascii=False, indent=1) + "\n"
            for k in ("demand", "supply", "case", "donation")}


if __name__ == "__main__":  # python3 -m changjing.site.downloads ROOT  → rewrite the committed schemas
    import sys

    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    for rel, text in schema_files().items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
        print(f"wrote {rel}")

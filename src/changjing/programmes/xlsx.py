"""XLSX workbooks for the programmes (xlsxwriter): the 晋创谷 target table and the monthly
coverage summary in the layout of 晋市政办〔2020〕31号 附件4 (开展创新活动企业汇总统计表).

Deterministic: the document's creation time is the day the figures are computed for,
and xlsxwriter stamps its zip entries with a fixed date, so the same inputs give the
same bytes. Every text goes in with write_string, so a submitted name can never
become a formula in a reader's spreadsheet.
"""
from __future__ import annotations

import io
from datetime import date, datetime

import xlsxwriter

from .coverage import CoverageReport
from .targets import TargetReport, number

ZONE_NAME = "晋城经济技术开发区"


def _workbook(buf: io.BytesIO, title: str, day: date) -> xlsxwriter.Workbook:
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": title, "author": ZONE_NAME, "company": ZONE_NAME,
                       "created": datetime(day.year, day.month, day.day)})
    return wb


def _formats(wb):
    return {
        "title": wb.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}),
        "head": wb.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True,
                               "bg_color": "#E8EAF6"}),
        "cell": wb.add_format({"border": 1, "valign": "top", "text_wrap": True}),
        "num": wb.add_format({"border": 1, "valign": "top"}),
        "pct": wb.add_format({"border": 1, "valign": "top", "num_format": "0.0\"%\""}),
        "bold": wb.add_format({"border": 1, "bold": True}),
        "note": wb.add_format({"italic": True}),
    }


def _row(ws, r: int, values: list, fmt: dict, styles: list[str] | None = None) -> None:
    for c, value in enumerate(values):
        style = fmt[styles[c]] if styles else fmt["cell"]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            ws.write_number(r, c, value, style)
        else:
            ws.write_string(r, c, "" if value is None else str(value), style)


def targets_xlsx(report: TargetReport) -> bytes:
    buf = io.BytesIO()
    wb = _workbook(buf, "晋创谷·晋城建设目标进度", report.today)
    f = _formats(wb)
    ws = wb.add_worksheet("目标进度")
    ws.merge_range(0, 0, 0, 5, "晋创谷·晋城建设目标进度", f["title"])
    ws.write_string(1, 0, f"依据：{report.document_number}；目标期至 {report.end.isoformat()}；"
                          f"按 {report.today.isoformat()} 计算", f["note"])
    _row(ws, 2, ["指标", "目标", "当前", "单位", "完成比例", "来源"], f, ["head"] * 6)
    for r, i in enumerate(report.indicators, start=3):
        _row(ws, r, [i.name, number(i.target), number(i.current), i.unit, number(i.percent), i.source], f,
             ["cell", "num", "num", "cell", "pct", "cell"])
    for c, width in enumerate((20, 10, 10, 6, 10, 60)):
        ws.set_column(c, c, width)
    ws.freeze_panes(3, 0)
    detail = wb.add_worksheet("明细")
    _row(detail, 0, ["指标", "编号或证书", "名称", "说明", "日期"], f, ["head"] * 5)
    r = 1
    for i in report.indicators:
        for b in i.behind:
            _row(detail, r, [i.name, b.ref, b.name, b.detail, b.day.isoformat() if b.day else ""], f)
            r += 1
    for c, width in enumerate((18, 22, 34, 60, 12)):
        detail.set_column(c, c, width)
    detail.freeze_panes(1, 0)
    wb.close()
    return buf.getvalue()


SUMMARY_HEAD = ["序号", "企业名称", "统一社会信用代码", "所属行业", "归口部门", "有研发机构", "有研发活动",
                "有其他创新活动", "是否销号", "销号日期", "印证材料"]


def coverage_xlsx(report: CoverageReport) -> bytes:
    """The monthly summary: one row per enterprise in scope, a total row, then breakdowns."""
    buf = io.BytesIO()
    wb = _workbook(buf, f"开展创新活动企业汇总统计表 {report.month}", report.as_of)
    f = _formats(wb)
    ws = wb.add_worksheet("汇总统计表")
    last = len(SUMMARY_HEAD) - 1
    ws.merge_range(0, 0, 0, last, "开展创新活动企业汇总统计表", f["title"])
    ws.write_string(1, 0, f"填报单位：{ZONE_NAME}创新活动推进小组　统计月份：{report.month}"
                          f"（截至 {report.as_of.isoformat()}）　依据：{report.document_number} 附件4", f["note"])
    _row(ws, 2, SUMMARY_HEAD, f, ["head"] * len(SUMMARY_HEAD))
    yes = lambda flag: "是" if flag else "否"  # noqa: E731
    r = 3
    for n, row in enumerate(report.rows, start=1):
        material = "；".join(f"{e.day.isoformat()} {e.kind}：{e.detail}" for e in
                            sorted(row.evidence, key=lambda e: (e.day, e.kind, e.ref)))
        _row(ws, r, [n, row.name, row.org, row.industry, row.department, yes(row.has("研发机构")),
                     yes(row.has("研发活动")), yes(row.has("其他创新活动")), yes(row.covered),
                     row.covered_on.isoformat() if row.covered_on else "", material], f,
             ["num"] + ["cell"] * last)
        r += 1
    rows = report.rows
    _row(ws, r, ["合计", f"{report.enterprises} 家", "", "", "", sum(x.has("研发机构") for x in rows),
                 sum(x.has("研发活动") for x in rows), sum(x.has("其他创新活动") for x in rows), report.covered,
                 f"覆盖率 {report.rate}%", ""], f, ["bold"] * len(SUMMARY_HEAD))
    for c, width in enumerate((6, 30, 21, 10, 20, 8, 8, 10, 8, 12, 60)):
        ws.set_column(c, c, width)
    ws.freeze_panes(3, 2)
    parts = wb.add_worksheet("分类汇总")
    _row(parts, 0, ["分类", "名称", "企业数", "已销号", "覆盖率"], f, ["head"] * 5)
    r = 1
    for title, attr in (("所属行业", "industry"), ("归口部门", "department")):
        for b in report.breakdown(attr):
            _row(parts, r, [title, b.label, b.enterprises, b.covered, float(b.rate)], f,
                 ["cell", "cell", "num", "num", "pct"])
            r += 1
    _row(parts, r, ["合计", "", report.enterprises, report.covered, float(report.rate)], f,
         ["bold", "bold", "num", "num", "pct"])
    for c, width in enumerate((10, 24, 8, 8, 10)):
        parts.set_column(c, c, width)
    wb.close()
    return buf.getvalue()

"""`changjing targets` and `changjing coverage`."""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from ..commandline import add_common, emit, today_of



def _report(args, report, source: str, what: str, xlsx, as_json, as_text) -> int:
    """What both commands do once their report is computed: complain if its list file is missing,
    else write the workbook (if asked) and print the report."""
    if report is None:
        print(f"缺少或无法读取 {source}（{what}），请先运行 changjing check {source}。", file=sys.stderr)
        return 1
    if args.xlsx:
        Path(args.xlsx).write_bytes(xlsx(report))
    emit(json.dumps(as_json(report), ensure_ascii=False, indent=2) if args.json else as_text(report))
    return 0


def cmd_targets(args) -> int:
    from .context import JINCHUANGGU, load_sources
    from .targets import compute_targets, report_json, report_text
    from .xlsx import targets_xlsx

    report = compute_targets(load_sources(Path(args.root), today_of(args)))
    return _report(args, report, JINCHUANGGU, "晋创谷目标", targets_xlsx, report_json, report_text)


def _month(text: str) -> str:
    if not re.fullmatch(r"20\d{2}-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(f"月份应写成 YYYY-MM，如 2026-03：{text}")
    return text


def cmd_coverage(args) -> int:
    from .context import COVERAGE, load_sources
    from .coverage import compute_coverage, month_of, report_json, report_text
    from .xlsx import coverage_xlsx

    today = today_of(args)
    if args.month and args.month > month_of(today):
        print(f"{args.month} 还没有开始（今天是 {today.isoformat()}）。", file=sys.stderr)
        return 2
    report = compute_coverage(load_sources(Path(args.root), today), args.month)
    return _report(args, report, COVERAGE, "创新活动全覆盖", coverage_xlsx, report_json, report_text)


def register(sub) -> None:
    p = sub.add_parser("targets", help="晋创谷·晋城建设目标：每项指标的目标、当前值、单位和来源")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（含每个数字背后的记录）")
    p.add_argument("--xlsx", metavar="FILE", help="同时把目标进度和明细写入这个 XLSX 文件")
    add_common(p)
    p.set_defaults(func=cmd_targets)

    p = sub.add_parser("coverage", help="企业创新活动全覆盖：纳入范围的企业数、已销号数、覆盖率和分类")
    p.add_argument("--month", type=_month, metavar="月份", help="统计月份 YYYY-MM（默认本月，截至今天；往月截至月末）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（enterprises、covered 为整数）")
    p.add_argument("--xlsx", metavar="FILE", help="把月度汇总统计表（晋市政办〔2020〕31号 附件4 格式）写入这个 XLSX 文件")
    add_common(p)
    p.set_defaults(func=cmd_coverage)

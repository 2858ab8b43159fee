"""`changjing targets` and `changjing coverage`."""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from ..commandline import add_common, emit


def _today(args):
    from ..check import shanghai_today

    return args.today or shanghai_today()


def _write(path: str, data: bytes) -> None:
    Path(path).write_bytes(data)


def cmd_targets(args) -> int:
    from .context import load_sources
    from .targets import compute_targets, report_json, report_text
    from .xlsx import targets_xlsx

    report = compute_targets(load_sources(Path(args.root), _today(args)))
    if report is None:
        print("缺少或无法读取 lists/jinchuanggu.yaml（晋创谷目标），请先运行 changjing check lists/jinchuanggu.yaml。",
              file=sys.stderr)
        return 1
    if args.xlsx:
        _write(args.xlsx, targets_xlsx(report))
    emit(json.dumps(report_json(report), ensure_ascii=False, indent=2) if args.json else report_text(report))
    return 0


def _month(text: str) -> str:
    if not re.fullmatch(r"20\d{2}-(0[1-9]|1[0-2])", text):
        raise argparse.ArgumentTypeError(f"月份应写成 YYYY-MM，如 2026-03：{text}")
    return text


def cmd_coverage(args) -> int:
    from .context import load_sources
    from .coverage import compute_coverage, month_of, report_json, report_text
    from .xlsx import coverage_xlsx

    today = _today(args)
    if args.month and args.month > month_of(today):
        print(f"{args.month} 还没有开始（今天是 {today.isoformat()}）。", file=sys.stderr)
        return 2
    report = compute_coverage(load_sources(Path(args.root), today), args.month)
    if report is None:
        print("缺少或无法读取 lists/coverage.yaml（创新活动全覆盖），请先运行 changjing check lists/coverage.yaml。",
              file=sys.stderr)
        return 1
    if args.xlsx:
        _write(args.xlsx, coverage_xlsx(report))
    emit(json.dumps(report_json(report), ensure_ascii=False, indent=2) if args.json else report_text(report))
    return 0


def register(sub) -> None:
    p = sub.add_parser("targets", help="晋创谷·晋城建设目标：每项指标的目标、当前值、单位和来源")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（含每个数字背后的记录）")
    p.add_argument("--xlsx", metavar="FILE", help="同时把目标进度和明细写入这个 XLSX 文件")
    add_common(p)
    p.set_defaults(func=cmd_targets)

    p = sub.add_parser("coverage", help="企业创新活动全覆盖：纳入范围的企业数、已销号数、覆盖率和分类")
    p.add_argument("--month", type=_month, help="统计月份 YYYY-MM（默认本月，截至今天；往月截至月末）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（enterprises、covered 为整数）")
    p.add_argument("--xlsx", metavar="FILE", help="把月度汇总统计表（晋市政办〔2020〕31号 附件4 格式）写入这个 XLSX 文件")
    add_common(p)
    p.set_defaults(func=cmd_coverage)

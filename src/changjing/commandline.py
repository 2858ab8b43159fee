"""What every subcommand shares: the common options, the date type, safe printing,
and the list of modules that add subcommands.

It sits below every stage so that a stage's own commands (site/cli.py,
lists/commands.py, prcommand.py, issueform.py) can use it without importing
:mod:`changjing.cli`, which imports them.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date

from .diagnostics import escape_workflow_commands

#: modules that add subcommands, each through ``register(subparsers)``; the
#: command line and the reference-page generator (every code they document) read it
COMMAND_MODULES: list[str] = [
    "changjing.site.cli",
    "changjing.lists.commands",
    "changjing.prcommand",
    "changjing.issueform",
    "changjing.matching.commands",  # match
    "changjing.intentform",  # intent-from-issue
    "changjing.programmes.commands",  # targets, coverage
]


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD：{text}") from None


def add_common(parser: argparse.ArgumentParser, *, today: bool = True) -> None:
    parser.add_argument("--root", default=".", help="仓库根目录（默认当前目录）")
    if today:
        parser.add_argument("--today", type=parse_date, default=None,
                            help="按哪一天计算（YYYY-MM-DD，默认北京时间今天）；同样的输入和日期得到同样的结果")


def emit(text: str) -> None:
    """Print text that may hold submitted strings; it can never start a CI workflow command."""
    if text:
        sys.stdout.write(escape_workflow_commands(text) + "\n")


def emit_error(text: str) -> None:
    """The same, on standard error (the CI log reads workflow commands there too)."""
    if text:
        sys.stderr.write(escape_workflow_commands(text) + "\n")


def inert_tracebacks() -> None:
    """An unexpected error's traceback quotes whatever it was handling — a path, a submitted value —
    and lands in the CI log: print it through the same escaping as everything else."""
    import traceback

    def hook(kind, value, tb):
        emit_error("".join(traceback.format_exception(kind, value, tb)).rstrip("\n"))

    sys.excepthook = hook

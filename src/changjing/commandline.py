"""What every subcommand shares: a parser that speaks Chinese, the common options, the date
type, safe printing, and the list of modules that add subcommands.

It sits below every stage so that a stage's own commands (site/cli.py,
lists/commands.py, prcommand.py, issueform.py) can use it without importing
:mod:`changjing.cli`, which imports them.
"""
from __future__ import annotations

import argparse
import re
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
#: subcommands whose answer should be quick: ``changjing NAME ...`` registers only NAME's module
STANDALONE_COMMANDS: dict[str, str] = {"match": "changjing.matching.commands"}


# argparse's own messages (English, from its gettext calls), as the Chinese a user reads
_TYPE_NAMES = {"int": "整数", "float": "数字", "parse_date": "日期"}
_MESSAGES = [
    (r"the following arguments are required: (.+)", "缺少必需的参数：{0}"),
    (r"unrecognized arguments: (.+)", "无法识别的参数：{0}"),
    (r"one of the arguments (.+) is required", "必须给出其中一个参数：{0}"),
    (r"invalid choice: (.+) \(choose from (.+)\)", "没有 {0} 这一项，可选：{1}"),
    (r"invalid (\w+) value: (.+)", "{1} 不是有效的{0}"),
    (r"expected one argument", "后面需要写一个值"),
    (r"expected at least one argument", "后面至少需要写一个值"),
    (r"expected at most one argument", "后面最多写一个值"),
    (r"expected (\d+) arguments?", "后面需要写 {0} 个值"),
    (r"not allowed with argument (.+)", "不能与 {0} 同时使用"),
    (r"ambiguous option: (.+) could match (.+)", "选项 {0} 不明确，可能是：{1}"),
    (r"ignored explicit argument (.+)", "多余的值 {0}"),
]
_ARGUMENT = re.compile(r"argument (.+?): (.*)", re.S)


def chinese_message(message: str) -> str:
    """argparse's error message in Chinese; a message that is already Chinese passes unchanged."""
    m = _ARGUMENT.fullmatch(message)
    if m:
        return f"参数 {m.group(1)}：{chinese_message(m.group(2))}"
    for pattern, text in _MESSAGES:
        m = re.fullmatch(pattern, message, re.S)
        if m:
            return text.format(*(_TYPE_NAMES.get(g, g) for g in m.groups()))
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An argparse parser whose every word is Chinese: usage, section titles, -h, errors.

    Subcommand parsers are made by the same class (argparse's default for add_subparsers)."""

    def __init__(self, *args, add_help: bool = True, formatter_class=ChineseHelpFormatter, **kwargs):
        super().__init__(*args, add_help=False, formatter_class=formatter_class, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{chinese_message(message)}\n")


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD：{text}") from None


def add_common(parser: argparse.ArgumentParser, *, today: bool = True) -> None:
    parser.add_argument("--root", default=".", metavar="目录", help="仓库根目录（默认当前目录）")
    if today:
        parser.add_argument("--today", type=parse_date, default=None, metavar="日期",
                            help="按哪一天计算（YYYY-MM-DD，默认北京时间今天）；同样的输入和日期得到同样的结果")


def shanghai_today() -> date:
    """Today in Asia/Shanghai: the programme's working days are Beijing time."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def today_of(args) -> date:
    """The day a command computes for: ``--today``, else today in Beijing."""
    return args.today or shanghai_today()


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

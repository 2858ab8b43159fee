"""The `changjing` command line.

Each stage of the project registers its own subcommands through a
``register(subparsers)`` function, listed in :data:`changjing.commandline.COMMAND_MODULES`;
this module wires them together and holds
the commands about submissions themselves (check, new, schema, docs).
Every command is documented in docs/reference/cli.md (a test checks that).
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

from .commandline import COMMAND_MODULES, STANDALONE_COMMANDS, ChineseArgumentParser, add_common, emit, emit_error, inert_tracebacks, today_of
from .diagnostics import format_github, format_json, format_text


# -- check ----------------------------------------------------------------------

def cmd_check(args) -> int:
    from .check import check

    result = check(Path(args.root), args.paths or None, today=args.today)
    if args.json:
        emit(format_json(result.diagnostics))
    elif args.github:
        # annotations are workflow commands by design: printed as they are, their data escaped
        if result.diagnostics:
            sys.stdout.write(format_github(result.diagnostics) + "\n")
        emit(f"共 {result.errors} 个错误，{result.warnings} 个警告。")
    else:
        emit(format_text(result.diagnostics))
        if not result.diagnostics:
            emit(f"检查通过：{result.checked} 个记录文件，没有发现问题。")
    return 1 if result.errors else 0


# -- new --------------------------------------------------------------------------

def cmd_new(args) -> int:
    from .identifiers import credit_code_problem
    from .lists.intake import closed_batch_problem, load_batches
    from .templates import IdentifierError, batch_of, next_id, write_template

    root = Path(args.root)
    today = today_of(args)
    try:
        record_id = args.id or next_id(root, args.kind, today)
        if record_id is None:
            emit_error("请给出组织的统一社会信用代码，例如：changjing new org 91140500MA0XXXXXXX")
            return 2
        if args.kind == "org" and (problem := credit_code_problem(record_id)):
            raise IdentifierError(problem)  # the shape is checked below; this also checks the check digit
        path = write_template(root, args.kind, record_id, today)
    except IdentifierError as exc:
        emit_error(f"无法新建记录：{exc}")
        return 2
    except FileExistsError as exc:
        emit_error(f"文件已存在，不会覆盖：{exc}")
        return 1
    rel = path.relative_to(root).as_posix()
    emit(f"已创建 {rel}，请按注释填写后运行 changjing check {rel}")
    if args.kind in ("demand", "supply"):
        late = closed_batch_problem(batch_of(today), load_batches(root), today)
        if late:
            emit(f"注意：{late}")
    return 0


# -- schema and docs ---------------------------------------------------------------

def cmd_schema(args) -> int:
    from .schema import write_schemas

    for path in write_schemas(Path(args.root)):
        emit(f"已写入 {path.relative_to(args.root).as_posix()}")
    return 0


def cmd_docs(args) -> int:
    from .docgen import write_pages

    for path in write_pages(Path(args.root)):
        emit(f"已写入 {path.relative_to(args.root).as_posix()}")
    return 0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("changjing")
    except PackageNotFoundError:  # running from a source tree that was never installed
        from . import __version__

        return __version__


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``command`` one of :data:`STANDALONE_COMMANDS`, only that subcommand
    (it parses its arguments exactly as the whole parser would, without importing every other stage)."""
    parser = ChineseArgumentParser(prog="changjing", description="晋城经开区应用场景登记与公开网站工具")
    if command in STANDALONE_COMMANDS:  # (--version only comes before a command)
        sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
        importlib.import_module(STANDALONE_COMMANDS[command]).register(sub)
        return parser
    parser.add_argument("--version", action="version", version=f"changjing {_version()}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("check", help="校验 submissions/ 和 lists/ 中的记录")
    p.add_argument("paths", nargs="*", metavar="文件", help="只检查这些文件（仍按全部记录做交叉检查）")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="以 JSON 列表输出")
    fmt.add_argument("--github", action="store_true", help="输出 GitHub Actions 注释，问题直接标在拉取请求的改动行上")
    add_common(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("new", help="按模板新建一个记录文件")
    p.add_argument("kind", choices=["demand", "supply", "case", "donation", "survey", "org"], help="记录类型")
    p.add_argument("id", nargs="?", metavar="编号", help="编号；不填则取今年下一个空闲编号（组织必须给出信用代码）")
    add_common(p)
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("schema", help="导出 JSON Schema 到 schema/")
    add_common(p, today=False)
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("docs", help="根据代码重新生成 docs/reference/ 中的参考页面")
    add_common(p, today=False)
    p.set_defaults(func=cmd_docs)

    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    inert_tracebacks()
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

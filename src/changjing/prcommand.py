"""`changjing pr-check`: run the pull-request rules (:mod:`changjing.prcheck`) and print
their report, in Chinese text, JSON or the Markdown summary (:mod:`changjing.prsummary`)."""
from __future__ import annotations

from pathlib import Path

from .commandline import add_common, emit, today_of
from .diagnostics import format_json, format_text
from .lists.intake import closed_batch_warnings
from .prcheck import GitError, check_touched, git, run_pr_check
from .prsummary import summary_markdown


def base_problem(root: Path, base: str) -> str | None:
    """A Chinese explanation when ``base`` cannot be compared with, else None (git's own words are English)."""
    try:
        git(root, "rev-parse", "--git-dir")
    except (GitError, OSError):
        return f"「{root}」不是 git 仓库（或没有安装 git）：pr-check 要在拉取请求的检出目录中运行。"
    try:
        git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{base}^{{commit}}")
    except GitError:
        branch = base.split("/", 1)[1] if base.startswith("origin/") else base
        return (f"找不到基准分支或提交「{base}」。如果它是远程分支，先取回：git fetch origin {branch}"
                f"（CI 中检出时写 fetch-depth: 0），再用 --base origin/{branch}；也可以写提交编号。")
    return None


def cmd_pr_check(args) -> int:
    root = Path(args.root)
    today = today_of(args)
    problem = base_problem(root, args.base)
    if problem:
        emit(f"无法与基准分支比较：{problem}")
        return 2
    try:
        report = run_pr_check(root, args.base, args.author, today)
    except GitError as exc:
        emit(f"无法与基准分支比较：{exc}")
        return 2
    check_touched(root, report)
    added = [r.after for r in report.records if r.before is None and r.after is not None]
    report.check_diagnostics += closed_batch_warnings(root, added, today)
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as fh:
            fh.write(summary_markdown(report))
    everything = report.diagnostics + report.check_diagnostics
    if args.json:
        emit(format_json(everything))
    else:
        if args.markdown:
            emit(summary_markdown(report))
        emit(format_text(everything))
        if not report.errors:
            emit(f"拉取请求检查通过：{len(report.records)} 个记录有改动，没有发现问题。")
    return 1 if report.errors else 0


def register(sub) -> None:
    p = sub.add_parser("pr-check", help="按基准分支的规则检查拉取请求（删除、改名、编号、权限、状态顺序）")
    p.add_argument("--base", required=True, metavar="分支", help="基准分支或提交，如 origin/main")
    p.add_argument("--author", required=True, metavar="账号", help="拉取请求作者的 GitHub 账号")
    p.add_argument("--summary", metavar="文件", help="把中文 Markdown 摘要追加写入此文件（如 $GITHUB_STEP_SUMMARY）")
    p.add_argument("--markdown", action="store_true", help="同时在输出中打印 Markdown 摘要")
    p.add_argument("--json", action="store_true", help="以 JSON 列表输出问题")
    add_common(p)
    p.set_defaults(func=cmd_pr_check)

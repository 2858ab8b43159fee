"""`changjing pr-check`: the rules of a pull request, judged against the base branch.

The working tree (the pull request) is compared with the base branch using
real git. Every input of the rules — who is staff, who may submit for which
organisation, which IDs ever existed — is read from the base, never from the
pull request, so a pull request cannot grant itself rights.

Rules (each refusal is a diagnostic with a stable P- code):

* a record file is never deleted or renamed; its ID never changes; an ID that
  once existed and was deleted never comes back;
* every path a change touches — both ends of a rename or copy — is judged by
  one authorisation function (prpaths.path_problems): under submissions/ only
  well-formed record paths; everything else (lists/, docs/, mkdocs.yml, hooks/,
  code, workflows, schema/, CODEOWNERS, settings) is staff-only; a change may
  only leave a regular file behind (no link, no submodule);
* an applicant changes only the records of organisations whose publishers
  list (lists/publishers.yaml on the base) names them;
  a non-staff pull request that mixes data with anything else is refused;
* the derived status of every record (lists.state.build_state on the base tree
  and on the pull-request tree, same day) only moves along the legal
  sequence; a published record ends only by withdrawal/revocation with a reason.
"""
from __future__ import annotations

import io
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from .codes import document
from .diagnostics import Diagnostic, error
from .index import kind_for_path
from .prpaths import FileChange, GitError, changed_files, git, path_problems, record_at, type_problem
from .publishers import Permissions, permissions_from
from .records import Kind, Record, load_record
from .workflow import STATUSES, TERMINAL_STATUSES, Reward

# -- the legal moves of the derived status --------------------------------------------

TERMINAL = TERMINAL_STATUSES
SEQUENCE = tuple(s for s in STATUSES if s not in TERMINAL)  # 已提交 … 标杆
PUBLISHED = SEQUENCE[SEQUENCE.index("已发布"):]  # 已发布 and after: public, ends only by withdrawal
ENDINGS_AFTER_PUBLICATION = ("已撤回", "已撤销")


def transition_problem(before: str | None, after: str, reason: str = "") -> tuple[str, str] | None:
    """None when ``before → after`` is a legal move, else (code, Chinese message).

    ``before`` is None for a record that is new in the pull request (it starts
    at 已提交). Forward moves along the sequence are legal (one pull request may
    record several steps); backward moves are not; the three endings are final;
    未通过 happens only before publication; a published record ends only by
    已撤回 or 已撤销, and only with a reason.
    """
    start = before or "已提交"
    if start == after:
        return None
    if after not in STATUSES:
        return "P-TRANSITION", f"状态「{after}」不是规定的状态之一。"
    if start in TERMINAL:
        return "P-TRANSITION", f"记录已经「{start}」，这是最终状态，不能再变为「{after}」。"
    if after in TERMINAL:
        if start in PUBLISHED:
            if after not in ENDINGS_AFTER_PUBLICATION:
                return ("P-PUBLISHED-END", f"记录已经发布（「{start}」），只能以撤回或撤销决定结束，不能变为「{after}」。")
            if not reason.strip():
                return ("P-PUBLISHED-END", f"已发布的记录变为「{after}」必须写明理由。")
        return None
    if SEQUENCE.index(after) < SEQUENCE.index(start):
        return "P-TRANSITION", f"状态不能倒退：从「{start}」变为「{after}」。状态只能按规定顺序向前推进。"
    return None


def allowed_moves() -> list[tuple[str, list[str]]]:
    """The table of allowed moves (for the documentation)."""
    rows = []
    for start in STATUSES:
        rows.append((start, [s for s in STATUSES if s != start and transition_problem(start, s, "理由") is None]))
    return rows


# -- git ------------------------------------------------------------------------------

def resolve_base(root: Path, base: str) -> str:
    """The commit to compare with: the merge base of ``base`` and HEAD (the fork point)."""
    base_sha = git(root, "rev-parse", "--verify", "--end-of-options", f"{base}^{{commit}}").decode().strip()
    try:
        return git(root, "merge-base", base_sha, "HEAD").decode().strip()
    except GitError:
        return base_sha


def read_at(root: Path, commit: str, relpath: str) -> bytes | None:
    try:
        return git(root, "cat-file", "blob", f"{commit}:{relpath}")
    except GitError:
        return None


def deleted_ids(root: Path, commit: str) -> dict[str, str]:
    """Casefolded ID → the path it was deleted from, over the base's whole history."""
    out = git(root, "-c", "core.quotepath=off", "log", "--no-renames", "--diff-filter=D", "--name-only",
              "--format=", "-z", commit, "--", "submissions/")
    found: dict[str, str] = {}
    for path in out.decode("utf-8", "surrogateescape").replace("\n", "\0").split("\0"):
        kind = kind_for_path(path) if path else None
        if kind is not None:
            found.setdefault(Path(path).stem.casefold(), path)
    return found


def extract_tree(root: Path, commit: str, dest: Path, parts: tuple[str, ...] = ("submissions", "lists")) -> None:
    """Write the base's data folders into ``dest`` (no checkout, the repository is untouched)."""
    present = set(git(root, "ls-tree", "--name-only", commit).decode("utf-8", "surrogateescape").split("\n"))
    wanted = [p for p in parts if p in present]
    if not wanted:
        return
    data = git(root, "archive", "--format=tar", commit, "--", *wanted)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")


# -- the report ------------------------------------------------------------------------------

@dataclass
class RecordChange:
    kind: Kind
    record_id: str
    action: str  # 新增 / 修改 / 撤回 / 删除 / 改名
    path: str
    old_path: str = ""
    before: Record | None = None
    after: Record | None = None
    status_before: str | None = None
    status_after: str | None = None


@dataclass
class PRReport:
    base: str
    base_commit: str
    author: str
    today: date
    permissions: Permissions
    files: list[FileChange] = field(default_factory=list)
    records: list[RecordChange] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    check_diagnostics: list[Diagnostic] = field(default_factory=list)  # `changjing check` of touched records
    status_changes: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # every record whose status moved
    # every reward whose amount or status the pull request changes: (record, before, after), rewards or None
    reward_changes: list[tuple[str, Reward | None, Reward | None]] = field(default_factory=list)
    programme_changes: list[tuple[str, str, str]] = field(default_factory=list)  # 晋创谷 / coverage figures that moved

    @property
    def is_staff(self) -> bool:
        return self.permissions.is_staff(self.author)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics + self.check_diagnostics if d.is_error)


SUBMITTER_FIELD = {"org": "credit_code", "demand": "owner", "supply": "provider", "case": "investor",
                   "donation": "donor", "survey": "enterprise"}


def _org_of(record: Record | None) -> str | None:
    if record is None:
        return None
    if record.kind.name == "org":
        return record.stem
    value = record.data.get(SUBMITTER_FIELD[record.kind.name])
    return str(value) if isinstance(value, (str, int)) else None


def _at(record: Record | None, path: str, key: str) -> tuple[int, int]:
    return record.position(key) if record is not None and key else (1, 1)


def run_pr_check(root: Path | str, base: str, author: str, today: date,
                 state_builder: Callable | None = None) -> PRReport:
    root = Path(root)
    base_commit = resolve_base(root, base)
    permissions = permissions_from(lambda rel: read_at(root, base_commit, rel))
    report = PRReport(base=base, base_commit=base_commit, author=author, today=today, permissions=permissions)
    diags = report.diagnostics
    for d in permissions.diagnostics:  # the base's own lists are broken: say so, read what could be read
        diags.append(error("P-BASE-LISTS", f"基准分支上的 {d.path} 有问题（{d.message}），请工作人员先修复。",
                           path=d.path, line=d.line, column=d.column))
    report.files = changed_files(root, base_commit)
    staff = report.is_staff
    history = deleted_ids(root, base_commit)

    # -- who may touch what: one decision, at every end of every change ----------------------
    judged: set[tuple[str, str]] = set()
    for c in report.files:
        for end, code, message in path_problems(c, staff):
            if (code, end) in judged:
                continue
            judged.add((code, end))
            if end != c.path:
                verb = "复制" if c.status == "C" else "移动或改名"
                message += f"（这个拉取请求把它{verb}为「{c.path}」，新旧两个位置都要有权修改。）"
            diags.append(error(code, message, path=end))
    if not staff:
        data = [c for c in report.files if all(e.startswith("submissions/") for e in c.changed)]
        others = [c for c in report.files if c not in data]
        if data and others:
            diags.append(error("P-MIXED",
                               f"这个拉取请求既修改了记录（{len(data)} 个文件）又修改了其他文件（{len(others)} 个）。"
                               "请把记录的修改单独提交一个拉取请求。",
                               path=others[0].path))

    # -- only regular files: a link could make the tools read files outside the repository -------
    not_files: set[str] = set()
    for c in report.files:
        problem = type_problem(c, root)
        if problem:
            not_files.add(c.path)
            diags.append(error(problem[0], problem[1], path=c.path))

    # -- record by record ------------------------------------------------------------------
    for c in report.files:
        old_end = record_at(c.old_path or c.path) if c.status in "DMTR" else None
        new_end = record_at(c.path) if c.status != "D" and c.path not in not_files else None
        if old_end is None and new_end is None:
            continue
        old_rel = c.old_path or c.path
        before = None
        if old_end is not None:
            raw = read_at(root, base_commit, old_rel)
            before = load_record(old_end[0], raw, old_rel) if raw is not None else None
        after = None
        if new_end is not None and (root / c.path).is_file():
            after = load_record(new_end[0], (root / c.path).read_bytes(), c.path)
        kind, record_id = new_end or old_end
        if c.status in "AC" or (c.status == "R" and old_end is None):
            action = "新增"
        else:
            action = {"D": "删除", "R": "改名"}.get(c.status, "修改")
        change = RecordChange(kind, record_id, action, c.path, c.old_path, before, after)
        report.records.append(change)

        if c.status == "D":
            diags.append(error("P-DELETE",
                               f"不能删除记录文件「{c.path}」。记录一经提交就保留在公开历史中；"
                               "要结束一条记录，请由工作人员作出撤回或撤销决定（写明理由）。", path=c.path))
        elif c.status == "R" and old_end is not None:
            diags.append(error("P-RENAME",
                               f"不能把记录文件「{old_rel}」改名或移动为「{c.path}」。文件名就是编号，编号永不改变。",
                               path=c.path))
        if new_end is not None and action == "新增":
            previous = history.get(record_id.casefold())
            if previous is not None:
                diags.append(error("P-ID-REUSE",
                                   f"编号「{record_id}」曾经使用过（{previous} 已被删除），编号不能重复使用。"
                                   "请用 changjing new 取一个新的编号。", path=c.path))
        if before is not None and after is not None and c.status != "R":
            field_name = kind.id_field
            old_id, new_id = before.data.get(field_name), after.data.get(field_name)
            if old_id is not None and new_id != old_id:
                line, column = _at(after, c.path, field_name)
                diags.append(error("P-ID-CHANGE",
                                   f"编号不能修改：原为「{old_id}」，现为「{new_id}」。", key=field_name,
                                   path=c.path, line=line, column=column))

        if not staff:
            orgs = {o for o in (_org_of(before), _org_of(after)) if o}
            if not orgs:
                diags.append(error("P-FOREIGN-ORG",
                                   f"读不出「{c.path}」属于哪个组织（{SUBMITTER_FIELD[kind.name]} 字段），"
                                   "无法确认你有权修改。请先按 changjing check 的提示改正文件。", path=c.path))
            for org in sorted(orgs):
                if not permissions.may_publish_for(author, org):
                    key = SUBMITTER_FIELD[kind.name] if kind.name != "org" else ""
                    line, column = _at(after or before, c.path, key)
                    mine = permissions.orgs_of(author)
                    hint = f"你的账号可以代表：{'、'.join(mine)}。" if mine else \
                        "你的账号还没有登记为任何组织的提交账号，请先通过“申请提交权限”议题表单向领导小组办公室申请。"
                    diags.append(error("P-FOREIGN-ORG",
                                       f"账号「{author}」没有登记为组织「{org}」的提交账号，不能修改它的记录。{hint}",
                                       key=key, path=c.path, line=line, column=column))

    # -- derived status before and after ----------------------------------------------------------
    _compare_states(root, base_commit, report, state_builder)
    diags.extend(confirmed_figure_problems(root, base_commit, report))
    _compare_programmes(root, base_commit, report)
    return report


def _compare_states(root: Path, base_commit: str, report: PRReport, state_builder: Callable | None) -> None:
    from .index import Index

    if state_builder is None:
        from .lists.state import build_state as state_builder
    touched_lists = any(end.startswith("lists/") for c in report.files for end in c.ends)
    touched = {r.record_id for r in report.records}
    if not touched and not touched_lists:
        return
    try:
        with tempfile.TemporaryDirectory(prefix="changjing-base-") as tmp:
            extract_tree(root, base_commit, Path(tmp))
            before = state_builder(Path(tmp), report.today, Index(tmp))
        after = state_builder(root, report.today, Index(root))
    except Exception as exc:  # noqa: BLE001 - a broken lists/ must be a diagnostic, not a crash
        report.diagnostics.append(error("P-STATE", f"无法计算记录状态：{type(exc).__name__}: {exc}",
                                        path="lists/"))
        return
    by_id = {r.record_id: r for r in report.records}
    for record_id in sorted(set(before.records) | set(after.records)):
        old = before.records.get(record_id)
        new = after.records.get(record_id)
        if record_id in by_id:
            by_id[record_id].status_before = old.status if old else None
            by_id[record_id].status_after = new.status if new else None
        if new is None:
            continue  # a deleted record: P-DELETE says so
        problem = transition_problem(old.status if old else None, new.status, new.reason)
        if record_id in by_id and new.status in ("已撤回", "已撤销") and by_id[record_id].action == "修改":
            by_id[record_id].action = "撤回"
        if problem:
            code, message = problem
            path = by_id[record_id].path if record_id in by_id else "lists/"
            report.diagnostics.append(error(code, f"{record_id}：{message}", path=path))
    report.reward_changes = reward_changes(before.rewards, after.rewards)
    report.status_changes = {
        rid: ((before.records[rid].status if rid in before.records else None), after.records[rid].status)
        for rid in after.records
        if rid not in before.records or before.records[rid].status != after.records[rid].status
    }


def reward_changes(before: list[Reward], after: list[Reward]) -> list[tuple[str, Reward | None, Reward | None]]:
    """Rewards whose amount or status differ between the base and the pull request."""
    old = {(r.record_id, r.kind): r for r in before}
    new = {(r.record_id, r.kind): r for r in after}
    out = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is None or b is None or (a.amount_yuan, a.status) != (b.amount_yuan, b.status):
            out.append((key[0], a, b))
    return out


# -- figures that decide money are staff-confirmed -----------------------------------------------

#: the applicant's fields a reward is computed from, by record kind
REWARD_FIGURES = {"case": ("total_investment", "fiscal_share_percent"), "donation": ("amount",)}


def confirmed_figures(lists_root: Path) -> dict[str, dict[str, object]]:
    """Record → field → the figure staff confirmed in lists/ (evaluations' figures, donation confirmations)."""
    from .lists.store import load_store

    store = load_store(lists_root)
    out: dict[str, dict[str, object]] = {}
    for f in store.folder("lists/evaluations"):
        for r in (f.model.results if f.model is not None else []):
            if r.figures is not None:
                out[r.record] = {"total_investment": r.figures.total_investment.yuan,
                                 "fiscal_share_percent": r.figures.fiscal_share_percent}
    donations = store.single("lists/donations.yaml")
    for c in (donations.confirmations if donations is not None else []):
        out[c.donation] = {"amount": c.amount.yuan}
    return out


def _figure(record: Record | None, name: str):
    value = getattr(record.model, name, None) if record is not None and record.model is not None else None
    return getattr(value, "yuan", value)


def _shown(name: str, value) -> str:
    from .lists.rewards import percent, yuan

    return percent(value) if name == "fiscal_share_percent" else yuan(value)


def confirmed_figure_problems(root: Path, base_commit: str, report: PRReport) -> list[Diagnostic]:
    """P-FIGURES: a change to a figure staff confirmed is refused until staff confirm the new figure.

    The confirmations are read from the base, or from the pull request itself when staff make it
    (staff may change a record and confirm it in one pull request)."""
    changed = [c for c in report.records if c.kind.name in REWARD_FIGURES and c.after is not None]
    if not changed:
        return []
    if report.is_staff:
        confirmed = confirmed_figures(root)
    else:
        with tempfile.TemporaryDirectory(prefix="changjing-base-") as tmp:
            extract_tree(root, base_commit, Path(tmp), parts=("lists",))
            confirmed = confirmed_figures(Path(tmp))
    out = []
    for c in changed:
        for name in REWARD_FIGURES[c.kind.name]:
            staff_value = confirmed.get(c.record_id, {}).get(name)
            old, new = _figure(c.before, name), _figure(c.after, name)
            if staff_value is None or new is None or new == old or new == staff_value:
                continue
            line, column = _at(c.after, c.path, name)
            out.append(error("P-FIGURES", f"{c.record_id}：{name} 决定奖励，工作人员已核定为 {_shown(name, staff_value)}；"
                                          f"改为 {_shown(name, new)} 须由工作人员在 lists/ 中重新核定，"
                                          "核定之前奖励仍按原核定的数字计算。",
                             key=name, path=c.path, line=line, column=column))
    return out


def _compare_programmes(root: Path, base_commit: str, report: PRReport) -> None:
    """晋创谷 targets and innovation coverage before and after, when a file that moves them changed."""
    from .programmes.compare import WATCHED, changes, figures

    if not any(end in WATCHED for c in report.files for end in c.ends):
        return
    try:
        with tempfile.TemporaryDirectory(prefix="changjing-base-") as tmp:
            extract_tree(root, base_commit, Path(tmp))
            before = figures(Path(tmp), report.today)
        after = figures(root, report.today)
    except Exception:  # noqa: BLE001 - broken files are reported by the check itself; the summary just omits this part
        return
    report.programme_changes = changes(before, after)


def check_touched(root: Path, report: PRReport) -> None:
    """`changjing check` on the records the pull request touches (cross-checked against all)."""
    from .check import check

    paths = [r.path for r in report.records if r.after is not None]
    paths += [c.path for c in report.files if c.path.startswith("lists/") and (root / c.path).is_file()]
    if not paths:
        return
    result = check(root, paths, today=report.today)
    report.check_diagnostics = result.diagnostics


document("拉取请求（P-）", [
    ("P-DELETE", "删除记录文件", "记录文件不能删除。结束一条记录要由工作人员在 lists/ 中作出撤回或撤销决定并写明理由。"),
    ("P-RENAME", "记录改名", "记录文件不能改名或移动：文件名就是编号，编号永不改变。"),
    ("P-ID-CHANGE", "编号被修改", "已有记录中的编号字段（组织为信用代码）不能修改。"),
    ("P-ID-REUSE", "编号重复使用", "基准分支历史上删除过的编号不能再次使用（不区分大小写）。"),
    ("P-FOREIGN-ORG", "无权修改该组织的记录", "申报单位只能新增和修改 lists/publishers.yaml（以基准分支为准）把自己账号列为提交账号的组织的记录；"
     "同一拉取请求里修改名单不算数。"),
    ("P-STAFF-ONLY", "仅限工作人员", "submissions/ 以外的一切——lists/、docs/（全部说明页面）、mkdocs.yml、hooks/、代码、测试、"
     "工作流、schema/、CODEOWNERS 和各种配置——只有 lists/staff.yaml（以基准分支为准）中的工作人员可以修改。"
     "改名、移动和复制按新旧两个路径分别判定。"),
    ("P-NOT-RECORD", "不是记录文件", "submissions/ 中只能有记录文件，而且必须恰好在该类记录的位置：文件夹名小写（orgs、demand、"
     "supply、cases、donations），文件名就是编号（半角数字和大写字母，如 XQ-2026-0001；组织为 18 位统一社会信用代码），"
     "扩展名为小写的 .yaml（标杆案例为 .md），不能有空格。README.md 之类的说明文件只有工作人员可以维护。"
     "改名、移动和复制的旧路径同样判定。"),
    ("P-FILE-TYPE", "不是普通文件", "拉取请求只能留下普通文件：把文件换成子模块（gitlink）或文件夹的改动一律拒绝，工作人员也不例外。"),
    ("P-MIXED", "混合修改", "非工作人员的拉取请求如果修改了 submissions/ 中的记录，就不能同时修改任何其他文件。"),
    ("P-TRANSITION", "状态变化不合规", "工作人员的决定只能让记录状态按“已提交 → 初审中 → 专家评审中 → 待审定 → 公示中 → 待发布 → 已发布 → "
     "对接中 → 建设中 → 已建成 → 标杆”向前推进；未通过、已撤回、已撤销是最终状态。"),
    ("P-PUBLISHED-END", "已发布记录的结束", "已发布的记录只能以撤回或撤销决定结束，并且必须写明理由；不能再判为未通过。"),
    ("P-SYMLINK", "符号链接", "拉取请求不能添加符号链接，也不能把文件换成符号链接：它可能让检查程序读取仓库以外的文件。"),
    ("P-STATE", "无法计算状态", "lists/ 中的决定无法读取，无法比较改动前后的状态。"),
    ("P-FIGURES", "改动已核定的金额", "案例的项目总投资、财政资金占比和捐赠场景的捐赠金额决定奖励，由工作人员在 lists/ 中核定"
     "（lists/evaluations/ 的 figures、lists/donations.yaml 的 amount）。申报单位改动已核定的数字，须等工作人员重新核定，"
     "否则拉取请求检查不通过；奖励始终按核定的数字计算。"),
    ("P-BASE-LISTS", "基准分支名单有误", "基准分支上的 lists/staff.yaml 或 lists/publishers.yaml 本身有问题，需要工作人员先修复。"),
])

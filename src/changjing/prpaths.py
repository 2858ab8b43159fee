"""What a pull request changes, and who may change each path.

Git says what changed (``git diff --raw``: both paths of a rename or copy, and the file mode
on each side, so a file that became a link or a submodule is seen as such). Authorisation is one
function, :func:`path_problems`, applied to *every* path a change touches: the old path of a
rename or copy as well as the new one. (The source of a copy is still there, unchanged; the
rules see it, flagged as such, and today none refuses it.) A path rule is a small function
``rule(path, staff) -> Iterator[(code, message)]`` in :data:`PATH_RULES`; a new concern about
paths adds one more function there, and every end of every change meets it.

Paths are judged as git spells them (exact bytes, case-sensitive), never as a file system
that folds case or normalises Unicode would read them.
"""
from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .identifiers import record_id_problem
from .records import KIND_BY_FOLDER, Kind

SUBMISSIONS = "submissions/"
# explanatory files staff may keep beside the records; the index never reads them as records
STAFF_NOTES = ("README.md", ".gitkeep")

REGULAR = ("100644", "100755")
SYMLINK = "120000"
GITLINK = "160000"
ABSENT = "000000"


class GitError(RuntimeError):
    pass


def git(root: Path, *args: str) -> bytes:
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True)
    if proc.returncode != 0:
        raise GitError(proc.stderr.decode("utf-8", "replace").strip() or f"git {' '.join(args)} failed")
    return proc.stdout


@dataclass(frozen=True)
class FileChange:
    """One entry of the diff. ``status`` is git's letter: A, C, D, M, R, T (U, X: treated like M)."""

    status: str
    path: str  # the path in the pull request (the old path for D)
    old_path: str = ""  # the source of a rename (R) or copy (C)
    old_mode: str = ""  # "" when unknown (an untracked file), ABSENT when there was none
    new_mode: str = ""

    @property
    def ends(self) -> tuple[str, ...]:
        """Every path this change touches: both ends of a rename or copy."""
        return (self.old_path, self.path) if self.old_path else (self.path,)

    @property
    def changed(self) -> tuple[str, ...]:
        """The paths whose content or existence changes: a copy's source stays as it was."""
        return (self.path,) if self.status == "C" else self.ends

    @property
    def removed(self) -> str | None:
        """The path that no longer exists after the change (deleted, or renamed away)."""
        if self.status == "D":
            return self.path
        return self.old_path if self.status == "R" else None


def changed_files(root: Path, base_commit: str) -> list[FileChange]:
    """The working tree (committed or not, plus untracked files) against the base commit."""
    out = git(root, "-c", "core.quotepath=off", "diff", "--raw", "-z",
              "-M", "-C", "--find-copies-harder", "--no-ext-diff", "--no-textconv", "--ignore-submodules=none",
              base_commit, "--")
    parts = out.decode("utf-8", "surrogateescape").split("\0")
    changes: list[FileChange] = []
    i = 0
    while i < len(parts) and parts[i].startswith(":"):
        # ":old_mode new_mode old_sha new_sha STATUS[score]"
        old_mode, new_mode, _, _, letters = parts[i][1:].split(" ")
        status = letters[0]
        if status in "RC":
            changes.append(FileChange(status, parts[i + 2], parts[i + 1], old_mode, new_mode))
            i += 3
        else:
            changes.append(FileChange(status if status in "ADMT" else "M", parts[i + 1], "", old_mode, new_mode))
            i += 2
    untracked = git(root, "ls-files", "--others", "--exclude-standard", "-z").decode("utf-8", "surrogateescape")
    changes += [FileChange("A", p.rstrip("/"), "", ABSENT, _mode_on_disk(root, p)) for p in untracked.split("\0") if p]
    return sorted(changes, key=lambda c: (c.path, c.old_path))


def _mode_on_disk(root: Path, rel: str) -> str:
    """Git's mode for an untracked path (a nested repository is listed with a trailing slash)."""
    try:
        st = os.lstat(root / rel)
    except OSError:
        return ""
    if stat.S_ISLNK(st.st_mode):
        return SYMLINK
    if stat.S_ISREG(st.st_mode) and not rel.endswith("/"):
        return "100755" if st.st_mode & 0o111 else "100644"
    return GITLINK if stat.S_ISDIR(st.st_mode) else ""


# -- what a path is ----------------------------------------------------------------------------------

def record_at(path: str) -> tuple[Kind, str] | None:
    """(kind, ID) when ``path`` is exactly where a record lives: submissions/<folder>/<ID><suffix>,
    the folder in its own spelling, the ID well-formed (ASCII digits), the suffix exact."""
    parts = path.split("/")
    if len(parts) != 3 or parts[0] != "submissions":
        return None
    kind = KIND_BY_FOLDER.get(parts[1])
    if kind is None or not parts[2].endswith(kind.suffix):
        return None
    record_id = parts[2][: -len(kind.suffix)]
    return (kind, record_id) if record_id_problem(kind.name, record_id) is None else None


def _staff_note(path: str) -> bool:
    parts = path.split("/")
    if parts[-1] not in STAFF_NOTES:
        return False
    return len(parts) == 2 or (len(parts) == 3 and parts[1] in KIND_BY_FOLDER)


# -- who may change a path ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Touch:
    """One path one change touches, as the path rules see it."""

    path: str
    staff: bool
    change: FileChange

    @property
    def removed(self) -> bool:
        """The path is gone after the change (deleted, or the old end of a rename)."""
        return self.change.removed == self.path

    @property
    def copy_source(self) -> bool:
        """The old end of a copy: still there, unchanged, but its content went somewhere else."""
        return self.change.status == "C" and self.path == self.change.old_path


PathRule = Callable[[Touch], Iterator[tuple[str, str]]]


def rule_not_a_record(t: Touch) -> Iterator[tuple[str, str]]:
    """Under submissions/ there are only records, each exactly where its kind lives."""
    if not t.path.startswith(SUBMISSIONS) or record_at(t.path) is not None or t.copy_source:
        return
    if t.staff and (t.removed or _staff_note(t.path)):  # staff clear away strays and keep notes
        return
    folders = "、".join(f"{k.folder}/（{k.suffix}）" for k in KIND_BY_FOLDER.values())
    yield ("P-NOT-RECORD",
           f"「{t.path}」不是记录文件的位置。submissions/ 中只能放记录：{folders}，文件名就是编号"
           "（半角数字和大写字母，如 XQ-2026-0001.yaml；组织为 18 位统一社会信用代码），文件夹名和扩展名都用小写，"
           "不能有空格。请改成正确的文件名，或删掉这个文件。")


def rule_staff_only(t: Touch) -> Iterator[tuple[str, str]]:
    """Everything outside submissions/ belongs to staff: lists/, docs/, mkdocs.yml, hooks/, code, workflows.

    The source of a copy is read, not changed: a record filled in from `changjing new`'s template is
    reported by git as a copy of src/changjing/templates/*, and that is no change to the template."""
    if t.staff or t.path.startswith(SUBMISSIONS) or t.copy_source:
        return
    yield ("P-STAFF-ONLY",
           f"「{t.path}」只能由工作人员修改：submissions/ 以外的文件（lists/、docs/、mkdocs.yml、hooks/、代码、测试、"
           "工作流、schema/ 和配置）都归领导小组办公室。申报单位只修改 submissions/ 中本单位的记录；"
           "对说明页面的意见请在议题中提出。")


PATH_RULES: list[PathRule] = [rule_not_a_record, rule_staff_only]


def path_problems(change: FileChange, staff: bool) -> list[tuple[str, str, str]]:
    """The one authorisation decision: (path, code, message) for every path rule's refusal at every
    path the change touches — the old and the new end of a rename or copy alike."""
    return [(end, code, message) for end in change.ends for rule in PATH_RULES
            for code, message in rule(Touch(end, staff, change))]


def type_problem(change: FileChange, root: Path) -> tuple[str, str] | None:
    """A change may only leave a regular file (or nothing) behind: no link, no submodule, no folder."""
    if change.status == "D":
        return None
    mode = change.new_mode
    on_disk = root / change.path
    if mode == SYMLINK or on_disk.is_symlink():
        return "P-SYMLINK", f"「{change.path}」是符号链接。仓库中不允许符号链接，请提交普通文件。"
    if mode in REGULAR or (mode == "" and on_disk.is_file()):
        return None
    what = "子模块（gitlink）" if mode == GITLINK else "不是普通文件"
    return ("P-FILE-TYPE", f"「{change.path}」是{what}。拉取请求只能添加或修改普通文件；"
            "记录必须是 submissions/ 中的普通文本文件。")

"""Diagnostics: every problem the tool finds is a value, printed in one place.

A diagnostic names the file, the line and column, the dotted key of the field,
a stable code (documented in docs/reference/rules.md) and a Chinese message.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Iterable

from .personal import redact


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    code: str
    message: str
    key: str = ""
    severity: Severity = field(default=Severity.ERROR)

    def __post_init__(self):
        # messages and keys may echo submitted values (a schema error quotes its input): a mobile or
        # ID number in them is masked here, once, before any printer — text, JSON, annotations,
        # the PR summary or a failed build — can see it
        object.__setattr__(self, "message", redact(self.message))
        object.__setattr__(self, "key", redact(self.key))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        key = f"{self.key}: " if self.key else ""
        return f"{where}: {self.severity.label} [{self.code}] {key}{self.message}"

    def to_json(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def error(code: str, message: str, *, key: str = "", path: str = "", line: int = 1, column: int = 1) -> Diagnostic:
    return Diagnostic(path=path, line=line, column=column, code=code, message=message, key=key)


def warning(code: str, message: str, *, key: str = "", path: str = "", line: int = 1, column: int = 1) -> Diagnostic:
    return Diagnostic(path=path, line=line, column=column, code=code, message=message, key=key,
                      severity=Severity.WARNING)


def sort_key(d: Diagnostic):
    return (d.path, d.line, d.column, d.code, d.key, d.message)


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    """The human report: one line a diagnostic, then a count in Chinese."""
    items = sorted(diagnostics, key=sort_key)
    lines = [d.format() for d in items]
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    if items:
        lines.append(f"共 {errors} 个错误，{warnings} 个警告。")
    return "\n".join(lines)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    items = sorted(diagnostics, key=sort_key)
    return json.dumps([d.to_json() for d in items], ensure_ascii=False, indent=2)


def _annotation_escape(text: str, *, property_value: bool = False) -> str:
    # the runner's own escaping rules for workflow command data and properties
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions annotations: each problem shows on the pull request's changed line."""
    lines = []
    for d in sorted(diagnostics, key=sort_key):
        level = "error" if d.is_error else "warning"
        props = ",".join([
            f"file={_annotation_escape(_inert(_visible(d.path)), property_value=True)}",
            f"line={d.line}", f"col={d.column}",
            f"title={_annotation_escape(_inert(d.code), property_value=True)}",
        ])
        key = f"{d.key}: " if d.key else ""
        lines.append(f"::{level} {props}::{_annotation_escape(_inert(_visible(key + d.message)))}")
    return "\n".join(lines)


# The runner reads its output line by line, a line ending at "\n", "\r" or "\r\n" (.NET ReadLine).
# A line that starts with "::" once trimmed is a command; the older syntax "##[name]" is a command
# wherever it stands in the line. A zero-width joiner keeps the text visible but inert.
_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
_LEGACY = "##["
_LEGACY_INERT = "#\u200d#["
# characters that move the cursor, recolour or reorder what a log or terminal shows (a carriage
# return, ANSI escapes, bidirectional controls): printed as visible \uXXXX, never acted on
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(text: str) -> str:
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _inert(line: str) -> str:
    line = line.replace(_LEGACY, _LEGACY_INERT)
    if line.lstrip().startswith("::"):
        line = line.replace("::", ":\u200d:", 1)
    return line


def escape_workflow_commands(text: str) -> str:
    """Text echoed in GitHub Actions logs must never start a workflow command.

    Control characters other than tab and newline become visible escapes (so a carriage return
    cannot start a new line for the runner, nor hide text in a terminal); then every line gets a
    zero-width joiner in a leading "::" and in every "##[".
    """
    parts = _LINE_BREAK.split(_visible(text))
    return "".join(part if n % 2 else _inert(part) for n, part in enumerate(parts))

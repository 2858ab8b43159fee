"""The rule engine: small named functions, each with a stable code.

A rule is ``rule_x(record, index) -> Iterator[Finding]``: it says *what* is
wrong and *which key*; the engine turns that into a diagnostic with the line
and column of the key (one place maps keys to positions), the rule's code and
its severity. Every rule's code, title and explanation are documented in
``docs/reference/rules.md``, which is generated from this registry.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, NamedTuple

from ..diagnostics import Diagnostic, Severity

if TYPE_CHECKING:  # pragma: no cover
    from ..index import Index
    from ..records import Record


class Finding(NamedTuple):
    key: str
    message: str
    at: tuple[int, int] | None = None  # an exact position, when the key's own line is not precise enough


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    kinds: frozenset[str]
    severity: Severity
    func: Callable
    needs_valid_model: bool

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")


RULES: list[Rule] = []


def rule(code: str, title: str, *, kinds: Iterable[str], severity: str = "error", needs_valid_model: bool = True):
    """Register a rule function under a stable code."""

    def register(func):
        if any(r.code == code for r in RULES):
            raise ValueError(f"duplicate rule code {code}")
        RULES.append(Rule(code, title, frozenset(kinds), Severity(severity), func, needs_valid_model))
        return func

    return register


def run_rules(record: "Record", index: "Index") -> Iterator[Diagnostic]:
    for r in RULES:
        if record.kind.name not in r.kinds:
            continue
        if r.needs_valid_model and record.model is None:
            continue
        if not r.needs_valid_model and not record.loaded.ok:
            continue
        for finding in r.func(record, index):
            line, column = finding.at or record.position(finding.key)
            yield Diagnostic(path=record.path, line=line, column=column, code=r.code,
                             message=finding.message, key=finding.key, severity=r.severity)


from . import submissions  # noqa: E402,F401  (registers the submission rules)
from . import survey  # noqa: E402,F401  (the enterprise innovation survey)

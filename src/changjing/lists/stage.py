"""The lists/ stage of `changjing check`: load, validate and judge the staff decisions."""
from __future__ import annotations

from ..check import CheckContext, stage
from ..diagnostics import Diagnostic
from . import intents  # noqa: F401  (registers the W-INTENT rules)
from . import integrity  # noqa: F401  (registers the rules between records)
from .rules import run_list_rules
from .status import Programme, load_programme
from .store import LISTS, Store, load_store


def context_store(context: CheckContext) -> Store:
    """lists/ as read for this check run (read once, whichever stage asks first)."""
    return context.shared("lists.store", lambda: load_store(context.index.root))


def context_programme(context: CheckContext) -> Programme:
    """The staff decisions of this check run, loaded once for the stages that judge them."""
    return context.shared("lists.programme", lambda: load_programme(
        context.index.root, context.today, context.index, context_store(context)))


def lists_diagnostics(context: CheckContext) -> list[Diagnostic]:
    root = context.index.root
    if not (root / LISTS).is_dir():
        return []  # a repository without staff decisions (e.g. a fresh fork): nothing to judge
    return context_store(context).diagnostics() + run_list_rules(context_programme(context))


@stage
def check_lists(context: CheckContext):
    if context.targets is not None and not any(t.startswith(LISTS + "/") for t in context.targets):
        return []  # a check of submission files only: the decisions are not judged (and not loaded)
    diagnostics = lists_diagnostics(context)
    if context.targets is None:
        return diagnostics
    wanted = set(context.targets)
    return [d for d in diagnostics if d.path in wanted or not d.path.startswith(LISTS + "/")
            or d.code in ("W-CALENDAR-MISSING", "W-CALENDAR-NEXT-YEAR")]

"""The programmes' stage of `changjing check`: the G- rules on lists/jinchuanggu.yaml,
lists/qualifications.yaml and lists/coverage.yaml (their schema errors come from the lists/ stage)."""
from __future__ import annotations

from ..check import CheckContext, stage
from ..lists.stage import context_store
from .context import COVERAGE, JINCHUANGGU, QUALIFICATIONS
from .rules import Files, run_programme_rules

FILES = (JINCHUANGGU, QUALIFICATIONS, COVERAGE)


@stage
def check_programmes(context: CheckContext):
    wanted = context.targets is None or any(t in FILES for t in context.targets)
    if not wanted:
        return []
    store = context_store(context)  # the lists/ stage has read these files already
    loaded = {rel: store.files[rel] for rel in FILES if rel in store.files}
    diagnostics = run_programme_rules(Files(context.index, context.today, loaded))
    if context.targets is None:
        return diagnostics
    named = set(context.targets)  # a check of named files reports on those files
    return [d for d in diagnostics if d.path in named]

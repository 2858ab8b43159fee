"""The programmes' stage of `changjing check`: the G- rules on lists/jinchuanggu.yaml,
lists/qualifications.yaml and lists/coverage.yaml (their schema errors come from the lists/ stage)."""
from __future__ import annotations

from ..check import CheckContext, stage
from ..lists.store import SINGLE_FILES, load_list_file
from .context import COVERAGE, JINCHUANGGU, QUALIFICATIONS
from .rules import Files, run_programme_rules

FILES = (JINCHUANGGU, QUALIFICATIONS, COVERAGE)


@stage
def check_programmes(context: CheckContext):
    root = context.index.root
    wanted = context.targets is None or any(t in FILES for t in context.targets)
    if not wanted:
        return []
    loaded = {}
    for rel in FILES:
        path = root / rel
        if path.is_file() and not path.is_symlink():
            loaded[rel] = load_list_file(path.read_bytes(), rel, SINGLE_FILES[rel])
    diagnostics = run_programme_rules(Files(context.index, context.today, loaded))
    if context.targets is None:
        return diagnostics
    named = set(context.targets)  # a check of named files reports on those files
    return [d for d in diagnostics if d.path in named]

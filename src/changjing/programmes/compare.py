"""The programmes' figures as short texts, to show what a pull request changes in them."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from .context import COVERAGE, JINCHUANGGU, QUALIFICATIONS, load_sources
from .coverage import compute_coverage
from .targets import compute_targets, fmt

#: files whose change moves the programmes' figures in ways staff want to see in the summary
WATCHED = (JINCHUANGGU, QUALIFICATIONS, COVERAGE, "lists/events.yaml")


def figures(root: Path | str, today: date) -> dict[str, str]:
    """Label → value text: each 晋创谷 indicator, the coverage totals, and each covered enterprise's evidence."""
    src = load_sources(root, today)
    out: dict[str, str] = {}
    targets = compute_targets(src)
    for i in targets.indicators if targets else []:
        out[f"晋创谷 · {i.name}"] = f"{fmt(i.current)} / {fmt(i.target)} {i.unit}"
    coverage = compute_coverage(src)
    if coverage is not None:
        out["创新活动全覆盖 · 已销号"] = f"{coverage.covered} / {coverage.enterprises} 家（{coverage.rate}%）"
        for row in coverage.rows:
            if row.covered:
                out[f"销号 · {row.name}"] = "、".join(row.evidence_kinds)
    return out


def changes(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, str, str]]:
    """(label, before, after) for every figure that differs, in a stable order."""
    labels = list(after) + [k for k in before if k not in after]
    return [(k, before.get(k, "（无）"), after.get(k, "（无）")) for k in labels if before.get(k) != after.get(k)]

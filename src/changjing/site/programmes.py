"""Site pages of the programmes: 晋创谷·晋城 targets (with an XLSX download) and aggregate innovation coverage.

The coverage page names only the enterprises that are 销号, with the kind of
evidence: the survey's own answers and the staff's material stay in the
repository files, and uncovered enterprises are counted, not listed.
"""
from __future__ import annotations

from decimal import Decimal

from ..programmes.context import load_sources
from ..programmes.coverage import compute_coverage
from ..programmes.targets import compute_targets, fmt
from ..programmes.xlsx import targets_xlsx
from .render import render

#: slot name → (path of the page in the output, title in standalone mode)
SLOTS = {"jinchuanggu": ("jinchuanggu/", "晋创谷·晋城建设目标"), "coverage": ("coverage/", "企业创新活动全覆盖")}
TARGETS_XLSX = "downloads/jinchuanggu.xlsx"


def bar_value(percent: Decimal) -> str:
    """The <progress> value: the text beside it says the real figure, the bar stops at full."""
    return str(min(percent, Decimal(100)))


def write_pages(data, output) -> None:
    src = load_sources(data.root, data.today, data.index, state=data.state)
    targets = compute_targets(src)
    if targets is not None:
        (output.out / TARGETS_XLSX).parent.mkdir(parents=True, exist_ok=True)
        (output.out / TARGETS_XLSX).write_bytes(targets_xlsx(targets))
    output.fill_slot("jinchuanggu", render("jinchuanggu.html", report=targets, base="../", bar=bar_value, fmt=fmt,
                                           xlsx=TARGETS_XLSX, public=set(data.by_id)))
    coverage = compute_coverage(src)
    covered = sorted((r for r in coverage.rows if r.covered), key=lambda r: (r.covered_on, r.name)) if coverage else []
    output.fill_slot("coverage", render("coverage.html", report=coverage, covered=covered, base="../", bar=bar_value))


def downloads(out) -> list[dict]:
    """The programmes' files written into the site, for the downloads page."""
    if not (out / TARGETS_XLSX).is_file():
        return []
    return [{"path": TARGETS_XLSX, "title": "晋创谷·晋城建设目标进度和明细", "format": "XLSX"}]

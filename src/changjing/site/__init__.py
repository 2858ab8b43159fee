"""The public website: pages, lists, notices, downloads, feeds and search index.

mkdocs-material renders the handful of hand-written pages (home, policy, the
applicants' guide…); :func:`changjing.site.build.generate` writes everything made
from records straight into the output directory with Jinja2 (autoescape on),
inside the header and navigation of a page Material built (or a plain built-in
frame when run without mkdocs), then writes the search index (:mod:`changjing.site.search_index`).
"""


def emit_summary(site_dir) -> None:
    from pathlib import Path

    from ..commandline import emit

    site_dir = Path(site_dir)
    pages = sum(1 for _ in site_dir.rglob("*.html"))
    emit(f"网站已构建到 {site_dir.as_posix()}：{pages} 个页面。")

"""What hooks/changjing_site.py calls: check the records, then generate the pages after mkdocs.

The data root defaults to the directory of mkdocs.yml; ``today`` comes from
``CHANGJING_TODAY`` (set by ``changjing build --today``) or Beijing's date.
:func:`changjing.site.cli.build_site` may pass another data root and a
precomputed state for one build through :data:`OVERRIDES`.
"""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from mkdocs.exceptions import Abort

OVERRIDES: dict = {}
_STATE: dict = {}


def _today() -> date:
    if OVERRIDES.get("today"):
        return OVERRIDES["today"]
    text = os.environ.get("CHANGJING_TODAY")
    if text:
        return date.fromisoformat(text)
    from ..check import shanghai_today

    return shanghai_today()


def _prune_nav(nav, docs: Path):
    """Drop nav entries whose page does not exist yet (pages other people are still writing)."""
    if isinstance(nav, list):
        pruned = [p for p in (_prune_nav(x, docs) for x in nav) if p is not None]
        return pruned
    if isinstance(nav, dict):
        out = {}
        for key, value in nav.items():
            v = _prune_nav(value, docs)
            if v is not None and v != []:
                out[key] = v
        return out or None
    if isinstance(nav, str) and nav.endswith(".md") and not (docs / nav).exists():
        return None
    return nav


def on_config(config):
    root = Path(OVERRIDES.get("root") or Path(config.config_file_path).parent)
    _STATE.clear()
    _STATE.update(root=root, today=_today())
    if config.nav:
        config.nav = _prune_nav(config.nav, Path(config.docs_dir))
    return config


def on_pre_build(config):
    from ..check import InvalidRecords, require_valid

    try:
        _STATE["index"] = require_valid(_STATE["root"], _STATE["today"])
    except InvalidRecords as exc:
        raise Abort(str(exc)) from None


def on_files(files, config):
    """Refuse docs files of the wrong type or at addresses the generator owns, before anything is built."""
    from .docs_gate import misplaced_docs_files

    docs = Path(config.docs_dir).resolve()
    pairs = [(f.src_uri, f.dest_uri) for f in files
             if f.abs_src_path and Path(f.abs_src_path).resolve().is_relative_to(docs)]
    problems = misplaced_docs_files(pairs)
    if problems:
        raise Abort("docs/ 中有不能发布的文件，网站不予构建：\n" + "\n".join(problems))
    _STATE["docs_outputs"] = {dest: src for src, dest in pairs}
    return files


def on_page_content(html, page):
    """A docs page's HTML keeps only allow-listed tags and attributes: no script reaches a reader from Markdown."""
    from .docs_gate import sanitise_page_html

    return sanitise_page_html(html)


def on_page_markdown(markdown, page):
    from .docs_gate import meta_problems

    problems = meta_problems(page.file.src_uri, page.meta or {})
    if problems:
        raise Abort("docs/ 中有不能发布的页面，网站不予构建：\n" + "\n".join(problems))
    if "<!-- cj:fields -->" in markdown:
        from .fieldref import fields_markdown

        markdown = markdown.replace("<!-- cj:fields -->", fields_markdown())
    return markdown


def on_post_build(config):
    from .build import generate
    from .data import load_site_data

    data = load_site_data(_STATE["root"], _STATE["today"], state=OVERRIDES.get("state"),
                          index=_STATE.get("index"), source_base=config.extra.get("source_base", ""))
    site_url = config.site_url or "https://example.org/changjing/"
    if not site_url.endswith("/"):
        site_url += "/"
    from .docs_gate import DocsPageProblem

    try:
        generate(data, Path(config.site_dir), mkdocs_built=True, site_url=site_url,
                 search=OVERRIDES.get("search", True), docs_outputs=_STATE.get("docs_outputs", {}))
    except DocsPageProblem as exc:
        raise Abort(f"网站不予构建：\n{exc}") from None

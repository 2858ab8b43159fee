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
    from .govsite import footer_html, load_site_info
    from .pages_public import public_nav

    root = Path(OVERRIDES.get("root") or Path(config.config_file_path).parent)
    info = load_site_info(root)
    _STATE.clear()
    _STATE.update(root=root, today=_today(), info=info)
    # addresses come from lists/settings.yaml (or the environment), never from a placeholder
    config.site_url = info.url or None
    config.extra["source_base"] = info.source_base
    config.extra["cj_footer"] = footer_html(info, "CJ_BASE_TOKEN/")
    if config.nav:
        config.nav = public_nav(_prune_nav(config.nav, Path(config.docs_dir)), Path(config.docs_dir))
    return config


def on_files(files, config):
    """Pages marked ``public: false`` (developer and staff reference) are not built, linked or indexed."""
    from .pages_public import is_public_file

    for f in list(files):
        if f.src_uri.endswith(".md") and not is_public_file(Path(f.abs_src_path)):
            files.remove(f)
    return files


def on_pre_build(config):
    from ..check import InvalidRecords, require_valid

    try:
        _STATE["index"] = require_valid(_STATE["root"], _STATE["today"])
    except InvalidRecords as exc:
        raise Abort(str(exc)) from None


def on_page_markdown(markdown, page):
    if "<!-- cj:fields -->" in markdown:
        from .fieldref import fields_markdown

        markdown = markdown.replace("<!-- cj:fields -->", fields_markdown())
    return markdown


def on_post_build(config):
    from .build import generate
    from .data import load_site_data

    data = load_site_data(_STATE["root"], _STATE["today"], state=OVERRIDES.get("state"),
                          index=_STATE.get("index"), info=_STATE["info"])
    generate(data, Path(config.site_dir), mkdocs_built=True, search=OVERRIDES.get("search", True))

"""What hooks/changjing_site.py calls: check the records, then generate the pages after mkdocs.

Everything one build needs (data root, day, optional precomputed state) travels
on the mkdocs config itself as a :class:`SiteBuild`, so two builds in one
process never share anything. :func:`changjing.site.cli.build_site` attaches it
before building; a plain ``mkdocs build`` gets the default: the data next to
mkdocs.yml and the day from ``CHANGJING_TODAY`` (``CHANGJING_TODAY=2026-11-23
mkdocs build``) or Beijing's date.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mkdocs.exceptions import Abort

from ..index import Index
from ..workflow import ProgrammeState
from .govsite import SiteInfo

CONFIG_KEY = "changjing_build"


@dataclass
class SiteBuild:
    root: Path
    today: date
    state: ProgrammeState | None = None  # derived from lists/ when None
    search: bool = True
    index: Index | None = None  # the checked records, set by on_pre_build
    docs_outputs: dict[str, str] = field(default_factory=dict)  # docs output path → source, set by on_files
    info: SiteInfo | None = None  # lists/settings.yaml site: section, read by on_config
    unsearchable: set[str] = field(default_factory=set)  # pages with front matter search: {exclude: true}


def attach(config, build: SiteBuild) -> None:
    config[CONFIG_KEY] = build


def _build_of(config) -> SiteBuild:
    build = config.get(CONFIG_KEY)
    if build is None:
        build = SiteBuild(root=Path(config.config_file_path).parent, today=_today_from_environment())
        attach(config, build)
    return build


def _today_from_environment() -> date:
    text = os.environ.get("CHANGJING_TODAY")
    if text:
        return date.fromisoformat(text)
    from ..commandline import shanghai_today

    return shanghai_today()


def on_config(config):
    from .govsite import footer_html, load_site_info
    from .pages_public import public_nav

    build = _build_of(config)
    build.info = load_site_info(build.root)
    # addresses come from lists/settings.yaml (or the environment), never from a placeholder
    config.site_url = build.info.url or None
    config.extra["source_base"] = build.info.source_base
    config.extra["cj_footer"] = footer_html(build.info, "CJ_BASE_TOKEN/")
    if config.nav:
        config.nav = public_nav(config.nav, Path(config.docs_dir))
    return config


def on_pre_build(config):
    from ..check import InvalidRecords, require_valid

    build = _build_of(config)
    try:
        build.index = require_valid(build.root, build.today)
    except InvalidRecords as exc:
        raise Abort(str(exc)) from None


def on_files(files, config):
    """Leave out pages marked ``public: false`` (developer and staff reference: not built, linked or
    indexed); refuse docs files of the wrong type or at addresses the generator owns, before anything is built."""
    from .docs_gate import misplaced_docs_files
    from .pages_public import is_public_file

    for f in list(files):
        if f.src_uri.endswith(".md") and not is_public_file(Path(f.abs_src_path)):
            files.remove(f)

    docs = Path(config.docs_dir).resolve()
    pairs = [(f.src_uri, f.dest_uri) for f in files
             if f.abs_src_path and Path(f.abs_src_path).resolve().is_relative_to(docs)]
    problems = misplaced_docs_files(pairs)
    if problems:
        raise Abort("docs/ 中有不能发布的文件，网站不予构建：\n" + "\n".join(problems))
    _build_of(config).docs_outputs = {dest: src for src, dest in pairs}
    return files


def on_page_content(html, page):
    """A docs page's HTML keeps only allow-listed tags and attributes: no script reaches a reader from Markdown."""
    from .docs_gate import sanitise_page_html

    return sanitise_page_html(html)


def _excluded_from_search(meta: dict) -> bool:
    """Material's front matter ``search: {exclude: true}``: developer pages, not for readers' searches."""
    value = meta.get("search")
    return isinstance(value, dict) and value.get("exclude") is True


def on_page_markdown(markdown, page, config):
    from .docs_gate import meta_problems

    problems = meta_problems(page.file.src_uri, page.meta or {})
    if problems:
        raise Abort("docs/ 中有不能发布的页面，网站不予构建：\n" + "\n".join(problems))
    if _excluded_from_search(page.meta or {}):
        _build_of(config).unsearchable.add(page.url)
    if "<!-- cj:fields -->" in markdown:
        from .fieldref import fields_markdown

        markdown = markdown.replace("<!-- cj:fields -->", fields_markdown())
    return markdown


def on_post_build(config):
    from .build import generate
    from .data import load_site_data

    build = _build_of(config)
    data = load_site_data(build.root, build.today, state=build.state, index=build.index, info=build.info)
    from .docs_gate import DocsPageProblem

    try:
        generate(data, Path(config.site_dir), search=build.search,
                 docs_outputs=build.docs_outputs, unsearchable=frozenset(build.unsearchable))
    except DocsPageProblem as exc:
        raise Abort(f"网站不予构建：\n{exc}") from None

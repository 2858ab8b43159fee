"""Which hand-written pages are for the public: the ``public: false`` front-matter flag.

Developer and staff reference (命令行, 合并请求检查, 网站构建) stays in the repository's
``docs/`` for people who work on the repository, but is not part of the public
website: a page whose front matter says ``public: false`` is not built, not in the
menu, not in the sitemap and not in the search index. Anything that lists the
site's pages (the search index included) asks :func:`is_public_file`.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

_FRONT = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)


def front_matter(text: str) -> dict:
    m = _FRONT.match(text)
    if not m:
        return {}
    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def is_public_text(text: str) -> bool:
    return front_matter(text).get("public", True) is not False


def is_public_file(path: Path) -> bool:
    try:
        return is_public_text(path.read_text(encoding="utf-8"))
    except OSError:
        return True


def public_nav(nav, docs: Path):
    """The nav without entries for non-public pages (and without sections left empty)."""
    if isinstance(nav, list):
        return [x for x in (public_nav(x, docs) for x in nav) if x is not None]
    if isinstance(nav, dict):
        out = {k: v for k, v in ((k, public_nav(v, docs)) for k, v in nav.items()) if v not in (None, [])}
        return out or None
    if isinstance(nav, str) and nav.endswith(".md") and not is_public_file(docs / nav):
        return None
    return nav

"""What the hand-written pages under docs/ may be, where they may sit, and what their HTML may hold.

The generator owns every address it writes: record pages, notices, downloads,
the feed, the sitemap, the search bundle and the site's own assets. A page in
docs/ may never take one of them, so no one can publish a page at a record's
address, in the sitemap and the search index (:func:`misplaced_docs_files`
refuses record-shaped and generator-owned paths before mkdocs builds; the
generator compares what it wrote with what mkdocs wrote, see
:func:`collisions`). The HTML a docs page renders to is sanitised with the same
library and the same kind of allow-list as case narratives (plus the ids,
classes and comments the project's own pages need), so no script, handler,
frame, ``<base>``, refresh or style trick reaches a reader from Markdown.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path, PurePosixPath

import nh3

from ..narrative import NARRATIVE_TAGS, URL_SCHEMES

#: file types a docs folder may hold: pages, the committed schema copies, pictures and documents
DOCS_EXTENSIONS = {".md", ".json", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf"}
#: output folders that belong to the theme, the generator or the search bundle
RESERVED_TREES = ("assets/", "search-index/", "_shell/")
#: a path segment shaped like a record ID, a notice-style code or a credit code
_RECORD_SHAPED = re.compile(r"[A-Z]{2}-?\d{4}-?\d{2,}|[0-9A-Z]{18}")

DOCS_TAGS = NARRATIVE_TAGS | {"h1", "div", "span", "dl", "dt", "dd", "img", "details", "summary", "kbd", "abbr",
                              "caption", "colgroup", "col", "tfoot", "s", "u", "small", "mark", "figure",
                              "figcaption", "ins", "q", "cite"}
DOCS_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
}


class DocsPageProblem(Exception):
    """A docs file is where it may not be; the message is Chinese and names the file."""


#: front-matter keys a docs page may set, and the values of ``hide``; the theme writes meta values into
#: the page without escaping them, so they may not hold markup characters either
META_KEYS = {"title", "description", "hide", "search"}
HIDE_VALUES = {"navigation", "toc", "footer", "path", "feedback", "tags"}
_MARKUP = re.compile(r"[<>\"'`&]")


def meta_problems(src: str, meta: dict) -> list[str]:
    """Chinese problems with a docs page's front matter (``src`` is its path under docs/)."""
    where = f"docs/{src}"
    problems = []
    for key, value in meta.items():
        if key not in META_KEYS:
            problems.append(f"{where}：头信息不能使用「{key}」，只能使用 {'、'.join(sorted(META_KEYS))}。")
        elif key == "hide":
            if not isinstance(value, list) or not all(isinstance(v, str) and v in HIDE_VALUES for v in value):
                problems.append(f"{where}：头信息 hide 只能列出 {'、'.join(sorted(HIDE_VALUES))}。")
        elif key == "search":  # Material's search: {exclude: true}: keeps a developer page out of the site search
            if not (isinstance(value, dict) and set(value) == {"exclude"} and isinstance(value["exclude"], bool)):
                problems.append(f"{where}：头信息 search 只能写 exclude: true 或 exclude: false。")
        elif not isinstance(value, str) or _MARKUP.search(value):
            problems.append(f"{where}：头信息「{key}」应为不含 < > \" ' ` & 的文字。")
    return problems


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    # the theme finds its own elements by id (__config, __drawer, __search …): a page may not clobber them
    if name == "id" and value.startswith("__"):
        return None
    return value


def sanitise_page_html(html: str) -> str:
    """A docs page's rendered Markdown, with only allow-listed tags and attributes (comments stay: the
    generator fills ``<!-- cj:slot … -->`` markers)."""
    return nh3.clean(html, tags=DOCS_TAGS, attributes=DOCS_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     attribute_filter=_keep_attribute, strip_comments=False, link_rel=None)


def _record_shaped(segment: str) -> bool:
    stem = unicodedata.normalize("NFKC", segment).rsplit(".", 1)[0].upper()
    return bool(_RECORD_SHAPED.fullmatch(stem))


def misplaced_docs_files(pairs: list[tuple[str, str]]) -> list[str]:
    """(source path under docs/, output path) of every docs file → a Chinese problem for each one that
    is of a type docs may not hold, sits at a record-shaped path, or inside the generator's folders."""
    problems = []
    for src, dest in sorted(pairs):
        where = f"docs/{src}"
        suffix = PurePosixPath(src).suffix.lower()
        if suffix not in DOCS_EXTENSIONS:
            problems.append(f"{where}：docs/ 中不能放 {suffix or '无扩展名'} 文件（只接受 Markdown 页面、JSON、图片和 PDF），"
                            "网页脚本、HTML 和样式只能来自项目自带的文件。")
        elif any(_record_shaped(part) for part in PurePosixPath(src).parts):
            problems.append(f"{where}：路径形如记录编号或统一社会信用代码。记录页由记录文件生成，"
                            "手写页面不能占用记录的地址，请换一个名称。")
        elif dest.startswith(RESERVED_TREES) and not src.startswith("_shell/page."):
            problems.append(f"{where}：输出位置 {dest} 属于主题或网站生成器，手写页面不能放在这里。")
    return problems


def digests(out: Path, dests: dict[str, str]) -> dict[str, str]:
    """sha256 of each docs output file as mkdocs (and hardening) left it."""
    found = {}
    for dest in dests:
        path = out / dest
        if path.is_file():
            found[dest] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def collisions(out: Path, dests: dict[str, str], before: dict[str, str], filled: set[str]) -> list[str]:
    """Docs outputs the generator replaced or removed (other than the slot pages it fills): each is a page
    or file of docs/ at an address the generator owns."""
    problems = []
    for dest, digest in sorted(before.items()):
        if dest in filled:
            continue
        path = out / dest
        now = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
        if now != digest:
            problems.append(f"docs/{dests[dest]}：输出位置 {dest} 与网站生成的页面或文件（记录页、公示、下载、订阅、"
                            "站点地图或搜索索引）相同，手写页面不能占用生成的地址，请换一个名称。")
    return problems

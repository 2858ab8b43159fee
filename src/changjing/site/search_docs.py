"""What the search index holds for each page: the reader's own text, nothing internal.

A record gives its title, its owner's name and the words of its fields as the record
page shows them — not dates, credit codes, bare numbers or field labels (unique per
record or the same on every record: they grow the index and match everything). Pages
written by hand give their article text. Which pages are searched at all is decided
in :mod:`changjing.site.build` (``UNINDEXED_PATHS``) and by a page's front matter
``search: {exclude: true}`` (Material's own convention, read in mkdocs_glue).
"""
from __future__ import annotations

import html as htmllib
import re

from .data import Item
from .render import field_rows, narrative_html
from .search_index import RANK_CLOSED, RANK_NOTICE, RANK_PAGE, RANK_RECORD, SearchDoc

_NOT_WORDS = re.compile(r"^(\d{4}-\d{2}-\d{2}|[0-9A-Z]{18}|[\d.,%\s]+|是|否)$")
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|tr|td|th|dt|dd|div|pre|blockquote|table)>|<br\s*/?>", re.I)
_DROP = re.compile(r"<(script|style|svg|code)\b.*?</\1>", re.S | re.I)
_SPACES = re.compile(r"[ \t\r\f\v]+")


def plain_text(html: str) -> str:
    """Visible text of an HTML fragment, one line per block; code samples dropped (they are not prose)."""
    text = _DROP.sub(" ", html)
    text = _BLOCK_END.sub("\n", text)
    text = htmllib.unescape(_TAG.sub(" ", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def record_text(item: Item) -> str:
    words: list[str] = [item.org_name]
    if item.state.reason:
        words.append(f"说明：{item.state.reason}")
    if item.state.certification is not None:
        words.append("三新认定")
    for row in field_rows(item.model, skip=("id", "title")):
        words.extend(_row_words(row))
    if item.kind.name == "case" and item.record.body.strip():
        words.append(plain_text(narrative_html(item.record.body)))
    return "\n".join(w for w in words if w and not _NOT_WORDS.match(w))


def _row_words(row: dict) -> list[str]:
    if row["type"] == "text":
        return [row["text"]]
    if row["type"] == "object":
        return [w for sub in row["rows"] for w in _row_words(sub)]
    return ["　".join(cell for cell in r if cell) for r in row["rows"]]


def record_doc(item: Item, status_class: str) -> SearchDoc:
    rank = RANK_CLOSED if status_class == "off" else RANK_RECORD
    return SearchDoc(url=item.url, title=item.title, kind=item.kind.label, text=record_text(item), rank=rank,
                     status=item.status, status_class=status_class, id=item.id)


def notice_doc(url: str, title: str, content_html: str) -> SearchDoc:
    return SearchDoc(url=url, title=title, kind="公示", text=plain_text(content_html), rank=RANK_NOTICE)


def page_doc(url: str, title: str, content_html: str) -> SearchDoc:
    return SearchDoc(url=url, title=title, kind="说明", text=plain_text(content_html), rank=RANK_PAGE)

"""A benchmark case's Markdown narrative: the safe HTML a reader gets, and the text a reader sees.

Submitted Markdown is rendered by cmark-gfm (GitHub's C renderer, the same one
that shows the file on the pull request): it runs in linear time on any input,
where python-markdown took 100 s on 16 KB of ``[``. Raw HTML is never passed
through (cmark-gfm replaces it with a comment), and nh3 then keeps only a small
allow-list of tags and attributes, so no markup of the submitter's choosing
reaches the page. Both the site and the personal-data rules read a narrative
through this module, so the rules judge exactly what a reader will see.
"""
from __future__ import annotations

import html as htmllib
import re

import cmarkgfm
import nh3

from .loader import REFERENCE, forbidden_reference

#: tags a narrative may contain after sanitising (no img: it would load from another host)
NARRATIVE_TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
                  "blockquote", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a", "sup", "sub",
                  "del"}
NARRATIVE_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
EXTENSIONS = ["table", "strikethrough"]
#: deepest element nesting a narrative may render to: the HTML sanitiser's work grows with depth times
#: length (200 KB of ">" took minutes), and no readable narrative nests this deep
MAX_NESTING = 24

_BLOCK_TAG = re.compile(r"</?(?:p|br|hr|h[1-6]|pre|blockquote|ul|ol|li|table|thead|tbody|tr|th|td)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")
_ELEMENT = re.compile(r"<(/?)([a-z][a-z0-9]*)\b[^>]*?(/?)>")
_VOID = {"br", "hr", "img", "input"}


def _render(text: str) -> str:
    # references to characters the loader refuses (check reports them) are shown as U+FFFD: cmark-gfm
    # would otherwise write U+FFFE/U+FFFF as bytes that are not UTF-8 and fail
    text = REFERENCE.sub(lambda m: "&#xFFFD;" if forbidden_reference(m) else m.group(0), text)
    return cmarkgfm.markdown_to_html_with_extensions(text, options=0, extensions=EXTENSIONS)


def nesting_depth(html: str) -> int:
    """The deepest element nesting of renderer output (its own well-formed tags; raw HTML is omitted)."""
    depth = deepest = 0
    for m in _ELEMENT.finditer(html):
        if m.group(1):
            depth -= 1
        elif not m.group(3) and m.group(2) not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def too_deep(text: str) -> int | None:
    """The nesting depth of a narrative when it is deeper than :data:`MAX_NESTING`, else None."""
    depth = nesting_depth(_render(text))
    return depth if depth > MAX_NESTING else None


def narrative_html(text: str) -> str:
    """Markdown → safe HTML. Headings are demoted one level (the page owns the h1).

    A narrative nested deeper than :data:`MAX_NESTING` (which ``changjing check`` refuses) is shown
    as plain text, so even an unchecked one costs linear time.
    """
    html = _render(text)
    if nesting_depth(html) > MAX_NESTING:
        return "<p>" + htmllib.escape(text).replace("\n", "<br>") + "</p>"
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(html, tags=NARRATIVE_TAGS, attributes=NARRATIVE_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     attribute_filter=_drop_empty_links, link_rel="noopener noreferrer nofollow", strip_comments=True)


def _drop_empty_links(tag: str, name: str, value: str) -> str | None:
    # cmark-gfm writes href="" for a link whose URL it refused (javascript:, data:): no link at all
    return None if name == "href" and not value.strip() else value


def visible_text(html: str) -> str:
    """The text of sanitised narrative HTML as a reader sees it: blocks on their own lines, inline
    tags joined without a gap (``138<em>1234</em>5678`` reads as one number), entities decoded."""
    return htmllib.unescape(_ANY_TAG.sub("", _BLOCK_TAG.sub("\n", html)))


def narrative_text(text: str) -> str:
    return visible_text(narrative_html(text))

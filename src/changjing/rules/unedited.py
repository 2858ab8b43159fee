"""A record still carrying the sample text of its template (`changjing new` writes a complete example)."""
from __future__ import annotations

import re
from typing import Any, Iterator

from ..personal import normalise
from . import Finding, rule
from .submissions import ALL

# words and addresses that only sample content uses: 示例 (sample), and the hosts RFC 2606 reserves for
# examples (example.com/.org/.net and any name under them, the .example top-level domain): no real office
# can be reached there, and a public page must not show a placeholder host
_SAMPLE = re.compile(r"示例|(?<![\w.-])(?:[a-z0-9-]+\.)*(?:example\.(?:com|org|net)|[a-z0-9-]+\.example)(?![\w.-])", re.I)
#: what makes a text read differently from how it is written: invisible format characters (Unicode
#: category Cf) inside a word, and letters that NFKC turns into ASCII (full-width, circled, mathematical)
_DISGUISE = re.compile("[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
                       "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
                       "\uff21-\uff3a\uff41-\uff5a\u24b6-\u24e9\U0001d400-\U0001d7ff]")


def _as_read(text: str) -> str:
    """The text as a reader sees it, for the quick test: the text itself unless something disguises it."""
    return normalise(text)[0] if _DISGUISE.search(text) else text


def _sample_at(value: str) -> int | None:
    """Where in ``value`` a sample word or host starts, judged on what a reader sees (ｅxample.com is
    example.com), or None."""
    if value.isascii():
        m = _SAMPLE.search(value)
        return m.start() if m else None
    read, where = normalise(value)
    m = _SAMPLE.search(read)
    return where[m.start()] if m else None


def _strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{key}.{k}" if key else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{key}.{i}" if key else str(i))


@rule("R-TEMPLATE-TEXT", "模板示例内容未修改", kinds=ALL, needs_valid_model=False)
def rule_template_text_replaced(record, index) -> Iterator[Finding]:
    """`changjing new` 写出的模板是一份完整的示例；提交前必须把示例内容改成真实信息。
    任何字段（包括案例正文）仍含“示例”二字，或仍用 RFC 2606 保留给示例的域名作网址、邮箱时报错：二级域名为 example
    的 com、org、net 地址及其下级域名，以及顶级域名为 example 的地址。这些地址联系不到任何单位。"""
    text = _as_read(record.loaded.text)
    # plain substring tests first: a hundred times cheaper than the pattern, and almost no record has either
    if not ("示例" in text or "xample" in text.lower()) or not _SAMPLE.search(text):
        return
    for key, value in _strings(record.data):
        at = _sample_at(value)
        if at is not None:
            yield Finding(key, f"仍是模板中的示例内容「{_line_of(value, at)[:40]}」，请改成本单位的真实信息。")
    body = record.body or ""
    at = _sample_at(body)
    if at is not None:
        line = record.loaded.body_line + body.count("\n", 0, at)
        yield Finding("", f"正文仍是模板中的示例内容「{_line_of(body, at)[:40]}」，请改成真实情况。", (line, 1))


def _line_of(text: str, offset: int) -> str:
    return text[text.rfind("\n", 0, offset) + 1:].split("\n", 1)[0].strip()

"""A record still carrying the sample text of its template (`changjing new` writes a complete example)."""
from __future__ import annotations

import re
from typing import Iterator

from . import Finding, rule
from .submissions import ALL, string_values

# words and addresses that only sample content uses: 示例 (sample), and the hosts RFC 2606 reserves for
# examples (example.com/.org/.net and any name under them, the .example top-level domain): no real office
# can be reached there, and a public page must not show a placeholder host
_SAMPLE = re.compile(r"示例|(?<![\w.-])(?:[a-z0-9-]+\.)*(?:example\.(?:com|org|net)|[a-z0-9-]+\.example)(?![\w.-])", re.I)


@rule("R-TEMPLATE-TEXT", "模板示例内容未修改", kinds=ALL, needs_valid_model=False)
def rule_template_text_replaced(record, index) -> Iterator[Finding]:
    """`changjing new` 写出的模板是一份完整的示例；提交前必须把示例内容改成真实信息。
    任何字段（包括案例正文）仍含“示例”二字，或仍用 RFC 2606 保留给示例的域名作网址、邮箱时报错：二级域名为 example
    的 com、org、net 地址及其下级域名，以及顶级域名为 example 的地址。这些地址联系不到任何单位。"""
    text = record.loaded.text
    # plain substring tests first: a hundred times cheaper than the pattern, and almost no record has either
    if not ("示例" in text or "xample" in text or "XAMPLE" in text) or not _SAMPLE.search(text):
        return
    for key, value in string_values(record.data):
        m = _SAMPLE.search(value)
        if m:
            yield Finding(key, f"仍是模板中的示例内容「{_line_of(value, m.start())[:40]}」，请改成本单位的真实信息。")
    body = record.body or ""
    for m in _SAMPLE.finditer(body):
        line = record.loaded.body_line + body.count("\n", 0, m.start())
        yield Finding("", f"正文仍是模板中的示例内容「{_line_of(body, m.start())[:40]}」，请改成真实情况。", (line, 1))
        break


def _line_of(text: str, offset: int) -> str:
    return text[text.rfind("\n", 0, offset) + 1:].split("\n", 1)[0].strip()

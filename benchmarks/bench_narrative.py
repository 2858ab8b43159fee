"""Case narrative rendering on hostile Markdown: seconds per shape at several sizes.

    .venv/bin/python benchmarks/bench_narrative.py [KB ...]      (default 16 64 200)

Linear rendering shows as time growing with size, not with its square. The
shapes are the ones known to make Markdown renderers or HTML sanitisers slow:
runs of brackets and image openers, unclosed links, emphasis, deep lists and
block quotes, link reference definitions, backtick runs, wide tables, raw HTML
and comments, character references.
"""
from __future__ import annotations

import sys
import time


def hostile_bodies(size: int) -> dict[str, str]:
    """Markdown bodies of about ``size`` characters, one per hostile shape."""
    half, quarter = size // 2, size // 4
    nested_lists = "".join("  " * i + "- x\n" for i in range(size // 200))
    return {
        "brackets": "[" * size,
        "closing-brackets": "]" * size,
        "images": "![" * half,
        "unclosed-links": "[a](" * quarter,
        "emphasis": "*a" * half,
        "nested-emphasis": "*" * half + "a" + "*" * half,
        "underscores": "_a" * half,
        "nested-lists": (nested_lists * (size // max(len(nested_lists), 1) + 1))[:size],
        "nested-quotes": ">" * size,
        "quoted-lists": "> - " * quarter + "x",
        "backtick-runs": "".join("`" * i + "a" for i in range(1, int((2 * size) ** 0.5))),
        "backticks": "`" * size,
        "link-references": "".join(f"[a{i}]: http://x/{i}\n" for i in range(size // 20)),
        "table": "|a" * quarter + "\n" + "|-" * quarter + "\n",
        "raw-html": "<a " * (size // 3),
        "comments": "<!--" * quarter,
        "entities": "&#49;" * (size // 5),
        "heading-blanks": "# a" + " \t" * (half - 2) + "#b",
    }


def main(sizes_kb: list[int]) -> None:
    from changjing.narrative import narrative_html

    print(f"{'shape':18}" + "".join(f"{kb:>9} KB" for kb in sizes_kb))
    names = hostile_bodies(1024)
    for name in names:
        row = []
        for kb in sizes_kb:
            body = hostile_bodies(kb * 1024)[name]
            start = time.process_time()
            narrative_html(body)
            row.append(time.process_time() - start)
        print(f"{name:18}" + "".join(f"{t:>10.3f}s" for t in row))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [16, 64, 200])

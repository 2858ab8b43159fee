"""Horizontal bar charts as static SVG, made at build time (no script, no external font)."""
from __future__ import annotations

from xml.sax.saxutils import escape


def bar_chart(rows: list[tuple[str, int]], *, title: str) -> str:
    """rows: (label, count). Labels are vocabulary values, escaped anyway."""
    bar_h, gap, plot_w, value_w = 22, 8, 200, 36
    # the label column fits the longest label (14 px text: CJK ≈ 14, Latin/digits ≈ 8), so none is cut off
    label_w = min(260, max(60, 16 + max((label_width(label) for label, _ in rows), default=0)))
    width = label_w + plot_w + value_w
    height = max(1, len(rows)) * (bar_h + gap) + gap
    top = max((n for _, n in rows), default=0) or 1
    # drawn at its own size (labels 14 px); CSS shrinks it to the screen's width on phones
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="cj-svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" '
           f'role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">',
           f"<title>{escape(title)}</title>"]
    for i, (label, n) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = round(plot_w * n / top, 1) if n else 0
        out.append(f'<text x="{label_w - 8}" y="{y + bar_h * 0.72:.1f}" text-anchor="end" class="cj-svg__label">'
                   f"{escape(label)}</text>")
        out.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" rx="3" class="cj-svg__bar"/>')
        out.append(f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h * 0.72:.1f}" class="cj-svg__value">{n}</text>')
    out.append("</svg>")
    return "".join(out)


def label_width(label: str) -> int:
    """Approximate width of a label in 14 px text."""
    return sum(8 if ord(ch) < 0x2E80 else 14 for ch in label)

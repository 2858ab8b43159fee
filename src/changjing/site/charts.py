"""Horizontal bar charts as static SVG, made at build time (no script, no external font)."""
from __future__ import annotations

from xml.sax.saxutils import escape


def bar_chart(rows: list[tuple[str, int]], *, title: str) -> str:
    """rows: (label, count). Labels are vocabulary values, escaped anyway."""
    bar_h, gap, label_w, width = 22, 8, 150, 480
    plot_w = width - label_w - 44
    height = max(1, len(rows)) * (bar_h + gap) + gap
    top = max((n for _, n in rows), default=0) or 1
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="cj-svg" viewBox="0 0 {width} {height}" '
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

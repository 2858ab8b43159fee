"""Atom feed of notices and newly published records, and the sitemap (no build timestamps)."""
from __future__ import annotations

import gzip
from datetime import date
from xml.sax.saxutils import escape

FEED_SIZE = 50


def atom(entries: list[dict], *, site_url: str, title: str, today: date) -> bytes:
    """entries: dicts with id, title, path, day (date), summary. Newest first."""
    entries = sorted(entries, key=lambda e: (e["day"], e["path"]), reverse=True)[:FEED_SIZE]
    updated = max((e["day"] for e in entries), default=today)
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh">',
             f"<title>{escape(title)}</title>",
             f'<link rel="alternate" href="{escape(site_url)}"/>',
             f'<link rel="self" href="{escape(site_url)}feed.xml"/>',
             f"<id>{escape(site_url)}</id>",
             f"<updated>{updated.isoformat()}T00:00:00+08:00</updated>",
             f"<author><name>{escape(title)}</name></author>"]
    for e in entries:
        lines += ["<entry>",
                  f"<title>{escape(e['title'])}</title>",
                  f'<link rel="alternate" href="{escape(site_url + e["path"])}"/>',
                  f"<id>{escape(site_url + e['path'])}</id>",
                  f"<updated>{e['day'].isoformat()}T00:00:00+08:00</updated>",
                  f'<summary type="text">{escape(e["summary"])}</summary>',
                  "</entry>"]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def sitemap(paths: list[tuple[str, date | None]], *, site_url: str) -> tuple[bytes, bytes]:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, day in sorted(set(paths)):
        lines.append(f"<url><loc>{escape(site_url + path)}</loc>"
                     + (f"<lastmod>{day.isoformat()}</lastmod>" if day else "") + "</url>")
    lines.append("</urlset>")
    xml = ("\n".join(lines) + "\n").encode("utf-8")
    return xml, gzip.compress(xml, mtime=0)

"""The site's own search index: character-bigram postings, sharded by prefix, loaded on demand.

Why not pagefind: see docs/reference/site.md (measured on the sample). In short, a
reader's Chinese query must match any 2- to 4-character piece of a title, an absent
word must find nothing, and snippets must show the reader's own text; character
bigrams give all three exactly, where a word segmenter's boundaries do not.

Layout of the bundle (``search-index/`` in the site, written by :func:`write_index`):

* ``meta.json`` — the shard count and the number of documents;
* ``s/{k}.json`` — shard k: token → postings. A token is a bigram of a run of Han
  characters, or a run of Latin letters and digits (matched as a prefix). Shard
  ``k = fnv1a(token[:2]) % shards``, so the browser knows which file holds a token.
  Postings are document numbers, delta-encoded, each times 4 plus flags
  (1: in the text, 2: in the title);
* ``d/{c}.json`` — documents ``c*DOCS_PER_FILE`` onwards: url, title, kind, ID, status,
  status class and the text snippets are cut from (fetched only for the results shown;
  grouped because creating ten thousand small files costs more than the bytes saved);
* ``id/{prefix}.json`` — record IDs (letters and year, e.g. ``xq2025``) → url, so an
  ID typed in any case, with or without dashes, opens its record.

Documents are numbered in default rank order (active records, then withdrawn ones,
then notices, then pages), so ties rank by number. ``search.js`` mirrors
:func:`normalize`, :func:`tokens` and :func:`shard_of`; tests run both.
"""
from __future__ import annotations

import json
import math
import re
import shutil
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{HAN}]+|[0-9a-z]+")
_HAN_RUN = re.compile(rf"^[{HAN}]")
_ID = re.compile(r"^([a-z]{2})(\d{4})(\d{2,4})$")
#: raw bytes a shard aims at: a 4-character query reads 3 shards
SHARD_TARGET = 12_000
DOCS_PER_FILE = 8
BUNDLE = "search-index"

#: default rank groups (lower first when nothing else decides)
RANK_RECORD, RANK_CLOSED, RANK_NOTICE, RANK_PAGE = 0, 1, 2, 3


@dataclass(frozen=True)
class SearchDoc:
    url: str      # path from the site root, trailing slash
    title: str
    kind: str     # what it is, as a reader reads it: 场景需求, 公示, 说明 …
    text: str     # the reader-visible text that is searched and that snippets come from
    rank: int = RANK_PAGE
    status: str = ""
    status_class: str = ""
    id: str = ""  # record ID, for the ID lookup


def normalize(text: str) -> str:
    """Full-width letters and digits to ASCII, lower case (search.js does the same)."""
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str) -> set[str]:
    """Bigrams of every run of Han characters (a single character alone is no token) and Latin/digit words."""
    out: set[str] = set()
    for run in _RUN.findall(normalize(text)):
        if _HAN_RUN.match(run):
            out.update(run[i:i + 2] for i in range(len(run) - 1))
        else:
            out.add(run)
    return out


def shard_of(token: str, shards: int) -> int:
    """FNV-1a (32 bit) over the code points of the token's first two characters."""
    h = 0x811C9DC5
    for ch in token[:2]:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


def compact_id(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", normalize(text))


def _encode(postings: list[tuple[int, int]]) -> list[int]:
    out, prev = [], 0
    for doc, flags in postings:
        out.append((doc - prev) * 4 + flags)
        prev = doc
    return out


def _dump(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def write_index(docs: list[SearchDoc], out: Path) -> dict:
    """Write the bundle for ``docs`` into ``out`` (replaced); returns its meta (shards, docs, bytes)."""
    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    ordered = sorted(docs, key=lambda d: d.rank)  # stable: within a rank, the order the site lists them
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for n, doc in enumerate(ordered):
        title, body = tokens(f"{doc.title} {doc.id}"), tokens(doc.text)
        for tok in title | body:  # each token's postings grow in document order; files are written key-sorted
            postings[tok].append((n, (2 if tok in title else 0) | (1 if tok in body else 0)))
    encoded = {tok: _encode(p) for tok, p in postings.items()}
    shards = max(1, math.ceil(len(_dump(encoded)) / SHARD_TARGET))
    by_shard: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for tok, enc in encoded.items():
        by_shard[shard_of(tok, shards)][tok] = enc
    written = 0
    (out / "s").mkdir(parents=True)
    for k in range(shards):
        data = _dump(by_shard.get(k, {}))
        (out / "s" / f"{k}.json").write_bytes(data)
        written += len(data)
    (out / "d").mkdir()
    ids: dict[str, dict[str, str]] = defaultdict(dict)
    records = []
    for doc in ordered:
        record = {"u": doc.url, "t": doc.title, "k": doc.kind, "x": doc.text}
        if doc.id:
            record["i"] = doc.id
        if doc.status:
            record.update(s=doc.status, c=doc.status_class)
        records.append(record)
        m = _ID.match(compact_id(doc.id)) if doc.id else None
        if m:
            ids[m.group(1) + m.group(2)][compact_id(doc.id)] = doc.url
    for c in range(0, len(records), DOCS_PER_FILE):
        data = _dump(records[c:c + DOCS_PER_FILE])
        (out / "d" / f"{c // DOCS_PER_FILE}.json").write_bytes(data)
        written += len(data)
    (out / "id").mkdir()
    for prefix, table in sorted(ids.items()):
        data = _dump(table)
        (out / "id" / f"{prefix}.json").write_bytes(data)
        written += len(data)
    meta = {"shards": shards, "docs": len(ordered), "tokens": len(encoded), "per_file": DOCS_PER_FILE}
    (out / "meta.json").write_bytes(_dump(meta))
    return {**meta, "bytes": written}

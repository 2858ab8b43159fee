"""The search index bundle as written by the build: tokens, postings with title/text flags, shards, ID table.

The browser side (search.js) reads exactly these files; tests/test_search_relevance.py runs it in Chromium.
"""
from __future__ import annotations

import json
from pathlib import Path

from changjing.site.search_index import (RANK_CLOSED, RANK_NOTICE, RANK_PAGE, RANK_RECORD, SearchDoc, shard_of,
                                         tokens, write_index)


def test_tokens_are_han_bigrams_and_latin_words():
    assert tokens("无人机巡检") == {"无人", "人机", "机巡", "巡检"}
    # punctuation splits runs: no bigram across it; a lone Han character is no token
    assert tokens("能源、管理 米") == {"能源", "管理"}
    # full-width letters and digits read as ASCII, any case
    assert tokens("６０ ＧＨｚ 毫米波") == {"60", "ghz", "毫米", "米波"}
    assert tokens("XQ-2025-0012") == {"xq", "2025", "0012"}


def read_postings(bundle: Path) -> dict[str, list[tuple[int, int]]]:
    meta = json.loads((bundle / "meta.json").read_text())
    out = {}
    for k in range(meta["shards"]):
        for token, enc in json.loads((bundle / "s" / f"{k}.json").read_text()).items():
            assert shard_of(token, meta["shards"]) == k
            doc, plist = 0, []
            for v in enc:
                doc += v >> 2
                plist.append((doc, v & 3))
            out[token] = plist
    return out


def docs_of(bundle: Path) -> list[dict]:
    files = sorted((bundle / "d").glob("*.json"), key=lambda p: int(p.stem))
    return [d for p in files for d in json.loads(p.read_text(encoding="utf-8"))]


def test_postings_flag_title_and_text_and_documents_rank_in_order(tmp_path):
    docs = [
        SearchDoc(url="policy/", title="政策", kind="说明", text="无人机巡检的政策", rank=RANK_PAGE),
        SearchDoc(url="notices/2026-H2/", title="公示", kind="公示", text="园区无人机自动巡检", rank=RANK_NOTICE),
        SearchDoc(url="demand/XQ-2025-0009/", title="巡检平台", kind="场景需求", text="已撤回", rank=RANK_CLOSED,
                  status="已撤回", status_class="off", id="XQ-2025-0009"),
        SearchDoc(url="demand/XQ-2026-0002/", title="园区无人机自动巡检", kind="场景需求", text="光伏板巡检",
                  rank=RANK_RECORD, status="公示中", status_class="wait", id="XQ-2026-0002"),
    ]
    bundle = tmp_path / "search-index"
    meta = write_index(docs, bundle)
    assert meta["docs"] == 4
    stored = docs_of(bundle)
    assert [d["u"] for d in stored] == ["demand/XQ-2026-0002/", "demand/XQ-2025-0009/", "notices/2026-H2/", "policy/"]
    assert stored[0] == {"u": "demand/XQ-2026-0002/", "t": "园区无人机自动巡检", "k": "场景需求", "x": "光伏板巡检",
                         "i": "XQ-2026-0002", "s": "公示中", "c": "wait"}
    postings = read_postings(bundle)
    assert postings["巡检"] == [(0, 3), (1, 2), (2, 1), (3, 1)]  # 3 = title and text, 2 = title, 1 = text
    assert postings["光伏"] == [(0, 1)]
    assert postings["0002"] == [(0, 2)]  # the ID's words count as title
    ids = json.loads((bundle / "id" / "xq2026.json").read_text())
    assert ids == {"xq20260002": "demand/XQ-2026-0002/"}
    assert json.loads((bundle / "id" / "xq2025.json").read_text()) == {"xq20250009": "demand/XQ-2025-0009/"}


def test_same_documents_same_bytes_and_shards_stay_small(tmp_path):
    docs = [SearchDoc(url=f"supply/GJ-2025-{n:04d}/", title=f"第{n}号视觉检测系统", kind="场景供给",
                      text="园区" * (n % 7) + f"缺陷识别{n}", rank=RANK_RECORD, id=f"GJ-2025-{n:04d}")
            for n in range(1, 400)]
    a, b = tmp_path / "a", tmp_path / "b"
    write_index(docs, a)
    write_index(list(docs), b)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    meta = json.loads((a / "meta.json").read_text())
    assert meta["shards"] > 1
    assert max((a / "s" / f"{k}.json").stat().st_size for k in range(meta["shards"])) < 40_000

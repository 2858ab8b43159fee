#!/usr/bin/env python3
"""Quality of demand–supply matching: ``python3 benchmarks/match_quality.py [ROOT]``.

Ranks the evaluation set (benchmarks/match_eval.yaml, pairs written for this
purpose) with the sample repository's demands and supplies as distractors, and
prints top-1 and top-3 hit rates for this project's ranking and for plain
jieba + BM25 over the same records.
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

from changjing.index import Index
from changjing.matching.engine import load_profiles
from changjing.matching.evaluate import evaluate

HERE = Path(__file__).resolve().parent


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent
    data = yaml.safe_load((HERE / "match_eval.yaml").read_text(encoding="utf-8"))
    pairs, extra = data["pairs"], data.get("distractor_supplies", [])
    distractors = list(load_profiles(Index(root)).values())
    print(f"评测集 {len(pairs)} 对；干扰项：示例数据 {len(distractors)} 条记录，另写的相近供给 {len(extra)} 条")
    table(pairs, distractors, extra)
    hard, near = data.get("hard_pairs", []), data.get("near_miss_supplies", [])
    print(f"\n较难的一组：以上 {len(pairs)} 对加另写的 {len(hard)} 对，干扰项再加 {len(near)} 条近似干扰供给"
          "（同链、同对象、用词相近，解决另一个问题）")
    table(pairs + hard, distractors, extra + near)
    return 0


def table(pairs: list[dict], distractors: list, extra: list[dict]) -> None:
    print("| 评测记录的关键词 | 方向 | 方法 | 第 1 名命中 | 前 3 名命中 |")
    print("| --- | --- | --- | ---: | ---: |")
    for keywords in (True, False):
        result = evaluate(pairs, distractors, extra, keywords=keywords)
        for direction, methods in result.items():
            for method, s in methods.items():
                name = "本项目（jieba + BM25 + 关键词、指标、产业链）" if method == "本项目" else "基线（jieba + BM25）"
                print(f"| {'照写' if keywords else '留空'} | {direction} | {name} | {s.rate(s.top1)} | {s.rate(s.top3)} |")


if __name__ == "__main__":
    sys.exit(main())

"""Ranking: BM25 over jieba terms, re-weighted by keywords, indicators and the industry chain.

The score of a pair (0–100) is a weighted sum of

* text: the query's BM25 score against the candidate, divided by the best
  BM25 score among all candidates of this query;
* keywords: share of the smaller keyword list found in both;
* indicators: share of the demand's indicators that the supply also reports
  (met 1, not comparable 0.6, not met 0.2);
* chain: both belong to the same 光机电 chain;
* title: overlap of the two titles' terms.

Every suggestion carries its reasons in Chinese. Ties go to the smaller ID,
so the same records always give the same ranking.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .measures import match_measures
from .profiles import Profile

WEIGHTS = {"text": 0.50, "keywords": 0.15, "measures": 0.15, "chain": 0.10, "title": 0.10}
MEASURE_CREDIT = {True: 1.0, None: 0.6, False: 0.2}
SHARED_TERMS_SHOWN = 5
#: a suggestion shown on the public site needs this score and some shared text
PUBLIC_MIN_SCORE = 30.0


@dataclass(frozen=True)
class Match:
    record_id: str
    score: float  # 0–100, one decimal
    reasons: tuple[str, ...]

    def to_json(self) -> dict:
        return {"record_id": self.record_id, "score": self.score, "reasons": list(self.reasons)}


class Corpus:
    """The candidates of one kind, indexed for BM25."""

    def __init__(self, profiles: list[Profile], *, field: str = "terms"):
        import bm25s

        self.profiles = sorted(profiles, key=lambda p: p.record_id)
        self.position = {p.record_id: i for i, p in enumerate(self.profiles)}
        self.bm25 = bm25s.BM25()
        docs = [getattr(p, field) or ["\u0000"] for p in self.profiles]
        if docs:
            self.bm25.index(docs, show_progress=False)
        self.df = Counter(t for p in self.profiles for t in set(getattr(p, field)))

    def __len__(self) -> int:
        return len(self.profiles)

    def text_scores(self, tokens: list[str]) -> np.ndarray:
        if not self.profiles:
            return np.zeros(0, dtype=np.float32)
        known = [t for t in tokens if t in self.df]
        if not known:
            return np.zeros(len(self.profiles), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(known), dtype=np.float32)

    def idf(self, term: str) -> float:
        return math.log(1 + len(self.profiles) / (1 + self.df.get(term, 0)))


def _dice(a: set, b: set) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def pair(query: Profile, cand: Profile, text: float, corpus: Corpus, *, explain: bool = True) -> Match:
    """Score (and, with ``explain``, reasons) of one candidate; ``text`` is its normalised BM25 score (0–1)."""
    demand, supply = (query, cand) if query.kind == "demand" else (cand, query)
    reasons: list[str] = []
    qk, ck = query.keyword_set, cand.keyword_set
    shared_kw = qk & ck
    kw = len(shared_kw) / min(len(qk), len(ck)) if qk and ck else 0.0
    found = match_measures(demand.measures, supply.measures)
    measures = sum(MEASURE_CREDIT[m.met] for m in found) / len(demand.measures) if demand.measures else 0.0
    chain = 1.0 if query.chain and query.chain == cand.chain else 0.0
    title = _dice(set(query.title_terms), set(cand.title_terms))
    score = 100 * (WEIGHTS["text"] * text + WEIGHTS["keywords"] * kw + WEIGHTS["measures"] * measures
                   + WEIGHTS["chain"] * chain + WEIGHTS["title"] * title)
    if explain:
        if shared_kw:
            reasons.append("共同关键词：" + "、".join(sorted(shared_kw)))
        shared = (query.term_set & cand.term_set) - qk - ck
        if shared:
            top = sorted(shared, key=lambda t: (-corpus.idf(t), t))[:SHARED_TERMS_SHOWN]
            reasons.append("共有词语：" + "、".join(top))
        for m in found:
            if m.met is True:
                reasons.append(f"指标满足：需求要求{m.requirement} {m.target}，供给{m.indicator}为 {m.value}")
            elif m.met is False:
                reasons.append(f"指标未达到：需求要求{m.requirement} {m.target}，供给{m.indicator}为 {m.value}")
            else:
                reasons.append(f"指标对应：需求的{m.requirement}（{m.target}）与供给的{m.indicator}（{m.value}）")
        if chain:
            reasons.append(f"同属光机电产业链“{query.chain}”")
    return Match(cand.record_id, round(score, 1), tuple(reasons))


def rank(query: Profile, corpus: Corpus, *, top: int | None = None, prefilter: int | None = None,
         exclude: frozenset[str] = frozenset(), keep: Callable[[Profile, Match], bool] | None = None) -> list[Match]:
    """Candidates of ``corpus`` for ``query``, best first, each with its reasons.

    With ``prefilter`` only that many best candidates by text are scored in full
    (for the site, where every published record is a query); without it, all are.
    ``keep`` drops candidates before ``top`` is applied (reasons are worked out only for those returned).
    """
    raw = corpus.text_scores(query.terms)
    best = float(raw.max()) if raw.size else 0.0
    norm = raw / best if best > 0 else raw
    if prefilter is not None and prefilter < len(raw):
        # every candidate scoring at least the prefilter-th best: ties at the edge are all kept, so the
        # set does not depend on how argpartition happens to order equal scores
        edge = raw[np.argpartition(-raw, prefilter - 1)[prefilter - 1]]
        positions = np.flatnonzero(raw >= edge) if edge > 0 else np.flatnonzero(raw > 0)
    else:
        positions = range(len(raw))
    scored = []
    for i in positions:
        cand = corpus.profiles[int(i)]
        if cand.record_id == query.record_id or cand.record_id in exclude:
            continue
        scored.append((pair(query, cand, float(norm[int(i)]), corpus, explain=False), int(i)))
    scored.sort(key=lambda mi: (-mi[0].score, mi[0].record_id))
    if keep is not None:
        scored = [(m, i) for m, i in scored if keep(corpus.profiles[i], m)]
    if top is not None:
        scored = scored[:top]
    return [pair(query, corpus.profiles[i], float(norm[i]), corpus) for _, i in scored]


def baseline_rank(query: Profile, corpus: Corpus) -> list[str]:
    """Plain jieba + BM25 over the whole text (``corpus`` built with field="baseline"): IDs best first."""
    raw = corpus.text_scores(query.baseline)
    order = sorted(range(len(raw)), key=lambda i: (-float(raw[i]), corpus.profiles[i].record_id))
    return [corpus.profiles[i].record_id for i in order]


def publishable(query: Profile):
    """A ``keep`` test for the public site: a good score and some shared words, not only a shared chain."""
    def keep(cand: Profile, m: Match) -> bool:
        return m.score >= PUBLIC_MIN_SCORE and bool(query.term_set & cand.term_set)

    return keep

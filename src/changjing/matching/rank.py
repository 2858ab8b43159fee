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
    """The candidates of one kind, as columns: BM25 weights (bm25s), keyword and title-term ids, chains.

    Ranking one query against every candidate is a few numpy operations over these
    columns; only the candidates whose reasons are shown become :class:`Profile` objects
    again. A corpus is built from profiles (:meth:`__init__`) or read back from the match
    cache (:meth:`from_columns`), never re-indexed there.
    """

    def __init__(self, profiles: list[Profile], *, field: str = "terms"):
        import bm25s

        ordered = sorted(profiles, key=lambda p: p.record_id)
        self._profiles = ordered
        self._lookup: Callable[[str], Profile] | None = None
        self.ids = [p.record_id for p in ordered]
        self.position = {rid: i for i, rid in enumerate(self.ids)}
        docs = [getattr(p, field) or ["\u0000"] for p in ordered]
        if docs:
            bm25 = bm25s.BM25()
            bm25.index(docs, show_progress=False)
            scores = bm25.scores
            self.vocab = dict(bm25.vocab_dict)
            self.data, self.indices, self.indptr = scores["data"], scores["indices"], scores["indptr"]
        else:
            self.vocab = {}
            self.data = np.zeros(0, dtype=np.float32)
            self.indices = np.zeros(0, dtype=np.int32)
            self.indptr = np.zeros(1, dtype=np.int32)
        self.df = Counter(t for p in ordered for t in set(getattr(p, field)))
        self.kw_vocab, self.kw_ptr, self.kw_ids = _columns([p.keyword_set for p in ordered])
        self.title_vocab, self.title_ptr, self.title_ids = _columns([set(p.title_terms) for p in ordered])
        self.chain_vocab = sorted({p.chain for p in ordered if p.chain})
        codes = {c: i for i, c in enumerate(self.chain_vocab)}
        self.chains = np.array([codes.get(p.chain, -1) for p in ordered], dtype=np.int32)
        self.measures = [p.measures for p in ordered]
        self._derive()

    def _derive(self) -> None:
        n = len(self.ids)
        self.kw_len = np.diff(self.kw_ptr).astype(np.int64)
        self.kw_row = np.repeat(np.arange(n), self.kw_len)
        self.title_len = np.diff(self.title_ptr).astype(np.int64)
        self.title_row = np.repeat(np.arange(n), self.title_len)

    # -- the match cache stores a corpus as JSON-able lists and numpy arrays -------------------
    def columns(self) -> tuple[dict, dict[str, np.ndarray]]:
        meta = {"ids": self.ids, "vocab": sorted(self.vocab, key=self.vocab.__getitem__), "df": dict(self.df),
                "kw_vocab": self.kw_vocab, "title_vocab": self.title_vocab, "chain_vocab": self.chain_vocab,
                "measures": [[list(m) for m in ms] for ms in self.measures]}
        arrays = {"data": self.data, "indices": self.indices, "indptr": self.indptr, "kw_ptr": self.kw_ptr,
                  "kw_ids": self.kw_ids, "title_ptr": self.title_ptr, "title_ids": self.title_ids,
                  "chains": self.chains}
        return meta, arrays

    @classmethod
    def from_columns(cls, meta: dict, arrays, lookup: Callable[[str], Profile]) -> "Corpus":
        """A corpus read back from :meth:`columns`; ``lookup`` gives a candidate's profile by ID when needed."""
        self = cls.__new__(cls)
        self._profiles, self._lookup = None, lookup
        self.ids = meta["ids"]
        self.position = {rid: i for i, rid in enumerate(self.ids)}
        self.vocab = {t: i for i, t in enumerate(meta["vocab"])}
        self.df = meta["df"]
        self.kw_vocab, self.title_vocab, self.chain_vocab = meta["kw_vocab"], meta["title_vocab"], meta["chain_vocab"]
        self.measures = [tuple(tuple(m) for m in ms) for ms in meta["measures"]]
        for name in ("data", "indices", "indptr", "kw_ptr", "kw_ids", "title_ptr", "title_ids", "chains"):
            setattr(self, name, arrays[name])
        self._derive()
        return self

    def __len__(self) -> int:
        return len(self.ids)

    def profile(self, i: int) -> Profile:
        return self._profiles[i] if self._profiles is not None else self._lookup(self.ids[i])

    def text_scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every candidate for these query terms (bm25s's own summation over its weights)."""
        import bm25s

        if not self.ids:
            return np.zeros(0, dtype=np.float32)
        known = [self.vocab[t] for t in tokens if t in self.df]
        if not known:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(bm25s.BM25._compute_relevance_from_scores(
            self.data, self.indptr, self.indices, len(self.ids), np.asarray(known, dtype=np.int32),
            np.dtype("float32")), dtype=np.float32)

    def idf(self, term: str) -> float:
        return math.log(1 + len(self.ids) / (1 + self.df.get(term, 0)))

    def shared(self, words: frozenset[str] | set[str], *, column: str) -> np.ndarray:
        """How many of ``words`` each candidate's keywords (column "kw") or title terms ("title") hold."""
        ids, row = (self.kw_ids, self.kw_row) if column == "kw" else (self.title_ids, self.title_row)
        n = len(self.ids)
        index = self._index(column)
        wanted = [index[w] for w in words if w in index]
        if not wanted:
            return np.zeros(n, dtype=np.int64)
        hit = np.zeros(len(index), dtype=bool)
        hit[wanted] = True
        return np.bincount(row[hit[ids]], minlength=n)

    def _index(self, column: str) -> dict[str, int]:
        key = f"_{column}_index"
        found = self.__dict__.get(key)
        if found is None:
            vocab = self.kw_vocab if column == "kw" else self.title_vocab
            found = self.__dict__[key] = {w: i for i, w in enumerate(vocab)}
        return found


def _columns(sets: list) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Sets of words → (vocabulary, row pointers, word ids), like a sparse matrix in CSR form."""
    vocab = sorted(set().union(*sets)) if sets else []
    code = {w: i for i, w in enumerate(vocab)}
    ptr = np.zeros(len(sets) + 1, dtype=np.int32)
    ids: list[int] = []
    for k, s in enumerate(sets):
        ids.extend(sorted(code[w] for w in s))
        ptr[k + 1] = len(ids)
    return vocab, ptr, np.array(ids, dtype=np.int32)


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
    measures = _credit(found, demand.measures)
    chain = 1.0 if query.chain and query.chain == cand.chain else 0.0
    title = _dice(set(query.title_terms), set(cand.title_terms))
    score = _weighted(text, kw, measures, chain, title)
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


def scores(query: Profile, corpus: Corpus, norm: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """The score of :func:`pair` for the candidates at ``positions`` (not rounded): the same arithmetic
    in the same order, over columns."""
    n = len(positions)
    text = norm[positions].astype(np.float64)
    qk = query.keyword_set
    if qk:
        shared = corpus.shared(qk, column="kw")[positions]
        have = corpus.kw_len[positions]
        kw = np.where(have > 0, shared / np.maximum(np.minimum(len(qk), have), 1), 0.0)
    else:
        kw = np.zeros(n)
    qt = set(query.title_terms)
    if qt:
        shared = corpus.shared(qt, column="title")[positions]
        have = corpus.title_len[positions]
        title = np.where(have > 0, 2 * shared / (len(qt) + have), 0.0)
    else:
        title = np.zeros(n)
    if query.chain and query.chain in corpus.chain_vocab:
        chain = (corpus.chains[positions] == corpus.chain_vocab.index(query.chain)).astype(np.float64)
    else:
        chain = np.zeros(n)
    measures = np.zeros(n)
    seen: dict[tuple, float] = {}
    for k, i in enumerate(positions.tolist()):
        theirs = corpus.measures[i]
        value = seen.get(theirs)
        if value is None:
            value = seen[theirs] = _measure_credit(query, theirs)
        measures[k] = value
    return _weighted(text, kw, measures, chain, title)


def _weighted(text, kw, measures, chain, title):
    """The score (0–100) from its components in 0–1: floats for :func:`pair`, arrays for :func:`scores`,
    one expression for both so that the two give the same figures."""
    return 100 * (WEIGHTS["text"] * text + WEIGHTS["keywords"] * kw + WEIGHTS["measures"] * measures
                  + WEIGHTS["chain"] * chain + WEIGHTS["title"] * title)


def _credit(found: list, demand_measures: tuple) -> float:
    """Share of the demand's indicators met (or only corresponding) by those ``found`` in the supply."""
    return sum(MEASURE_CREDIT[m.met] for m in found) / len(demand_measures) if demand_measures else 0.0


def _measure_credit(query: Profile, theirs: tuple) -> float:
    demand, supply = (query.measures, theirs) if query.kind == "demand" else (theirs, query.measures)
    return _credit(match_measures(demand, supply), demand) if demand else 0.0


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
        positions = np.arange(len(raw))
    scored = []
    for i, value in zip(positions.tolist(), scores(query, corpus, norm, positions).tolist()):
        rid = corpus.ids[i]
        if rid == query.record_id or rid in exclude:
            continue
        scored.append((-round(value, 1), rid, i))
    scored.sort()
    out: list[Match] = []
    for neg, rid, i in scored:
        if top is not None and len(out) >= top:
            break
        cand = corpus.profile(i)
        if keep is not None and not keep(cand, Match(rid, -neg, ())):
            continue
        out.append(pair(query, cand, float(norm[i]), corpus))
    return out


def baseline_rank(query: Profile, corpus: Corpus) -> list[str]:
    """Plain jieba + BM25 over the whole text (``corpus`` built with field="baseline"): IDs best first."""
    raw = corpus.text_scores(query.baseline)
    order = sorted(range(len(raw)), key=lambda i: (-float(raw[i]), corpus.ids[i]))
    return [corpus.ids[i] for i in order]


def publishable(query: Profile):
    """A ``keep`` test for the public site: a good score and some shared words, not only a shared chain."""
    words = query.term_set

    def keep(cand: Profile, m: Match) -> bool:
        return m.score >= PUBLIC_MIN_SCORE and not words.isdisjoint(cand.term_set)

    return keep

"""Measured quality: top-1 and top-3 hit rates on an evaluation set, against plain jieba + BM25.

The evaluation set (benchmarks/match_eval.yaml) holds demand–supply pairs
written for this purpose; each is turned into real Demand and Supply models
(the fields ranking does not read get fixed filler). The candidates of every
query are all evaluation records of the other kind plus the given distractors
(the sample repository's records).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from .. import models
from .profiles import Profile, demand_profile, supply_profile
from .rank import Corpus, baseline_rank, rank

_FILLER_CODE = "91140500MA0EVAL001"


def _demand(i: int, d: dict) -> Profile:
    model = models.Demand(
        id=f"XQ-2099-{i:04d}", title=d["title"], owner=_FILLER_CODE, batch="2099-H1", submitted=date(2099, 1, 1),
        domain=d["domain"], application_field="生产", responsible_department=d["dept"], pain_point=d["pain"],
        technical_requirements=[{"item": a, "indicator": b, "target": c} for a, b, c in d["reqs"]],
        opens={"site": "需求方现场"}, budget={"amount": 100, "unit": "万元"}, fiscal_share_percent=0,
        cooperation_mode="揭榜挂帅", replicability="可在同类单位推广", reply_deadline=date(2099, 6, 30),
        exclusions={"not_general_infrastructure": True, "not_traditional_it": True, "not_solo_rnd": True,
                    "not_completed": True}, keywords=d.get("kw", []))
    return demand_profile(model, SimpleNamespace(chain=d.get("chain") or None, industry=None))


def _supply(i: int, s: dict) -> Profile:
    model = models.Supply(
        id=f"GJ-2099-{i:04d}", title=s["title"], provider=_FILLER_CODE, batch="2099-H1", submitted=date(2099, 1, 1),
        kind=s["kind"], industry=s["industry"], chain=s.get("chain") or None, description=s["desc"],
        technical_level=s["level"], indicators=[{"name": a, "value": b, "peer": c} for a, b, c in s["inds"]],
        apply_sanxin=False, keywords=s.get("kw", []))
    return supply_profile(model)


@dataclass(frozen=True)
class Scores:
    queries: int
    top1: int
    top3: int

    def rate(self, hits: int) -> str:
        return f"{hits}/{self.queries}（{100 * hits / self.queries:.0f}%）" if self.queries else "0/0"


def _entry(entry: dict, keywords: bool) -> dict:
    return entry if keywords else {**entry, "kw": []}


def evaluation_profiles(pairs: list[dict], *, keywords: bool = True) -> list[tuple[Profile, Profile]]:
    return [(_demand(i, _entry(p["d"], keywords)), _supply(i, _entry(p["s"], keywords)))
            for i, p in enumerate(pairs, start=1)]


def evaluate(pairs: list[dict], distractors: list[Profile] = (), distractor_supplies: list[dict] = (), *,
             keywords: bool = True) -> dict[str, dict[str, Scores]]:
    """direction ("需求→供给", "供给→需求") → method ("本项目", "基线") → hits.

    ``keywords=False`` leaves the evaluation records' keywords empty (many real records have none).
    """
    profiled = evaluation_profiles(pairs, keywords=keywords)
    n = len(profiled)
    distractors = list(distractors) + [_supply(n + i, _entry(s, keywords))
                                       for i, s in enumerate(distractor_supplies, start=1)]
    out: dict[str, dict[str, Scores]] = {}
    for label, q_side, kind in (("需求→供给", 0, "supply"), ("供给→需求", 1, "demand")):
        pool = [p[1 - q_side] for p in profiled] + [p for p in distractors if p.kind == kind]
        ours, base = Corpus(pool), Corpus(pool, field="baseline")
        hits = {"本项目": [0, 0], "基线": [0, 0]}
        for pr in profiled:
            query, gold = pr[q_side], pr[1 - q_side].record_id
            for method, ids in (("本项目", [m.record_id for m in rank(query, ours, top=3)]),
                                ("基线", baseline_rank(query, base)[:3])):
                hits[method][0] += ids[:1] == [gold]
                hits[method][1] += gold in ids
        out[label] = {m: Scores(len(profiled), h[0], h[1]) for m, h in hits.items()}
    return out

"""Records → match profiles: the text and structured fields ranking reads, per demand or supply.

A profile holds plain values only (no pydantic model), so it can be cached
and rebuilt without loading the record file again.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .text import phrase_terms, segment, terms

#: the other side of a match
OTHER = {"demand": "supply", "supply": "demand"}


@dataclass
class Profile:
    record_id: str
    kind: str  # "demand" | "supply"
    title: str
    org: str  # credit code of the owner or provider
    batch: str = ""
    status: str = ""
    keywords: tuple[str, ...] = ()
    chain: str = ""  # 光机电 chain: the supply's own, else its provider's; a demand's owner's
    industry: str = ""
    domain: str = ""
    department: str = ""
    application_field: str = ""
    # demand: (technical requirement, indicator, target); supply: (indicator, own value, peer value)
    measures: tuple[tuple[str, str, str], ...] = ()
    text: str = ""  # all of the record's describing text, for the plain baseline
    body: str = ""  # pain point or description
    terms: list[str] = field(default_factory=list)  # weighted terms for ranking (title and keywords twice)
    title_terms: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()
                if not k.startswith("_")}

    @classmethod
    def from_json(cls, data: dict) -> "Profile":
        data = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        data["keywords"] = tuple(data.get("keywords", ()))
        data["measures"] = tuple(tuple(m) for m in data.get("measures", ()))
        return cls(**data)

    @property
    def baseline(self) -> list[str]:
        """Plain jieba segmentation of the whole text (for the evaluation's baseline only)."""
        return segment(self.text)

    @property
    def term_set(self) -> frozenset[str]:
        # not kept: on the site every profile is a candidate of some query, and 10 000 sets would stay in memory
        return frozenset(self.terms).union(self.title_terms)  # what a reader sees as the record's words

    @property
    def keyword_set(self) -> frozenset[str]:
        cached = self.__dict__.get("_keyword_set")
        if cached is None:
            cached = self.__dict__["_keyword_set"] = frozenset(k.lower() for k in self.keywords)
        return cached


def demand_profile(model, org=None) -> Profile:
    measures = tuple((r.item, r.indicator, r.target) for r in model.technical_requirements)
    return with_org(_finish(Profile(
        record_id=model.id, kind="demand", title=model.title, org=model.owner, batch=model.batch,
        keywords=tuple(model.keywords), domain=model.domain,
        department=model.responsible_department, application_field=model.application_field,
        measures=measures, body=model.pain_point)), org)


def supply_profile(model, org=None) -> Profile:
    measures = tuple((i.name, i.value, i.peer) for i in model.indicators)
    return with_org(_finish(Profile(
        record_id=model.id, kind="supply", title=model.title, org=model.provider, batch=model.batch,
        keywords=tuple(model.keywords), chain=model.chain or "", industry=model.industry, measures=measures,
        body=model.description + "\n" + model.technical_level
        + "".join(f"\n{r.description}" for r in model.references))), org)


def _finish(p: Profile) -> Profile:
    if p.kind == "demand":
        measure_text = "\n".join(f"{item} {indicator}" for item, indicator, _ in p.measures)
    else:
        measure_text = "\n".join(name for name, _, _ in p.measures)
    p.text = "\n".join([p.title, p.body, measure_text, " ".join(p.keywords)])
    p.title_terms = terms(p.title)
    keyword_terms = phrase_terms(list(p.keywords))
    # the text that BM25 compares: keywords, the problem or the offer, the indicators. Not the title: a title
    # names the object (叉车, 刀具, 窑炉), which near misses share; it counts once, in the title overlap. With
    # the title counted twice here, a supply for the same machine but another problem ranked first
    # (benchmarks/match_eval.yaml, hard_pairs).
    p.terms = keyword_terms + terms(p.body + "\n" + measure_text)
    return p


def with_org(p: Profile, org) -> Profile:
    """A profile joined to its organisation: a demand takes the owner's chain and industry, a supply
    without a chain of its own the provider's. :func:`demand_profile` and :func:`supply_profile` join
    so, and so does the site for a profile the match cache kept without its organisation."""
    if p.kind == "demand":
        p.chain, p.industry = getattr(org, "chain", None) or "", getattr(org, "industry", None) or ""
    else:
        p.chain = p.chain or (getattr(org, "chain", None) or "")
    return p


def profile_for(kind: str, model, org=None) -> Profile:
    return demand_profile(model, org) if kind == "demand" else supply_profile(model, org)

"""Profiles of a repository's demands and supplies, and the matches between them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from .profiles import OTHER, Profile, profile_for
from .rank import Corpus, Match, publishable, rank

#: statuses that end a record's path: it takes no more partners
ENDED = frozenset({"未通过", "已撤回", "已撤销"})
SITE_TOP = 5
SITE_PREFILTER = 20


if TYPE_CHECKING:
    from ..index import Index
    from ..workflow import ProgrammeState


def load_profiles(index: Index, state: ProgrammeState | None = None) -> dict[str, Profile]:
    """Every valid demand and supply, with its status when ``state`` is given."""
    orgs = {}
    out: dict[str, Profile] = {}
    for kind in ("demand", "supply"):
        for record in index.records(kind):
            if record.model is None:
                continue
            code = record.model.owner if kind == "demand" else record.model.provider
            if code not in orgs:
                orgs[code] = index.model("org", code)
            p = profile_for(kind, record.model, orgs[code])
            if state is not None:
                p.status = state.status(record.id).status
            out[record.id] = p
    return out


@dataclass
class Matcher:
    profiles: Mapping[str, Profile]
    #: candidates by kind (records that have not ended); built from ``profiles`` when not given
    corpora: dict[str, Corpus] = field(default_factory=dict)

    def corpus(self, kind: str) -> Corpus:
        if kind not in self.corpora:
            self.corpora[kind] = Corpus([p for p in self.profiles.values()
                                         if p.kind == kind and p.status not in ENDED])
        return self.corpora[kind]

    def match(self, record_id: str, top: int | None = None) -> list[Match]:
        """All records of the other kind that have not ended, best first."""
        query = self.profiles[record_id]
        return rank(query, self.corpus(OTHER[query.kind]), top=top)


def site_suggestions(profiles: dict[str, Profile], public_ids: set[str], *,
                     top: int = SITE_TOP) -> dict[str, list[Match]]:
    """For each public demand and supply that has not ended, up to ``top`` published matches worth showing."""
    shown = {rid: p for rid, p in profiles.items() if rid in public_ids and p.status not in ENDED}
    corpora = {kind: Corpus([p for p in shown.values() if p.kind == kind]) for kind in ("demand", "supply")}
    out: dict[str, list[Match]] = {}
    for rid in sorted(shown):
        query = shown[rid]
        good = rank(query, corpora[OTHER[query.kind]], prefilter=SITE_PREFILTER, top=top, keep=publishable(query))
        if good:
            out[rid] = good
    return out

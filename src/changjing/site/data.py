"""What the site shows: published records with their derived state, as view objects."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..index import Index
from ..records import KINDS, Kind, Record
from ..lists.state import build_state
from ..workflow import PUBLIC_STATUSES, STATUSES, ProgrammeEvent, ProgrammeState, RecordState, Reward
from .govsite import SiteInfo, load_site_info

#: statuses under which a record is visible to the public

#: URL section (folder in the output) of each record kind
SECTION = {"demand": "demand", "supply": "supply", "case": "cases", "donation": "donations"}
RECORD_KINDS = ("demand", "supply", "case", "donation")


#: statuses a published list, count or download holds: a record on notice (公示中) or past its
#: notice and awaiting publication (待发布) is not yet published, and a rejected, withdrawn or
#: revoked one no longer is (it keeps its own page)
LISTED_STATUSES = frozenset({"已发布", "对接中", "建设中", "已建成", "标杆"})

#: how a sentence counting unlisted records names a status, where the bare status says too little
UNLISTED_LABEL = {"待发布": "公示期满待发布"}


def unlisted_counts(statuses) -> list[tuple[str, str, int]]:
    """(status, label, count) of the records not in the published lists, in the statuses' legal order."""
    counts = Counter(statuses)
    return [(s, UNLISTED_LABEL.get(s, s), counts[s]) for s in STATUSES if counts[s]]


def is_public(rs: RecordState) -> bool:
    # once shown, always shown: a withdrawn or revoked record keeps its page, with the reason
    return rs.published is not None or rs.status in PUBLIC_STATUSES or rs.was_public


@dataclass
class Item:
    """One published record as the site shows it."""

    kind: Kind
    record: Record
    state: RecordState
    org_names: dict[str, str]
    related: list["Item"] = field(default_factory=list)

    @property
    def model(self):
        return self.record.model

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def title(self) -> str:
        return self.model.title

    @property
    def status(self) -> str:
        return self.state.status

    @property
    def url(self) -> str:
        """Path from the site root, with a trailing slash."""
        return f"{SECTION[self.kind.name]}/{self.id}/"

    @property
    def listed(self) -> bool:
        return self.status in LISTED_STATUSES

    @property
    def batch(self) -> str:
        return getattr(self.model, "batch", "") or ""

    @property
    def domain(self) -> str:
        return getattr(self.model, "domain", "") or ""

    @property
    def department(self) -> str:
        return getattr(self.model, "responsible_department", "") or ""

    @property
    def industry(self) -> str:
        return getattr(self.model, "industry", "") or ""

    @property
    def chain(self) -> str:
        chain = getattr(self.model, "chain", None)
        if chain:
            return chain
        org = getattr(self.model, "owner", None)
        return self.org_chain.get(org, "") if org else ""

    org_chain: dict[str, str] = field(default_factory=dict)

    @property
    def org_code(self) -> str:
        for name in self.kind.credit_fields:
            value = getattr(self.model, name, None)
            if value:
                return value
        return ""

    @property
    def org_name(self) -> str:
        return self.org_names.get(self.org_code, self.org_code)

    @property
    def day(self) -> date | None:
        """The date the list sorts by: publication, else submission/completion."""
        if self.state.published:
            return self.state.published
        for name in ("submitted", "completed", "donated_on"):
            value = getattr(self.model, name, None)
            if value:
                return value
        return None

    @property
    def amount_yuan(self) -> Decimal | None:
        for name in ("budget", "total_investment", "amount"):
            value = getattr(self.model, name, None)
            if value is not None:
                return value.yuan
        return None


@dataclass
class SiteData:
    root: Path
    today: date
    state: ProgrammeState
    index: Index
    items: dict[str, list[Item]]  # kind → published items in ID order
    by_id: dict[str, Item]
    orgs: dict[str, object]  # credit code → Org model
    info: SiteInfo = field(default_factory=SiteInfo)
    suggestions: dict = field(default_factory=dict)  # record ID → published matches (matching_view)

    @property
    def source_base(self) -> str:
        return self.info.source_base

    def all_items(self) -> list[Item]:
        """Every record with a page of its own (published, on notice, or once shown and since ended)."""
        return [i for k in RECORD_KINDS for i in self.items[k]]

    @cached_property
    def reward_by_record(self) -> dict[str, Reward]:
        """The first reward of each record (one lookup per page, not a scan of every reward)."""
        out: dict[str, Reward] = {}
        for r in self.state.rewards:
            out.setdefault(r.record_id, r)
        return out

    @cached_property
    def events_by_record(self) -> dict[str, list[ProgrammeEvent]]:
        """Each record's matchmaking events, in date order."""
        out: dict[str, list[ProgrammeEvent]] = {}
        for e in sorted(self.state.events, key=lambda e: (e.day, e.event_id)):
            for rid in dict.fromkeys(e.records):
                out.setdefault(rid, []).append(e)
        return out

    def listed(self, kind: str) -> list[Item]:
        """The published records of one kind: what lists, counts and downloads hold."""
        return [i for i in self.items[kind] if i.listed]

    def all_listed(self) -> list[Item]:
        return [i for k in RECORD_KINDS for i in self.listed(k)]

    def batches(self) -> list[str]:
        seen = {i.batch for i in self.all_items() if i.batch}
        seen |= {b.batch_id for b in self.state.batches}
        seen |= {n.batch for n in self.state.notices if n.batch}
        return sorted(seen)


def load_site_data(root: Path | str, today: date, *, state: ProgrammeState | None = None,
                   index: Index | None = None, info: SiteInfo | None = None) -> SiteData:
    root = Path(root)
    index = index or Index(root)
    state = state if state is not None else build_state(root, today, index)
    orgs = {r.model.credit_code: r.model for r in index.records("org") if r.model is not None}
    names = {code: org.name for code, org in orgs.items()}
    chains = {code: (org.chain or "") for code, org in orgs.items()}
    items: dict[str, list[Item]] = {}
    by_id: dict[str, Item] = {}
    for kind_name in RECORD_KINDS:
        kind = KINDS[kind_name]
        items[kind_name] = []
        for record in index.records(kind_name):
            if record.model is None:
                continue
            rs = state.status(record.id)
            if not is_public(rs):
                continue
            item = Item(kind=kind, record=record, state=rs, org_names=names, org_chain=chains)
            items[kind_name].append(item)
            by_id[record.id] = item
    # demand ↔ supply ↔ case: a case names its demand and supply
    for case in items["case"]:
        ends = [by_id.get(case.model.demand), by_id.get(case.model.supply)]
        ends = [e for e in ends if e is not None]
        for end in ends:
            _link(case, end)
        if len(ends) == 2:
            _link(ends[0], ends[1])
    # demand ↔ supply: matchmaking paired them (a project names the demand and its supplies)
    for demand_id, supply_id in state.matches:
        if demand_id in by_id and supply_id in by_id:
            _link(by_id[demand_id], by_id[supply_id])
    for item in by_id.values():
        item.related.sort(key=lambda i: i.id)
    from .matching_view import compute_suggestions

    return SiteData(root=root, today=today, state=state, index=index, items=items, by_id=by_id, orgs=orgs,
                    info=info if info is not None else load_site_info(root),
                    suggestions=compute_suggestions(items, orgs))


def _link(a: Item, b: Item) -> None:
    if b not in a.related:
        a.related.append(b)
    if a not in b.related:
        b.related.append(a)

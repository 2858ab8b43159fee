"""What record pages show of 供需对接: suggested published matches, cooperation intents, the response deadline."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..matching.engine import site_suggestions
from ..matching.profiles import profile_for
from ..matching.rank import Match
from ..workflow import IntentSummary


@dataclass(frozen=True)
class Suggested:
    item: object  # site Item of the suggested record
    match: Match


def compute_suggestions(items: dict, orgs: dict) -> dict[str, list[Match]]:
    """Up to five published matches for every published demand and supply (see matching.engine)."""
    profiles = {}
    for kind in ("demand", "supply"):
        for item in items.get(kind, []):
            if not item.listed:  # on notice, or once shown and since ended: neither suggested nor given suggestions
                continue
            p = profile_for(kind, item.model, orgs.get(item.org_code))
            p.status = item.status
            profiles[item.id] = p
    return site_suggestions(profiles, set(profiles))


def record_matching(item, data) -> dict | None:
    """Template context of the 供需对接 block of a demand or supply page, or None for other kinds."""
    if item.kind.name not in ("demand", "supply"):
        return None
    # a record already paired with this one (by a project or a case) is listed under 相关记录, not suggested
    paired = {r.id for r in item.related}
    suggested = [Suggested(data.by_id[m.record_id], m) for m in data.suggestions.get(item.id, [])
                 if m.record_id in data.by_id and m.record_id not in paired]
    context = {"suggested": suggested, "other": "供给" if item.kind.name == "demand" else "需求"}
    if item.kind.name == "demand":
        intents: list[IntentSummary] = [i for i in data.state.intents if i.demand == item.id]
        deadline: date = item.model.reply_deadline
        context.update(
            deadline=deadline, closed=data.today > deadline, intents=len(intents),
            chosen=[i for i in intents if i.chosen is not None],
            supply_items={i.supply: data.by_id[i.supply] for i in intents if i.supply in data.by_id})
    return context

"""What record pages show of 供需对接: suggested published matches, cooperation intents, the response deadline."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from ..matching.cache import digest, known_profiles
from ..matching.engine import site_suggestions
from ..matching.profiles import Profile, profile_for, with_org
from ..matching.rank import Match
from ..matching.text import release
from ..workflow import IntentSummary


@dataclass(frozen=True)
class Suggested:
    item: object  # site Item of the suggested record
    match: Match


def compute_suggestions(items: dict, orgs: dict, root=None) -> dict[str, list[Match]]:
    """Up to five published matches for every published demand and supply (see matching.engine).

    A record whose file is in a current match cache of ``root`` (``changjing match`` wrote it) is not
    segmented again: its profile is the cached one, made from the same bytes by the same code.
    """
    known = known_profiles(root) if root is not None else {}
    profiles = {}
    for kind in ("demand", "supply"):
        for item in items.get(kind, []):
            if not item.listed:  # on notice, or once shown and since ended: neither suggested nor given suggestions
                continue
            org = orgs.get(item.org_code)
            cached = known.get(item.record.path)
            if cached is not None and cached[0] == digest(item.record.loaded.text.encode("utf-8")):
                p = with_org(Profile.from_json(json.loads(cached[1])), org)
            else:
                p = profile_for(kind, item.model, org)
            p.status, p.text, p.body = item.status, "", ""  # the texts are in the record; ranking reads terms
            profiles[item.id] = p
    release()  # the rest of the build does not need the dictionary's memory held
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

"""The programme's derived state as of one day (:class:`changjing.workflow.ProgrammeState`),
assembled from the staff decisions in lists/: record statuses (status.py) and rewards (rewards.py)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..index import Index
from ..workflow import ProgrammeState
from .intents import intent_summaries
from .rewards import compute_rewards
from .status import Programme, batches, derive_record, events, load_programme, notices, record_ids


def build_state(root: Path | str, today: date, index: Index | None = None, prog: Programme | None = None) -> ProgrammeState:
    """Derive every record's state, the notices, rewards, batches, events and matches from lists/
    as of ``today``: what the site and pr-check read."""
    prog = prog or load_programme(root, today, index)
    state = ProgrammeState(today=today)
    if prog.settings:
        state.plan_document = prog.settings.plan.document_number
    for rid in record_ids(prog):
        state.records[rid] = derive_record(prog, rid)
    state.notices = notices(prog)
    state.rewards = compute_rewards(prog)
    state.batches = batches(prog)
    state.events = events(prog)
    state.intents = intent_summaries(prog)
    state.matches = sorted({(proj.demand, supply) for _, proj in prog.projects.values()
                            if proj.matchmaking_started <= today for supply in proj.supplies})
    return state

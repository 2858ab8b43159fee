"""What both programmes read, loaded once: records, lists/ files and the derived scenario state."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional

from ..index import Index
from ..lists.state import build_state
from ..lists.status import Programme, load_programme
from ..workflow import ProgrammeState
from ..lists import programme_models as pm

JINCHUANGGU = "lists/jinchuanggu.yaml"
QUALIFICATIONS = "lists/qualifications.yaml"
COVERAGE = "lists/coverage.yaml"
ZONE = frozenset({"主区", "金匠园区"})
ENTERPRISE_TYPES = frozenset({"国有企业", "民营企业"})


@dataclass
class Sources:
    root: Path
    today: date
    prog: Programme
    state: ProgrammeState

    @property
    def index(self) -> Index:
        return self.prog.index

    @property
    def jinchuanggu(self) -> Optional[pm.JinchuangguFile]:
        return self.prog.store.single(JINCHUANGGU)

    @property
    def qualifications(self) -> list[pm.Qualification]:
        model = self.prog.store.single(QUALIFICATIONS)
        return list(model.qualifications) if model is not None else []

    @property
    def coverage(self) -> Optional[pm.CoverageFile]:
        return self.prog.store.single(COVERAGE)

    def org(self, code: str):
        return self.index.model("org", code)

    def org_name(self, code: str) -> str:
        org = self.org(code)
        return org.name if org is not None else code

    def ended_on(self, record_id: str) -> Optional[date]:
        """The date a record was withdrawn or revoked, if it was."""
        found = self.prog.withdrawals.get(record_id)
        return found[1].date if found is not None else None


def load_sources(root: Path | str, today: date, index: Index | None = None,
                 state: ProgrammeState | None = None) -> Sources:
    prog = load_programme(Path(root), today, index)
    return Sources(Path(root), today, prog, state if state is not None else build_state(root, today, prog=prog))

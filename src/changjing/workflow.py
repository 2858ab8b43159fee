"""The programme's derived state: the statuses and the dataclasses the site and pr-check read.

:func:`changjing.lists.state.build_state` derives them from the staff decisions in
lists/; the readers depend on these types only, never on how lists/ computes them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Optional


# the derived statuses, in their legal order; the last three end a record's path.
# 待发布: the 公示 period has ended without an upheld objection and publication is not recorded yet
STATUSES = ("已提交", "初审中", "专家评审中", "待审定", "公示中", "待发布", "已发布", "对接中", "建设中", "已建成", "标杆",
            "未通过", "已撤回", "已撤销")

#: the statuses that end a record's path
TERMINAL_STATUSES = ("未通过", "已撤回", "已撤销")

#: statuses in which a record is shown to the public; once shown, a record stays on the
#: site for good, ending (已撤回, 已撤销) with its reason rather than disappearing. A record
#: 待发布 was shown on notice, so it stays public, but it is not published (not listed or counted)
PUBLIC_STATUSES = frozenset({"公示中", "待发布", "已发布", "对接中", "建设中", "已建成", "标杆"})


@dataclass(frozen=True)
class Event:
    """One dated step in a record's history (for the timeline on its page)."""

    day: date
    label: str  # e.g. "初审通过", "公示开始"
    detail: str = ""  # e.g. reviewing unit, opinion, meeting and document number


@dataclass(frozen=True)
class Deadline:
    day: date
    label: str  # e.g. "初审时限（7 个工作日）"
    overdue: bool = False


@dataclass(frozen=True)
class Certification:
    """三新 certification of a supply."""

    supply: str
    approved: date
    expires: date
    expired: bool
    document_number: str = ""
    ended: str = ""  # why the certification ended with its record (upheld objection, 未通过, withdrawal, revocation)

    @property
    def valid(self) -> bool:
        return not self.expired and not self.ended


@dataclass(frozen=True)
class RecordState:
    record_id: str
    status: str  # one of STATUSES
    history: tuple[Event, ...] = ()
    next_deadline: Optional[Deadline] = None
    certification: Optional[Certification] = None
    published: Optional[date] = None  # publication date, if published
    reason: str = ""  # for 未通过 / 已撤回 / 已撤销
    was_public: bool = False  # reached a public status at some point (see PUBLIC_STATUSES)


@dataclass(frozen=True)
class SkippedDay:
    day: date
    reason: str  # e.g. "国庆节、中秋节 放假", "周六", "周日"


@dataclass(frozen=True)
class Notice:
    """A 公示 notice: one per batch decision."""

    notice_id: str  # stable slug, e.g. "2025-H1"
    title: str
    batch: str
    items: tuple[str, ...]  # record IDs on notice
    start: date
    end: date  # computed: 5 working days
    skipped: tuple[SkippedDay, ...]
    meeting: str  # approving 党工委 meeting
    document_number: str
    state: str  # "未开始" | "公示中" | "公示期满"
    objection_office: str = ""
    objection_phone: str = ""
    objection_address: str = ""
    objections: tuple[str, ...] = ()  # objections received and how resolved
    approved: Optional[date] = None  # date of the approving decision (the notice's 成文日期)


@dataclass(frozen=True)
class Reward:
    record_id: str  # BG-… or JZ-…
    kind: str  # "标杆场景奖励" | "捐赠场景奖励"
    recipient: str  # credit code of investor/donor
    amount_yuan: Decimal  # exact
    derivation: tuple[str, ...]  # human-readable steps, e.g. "总投资 1,200 万元 × 非财政占比 70% × 20% = 168 万元"
    year: int
    status: str = "应兑现"  # "应兑现" | "待核定" (figures not yet confirmed by staff) | "不予奖励" | "已追回"
    reason: str = ""


@dataclass(frozen=True)
class Batch:
    batch_id: str  # "2025-H1"
    title: str
    opens: date
    closes: date
    is_open: bool


@dataclass(frozen=True)
class ProgrammeEvent:
    """对接会、路演、沙龙."""

    event_id: str
    kind: str
    title: str
    day: date
    records: tuple[str, ...] = ()
    place: str = ""


@dataclass(frozen=True)
class IntentSummary:
    """A cooperation intent (合作意向) as the public may see it: an organisation, never a person."""

    demand: str
    org: str  # organisation name
    received: date
    mode: str  # proposed cooperation mode
    supply: str = ""  # the organisation's supply on the supply list, if named
    event: str = ""  # the 对接会 where it was discussed
    chosen: Optional[date] = None  # chosen as partner on this day (as of today), else None


@dataclass
class ProgrammeState:
    today: date
    records: dict[str, RecordState] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    rewards: list[Reward] = field(default_factory=list)
    batches: list[Batch] = field(default_factory=list)
    events: list[ProgrammeEvent] = field(default_factory=list)
    plan_document: str = "晋市开管〔2025〕7号"
    # (demand, supply) pairs brought together by matchmaking (a project in lists/projects/), as of today
    matches: list[tuple[str, str]] = field(default_factory=list)
    # cooperation intents received as of today (lists/intents.yaml), by demand and date
    intents: list[IntentSummary] = field(default_factory=list)

    def status(self, record_id: str) -> RecordState:
        return self.records.get(record_id) or RecordState(record_id, "已提交")

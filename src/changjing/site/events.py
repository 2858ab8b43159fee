"""Event pages (对接会、路演、沙龙 from lists/events.yaml) and their iCalendar files (RFC 5545).

Calendars are deterministic: DTSTAMP is the event's own date, UIDs come from
event IDs, and nothing personal is in them (title, kind, place, record IDs).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..workflow import IntentSummary, ProgrammeEvent

PRODID = "-//晋城经开区应用场景建设//changjing//ZH"
UID_DOMAIN = "changjing.jincheng-kfq"
CALENDAR_FILE = "events/calendar.ics"


@dataclass
class EventView:
    event: ProgrammeEvent
    items: list  # public records on the event (site Items), in the event's order
    hidden: int  # records on the event that are not public
    intents: list[IntentSummary]
    signed: list[tuple[object, date]]  # (demand Item, signing date) on or after the event
    upcoming: bool

    @property
    def path(self) -> str:
        return f"events/{self.event.event_id}/"

    @property
    def ics(self) -> str:
        return f"events/{self.event.event_id}.ics"

    @property
    def chosen(self) -> int:
        return sum(1 for i in self.intents if i.chosen is not None)


def event_views(data) -> list[EventView]:
    """Every event, newest first, with the public records involved and its outcomes as of today."""
    out = []
    for e in sorted(data.state.events, key=lambda e: (e.day, e.event_id), reverse=True):
        items = [data.by_id[r] for r in e.records if r in data.by_id]
        signed = []
        for item in items:
            if item.kind.name != "demand":
                continue
            day = next((h.day for h in item.state.history if h.label == "签约" and h.day >= e.day), None)
            if day is not None:
                signed.append((item, day))
        out.append(EventView(e, items, len(e.records) - len(items),
                             [i for i in data.state.intents if i.event == e.event_id], signed, e.day >= data.today))
    return out


# -- iCalendar ------------------------------------------------------------------------------

def _text(value: str) -> str:
    """RFC 5545 §3.3.11 TEXT escaping."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF and a space; never inside a character."""
    out, current = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current)
            current = b""
        current += b
    out.append(current)
    return "\r\n ".join(part.decode("utf-8") for part in out)


def _vevent(v: EventView, site_url: str) -> list[str]:
    e = v.event
    described = [f"{e.kind}：{e.title}"]
    if v.items:
        described.append("展示的记录：" + "、".join(f"{i.id} {i.title}" for i in v.items))
    return ["BEGIN:VEVENT",
            f"UID:{e.event_id}@{UID_DOMAIN}",
            f"DTSTAMP:{e.day.strftime('%Y%m%d')}T000000Z",
            f"DTSTART;VALUE=DATE:{e.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(e.day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_text(f'{e.kind}：{e.title}')}",
            *([f"LOCATION:{_text(e.place)}"] if e.place else []),
            f"DESCRIPTION:{_text(chr(10).join(described))}",
            f"CATEGORIES:{_text(e.kind)}",
            f"URL:{site_url}{v.path}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT"]


def calendar(views: list[EventView], *, site_url: str, name: str) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{_text(PRODID)}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_text(name)}", "X-WR-TIMEZONE:Asia/Shanghai"]
    for v in sorted(views, key=lambda v: (v.event.day, v.event.event_id)):
        lines += _vevent(v, site_url)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(x) for x in lines) + "\r\n").encode("utf-8")

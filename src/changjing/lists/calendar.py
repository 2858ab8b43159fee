"""Working days (工作日) by the State Council's yearly holiday schedule.

The schedule for a year comes from the maintained ``holidays`` package (its
China calendar records the make-up working days) unless staff have written
lists/calendar/<year>.yaml, which then replaces the library for that year.
A computation that needs a year neither source has confirmed fails closed
with :class:`CalendarGap`: guessing a holiday schedule would publish a wrong
deadline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Iterable

import holidays

from .models import CalendarYear

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class CalendarGap(Exception):
    """A working-day computation reached a year without a confirmed schedule."""

    def __init__(self, year: int):
        super().__init__(year)
        self.year = year

    @property
    def message(self) -> str:
        return (f"{self.year} 年的节假日安排尚未确认，无法计算工作日。请在国务院办公厅公布安排后，"
                f"新建 lists/calendar/{self.year}.yaml 录入放假日期和调休上班日期。")


def library_years() -> frozenset[int]:
    """Years whose schedule (make-up days included) the installed holidays package records."""
    try:
        from holidays.countries.china import ChinaStaticHolidays

        last = max(ChinaStaticHolidays.special_public_holidays)
    except (ImportError, AttributeError, ValueError):  # pragma: no cover - library layout changed
        return frozenset()
    return frozenset(range(2004, last + 1))


@lru_cache(maxsize=64)
def _library_year(year: int) -> tuple[dict[date, str], frozenset[date]]:
    cal = holidays.country_holidays("CN", years=year, language="zh_CN")
    names = {d: n for d, n in cal.items() if d.year == year}
    return names, frozenset(d for d in cal.weekend_workdays if d.year == year)


_QUALIFIER = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")


def festival_name(name: str) -> str:
    """A festival's own name without a qualifier: 清明节（补假） and 清明节 are the same festival."""
    while _QUALIFIER.search(name):
        name = _QUALIFIER.sub("", name)
    return name.strip()


@dataclass(frozen=True)
class Day:
    day: date
    working: bool
    reason: str  # why a day is (not) a working day, e.g. "周六", "春节 假期", "调休上班"


class WorkCalendar:
    def __init__(self, overrides: Iterable[CalendarYear] = (), known_years: Iterable[int] | None = None):
        self.overrides = {c.year: c for c in overrides}
        self.library = frozenset(library_years() if known_years is None else known_years)
        self._cache: dict[int, tuple[dict[date, str], dict[date, str]]] = {}

    # -- what is confirmed ------------------------------------------------------------
    def confirmed(self, year: int) -> bool:
        return year in self.overrides or year in self.library

    def source(self, year: int) -> str:
        if year in self.overrides:
            return f"lists/calendar/{year}.yaml（{self.overrides[year].source}）"
        return "holidays 程序库（国务院办公厅节假日安排）" if year in self.library else "无"

    def _year(self, year: int) -> tuple[dict[date, str], dict[date, str]]:
        """(holidays → name, make-up working days → name) of a confirmed year."""
        if year not in self._cache:
            if year in self.overrides:
                spec = self.overrides[year]
                off: dict[date, str] = {}
                for span in spec.holidays:
                    d = span.start
                    while d <= span.end:
                        off[d] = span.name
                        d += timedelta(days=1)
                on = {w.date: w.name for w in spec.workdays}
            elif year in self.library:
                off, makeup = _library_year(year)
                on = {d: "" for d in makeup}
            else:
                raise CalendarGap(year)
            self._cache[year] = (off, on)
        return self._cache[year]

    # -- single days ------------------------------------------------------------------
    def is_workday(self, d: date) -> bool:
        off, on = self._year(d.year)
        if d in on:
            return True
        if d in off:
            return False
        return d.weekday() < 5

    def explain(self, d: date) -> Day:
        off, on = self._year(d.year)
        weekday = WEEKDAY_NAMES[d.weekday()]
        if d in on:
            return Day(d, True, f"调休上班（{weekday}）")
        if d in off or d.weekday() >= 5:
            festival = self._festival_around(d)
            if festival:
                return Day(d, False, f"{festival} 假期" + (f"（{weekday}）" if d.weekday() >= 5 else ""))
            return Day(d, False, weekday)
        return Day(d, True, weekday)

    def _festival_around(self, d: date) -> str:
        """The festival names of the run of consecutive days off that contains ``d``."""
        def off_day(day: date) -> bool:
            try:
                return not self.is_workday(day)
            except CalendarGap:  # the run reaches an unconfirmed year: stop there
                return False

        start = d
        while off_day(start - timedelta(days=1)) and (d - start).days < 15:
            start -= timedelta(days=1)
        end = d
        while off_day(end + timedelta(days=1)) and (end - d).days < 15:
            end += timedelta(days=1)
        names: list[str] = []
        cur = start
        while cur <= end:
            off, _ = self._year(cur.year)
            raw = off.get(cur, "")
            name = festival_name(raw)
            if name and "调休" not in raw and name not in names:
                names.append(name)
            cur += timedelta(days=1)
        if any("春节" in n for n in names):  # New Year's Eve is part of the Spring Festival break
            names = [n for n in names if "除夕" not in n]
        return "、".join(names)

    # -- counting ---------------------------------------------------------------------
    def nth_working_day(self, start: date, n: int, *, include_start: bool) -> date:
        """The n-th working day counting from ``start`` (itself included when it is a working day
        and ``include_start``), or from the day after it."""
        if n < 1:
            raise ValueError("n must be positive")
        d = start if include_start else start + timedelta(days=1)
        count = 0
        while True:
            if self.is_workday(d):
                count += 1
                if count == n:
                    return d
            d += timedelta(days=1)

    def skipped(self, start: date, end: date) -> list[Day]:
        """Days from start to end (inclusive) that are not working days, with the reason."""
        out = []
        d = start
        while d <= end:
            if not self.is_workday(d):
                out.append(self.explain(d))
            d += timedelta(days=1)
        return out

    def counted(self, start: date, end: date) -> list[Day]:
        out = []
        d = start
        while d <= end:
            if self.is_workday(d):
                out.append(self.explain(d))
            d += timedelta(days=1)
        return out

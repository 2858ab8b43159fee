"""Working days (工作日): a hand-computed table, a cross-check with chinesecalendar, fail-closed years."""
from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from changjing.check import check
from changjing.lists.calendar import CalendarGap, WorkCalendar
from test_lists_support import Repo, batch, decision, entry

D = date.fromisoformat

# 公示：5 个工作日，起始日为工作日时计入。每行手工推算（2025、2026 年国务院办公厅节假日安排）。
NOTICE_CASES = [
    # start, end, why
    ("2025-09-26", "2025-10-09", "周五起；9/28（周日）调休上班计入；10/1–10/8 国庆中秋不计"),
    ("2025-10-01", "2025-10-14", "起始日在假期内不计；10/11（周六）调休上班计入"),
    ("2025-01-24", "2025-02-06", "1/26（周日）调休上班计入；1/28–2/4 春节不计"),
    ("2025-04-25", "2025-04-30", "4/27（周日）调休上班计入"),
    ("2025-04-30", "2025-05-09", "5/1–5/5 劳动节不计"),
    ("2025-12-31", "2026-01-07", "跨年：2026 年 1/1–1/3 元旦不计，1/4（周日）调休上班计入"),
    ("2026-02-13", "2026-02-26", "2/14（周六）调休上班计入；2/15–2/23 春节不计"),
    ("2026-04-02", "2026-04-09", "4/4–4/6 清明节不计"),
    ("2026-04-30", "2026-05-09", "5/1–5/5 劳动节不计；5/9（周六）调休上班计入"),
    ("2026-09-18", "2026-09-23", "9/20（周日）调休上班计入"),
    ("2026-09-24", "2026-10-08", "9/25–9/27 中秋、10/1–10/7 国庆不计"),
    ("2026-10-09", "2026-10-14", "10/10（周六）调休上班计入"),
    ("2026-11-19", "2026-11-25", "普通周末"),
]

# 审查时限：7 个工作日，自触发日的下一个工作日起算。
REVIEW_CASES = [
    ("2025-07-01", "2025-07-10", "无节假日"),
    ("2025-09-26", "2025-10-13", "9/28、10/11 调休上班计入；国庆中秋不计"),
    ("2025-04-30", "2025-05-14", "劳动节不计"),
    ("2026-02-13", "2026-03-02", "2/14、2/28（周六）调休上班计入；春节不计"),
    ("2026-09-30", "2026-10-15", "国庆不计；10/10（周六）调休上班计入"),
    ("2026-11-04", "2026-11-13", "普通周末"),
]

MAKEUP_DAYS = ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
               "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
DAYS_OFF = ["2025-01-01", "2025-01-28", "2025-02-04", "2025-05-05", "2025-10-08",
            "2026-01-02", "2026-02-23", "2026-04-06", "2026-05-05", "2026-06-19", "2026-09-25", "2026-10-07"]


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


@pytest.mark.parametrize("start,end,why", NOTICE_CASES)
def test_notice_end_table(cal, start, end, why):
    assert cal.nth_working_day(D(start), 5, include_start=True) == D(end), why


@pytest.mark.parametrize("trigger,due,why", REVIEW_CASES)
def test_review_deadline_table(cal, trigger, due, why):
    assert cal.nth_working_day(D(trigger), 7, include_start=False) == D(due), why


def _cc_nth(start: date, n: int, include_start: bool) -> date:
    d = start if include_start else start + timedelta(days=1)
    count = 0
    while True:
        if chinese_calendar.is_workday(d):
            count += 1
            if count == n:
                return d
        d += timedelta(days=1)


@pytest.mark.parametrize("start,end,why", NOTICE_CASES)
def test_table_agrees_with_chinesecalendar(start, end, why):
    assert _cc_nth(D(start), 5, True) == D(end)


def test_every_day_of_2025_and_2026_agrees_with_chinesecalendar(cal):
    d = date(2025, 1, 1)
    while d <= date(2026, 12, 31):
        assert cal.is_workday(d) == chinese_calendar.is_workday(d), d
        d += timedelta(days=1)


@pytest.mark.parametrize("day", MAKEUP_DAYS)
def test_weekend_makeup_days_are_working_days(cal, day):
    assert D(day).weekday() >= 5 and cal.is_workday(D(day))


@pytest.mark.parametrize("day", DAYS_OFF)
def test_holidays_are_not_working_days(cal, day):
    assert not cal.is_workday(D(day))


def test_skipped_days_carry_reasons(cal):
    skipped = {s.day: s.reason for s in cal.skipped(D("2025-09-26"), D("2025-10-09"))}
    assert D("2025-09-28") not in skipped  # the Sunday make-up day counts
    assert skipped[D("2025-09-27")] == "周六"
    assert "国庆节" in skipped[D("2025-10-01")] and "中秋节" in skipped[D("2025-10-06")]
    assert len(skipped) == 9
    spring = {s.day: s.reason for s in cal.skipped(D("2026-02-13"), D("2026-02-26"))}
    assert all("春节" in r for r in spring.values()) and len(spring) == 9


def test_year_without_schedule_fails_closed(cal):
    with pytest.raises(CalendarGap) as err:
        cal.nth_working_day(D("2026-12-28"), 5, include_start=True)
    assert err.value.year == 2027
    assert "lists/calendar/2027.yaml" in err.value.message
    with pytest.raises(CalendarGap):
        cal.is_workday(D("2027-03-01"))
    assert not cal.confirmed(2027) and cal.confirmed(2026)


def test_unknown_year_library_only_trusts_confirmed_years():
    # a calendar that knows no library years refuses even 2025
    with pytest.raises(CalendarGap):
        WorkCalendar(known_years=()).is_workday(D("2025-10-09"))


# A schedule typed into lists/calendar/ for a test year. The dates are invented for the test;
# real files copy the State Council's notice.
TEST_2027 = {
    "year": 2027, "source": "测试用安排（虚构）",
    "holidays": [{"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"},
                 {"name": "春节", "start": "2027-02-05", "end": "2027-02-12"}],
    "workdays": [{"date": "2027-02-13", "name": "春节"}],
}


def _notice_repo(tmp_path, start: str) -> Repo:
    repo = Repo(tmp_path)
    repo.demand("XQ-2026-0001", "2026-H2", "2026-10-10")
    repo.lists("batches/2026-H2.yaml", batch("2026-H2", "2026-09-01", "2026-10-31", records=[
        entry("XQ-2026-0001", "2026-11-02", ("通过", "2026-11-04"), ("通过", "2026-11-10"), unit="领导小组办公室")],
        decisions=[decision("2026-H2", demands=["XQ-2026-0001"], discussion="2026-11-20", approval="2026-12-20",
                            notice=start)]))
    return repo


def test_check_reports_missing_year_at_the_line_that_needs_it(tmp_path):
    repo = _notice_repo(tmp_path, "2026-12-28")
    result = check(repo.root, today=D("2026-12-29"))
    gaps = [d for d in result.diagnostics if d.code == "W-CALENDAR-MISSING"]
    assert gaps and gaps[0].is_error
    assert gaps[0].path == "lists/batches/2026-H2.yaml" and gaps[0].key.endswith("notice.start")
    assert "lists/calendar/2027.yaml" in gaps[0].message


def test_override_file_supplies_the_missing_year(tmp_path):
    repo = _notice_repo(tmp_path, "2026-12-28")
    repo.lists("calendar/2027.yaml", TEST_2027)
    prog = repo.programme("2026-12-29")
    # 12/28–12/31 are four working days; 1/1–1/3 off; 1/4 (Mon) is the fifth
    assert prog.notice_end(D("2026-12-28")) == D("2027-01-04")
    assert prog.calendar.is_workday(D("2027-02-13"))  # a make-up Saturday from the file
    assert not prog.calendar.is_workday(D("2027-02-08"))
    result = check(repo.root, today=D("2026-12-29"))
    assert not [d for d in result.diagnostics if d.code.startswith("W-CALENDAR")]


def test_next_year_warning_from_first_of_december(tmp_path):
    repo = _notice_repo(tmp_path, "2026-11-19")
    codes = lambda day: [d.code for d in check(repo.root, today=D(day)).diagnostics]  # noqa: E731
    assert "W-CALENDAR-NEXT-YEAR" not in codes("2026-11-30")
    assert "W-CALENDAR-NEXT-YEAR" in codes("2026-12-01")
    repo.lists("calendar/2027.yaml", TEST_2027)
    assert "W-CALENDAR-NEXT-YEAR" not in codes("2026-12-01")


def test_calendar_file_sanity(tmp_path):
    repo = Repo(tmp_path)
    bad = dict(TEST_2027, workdays=[{"date": "2027-02-15", "name": "春节"}])  # a Monday
    path = repo.lists("calendar/2027.yaml", bad)
    result = check(repo.root, today=D("2026-11-23"))
    found = [d for d in result.diagnostics if d.code == "W-CALENDAR-FILE"]
    assert found and found[0].path == "lists/calendar/2027.yaml"
    line = path.read_text(encoding="utf-8").splitlines()[found[0].line - 1]
    assert "2027-02-15" in line


def test_review_counting_convention_is_a_setting(tmp_path):
    repo = Repo(tmp_path)
    settings = repo.root / "lists/settings.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("review_counts_trigger_day: false", "review_counts_trigger_day: true")
                        .replace("notice_counts_start_day: true", "notice_counts_start_day: false"), encoding="utf-8")
    prog = repo.programme("2026-11-23")
    assert prog.initial_deadline(D("2025-07-01")) == D("2025-07-09")  # the trigger day now counts
    assert prog.notice_end(D("2025-09-26")) == D("2025-10-10")  # the start day no longer counts


# -- properties, cross-checked day by day with chinesecalendar --------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_CAL = WorkCalendar()


@settings(max_examples=300, deadline=None)
@given(start=st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 11, 30)), n=st.integers(1, 10),
       include=st.booleans())
def test_counting_agrees_with_chinesecalendar(start, n, include):
    end = _CAL.nth_working_day(start, n, include_start=include)
    assert end == _cc_nth(start, n, include)
    assert _CAL.is_workday(end)
    first = start if include else start + timedelta(days=1)
    assert len(_CAL.counted(first, end)) == n
    assert len(_CAL.counted(first, end)) + len(_CAL.skipped(first, end)) == (end - first).days + 1


def test_reasons_stop_at_an_unconfirmed_year():
    cal = WorkCalendar(known_years={2026})  # the New Year break backs onto 2025, which this calendar does not know
    assert cal.explain(date(2026, 1, 3)).reason == "元旦 假期（周六）"

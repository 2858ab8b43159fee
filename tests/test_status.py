"""Derived status: the legal path step by step, every illegal sequence, 三新 validity, conflict rule."""
from __future__ import annotations

from datetime import date

import pytest

from changjing.check import check
from changjing.cli import main
from changjing.lists.status import derive_record
from changjing.lists.state import build_state
from changjing.workflow import STATUSES
from test_lists_support import AFFILIATED, PROVIDER, Repo, batch, decision, entry, evaluation, notice_pair_repo, rated

D = date.fromisoformat
OFFICE = "领导小组办公室"


def w_codes(root, today: str, severity_error: bool | None = None) -> list[tuple[str, str, int, str]]:
    out = []
    for d in check(root, today=D(today)).diagnostics:
        if d.code.startswith("W-") and (severity_error is None or d.is_error == severity_error):
            out.append((d.code, d.path, d.line, d.message))
    return out


def codes(root, today: str) -> set[str]:
    return {c for c, *_ in w_codes(root, today, severity_error=True)}


def full_path_repo(tmp_path) -> Repo:
    """One demand and one supply through every step up to 标杆."""
    repo = notice_pair_repo(tmp_path, published="2025-10-10")
    repo.lists("projects/XQ-2025-0001.yaml", {
        "demand": "XQ-2025-0001", "supplies": ["GJ-2025-0001"], "matchmaking_started": "2025-10-15",
        "mode": "揭榜挂帅", "partners": [{"name": "晋城慧眼视觉科技有限公司", "credit_code": PROVIDER}],
        "signed": "2025-10-24", "tasks": [{"who": "供给方", "what": "安装调试", "due": "2025-11-15"}],
        "responsibilities": [{"who": "经发部", "what": "跟踪进度", "due": "2025-11-30"}],
        "completed": "2025-11-18", "accepted": "2025-12-10"})
    repo.case("BG-2026-01", "XQ-2025-0001", "GJ-2025-0001", "2025-11-18", (238, "万元"))
    repo.lists("evaluations/2026.yaml", evaluation(2026, [rated("BG-2026-01", (238, "万元"))]))
    repo.lists("certifications.yaml", {"certifications": [
        {"supply": "GJ-2025-0001", "decision": "2025-H1", "approved": "2025-10-10", "document_number": "晋开场景〔2025〕4号"}]})
    return repo


WALK = [
    ("2025-06-30", "已提交"),
    ("2025-07-01", "初审中"),
    ("2025-07-08", "专家评审中"),
    ("2025-07-15", "待审定"),
    ("2025-09-19", "待审定"),  # approved, 公示 not started yet
    ("2025-09-26", "公示中"),
    ("2025-10-09", "公示中"),  # the last day of the 公示
    ("2025-10-10", "已发布"),
    ("2025-10-15", "对接中"),
    ("2025-10-24", "建设中"),
    ("2025-11-18", "已建成"),
    ("2026-03-06", "已建成"),  # evaluated by the leadership group: the 党工委 has not approved yet
    ("2026-03-13", "标杆"),
]


@pytest.mark.parametrize("today,status", WALK)
def test_the_legal_path_day_by_day(tmp_path, today, status):
    repo = full_path_repo(tmp_path)
    prog = repo.programme(today)
    assert derive_record(prog, "XQ-2025-0001").status == status
    assert derive_record(prog, "GJ-2025-0001").status == status
    assert status in STATUSES


def test_full_path_checks_clean_and_history_is_ordered(tmp_path):
    repo = full_path_repo(tmp_path)
    assert w_codes(repo.root, "2026-11-23") == []
    state = build_state(repo.root, D("2026-11-23"))
    rec = state.records["XQ-2025-0001"]
    days = [e.day for e in rec.history]
    assert days == sorted(days)
    labels = [e.label for e in rec.history]
    for label in ("提交申报", "受理", "初审通过", "专家评审通过", "党工委审定通过", "公示开始", "公示期满", "发布",
                  "开始对接", "签约", "建成", "验收", "评为标杆"):
        assert label in labels
    assert rec.published == D("2025-10-10")
    assert state.records["BG-2026-01"].status == "标杆"
    notice = state.notices[0]
    assert (notice.start, notice.end, notice.state) == (D("2025-09-26"), D("2025-10-09"), "公示期满")
    assert notice.objection_phone == "0356-2226000"
    assert D("2025-09-28") not in {s.day for s in notice.skipped}
    # same inputs and date, same answer
    assert build_state(repo.root, D("2026-11-23")) == state


def test_deadlines_and_overdue(tmp_path):
    repo = full_path_repo(tmp_path)
    prog = repo.programme("2025-07-03")
    st = derive_record(prog, "XQ-2025-0001")
    assert st.status == "初审中" and st.next_deadline.day == D("2025-07-10") and not st.next_deadline.overdue
    # the review that will happen on 07-08 has not happened on 07-03: and on 07-11 a late review is overdue
    batch_file = repo.root / "lists/batches/2025-H1.yaml"
    text = batch_file.read_text(encoding="utf-8")
    batch_file.write_text(text.replace("date: '2025-07-08'", "date: '2025-07-14'"), encoding="utf-8")
    prog = repo.programme("2025-07-11")
    st = derive_record(prog, "XQ-2025-0001")
    assert st.status == "初审中" and st.next_deadline.overdue
    warnings = w_codes(repo.root, "2025-07-11", severity_error=False)
    assert any(c == "W-OVERDUE" and "尚未完成" in m for c, _, _, m in warnings)
    # once done late, it stays a warning about lateness
    warnings = w_codes(repo.root, "2026-11-23", severity_error=False)
    assert any(c == "W-OVERDUE" and "晚于时限 2025-07-10" in m for c, _, _, m in warnings)


def test_overdue_command(tmp_path, capsys):
    repo = Repo(tmp_path)
    repo.demand("XQ-2026-0004", "2026-H2", "2026-09-25")
    repo.lists("batches/2026-H2.yaml", batch("2026-H2", "2026-09-01", "2026-10-31", records=[
        entry("XQ-2026-0004", "2026-11-02", ("通过", "2026-11-04"), unit=OFFICE)]))
    assert main(["overdue", "--root", str(repo.root), "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "XQ-2026-0004" in out and "专家评审" in out and "2026-11-13" in out
    assert main(["overdue", "--root", str(repo.root), "--today", "2026-11-13"]) == 0
    assert "没有超期" in capsys.readouterr().out


def test_status_and_notice_commands(tmp_path, capsys):
    repo = full_path_repo(tmp_path)
    assert main(["status", "XQ-2025-0001", "--root", str(repo.root), "--today", "2025-09-29"]) == 0
    out = capsys.readouterr().out
    assert "公示中" in out and "公示结束 2025-10-09" in out
    assert main(["status", "XQ-9999-0001", "--root", str(repo.root), "--today", "2025-09-29"]) == 1
    capsys.readouterr()
    assert main(["notice", "plan", "--start", "2025-09-26", "--root", str(repo.root)]) == 0
    out = capsys.readouterr().out
    assert "2025-10-09" in out and "国庆节" in out and "2025-09-28（调休上班" in out
    assert main(["notice", "plan", "--start", "2026-12-28", "--root", str(repo.root)]) == 1
    assert "lists/calendar/2027.yaml" in capsys.readouterr().out


# -- illegal sequences --------------------------------------------------------------------------

def _one(tmp_path, records, decisions=(), supply=False, provider=PROVIDER) -> Repo:
    repo = Repo(tmp_path)
    if supply:
        repo.supply("GJ-2025-0001", "2025-H1", "2025-04-10", provider=provider)
    else:
        repo.demand("XQ-2025-0001", "2025-H1", "2025-04-08")
    repo.lists("batches/2025-H1.yaml", batch("2025-H1", "2025-04-01", "2025-06-30", records, decisions))
    return repo


ILLEGAL = {
    "expert review without 初审": (
        [entry("XQ-2025-0001", "2025-07-01", None, ("通过", "2025-07-15"), unit=OFFICE)], [], "W-SEQ-EXPERT"),
    "expert review after a failed 初审": (
        [entry("XQ-2025-0001", "2025-07-01", ("不通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE)], [], "W-SEQ-EXPERT"),
    "expert review before 初审": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-07"), unit=OFFICE)], [], "W-SEQ-EXPERT"),
    "初审 before acceptance": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-06-28"), None, unit=OFFICE)], [], "W-SEQ-INITIAL"),
    "approval without expert review": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), None, unit=OFFICE)],
        [decision("2025-H1", ["XQ-2025-0001"], discussion="2025-08-20", approval="2025-09-19")], "W-SEQ-APPROVAL"),
    "approval after a failed expert review": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("不通过", "2025-07-15"), unit=OFFICE)],
        [decision("2025-H1", ["XQ-2025-0001"], discussion="2025-08-20", approval="2025-09-19")], "W-SEQ-APPROVAL"),
    "approval without leadership discussion": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE)],
        [decision("2025-H1", ["XQ-2025-0001"], approval="2025-09-19")], "W-SEQ-APPROVAL"),
    "approval before the expert review": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE)],
        [decision("2025-H1", ["XQ-2025-0001"], discussion="2025-07-10", approval="2025-07-11")], "W-SEQ-APPROVAL"),
    "公示 before approval": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE)],
        [decision("2025-H1", ["XQ-2025-0001"], discussion="2025-08-20", approval="2025-09-19", notice="2025-09-18")],
        "W-SEQ-NOTICE"),
    "公示 without approval": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE)],
        [decision("2025-H1", ["XQ-2025-0001"], discussion="2025-08-20", notice="2025-09-26")], "W-SEQ-NOTICE"),
    "publication on the last 公示 day": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE)],
        [decision("2025-H1", ["XQ-2025-0001"], discussion="2025-08-20", approval="2025-09-19", notice="2025-09-26",
                  published="2025-10-09")], "W-SEQ-PUBLISH"),
    "publication without 公示": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE)],
        [decision("2025-H1", ["XQ-2025-0001"], discussion="2025-08-20", approval="2025-09-19", published="2025-10-10")],
        "W-SEQ-PUBLISH"),
    "publication with an unresolved objection": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE)],
        [decision("2025-H1", ["XQ-2025-0001"], discussion="2025-08-20", approval="2025-09-19", notice="2025-09-26",
                  published="2025-10-10", objections=[{"received": "2025-09-29", "summary": "异议",
                                                       "records": ["XQ-2025-0001"]}])], "W-SEQ-PUBLISH"),
    "rejected and also on the list": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE)],
        [decision("2025-H1", ["XQ-2025-0001"], discussion="2025-08-20", approval="2025-09-19", notice="2025-09-26",
                  published="2025-10-10", rejected=[("XQ-2025-0001", "党工委审定", "不同意")])], "W-REJECT"),
    "rejected by the 党工委 without an approval": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE)],
        [decision("2025-H1", discussion="2025-08-20", rejected=[("XQ-2025-0001", "党工委审定", "不同意")])], "W-REJECT"),
    "not put forward without a discussion": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE)],
        [decision("2025-H1", rejected=[("XQ-2025-0001", "领导小组研究", "不提请")])], "W-REJECT"),
    "everything rejected but still on 公示": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE)],
        [decision("2025-H1", discussion="2025-08-20", approval="2025-09-19", notice="2025-09-26",
                  rejected=[("XQ-2025-0001", "党工委审定", "不同意")])], "W-REJECT"),
    "rejected at approval without an expert review": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), None, unit=OFFICE)],
        [decision("2025-H1", discussion="2025-08-20", approval="2025-09-19",
                  rejected=[("XQ-2025-0001", "党工委审定", "不同意")])], "W-SEQ-APPROVAL"),
    "rejected in one decision, listed in the next": (
        [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE)],
        [decision("2025-H1-1", discussion="2025-08-20", rejected=[("XQ-2025-0001", "领导小组研究", "不提请")]),
         decision("2025-H1-2", ["XQ-2025-0001"], discussion="2025-08-27", approval="2025-09-19")], "W-DUPLICATE"),
    "rejection of a record the batch never accepted": (
        [], [decision("2025-H1", discussion="2025-08-20", rejected=[("XQ-2025-0001", "领导小组研究", "不提请")])],
        "W-BATCH"),
    "decision lists a record the batch never accepted": (
        [], [decision("2025-H1", ["XQ-2025-0001"], discussion="2025-08-20", approval="2025-09-19")], "W-BATCH"),
}


@pytest.mark.parametrize("name", list(ILLEGAL))
def test_illegal_sequences_are_errors(tmp_path, name):
    records, decisions, code = ILLEGAL[name]
    repo = _one(tmp_path, records, decisions)
    found = [(c, p, line, m) for c, p, line, m in w_codes(repo.root, "2026-11-23", severity_error=True) if c == code]
    assert found, f"{name}: expected {code}, got {w_codes(repo.root, '2026-11-23')}"
    code_, path, line, message = found[0]
    assert path == "lists/batches/2025-H1.yaml" and line > 1
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_publication_message_names_the_earliest_day(tmp_path):
    records, decisions, _ = ILLEGAL["publication on the last 公示 day"]
    repo = _one(tmp_path, records, decisions)
    msg = [m for c, _, _, m in w_codes(repo.root, "2026-11-23") if c == "W-SEQ-PUBLISH"][0]
    assert "2025-10-09 结束" in msg and "最早 2025-10-10" in msg


def test_illegal_status_does_not_advance(tmp_path):
    records, decisions, _ = ILLEGAL["publication on the last 公示 day"]
    repo = _one(tmp_path, records, decisions)
    # the period ended, the publication before its end does not count: past the notice, not published
    assert derive_record(repo.programme("2026-11-23"), "XQ-2025-0001").status == "待发布"


def _published_repo(tmp_path) -> Repo:
    records = [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE)]
    decisions = [decision("2025-H1", ["XQ-2025-0001"], discussion="2025-08-20", approval="2025-09-19",
                          notice="2025-09-26", published="2025-10-10")]
    return _one(tmp_path, records, decisions)


PROJECT_BASE = {"demand": "XQ-2025-0001", "matchmaking_started": "2025-10-15", "mode": "揭榜挂帅",
                "partners": [{"name": "揭榜方"}], "tasks": [{"who": "甲", "what": "做", "due": "2025-12-01"}],
                "responsibilities": [{"who": "乙", "what": "管", "due": "2025-12-01"}]}


@pytest.mark.parametrize("change,code", [
    ({"matchmaking_started": "2025-10-09"}, "W-SEQ-PROJECT"),  # before publication
    ({"signed": "2025-10-10"}, "W-SEQ-PROJECT"),  # signed before matchmaking
    ({"completed": "2025-11-18"}, "W-SEQ-PROJECT"),  # built but never signed
    ({"signed": "2025-10-20", "completed": "2025-11-18", "accepted": "2025-11-01"}, "W-SEQ-PROJECT"),
    ({"signed": "2025-10-20", "tasks": []}, "W-PROJECT-SIGNED"),  # no task list
])
def test_project_sequence(tmp_path, change, code):
    repo = _published_repo(tmp_path)
    repo.lists("projects/XQ-2025-0001.yaml", dict(PROJECT_BASE, **change))
    assert code in codes(repo.root, "2026-11-23")


def test_project_before_publication_of_an_unpublished_demand(tmp_path):
    repo = _one(tmp_path, [entry("XQ-2025-0001", "2025-07-01", unit=OFFICE)])
    repo.lists("projects/XQ-2025-0001.yaml", PROJECT_BASE)
    assert "W-SEQ-PROJECT" in codes(repo.root, "2026-11-23")
    assert derive_record(repo.programme("2026-11-23"), "XQ-2025-0001").status == "初审中"


def test_fiscal_demand_needs_procurement_law_mode(tmp_path):
    repo = _published_repo(tmp_path)
    repo.demand("XQ-2025-0001", "2025-H1", "2025-04-08", fiscal=100, mode="政府采购")
    repo.lists("projects/XQ-2025-0001.yaml", dict(PROJECT_BASE, signed="2025-10-20", mode="市场化商洽"))
    assert "W-PROJECT-SIGNED" in codes(repo.root, "2026-11-23")


def test_benchmark_that_was_never_built(tmp_path):
    repo = full_path_repo(tmp_path)
    project = repo.root / "lists/projects/XQ-2025-0001.yaml"
    text = project.read_text(encoding="utf-8")
    project.write_text("\n".join(line for line in text.splitlines()
                                 if not line.startswith(("completed", "accepted"))) + "\n", encoding="utf-8")
    found = [m for c, p, _, m in w_codes(repo.root, "2026-11-23") if c == "W-SEQ-BENCHMARK"]
    assert found and "没有建成记录" in found[0]
    prog = repo.programme("2026-11-23")
    assert derive_record(prog, "XQ-2025-0001").status == "建设中"
    assert derive_record(prog, "BG-2026-01").status == "已提交"


def test_benchmark_evaluates_last_years_projects(tmp_path):
    repo = full_path_repo(tmp_path)
    (repo.root / "lists/evaluations/2026.yaml").unlink()
    repo.lists("evaluations/2027.yaml", {"year": 2027, "date": "2027-03-01", "meeting": "领导小组会议",
                                         "results": [{"record": "BG-2026-01", "result": "标杆"}]})
    found = [m for c, _, _, m in w_codes(repo.root, "2026-11-23") if c == "W-SEQ-BENCHMARK"]
    assert found and "2026 年建成的项目" in found[0]


def test_failed_reviews_and_upheld_objection(tmp_path):
    repo = Repo(tmp_path)
    for i in (1, 2, 3):
        repo.demand(f"XQ-2025-000{i}", "2025-H1", "2025-04-08")
    repo.lists("batches/2025-H1.yaml", batch("2025-H1", "2025-04-01", "2025-06-30", records=[
        entry("XQ-2025-0001", "2025-07-01", ("不通过", "2025-07-08"), unit=OFFICE),
        entry("XQ-2025-0002", "2025-07-01", ("通过", "2025-07-08"), ("不通过", "2025-07-15"), unit=OFFICE),
        entry("XQ-2025-0003", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE),
    ], decisions=[decision("2025-H1", ["XQ-2025-0003"], discussion="2025-08-20", approval="2025-09-19",
                           notice="2025-09-26", published="2025-10-10", objections=[
                               {"received": "2025-09-29", "summary": "知识产权争议", "records": ["XQ-2025-0003"],
                                "resolution": "异议成立", "resolved": "2025-10-09", "upheld": True}])]))
    prog = repo.programme("2026-11-23")
    states = {rid: derive_record(prog, rid) for rid in ("XQ-2025-0001", "XQ-2025-0002", "XQ-2025-0003")}
    assert all(s.status == "未通过" for s in states.values())
    assert "初审" in states["XQ-2025-0001"].reason and "专家评审" in states["XQ-2025-0002"].reason
    assert "异议" in states["XQ-2025-0003"].reason
    assert w_codes(repo.root, "2026-11-23", severity_error=True) == []


def _rejection_repo(tmp_path) -> Repo:
    """XQ-1 not put forward by the leadership group, XQ-2 not approved by the 党工委, XQ-3 approved and published."""
    repo = Repo(tmp_path)
    for i in (1, 2, 3):
        repo.demand(f"XQ-2025-000{i}", "2025-H1", "2025-04-08")
    repo.lists("batches/2025-H1.yaml", batch("2025-H1", "2025-04-01", "2025-06-30", records=[
        entry(f"XQ-2025-000{i}", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE) for i in (1, 2, 3)
    ], decisions=[decision("2025-H1", ["XQ-2025-0003"], discussion="2025-08-20", approval="2025-09-19",
                           notice="2025-09-26", published="2025-10-10", rejected=[
                               ("XQ-2025-0001", "领导小组研究", "与已发布需求重复"),
                               ("XQ-2025-0002", "党工委审定", "资金来源尚未落实")])]))
    return repo


def test_rejection_by_the_leadership_group_or_the_party_committee(tmp_path):
    repo = _rejection_repo(tmp_path)
    assert w_codes(repo.root, "2026-11-23") == []
    before = repo.programme("2025-08-19")
    assert {derive_record(before, f"XQ-2025-000{i}").status for i in (1, 2, 3)} == {"待审定"}
    between = repo.programme("2025-08-20")  # discussed, not yet approved
    assert derive_record(between, "XQ-2025-0001").status == "未通过"
    assert derive_record(between, "XQ-2025-0002").status == "待审定"
    state = build_state(repo.root, D("2026-11-23"))
    one, two, three = (state.records[f"XQ-2025-000{i}"] for i in (1, 2, 3))
    assert one.status == two.status == "未通过" and three.status == "已发布"
    assert one.reason == "领导小组研究决定不提请审定：与已发布需求重复"
    assert two.reason == "党工委审定未通过：资金来源尚未落实"
    assert (one.history[-1].day, one.history[-1].label) == (D("2025-08-20"), "领导小组研究决定不提请审定")
    assert (two.history[-1].day, two.history[-1].label) == (D("2025-09-19"), "党工委审定未通过")
    assert "领导小组研究" in [e.label for e in two.history]
    assert one.published is None and two.published is None
    assert state.notices[0].items == ("XQ-2025-0003",)  # a rejected record is on no notice


def _objection_after_publication(tmp_path) -> Repo:
    records = [entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-15"), unit=OFFICE)]
    decisions = [decision("2025-H1", ["XQ-2025-0001"], discussion="2025-08-20", approval="2025-09-19",
                          notice="2025-09-26", published="2025-10-10", objections=[
                              {"received": "2025-11-03", "summary": "反映需求方场地已另作他用", "records": ["XQ-2025-0001"],
                               "resolution": "经核查属实，异议成立", "resolved": "2025-11-14", "upheld": True}])]
    return _one(tmp_path, records, decisions)


def test_objection_upheld_after_publication_needs_a_revocation(tmp_path):
    repo = _objection_after_publication(tmp_path)
    found = [(c, m) for c, *_, m in w_codes(repo.root, "2026-11-23", severity_error=True)]
    assert [c for c, _ in found] == ["W-OBJECTION-PUBLISHED"]  # not W-SEQ-PUBLISH: it came after publication
    assert "lists/withdrawals.yaml" in found[0][1] and "2025-11-14" in found[0][1]
    st = derive_record(repo.programme("2026-11-23"), "XQ-2025-0001")
    assert st.status == "已发布" and st.published == D("2025-10-10")  # never back to 未通过 once published
    assert ("发布后异议成立", D("2025-11-14")) in [(e.label, e.day) for e in st.history]
    notice = build_state(repo.root, D("2026-11-23")).notices[0]
    assert notice.objections[0].startswith("2025-11-03 收到（发布后）")
    repo.lists("withdrawals.yaml", {"withdrawals": [
        {"record": "XQ-2025-0001", "kind": "撤销", "date": "2025-11-20", "reason": "发布后异议成立：需求方场地已另作他用"}]})
    assert w_codes(repo.root, "2026-11-23", severity_error=True) == []
    st = derive_record(repo.programme("2026-11-23"), "XQ-2025-0001")
    assert st.status == "已撤销" and "异议成立" in st.reason


def test_objection_received_before_publication_still_blocks_it(tmp_path):
    repo = _objection_after_publication(tmp_path)
    text = (repo.root / "lists/batches/2025-H1.yaml").read_text(encoding="utf-8")
    (repo.root / "lists/batches/2025-H1.yaml").write_text(text.replace("2025-11-03", "2025-09-29"), encoding="utf-8")
    found = codes(repo.root, "2026-11-23")
    assert {"W-SEQ-PUBLISH", "W-OBJECTION-PUBLISHED"} <= found


def test_withdrawal_and_revocation(tmp_path):
    repo = full_path_repo(tmp_path)
    repo.lists("withdrawals.yaml", {"withdrawals": [
        {"record": "GJ-2025-0001", "kind": "撤回", "date": "2025-10-12", "reason": "申报方申请撤回"},
        {"record": "XQ-2025-0001", "kind": "撤销", "date": "2026-05-01", "reason": "材料造假", "fraud": True,
         "clawback": {"amount": {"amount": 47.6, "unit": "万元"}, "date": "2026-06-01", "document_number": "晋开场景〔2026〕9号"}},
    ]})
    prog = repo.programme("2026-11-23")
    assert derive_record(prog, "GJ-2025-0001").status == "已撤回"
    xq = derive_record(prog, "XQ-2025-0001")
    assert xq.status == "已撤销" and xq.reason == "材料造假"
    assert derive_record(repo.programme("2026-04-30"), "XQ-2025-0001").status == "标杆"


def test_unsubmitted_record_in_batch_is_already_submitted_status(tmp_path):
    repo = Repo(tmp_path)
    repo.demand("XQ-2026-0006", "2026-H2", "2026-10-28")
    repo.lists("batches/2026-H2.yaml", batch("2026-H2", "2026-09-01", "2026-10-31"))
    assert derive_record(repo.programme("2026-11-23"), "XQ-2026-0006").status == "已提交"


def test_reference_and_batch_mismatch(tmp_path):
    repo = Repo(tmp_path)
    repo.demand("XQ-2025-0001", "2025-H2", "2025-10-08")
    repo.lists("batches/2025-H1.yaml", batch("2025-H1", "2025-04-01", "2025-06-30", records=[
        entry("XQ-2025-0001", "2025-07-01"), entry("XQ-2025-0099", "2025-07-01")]))
    found = codes(repo.root, "2026-11-23")
    assert {"W-REF", "W-BATCH"} <= found


# -- the conflict rule ---------------------------------------------------------------------------

@pytest.mark.parametrize("provider,unit,ok", [
    (AFFILIATED, "市光机电产业协调服务中心", False),  # the centre may not review its own affiliate
    (AFFILIATED, OFFICE, True),
    (PROVIDER, OFFICE, False),  # 三新 items go to the centre
    (PROVIDER, "市光机电产业协调服务中心", True),
])
def test_reviewer_conflict_rule(tmp_path, provider, unit, ok):
    repo = _one(tmp_path, [entry("GJ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), unit=unit)],
                supply=True, provider=provider)
    assert ("W-REVIEWER" in codes(repo.root, "2025-07-09")) is not ok


# -- 三新 validity ----------------------------------------------------------------------------------

def test_certification_expiry(tmp_path):
    repo = full_path_repo(tmp_path)
    prog = repo.programme("2027-10-09")
    cert = derive_record(prog, "GJ-2025-0001").certification
    assert cert.approved == D("2025-10-10") and cert.expires == D("2027-10-09") and not cert.expired
    cert = derive_record(repo.programme("2027-10-10"), "GJ-2025-0001").certification
    assert cert.expired


def test_reapplying_while_valid_is_refused(tmp_path):
    repo = full_path_repo(tmp_path)
    repo.supply("GJ-2026-0001", "2026-H2", "2026-09-05")  # same provider, same title
    repo.lists("batches/2026-H2.yaml", batch("2026-H2", "2026-09-01", "2026-10-31",
                                             records=[entry("GJ-2026-0001", "2026-11-02")]))
    found = [m for c, _, _, m in w_codes(repo.root, "2026-11-23") if c == "W-SANXIN-REAPPLY"]
    assert found and "2027-10-09" in found[0]


def test_reapplying_after_expiry_is_allowed(tmp_path):
    repo = full_path_repo(tmp_path)
    repo.supply("GJ-2027-0001", "2027-H2", "2027-10-12")
    repo.lists("batches/2027-H2.yaml", batch("2027-H2", "2027-10-01", "2027-10-31",
                                             records=[entry("GJ-2027-0001")]))
    assert "W-SANXIN-REAPPLY" not in {c for c, *_ in w_codes(repo.root, "2026-11-23")}


def test_certification_must_come_from_the_decision(tmp_path):
    repo = full_path_repo(tmp_path)
    repo.lists("certifications.yaml", {"certifications": [
        {"supply": "GJ-2025-0001", "decision": "2025-H1", "approved": "2025-09-01", "document_number": "x"},
        {"supply": "GJ-2025-0001", "decision": "2030-H1", "approved": "2025-10-10", "document_number": "x"}]})
    assert sum(1 for c, *_ in w_codes(repo.root, "2026-11-23") if c == "W-SANXIN") == 2


# -- lists/ files themselves -------------------------------------------------------------------------

def test_schema_errors_in_lists_point_at_the_line(tmp_path):
    repo = Repo(tmp_path)
    repo.demand("XQ-2025-0001", "2025-H1", "2025-04-08")
    path = repo.root / "lists/batches/2025-H1.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("id: 2025-H1\ntitle: 上半年\nopens: 2025-04-01\ncloses: 2025-06-31\nrecords:\n"
                    "  - record: XQ-2025-0001\n    initial_review:\n      result: 同意\n", encoding="utf-8")
    diags = [d for d in check(repo.root, today=D("2026-11-23")).diagnostics if d.path == "lists/batches/2025-H1.yaml"]
    by_code = {d.code: d for d in diags}
    assert by_code["S-DATE"].line == 4
    assert by_code["S-ENUM"].line == 8 and "通过、不通过" in by_code["S-ENUM"].message
    assert "S-MISSING" in by_code


def test_stray_and_misnamed_files(tmp_path):
    repo = Repo(tmp_path)
    (repo.root / "lists/notes.txt").write_text("x", encoding="utf-8")
    repo.lists("batches/2025-H2.yaml", batch("2025-H1", "2025-04-01", "2025-06-30"))
    found = codes(repo.root, "2026-11-23")
    assert {"W-FILE-PLACE", "W-FILE-NAME"} <= found


def test_no_lists_folder_means_no_lists_diagnostics(tmp_path):
    repo = Repo(tmp_path)
    import shutil

    shutil.rmtree(repo.root / "lists")
    assert w_codes(repo.root, "2026-11-23") == []
    assert build_state(repo.root, D("2026-11-23")).records == {}


def test_missing_settings(tmp_path):
    repo = Repo(tmp_path)
    (repo.root / "lists/settings.yaml").unlink()
    (repo.root / "lists/events.yaml").write_text("events: []\n", encoding="utf-8")
    assert "W-SETTINGS-MISSING" in codes(repo.root, "2026-11-23")


def test_check_of_given_paths_reports_lists_only_for_lists_targets(tmp_path):
    records, decisions, _ = ILLEGAL["公示 before approval"]
    repo = _one(tmp_path, records, decisions)
    only_submission = check(repo.root, ["submissions/demand/XQ-2025-0001.yaml"], today=D("2026-11-23"))
    # the response-deadline stage judges a demand file on its own (a new demand in a pull request)
    assert not [d for d in only_submission.diagnostics
                if d.code.startswith("W-") and not d.code.startswith("W-REPLY-DEADLINE")]
    with_batch = check(repo.root, ["lists/batches/2025-H1.yaml"], today=D("2026-11-23"))
    assert "W-SEQ-NOTICE" in {d.code for d in with_batch.diagnostics}
    folder = check(repo.root, ["lists"], today=D("2026-11-23"))
    assert "W-SEQ-NOTICE" in {d.code for d in folder.diagnostics}


def test_status_only_moves_forward_as_days_pass(tmp_path):
    from datetime import timedelta

    repo = full_path_repo(tmp_path)
    order = {s: i for i, s in enumerate(STATUSES)}
    previous = {}
    day = D("2025-04-01")
    while day <= D("2026-12-31"):
        prog = repo.programme(day)
        for rid in ("XQ-2025-0001", "GJ-2025-0001", "BG-2026-01"):
            status = derive_record(prog, rid).status
            assert order[status] >= previous.get(rid, 0), (rid, day, status)
            previous[rid] = order[status]
        day += timedelta(days=3)

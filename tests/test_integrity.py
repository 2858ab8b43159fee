"""Rules between records (issue 9): certifications, live records, status order, batches, evaluations, routing.

Each test is a hand-built repository naming the section of 晋市开管〔2025〕7号 (seed 000) it encodes.
"""
from __future__ import annotations

from datetime import date

import pytest

from changjing.check import check
from changjing.cli import main
from changjing.lists.calendar import WorkCalendar
from changjing.lists.rewards import compute_rewards
from changjing.lists.status import derive_record
from test_lists_support import AFFILIATED, PROVIDER, Repo, batch, entry, evaluation, pair_batch, rated, write_yaml
from test_status import full_path_repo

D = date.fromisoformat
OFFICE = "领导小组办公室"


def found(repo: Repo, code: str, today: str = "2026-11-23"):
    return [d for d in check(repo.root, today=D(today)).diagnostics if d.code == code]


def objection(record: str, upheld: bool = True) -> dict:
    return {"received": "2025-09-29", "summary": "知识产权争议", "records": [record],
            "resolution": "异议成立" if upheld else "异议不成立", "resolved": "2025-10-09", "upheld": upheld}


# -- 9.2 a 三新 certification follows its record (附件3 三(五); §七(五)) ---------------------------

def test_certification_ends_with_a_revocation(tmp_path):
    repo = full_path_repo(tmp_path)
    repo.lists("withdrawals.yaml", {"withdrawals": [
        {"record": "GJ-2025-0001", "kind": "撤销", "date": "2026-05-01", "reason": "资格不符"}]})
    before = derive_record(repo.programme("2026-04-30"), "GJ-2025-0001").certification
    assert before.valid and not before.ended
    after = derive_record(repo.programme("2026-11-23"), "GJ-2025-0001").certification
    assert not after.valid and "已撤销" in after.ended and not after.expired


def test_certification_ends_with_an_upheld_objection(tmp_path):
    repo = full_path_repo(tmp_path)
    repo.lists("batches/2025-H1.yaml", pair_batch("2025-10-10", objections=[objection("GJ-2025-0001")]))
    st = derive_record(repo.programme("2026-11-23"), "GJ-2025-0001")
    assert st.status == "未通过" and st.certification is not None and not st.certification.valid
    assert "未通过" in st.certification.ended


def test_certification_inside_the_notice_period_is_an_error(tmp_path):
    """公示 2025-09-26 … 10-09 (5 working days around 国庆): a certification dated 10-09 is inside it."""
    repo = full_path_repo(tmp_path)
    assert not found(repo, "W-SANXIN-NOTICE")
    repo.lists("certifications.yaml", {"certifications": [
        {"supply": "GJ-2025-0001", "decision": "2025-H1", "approved": "2025-10-09", "document_number": "晋开场景〔2025〕4号"}]})
    hits = found(repo, "W-SANXIN-NOTICE")
    assert hits and "2025-10-09" in hits[0].message and hits[0].is_error


def _reapply_repo(tmp_path, title: str, ip: str | None, certified: bool = True) -> Repo:
    repo = full_path_repo(tmp_path)
    if not certified:
        (repo.root / "lists/certifications.yaml").unlink()
    repo.supply("GJ-2025-0001", "2025-H1", "2025-04-10", ip="ZL202410001234.5")
    repo.supply("GJ-2026-0001", "2026-H1", "2026-03-10", title=title, ip=ip)
    repo.lists("batches/2026-H1.yaml", batch("2026-H1", "2026-03-01", "2026-04-30", records=[
        entry("GJ-2026-0001", "2026-05-06")]))
    return repo


@pytest.mark.parametrize("title,ip,repeat", [
    ("光学元件表面缺陷视觉检测系统", None, True),  # same name
    ("光学元件 表面缺陷·视觉检测系统", None, True),  # same name, other spacing and punctuation
    ("镜片瑕疵智能识别装置", "ZL202410001234.5", True),  # changed title, same patent
    ("镜片瑕疵智能识别装置", None, False),  # another item
])
def test_re_review_detects_the_same_item(tmp_path, title, ip, repeat):
    repo = _reapply_repo(tmp_path, title, ip)
    assert bool(found(repo, "W-SANXIN-REAPPLY")) is repeat


def test_concurrent_application_of_the_same_item(tmp_path):
    repo = _reapply_repo(tmp_path, "镜片瑕疵智能识别装置", "ZL202410001234.5", certified=False)
    repo.lists("batches/2025-H1.yaml", batch("2025-H1", "2025-04-01", "2025-06-30", records=[
        entry("GJ-2025-0001", "2025-07-01", ("通过", "2025-07-08"))]))
    hits = found(repo, "W-SANXIN-REAPPLY")
    assert hits and "尚未有结果" in hits[0].message


# -- 9.3 matchmaking and cases use live records only (§四8–10) --------------------------------------

def test_project_started_after_the_demand_was_withdrawn(tmp_path):
    repo = full_path_repo(tmp_path)
    repo.lists("withdrawals.yaml", {"withdrawals": [
        {"record": "XQ-2025-0001", "kind": "撤回", "date": "2025-10-12", "reason": "调整计划"}]})
    hits = found(repo, "W-PROJECT-LIVE")
    assert hits and "2025-10-12" in hits[0].message and hits[0].path == "lists/projects/XQ-2025-0001.yaml"
    # a withdrawal after the project was built is history, not an error
    repo.lists("withdrawals.yaml", {"withdrawals": [
        {"record": "XQ-2025-0001", "kind": "撤回", "date": "2026-06-01", "reason": "调整计划"}]})
    assert not found(repo, "W-PROJECT-LIVE")


def test_project_on_a_supply_rejected_at_notice(tmp_path):
    """The batch was published on 10-10, but this supply's objection was upheld: it was never published."""
    repo = full_path_repo(tmp_path)
    repo.lists("batches/2025-H1.yaml", pair_batch("2025-10-10", objections=[objection("GJ-2025-0001")]))
    hits = found(repo, "W-PROJECT-LIVE")
    assert hits and "GJ-2025-0001" in hits[0].message and "从未发布" in hits[0].message


def test_case_supply_must_be_the_projects(tmp_path):
    repo = full_path_repo(tmp_path)
    repo.supply("GJ-2025-0002", "2025-H1", "2025-04-11")
    repo.case("BG-2026-01", "XQ-2025-0001", "GJ-2025-0002", "2025-11-18", (238, "万元"))
    hits = found(repo, "W-CASE-PROJECT")
    assert hits and "GJ-2025-0002" in hits[0].message


# -- 9.6 status stops at the last legal step ------------------------------------------------------------

def test_expert_review_before_initial_review_stops_the_status(tmp_path):
    repo = Repo(tmp_path)
    repo.demand("XQ-2025-0001", "2025-H1", "2025-04-08")
    repo.lists("batches/2025-H1.yaml", batch("2025-H1", "2025-04-01", "2025-06-30", records=[
        entry("XQ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), ("通过", "2025-07-04"), unit=OFFICE)]))
    assert derive_record(repo.programme("2025-07-20"), "XQ-2025-0001").status == "专家评审中"
    assert found(repo, "W-SEQ-EXPERT", "2025-07-20")


def test_notice_before_approval_stops_at_pending_approval(tmp_path):
    repo = full_path_repo(tmp_path)
    repo.lists("batches/2025-H1.yaml", pair_batch(None, notice="2025-09-12"))
    assert derive_record(repo.programme("2025-09-25"), "XQ-2025-0001").status == "待审定"
    assert found(repo, "W-SEQ-NOTICE", "2025-09-25")


# -- 9.8 batches are half-years (§四5; 附件3 三(一)) ---------------------------------------------------

def test_first_half_batch_with_a_september_window(tmp_path):
    repo = Repo(tmp_path)
    repo.lists("batches/2026-H1.yaml", batch("2026-H1", "2026-09-01", "2026-09-30"))
    hits = found(repo, "W-BATCH-HALF")
    assert len(hits) == 2 and "2026-01-01 至 2026-06-30" in hits[0].message
    repo.lists("batches/2026-H1.yaml", batch("2026-H1", "2026-03-01", "2026-04-30"))
    assert not found(repo, "W-BATCH-HALF")


# -- 9.9 a benchmark needs its 党工委 approval (§四11) ---------------------------------------------------

def test_evaluation_without_approval(tmp_path):
    repo = full_path_repo(tmp_path)
    repo.lists("evaluations/2026.yaml", evaluation(2026, [rated("BG-2026-01", (238, "万元"))], approval=None))
    prog = repo.programme("2026-11-23")
    assert derive_record(prog, "BG-2026-01").status == "待审定"
    assert derive_record(prog, "XQ-2025-0001").status == "已建成"
    assert compute_rewards(prog) == []
    assert found(repo, "W-EVALUATION-APPROVAL")


def test_evaluation_late_in_the_year_is_a_warning(tmp_path):
    repo = full_path_repo(tmp_path)
    ev = evaluation(2026, [rated("BG-2026-01", (238, "万元"))], approval="2026-09-20")
    ev["date"] = "2026-09-10"
    repo.lists("evaluations/2026.yaml", ev)
    hits = found(repo, "W-EVALUATION-TIMING")
    assert hits and not hits[0].is_error


def test_case_is_not_public_before_evaluation(tmp_path):
    """Issue 8 item 11: a case on a finished project is 已提交 (not public) until staff evaluate it."""
    repo = full_path_repo(tmp_path)
    (repo.root / "lists/evaluations/2026.yaml").unlink()
    st = derive_record(repo.programme("2026-11-23"), "BG-2026-01")
    assert st.status == "已提交" and not st.was_public


# -- 9.10 conflict-of-interest routing is a staff fact (附件3 三(二)) ------------------------------------

def _reviewed(tmp_path, provider: str, unit: str, site: bool = True) -> Repo:
    repo = Repo(tmp_path)
    repo.supply("GJ-2025-0001", "2025-H1", "2025-04-10", provider=provider)
    repo.lists("batches/2025-H1.yaml", batch("2025-H1", "2025-04-01", "2025-06-30", records=[
        entry("GJ-2025-0001", "2025-07-01", ("通过", "2025-07-08"), unit=unit, site_check=site)]))
    return repo


def test_affiliation_comes_from_lists_not_the_org_file(tmp_path):
    repo = _reviewed(tmp_path, AFFILIATED, "市光机电产业协调服务中心")
    assert found(repo, "W-REVIEWER", "2025-07-09")  # recorded by staff: the centre may not review
    write_yaml(repo.root, "lists/affiliations.yaml", {"gjd_center": []})
    assert not found(repo, "W-REVIEWER", "2025-07-09")  # not recorded: the centre reviews
    # the org file cannot declare it any more
    org = repo.root / f"submissions/orgs/{AFFILIATED}.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "affiliated_with_gjd_center: true\n", encoding="utf-8")
    assert [d.code for d in check(repo.root, today=D("2025-07-09")).diagnostics if d.path == org.relative_to(repo.root).as_posix()] == ["S-UNKNOWN-FIELD"]


def test_sanxin_initial_review_records_the_site_check(tmp_path):
    repo = _reviewed(tmp_path, PROVIDER, "市光机电产业协调服务中心", site=False)
    hits = found(repo, "W-SITE-CHECK", "2025-07-09")
    assert hits and hits[0].is_error


# -- 9.12 small things ------------------------------------------------------------------------------------

def test_partner_credit_code_check_character(tmp_path):
    repo = full_path_repo(tmp_path)
    assert not found(repo, "W-CREDIT-CODE")
    project = repo.root / "lists/projects/XQ-2025-0001.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace(PROVIDER, PROVIDER[:-1] + "X"), encoding="utf-8")
    hits = found(repo, "W-CREDIT-CODE")
    assert hits and "校验位" in hits[0].message


def test_holiday_names_are_not_doubled():
    """2026: 清明节 04-05 and 清明节（补假） 04-06 are one festival."""
    reasons = {d.reason for d in WorkCalendar().skipped(date(2026, 4, 4), date(2026, 4, 6))}
    assert reasons == {"清明节 假期（周六）", "清明节 假期（周日）", "清明节 假期"}


def test_rewards_command_says_fen(tmp_path, capsys):
    repo = full_path_repo(tmp_path)
    assert main(["rewards", "--root", str(repo.root), "--today", "2026-11-23"]) == 0
    assert "应兑现合计：476,000 元（47.6 万元）（1 笔，精确到分）" in capsys.readouterr().out


def test_event_showing_a_supply_rejected_at_notice(tmp_path):
    """§四8: only published records are shown at matchmaking events; a supply whose objection was upheld never was."""
    repo = full_path_repo(tmp_path)
    repo.lists("batches/2025-H1.yaml", pair_batch("2025-10-10", objections=[objection("GJ-2025-0001")]))
    repo.lists("events.yaml", {"events": [{"id": "roadshow-2025", "kind": "路演", "title": "光机电路演",
                                           "date": "2025-11-20", "records": ["XQ-2025-0001", "GJ-2025-0001"]}]})
    hits = found(repo, "W-EVENT")
    assert [h.key for h in hits] == ["events.0.records.1"]

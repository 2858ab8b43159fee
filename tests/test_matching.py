"""供需对接: ranking quality, reasons, the match command, its cache and the invitation sheets."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from changjing.index import Index
from changjing.matching.engine import ENDED, load_profiles
from changjing.matching.evaluate import evaluate
from changjing.matching.measures import meets, quantity
from changjing.lists.state import build_state

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-23"
MOBILE = re.compile(r"1[3-9]\d{9}")


def run_match(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "changjing.cli", "match", *args, "--root", str(root),
                           "--today", TODAY], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})


# -- quality -----------------------------------------------------------------------------------

@pytest.mark.parametrize("group", ["pairs", "with hard pairs"])
@pytest.mark.parametrize("keywords", [True, False], ids=["keywords", "no keywords"])
def test_ranking_beats_plain_jieba_bm25_on_top1_of_the_evaluation_set(group, keywords):
    """Both groups of the evaluation set (the harder one adds near misses: same machine, other problem),
    with the records' keywords as written and left empty: better than the baseline on top-1 from demands
    to supplies, never worse the other way."""
    data = yaml.safe_load((ROOT / "benchmarks/match_eval.yaml").read_text(encoding="utf-8"))
    assert len(data["pairs"]) >= 20
    pairs, extra = data["pairs"], data["distractor_supplies"]
    if group == "with hard pairs":
        pairs, extra = pairs + data["hard_pairs"], extra + data["near_miss_supplies"]
    result = evaluate(pairs, list(load_profiles(Index(ROOT)).values()), extra, keywords=keywords)
    ours, base = result["需求→供给"]["本项目"], result["需求→供给"]["基线"]
    assert ours.top1 > base.top1
    assert ours.top3 >= base.top3
    back = result["供给→需求"]
    assert back["本项目"].top1 >= back["基线"].top1


@pytest.mark.parametrize("target, value, expected", [
    ("≤ 10 μm", "5 μm", True), ("≤ 10 μm", "0.02 mm", False), ("≥ 99.5%", "99.7%", True),
    ("≥ 99.5%", "98%", False), ("≤ 1 分钟", "30 秒", True), ("≤ 1.2 秒/片", "0.8 秒", True),
    ("不低于 95%", "97%", True), ("≤ 10 μm", "5 秒", None), ("约 10 台", "8 台", None)])
def test_an_indicator_meets_a_target_only_when_comparable(target, value, expected):
    assert meets(target, value) is expected


def test_quantities_convert_units_of_one_dimension():
    assert quantity("≤ 1 分钟").number == quantity("60 秒").number


# -- the command -----------------------------------------------------------------------------

def test_match_json_ranks_every_unended_record_of_the_other_kind(sample_copy):
    proc = run_match(sample_copy, "XQ-2025-0001", "--json")
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert found[0]["record_id"] == "GJ-2025-0001"
    assert all(set(m) == {"record_id", "score", "reasons"} for m in found)
    assert [m["score"] for m in found] == sorted((m["score"] for m in found), reverse=True)
    state = build_state(sample_copy, date.fromisoformat(TODAY))
    supplies = {rid for rid in Index(sample_copy).ids("supply") if state.status(rid).status not in ENDED}
    assert {m["record_id"] for m in found} == supplies  # every stage, not only published ones
    assert any(state.status(m["record_id"]).status == "已提交" for m in found)
    reasons = found[0]["reasons"]
    assert any(r.startswith("指标满足：需求要求最小可检缺陷尺寸 ≤ 10 μm") for r in reasons)
    assert "同属光机电产业链“视觉系统”" in reasons


def test_match_never_suggests_an_ended_record(sample_copy):
    # XQ-2025-0009 is 已撤回
    found = json.loads(run_match(sample_copy, "GJ-2025-0009", "--json").stdout)
    assert found and "XQ-2025-0009" not in {m["record_id"] for m in found}


def test_match_text_output_and_top(sample_copy):
    proc = run_match(sample_copy, "XQ-2025-0012", "--top", "2")
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0].startswith("XQ-2025-0012 标准化厂房电气火灾智能预警（对接中）")
    assert len(re.findall(r"^\s+\d+\. ", proc.stdout, re.M)) == 2
    assert "共同关键词：消防、电气火灾" in proc.stdout


def test_match_unknown_id_is_a_clear_error(sample_copy):
    proc = run_match(sample_copy, "XQ-2025-9999")
    assert proc.returncode == 1
    assert "没有编号为「XQ-2025-9999」的需求或供给" in proc.stderr


def test_the_cache_answers_again_and_sees_every_change(sample_copy):
    first = run_match(sample_copy, "XQ-2025-0001", "--json").stdout
    cache = sample_copy / ".cache/changjing/match-index.npz"
    assert cache.exists()
    assert run_match(sample_copy, "XQ-2025-0001", "--json").stdout == first
    # an edit of a candidate shows at once
    path = sample_copy / "submissions/supply/GJ-2026-0005.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("keywords:", "keywords:\n  - 光学元件\n  - 缺陷检测\n  - 机器视觉", 1), encoding="utf-8")
    again = json.loads(run_match(sample_copy, "XQ-2025-0001", "--json").stdout)
    before = {m["record_id"]: m["score"] for m in json.loads(first)}
    after = {m["record_id"]: m["score"] for m in again}
    assert after["GJ-2026-0005"] > before["GJ-2026-0005"]
    # a withdrawal in lists/ removes the record from the candidates
    w = sample_copy / "lists/withdrawals.yaml"
    w.write_text(w.read_text(encoding="utf-8") + "  - record: GJ-2026-0005\n    kind: 撤回\n    date: 2026-11-20\n"
                 "    reason: 申报单位主动撤回\n", encoding="utf-8")
    gone = json.loads(run_match(sample_copy, "XQ-2025-0001", "--json").stdout)
    assert "GJ-2026-0005" not in {m["record_id"] for m in gone}


def test_a_corrupt_cache_is_rebuilt(sample_copy):
    cache = sample_copy / ".cache/changjing"
    cache.mkdir(parents=True)
    (cache / "match-files.json").write_text("{not json", encoding="utf-8")
    (cache / "match-index.npz").write_bytes(b"PK\x03\x04 not really a zip")
    proc = run_match(sample_copy, "XQ-2025-0001", "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)[0]["record_id"] == "GJ-2025-0001"
    assert json.loads((cache / "match-files.json").read_text(encoding="utf-8"))["files"]
    assert run_match(sample_copy, "XQ-2025-0001", "--json").stdout == proc.stdout


def test_match_imports_no_other_stage():
    # `changjing match ID` registers only its own subcommand: no site, lists or mkdocs code is imported
    code = ("import sys; from changjing.cli import build_parser; build_parser('match'); "
            "print(sorted(m for m in sys.modules if m.startswith(('changjing.site', 'changjing.lists', "
            "'changjing.prcheck', 'mkdocs', 'holidays', 'pydantic', 'jieba'))))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


# -- sheets -------------------------------------------------------------------------------------

def test_event_sheet_lists_whom_to_invite_and_why_and_is_byte_identical(sample_copy, tmp_path):
    import openpyxl

    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for out in (a, b):
        proc = run_match(sample_copy, "--event", "2025-10-duijiehui", "--out", str(out))
        assert proc.returncode == 0, proc.stderr
    assert a.read_bytes() == b.read_bytes()
    wb = openpyxl.load_workbook(a)
    assert wb.sheetnames == ["对接建议", "邀请名单"]
    rows = list(wb["对接建议"].iter_rows(values_only=True))
    assert rows[0][:4] == ("记录编号", "记录名称", "单位", "建议对接编号")
    first = [r for r in rows[1:] if r[0] == "XQ-2025-0001"][0]
    assert first[3] == "GJ-2025-0001" and first[6] == "是" and "共同关键词" in first[8]
    invite = list(wb["邀请名单"].iter_rows(values_only=True))
    roles = {r[2] for r in invite[1:]}
    assert roles == {"需求方", "供给方"}
    text = "\n".join(str(c) for ws in wb for r in ws.iter_rows(values_only=True) for c in r if c is not None)
    assert not MOBILE.search(text) and "0356-" not in text  # no phone numbers at all


def test_only_strong_suggestions_bring_an_invitation(sample_copy, tmp_path):
    import openpyxl

    out = tmp_path / "salon.xlsx"
    assert run_match(sample_copy, "--event", "2026-05-shalong", "--out", str(out)).returncode == 0
    wb = openpyxl.load_workbook(out)
    suggested = list(wb["对接建议"].iter_rows(values_only=True))[1:]
    strong = {r[5] for r in suggested if r[7] >= 30} | {r[2] for r in suggested}
    weak = {r[5] for r in suggested} - strong
    invited = {r[0] for r in list(wb["邀请名单"].iter_rows(values_only=True))[1:]}
    assert weak and not weak & invited  # listed as suggestions, not invited
    on_event = {r[2] for r in suggested}
    assert on_event <= invited  # every owner of a record on the event is invited
    assert "晋城金匠智能装备有限公司" in invited


def test_batch_sheet_and_errors(sample_copy, tmp_path):
    out = tmp_path / "batch.xlsx"
    proc = run_match(sample_copy, "--batch", "2025-H2", "--out", str(out))
    assert proc.returncode == 0 and out.exists()
    assert run_match(sample_copy, "--event", "no-such-event").returncode == 1
    assert "没有编号为「no-such-event」的活动" in run_match(sample_copy, "--event", "no-such-event").stderr
    assert run_match(sample_copy, "--batch", "2030-H1").returncode == 1
    assert run_match(sample_copy).returncode == 2


def test_column_scores_are_the_scores_of_pair():
    # rank() scores every candidate at once over the corpus columns; pair() is the definition
    import numpy as np

    from changjing.matching.engine import Matcher
    from changjing.matching.rank import pair, scores

    profiles = load_profiles(Index(ROOT), build_state(ROOT, date.fromisoformat(TODAY)))
    matcher = Matcher(profiles)
    checked = 0
    for query in profiles.values():
        corpus = matcher.corpus("supply" if query.kind == "demand" else "demand")
        raw = corpus.text_scores(query.terms)
        norm = raw / raw.max() if raw.size and raw.max() > 0 else raw
        together = scores(query, corpus, norm, np.arange(len(corpus)))
        for i in range(len(corpus)):
            one = pair(query, corpus.profile(i), float(norm[i]), corpus, explain=False)
            assert round(float(together[i]), 1) == one.score, (query.record_id, corpus.ids[i])
            checked += 1
    assert checked > 500

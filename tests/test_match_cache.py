"""The match cache never answers differently from a cold run, and reads again only what changed.

Every step edits a real git checkout of the sample data the way staff and applicants do (edit, add,
delete, rename, break, fix, withdraw, a new day, a checkout that only touches files), then compares
the cached answer for every demand and supply with the answer of the cold pipeline (all records
parsed, statuses from build_state) computed afresh.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

import changjing.records
from changjing.matching import cache as match_cache
from changjing.matching.cache import FILES, INDEX, WORDS, load_answer
from changjing.index import Index
from changjing.lists.state import build_state
from changjing.matching.engine import Matcher, load_profiles

TODAY = date(2026, 11, 23)
ROOT = Path(__file__).resolve().parent.parent


def answers(matcher: Matcher, orgs: dict[str, str]) -> dict:
    out = {}
    for rid in sorted(matcher.profiles):
        p = matcher.profiles[rid]
        ranked = [(m.record_id, m.score, m.reasons, matcher.profiles[m.record_id].status,
                   orgs.get(matcher.profiles[m.record_id].org)) for m in matcher.match(rid)]
        out[rid] = (p.title, p.status, p.chain, orgs.get(p.org), ranked)
    return out


def cold(root: Path, today: date = TODAY) -> dict:
    """The answer without any cache: every record parsed, statuses from build_state."""
    index = Index(root)
    orgs = {r.model.credit_code: r.model.name for r in index.records("org") if r.model is not None}
    return answers(Matcher(load_profiles(index, build_state(root, today, index))), orgs)


def cached(root: Path, today: date = TODAY) -> dict:
    a = load_answer(root, today)
    return answers(Matcher(a.profiles, a.corpora), a.orgs)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})


@pytest.fixture
def repo(sample_copy: Path) -> Path:
    (sample_copy / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    git(sample_copy, "init", "-q")
    git(sample_copy, "add", "-A")
    git(sample_copy, "commit", "-q", "-m", "sample")
    return sample_copy


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The record files the cache parses (load_record is what parses and validates one file)."""
    seen: list[str] = []
    real = changjing.records.load_record

    def counting(kind, raw, relpath):
        seen.append(relpath)
        return real(kind, raw, relpath)

    monkeypatch.setattr(changjing.records, "load_record", counting)
    return seen


@pytest.fixture
def derivations(monkeypatch) -> list[int]:
    import changjing.lists.status as status

    calls: list[int] = []
    real = status.load_programme

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(status, "load_programme", counting)
    return calls


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_kind_of_change_gives_the_cold_answer(repo: Path, parses: list[str]):
    assert cached(repo) == cold(repo)  # first call: everything parsed, both cache files written
    assert (repo / FILES).exists() and (repo / INDEX).exists()
    parses.clear()
    assert cached(repo) == cold(repo)
    parses.clear()
    cached(repo)
    assert parses == []  # a current cache parses nothing

    sub = repo / "submissions"
    # an applicant edits the text of a demand: only that file is parsed again
    edit(sub / "demand/XQ-2025-0001.yaml", "依靠人工在暗室灯检", "依靠人工在暗室灯检，光学元件检测系统亟待引入")
    parses.clear()
    got = cached(repo)
    assert parses == ["submissions/demand/XQ-2025-0001.yaml"]
    assert got == cold(repo)

    # an organisation changes its chain: its demands' chains (and reasons) follow
    edit(sub / "orgs/91140500MA0M3R6G1F.yaml", "chain: 视觉系统", "chain: 新材料")
    before = cold(repo)
    assert cached(repo) == before and before["XQ-2025-0001"][2] == "新材料"

    # a new supply, then a deleted one
    new = (sub / "supply/GJ-2025-0001.yaml").read_text(encoding="utf-8")
    (sub / "supply/GJ-2026-0099.yaml").write_text(
        new.replace("id: GJ-2025-0001", "id: GJ-2026-0099").replace("光学元件表面缺陷", "镜片暗室灯检替代")
        .replace("submitted: 2025-04-10", "submitted: 2026-04-10").replace("batch: 2025-H1", "batch: 2026-H1"),
        encoding="utf-8")
    got = cached(repo)
    assert got == cold(repo) and any(m[0] == "GJ-2026-0099" for m in got["XQ-2025-0001"][4])
    (sub / "supply/GJ-2025-0003.yaml").unlink()
    got = cached(repo)
    assert got == cold(repo) and "GJ-2025-0003" not in got

    # a renamed record (git mv and a new ID inside)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "edits")
    git(repo, "mv", "submissions/supply/GJ-2025-0002.yaml", "submissions/supply/GJ-2026-0098.yaml")
    edit(sub / "supply/GJ-2026-0098.yaml", "id: GJ-2025-0002", "id: GJ-2026-0098")
    got = cached(repo)
    assert got == cold(repo) and "GJ-2026-0098" in got and "GJ-2025-0002" not in got

    # a file that stops passing validation drops out; fixed, it comes back
    edit(sub / "supply/GJ-2025-0004.yaml", "provider:", "provider_typo:")
    got = cached(repo)
    assert got == cold(repo) and "GJ-2025-0004" not in got
    edit(sub / "supply/GJ-2025-0004.yaml", "provider_typo:", "provider:")
    got = cached(repo)
    assert got == cold(repo) and "GJ-2025-0004" in got


def test_staff_decisions_and_the_date_are_followed(repo: Path, derivations: list[int]):
    assert cached(repo) == cold(repo)
    # an edit of a demand's text leaves every status as it was: not derived again
    edit(repo / "submissions/demand/XQ-2025-0002.yaml", "title: ", "title: 改写的")
    derivations.clear()
    got = cached(repo)
    assert derivations == []
    assert got == cold(repo)
    # a withdrawal in lists/ ends a supply: statuses are derived again
    w = repo / "lists/withdrawals.yaml"
    w.write_text(w.read_text(encoding="utf-8") + "  - record: GJ-2025-0001\n    kind: 撤回\n    date: 2026-11-20\n"
                 "    reason: 申报单位主动撤回\n", encoding="utf-8")
    derivations.clear()
    got = cached(repo)
    assert len(derivations) == 1
    assert got == cold(repo)
    assert got["GJ-2025-0001"][1] == "已撤回"
    assert all(m[0] != "GJ-2025-0001" for m in got["XQ-2025-0001"][4])
    # another day: the same files, other statuses
    assert cached(repo, date(2025, 9, 1)) == cold(repo, date(2025, 9, 1))
    assert cached(repo, date(2025, 9, 1)) != cached(repo)


def test_a_checkout_that_only_touches_files_parses_nothing(repo: Path, parses: list[str]):
    first = cached(repo)
    for path in (repo / "submissions").rglob("*.yaml"):
        path.write_bytes(path.read_bytes())
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    parses.clear()
    assert cached(repo) == first == cold(repo)
    assert parses == []


def test_an_edit_within_one_clock_tick_is_seen(repo: Path):
    # file times are coarse: a second edit of the same size within one tick of the first leaves
    # size and time as the cache saw them
    path = repo / "submissions/demand/XQ-2025-0001.yaml"
    edit(path, "title: 精密光学元件", "title: 精细光学元件")
    st = path.stat()
    assert cached(repo)["XQ-2025-0001"][0] == "精细光学元件表面缺陷视觉检测"
    edit(path, "title: 精细光学元件", "title: 微型光学元件")  # the same length in UTF-8
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size
    got = cached(repo)
    assert got["XQ-2025-0001"][0] == "微型光学元件表面缺陷视觉检测"
    assert got == cold(repo)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong-shape"])
def test_a_damaged_cache_is_computed_again(repo: Path, damage: str):
    expected = cached(repo)
    index, files = repo / INDEX, repo / FILES
    if damage == "garbage":
        index.write_bytes(b"not a zip")
        files.write_text("{not json", encoding="utf-8")
    elif damage == "truncated":
        index.write_bytes(index.read_bytes()[: index.stat().st_size // 2])
        files.write_bytes(files.read_bytes()[:1000])
    else:
        index.unlink()
        data = json.loads(files.read_text(encoding="utf-8"))
        data["files"] = {path: [1, 2, 3, {"x": 1}, 5] for path in data["files"]}
        files.write_text(json.dumps(data), encoding="utf-8")
    assert cached(repo) == expected == cold(repo)
    assert cached(repo) == expected  # and written again


def test_a_checkout_where_the_cache_cannot_be_written_still_answers(repo: Path):
    (repo / ".cache").write_text("a file where the cache folder would go", encoding="utf-8")
    assert cached(repo) == cold(repo)
    assert not (repo / INDEX).exists()


def test_new_code_does_not_trust_an_old_cache(repo: Path, monkeypatch, parses: list[str]):
    cached(repo)
    monkeypatch.setattr(match_cache, "code_version", lambda: "another version")
    parses.clear()
    assert cached(repo) == cold(repo)
    assert "submissions/demand/XQ-2025-0001.yaml" in parses


def test_the_cache_lives_under_git_ignored_cache(repo: Path):
    cached(repo)
    assert sorted(p.name for p in (repo / ".cache/changjing").iterdir()) == ["jieba-words.npz", "match-files.json", "match-index.npz"]
    for name in (FILES, INDEX, WORDS):  # ignored by the project's own .gitignore
        assert subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", name]).returncode == 0


def test_the_word_table_segments_exactly_as_jieba(tmp_path: Path):
    from changjing.index import Index
    from changjing.matching.text import full_tokenizer, load_word_table, save_word_table

    full = full_tokenizer()
    save_word_table(tmp_path / "words.npz")
    table = load_word_table(tmp_path / "words.npz")
    assert table is not None and table.FREQ is not full.FREQ
    texts = ["AOI 设备漏检率≤0.05%，节拍 0.8 秒/片；5G+工业互联网", "长江大桥南京市长", "Ｆｕｌｌ－width 全角 ABC123"]
    index = Index(ROOT)
    for kind in ("demand", "supply"):
        for record in index.records(kind):
            texts += [str(v) for v in record.data.values() if isinstance(v, str)]
    assert len(texts) > 200
    for text in texts:
        assert table.lcut(text) == full.lcut(text)
    assert load_word_table(tmp_path / "missing.npz") is None
    (tmp_path / "bad.npz").write_bytes(b"PK not a table")
    assert load_word_table(tmp_path / "bad.npz") is None


def test_the_command_after_an_edit_answers_as_without_a_cache(repo: Path, tmp_path: Path):
    import sys

    def match(root: Path) -> str:
        proc = subprocess.run([sys.executable, "-m", "changjing.cli", "match", "XQ-2025-0001", "--json", "--root",
                               str(root), "--today", TODAY.isoformat()], capture_output=True, text=True, check=True)
        return proc.stdout

    before = {m["record_id"]: m["score"] for m in json.loads(match(repo))}
    assert (repo / WORDS).exists()
    edit(repo / "submissions/supply/GJ-2025-0005.yaml", "keywords:", "keywords:\n  - 光学元件\n  - 缺陷检测\n  - 机器视觉")
    edited = match(repo)  # segments the edited file with the word table
    shutil.copytree(repo / "submissions", tmp_path / "plain/submissions")
    shutil.copytree(repo / "lists", tmp_path / "plain/lists")
    assert edited == match(tmp_path / "plain")
    after = {m["record_id"]: m["score"] for m in json.loads(edited)}
    assert after["GJ-2025-0005"] > before["GJ-2025-0005"]


def test_event_and_batch_sheets_from_the_cache_are_those_without_it(repo: Path, tmp_path: Path):
    import sys

    def sheet(root: Path, out: Path, *args: str) -> bytes:
        subprocess.run([sys.executable, "-m", "changjing.cli", "match", *args, "--out", str(out), "--root", str(root),
                        "--today", TODAY.isoformat()], check=True, capture_output=True)
        return out.read_bytes()

    sheet(repo, tmp_path / "first.xlsx", "--event", "2025-10-duijiehui")
    edit(repo / "submissions/supply/GJ-2025-0001.yaml", "keywords:", "keywords:\n  - 镜片灯检")
    shutil.copytree(repo / "submissions", tmp_path / "plain/submissions")
    shutil.copytree(repo / "lists", tmp_path / "plain/lists")
    for args in (("--event", "2025-10-duijiehui"), ("--batch", "2025-H2")):
        cached_sheet = sheet(repo, tmp_path / "cached.xlsx", *args)
        assert (repo / INDEX).exists()
        assert cached_sheet == sheet(tmp_path / "plain", tmp_path / "plain.xlsx", *args)

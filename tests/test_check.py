"""`changjing check` end to end on small real repositories."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from changjing.check import check
from changjing.diagnostics import escape_workflow_commands
from changjing.identifiers import make_credit_code
from changjing.index import Index
from record_factories import org_yaml

ORG = make_credit_code("91140500MA0K9999" + "1")


def demand_yaml(record_id: str = "XQ-2025-0001", owner: str = ORG, **overrides) -> str:
    fields = {
        "fiscal_share_percent": "0",
        "cooperation_mode": "市场化商洽",
        "title": "光学镜片表面缺陷视觉检测",
    }
    fields.update(overrides)
    return textwrap.dedent(f"""\
        # yaml-language-server: $schema=../../schema/demand.schema.json
        id: {record_id}
        title: {fields['title']}
        owner: {owner}
        batch: 2025-H1
        submitted: 2025-04-01
        domain: 生产制造
        application_field: 生产
        responsible_department: 经济发展与安全监管部
        pain_point: 人工目检镜片划痕，漏检率高。
        technical_requirements:
          - item: 表面缺陷自动识别
            indicator: 漏检率
            target: "≤ 0.5%"
        opens:
          site: 提供一条镜片生产线
        budget:
          amount: 80
          unit: 万元
        fiscal_share_percent: {fields['fiscal_share_percent']}
        cooperation_mode: {fields['cooperation_mode']}
        replicability: 可推广到同类光学企业
        reply_deadline: 2025-07-31
        exclusions:
          not_general_infrastructure: true
          not_traditional_it: true
          not_solo_rnd: true
          not_completed: true
        """)


def make_repo(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "changjing.cli", *args, "--root", str(root)],
                          capture_output=True, text=True, cwd=root)


@pytest.fixture
def good_repo(tmp_path):
    return make_repo(tmp_path, {
        f"submissions/orgs/{ORG}.yaml": org_yaml(ORG),
        "submissions/demand/XQ-2025-0001.yaml": demand_yaml(),
    })


def test_a_valid_repository_passes_with_exit_code_zero(good_repo):
    result = run_cli(good_repo, "check")
    assert result.returncode == 0, result.stdout
    assert "检查通过：2 个记录文件" in result.stdout


def test_problems_print_file_line_column_code_key_and_a_count(good_repo):
    (good_repo / "submissions/demand/XQ-2025-0001.yaml").write_text(
        demand_yaml(fiscal_share_percent="30"), encoding="utf-8")
    result = run_cli(good_repo, "check")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("submissions/demand/XQ-2025-0001.yaml:21:1: 错误 [R-FISCAL-MODE] cooperation_mode: ")
    assert lines[-1] == "共 1 个错误，0 个警告。"


def test_json_output_lists_the_same_diagnostics(good_repo):
    (good_repo / "submissions/demand/XQ-2025-0001.yaml").write_text(
        demand_yaml(cooperation_mode="随便谈"), encoding="utf-8")
    result = run_cli(good_repo, "check", "--json")
    assert result.returncode == 1
    items = json.loads(result.stdout)
    assert items == [{
        "path": "submissions/demand/XQ-2025-0001.yaml", "line": 21, "column": 1, "code": "S-ENUM",
        "message": items[0]["message"], "key": "cooperation_mode", "severity": "error",
    }]
    assert "揭榜挂帅" in items[0]["message"] and "随便谈" in items[0]["message"]


def test_checking_one_file_loads_only_it_and_what_it_references(good_repo):
    for i in range(2, 30):
        (good_repo / f"submissions/demand/XQ-2025-{i:04d}.yaml").write_text(demand_yaml(f"XQ-2025-{i:04d}"), encoding="utf-8")
    index = Index(good_repo)
    result = check(good_repo, ["submissions/demand/XQ-2025-0005.yaml"], index=index)
    assert result.errors == 0 and result.checked == 1
    assert sorted(index._records) == ["submissions/demand/XQ-2025-0005.yaml"]  # the org exists by file name


def test_checking_one_file_still_resolves_references_against_the_whole_repository(good_repo):
    missing = make_credit_code("91140500MA0K8888" + "1")
    (good_repo / "submissions/demand/XQ-2025-0002.yaml").write_text(demand_yaml("XQ-2025-0002", owner=missing), encoding="utf-8")
    result = check(good_repo, ["submissions/demand/XQ-2025-0002.yaml"])
    assert [(d.code, d.key) for d in result.diagnostics] == [("R-REF", "owner")]


def test_files_outside_record_folders_and_case_clashes_are_reported(good_repo):
    (good_repo / "submissions/demand/XQ-2025-0002.yml").write_text(demand_yaml("XQ-2025-0002"), encoding="utf-8")
    (good_repo / "submissions/notes.txt").write_text("x", encoding="utf-8")
    (good_repo / "submissions/demand/xq-2025-0001.yaml").write_text(demand_yaml("xq-2025-0001"), encoding="utf-8")
    result = check(good_repo)
    found = {(d.code, d.path) for d in result.diagnostics}
    assert ("F-PLACE", "submissions/demand/XQ-2025-0002.yml") in found
    assert ("F-PLACE", "submissions/notes.txt") in found
    assert ("F-ID-UNIQUE", "submissions/demand/xq-2025-0001.yaml") in found


def test_a_path_that_does_not_exist_is_an_error(good_repo):
    result = check(good_repo, ["submissions/demand/XQ-2025-0404.yaml"])
    assert [d.code for d in result.diagnostics] == ["F-NOT-FOUND"]


def test_an_eighteen_digit_credit_code_is_not_mistaken_for_a_number_or_an_id_card(tmp_path):
    digits = make_credit_code("12140500" + "123456789")
    assert digits.isdigit()
    repo = make_repo(tmp_path, {f"submissions/orgs/{digits}.yaml": org_yaml(digits).replace("type: 民营企业", "type: 事业单位")})
    assert check(repo).diagnostics == []


def test_a_workflow_command_in_submitted_text_is_printed_inert():
    assert escape_workflow_commands("::error::x\nok\n  ::set-output name=a::b") == \
        ":\u200d:error::x\nok\n  :\u200d:set-output name=a::b"


def test_new_writes_a_template_with_the_next_free_id_and_never_overwrites(tmp_path):
    make_repo(tmp_path, {"submissions/demand/XQ-2026-0003.yaml": "x: 1\n"})
    first = run_cli(tmp_path, "new", "demand", "--today", "2026-11-23")
    assert first.returncode == 0, first.stderr
    created = tmp_path / "submissions/demand/XQ-2026-0004.yaml"
    assert created.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../schema/demand.schema.json")
    again = run_cli(tmp_path, "new", "demand", "XQ-2026-0004")
    assert again.returncode == 1 and "不会覆盖" in again.stderr


def test_a_misspelt_field_or_value_gets_a_did_you_mean(good_repo):
    path = good_repo / "submissions/demand/XQ-2025-0001.yaml"
    path.write_text(demand_yaml(cooperation_mode="市场化商谈").replace("pain_point:", "pain_piont:"), encoding="utf-8")
    messages = {d.key: d.message for d in check(good_repo).diagnostics}
    assert "是否想写「pain_point」" in messages["pain_piont"]
    assert "是否想写「市场化商洽」" in messages["cooperation_mode"]


def test_github_format_prints_annotations_whose_data_cannot_start_another_command(good_repo):
    path = good_repo / "submissions/demand/XQ-2025-0001.yaml"
    path.write_text(demand_yaml(cooperation_mode='"x\\n::error::injected %0A"'), encoding="utf-8")
    result = run_cli(good_repo, "check", "--github")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=submissions/demand/XQ-2025-0001.yaml,line=21,col=1,title=S-ENUM::")
    assert "%0A::error::injected %250A" in lines[0]
    assert [ln for ln in lines if ln.startswith("::")] == lines[:1]


def test_symbolic_links_are_refused_and_never_read(good_repo, tmp_path_factory):
    secret = tmp_path_factory.mktemp("outside") / "secret.yaml"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    (good_repo / "submissions/demand/XQ-2025-0009.yaml").symlink_to(secret)
    (good_repo / "submissions/supply").symlink_to(secret.parent, target_is_directory=True)
    index = Index(good_repo)
    result = check(good_repo, index=index)
    assert {(d.code, d.path) for d in result.diagnostics} == {
        ("F-SYMLINK", "submissions/demand/XQ-2025-0009.yaml"), ("F-SYMLINK", "submissions/supply")}
    assert not any("XQ-2025-0009" in p for p in index._records)
    one = check(good_repo, ["submissions/demand/XQ-2025-0009.yaml"])
    assert "F-SYMLINK" in {d.code for d in one.diagnostics}


def test_new_never_hands_out_an_id_deleted_in_the_git_history(tmp_path):
    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.invalid")
    git("config", "user.name", "t")
    make_repo(tmp_path, {"submissions/demand/XQ-2026-0005.yaml": "x: 1\n"})
    git("add", "-A")
    git("commit", "-qm", "add")
    git("rm", "-q", "submissions/demand/XQ-2026-0005.yaml")
    git("commit", "-qm", "remove")
    result = run_cli(tmp_path, "new", "demand", "--today", "2026-11-23")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "submissions/demand/XQ-2026-0006.yaml").exists()


def test_symbolic_links_under_lists_are_refused_too(good_repo, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "events.yaml"
    outside.write_text("events: []\n", encoding="utf-8")
    (good_repo / "lists").mkdir()
    (good_repo / "lists/events.yaml").symlink_to(outside)
    assert ("F-SYMLINK", "lists/events.yaml") in {(d.code, d.path) for d in check(good_repo).diagnostics}


def test_a_parallel_check_finds_exactly_what_a_serial_check_finds(repo_root, sample_copy):
    # break a few records so that there is something to find
    demand = sample_copy / "submissions/demand/XQ-2025-0004.yaml"
    demand.write_text(demand.read_text(encoding="utf-8").replace("fiscal_share_percent: 0", "fiscal_share_percent: 50"),
                      encoding="utf-8")
    (sample_copy / "submissions/supply/GJ-2025-0002.yaml").write_text("id: [\n", encoding="utf-8")
    serial = check(sample_copy, jobs=1, today=__import__("datetime").date(2026, 11, 23))
    parallel = check(sample_copy, jobs=2, today=__import__("datetime").date(2026, 11, 23))
    assert sorted(parallel.diagnostics) == sorted(serial.diagnostics)
    assert {d.code for d in serial.diagnostics} >= {"L-SYNTAX"}

"""Identifiers are ASCII, input never becomes a path, output never becomes a workflow command
(issue 8, items 5, 6 and 9), on real repositories and through the real command line."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_prcheck_support import (APPLICANT_A, ORG_A, STAFF, commit, demand_yaml, git, make_repo,  # noqa: E402
                                  org_yaml, write)

from changjing.check import check  # noqa: E402
from changjing.diagnostics import escape_workflow_commands  # noqa: E402
from changjing import identifiers  # noqa: E402
from changjing.identifiers import credit_code_problem, make_credit_code  # noqa: E402
from changjing.prcheck import run_pr_check  # noqa: E402

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def repo_in(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return make_repo(folder)


def cli(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "changjing.cli", *args, "--root", str(root)],
                          capture_output=True, text=True, input=stdin, cwd=root)


# -- identifiers are ASCII ------------------------------------------------------------------------

@pytest.mark.parametrize("table", [FULLWIDTH, ARABIC_INDIC])
@pytest.mark.parametrize("kind,good", [("demand", "XQ-2025-0099"), ("supply", "GJ-2025-0099"), ("case", "BG-2025-09"),
                                       ("donation", "JZ-2025-09"), ("org", ORG_A)])
def test_an_identifier_with_other_digits_is_not_an_identifier(kind, good, table):
    assert identifiers.record_id_problem(kind, good) is None
    for look_alike in (good.translate(table), good[:-4] + good[-4:].translate(table)):
        assert look_alike != good
        assert identifiers.record_id_problem(kind, look_alike) is not None


def test_a_credit_code_with_full_width_digits_is_refused():
    code = make_credit_code("91140500MA0A0000A")
    assert credit_code_problem(code) is None
    assert "不允许的字符" in credit_code_problem(code.translate(FULLWIDTH))


def test_check_refuses_a_record_whose_file_name_has_full_width_digits(tmp_path):
    repo = make_repo(tmp_path)
    record_id = "XQ-2025-0099".translate(FULLWIDTH)
    write(repo, f"submissions/demand/{record_id}.yaml", demand_yaml(record_id, ORG_A))
    found = [d for d in check(repo).diagnostics if d.code == "R-ID-FORMAT"]
    assert [d.path for d in found] == [f"submissions/demand/{record_id}.yaml"]


def test_a_look_alike_of_a_deleted_id_does_not_slip_past_reuse(tmp_path):
    repo = make_repo(tmp_path)
    git(repo, "checkout", "-q", "main")
    write(repo, "submissions/demand/XQ-2025-0099.yaml", demand_yaml("XQ-2025-0099", ORG_A))
    commit(repo, "add")
    git(repo, "rm", "-q", "submissions/demand/XQ-2025-0099.yaml")
    commit(repo, "staff removed spam")
    git(repo, "checkout", "-q", "-B", "pr")
    look_alike = "XQ-2025-" + "0099".translate(FULLWIDTH)
    write(repo, f"submissions/demand/{look_alike}.yaml", demand_yaml(look_alike, ORG_A))
    commit(repo)
    for author in (APPLICANT_A, STAFF):
        found = [d for d in run_pr_check(repo, "main", author, date(2025, 7, 1)).diagnostics]
        assert [d.code for d in found] == ["P-NOT-RECORD"]


@pytest.mark.parametrize("field,value", [("batch", "20２５-H1"), ("contact.phone", "0356-２２２１２３４")])
def test_patterns_of_the_models_accept_ascii_digits_only(tmp_path, field, value):
    repo = make_repo(tmp_path)
    text = demand_yaml("XQ-2025-0003", ORG_A)
    if field == "batch":
        text = text.replace("batch: 2025-H1", f"batch: {value}")
    else:
        text += f"contact:\n  office: 科技部\n  phone: {value}\n"
    write(repo, "submissions/demand/XQ-2025-0003.yaml", text)
    found = check(repo, ["submissions/demand/XQ-2025-0003.yaml"]).diagnostics
    assert ("S-FORMAT", field) in {(d.code, d.key) for d in found}


def test_staff_lists_accept_ascii_record_ids_only(sample_copy):
    batch = next((sample_copy / "lists/batches").glob("*.yaml"))
    text = batch.read_text(encoding="utf-8")
    first = re.search(r"record: (XQ-\d{4}-(\d{4}))", text, re.ASCII)
    look_alike = first.group(1)[:-4] + first.group(2).translate(FULLWIDTH)
    batch.write_text(text.replace(first.group(0), f"record: {look_alike}", 1), encoding="utf-8")
    found = [d for d in check(sample_copy).diagnostics if d.path == f"lists/batches/{batch.name}"]
    assert "S-FORMAT" in {d.code for d in found}


@pytest.mark.parametrize("kind,last,prefix", [("supply", "GJ-2026-9999", "GJ"), ("demand", "XQ-2026-9999", "XQ"),
                                              ("case", "BG-2026-99", "BG"), ("donation", "JZ-2026-99", "JZ")])
def test_new_never_proposes_an_id_out_of_format(tmp_path, kind, last, prefix):
    repo = make_repo(tmp_path)
    folder = {"supply": "supply", "demand": "demand", "case": "cases", "donation": "donations"}[kind]
    write(repo, f"submissions/{folder}/{last}{'.md' if kind == 'case' else '.yaml'}", "x: 1\n")
    before = sorted(p.name for p in (repo / "submissions" / folder).iterdir())
    proc = cli(repo, "new", kind, "--today", "2026-11-23")
    assert proc.returncode == 2
    assert "已经用完" in proc.stderr and f"{prefix}-2026-" in proc.stderr
    assert sorted(p.name for p in (repo / "submissions" / folder).iterdir()) == before


@pytest.mark.parametrize("kind,value", [("demand", "../../../escape/XQ-2026-0001"), ("demand", "XQ-2026-0001/../x"),
                                        ("supply", "GJ-2026-" + "0001".translate(FULLWIDTH)), ("org", "../../OUT"),
                                        ("org", "/tmp/OUT"), ("case", "BG-2026-01 ")])
def test_new_refuses_an_id_that_is_not_one(tmp_path, kind, value):
    repo = repo_in(tmp_path / "w")
    proc = cli(repo, "new", kind, value)
    assert proc.returncode == 2 and "无法新建记录" in proc.stderr
    assert git(repo, "status", "--porcelain") == ""
    assert not list(tmp_path.rglob("OUT*")) and not (tmp_path / "w" / "escape").exists()


# -- form input never becomes a path -----------------------------------------------------------------

def org_form(code: str) -> str:
    return f"""### 统一社会信用代码

{code}

### 单位名称

晋城丁智能制造有限公司

### 单位类型

民营企业

### 所在区域

主区

### 所属产业

光机电

### 是否关联国家级技术中心

否

### 信用声明

- [x] 近三年未发生重大安全和环保事故
- [x] 未列入经营异常名录
- [x] 未列入严重失信主体名单

### 联系部门或岗位

市场部

### 办公电话

0356-2221234
"""


@pytest.mark.parametrize("code", ["../../../X/OUT", "../../../X/OUT".upper(), "91140500MA0D0000D/../../../OUT",
                                  make_credit_code("91140500MA0D0000D").translate(FULLWIDTH), "..", "",
                                  "91140500 MA0D 0000D\\..\\OUT"])
def test_from_issue_refuses_a_credit_code_that_would_be_a_path(tmp_path, code):
    repo = repo_in(tmp_path / "a" / "b" / "c")
    form = tmp_path / "issue.md"
    form.write_text(org_form(code), encoding="utf-8")
    proc = cli(repo, "from-issue", str(form), "--kind", "org", "--today", "2026-11-23")
    assert proc.returncode == 2, proc.stdout
    assert "无法转换表单" in proc.stdout and "检查通过" not in proc.stdout
    assert git(repo, "status", "--porcelain") == ""
    assert not [p for p in tmp_path.rglob("*OUT*")]


def test_from_issue_still_converts_a_good_form(tmp_path):
    repo = make_repo(tmp_path)
    code = make_credit_code("91140500MA0D0000D")
    form = tmp_path / "issue.md"
    form.write_text(org_form(code), encoding="utf-8")
    proc = cli(repo, "from-issue", str(form), "--kind", "org", "--today", "2026-11-23")
    assert (repo / f"submissions/orgs/{code}.yaml").is_file(), proc.stdout


def test_from_issue_refuses_an_id_that_would_be_a_path(tmp_path):
    repo = repo_in(tmp_path / "w")
    proc = cli(repo, "from-issue", "-", "--kind", "demand", "--id", "../../OUT", stdin="### 需求名称\n\n测试需求名称\n")
    assert proc.returncode == 2 and "不是有效的场景需求编号" in proc.stdout
    assert not list(tmp_path.rglob("OUT*"))


def test_from_issue_does_not_write_through_a_linked_folder(tmp_path):
    repo = repo_in(tmp_path / "w")
    outside = tmp_path / "outside"
    outside.mkdir()
    git(repo, "rm", "-r", "-q", "submissions/orgs")
    (repo / "submissions/orgs").symlink_to(outside, target_is_directory=True)
    form = tmp_path / "issue.md"
    form.write_text(org_form(make_credit_code("91140500MA0D0000D")), encoding="utf-8")
    proc = cli(repo, "from-issue", str(form), "--kind", "org", "--today", "2026-11-23")
    assert proc.returncode == 2 and "符号链接" in proc.stdout
    assert list(outside.iterdir()) == []


# -- workflow commands are neutralised in every printer ------------------------------------------------

def live_commands(text: str) -> list[str]:
    """Lines the Actions runner would run: it splits at CR, LF or CRLF; "::" starts a command at the
    start of a trimmed line, "##[" anywhere in it."""
    return [line for line in re.split(r"\r\n|\r|\n", text) if line.strip().startswith("::") or "##[" in line]


def test_escaping_covers_both_syntaxes_and_every_line_end():
    text = "ok\r::error::a\r\n  ##[error]b\nx ##[set-env name=A;]c\u3000\n\t::warning::d\n::"
    assert live_commands(text) == ["::error::a", "  ##[error]b", "x ##[set-env name=A;]c\u3000", "\t::warning::d", "::"]
    assert live_commands(escape_workflow_commands(text)) == []
    assert escape_workflow_commands("状态：已提交 → 初审中\n\t共 0 个错误") == "状态：已提交 → 初审中\n\t共 0 个错误"


def test_escaping_shows_characters_that_would_hide_or_reorder_text():
    shown = escape_workflow_commands("检查通过\r错误\x1b[8m隐藏\u202e反向\u2028行")
    assert shown == "检查通过\\u000d错误\\u001b[8m隐藏\\u202e反向\\u2028行"


HOSTILE = "XQ-2025-0001\\r::error file=x::伪造\\n##[error]伪造 ##[add-mask]y"


@pytest.fixture
def hostile_branch(tmp_path):
    repo = make_repo(tmp_path)
    text = demand_yaml("XQ-2025-0001", ORG_A).replace("id: XQ-2025-0001", f'id: "{HOSTILE}"')
    text = text.replace("domain: 生产制造", 'domain: "生产\\r::warning::伪造\\n##[group]伪造"')
    write(repo, "submissions/demand/XQ-2025-0001.yaml", text)
    write(repo, "submissions/demand/##[error]伪造.yaml", "x: 1\n")
    write(repo, "##[warning]x ::error::y", "x\n")
    commit(repo)
    return repo


def test_pr_check_prints_no_workflow_command_in_any_format(hostile_branch, tmp_path):
    summary = tmp_path / "summary.md"
    base = ["pr-check", "--base", "main", "--author", APPLICANT_A, "--today", "2025-07-01"]
    for extra in ([], ["--json"], ["--markdown", "--summary", str(summary)]):
        proc = cli(hostile_branch, *base, *extra)
        assert proc.returncode == 1
        assert "P-ID-CHANGE" in proc.stdout and "P-NOT-RECORD" in proc.stdout
        assert live_commands(proc.stdout) == [] and live_commands(proc.stderr) == []
    reported = {d["code"] for d in json.loads(cli(hostile_branch, *base, "--json").stdout)}
    assert {"P-ID-CHANGE", "P-NOT-RECORD", "P-STAFF-ONLY"} <= reported
    assert live_commands(summary.read_text(encoding="utf-8")) == []


def test_check_prints_no_workflow_command_in_any_format(hostile_branch):
    for extra in ([], ["--json"]):
        proc = cli(hostile_branch, "check", *extra)
        assert proc.returncode == 1 and "S-ENUM" in proc.stdout
        assert live_commands(proc.stdout) == [] and live_commands(proc.stderr) == []
    proc = cli(hostile_branch, "check", "--github")
    annotations = [line for line in proc.stdout.split("\n") if line.startswith(("::error ", "::warning "))]
    assert annotations and all("\r" not in line and "##[" not in line for line in annotations)
    assert live_commands("\n".join(line for line in re.split(r"\r\n|\r|\n", proc.stdout)
                                   if line not in annotations)) == []


def test_build_refusal_prints_no_workflow_command(hostile_branch, tmp_path):
    proc = cli(hostile_branch, "build", "--today", "2025-07-01", "--site-dir", str(tmp_path / "site"))
    assert proc.returncode == 1 and proc.stderr
    assert live_commands(proc.stdout) == [] and live_commands(proc.stderr) == []


def test_an_org_file_not_named_by_a_credit_code_is_refused_for_everyone(tmp_path):
    repo = make_repo(tmp_path)
    write(repo, "submissions/orgs/OUT.yaml", org_yaml(ORG_A))
    commit(repo)
    for author in (APPLICANT_A, STAFF):
        assert "P-NOT-RECORD" in {d.code for d in run_pr_check(repo, "main", author, date(2025, 7, 1)).diagnostics}


def test_an_unexpected_traceback_is_printed_inert():
    proc = subprocess.run([sys.executable, "-c", "from changjing.commandline import inert_tracebacks; inert_tracebacks(); "
                           "raise ValueError('x\\n##[error]伪造\\r::error::y')"], capture_output=True, text=True)
    assert proc.returncode == 1 and "ValueError" in proc.stderr and "伪造" in proc.stderr
    assert live_commands(proc.stderr) == []


def test_from_issue_names_an_unreadable_form_in_chinese(tmp_path):
    repo = repo_in(tmp_path / "w")
    proc = cli(repo, "from-issue", str(tmp_path / "##[error]missing.md"), "--kind", "org")
    assert proc.returncode == 2 and "无法读取表单文件" in proc.stdout and "Traceback" not in proc.stderr
    assert live_commands(proc.stdout + proc.stderr) == []

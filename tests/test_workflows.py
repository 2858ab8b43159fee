"""The GitHub workflows, CODEOWNERS and pre-commit configuration: valid, hardened, consistent."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))

from test_prcheck_support import APPLICANT_A, ORG_A, commit, demand_yaml, make_repo, write  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def test_there_are_pull_request_and_pages_workflows():
    names = {p.name for p in WORKFLOWS}
    assert {"pull-request.yml", "pages.yml"} <= names


def test_zizmor_reports_nothing():
    zizmor = shutil.which("zizmor")
    assert zizmor, "zizmor（PyPI）未安装：bash scripts/setup.sh"
    for persona in ("regular", "pedantic"):  # pedantic: nothing suppressed either
        proc = subprocess.run([zizmor, "--offline", "--no-progress", f"--persona={persona}",
                               str(ROOT / ".github/workflows")], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "No findings" in proc.stdout and "suppressed" not in proc.stdout, proc.stdout


def test_workflows_match_the_schema():
    proc = subprocess.run(["check-jsonschema", "--builtin-schema", "vendor.github-workflows",
                           *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_hardening(path):
    text = path.read_text(encoding="utf-8")
    wf = load(path)
    code = "\n".join(l.split(" #")[0] for l in text.splitlines() if not l.lstrip().startswith("#"))
    assert "pull_request_target" not in code and "workflow_run" not in code
    assert not {"pull_request_target", "workflow_run"} & set(wf["on"])
    assert wf["permissions"] == {"contents": "read"}
    for job_id, job in wf["jobs"].items():
        write_scopes = {k for k, v in (job.get("permissions") or {}).items() if v == "write"}
        assert not write_scopes or job_id == "deploy", (job_id, write_scopes)
    for job_id, step in steps(wf):
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]
            line = next(l for l in text.splitlines() if step["uses"] in l)
            assert re.search(r"# v\d+\.\d+\.\d+$", line), f"请在 {step['uses']} 后注明版本号"
            if step["uses"].startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False
        if "run" in step:
            assert "${{" not in step["run"], f"{job_id}: 事件内容只能经 env: 传入 run:"
    for job_id, job in wf["jobs"].items():
        if "container" in job:
            assert re.search(r"@sha256:[0-9a-f]{64}$", job["container"]["image"]), "容器镜像须固定到摘要"


def test_pull_request_workflow_runs_everything():
    wf = load(ROOT / ".github/workflows/pull-request.yml")
    assert set(wf["on"]) == {"pull_request"}
    runs = "\n".join(step.get("run", "") for _, step in steps(wf))
    for command in ("changjing check", "pytest", "changjing build --today", "pr-check", "--summary \"$GITHUB_STEP_SUMMARY\""):
        assert command in runs
    uses = [step.get("uses", "") for _, step in steps(wf)]
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    # the rules are judged by the base branch's code, installed from the base checkout
    rules = wf["jobs"]["rules"]
    base = next(s for s in rules["steps"] if s.get("with", {}).get("path") == "base")
    assert base["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    pr = next(s for s in rules["steps"] if s.get("with", {}).get("path") == "pr")
    assert pr["with"]["fetch-depth"] == 0
    assert "$RUNNER_TEMP/base-tool/bin/changjing\" pr-check --root pr" in runs


def test_pages_workflow_builds_daily_and_deploys():
    wf = load(ROOT / ".github/workflows/pages.yml")
    assert wf["on"]["push"]["branches"] == ["main"]
    (schedule,) = wf["on"]["schedule"]
    minute, hour, *_ = schedule["cron"].split()
    assert (int(hour) + 8) % 24 < 7, "北京时间清晨运行"
    deploy = wf["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    runs = "\n".join(step.get("run", "") for _, step in steps(wf))
    assert "TZ=Asia/Shanghai" in runs and "changjing build --today" in runs


def _owners() -> dict[str, set[str]]:
    rules = {}
    for line in (ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            rules[pattern] = {o.lstrip("@").casefold() for o in owners}
    return rules


def test_codeowners_are_the_staff():
    from changjing.publishers import validate_staff

    staff, problems = validate_staff((ROOT / "lists/staff.yaml").read_bytes())
    assert not problems
    rules = _owners()
    for pattern in ("*", "/lists/", "/src/", "/.github/", "/schema/"):
        assert rules[pattern] == staff, pattern


def test_sample_lists_are_valid():
    from changjing.check import check

    result = check(ROOT, ["lists/staff.yaml", "lists/publishers.yaml"])
    assert [d for d in result.diagnostics if d.code.startswith(("P-", "L-", "S-"))] == []


def test_pre_commit_hook_runs_changjing_check(sample_copy):
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert re.match(hook["files"], "submissions/demand/XQ-2025-0001.yaml")
    assert re.match(hook["files"], "lists/publishers.yaml")
    assert not re.match(hook["files"], "src/changjing/cli.py")
    target = next((sample_copy / "submissions/orgs").glob("*.yaml")).relative_to(sample_copy).as_posix()
    entry = shlex.split(hook["entry"])
    assert entry[0] == ".venv/bin/changjing"  # the project's own install, whatever is on PATH
    entry[0] = str(Path(sys.executable).parent / "changjing")
    ok = subprocess.run([*entry, target], cwd=sample_copy, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout
    (sample_copy / target).write_text("name: [unclosed\n", encoding="utf-8")
    bad = subprocess.run([*entry, target], cwd=sample_copy, capture_output=True, text=True)
    assert bad.returncode == 1 and "L-SYNTAX" in bad.stdout


def test_submitted_text_cannot_issue_workflow_commands(tmp_path):
    repo = make_repo(tmp_path)
    write(repo, "submissions/demand/XQ-2025-0001.yaml",
          demand_yaml("XQ-2025-0001", ORG_A, title="\"::error::x 伪造的命令\"", budget="-1"))
    write(repo, "submissions/demand/XQ-2025-0002.yaml", "title: |\n  ::add-mask::x\n  ::stop-commands::y\n")
    commit(repo)
    summary = tmp_path / "summary.md"
    proc = subprocess.run([sys.executable, "-m", "changjing.cli", "pr-check", "--root", str(repo), "--base", "main",
                           "--author", APPLICANT_A, "--today", "2025-07-01", "--markdown", "--summary", str(summary)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "::error::x" not in summary.read_text(encoding="utf-8")
    assert "&#58;&#58;error&#58;&#58;x 伪造的命令" in summary.read_text(encoding="utf-8")
    for line in proc.stdout.splitlines():
        assert not line.lstrip().startswith("::"), line

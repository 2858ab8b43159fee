"""Personal data is judged on what a reader sees, and never printed in full by any output.

Each hostile spelling of a mobile or ID number goes into a real repository and
through `changjing check` (text, --json, --github) and pr-check's summary; a
corpus of look-alikes (landlines, amounts, dates, patent and copyright numbers,
credit codes, record IDs) must stay unflagged.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_check import ORG, demand_yaml, make_repo, run_cli

from changjing.check import check
from changjing.diagnostics import error, format_github, format_json, format_text
from changjing.personal import find, redact
from record_factories import org_yaml

MOBILE = "13812345678"
ID_NUMBER = "11010519491231002X"  # a valid check character

HOSTILE_SPELLINGS = {
    "plain": MOBILE,
    "full-width": "１３８１２３４５６７８",
    "zero-width": "138\u200b1234\u200b5678",
    "spaced": "138 1234 5678",
    "dashes-dots-slashes": "138-1234.56/78",
    "country-code": "+86 138 1234 5678",
    "0086": "0086-13812345678",
    "trunk-zero": "013812345678",
    "entities": "".join(f"&#{ord(c)};" for c in MOBILE),
    "hex-entities": "".join(f"&#x{ord(c):x};" for c in MOBILE),
    "comments": "138<!-- -->1234<!-- -->5678",
    "circled": "①③⑧①②③④⑤⑥⑦⑧",
    "arabic-indic": "١٣٨١٢٣٤٥٦٧٨",
    "percent-encoded": "tel:" + "".join(f"%{ord(c):X}" for c in MOBILE),
    "commas": "138，1234，5678",
    "enumeration-comma": "138、1234、5678",
    "combining-marks": "1\u03013\u03018\u030112345678",
    "soft-hyphen-and-tags": "138\u00ad1234\U000e00415678",
    "id-number": ID_NUMBER,
    "id-number-spaced": "1101 0519 4912 3100 2X",
    "id-number-full-width": "１１０１０５１９４９１２３１００２Ｘ",
}

LOOK_ALIKES = [
    "办公电话 0356-2052119", "0356-2052119-8012", "010-12345678", "400-123-4567", "12345",
    "总投资 1,380,000,000 元", "13,800,000,000 元", "13 800 000 000 元", "238 万元", "3.8%、12.5%、45.6%", "476000 元", "3,000,000.00 元", "0.5%",
    "2025-07-01 至 2026-11-23", "2026年11月23日", "20251123",
    "专利号 ZL202310123456.7", "ZL 2023 1 0123456.7", "软著登字第 2023SR0123456 号",
    "91140500MA0K7Y3L2K", "12140500MB1K02036A", "XQ-2026-0001", "GJ-2025-0003、BG-2026-01",
    "晋市开管〔2025〕7号", "第 1 3 5 条", "1101051949123100",  # 16 digits: not an ID number
    "110105194912310021",  # 18 digits with a wrong check character
]


@pytest.mark.parametrize("name", sorted(HOSTILE_SPELLINGS))
def test_every_spelling_is_found_and_masked(name):
    text = f"联系我们：{HOSTILE_SPELLINGS[name]}。"
    found = find(text)
    assert len(found) == 1, found
    masked = redact(text)
    digits = re.sub(r"\D", "", masked)
    assert "****" in masked and len(digits) <= 6, masked


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_stay_unflagged(text):
    assert find(text) == [] and redact(text) == text


def _case(body: str) -> str:
    front = (Path(__file__).parent.parent / "submissions/cases/BG-2026-01.md").read_text(encoding="utf-8")
    return front.split("\n---\n", 1)[0] + "\n---\n" + body


@pytest.mark.parametrize("name", ["entities", "comments", "full-width", "zero-width", "hex-entities"])
def test_a_case_body_is_judged_as_rendered(sample_copy, name):
    path = sample_copy / "submissions/cases/BG-2026-01.md"
    path.write_text(_case(f"## 背景\n\n联系人电话 {HOSTILE_SPELLINGS[name]}\n"), encoding="utf-8")
    found = [d for d in check(sample_copy, ["submissions/cases/BG-2026-01.md"]).diagnostics
             if d.code == "R-PERSONAL-MOBILE"]
    assert len(found) == 1 and "138****78" in found[0].message


def test_yaml_escapes_and_the_office_phone_field_are_judged_as_parsed(tmp_path):
    escaped = "".join(f"\\x{ord(c):02x}" for c in MOBILE)
    repo = make_repo(tmp_path, {
        f"submissions/orgs/{ORG}.yaml": org_yaml(ORG).replace("0356-2221234", '"013812345678"'),
        "submissions/demand/XQ-2025-0001.yaml": demand_yaml(title=f'"镜片检测{escaped}"'),
    })
    found = sorted((d.path, d.key) for d in check(repo).diagnostics if d.code == "R-PERSONAL-MOBILE")
    assert found == [("submissions/demand/XQ-2025-0001.yaml", "title"),
                     (f"submissions/orgs/{ORG}.yaml", "contact.phone")]


def test_a_number_split_across_list_items_is_read_as_the_page_shows_it(sample_copy):
    path = sample_copy / "submissions/cases/BG-2026-01.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^replicated_places:\n(?:  - .*\n)+", "replicated_places:\n  - '138'\n  - '1234'\n  - '5678'\n",
                  text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    found = [(d.code, d.key) for d in check(sample_copy, ["submissions/cases/BG-2026-01.md"]).diagnostics
             if d.code.startswith("R-PERSONAL")]
    assert found == [("R-PERSONAL-MOBILE", "replicated_places")]


def test_numbers_in_number_fields_are_not_phone_numbers(tmp_path):
    repo = make_repo(tmp_path, {
        f"submissions/orgs/{ORG}.yaml": org_yaml(ORG),
        "submissions/demand/XQ-2025-0001.yaml": demand_yaml().replace("amount: 80\n", "amount: 13800000000\n")
        .replace("unit: 万元", "unit: 元"),
    })
    assert [d for d in check(repo).diagnostics if d.code.startswith("R-PERSONAL")] == []


def test_no_output_prints_a_number_in_full(tmp_path):
    """S-FORMAT echoes its input; the office phone holds a mobile: text, JSON, annotations all mask it."""
    repo = make_repo(tmp_path, {
        f"submissions/orgs/{ORG}.yaml": org_yaml(ORG).replace("0356-2221234", "13912345678"),
        "submissions/demand/XQ-2025-0001.yaml": demand_yaml(title=f'"镜片检测 {ID_NUMBER}"'),
    })
    outputs = [run_cli(repo, "check", *flag).stdout for flag in ((), ("--json",), ("--github",))]
    assert "S-FORMAT" in outputs[0] and "R-PERSONAL-ID" in outputs[0]
    for out in outputs:
        assert out.strip()
        assert "13912345678" not in out and ID_NUMBER not in out
        assert "139****78" in out and "110****2X" in out
    json.loads(outputs[1])


def test_diagnostics_mask_whatever_builds_them():
    d = error("S-FORMAT", f"「办公电话」格式不对：「１３９ 1234 5678」。", key=f"x.{MOBILE}", path="a.yaml")
    for text in (d.format(), format_text([d]), format_json([d]), format_github([d])):
        assert "5678" not in text and MOBILE not in text


def test_pr_summary_masks_submitted_values(tmp_path):
    sys.path.insert(0, str(Path(__file__).parent))
    from test_prcheck_support import APPLICANT_A, ORG_A, commit, make_repo as make_git_repo, write
    from test_prcheck_support import demand_yaml as pr_demand

    from changjing.prcheck import run_pr_check
    from changjing.prsummary import summary_markdown

    repo = make_git_repo(tmp_path)
    write(repo, "submissions/demand/XQ-2025-0001.yaml",
          pr_demand("XQ-2025-0001", ORG_A, title="铸件检测 联系 13912345678"))
    commit(repo)
    from datetime import date

    report = run_pr_check(repo, "main", APPLICANT_A, date(2025, 7, 1))
    text = summary_markdown(report)
    assert "13912345678" not in text and "139&#42;&#42;&#42;&#42;78" in text
    proc = subprocess.run([sys.executable, "-m", "changjing.cli", "pr-check", "--root", str(repo), "--base", "main",
                           "--author", APPLICANT_A, "--today", "2025-07-01", "--github"],
                          capture_output=True, text=True)
    assert "13912345678" not in proc.stdout + proc.stderr

"""Bounded work and clean errors on any input; what the build writes stays well-formed.

* hostile Markdown bodies (runs of brackets, nested emphasis, lists and quotes,
  link references, backticks …) render in bounded time, or are refused;
* every number, however large, small or strange, gets a Chinese S-TYPE/S-RANGE
  diagnostic, never a traceback;
* characters XML cannot carry are refused at load, written or escaped;
* every XML, JSON and CSV file a build writes parses back.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from site_helpers import ROOT, SAMPLE_TODAY, set_site_url

from changjing.check import check
from changjing.loader import MAX_MARKDOWN_BYTES, load_yaml_bytes
from changjing.narrative import MAX_NESTING, narrative_html

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_narrative import hostile_bodies  # noqa: E402

CASE = "submissions/cases/BG-2026-01.md"


def _with_body(repo: Path, body: str) -> None:
    path = repo / CASE
    front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    path.write_text(front + "\n---\n" + body, encoding="utf-8")


# -- bounded rendering ----------------------------------------------------------------------

@pytest.mark.parametrize("shape", sorted(hostile_bodies(1024)))
def test_a_200_kb_hostile_body_renders_in_under_two_seconds(shape):
    body = hostile_bodies(200 * 1024)[shape]
    start = time.process_time()
    html = narrative_html(body)
    assert time.process_time() - start < 2.0, shape
    assert "<script" not in html


@pytest.mark.parametrize("shape", sorted(hostile_bodies(1024)))
def test_check_of_a_hostile_case_stays_fast(sample_copy, shape):
    """The rules read the body too (headings, personal data in the rendered text)."""
    body = hostile_bodies(200 * 1024)[shape]
    _with_body(sample_copy, body)
    start = time.process_time()
    result = check(sample_copy, [CASE])
    assert time.process_time() - start < 5.0
    codes = {d.code for d in result.diagnostics if d.is_error}
    if shape in ("nested-quotes", "nested-lists", "quoted-lists"):
        assert codes == {"R-CASE-NESTING"}
        message = next(d.message for d in result.diagnostics if d.code == "R-CASE-NESTING")
        assert f"最多 {MAX_NESTING} 层" in message
    else:
        assert not codes, codes


def test_a_body_over_the_size_limit_is_refused_in_chinese(sample_copy):
    _with_body(sample_copy, "文" * (MAX_MARKDOWN_BYTES // 3 + 10))
    diags = check(sample_copy, [CASE]).diagnostics
    assert [d.code for d in diags if d.is_error] == ["L-SIZE"]
    assert "超过上限" in diags[0].message


def test_a_shallow_nesting_still_renders_as_markdown():
    html = narrative_html("> 引用\n>\n> - 列表\n>   - 子项\n\n**粗**")
    assert "<blockquote>" in html and "<li>子项</li>" in html and "<strong>粗</strong>" in html


# -- numbers -------------------------------------------------------------------------------

NUMBER_FIELDS = {
    "submissions/demand/XQ-2026-0001.yaml": ["budget.amount", "fiscal_share_percent"],
    CASE: ["total_investment.amount", "fiscal_share_percent", "ip_counts.invention_patents"],
    "submissions/donations/JZ-2025-01.yaml": ["amount.amount", "year"],
}


def _set(text: str, dotted: str, literal: str) -> str:
    """Replace the value of a (possibly nested) key in a record's YAML text."""
    *parents, leaf = dotted.split(".")
    lines = text.split("\n")
    start, indent = 0, ""
    for parent in parents:
        start = next(i for i in range(start, len(lines)) if re.match(rf"^{indent}{parent}:", lines[i]))
        indent += "  "
    for i in range(start, len(lines)):
        if re.match(rf"^{indent}{leaf}:", lines[i]):
            lines[i] = f"{indent}{leaf}: {literal}"
            return "\n".join(lines)
    lines.insert(start + 1, f"{indent}{leaf}: {literal}")  # an optional field the sample leaves out
    return "\n".join(lines)


@pytest.mark.parametrize("literal", ["1e999999", "1" + "0" * 5000, "-" + "9" * 5000, "1e-999999", "0." + "0" * 5000 + "1",
                                     "NaN", "-inf", '"1e400"', "1000000000001", "99999999999999999999.99"])
def test_extreme_numbers_get_a_chinese_range_or_type_error(sample_copy, literal):
    for rel, fields in NUMBER_FIELDS.items():
        path = sample_copy / rel
        original = path.read_text(encoding="utf-8")
        for dotted in fields:
            path.write_text(_set(original, dotted, literal), encoding="utf-8")
            diags = [d for d in check(sample_copy, [rel]).diagnostics if d.is_error]
            assert diags and all(d.code in ("S-RANGE", "S-TYPE") for d in diags), (rel, dotted, diags)
            assert all(d.key == dotted or d.key == dotted.rsplit(".", 1)[0] for d in diags), diags
        path.write_text(original, encoding="utf-8")


def test_amounts_are_bounded_in_yuan_whatever_the_unit(sample_copy):
    path = sample_copy / "submissions/demand/XQ-2026-0001.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(_set(_set(text, "budget.amount", "100000001"), "budget.unit", "万元"), encoding="utf-8")
    diags = [d for d in check(sample_copy, ["submissions/demand/XQ-2026-0001.yaml"]).diagnostics if d.is_error]
    assert [(d.code, d.key) for d in diags] == [("S-RANGE", "budget")] and "10¹² 元" in diags[0].message


_NUMBER_LITERALS = st.one_of(
    st.builds(lambda sign, digits: sign + digits, st.sampled_from(["", "-", "+"]),
              st.text(alphabet="0123456789", min_size=1, max_size=6000)),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.builds(lambda m, e: f"{m}e{e}", st.integers(-10 ** 30, 10 ** 30), st.integers(-10 ** 7, 10 ** 7)),
    st.text(alphabet="0123456789.-+eE_", min_size=1, max_size=60),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(literal=_NUMBER_LITERALS, which=st.sampled_from([(r, f) for r, fs in NUMBER_FIELDS.items() for f in fs]))
def test_fuzzed_numbers_never_crash_check(sample_copy, literal, which):
    rel, dotted = which
    path = sample_copy / rel
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(_set(original, dotted, literal), encoding="utf-8")
        diags = check(sample_copy, [rel]).diagnostics
    finally:
        path.write_text(original, encoding="utf-8")
    for d in diags:
        assert re.search(r"[\u4e00-\u9fff]", d.message), d


# -- characters XML cannot carry -----------------------------------------------------------

@pytest.mark.parametrize("title, code", [
    ("标题\uffff文字", "L-CHAR"), ("标题\ufdd0文字", "L-CHAR"), ("标题\U0001fffe文字", "L-CHAR"),
    ('"标题\\uFFFF文字"', "L-CHAR"), ('"标题\\U0010FFFF文字"', "L-CHAR"), ('"标题\\x01文字"', "L-CONTROL-CHAR"),
    ('"标题\\u202E文字"', "L-BIDI"), ('"标题\\x7f文字"', "L-CONTROL-CHAR"),
])
def test_characters_xml_cannot_carry_are_refused_at_load(title, code):
    result = load_yaml_bytes(f"id: XQ-2026-0001\ntitle: {title}\n".encode("utf-8"), "x.yaml")
    assert [d.code for d in result.diagnostics] == [code]
    assert result.diagnostics[0].line == 2


@pytest.mark.parametrize("reference, code", [
    ("&#xFFFF;", "L-CHAR"), ("&#65534;", "L-CHAR"), ("&#xFDD0;", "L-CHAR"), ("&#xD800;", "L-CHAR"),
    ("&#x202E;", "L-BIDI"), ("&#1;", "L-CONTROL-CHAR"), ("&#x85;", "L-CONTROL-CHAR"),
])
def test_a_character_reference_cannot_spell_a_refused_character(sample_copy, reference, code):
    """cmark-gfm wrote U+FFFF from &#xFFFF; as bytes that are not UTF-8: check and build crashed."""
    _with_body(sample_copy, f"## 背景\n\n文字 {reference} 文字\n")
    diags = check(sample_copy, [CASE]).diagnostics
    assert [d.code for d in diags if d.is_error] == [code]
    assert "\ufffd" in narrative_html(f"文字 {reference} 文字")


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory):
    """A build whose records hold every XML- and CSV-sensitive character that is allowed."""
    import synth

    from changjing.site.cli import build_site

    repo = tmp_path_factory.mktemp("repo")
    synth.generate(12, repo)
    tricky = '"<b>&amp; ]]> \u2028\u2029 \U0001F600 \ufffd ,;\t\'=cmd|x" 标题'
    for path in sorted((repo / "submissions" / "demand").glob("*.yaml"))[:3]:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^title: .*$", "title: " + json.dumps(tricky[:50], ensure_ascii=False), text,
                               count=1, flags=re.M), encoding="utf-8")
    set_site_url(repo)  # a real address: the feed and sitemap are written (and parsed back below)
    out = tmp_path_factory.mktemp("site") / "build"
    build_site(repo, SAMPLE_TODAY, out, config_file=ROOT / "mkdocs.yml", state=synth.synthetic_state(repo, SAMPLE_TODAY))
    return out


def test_every_xml_json_and_csv_the_build_writes_parses_back(tricky_site):
    seen = {"xml": 0, "json": 0, "csv": 0}
    for path in sorted(tricky_site.rglob("*")):
        if path.suffix == ".xml":
            ET.fromstring(path.read_bytes())
            seen["xml"] += 1
        elif path.name.endswith(".xml.gz"):
            ET.fromstring(gzip.decompress(path.read_bytes()))
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
            seen["json"] += 1
        elif path.suffix == ".csv":
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
            assert rows and all(len(r) == len(rows[0]) for r in rows), path
            seen["csv"] += 1
    assert seen["xml"] >= 2 and seen["json"] >= 4 and seen["csv"] >= 4, seen
    feed = ET.fromstring((tricky_site / "feed.xml").read_bytes())
    titles = [e.text or "" for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any("]]>" in t and "\U0001F600" in t for t in titles)

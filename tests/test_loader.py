"""The strict loader: untrusted bytes become data or diagnostics, never an exception or a hang."""
from __future__ import annotations

import re

import string
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from changjing.loader import MAX_DEPTH, MAX_YAML_BYTES, load_markdown_bytes, load_yaml_bytes, parse_yaml


def codes(result):
    return [d.code for d in result.diagnostics]


def load(text: str):
    return load_yaml_bytes(text.encode("utf-8"), "x.yaml")


# -- scalar resolution: YAML 1.1 surprises are off -------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("a: no", "no"),
    ("a: yes", "yes"),
    ("a: on", "on"),
    ("a: 010", "010"),
    ("a: 0o10", "0o10"),
    ("a: 0x1F", "0x1F"),
    ("a: 12:30", "12:30"),
    ("a: 2025-07-01", "2025-07-01"),
    ("a: 1e3", "1e3"),
    ("a: .inf", ".inf"),
    ("a: True", "True"),
    ("a: '1'", "1"),
    ("a: \"true\"", "true"),
])
def test_yaml_11_surprises_stay_text(text, expected):
    result = load(text)
    assert result.diagnostics == []
    assert result.data == {"a": expected}


@pytest.mark.parametrize("text, expected", [
    ("a: true", True),
    ("a: false", False),
    ("a: 120", 120),
    ("a: -3", -3),
    ("a: 12.50", Decimal("12.50")),
    ("a: ~", None),
    ("a: null", None),
    ("a:", None),
])
def test_only_plain_true_false_numbers_and_null_are_typed(text, expected):
    assert load(text).data == {"a": expected}


def test_keys_are_always_text():
    assert load("2025: x\ntrue: y").data == {"2025": "x", "true": "y"}


def test_positions_map_dotted_keys_to_line_and_column():
    result = load("a: 1\nb:\n  c:\n    - d: 2\n      e: 3\n")
    assert result.positions["a"] == (1, 1)
    assert result.positions["b.c"] == (3, 3)
    assert result.positions["b.c.0.e"] == (5, 7)
    # an unknown key falls back to its nearest known parent
    assert result.position("b.c.0.zzz") == (4, 7)


# -- refusals ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, code", [
    ("a: &x 1\nb: *x", "L-ANCHOR"),
    ("a: *x", "L-ALIAS"),
    ("a: !!python/object/apply:os.system ['echo hi']", "L-TAG"),
    ("a: !custom 1", "L-TAG"),
    ("a: !!str 1", "L-TAG"),
    ("<<: {a: 1}\nb: 2", "L-MERGE"),
    ("a: 1\nb: 2\na: 3", "L-DUPLICATE-KEY"),
    ("a: 1\n---\nb: 2", "L-MULTI-DOC"),
    ("- a\n- b", "L-NOT-MAPPING"),
    ("just text", "L-NOT-MAPPING"),
    ("", "L-NOT-MAPPING"),
    ("? [a, b]\n: c", "L-COMPLEX-KEY"),
    ("a: [1, 2\nb: 3", "L-SYNTAX"),
    ("a:\n\tb: 1", "L-SYNTAX"),
])
def test_dangerous_or_ambiguous_yaml_is_refused_with_a_code(text, code):
    result = load(text)
    assert result.data is None
    assert codes(result) == [code]
    assert all(d.message for d in result.diagnostics)


def test_anchor_is_refused_before_any_object_is_built():
    # a billion-laughs document: refused at the first anchor, instantly
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
    assert codes(load(bomb)) == ["L-ANCHOR"]


def _refused_in_chinese(result, path: str = "x.yaml") -> None:
    """Deep nesting ends in one Chinese error naming the file, whichever layer (our cap or the parser's) stops it."""
    assert not result.ok and len(result.diagnostics) == 1
    d = result.diagnostics[0]
    assert d.code in ("L-DEPTH", "L-SYNTAX") and d.is_error
    assert d.path == path and re.search(r"[\u4e00-\u9fff]", d.message)


def test_deep_nesting_is_capped():
    _refused_in_chinese(load("a: " + "[" * 100_000))
    # past the size cap too: the depth cap does not rely on it
    _refused_in_chinese(parse_yaml("a: " + "{b: " * 100_000, "x.yaml"))
    _refused_in_chinese(parse_yaml("a:\n" + "".join(" " * i + "- \n" for i in range(0, 3000, 1)), "x.yaml"))
    # just past our own cap, well inside any parser's: our cap answers
    nested = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5))
    assert codes(load(nested)) == ["L-DEPTH"]


def test_oversized_file_is_refused_without_parsing():
    result = load_yaml_bytes(b"a: " + b"x" * MAX_YAML_BYTES, "big.yaml")
    assert codes(result) == ["L-SIZE"]


def test_gbk_file_gets_a_chinese_message_saying_how_to_resave():
    result = load_yaml_bytes("title: 园区智能巡检".encode("gbk"), "x.yaml")
    assert codes(result) == ["L-ENCODING-GBK"]
    assert "UTF-8" in result.diagnostics[0].message and "另存为" in result.diagnostics[0].message


def test_bom_is_accepted():
    assert load_yaml_bytes("\ufeffa: 园区".encode("utf-8"), "x.yaml").data == {"a": "园区"}


def test_invalid_utf8_is_refused():
    assert codes(load_yaml_bytes(b"a: \xff\xfe\xfa", "x.yaml")) in (["L-ENCODING"], ["L-ENCODING-GBK"])


@pytest.mark.parametrize("char, code", [("\u202e", "L-BIDI"), ("\u2066", "L-BIDI"), ("\x00", "L-CONTROL-CHAR"),
                                        ("\x1b", "L-CONTROL-CHAR"), ("\x7f", "L-CONTROL-CHAR"), ("\ufeff", "L-CONTROL-CHAR")])
def test_bidi_and_control_characters_are_refused_with_their_position(char, code):
    result = load(f"a: ok\nb: x{char}y")
    assert codes(result) == [code]
    assert (result.diagnostics[0].line, result.diagnostics[0].column) == (2, 5)


def test_markdown_front_matter_uses_the_same_strict_loader_and_keeps_line_numbers():
    raw = "---\nid: BG-2026-01\nlist: &a [1]\n---\n# 背景\n".encode()
    result = load_markdown_bytes(raw, "c.md")
    assert codes(result) == ["L-ANCHOR"]
    assert result.diagnostics[0].line == 3
    ok = load_markdown_bytes("---\nid: BG-2026-01\ntitle: 标题文字\n---\n# 背景\n正文\n".encode(), "c.md")
    assert ok.data == {"id": "BG-2026-01", "title": "标题文字"}
    assert ok.positions["title"] == (3, 1)
    assert ok.body.strip() == "# 背景\n正文"


def test_markdown_without_front_matter_is_refused():
    assert codes(load_markdown_bytes("# 只有正文".encode(), "c.md")) == ["L-FRONT-MATTER"]


# -- properties: arbitrary and hostile input ----------------------------------------------------

def _outcome_is_data_or_diagnostics(result):
    if result.diagnostics:
        assert result.data is None
        for d in result.diagnostics:
            assert d.code.startswith("L-") and d.line >= 1 and d.column >= 1 and d.message
    else:
        assert isinstance(result.data, dict)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_data_or_diagnostics(raw):
    _outcome_is_data_or_diagnostics(load_yaml_bytes(raw, "x.yaml"))
    _outcome_is_data_or_diagnostics(load_markdown_bytes(raw, "x.md"))


_YAML_ALPHABET = string.ascii_letters[:6] + "0123456789 :-[]{}&*!|>'\"#?,.\n\t<@%`~园区" + "\u202e"


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_YAML_ALPHABET, max_size=400))
def test_yaml_looking_text_gives_data_or_diagnostics(text):
    _outcome_is_data_or_diagnostics(load(text))


@st.composite
def hostile_documents(draw):
    depth = draw(st.integers(min_value=1, max_value=100_000))
    opener = draw(st.sampled_from(["[", "{a: ", "- ", "a:\n" + " "]))
    kind = draw(st.sampled_from(["nest", "alias", "tag", "merge", "dup"]))
    if kind == "nest":
        return "x: " + opener * min(depth, 20_000)
    if kind == "alias":
        n = draw(st.integers(min_value=1, max_value=50))
        return "a: &a [" + ",".join(["x"] * n) + "]\n" + "".join(f"k{i}: [*a, *a]\n" for i in range(n))
    if kind == "tag":
        return "a: !!" + draw(st.sampled_from(["python/object/apply:os.system", "binary", "timestamp", "set"])) + " x"
    if kind == "merge":
        return "b: 1\n<<: {a: 1}\n"
    return "a: 1\n" * draw(st.integers(min_value=2, max_value=50))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_documents())
def test_generated_hostile_yaml_is_refused_not_evaluated(text):
    result = load(text)
    assert result.diagnostics, "hostile input must be refused"
    _outcome_is_data_or_diagnostics(result)

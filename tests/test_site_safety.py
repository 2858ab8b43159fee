"""Nothing submitted can run in a reader's browser, and nothing loads from another host.

A synthetic repository gets hostile records (script tags, javascript: links,
onerror, attribute injection, table-breaking |, Markdown attr_list) and is built
with the real mkdocs pipeline; every built HTML file is then scanned.
"""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from site_helpers import ROOT, SAMPLE_TODAY

from changjing.site.render import NARRATIVE_TAGS, narrative_html
from changjing.site.safety import scan_html, scan_site

HOSTILE_TITLE = '<script>alert(1)</script>园区"><img src=x onerror=alert(2)>'
PIPE_TITLE = "| 破坏 | 表格 | 视觉检测 |"
HOSTILE_BODY = """## 背景

<script>alert('body')</script>
<img src="http://evil.test/x.png" onerror="alert(3)">
<iframe src="https://evil.test/"></iframe>

## 方案

[点我](javascript:alert(4)) 和 [数据](data:text/html,<script>alert(5)</script>) 以及 <a href="vbscript:x">链接</a>
{: onclick="alert(6)" }

![图](https://evil.test/tracker.png)

<div style="background:url(https://evil.test/bg.png)" onmouseover="alert(7)">悬停</div>

## 成效

| 指标 | 值 |
| --- | --- |
| <b onclick="alert(8)">粗</b> | `<script>` |

## 推广

[正常链接](https://www.jincheng.test/) 与 <svg onload="alert(9)"><circle r="4"/></svg>
"""


def _add_hostile(repo: Path) -> None:
    demand = next(iter(sorted((repo / "submissions" / "demand").glob("*.yaml"))))
    text = demand.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", 'title: ' + __import__("json").dumps(HOSTILE_TITLE, ensure_ascii=False), text,
                  count=1, flags=re.M)
    text = re.sub(r"^pain_point: .*$", 'pain_point: "javascript:alert(1) <a href=\\"javascript:alert(1)\\">x</a> ' +
                  '\\" onmouseover=\\"alert(1)"', text, count=1, flags=re.M)
    demand.write_text(text, encoding="utf-8")
    supply = next(iter(sorted((repo / "submissions" / "supply").glob("*.yaml"))))
    text = supply.read_text(encoding="utf-8")
    supply.write_text(re.sub(r"^title: .*$", f'title: "{PIPE_TITLE}"', text, count=1, flags=re.M), encoding="utf-8")
    case = next(iter(sorted((repo / "submissions" / "cases").glob("*.md"))))
    head, _, _ = case.read_text(encoding="utf-8").rpartition("---\n")
    case.write_text(head + "---\n" + HOSTILE_BODY, encoding="utf-8")
    org = next(iter(sorted((repo / "submissions" / "orgs").glob("*.yaml"))))
    text = org.read_text(encoding="utf-8")
    org.write_text(re.sub(r"^name: .*$", 'name: "<b onmouseover=alert(10)>恶意单位</b>"', text, count=1, flags=re.M),
                   encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[Path, Path]:
    repo = tmp_path_factory.mktemp("repo")
    out = tmp_path_factory.mktemp("site") / "build"
    import synth

    from changjing.check import check
    from changjing.site.cli import build_site

    synth.generate(40, repo)
    _add_hostile(repo)
    result = check(repo, today=SAMPLE_TODAY)
    assert not result.errors, [d for d in result.diagnostics if d.is_error]
    build_site(repo, SAMPLE_TODAY, out, config_file=ROOT / "mkdocs.yml",
               state=synth.synthetic_state(repo, SAMPLE_TODAY), search=False)
    return repo, out


def test_every_built_page_is_clean(hostile_site):
    _, out = hostile_site
    pages = list(out.rglob("*.html"))
    assert len(pages) > 40
    assert scan_site(out) == {}


def test_hostile_strings_are_shown_as_text(hostile_site):
    repo, out = hostile_site
    demand = sorted((repo / "submissions" / "demand").glob("*.yaml"))[0].stem
    html = (out / "demand" / demand / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;b onmouseover=alert(10)&gt;" in html


def test_case_narrative_is_sanitised(hostile_site):
    repo, out = hostile_site
    case = sorted((repo / "submissions" / "cases").glob("*.md"))[0].stem
    html = (out / "cases" / case / "index.html").read_text(encoding="utf-8")
    body = html.split('class="cj-narrative">', 1)[1].split("</div>", 1)[0]
    seen: list[tuple[str, list]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            seen.append((tag, attrs))

    Tags().feed(body)
    allowed = {"a": {"href", "rel"}, "th": {"align"}, "td": {"align"}}
    for tag, attrs in seen:
        assert tag in NARRATIVE_TAGS, tag
        for name, value in attrs:
            assert name in allowed.get(tag, set()), (tag, name)
            if name == "href":
                assert value.startswith(("https://", "http://", "mailto:")), value
    for bad in ("<script", "<img", "<iframe", "<svg", "evil.test", "tracker.png"):
        assert bad not in body, bad
    assert '<a href="https://www.jincheng.test/" rel="noopener noreferrer nofollow">正常链接</a>' in body
    assert "<table>" in body and "&lt;script&gt;" in body


class _Rows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def test_table_breaking_pipe_stays_in_its_cell(hostile_site):
    _, out = hostile_site
    parser = _Rows()
    parser.feed((out / "supply" / "index.html").read_text(encoding="utf-8"))
    table = [r for r in parser.rows if r]
    width = len(table[0])
    assert all(len(r) == width for r in table)
    assert any(PIPE_TITLE in cell for r in table for cell in r)


@pytest.mark.parametrize("snippet", [
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<img src="x" onerror="alert(1)">',
    "<script>alert(1)</script>",
    '<script src="https://cdn.example/x.js"></script>',
    '<script src="../assets/evil.js"></script>',
    '<link rel="stylesheet" href="https://fonts.googleapis.com/css">',
    '<img src="https://evil.test/p.png">',
    '<iframe src="/x"></iframe>',
    '<form action="data:text/html,x"></form>',
    '<div style="background:url(https://e.example/x)">x</div>',
])
def test_scanner_catches_hostile_markup(snippet):
    page = ('<html><head><meta http-equiv="Content-Security-Policy" content="x"></head><body>'
            + snippet + "</body></html>")
    assert scan_html(page)


def test_scanner_accepts_the_sites_own_markup():
    page = ('<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="x">'
            '<script src="../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
            '<script id="__config" type="application/json">{"a": 1}</script>'
            '<script src="../../assets/cj/cj.js" defer></script></head><body>'
            '<a href="https://example.org/">x</a><a href="mailto:a@b.cn">m</a><a href="tel:03562226000">t</a>'
            '<a href="../demand/">d</a><link rel="canonical" href="https://example.org/changjing/"></body></html>')
    assert scan_html(page) == []


def test_narrative_has_no_attr_list_and_no_raw_html():
    html = narrative_html('段落 {: #id .cls onclick="x" }\n\n<span onclick="x">文字</span>\n\n# 大标题')
    assert "<p>段落 {: #id .cls onclick=\"x\" }</p>" in html  # attr_list syntax stays literal text
    assert "<span" not in html and 'id="' not in html and 'class="' not in html and "<p onclick" not in html
    assert "<h2>大标题</h2>" in html


def test_build_fails_when_a_record_is_invalid(tmp_path):
    import synth
    from mkdocs.exceptions import Abort

    from changjing.site.cli import build_site

    synth.generate(10, tmp_path / "repo")
    bad = sorted((tmp_path / "repo" / "submissions" / "demand").glob("*.yaml"))[0]
    bad.write_text(bad.read_text(encoding="utf-8").replace("budget:", "budgett:"), encoding="utf-8")
    with pytest.raises(Abort) as exc:
        build_site(tmp_path / "repo", SAMPLE_TODAY, tmp_path / "out", config_file=ROOT / "mkdocs.yml",
                   search=False)
    assert bad.name in str(exc.value)


def test_build_fails_on_an_external_asset(tmp_path, caplog):
    """The privacy plugin reports external assets; strict mode turns that into a failed build."""
    from mkdocs.exceptions import Abort

    import synth

    from changjing.site.cli import build_site

    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "hooks", tmp_path / "hooks")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    theme = "src/changjing/site_templates/theme"  # mkdocs.yml's custom_dir: without it the config is what fails
    shutil.copytree(ROOT / theme, tmp_path / theme)
    page = tmp_path / "docs" / "policy" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<img src="https://cdn.example.com/logo.png">\n',
                    encoding="utf-8")
    synth.generate(5, tmp_path)
    with pytest.raises(Abort):
        build_site(tmp_path, SAMPLE_TODAY, tmp_path / "out", config_file=tmp_path / "mkdocs.yml", search=False)
    assert "cdn.example.com" in caplog.text


def test_downloads_neutralise_spreadsheet_formulas():
    from changjing.site.downloads import _cell

    assert _cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert _cell("@SUM(A1)") == "'@SUM(A1)"
    assert _cell("园区") == "园区"

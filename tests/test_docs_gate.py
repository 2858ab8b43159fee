"""docs/ pages cannot take a generated address, and no script reaches a reader from their Markdown.

Each test copies the project's docs/, hooks/ and mkdocs.yml beside a small
synthetic repository, adds what a hostile contributor would, and runs the real
mkdocs build.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from site_helpers import ROOT, SAMPLE_TODAY

from changjing.site.docs_gate import misplaced_docs_files, sanitise_page_html
from changjing.site.safety import is_theme_script, scan_site


def _project(tmp_path: Path) -> Path:
    import synth

    for part in ("docs", "hooks"):
        shutil.copytree(ROOT / part, tmp_path / part)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    theme = "src/changjing/site_templates/theme"  # mkdocs.yml's custom_dir, relative to it
    shutil.copytree(ROOT / theme, tmp_path / theme)
    synth.generate(6, tmp_path)
    return tmp_path


def _build(root: Path, out: Path):
    import synth

    from changjing.site.cli import build_site

    build_site(root, SAMPLE_TODAY, out, config_file=root / "mkdocs.yml",
               state=synth.synthetic_state(root, SAMPLE_TODAY), search=False)


def _a_record_id(root: Path) -> str:
    return sorted((root / "submissions" / "demand").glob("*.yaml"))[0].stem


@pytest.mark.parametrize("where", [
    "demand/{id}.md",                 # the record's own address
    "demand/XQ-2026-0099.md",         # a record that does not exist yet
    "notes/xq-2026-0099/index.md",    # lower case, another folder
    "about/ＸＱ-2026-0099.md",         # full-width letters
    "orgs/91140500MA0K7Y3L2K.md",     # a credit code
])
def test_a_docs_page_at_a_record_shaped_path_stops_the_build(tmp_path, where):
    root = _project(tmp_path)
    rel = where.format(id=_a_record_id(root))
    page = root / "docs" / rel
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("# 假冒的记录页\n\n这不是记录。\n", encoding="utf-8")
    with pytest.raises(Abort) as exc:
        _build(root, tmp_path / "out")
    assert f"docs/{rel}" in str(exc.value) and "记录" in str(exc.value)


@pytest.mark.parametrize("rel", ["downloads/demand.json", "notices/{notice}.md", "stats/charts/index.md"])
def test_a_docs_file_at_a_generated_address_stops_the_build(tmp_path, rel):
    import synth

    root = _project(tmp_path)
    rel = rel.format(notice=synth.synthetic_state(root, SAMPLE_TODAY).notices[0].notice_id)
    path = root / "docs" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"records": []}' if rel.endswith(".json") else "# 假公示\n", encoding="utf-8")
    if rel.startswith("stats/"):  # a page at an address nothing generates builds as usual
        _build(root, tmp_path / "out")
        assert (tmp_path / "out" / "stats" / "charts" / "index.html").exists()
        return
    with pytest.raises(Abort) as exc:
        _build(root, tmp_path / "out")
    assert f"docs/{rel}" in str(exc.value) and "生成" in str(exc.value)


@pytest.mark.parametrize("rel", ["evil.js", "page.html", "logo.svg", "feed.xml", "assets/cj/cj.json"])
def test_docs_may_not_hold_scripts_markup_or_generator_files(tmp_path, rel):
    root = _project(tmp_path)
    path = root / "docs" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("alert(1)", encoding="utf-8")
    with pytest.raises(Abort) as exc:
        _build(root, tmp_path / "out")
    assert f"docs/{rel}" in str(exc.value)


@pytest.mark.parametrize("front", ["title: '<script>alert(1)</script>'", "description: '\"><script>x</script>'",
                                   "template: redirect.html", "hide: [navigation, '<b>']",
                                   "search: {exclude: '<b>'}", "search: {boost: 2}"])
def test_front_matter_that_the_theme_would_print_raw_stops_the_build(tmp_path, front):
    root = _project(tmp_path)
    (root / "docs" / "policy" / "index.md").write_text(f"---\n{front}\n---\n\n# 政策\n", encoding="utf-8")
    with pytest.raises(Abort) as exc:
        _build(root, tmp_path / "out")
    assert "docs/policy/index.md" in str(exc.value) and "头信息" in str(exc.value)


HOSTILE_MARKDOWN = """# 标题 <img src=x onerror=alert("h1")>

<script>alert("inline")</script>
<script src="../assets/cj/cj.js"></script>

<p onclick="alert('handler')">点我</p>
<a href="javascript:alert('js')">链接</a> <a href="data:text/html,x">数据</a>
<iframe src="https://evil.test/"></iframe><object data="x.swf"></object><embed src="x.swf">
<base href="https://evil.test/">
<meta http-equiv="refresh" content="0;url=https://evil.test/">
<svg><script>alert("svg")</script><a xlink:href="javascript:alert(1)"><text>s</text></a></svg>
<style>body{display:none}</style>
<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:url(https://evil.test/x)">盖住</div>
<form action="https://evil.test/"><input name="q"></form>
<a id="__config">{"search": "evil.js"}</a>

!!! note "提示"
    正常的提示框

| 表 | 格 |
| --- | --- |
| 1 | 2 |

<!-- 注释保留 -->
"""


def test_no_script_reaches_a_reader_from_a_docs_page(tmp_path):
    root = _project(tmp_path)
    shell = root / "docs" / "_shell" / "page.md"
    shell.write_text(shell.read_text(encoding="utf-8") + "\n<script>alert('shell')</script>\n"
                     '<img src="x" onerror="alert(\'shell-img\')">\n', encoding="utf-8")
    (root / "docs" / "policy" / "index.md").write_text(HOSTILE_MARKDOWN, encoding="utf-8")
    out = tmp_path / "out"
    _build(root, out)
    assert scan_site(out) == {}
    for js in (out / "assets" / "javascripts" / "inline").glob("*.js"):
        assert is_theme_script(js.read_text(encoding="utf-8")), js.name
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        # handlers, URL schemes, frames, <base>, refresh and foreign scripts are the scanner's; markup here
        for bad in ("<script>alert", "<iframe", "<object", "<embed", "<base ", "<style>body", "<svg><script",
                    'id="__config">{', "<form action"):
            assert bad not in text, (page.relative_to(out), bad)
    policy = (out / "policy" / "index.html").read_text(encoding="utf-8")
    assert 'class="admonition note"' in policy and "<table>" in policy and "<!-- 注释保留 -->" in policy
    record = out / "demand" / _a_record_id(root) / "index.html"
    assert "alert(" not in record.read_text(encoding="utf-8")


def test_the_projects_own_docs_pages_survive_sanitising(tmp_path):
    """Every page of docs/ builds as before: tables, admonitions, heading ids and slot markers stay."""
    html = sanitise_page_html('<h2 id="x">标题</h2><div class="admonition note"><p class="admonition-title">注</p>'
                              '</div><!-- cj:slot home --><table><tr><td align="right">1</td></tr></table>')
    assert html == ('<h2 id="x">标题</h2><div class="admonition note"><p class="admonition-title">注</p>'
                    '</div><!-- cj:slot home --><table><tbody><tr><td align="right">1</td></tr></tbody></table>')


def test_misplaced_docs_files_names_each_file():
    problems = misplaced_docs_files([("index.md", "index.html"), ("cases/BG-2026-01.md", "cases/BG-2026-01/index.html"),
                                     ("x/run.mjs", "x/run.mjs"), ("search-index/a.json", "search-index/a.json")])
    assert [p.split("：")[0] for p in problems] == ["docs/cases/BG-2026-01.md", "docs/search-index/a.json",
                                                   "docs/x/run.mjs"]

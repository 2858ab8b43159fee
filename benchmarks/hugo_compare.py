#!/usr/bin/env python3
"""A Hugo yardstick for the site build: ``python3 benchmarks/hugo_compare.py N DIR``.

Writes the synthetic repository of N records (benchmarks/synth.py) to DIR/repo and a
Hugo site to DIR/hugo with one page per record (every field in a table, like the
record pages), one list page per kind and a JSON search index of every page's text,
then prints the two commands to time side by side, for example with farm-bench:

    farm-bench -n 3 --vs "hugo --quiet -s DIR/hugo -d DIR/hugo-out" -- \\
        .venv/bin/python benchmarks/hugo_compare.py --build DIR

Needs Debian's ``hugo`` (apt-get install hugo). DIR should be outside the repository.
"""
from __future__ import annotations

import json
import shutil
import sys
from datetime import date
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TODAY = date(2026, 11, 23)
FOLDERS = {"demand": "demand", "supply": "supply", "cases": "cases", "donations": "donations"}

CONFIG = """baseURL = "https://example.org/changjing/"
languageCode = "zh-cn"
title = "晋城经开区应用场景建设"
disableKinds = ["taxonomy", "term", "RSS"]
[outputs]
home = ["HTML", "JSON"]
"""
BASEOF = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><header><a href="{{ "" | relURL }}">{{ site.Title }}</a>
<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1><table>
{{ range $k, $v := .Params.fields }}<tr><th>{{ $k }}</th><td>{{ $v }}</td></tr>{{ end }}
</table>{{ .Content }}{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><table>
{{ range .Pages }}<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.fields.batch }}</td></tr>{{ end }}
</table>{{ end }}
"""
INDEX_JSON = """{{- $pages := slice -}}
{{- range site.RegularPages -}}
{{- $pages = $pages | append (dict "url" .RelPermalink "title" .Title "text" (.Plain | default (jsonify .Params.fields))) -}}
{{- end -}}
{{- $pages | jsonify -}}
"""


def _flat(value) -> str:
    if isinstance(value, dict):
        return "；".join(f"{k}：{_flat(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(_flat(v) for v in value)
    return str(value)


def prepare(n: int, work: Path) -> None:
    sys.path.insert(0, str(HERE))
    import synth

    repo, site = work / "repo", work / "hugo"
    shutil.rmtree(work, ignore_errors=True)
    synth.generate(n, repo)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "config.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in (("baseof.html", BASEOF), ("single.html", SINGLE), ("list.html", LIST)):
        (site / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    (site / "layouts" / "index.json").write_text(INDEX_JSON, encoding="utf-8")
    (site / "layouts" / "index.html").write_text('{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}', encoding="utf-8")
    for folder in FOLDERS:
        out = site / "content" / folder
        out.mkdir(parents=True)
        (out / "_index.md").write_text(f"---\ntitle: {folder}\n---\n", encoding="utf-8")
        for path in sorted((repo / "submissions" / folder).glob("*.*")):
            text = path.read_text(encoding="utf-8")
            body = ""
            if path.suffix == ".md":
                _, front, body = text.split("---\n", 2)
                data = yaml.safe_load(front)
            else:
                data = yaml.safe_load(text)
            fields = {k: _flat(v) for k, v in data.items()}
            head = json.dumps({"title": f"{data['id']} {data.get('title', '')}", "fields": fields}, ensure_ascii=False)
            (out / f"{path.stem}.md").write_text(head + "\n" + body, encoding="utf-8")


def build_changjing(work: Path) -> None:
    """The changjing side: the real build of DIR/repo, as benchmarks/site_build.py runs it."""
    sys.path.insert(0, str(HERE))
    import synth

    from changjing.site.cli import build_site

    repo = work / "repo"
    state = synth.synthetic_state(repo, TODAY)
    build_site(repo, TODAY, work / "changjing-out", config_file=ROOT / "mkdocs.yml", state=state)


if __name__ == "__main__":
    if sys.argv[1] == "--build":
        build_changjing(Path(sys.argv[2]))
    else:
        size, folder = int(sys.argv[1]), Path(sys.argv[2]).resolve()
        prepare(size, folder)
        py = sys.executable
        print(f'hugo --quiet -s {folder / "hugo"} -d {folder / "hugo-out"}')
        print(f"{py} {Path(__file__).resolve()} --build {folder}")

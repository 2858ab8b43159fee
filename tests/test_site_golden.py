"""Golden test: a small synthetic site compared with the expected output in tests/golden/expected/.

Compared: the article (main content) of every generated page, the feed, the sitemap and
the CSV/JSON downloads. The theme's header and assets are left out, so a Material upgrade
does not churn the golden files; the content we generate is compared byte for byte.

Regenerate after an intended change:  python3 tests/test_site_golden.py --regenerate
"""
from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "golden" / "expected"
TODAY = date(2026, 11, 23)
N = 12
SECTIONS = ("demand", "supply", "cases", "donations", "notices", "rewards", "stats", "downloads")
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>.*?</article>', re.S)


def build_golden(tmp: Path) -> dict[str, str]:
    sys.path.insert(0, str(HERE))
    from site_helpers import ROOT, set_site_url

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    from changjing.site.cli import build_site

    repo, out = tmp / "repo", tmp / "build"
    synth.generate(N, repo)
    set_site_url(repo)  # with a real address: the feed and sitemap are part of the golden output
    build_site(repo, TODAY, out, config_file=ROOT / "mkdocs.yml", state=synth.synthetic_state(repo, TODAY),
               search=False)
    files: dict[str, str] = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.suffix == ".html" and (rel == "index.html" or rel.split("/")[0] in SECTIONS):
            m = _ARTICLE.search(path.read_text(encoding="utf-8"))
            files[rel] = (m.group(0) if m else "") + "\n"
        elif rel in ("feed.xml", "sitemap.xml") or (rel.startswith("downloads/") and path.suffix in (".csv", ".json")):
            files[rel] = path.read_bytes().decode("utf-8")
    return files


def test_golden(tmp_path):
    got = build_golden(tmp_path)
    expected = {p.relative_to(EXPECTED).as_posix(): p.read_bytes().decode("utf-8")
                for p in sorted(EXPECTED.rglob("*")) if p.is_file()}
    assert sorted(got) == sorted(expected), "files differ; regenerate with: python3 tests/test_site_golden.py --regenerate"
    changed = [k for k in got if got[k] != expected[k]]
    assert changed == [], "regenerate with: python3 tests/test_site_golden.py --regenerate"


if __name__ == "__main__":
    import shutil
    import tempfile

    if "--regenerate" not in sys.argv:
        sys.exit("usage: python3 tests/test_site_golden.py --regenerate")
    with tempfile.TemporaryDirectory() as tmp:
        files = build_golden(Path(tmp))
    shutil.rmtree(EXPECTED, ignore_errors=True)
    for rel, text in files.items():
        target = EXPECTED / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")
    print(f"wrote {len(files)} files to {EXPECTED}")

"""The build pipeline: reproducible bytes, downloads that match their schema, feed, sitemap."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from site_helpers import ROOT, SAMPLE_TODAY, TEST_SITE_URL, set_site_url

from changjing.site.safety import scan_site


def _digest_tree(path: Path) -> dict[str, str]:
    return {p.relative_to(path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    import synth

    from changjing.site.cli import build_site

    repo = tmp_path_factory.mktemp("repo")
    synth.generate(30, repo)
    set_site_url(repo)
    state = synth.synthetic_state(repo, SAMPLE_TODAY)
    a = tmp_path_factory.mktemp("a") / "build"
    b = tmp_path_factory.mktemp("b") / "build"
    build_site(repo, SAMPLE_TODAY, a, config_file=ROOT / "mkdocs.yml", state=state)
    build_site(repo, SAMPLE_TODAY, b, config_file=ROOT / "mkdocs.yml", state=synth.synthetic_state(repo, SAMPLE_TODAY))
    return repo, state, a, b


def test_same_inputs_same_bytes(small):
    _, _, a, b = small
    da, db = _digest_tree(a), _digest_tree(b)
    assert da.keys() == db.keys()
    assert [k for k in da if da[k] != db[k]] == []
    assert any(k.startswith("search-index/s/") for k in da)
    assert any(k.endswith(".xlsx") for k in da)


def test_no_build_timestamps(small):
    _, _, a, _ = small
    sitemap = (a / "sitemap.xml").read_text(encoding="utf-8")
    import datetime

    assert datetime.date.today().isoformat() not in sitemap or datetime.date.today() == SAMPLE_TODAY
    assert "_shell" not in sitemap and not (a / "_shell").exists()


def test_downloads_match_their_json_schema(small):
    import jsonschema

    _, state, a, _ = small
    for kind in ("demand", "supply", "case", "donation"):
        doc = json.loads((a / "downloads" / f"{kind}.json").read_text(encoding="utf-8"))
        schema = json.loads((a / "downloads" / "schema" / f"{kind}.json").read_text(encoding="utf-8"))
        jsonschema.validate(doc, schema)
        assert doc["count"] == len(doc["records"]) > 0
        rows = list(csv.reader(io.StringIO((a / "downloads" / f"{kind}.csv").read_bytes().decode("utf-8-sig"))))
        assert sorted(r[0] for r in rows[1:]) == sorted(r["id"] for r in doc["records"])
    batch = json.loads((a / "downloads" / "demand-2025-H1.json").read_text(encoding="utf-8"))
    assert batch["records"] and all(r["record"]["batch"] == "2025-H1" for r in batch["records"])


def test_feed_and_sitemap_are_well_formed(small):
    _, state, a, _ = small
    feed = ET.parse(a / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert entries and any("公示" in e.find("a:title", ns).text for e in entries)
    urls = [u[0].text for u in ET.parse(a / "sitemap.xml").getroot()]
    assert any(u.endswith("/demand/XQ-2025-0001/") for u in [x[0].text for x in ET.parse(a / "sitemap.xml").getroot()])
    assert urls and all(u.startswith(TEST_SITE_URL) for u in urls)


def test_repository_sample_builds(tmp_path):
    """The project's own sample data, with the real derived state, builds strictly and cleanly."""
    from changjing.site.cli import build_site

    out = build_site(ROOT, SAMPLE_TODAY, tmp_path / "build", search=False)
    assert scan_site(out) == {}
    assert (out / "notices" / "index.html").exists()


def test_committed_download_schemas_are_current():
    from changjing.site.downloads import schema_files

    stale = [rel for rel, text in schema_files().items()
             if json.loads((ROOT / rel).read_text(encoding="utf-8")) != json.loads(text)]
    assert stale == [], "run: python3 -m changjing.site.downloads ."


def test_cli_build_exit_codes(tmp_path):
    import synth

    from changjing.cli import main

    synth.generate(6, tmp_path / "repo")
    out = tmp_path / "out"
    assert main(["build", "--root", str(tmp_path / "repo"), "--today", "2026-11-23", "--site-dir", str(out),
                 "--no-search"]) == 0
    assert (out / "index.html").exists() and (out / "404.html").exists()
    # no real address in lists/settings.yaml: no sitemap or feed, and no page names a placeholder host
    assert not (out / "sitemap.xml").exists() and not (out / "feed.xml").exists()
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "example.org" not in text and "feed.xml" not in text, page
    bad = sorted((tmp_path / "repo" / "submissions" / "supply").glob("*.yaml"))[0]
    bad.write_text(bad.read_text(encoding="utf-8").replace("kind: ", "kind: 不存在的类别 #"), encoding="utf-8")
    assert main(["build", "--root", str(tmp_path / "repo"), "--today", "2026-11-23", "--site-dir", str(out),
                 "--no-search"]) == 1

"""The public site serves its readers: honest counts, records a company can act on, a proper government site.

Built from the project's sample data (real derived state) with the real mkdocs pipeline.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
import threading
from datetime import date
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from site_helpers import ROOT, SAMPLE_TODAY, TEST_SITE_URL, set_site_url

from changjing.site.data import LISTED_STATUSES, load_site_data


def _copy_sample(dest: Path) -> Path:
    for name in ("submissions", "lists"):
        shutil.copytree(ROOT / name, dest / name)
    return dest


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample built twice: as committed (no site address) and with a real address set."""
    from changjing.site.cli import build_site

    plain = build_site(ROOT, SAMPLE_TODAY, tmp_path_factory.mktemp("plain") / "build", search=False)
    repo = _copy_sample(tmp_path_factory.mktemp("repo"))
    set_site_url(repo, source_base="https://code.jkq.test/cj/blob/main/",
                 apply_form_url="https://code.jkq.test/cj/issues/new/choose")
    addressed = build_site(repo, SAMPLE_TODAY, tmp_path_factory.mktemp("addr") / "build", search=False,
                           config_file=ROOT / "mkdocs.yml")
    return plain, addressed


def _visible(html: str) -> str:
    """The text a reader sees: no tags, attributes, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _pages(site: Path):
    for p in sorted(site.rglob("*.html")):
        if "pagefind" not in p.relative_to(site).parts and "assets" not in p.relative_to(site).parts:
            yield p


def test_lists_and_counts_hold_published_records_only(sample):
    site, _ = sample
    data = load_site_data(ROOT, SAMPLE_TODAY)
    not_listed = [i for i in data.all_items() if i.status not in LISTED_STATUSES]
    # the sample has records on notice, withdrawn, rejected and revoked: the test means something
    assert {i.status for i in not_listed} >= {"公示中", "待发布", "已撤回", "未通过", "已撤销"}
    lists = {"demand": "demand", "supply": "supply", "case": "cases", "donation": "donations"}
    for kind, folder in lists.items():
        html = (site / folder / "index.html").read_text(encoding="utf-8")
        rows = re.findall(r'<tr[^>]* data-id="([^"]+)"', html)
        assert rows == [i.id for i in data.items[kind] if i.status in LISTED_STATUSES]
        assert f"共 <span data-cj-count>{len(rows)}</span> 条（已发布 {len(rows)} 条）" in html
    assert "GJ-2025-0017" not in re.findall(r'data-id="([^"]+)"', (site / "supply" / "index.html").read_text("utf-8"))
    home = _visible((site / "index.html").read_text(encoding="utf-8"))
    n_demand = sum(1 for i in data.items["demand"] if i.listed)
    assert re.search(rf"\b{n_demand}\s+已发布场景需求", home)
    stats = _visible((site / "stats" / "index.html").read_text(encoding="utf-8"))
    assert f"场景需求 {n_demand} 条" in stats and "不计入以上数字" in stats
    # a withdrawn record keeps its page, saying why it is not in the list
    withdrawn = next(i for i in not_listed if i.status == "已撤回")
    page = (site / withdrawn.url / "index.html").read_text(encoding="utf-8")
    assert "不在已发布清单中" in page


def test_amounts_are_grouped_and_batches_read_as_words(sample):
    site, _ = sample
    for page in _pages(site):
        text = _visible(page.read_text(encoding="utf-8"))
        # GB/T 15835: four-digit integers may go ungrouped; from five digits on they are grouped (185,000 元)
        assert not re.search(r"(?<![\d,.])\d{5,}(\.\d+)?\s*(元|万元)", text), (page, re.findall(r"\d{5,}\s*万?元", text))
        # a batch code may appear only as code to type into a file (field reference, guide)
        prose = _visible(re.sub(r"<code[^>]*>.*?</code>", " ", page.read_text(encoding="utf-8"), flags=re.S))
        assert not re.search(r"\b20\d\d-H[12]\b", prose), page
    rows = list(csv.reader(io.StringIO((site / "downloads" / "demand.csv").read_bytes().decode("utf-8-sig"))))
    head = rows[0]
    assert all(re.fullmatch(r"20\d\d年[上下]半年", r[head.index("征集批次")]) for r in rows[1:])


PLACEHOLDER_HOST = re.compile(r"(?<![\w-])(?:[\w-]+\.)*example\.(?:com|org|net)(?![\w-])|\.example(?![\w.-])", re.I)


def _without_theme_styles(text: str) -> str:
    """List pages carry the theme's stylesheets inline (listing.fast_first_view); like assets/, that is the
    theme's own text (Material styles an admonition class named "example")."""
    return re.sub(r"<style>.*?</style>", "", text, flags=re.S)


def test_no_placeholder_host_in_anything_the_site_serves(sample):
    """Pages, downloads (CSV, JSON, XLSX), list rows, calendars, feeds: no reserved example host, which would
    be an address nobody can reach (the theme's own bundled scripts aside)."""
    import zipfile

    for site in sample:
        for path in sorted(site.rglob("*")):
            if path.suffix == ".xlsx":
                with zipfile.ZipFile(path) as z:
                    text = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
            elif path.suffix in (".html", ".csv", ".json", ".ics", ".xml", ".txt") and "assets" not in path.parts:
                text = _without_theme_styles(path.read_text(encoding="utf-8-sig"))
            else:
                continue
            assert not PLACEHOLDER_HOST.search(text), (path, PLACEHOLDER_HOST.search(text).group(0))


def test_every_page_is_a_government_page_without_placeholder_hosts(sample):
    plain, addressed = sample
    for site in (plain, addressed):
        for page in _pages(site):
            html = page.read_text(encoding="utf-8")
            assert not PLACEHOLDER_HOST.search(_without_theme_styles(html)) and "jincheng-kfq" not in html, page
            assert '<meta name="SiteName" content="晋城经开区应用场景建设">' in html, page
            assert '<meta name="SiteIDCode" content="1405000046">' in html, page
            assert "主办单位：晋城经济技术开发区管理委员会" in html, page
            assert 'href="https://beian.miit.gov.cn/"' in html and "beian.mps.gov.cn" in html, page
            assert "zfwzzc.www.gov.cn" in html, page  # 纠错
            if page.name == "index.html" and page.parent != site:
                assert '<meta name="ColumnName"' in html, page
    record = (plain / "demand" / "XQ-2025-0001" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="ArticleTitle" content="XQ-2025-0001 ' in record and '<meta name="PubDate" content="2025-10-10">' in record
    assert '<meta name="ContentSource"' in record
    assert "submissions/demand/XQ-2025-0001.yaml</code>" in record and "github.com" not in record
    notice = _visible((plain / "notices" / "2025-H1" / "index.html").read_text(encoding="utf-8"))
    for label in ("索引号", "发布机构", "成文日期", "发布日期", "文号"):
        assert label in notice
    # the sample has no real address: no sitemap, no feed; with one, both exist and use it
    assert not (plain / "sitemap.xml").exists() and not (plain / "feed.xml").exists()
    assert TEST_SITE_URL + "demand/XQ-2025-0001/" in (addressed / "sitemap.xml").read_text(encoding="utf-8")
    assert '<meta name="SiteDomain" content="cj.jkq.test">' in (addressed / "index.html").read_text("utf-8")
    record = (addressed / "demand" / "XQ-2025-0001" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://code.jkq.test/cj/blob/main/submissions/demand/XQ-2025-0001.yaml"' in record


def test_downloads_carry_contacts_and_absolute_addresses(sample):
    _, addressed = sample
    rows = list(csv.reader(io.StringIO((addressed / "downloads" / "demand.csv").read_bytes().decode("utf-8-sig"))))
    head = rows[0]
    assert rows[1:] and all(r[head.index("联系方式")] for r in rows[1:])
    assert all(r[head.index("网址")].startswith(TEST_SITE_URL + "demand/XQ-") for r in rows[1:])


def test_developer_reference_is_not_public(sample):
    site, _ = sample
    for name in ("cli", "pr", "site"):
        assert not (site / "reference" / name).exists()
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        assert "reference/cli/" not in html and "reference/pr/" not in html and "reference/site/" not in html, page
    assert (site / "reference" / "rules" / "index.html").exists()
    from changjing.site.pages_public import is_public_file

    assert not is_public_file(ROOT / "docs" / "reference" / "cli.md")
    assert is_public_file(ROOT / "docs" / "apply" / "index.md")


def test_guide_starts_with_the_form_and_a_phone_number(sample):
    site, _ = sample
    html = (site / "apply" / "index.html").read_text(encoding="utf-8")
    article = _visible(html[html.index("<article"):html.index("</article>")])
    assert article.index("0356-2226000") < article.index("Git")
    assert "在线申报" in article[:article.index("Git")]


def test_demand_summary_tells_a_company_how_to_act(sample):
    site, _ = sample
    closed = _visible((site / "demand" / "XQ-2025-0001" / "index.html").read_text(encoding="utf-8"))
    summary = closed[closed.index("需求摘要"):closed.index("公开信息")]
    for part in ("预算", "260 万元", "合作方式", "揭榜挂帅", "响应截止", "2025-10-22", "已截止", "联系方式", "领导小组办公室", "如何响应", "匹配的供给", "GJ-2025-0001"):
        assert part in summary, part
    open_ = _visible((site / "demand" / "XQ-2025-0017" / "index.html").read_text(encoding="utf-8"))
    assert "征集中" in open_[open_.index("需求摘要"):open_.index("公开信息")]
    assert "：是" not in open_ and "不是一般性政府基础设施建设" not in open_
    assert "本场景不属于：一般性政府基础设施建设" in open_
    listing = (site / "demand" / "index.html").read_text(encoding="utf-8")
    assert 'data-open="征集中"' in listing and "只看征集中" in listing and "没有符合条件的记录" in listing
    for head in ("预算", "响应截止", "征集", "发布日期"):
        assert f">{head}</th>" in listing
    # a record on notice links its notice and the objection channel
    on_notice = _visible((site / "demand" / "XQ-2026-0001" / "index.html").read_text(encoding="utf-8"))
    assert "本记录正在公示" in on_notice and "异议" in on_notice and "发布后征集" in on_notice


def test_not_found_page_is_chinese_and_served(sample):
    from changjing.site.cli import serve

    site, _ = sample
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "页面不存在" in html and 'href="/search/"' in html and "Not found" not in html
    assert not re.search(r'(href|src)="(\.\./|assets/)', html)  # served at any depth: links from the root
    server = serve(site, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/no/such/page/")
        assert err.value.code == 404
        body = err.value.read().decode("utf-8")
        assert "页面不存在" in body and "返回首页" in body
    finally:
        server.shutdown()
        server.server_close()


def test_reply_deadline_rule(tmp_path):
    from changjing.check import check

    repo = _copy_sample(tmp_path)
    src = (repo / "submissions" / "demand" / "XQ-2026-0002.yaml").read_text(encoding="utf-8")
    new = re.sub(r"^reply_deadline: .*$", "reply_deadline: 2026-11-24", src, flags=re.M)
    new = re.sub(r"^submitted: .*$", "submitted: 2026-11-20", new, flags=re.M)
    new = new.replace("XQ-2026-0002", "XQ-2026-0099").replace("batch: 2026-H2", "batch: 2026-H2")
    (repo / "submissions" / "demand" / "XQ-2026-0099.yaml").write_text(new, encoding="utf-8")
    published = repo / "submissions" / "demand" / "XQ-2025-0001.yaml"
    published.write_text(re.sub(r"^reply_deadline: .*$", "reply_deadline: 2025-07-31",
                                published.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    result = check(repo, today=SAMPLE_TODAY)
    codes = [(d.path, d.code, d.severity.value) for d in result.diagnostics if "REPLY-DEADLINE" in d.code]
    assert ("submissions/demand/XQ-2026-0099.yaml", "W-REPLY-DEADLINE", "error") in codes
    # published records whose deadline passed before publication are flagged, not refused
    assert ("submissions/demand/XQ-2025-0001.yaml", "W-REPLY-DEADLINE-PAST", "warning") in codes
    assert not any(c[1] == "W-REPLY-DEADLINE" and "XQ-2026-0099" not in c[0] for c in codes)
    # a pull request that adds the demand checks that file alone: the rule runs there too
    alone = check(repo, ["submissions/demand/XQ-2026-0099.yaml"], today=SAMPLE_TODAY)
    assert [(d.code, d.line) for d in alone.diagnostics if d.is_error] == [
        ("W-REPLY-DEADLINE", new.splitlines().index("reply_deadline: 2026-11-24") + 1)]


def test_open_demand_says_how_to_register_intent(sample):
    """An open demand's page tells a company how to register its intent: the form when the settings name it
    (linked), the office's phone always; a closed demand takes none."""
    plain, addressed = sample
    for site, linked in ((plain, False), (addressed, True)):
        html = (site / "demand" / "XQ-2025-0017" / "index.html").read_text(encoding="utf-8")
        block = html[html.index('id="matching"'):]
        block = block[:block.index("</p>")]
        assert ('href="https://code.jkq.test/cj/issues/new/choose"' in block) is linked
        assert "合作意向登记" in block and "0356-2226000" in block
        steps = _visible(html[html.index('class="cj-steps"'):html.index("</ol>", html.index('class="cj-steps"'))])
        assert "登记合作意向" in steps
    closed = (plain / "demand" / "XQ-2025-0001" / "index.html").read_text(encoding="utf-8")
    assert "不再接受合作意向" in closed


def test_record_fields_link_the_public_records_they_name(sample):
    """A case's 对应需求编号 and 对应供给编号 are links to those records' pages."""
    plain, _ = sample
    html = (plain / "cases" / "BG-2026-01" / "index.html").read_text(encoding="utf-8")
    fields = html[html.index('id="fields"'):]
    assert '<a href="../../demand/XQ-2025-0001/">XQ-2025-0001</a>' in fields
    assert '<a href="../../supply/GJ-2025-0001/">GJ-2025-0001</a>' in fields


def test_reply_deadline_lapsed_before_publication(tmp_path):
    """A demand not yet published whose deadline has gone by is flagged (a warning: it depends on today);
    published, rejected and withdrawn demands are not."""
    from changjing.check import check

    repo = _copy_sample(tmp_path)
    later = check(repo, today=date(2027, 1, 20))
    lapsed = {d.path for d in later.diagnostics if d.code == "W-REPLY-DEADLINE-LAPSED"}
    assert all(not d.is_error for d in later.diagnostics if d.code == "W-REPLY-DEADLINE-LAPSED")
    assert "submissions/demand/XQ-2026-0001.yaml" in lapsed  # in 公示, deadline 2026-12-31
    assert "submissions/demand/XQ-2025-0017.yaml" not in lapsed  # published: W-REPLY-DEADLINE-PAST's business
    now = check(repo, today=SAMPLE_TODAY)
    assert not any(d.code == "W-REPLY-DEADLINE-LAPSED" for d in now.diagnostics)


def test_site_structure_links_resolve_and_every_shown_id_has_a_page(sample):
    """No broken internal link on any page (404.html included, resolved from the site root), and every
    record ID a page shows as a record has a page of its own."""
    from urllib.parse import unquote, urljoin, urlsplit

    for site, root_path in zip(sample, ("/", "/cj/")):  # the addressed build lives under /cj/ (TEST_SITE_URL)
        broken, orphans = [], set()
        pages = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
        for page in _pages(site):
            rel = page.relative_to(site).as_posix()
            base = "http://h/" + ("deep/er/" if rel == "404.html" else rel)
            html = page.read_text(encoding="utf-8")
            for url in re.findall(r'(?:href|src)="([^"#?]+)', html):
                parts = urlsplit(urljoin(base, url))
                if parts.scheme not in ("http", "https") or parts.netloc != "h":
                    continue
                path = parts.path
                if rel == "404.html":  # linked from the site's root path, wherever it is served
                    assert path.startswith(root_path), (url, root_path)
                    path = "/" + path[len(root_path):]
                target = unquote(path.lstrip("/"))
                if not (target in pages or (target.rstrip("/") + "/index.html").lstrip("/") in pages
                        or target == ""):
                    broken.append((rel, url))
            text = _visible(re.sub(r"<code[^>]*>.*?</code>", " ", html, flags=re.S))
            for rid in re.findall(r"\b(?:XQ|GJ)-20\d\d-\d{4}\b|\b(?:BG|JZ)-20\d\d-\d{2}\b", text):
                folder = {"XQ": "demand", "GJ": "supply", "BG": "cases", "JZ": "donations"}[rid[:2]]
                if f"{folder}/{rid}/index.html" not in pages:
                    orphans.add((rel, rid))
        assert broken == [], broken[:10]
        assert orphans == set(), sorted(orphans)[:10]

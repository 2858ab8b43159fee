"""The page generator: everything made from records, written straight into the output directory.

``generate()`` runs after mkdocs (:mod:`changjing.site.mkdocs_glue`), the one build
path: it fills the slots of the pages Material built (``<!-- cj:slot NAME -->``)
and wraps record and notice pages in the header and navigation of the hidden
``_shell`` page, so they look like the rest of the site.
Nothing here reads the clock: the same inputs and ``today`` give the same bytes.
"""
from __future__ import annotations

import html as htmllib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from ..identifiers import site_path_problem
from ..workflow import Notice
from . import charts, docs_gate, downloads, events, feeds, safety
from .data import RECORD_KINDS, Item, SiteData
from .matching_view import record_matching
from .render import describe, field_rows, narrative_html, render

SITE_NAME = "晋城经开区应用场景建设"
TITLE_TOKEN = "CJ_TITLE_TOKEN"
CONTENT_TOKEN = "CJ_CONTENT_TOKEN"
PATH_TOKEN = "CJ_PATH_TOKEN"
SHELL_DIR = "_shell"

#: slot name → (path of the page in the output, its title)
SLOTS = {
    "home": ("", "首页"),
    "demand-list": ("demand/", "场景需求清单"),
    "supply-list": ("supply/", "场景供给清单"),
    "case-list": ("cases/", "标杆案例"),
    "donation-list": ("donations/", "捐赠场景"),
    "notices": ("notices/", "公示"),
    "events": ("events/", "对接活动"),
    "rewards": ("rewards/", "奖励台账"),
    "stats": ("stats/", "统计"),
    "downloads": ("downloads/", "数据下载"),
    "search": ("search/", "搜索"),
}
#: pages whose whole text is already on record pages: kept out of the search index
UNINDEXED_PATHS = {path for path, _ in SLOTS.values()}

STATUS_CLASS = {"已发布": "ok", "对接中": "ok", "建设中": "ok", "已建成": "ok", "标杆": "ok", "公示中": "wait",
                "未通过": "off", "已撤回": "off", "已撤销": "off"}
ORG_LABEL = {"demand": "需求方", "supply": "供给方", "case": "投资方", "donation": "捐赠方"}


def status_class(status: str) -> str:
    return STATUS_CLASS.get(status, "wait")


# -- frames --------------------------------------------------------------------------

class Frame:
    """A page skeleton with title / content / path tokens."""

    def __init__(self, html: str):
        if CONTENT_TOKEN not in html:
            raise ValueError("frame without content token")
        self.head, self.tail = html.split(f"<p>{CONTENT_TOKEN}</p>" if f"<p>{CONTENT_TOKEN}</p>" in html
                                          else CONTENT_TOKEN, 1)

    def page(self, title: str, path: str, content: str) -> str:
        t = htmllib.escape(title)
        return (self.head.replace(TITLE_TOKEN, t).replace(PATH_TOKEN, path) + content
                + self.tail.replace(TITLE_TOKEN, t).replace(PATH_TOKEN, path))


SEARCH_DOC = '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{title}</title></head>' \
    '<body data-pagefind-body><h1>{title}</h1>{content}</body></html>'


@dataclass
class Output:
    out: Path
    shell: Frame  # the hidden _shell page Material built: header, navigation, footer
    written: list[str]
    search_src: Path | None = None  # slim copies of the indexed pages, for pagefind

    def index_page(self, path: str, title: str, content: str) -> None:
        """Give pagefind the page's own text without the theme around it (5× less to parse)."""
        if self.search_src is None:
            return
        target = self.search_src / path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(SEARCH_DOC.format(title=htmllib.escape(title), content=content), encoding="utf-8")

    def write(self, path: str, title: str, content: str, search_content: str | None = None) -> None:
        problem = site_path_problem(path)  # page folders are built from IDs: never a way out of the site
        if problem:
            raise ValueError(problem)
        if path.count("/") != 2:
            raise ValueError(f"{path}: generated pages sit two levels deep, like the _shell page they are framed in")
        target = self.out / path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        html = self.shell.page(title, path, content)
        target.write_text(html, encoding="utf-8")
        self.written.append(path)
        if path not in UNINDEXED_PATHS:
            self.index_page(path, title, content if search_content is None else search_content)

    def fill_slot(self, slot: str, content: str) -> None:
        path, _ = SLOTS[slot]
        target = self.out / path / "index.html"
        html = target.read_text(encoding="utf-8")
        marker = f"<!-- cj:slot {slot} -->"
        if marker not in html:
            raise ValueError(f"{target}: no {marker}")
        target.write_text(html.replace(marker, content, 1), encoding="utf-8")
        self.written.append(path)


# -- pages ---------------------------------------------------------------------------

def base_for(path: str) -> str:
    return "../" * path.count("/") or "./"


def notice_state(n: Notice, today: date) -> str:
    if today < n.start:
        return "未开始"
    return "公示中" if today <= n.end else "公示期满"


def record_page(item: Item, data: SiteData) -> str:
    model = item.model
    base = base_for(item.url)
    reward = next((r for r in data.state.rewards if r.record_id == item.id), None)
    rows = field_rows(model, skip=("id", "title"))
    for row in rows:  # a credit code reads better with the organisation's name
        if row["name"] in item.kind.credit_fields and row["type"] == "text" and row["text"] in data.orgs:
            row["text"] = f"{data.orgs[row['text']].name}（{row['text']}）"
    org = data.orgs.get(item.org_code)
    if org is not None and "contact" in type(model).model_fields and model.contact is None:
        # no contact of its own: the owner's registered office contact applies
        rows.append({"name": "contact", "title": "联系方式（单位登记）", **describe(org.contact)})
    return render(
        "record.html", item=item, base=base, rows=rows,
        status_class=status_class, org_label=ORG_LABEL[item.kind.name],
        certification=item.state.certification,
        narrative=_markup(narrative_html(item.record.body)) if item.kind.name == "case" and item.record.body.strip() else "",
        reward=reward, id_words=id_words(item.id),
        events=sorted((e for e in data.state.events if item.id in e.records), key=lambda e: (e.day, e.event_id)),
        matching=record_matching(item, data),
        source_url=data.source_base + item.record.path)


_NOT_WORDS = re.compile(r"^(\d{4}-\d{2}-\d{2}|[0-9A-Z]{18}|[\d.,%\s]+|是|否)$")


def search_text(item: Item) -> str:
    """What pagefind indexes for a record: its words, not its dates, codes and field labels.

    Dates, credit codes and bare numbers are unique per record, so indexing them grows the
    index (and pagefind's memory) with no use to a reader; the record page still shows them.
    """
    words: list[str] = [f"{item.kind.label} {item.id} {id_words(item.id)} {item.status}", item.org_name]
    for row in field_rows(item.model, skip=("id", "title")):
        words.extend(_row_words(row))
    if item.kind.name == "case" and item.record.body.strip():
        words.append(re.sub(r"<[^>]+>", " ", narrative_html(item.record.body)))
    text = "\n".join(w for w in words if w and not _NOT_WORDS.match(w))
    return "<p>" + htmllib.escape(text).replace("\n", "</p><p>") + "</p>"


def _row_words(row: dict) -> list[str]:
    if row["type"] == "text":
        return [row["text"]]
    if row["type"] == "object":
        return [w for sub in row["rows"] for w in _row_words(sub)]
    return [cell for r in row["rows"] for cell in r]


def id_words(record_id: str) -> str:
    """The ID without punctuation, so a search for XQ20250001 or 2025-0001 also finds the record."""
    return record_id.replace("-", "")


def _value(item: Item, attr: str):
    """``model.x`` reads the record's own field x; a bare name reads the Item's property.

    Explicit on purpose: a silent fallback from one to the other let ``Item.kind``
    (the record kind) shadow a supply's own ``kind`` field (新产品/新技术/新工艺).
    """
    if attr.startswith("model."):
        return getattr(item.model, attr[len("model."):])
    return getattr(item, attr)


@dataclass
class Filter:
    key: str
    label: str
    attr: str

    def get(self, item: Item) -> str:
        return str(_value(item, self.attr) or "")


@dataclass
class Column:
    label: str
    attr: str
    nowrap: bool = False  # short codes and figures (batch, year, amount) that must not break

    def get(self, item: Item) -> str:
        from .render import plain

        return plain(_value(item, self.attr))


LIST_SPEC = {
    "demand": ([Filter("batch", "批次", "batch"), Filter("domain", "领域", "domain"),
                Filter("chain", "产业链", "chain"), Filter("department", "责任部门", "department"),
                Filter("status", "状态", "status")],
               [Column("需求方", "org_name"), Column("领域", "domain"), Column("责任部门", "department"),
                Column("批次", "batch", nowrap=True)]),
    "supply": ([Filter("batch", "批次", "batch"), Filter("industry", "产业", "industry"),
                Filter("chain", "产业链", "chain"), Filter("kind", "类别", "model.kind"),
                Filter("status", "状态", "status")],
               [Column("供给方", "org_name"), Column("类别", "model.kind"), Column("产业链", "chain"),
                Column("批次", "batch", nowrap=True)]),
    "case": ([Filter("status", "状态", "status"), Filter("operating", "运行状态", "model.operating_status")],
             [Column("投资方", "org_name"), Column("项目总投资", "model.total_investment", nowrap=True),
              Column("运行状态", "model.operating_status")]),
    "donation": ([Filter("year", "年度", "model.year"), Filter("rtype", "受赠方类型", "model.recipient_type"),
                  Filter("status", "状态", "status")],
                 [Column("捐赠方", "org_name"), Column("受赠方", "model.recipient"),
                  Column("捐赠金额", "model.amount", nowrap=True), Column("年度", "model.year", nowrap=True)]),
}
LIST_SLOT = {"demand": "demand-list", "supply": "supply-list", "case": "case-list", "donation": "donation-list"}


def list_page(kind: str, data: SiteData, base: str) -> str:
    items = data.items[kind]
    filters, cols = LIST_SPEC[kind]
    for f in filters:
        f.values = sorted({f.get(i) for i in items if f.get(i)})
    return render("list.html", items=items, filters=filters, columns=cols, base=base, download=kind,
                  status_class=status_class, has_amount=any(i.amount_yuan is not None for i in items))


def count_rows(values) -> list[tuple[str, int]]:
    c = Counter(v for v in values if v)
    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))


def stats_page(data: SiteData) -> str:
    allitems = data.all_items()
    dims = [
        ("batch", "按征集批次（需求与供给）", "批次", [i.batch for i in allitems], False),
        ("domain", "场景需求按领域", "领域", [i.domain for i in data.items["demand"]], True),
        ("chain", "按光机电产业链（需求方所属链与供给）", "产业链",
         [i.chain for i in data.items["demand"] + data.items["supply"]], True),
        ("department", "场景需求按责任部门", "责任部门", [i.department for i in data.items["demand"]], True),
        ("status", "按状态（全部已公开记录）", "状态", [i.status for i in allitems], True),
    ]
    chart_list = []
    for slug, title, dim, values, by_count in dims:
        rows = count_rows(values) if by_count else sorted(Counter(v for v in values if v).items())
        chart_list.append({"slug": slug, "title": title, "dimension": dim, "rows": rows,
                           "svg": _markup(charts.bar_chart(rows, title=title))})
    counts = {k: len(v) for k, v in data.items.items()}
    return render("stats.html", charts=chart_list, counts=counts, today=data.today)


def _markup(text: str):
    from markupsafe import Markup

    return Markup(text)  # built by charts.bar_chart, which escapes every label


def home_page(data: SiteData) -> str:
    running = [n for n in data.state.notices if notice_state(n, data.today) == "公示中"]
    published = [i for i in data.all_items() if i.state.published]
    newest = sorted(published, key=lambda i: (i.state.published, i.id), reverse=True)[:10]
    total = sum((r.amount_yuan for r in data.state.rewards if r.status == "应兑现"), Decimal(0))
    from .render import yuan

    figures = [{"label": "已发布场景需求", "value": len(data.items["demand"])},
               {"label": "已发布场景供给", "value": len(data.items["supply"])},
               {"label": "标杆案例", "value": len(data.items["case"])},
               {"label": "捐赠场景", "value": len(data.items["donation"])},
               {"label": "应兑现奖励", "value": yuan(total)}]
    return render("home.html", figures=figures, open_batches=[b for b in data.state.batches if b.is_open],
                  running=running, newest=newest, base="./", today=data.today, status_class=status_class)


def _finish_mkdocs_pages(out: Path, site_url: str,
                         docs_outputs: dict[str, str]) -> tuple[Frame, list[tuple[str, str, str]]]:
    """Harden the pages Material built; return the frame of its hidden ``_shell`` page and the
    (path, title, text) of the hand-written pages to index."""
    docs_to_index: list[tuple[str, str, str]] = []
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out)
        if rel.parts[0] in ("pagefind", "assets"):
            continue
        depth = len(rel.parts) - 1
        # 404.html is served at any path: Material links it absolutely from site_url, so do we
        abs_base = urlsplit(site_url).path if rel.as_posix() == "404.html" else None
        try:
            html = safety.harden(path.read_text(encoding="utf-8"), depth, out, abs_base)
        except safety.ForeignScript as exc:
            source = docs_outputs.get(rel.as_posix(), rel.as_posix())
            raise docs_gate.DocsPageProblem(f"docs/{source}：页面含有主题以外的内联脚本（{exc}），"
                                            "网站只运行项目自带的脚本。") from None
        html = html.replace("</head>", f'<link rel="alternate" type="application/atom+xml" title="{SITE_NAME}" '
                            f'href="{abs_base or base_for("x/" * depth)}feed.xml">\n</head>', 1)
        page_path = "" if len(rel.parts) == 1 else "/".join(rel.parts[:-1]) + "/"
        if page_path not in UNINDEXED_PATHS and rel.parts[0] != SHELL_DIR and rel.name == "index.html":
            article = _article(html)
            if article is not None:
                docs_to_index.append((page_path, *article))
        path.write_text(html, encoding="utf-8")
    shell = out / SHELL_DIR / "page" / "index.html"
    html = shell.read_text(encoding="utf-8").replace(f"{SHELL_DIR}/page/", PATH_TOKEN)
    shutil.rmtree(out / SHELL_DIR)
    return Frame(html), docs_to_index


def generate(data: SiteData, out: Path, *, site_url: str, search: bool = True,
             docs_outputs: dict[str, str] | None = None) -> list[str]:
    """Write every generated page, download, feed and the sitemap into ``out``, where mkdocs has
    just built the hand-written pages; index with pagefind.

    ``docs_outputs`` (output path → source path under docs/, from mkdocs) lets the generator refuse,
    with :class:`docs_gate.DocsPageProblem`, a docs page or file at an address it writes itself.
    """
    out = Path(out)
    docs_outputs = docs_outputs or {}
    _copy_assets(out)
    search_src = Path(tempfile.mkdtemp(prefix="cj-search-")) if search else None
    shell, docs_to_index = _finish_mkdocs_pages(out, site_url, docs_outputs)
    docs_before = docs_gate.digests(out, docs_outputs)
    o = Output(out=out, shell=shell, written=[], search_src=search_src)
    for page_path, title, content in docs_to_index:
        o.index_page(page_path, title, content)

    # record pages
    for item in data.all_items():
        o.write(item.url, f"{item.id} {item.title}", record_page(item, data), search_text(item))
    # lists
    for kind in RECORD_KINDS:
        path = SLOTS[LIST_SLOT[kind]][0]
        o.fill_slot(LIST_SLOT[kind], list_page(kind, data, base_for(path)))
    # notices
    notices = sorted(data.state.notices, key=lambda n: (n.start, n.notice_id), reverse=True)
    shown = []
    for n in notices:
        n = _with_state(n, data.today)
        shown.append(n)
        rows = [{"id": rid, "item": data.by_id.get(rid)} for rid in n.items]
        o.write(f"notices/{n.notice_id}/", n.title,
                render("notice.html", notice=n, items=rows, base="../../", status_class=status_class))
    o.fill_slot("notices", render("notices.html", notices=shown, base="../"))
    _write_events(o, data, site_url)
    # rewards, stats, downloads, search, home
    reward_rows = [{"reward": r, "item": data.by_id.get(r.record_id),
                    "recipient": data.orgs[r.recipient].name if r.recipient in data.orgs else r.recipient}
                   for r in sorted(data.state.rewards, key=lambda r: (r.year, r.record_id))]
    total = sum((r.amount_yuan for r in data.state.rewards if r.status == "应兑现"), Decimal(0))
    o.fill_slot("rewards", render("rewards.html", rewards=reward_rows, total=total, base="../",
                                  plan=data.state.plan_document))
    o.fill_slot("stats", stats_page(data))
    table = downloads.write_downloads(data, out)
    o.fill_slot("downloads", render("downloads.html", downloads=table, base="../"))
    o.fill_slot("search", render("search.html", base="../"))
    o.fill_slot("home", home_page(data))

    # feed and sitemap
    entries = [{"title": f"公示：{n.title}", "path": f"notices/{n.notice_id}/", "day": n.start,
                "summary": f"公示期 {n.start.isoformat()} 至 {n.end.isoformat()}，共 {len(n.items)} 项。"}
               for n in shown]
    entries += [{"title": f"{i.kind.label}发布：{i.id} {i.title}", "path": i.url, "day": i.state.published,
                 "summary": f"{i.kind.label} {i.id}（{i.status}）：{i.title}"}
                for i in data.all_items() if i.state.published]
    (out / "feed.xml").write_bytes(feeds.atom(entries, site_url=site_url, title=SITE_NAME, today=data.today))
    lastmod = {i.url: i.state.published for i in data.all_items()}
    pages = []
    for path in out.rglob("index.html"):
        rel = path.parent.relative_to(out).as_posix()
        if rel.startswith(("pagefind", "assets")):
            continue
        key = "" if rel == "." else rel + "/"
        pages.append((key, lastmod.get(key)))
    xml, gz = feeds.sitemap(pages, site_url=site_url)
    (out / "sitemap.xml").write_bytes(xml)
    (out / "sitemap.xml.gz").write_bytes(gz)
    if search_src is not None:
        try:
            run_pagefind(search_src, out / "pagefind")
        finally:
            shutil.rmtree(search_src, ignore_errors=True)
    filled = {f"{path}index.html" for path, _ in SLOTS.values()}
    problems = docs_gate.collisions(out, docs_outputs, docs_before, filled)
    if problems:
        raise docs_gate.DocsPageProblem("\n".join(problems))
    return o.written


def _write_events(o: Output, data: SiteData, site_url: str) -> None:
    views = events.event_views(data)
    for v in views:
        o.write(v.path, f"{v.event.kind}：{v.event.title}", render("event.html", v=v, base="../../", status_class=status_class))
        (o.out / v.ics).write_bytes(events.calendar([v], site_url=site_url, name=f"{v.event.kind}：{v.event.title}"))
    (o.out / events.CALENDAR_FILE).write_bytes(events.calendar(views, site_url=site_url, name=f"{SITE_NAME}对接活动"))
    o.fill_slot("events", render("events.html", views=views, base="../", calendar=events.CALENDAR_FILE))


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>(.*?)</article>', re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def _article(html: str) -> tuple[str, str] | None:
    """(title, content) of a page Material built: its article without the h1."""
    m = _ARTICLE.search(html)
    if not m:
        return None
    body = m.group(1)
    h = _H1.search(body)
    title = htmllib.unescape(re.sub(r"<[^>]+>", "", h.group(1))).strip() if h else ""
    return title, (body[:h.start()] + body[h.end():]) if h else body


def _with_state(n: Notice, today: date) -> Notice:
    from dataclasses import replace

    return replace(n, state=notice_state(n, today))


def _copy_assets(out: Path) -> None:
    target = out / "assets" / "cj"
    target.mkdir(parents=True, exist_ok=True)
    src = resources.files("changjing") / "site_assets"
    for entry in sorted(src.iterdir(), key=lambda e: e.name):
        if entry.is_file():
            (target / entry.name).write_bytes(entry.read_bytes())


def run_pagefind(source: Path, bundle: Path) -> None:
    """Index ``source`` (slim pages at the site's URLs) into ``bundle`` (the site's pagefind/ folder)."""
    shutil.rmtree(bundle, ignore_errors=True)
    cmd = [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(bundle), "--silent"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    if proc.returncode != 0:
        raise RuntimeError("pagefind failed:\n" + proc.stdout + proc.stderr)

"""The page generator: everything made from records, written straight into the output directory.

``generate()`` runs after mkdocs (:mod:`changjing.site.mkdocs_glue`), the one build
path: it fills the slots of the pages Material built (``<!-- cj:slot NAME -->``)
and wraps record and notice pages in the header and navigation of the hidden
``_shell`` page, so they look like the rest of the site.
Nothing here reads the clock: the same inputs and ``today`` give the same bytes.
"""
from __future__ import annotations

import html as htmllib
import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

from ..identifiers import site_path_problem
from ..workflow import Notice
from . import charts, docs_gate, downloads, events, feeds, safety, search_docs, search_index
from . import programmes as programme_pages
from .data import RECORD_KINDS, Item, SiteData, unlisted_counts
from .govsite import SiteInfo, add_meta, meta_tags
from .listing import LIST_SLOT, LIST_SPEC, fast_first_view, list_page
from .matching_view import record_matching
from .record_view import deadline_state, demand_summary, grouped_rows
from .render import batch_label, describe, field_rows, narrative_html, render, status_class
from .search_index import SearchDoc

SITE_NAME = "晋城经开区应用场景建设"
TITLE_TOKEN = "CJ_TITLE_TOKEN"
CONTENT_TOKEN = "CJ_CONTENT_TOKEN"
PATH_TOKEN = "CJ_PATH_TOKEN"
_CONTENT = object()  # where a page's content goes among a frame's pieces
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
    "apply-start": ("apply/", "如何申报"),
}
#: pages whose whole text is already on record pages (or that hold none): kept out of the search index
UNINDEXED_PATHS = {path for slot, (path, _) in SLOTS.items() if slot != "apply-start"}
# the zone's other programmes (晋创谷 targets, innovation coverage) fill slots of their own
SLOTS.update(programme_pages.SLOTS)

ORG_LABEL = {"demand": "需求方", "supply": "供给方", "case": "投资方", "donation": "捐赠方"}


# -- frames --------------------------------------------------------------------------

class Frame:
    """A page skeleton with title / content / path tokens."""

    def __init__(self, html: str):
        if CONTENT_TOKEN not in html:
            raise ValueError("frame without content token")
        head, tail = html.split(f"<p>{CONTENT_TOKEN}</p>" if f"<p>{CONTENT_TOKEN}</p>" in html
                                else CONTENT_TOKEN, 1)
        # cut once at every token, so that a page is one join instead of four passes over the frame
        tokens = f"({TITLE_TOKEN}|{PATH_TOKEN})"
        self.pieces = [*re.split(tokens, head), _CONTENT, *re.split(tokens, tail)]

    def page(self, title: str, path: str, content: str) -> str:
        fill = {TITLE_TOKEN: htmllib.escape(title), PATH_TOKEN: path, _CONTENT: content}
        return "".join(fill.get(piece, piece) for piece in self.pieces)


@dataclass
class Output:
    out: Path
    shell: Frame  # the hidden _shell page Material built: header, navigation, footer
    written: list[str]
    search_docs: list[SearchDoc] | None = None  # what the search index holds; None: no index
    info: SiteInfo = field(default_factory=SiteInfo)  # lists/settings.yaml site: (meta tags)

    def index_doc(self, doc: SearchDoc) -> None:
        if self.search_docs is not None:
            self.search_docs.append(doc)

    def write(self, path: str, title: str, content: str, *, article: bool = False,
              published: date | None = None, source: str = "") -> None:
        problem = site_path_problem(path)  # page folders are built from IDs: never a way out of the site
        if problem:
            raise ValueError(problem)
        if path.count("/") != 2:
            raise ValueError(f"{path}: generated pages sit two levels deep, like the _shell page they are framed in")
        target = self.out / path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        html = add_meta(self.shell.page(title, path, content),
                        meta_tags(self.info, path, title=title, article=article, published=published, source=source))
        target.write_text(html, encoding="utf-8")
        self.written.append(path)

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


def awaiting_publication(n: Notice, data: SiteData) -> list[Item]:
    """The records of an ended notice that are 待发布 (passed the 公示, publication not recorded yet)."""
    if notice_state(n, data.today) != "公示期满":
        return []
    return [data.by_id[rid] for rid in n.items if rid in data.by_id and data.by_id[rid].status == "待发布"]


def record_page(item: Item, data: SiteData) -> str:
    model = item.model
    base = base_for(item.url)
    reward = data.reward_by_record.get(item.id)
    rows = field_rows(model, skip=("id", "title"))
    for row in rows:  # a credit code reads better with the organisation's name
        if row["name"] in item.kind.credit_fields and row["type"] == "text" and row["text"] in data.orgs:
            row["text"] = f"{data.orgs[row['text']].name}（{row['text']}）"
        elif row["type"] == "text" and row["text"] in data.by_id and row["text"] != item.id:
            row["href"] = base + data.by_id[row["text"]].url  # a record it names, public: one tap away
    org = data.orgs.get(item.org_code)
    if org is not None and "contact" in type(model).model_fields and model.contact is None:
        # no contact of its own: the owner's registered office contact applies
        rows.append({"name": "contact", "title": "联系方式（单位登记）", **describe(org.contact)})
    notices = [n for n in data.state.notices
               if item.status == "公示中" and item.id in n.items and notice_state(n, data.today) == "公示中"]
    # 待发布: the notice it was on, whose period has ended (the latest, should a record be on more than one)
    ended = [n for n in data.state.notices
             if item.status == "待发布" and item.id in n.items and notice_state(n, data.today) == "公示期满"]
    return render(
        "record.html", item=item, base=base, groups=grouped_rows(item, rows), notices=notices,
        ended_notice=max(ended, key=lambda n: (n.end, n.notice_id)) if ended else None,
        summary=demand_summary(item, data) if item.kind.name == "demand" else None,
        status_class=status_class, org_label=ORG_LABEL[item.kind.name],
        certification=item.state.certification,
        narrative=_markup(narrative_html(item.record.body)) if item.kind.name == "case" and item.record.body.strip() else "",
        reward=reward,
        events=data.events_by_record.get(item.id, []),
        matching=record_matching(item, data),
        form_url=data.info.apply_form_url, office_phone=data.info.phone,
        source_url=data.source_base + item.record.path if data.source_base else "")


def search_lists() -> list[dict]:
    """The lists and their filters, offered when a search finds nothing."""
    return [{"title": SLOTS[LIST_SLOT[kind]][1], "path": SLOTS[LIST_SLOT[kind]][0],
             "filters": "、".join(f.label for f in LIST_SPEC[kind].filters)} for kind in RECORD_KINDS]


def count_rows(values) -> list[tuple[str, int]]:
    c = Counter(v for v in values if v)
    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))


def stats_page(data: SiteData) -> str:
    allitems = data.all_listed()
    demand, supply = data.listed("demand"), data.listed("supply")
    dims = [
        ("batch", "按征集批次（需求与供给）", "批次", [batch_label(i.batch) for i in allitems], False),
        ("domain", "场景需求按领域", "领域", [i.domain for i in demand], True),
        ("chain", "按光机电产业链（需求方所属链与供给）", "产业链", [i.chain for i in demand + supply], True),
        ("department", "场景需求按责任部门", "责任部门", [i.department for i in demand], True),
        ("status", "按状态（已发布的记录）", "状态", [i.status for i in allitems], True),
    ]
    chart_list = []
    for slug, title, dim, values, by_count in dims:
        rows = count_rows(values) if by_count else sorted(Counter(v for v in values if v).items())
        chart_list.append({"slug": slug, "title": title, "dimension": dim, "rows": rows,
                           "svg": _markup(charts.bar_chart(rows, title=title))})
    counts = {k: len(data.listed(k)) for k in RECORD_KINDS}
    others = [(label, n) for _, label, n in unlisted_counts(i.status for i in data.all_items() if not i.listed)]
    return render("stats.html", charts=chart_list, counts=counts, today=data.today, others=others)


def _markup(text: str):
    from markupsafe import Markup

    return Markup(text)  # built by charts.bar_chart, which escapes every label


def home_page(data: SiteData) -> str:
    running = [n for n in data.state.notices if notice_state(n, data.today) == "公示中"]
    awaiting = [(n, len(awaiting_publication(n, data))) for n in data.state.notices]
    awaiting = [(n, k) for n, k in awaiting if k]
    published = [i for i in data.all_listed() if i.state.published]
    newest = sorted(published, key=lambda i: (i.state.published, i.id), reverse=True)[:10]
    total = sum((r.amount_yuan for r in data.state.rewards if r.status == "应兑现"), Decimal(0))
    from .render import yuan

    open_calls = [i for i in data.listed("demand") if deadline_state(i, data.today) == "征集中"]
    figures = [{"label": "已发布场景需求", "value": len(data.listed("demand")), "href": "demand/"},
               {"label": "正在征集响应", "value": len(open_calls), "href": "demand/?open=征集中"},
               {"label": "已发布场景供给", "value": len(data.listed("supply")), "href": "supply/"},
               {"label": "标杆案例", "value": len(data.listed("case")), "href": "cases/"},
               {"label": "捐赠场景", "value": len(data.listed("donation")), "href": "donations/"},
               {"label": "应兑现奖励", "value": yuan(total), "href": "rewards/"}]
    # the next matchmaking events, soonest first: where a company meets the demand owners
    events = sorted((e for e in data.state.events if e.day >= data.today), key=lambda e: (e.day, e.event_id))[:3]
    return render("home.html", figures=figures, open_batches=[b for b in data.state.batches if b.is_open],
                  running=running, awaiting=awaiting, newest=newest, base="./", today=data.today, status_class=status_class,
                  feed=bool(data.info.url), events=events)


def _finish_mkdocs_pages(out: Path, info: SiteInfo, docs_outputs: dict[str, str],
                         unsearchable: frozenset[str]) -> tuple[Frame, Frame, list[SearchDoc]]:
    """Harden the pages Material built and give them the government-site meta tags; return the frame of
    its hidden ``_shell`` page, the same frame linked from the site root (for 404.html, which the server
    returns at any depth) and the search documents of the hand-written pages, less those in ``unsearchable``."""
    docs_to_index: list[SearchDoc] = []
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out)
        if rel.parts[0] in (search_index.BUNDLE, "assets") or rel.as_posix() == "404.html":
            continue  # Material's 404.html is replaced by the site's own (generate)
        depth = len(rel.parts) - 1
        try:
            html = preload_scripts(safety.harden(path.read_text(encoding="utf-8"), depth, out))
        except safety.ForeignScript as exc:
            source = docs_outputs.get(rel.as_posix(), rel.as_posix())
            raise docs_gate.DocsPageProblem(f"docs/{source}：页面含有主题以外的内联脚本（{exc}），"
                                            "网站只运行项目自带的脚本。") from None
        if info.url:
            html = html.replace("</head>", f'<link rel="alternate" type="application/atom+xml" title="{SITE_NAME}" '
                                f'href="{base_for("x/" * depth)}feed.xml">\n</head>', 1)
        page_path = "" if len(rel.parts) == 1 else "/".join(rel.parts[:-1]) + "/"
        if rel.parts[0] != SHELL_DIR:
            html = add_meta(html, meta_tags(info, page_path))
        if (page_path not in UNINDEXED_PATHS and page_path not in unsearchable and rel.parts[0] != SHELL_DIR
                and rel.name == "index.html"):
            article = _article(html)
            if article is not None:
                docs_to_index.append(search_docs.page_doc(page_path, *article))
        path.write_text(html, encoding="utf-8")
    shell = out / SHELL_DIR / "page" / "index.html"
    html = shell.read_text(encoding="utf-8")
    shutil.rmtree(out / SHELL_DIR)
    return (Frame(html.replace(f"{SHELL_DIR}/page/", PATH_TOKEN)),
            Frame(_absolute(html, info.base_path).replace(f"{SHELL_DIR}/page/", "")), docs_to_index)


def generate(data: SiteData, out: Path, *, search: bool = True,
             docs_outputs: dict[str, str] | None = None, unsearchable: frozenset[str] = frozenset()) -> list[str]:
    """Write every generated page, download, feed and the sitemap into ``out``, where mkdocs has
    just built the hand-written pages; then, as a stage of its own, the search index.

    ``unsearchable``: paths of hand-written pages kept out of search (front matter ``search: exclude``).

    ``docs_outputs`` (output path → source path under docs/, from mkdocs) lets the generator refuse,
    with :class:`docs_gate.DocsPageProblem`, a docs page or file at an address it writes itself.
    """
    out = Path(out)
    info = data.info
    site_url = info.url  # "" without a real address: no sitemap, no feed, no links to them
    docs_outputs = docs_outputs or {}
    _copy_assets(out)
    shell, frame404, page_docs = _finish_mkdocs_pages(out, info, docs_outputs, unsearchable)
    docs_before = docs_gate.digests(out, docs_outputs)
    o = Output(out=out, shell=shell, written=[], search_docs=page_docs if search else None, info=info)

    # record pages
    for item in data.all_items():
        o.write(item.url, f"{item.id} {item.title}", record_page(item, data),
                article=True, published=item.state.published, source=item.org_name)
        o.index_doc(search_docs.record_doc(item, status_class(item.status)))
    # lists
    for kind in RECORD_KINDS:
        path = SLOTS[LIST_SLOT[kind]][0]
        o.fill_slot(LIST_SLOT[kind], list_page(kind, data, base_for(path), out / path))
        fast_first_view(out / path / "index.html", out)
    # notices
    notices = sorted(data.state.notices, key=lambda n: (n.start, n.notice_id), reverse=True)
    shown, awaiting = [], {}
    for n in notices:
        n = _with_state(n, data.today)
        shown.append(n)
        awaiting[n.notice_id] = len(awaiting_publication(n, data))
        rows = [{"id": rid, "item": data.by_id.get(rid)} for rid in n.items]
        content = render("notice.html", notice=n, items=rows, base="../../", status_class=status_class,
                         awaiting=awaiting[n.notice_id],
                         publisher=info.organizer or info.sponsor, index_number=notice_index_number(n, info))
        o.write(f"notices/{n.notice_id}/", n.title, content,
                article=True, published=n.start, source=info.organizer or info.sponsor)
        o.index_doc(search_docs.notice_doc(f"notices/{n.notice_id}/", n.title, content))
    o.fill_slot("notices", render("notices.html", notices=shown, base="../", awaiting=awaiting))
    _write_events(o, data, site_url)
    # rewards, stats, downloads, search, home
    reward_rows = [{"reward": r, "item": data.by_id.get(r.record_id),
                    "recipient": data.orgs[r.recipient].name if r.recipient in data.orgs else r.recipient}
                   for r in sorted(data.state.rewards, key=lambda r: (r.year, r.record_id))]
    total = sum((r.amount_yuan for r in data.state.rewards if r.status == "应兑现"), Decimal(0))
    o.fill_slot("rewards", render("rewards.html", rewards=reward_rows, total=total, base="../",
                                  plan=data.state.plan_document))
    o.fill_slot("stats", stats_page(data))
    programme_pages.write_pages(data, o)
    table = downloads.write_downloads(data, out)
    o.fill_slot("downloads", render("downloads.html", downloads=table, base="../",
                                    programme_downloads=programme_pages.downloads(out)))
    o.fill_slot("search", render("search.html", base="../", lists=search_lists()))
    o.fill_slot("home", home_page(data))
    o.fill_slot("apply-start", render("apply_start.html", info=info, base="../"))
    (out / "404.html").write_text(add_meta(frame404.page("页面不存在", "", render("notfound.html", base=info.base_path)),
                                           meta_tags(info, "404")), encoding="utf-8")

    if site_url:  # feed and sitemap need the site's real address
        _feed_and_sitemap(data, out, shown, site_url)
    else:
        for name in ("feed.xml", "sitemap.xml", "sitemap.xml.gz"):
            (out / name).unlink(missing_ok=True)  # mkdocs writes a sitemap of its own
    if o.search_docs is not None:
        write_search_index(o.search_docs, out)
    filled = {f"{path}index.html" for path, _ in SLOTS.values()}
    problems = docs_gate.collisions(out, docs_outputs, docs_before, filled)
    if problems:
        raise docs_gate.DocsPageProblem("\n".join(problems))
    return o.written


def _feed_and_sitemap(data: SiteData, out: Path, shown: list[Notice], site_url: str) -> None:
    entries = [{"title": f"公示：{n.title}", "path": f"notices/{n.notice_id}/", "day": n.start,
                "summary": f"公示期 {n.start.isoformat()} 至 {n.end.isoformat()}，共 {len(n.items)} 项。"}
               for n in shown]
    entries += [{"title": f"{i.kind.label}发布：{i.id} {i.title}", "path": i.url, "day": i.state.published,
                 "summary": f"{i.kind.label} {i.id}（{i.status}）：{i.title}"}
                for i in data.all_listed() if i.state.published]
    (out / "feed.xml").write_bytes(feeds.atom(entries, site_url=site_url, title=SITE_NAME, today=data.today))
    lastmod = {i.url: i.state.published for i in data.all_items()}
    pages = []
    for path in out.rglob("index.html"):
        rel = path.parent.relative_to(out).as_posix()
        if rel.startswith((search_index.BUNDLE, "assets")):
            continue
        key = "" if rel == "." else rel + "/"
        pages.append((key, lastmod.get(key)))
    xml, gz = feeds.sitemap(pages, site_url=site_url)
    (out / "sitemap.xml").write_bytes(xml)
    (out / "sitemap.xml.gz").write_bytes(gz)


_SCRIPT_SRC = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"')


def preload_scripts(html: str) -> str:
    """Announce every script in <head>, so a slow connection fetches them side by side instead of one
    after another (each waits for the one before when found late in the page)."""
    links = "".join(f'<link rel="preload" as="script" href="{src}">\n' for src in dict.fromkeys(_SCRIPT_SRC.findall(html)))
    at = html.find("<script")
    head_end = html.find("</head>")
    if not links or head_end < 0:
        return html
    at = at if 0 <= at < head_end else head_end  # before the first script of the head: found at once
    return html[:at] + links + html[at:]


_RELATIVE_ROOT = re.compile(r'(?P<attr>\b(?:href|src|action)=")(?:\.\./\.\./|\.\./\.\.(?="))')


def _absolute(html: str, base_path: str) -> str:
    """The shell page (two levels deep, links relative) with links from the site root: for 404.html,
    which the server returns at any depth."""
    html = _RELATIVE_ROOT.sub(lambda m: m.group("attr") + base_path, html)
    return re.sub(r'("base":\s*)"\.\./\.\."', lambda m: m.group(1) + json.dumps(base_path.rstrip("/") or "/"), html)


def notice_index_number(n: Notice, info) -> str:
    """索引号 of a notice: site code (when set) / start date and the digits of the notice ID — stable across builds."""
    prefix = info.site_code or "CJ"
    serial = re.sub(r"\D", "", n.notice_id)[4:] or "0"
    return f"{prefix}/{n.start:%Y-%m%d}-{serial}"


def write_search_index(docs: list[SearchDoc], out: Path) -> dict:
    """The last stage, separate from page writing: the search bundle from the collected documents."""
    return search_index.write_index(docs, Path(out) / search_index.BUNDLE)


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


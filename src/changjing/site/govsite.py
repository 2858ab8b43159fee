"""What makes the site a government website: footer, government-site meta tags, addresses.

Everything comes from the ``site:`` section of ``lists/settings.yaml`` (staff-owned).
A URL without a real value is left out — the site never writes a placeholder
host; the source-file links, sitemap and feed then simply do not appear.
"""
from __future__ import annotations

import html as htmllib
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlsplit

SITE_NAME = "晋城经开区应用场景建设"
ICP_REGISTRY = "https://beian.miit.gov.cn/"
POLICE_REGISTRY = "https://beian.mps.gov.cn/#/query/webSearch?code="
#: the national "我为政府网站找错" channel, addressed by the site's 网站标识码
CORRECTION = "https://zfwzzc.www.gov.cn/check_web/errorInfo/jcInfoNew?sitecode="

#: first path segment → (ColumnName, ColumnType) of the government-site meta tags
COLUMNS = {
    "": ("首页", "首页"),
    "demand": ("场景需求", "信息公开目录"),
    "supply": ("场景供给", "信息公开目录"),
    "cases": ("标杆案例", "信息公开目录"),
    "donations": ("捐赠场景", "信息公开目录"),
    "rewards": ("奖励台账", "信息公开目录"),
    "notices": ("公示", "通知公告"),
    "stats": ("统计", "数据发布"),
    "downloads": ("数据下载", "数据发布"),
    "search": ("搜索", "站内搜索"),
    "apply": ("申报指南", "在线办事"),
    "reference": ("申报指南", "在线办事"),
    "policy": ("政策", "文件资料"),
    "events": ("对接活动", "通知公告"),
    "jinchuanggu": ("晋创谷建设目标", "专题专栏"),
    "coverage": ("企业创新活动全覆盖", "专题专栏"),
}


@dataclass(frozen=True)
class SiteInfo:
    """The site settings as the pages use them (every field may be empty)."""

    url: str = ""
    source_base: str = ""
    sponsor: str = ""
    organizer: str = ""
    address: str = ""
    phone: str = ""
    service_hours: str = ""
    site_code: str = ""
    icp: str = ""
    police_record: str = ""
    apply_form_url: str = ""

    @property
    def domain(self) -> str:
        return urlsplit(self.url).hostname or "" if self.url else ""

    @property
    def base_path(self) -> str:
        """Path of the site root on its host ('/' when unknown): where 404.html finds the assets."""
        path = urlsplit(self.url).path if self.url else "/"
        return path if path.endswith("/") else path + "/"


def load_site_info(root: Path | str) -> SiteInfo:
    """Read ``site:`` from lists/settings.yaml; environment variables override the URLs (previews)."""
    from ..lists.models import Settings
    from ..lists.store import load_list_file

    path = Path(root) / "lists" / "settings.yaml"
    values: dict[str, str] = {}
    if path.exists():
        f = load_list_file(path.read_bytes(), "lists/settings.yaml", Settings)
        site = f.model.site if f.model is not None else None
        if site is not None:
            values = {k: v for k, v in site.model_dump().items() if v}
    for key, env in (("url", "CHANGJING_SITE_URL"), ("source_base", "CHANGJING_SOURCE_BASE")):
        if os.environ.get(env):
            values[key] = os.environ[env]
    if values.get("url") and not values["url"].endswith("/"):
        values["url"] += "/"
    return SiteInfo(**values)


def _e(text: str) -> str:
    return htmllib.escape(text, quote=True)


def footer_html(info: SiteInfo, base: str) -> str:
    """The footer every page carries: who runs the site, how to reach them, registrations, 纠错."""
    lines = []
    if info.sponsor:
        part = f"主办单位：{_e(info.sponsor)}"
        if info.organizer:
            part += f"<span class=\"cj-sep\"></span>承办单位：{_e(info.organizer)}"
        lines.append(part)
    contact = []
    if info.address:
        contact.append(f"地址：{_e(info.address)}")
    if info.phone:
        contact.append(f'咨询电话：<a href="tel:{_e(info.phone.replace("-", ""))}">{_e(info.phone)}</a>'
                       + (f"（{_e(info.service_hours)}）" if info.service_hours else ""))
    if contact:
        lines.append('<span class="cj-sep"></span>'.join(contact))
    reg = []
    if info.site_code:
        reg.append(f"网站标识码：{_e(info.site_code)}")
    if info.icp:
        reg.append(f'<a href="{ICP_REGISTRY}" rel="noopener">{_e(info.icp)}</a>')
    if info.police_record:
        digits = "".join(ch for ch in info.police_record if ch.isdigit())
        reg.append(f'<a href="{POLICE_REGISTRY}{quote(digits)}" rel="noopener">{_e(info.police_record)}</a>')
    if reg:
        lines.append('<span class="cj-sep"></span>'.join(reg))
    links = [f'<a href="{base}search/">站内搜索</a>', f'<a href="{base}apply/">申报指南</a>']
    if info.site_code:
        links.append(f'<a href="{CORRECTION}{quote(info.site_code)}" rel="noopener">网站纠错</a>')
    lines.append('<span class="cj-sep"></span>'.join(links))
    return '<div class="cj-footer">' + "".join(f"<p>{line}</p>" for line in lines) + "</div>"


def meta_tags(info: SiteInfo, path: str, *, title: str = "", article: bool = False,
              published: date | None = None, source: str = "") -> str:
    """The government-site meta tags (SiteName … ContentSource) for the page at ``path``."""
    column, column_type = COLUMNS.get(path.split("/", 1)[0], ("", ""))
    tags = [("SiteName", SITE_NAME)]
    if info.domain:
        tags.append(("SiteDomain", info.domain))
    if info.site_code:
        tags.append(("SiteIDCode", info.site_code))
    if column:
        tags += [("ColumnName", column), ("ColumnType", column_type)]
    if article:
        tags.append(("ArticleTitle", title))
        if published is not None:
            tags.append(("PubDate", published.isoformat()))
        tags.append(("ContentSource", source or info.organizer or info.sponsor or SITE_NAME))
    return "".join(f'<meta name="{name}" content="{_e(value)}">\n' for name, value in tags)


def add_meta(html: str, tags: str) -> str:
    return html.replace("</head>", tags + "</head>", 1) if tags else html

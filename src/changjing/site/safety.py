"""Output hardening and the scanner the tests run over every built HTML file.

* :func:`harden` moves the theme's inline scripts into files (so the
  Content-Security-Policy can allow only the site's own script files) and adds
  the CSP ``<meta>``. Only scripts the theme's own templates write are moved:
  any other inline script (one that came from a page's content) stops the build,
  so no text a page author writes can become a same-origin script.
* :func:`scan_html` reports event-handler attributes, URLs with a scheme other
  than http(s)/mailto/tel, scripts that are not the site's own files, inline
  scripts, and any element that would load something from another host.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'")
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
INLINE_DIR = "assets/javascripts/inline"

_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)


class ForeignScript(ValueError):
    """An inline script that no theme template writes: it came from content."""


_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


@lru_cache(maxsize=1)
def theme_inline_scripts() -> tuple[re.Pattern, ...]:
    """Every inline script in mkdocs-material's templates and the project's theme overrides, as patterns:
    literal text, with each Jinja expression standing for a value without quotes or markup."""
    from importlib import resources

    import material

    patterns = []
    own = Path(str(resources.files("changjing") / "site_templates" / "theme"))
    for folder in (Path(material.__file__).parent / "templates", own):
        for template in sorted(folder.rglob("*.html")):
            for m in _SCRIPT.finditer(template.read_text(encoding="utf-8")):
                body = m.group("body")
                if "src=" in m.group("attrs") or not body.strip():
                    continue
                parts = _JINJA.split(body)
                patterns.append(re.compile("[^\"'<>\\\\]*".join(re.escape(p) for p in parts), re.S))
    return tuple(patterns)


def is_theme_script(body: str) -> bool:
    return any(p.fullmatch(body) for p in theme_inline_scripts())


def harden(html: str, depth: int, out: Path, base: str | None = None) -> str:
    """Externalise the theme's inline scripts (written once under INLINE_DIR, named by content hash) and add
    the CSP; raise :class:`ForeignScript` for an inline script no theme template writes."""
    base = "../" * depth if base is None else base

    def replace(m: re.Match) -> str:
        attrs, body = m.group("attrs"), m.group("body")
        if "src=" in attrs or "application/json" in attrs or not body.strip():
            return m.group(0)
        if not is_theme_script(body):
            raise ForeignScript(body.strip()[:80])
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
        target = out / INLINE_DIR / f"{digest}.js"
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
        return f'<script{attrs} src="{base}{INLINE_DIR}/{digest}.js"></script>'

    html = _SCRIPT.sub(replace, html)
    if "Content-Security-Policy" not in html:
        html = re.sub(r'(<meta charset="?utf-8"?\s*/?>)', lambda m: m.group(1) + "\n" + CSP_META, html,
                      count=1, flags=re.I)
    return html


# -- scanning -----------------------------------------------------------------------

URL_ATTRS = {"href", "src", "action", "formaction", "poster", "data", "srcset", "xlink:href", "background",
             "cite", "manifest", "ping"}
LOADING = {("script", "src"), ("img", "src"), ("img", "srcset"), ("iframe", "src"), ("link", "href"),
           ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"),
           ("input", "src"), ("image", "href"), ("use", "href")}
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
OWN_SCRIPT = re.compile(r"^(/[\w.-]+)*/?(\.\./)*(\./)?(assets/javascripts/(bundle\.[0-9a-f]+\.min\.js|inline/[0-9a-f]{16}\.js)"
                        r"|assets/cj/[a-z-]+\.js)$")
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "base", "applet", "form-injected"}


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False
        self._script_exec = False

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name} on <{tag}>")
            if name in URL_ATTRS and value is not None:
                v = value.strip()
                scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", v)
                if scheme and not v.lower().startswith(SAFE_SCHEMES):
                    if not (tag == "img" and v.startswith("data:image/") and name == "src"):
                        self.problems.append(f"URL scheme {scheme.group(1)}: in <{tag} {name}>")
                external = v.startswith("//") or bool(re.match(r"^https?:", v, re.I))
                if external and (tag, name) in LOADING and not (tag == "link" and d.get("rel") in (
                        "canonical", "alternate")):
                    self.problems.append(f"external asset <{tag} {name}={v}>")
            if name == "style" and value and re.search(r"url\s*\(|expression", value, re.I):
                self.problems.append(f"style with url() on <{tag}>")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"forbidden element <{tag}>")
        if tag == "meta" and d.get("http-equiv", "").lower() == "refresh":
            self.problems.append("meta refresh")
        if tag == "script":
            src = d.get("src")
            stype = (d.get("type") or "").lower()
            self._in_script = True
            self._script_exec = src is None and stype not in ("application/json", "application/ld+json")
            if src is not None and not OWN_SCRIPT.match(src.split("?")[0]):
                self.problems.append(f"unknown script {src}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and self._script_exec and data.strip():
            self.problems.append("inline script: " + data.strip()[:60])


def scan_html(text: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    problems = scanner.problems
    if "Content-Security-Policy" not in text:
        problems.append("no Content-Security-Policy meta")
    return problems


def scan_site(site: Path) -> dict[str, list[str]]:
    """Every HTML file under site → its problems (only files with problems are listed)."""
    found = {}
    for path in sorted(Path(site).rglob("*.html")):
        problems = scan_html(path.read_text(encoding="utf-8"))
        if problems:
            found[path.relative_to(site).as_posix()] = problems
    return found

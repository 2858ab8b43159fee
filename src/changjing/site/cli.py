"""`changjing build` and `changjing serve`: the public website."""
from __future__ import annotations

import errno
import functools
import http.server
import socket
from datetime import date
from pathlib import Path

from ..commandline import emit_error
from ..workflow import ProgrammeState

PROJECT = Path(__file__).resolve().parents[3]


def build_site(root: Path | str, today: date, site_dir: Path | str | None = None, *,
               config_file: Path | str | None = None, state: ProgrammeState | None = None,
               search: bool = True) -> Path:
    """Build the whole site (strict). ``root`` holds submissions/ and lists/; mkdocs.yml and docs/
    come from ``config_file`` (default: root's, else this project's)."""
    root = Path(root).resolve()
    site_dir = Path(site_dir) if site_dir else root / "build"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from . import mkdocs_glue

    if config_file is None:
        config_file = root / "mkdocs.yml" if (root / "mkdocs.yml").exists() else PROJECT / "mkdocs.yml"
    cfg = load_config(str(config_file), site_dir=str(Path(site_dir).resolve()), strict=True)
    mkdocs_glue.attach(cfg, mkdocs_glue.SiteBuild(root=root, today=today, state=state, search=search))
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    return site_dir


def cmd_build(args) -> int:
    from mkdocs.exceptions import Abort

    from ..check import InvalidRecords
    from ..commandline import today_of

    today = today_of(args)
    try:
        out = build_site(args.root, today, args.site_dir, search=not args.no_search)
    except (Abort, InvalidRecords) as exc:
        emit_error(str(exc))  # the message quotes submitted text: never a workflow command
        return 1
    from . import emit_summary

    emit_summary(out)
    return 0


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site like its web server will: a missing page gets the site's Chinese 404.html."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(site_dir: Path, host: str, port: int):
    handler = functools.partial(SiteHandler, directory=str(site_dir))
    return http.server.ThreadingHTTPServer((host, port), handler)


def port_problem(exc: OSError, host: str, port: int) -> str:
    """What to tell someone whose server could not listen, and how to fix it."""
    if exc.errno == errno.EADDRINUSE:
        return (f"端口 {port} 已被占用（可能另一个 changjing serve 或其他程序正在使用它）。"
                f"请先结束那个程序，或换一个端口：changjing serve --port {port + 1}")
    if exc.errno == errno.EACCES:
        return f"没有权限使用端口 {port}（1024 以下的端口需要管理员权限）。请换一个端口：changjing serve --port 8000"
    if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
        return f"本机没有地址 {host}。预览只在本机使用时写 --host 127.0.0.1；让局域网访问时写 --host 0.0.0.0"
    return f"无法在 {host}:{port} 上启动预览服务器：{exc.strerror or exc}"


def cmd_serve(args) -> int:
    site_dir = Path(args.site_dir or Path(args.root) / "build")
    try:  # listen first: a busy port is reported before a build that would be wasted
        server = serve(site_dir, args.host, args.port)
    except OSError as exc:
        emit_error(port_problem(exc, args.host, args.port))
        return 1
    if not args.no_build:
        rc = cmd_build(args)
        if rc:
            server.server_close()
            return rc
    print(f"网站：http://{args.host}:{server.server_address[1]}/  （Ctrl+C 结束）")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def register(sub) -> None:
    from ..commandline import add_common

    for name, help_text, func in (("build", "构建公开网站到 build/（严格模式：任何记录有错误即失败）", cmd_build),
                                  ("serve", "构建并在本机预览公开网站", cmd_serve)):
        p = sub.add_parser(name, help=help_text)
        add_common(p)
        p.add_argument("--site-dir", default=None, metavar="目录", help="输出目录（默认 build/）")
        p.add_argument("--no-search", action="store_true", help="不生成搜索索引（更快，仅供调试）")
        if name == "serve":
            p.add_argument("--host", default="127.0.0.1", metavar="地址",
                           help="预览服务器监听的地址（默认 127.0.0.1，只有本机能访问；0.0.0.0 让局域网也能访问）")
            p.add_argument("--port", type=int, default=8000, metavar="端口", help="预览服务器的端口（默认 8000）")
            p.add_argument("--no-build", action="store_true", help="直接预览已有的 build/")
        p.set_defaults(func=func)

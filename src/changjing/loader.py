"""The strict loader: untrusted bytes in, plain data plus a key→position map out.

Submissions come from anyone who can open a pull request, so this module
assumes hostile input. It never builds an object from YAML it has not first
vetted event by event: anchors, aliases, tags and merge keys are refused
before anything is constructed, so alias bombs and arbitrary-object tags can
do nothing. Scalars are resolved by our own small table (YAML 1.2 core in
spirit): only ``true``/``false`` are booleans, ``null``/``~``/empty is null,
plain decimal numbers are numbers, everything else stays text — ``no``,
``010``, ``12:30`` and ``2025-07-01`` are strings (dates are parsed later by
the models, where a wrong date gets a field-level message).

The result is either data or diagnostics, never an exception.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from .diagnostics import Diagnostic, error

try:  # libyaml's event parser is ~20x faster; the pure-Python one behaves the same
    _Parser = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - wheel without libyaml
    _Parser = yaml.SafeLoader

MAX_YAML_BYTES = 256 * 1024
MAX_MARKDOWN_BYTES = 256 * 1024
MAX_DEPTH = 32
MAX_NODES = 20_000
MAX_INT_DIGITS = 40

Position = tuple[int, int]

_BIDI = {
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # embeddings and overrides
    "\u2066", "\u2067", "\u2068", "\u2069",  # isolates
    "\u200e", "\u200f", "\u061c",  # marks
}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)\.[0-9]+")
_NULL = {"", "~", "null", "Null", "NULL"}


@dataclass
class Loaded:
    """What the loader returns: data and its positions, or diagnostics."""

    data: Any = None
    positions: dict[str, Position] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str = ""  # the decoded file, for whole-file scans
    body: str | None = None  # Markdown body after front matter
    body_line: int = 1  # first line of the body in the file

    @property
    def ok(self) -> bool:
        return not self.diagnostics and isinstance(self.data, dict)

    def position(self, key: str) -> Position:
        """Line and column of a dotted key, falling back to its nearest parent."""
        while True:
            if key in self.positions:
                return self.positions[key]
            if not key:
                return (1, 1)
            key = key.rpartition(".")[0]


class _Refused(Exception):
    def __init__(self, code: str, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.code, self.message, self.line, self.column = code, message, line, column


def decode(raw: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text: UTF-8 (with or without BOM) only, with a helpful word for GBK."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            gbk = True
        except UnicodeDecodeError:
            gbk = False
        if gbk:
            msg = ("文件是 GBK/GB18030 编码，本系统只接受 UTF-8。请用记事本“另存为”并选择 UTF-8 编码，"
                   "或在 VS Code 右下角点击编码，选择“通过编码保存”→ UTF-8。")
            return None, [error("L-ENCODING-GBK", msg, path=path, line=line)]
        return None, [error("L-ENCODING", "文件不是有效的 UTF-8 文本，请以 UTF-8 编码重新保存。",
                            path=path, line=line)]


# characters XML 1.0 cannot carry (surrogates, U+FFFE/U+FFFF) and the other Unicode noncharacters: a title
# with one would make feed.xml and sitemap.xml unreadable; no text needs them
_NONCHARACTERS = "\ud800-\udfff\ufdd0-\ufdef" + "".join(
    chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff" + "".join(sorted(_BIDI))
                        + _NONCHARACTERS + "]")


def _is_nonchar(ch: str) -> bool:
    o = ord(ch)
    return 0xD800 <= o <= 0xDFFF or 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE


def _nonchar_message(ch: str) -> str:
    return f"含有不能使用的字符 U+{ord(ch):04X}（代理码位或非字符），网站的订阅和站点地图无法承载它，请删除。"


def _refuse_escaped_characters(event) -> None:
    """A double-quoted scalar can spell any character as an escape ("\\x01", "\\uFFFF", "\\ud800"):
    the same characters the raw-text scan refuses are refused in the parsed value."""
    match = _FORBIDDEN.search(event.value)
    if match is None:
        return
    ch = match.group(0)
    line, col = _position(event)
    if ch in _BIDI:
        raise _Refused("L-BIDI", f"转义写出的双向文本控制字符 U+{ord(ch):04X} 会让审阅者看到的文字与实际不同，请删除。",
                       line, col)
    if _is_nonchar(ch):
        raise _Refused("L-CHAR", "转义写出的" + _nonchar_message(ch)[2:], line, col)
    raise _Refused("L-CONTROL-CHAR", f"转义写出的不可见控制字符 U+{ord(ch):04X} 不允许，请删除。", line, col)


# a numeric character reference (&#65535; &#xFFFF;) in a Markdown body becomes that character on the page
REFERENCE = re.compile(r"&#(?:([0-9]{1,8})|[xX]([0-9a-fA-F]{1,8}));")


def forbidden_reference(match: re.Match) -> str | None:
    """The character a reference names when it is one the loader refuses, else None (&#0; and
    references past U+10FFFF are shown as U+FFFD by the renderer, which is harmless)."""
    code = int(match.group(1)) if match.group(1) else int(match.group(2), 16)
    if code == 0 or code > 0x10FFFF:
        return None
    ch = chr(code)
    return ch if ch not in "\t\n\r" and (_FORBIDDEN.match(ch) or _is_nonchar(ch)) else None


def find_forbidden_references(body: str, path: str, first_line: int) -> list[Diagnostic]:
    """The same characters as :func:`find_forbidden_characters`, written as character references."""
    found: list[Diagnostic] = []
    for match in REFERENCE.finditer(body):
        ch = forbidden_reference(match)
        if ch is None:
            continue
        lineno = body.count("\n", 0, match.start()) + first_line
        col = match.start() - (body.rfind("\n", 0, match.start()) + 1) + 1
        code = "L-BIDI" if ch in _BIDI else "L-CHAR" if _is_nonchar(ch) else "L-CONTROL-CHAR"
        found.append(error(code, f"字符引用 {match.group(0)} 写出的字符 U+{ord(ch):04X} 不允许出现在正文中，请删除。",
                           path=path, line=lineno, column=col))
        if len(found) >= 20:
            break
    return found


def find_forbidden_characters(text: str, path: str, first_line: int = 1) -> list[Diagnostic]:
    """Control characters and bidi overrides can hide text from a reviewer (Trojan Source)."""
    found: list[Diagnostic] = []
    for match in _FORBIDDEN.finditer(text):
        ch = match.group(0)
        lineno = text.count("\n", 0, match.start()) + first_line
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        if ch in _BIDI:
            found.append(error("L-BIDI", f"含有双向文本控制字符 U+{ord(ch):04X}，它会让审阅者看到的文字与实际不同，请删除。",
                               path=path, line=lineno, column=col))
        elif _is_nonchar(ch):
            found.append(error("L-CHAR", _nonchar_message(ch), path=path, line=lineno, column=col))
        else:
            found.append(error("L-CONTROL-CHAR", f"含有不可见的控制字符 U+{ord(ch):04X}，请删除。",
                               path=path, line=lineno, column=col))
        if len(found) >= 20:
            break
    return found


def _resolve_plain(value: str) -> Any:
    if value in _NULL:
        return None
    if value == "true":
        return True
    if value == "false":
        return False
    if _INT.fullmatch(value):
        # past a few dozen digits int() grows quadratic and past 4300 raises; Decimal reads any length
        # exactly and the models then refuse it with a range error
        return int(value) if len(value) <= MAX_INT_DIGITS else Decimal(value)
    if _DECIMAL.fullmatch(value):
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - regex guarantees a number
            return value
    return value


def _position(event) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)


def _refuse_node_extras(event) -> None:
    anchor = getattr(event, "anchor", None)
    tag = getattr(event, "tag", None)
    line, col = _position(event)
    if anchor is not None:
        raise _Refused("L-ANCHOR", f"不允许使用锚点（&{anchor}）。请把内容直接写出来。", line, col)
    if tag is not None and tag != "!":  # '!' is the non-specific tag libyaml puts on quoted text
        raise _Refused("L-TAG", f"不允许使用 YAML 标签（{tag}）。请去掉标签，只写普通的值。", line, col)


_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAP_START, _SEQ_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAP_END, _SEQ_END = yaml.MappingEndEvent, yaml.SequenceEndEvent


def _build(events, positions: dict[str, Position]) -> Any:
    """Turn a vetted event stream into dicts, lists and scalars, iteratively.

    Recursion would let a deeply nested file exhaust the stack; an explicit
    stack with a depth cap cannot. This loop runs for every event of every
    file, so it dispatches on exact types and keeps work per event small.
    """
    # stack frames: [container, dotted key of the container, pending mapping key or None, its position]
    stack: list[list] = []
    root: Any = None
    nodes = 0
    for event in events:
        cls = type(event)
        if cls is _SCALAR:
            is_value = True
            if event.style == '"':  # only double-quoted scalars have escapes
                _refuse_escaped_characters(event)
        elif cls is _MAP_START or cls is _SEQ_START:
            is_value = False
        elif cls is _MAP_END or cls is _SEQ_END:
            stack.pop()
            continue
        elif cls is _ALIAS:
            raise _Refused("L-ALIAS", f"不允许使用别名（*{event.anchor}）。请把内容直接写出来。", *_position(event))
        else:  # stream and document start/end
            continue
        nodes += 1
        if nodes > MAX_NODES:
            raise _Refused("L-TOO-LARGE", f"文件中的条目超过 {MAX_NODES} 个，请拆分或精简。", *_position(event))
        if event.anchor is not None or (event.tag is not None and event.tag != "!"):
            _refuse_node_extras(event)
        mark = event.start_mark
        pos = (mark.line + 1, mark.column + 1)
        if is_value:
            text = event.value
            value = _resolve_plain(text) if event.implicit[0] else text  # implicit[0]: a plain scalar
        else:
            if len(stack) >= MAX_DEPTH:
                raise _Refused("L-DEPTH", f"嵌套层级超过 {MAX_DEPTH} 层，请简化结构。", *pos)
            value = {} if cls is _MAP_START else []
        # attach the node to its parent
        if not stack:
            root = value
            positions[""] = pos
            dotted = ""
        else:
            frame = stack[-1]
            container = frame[0]
            if type(container) is list:
                dotted = f"{frame[1]}.{len(container)}" if frame[1] else str(len(container))
                container.append(value)
                positions[dotted] = pos
            elif frame[2] is None:  # this node is a mapping key; keys are always text
                if not is_value:
                    raise _Refused("L-COMPLEX-KEY", "字段名必须是简单的文字。", *pos)
                name = event.value
                if name == "<<":
                    raise _Refused("L-MERGE", "不允许使用合并键（<<）。请把字段逐个写出来。", *pos)
                if name in container:
                    first = positions.get(f"{frame[1]}.{name}" if frame[1] else name, (0, 0))[0]
                    raise _Refused("L-DUPLICATE-KEY", f"字段「{name}」重复出现（第一次在第 {first} 行）。每个字段只能写一次。", *pos)
                frame[2], frame[3] = name, pos
                continue
            else:
                name = frame[2]
                dotted = f"{frame[1]}.{name}" if frame[1] else name
                container[name] = value
                positions[dotted] = frame[3]
                frame[2] = None
        if not is_value:
            stack.append([value, dotted, None, None])
    return root


def _events(text: str):
    """Events of a single-document stream; a second document is refused."""
    documents = 0
    parser = _Parser(text)
    try:
        while True:
            event = parser.get_event()
            if event is None or type(event) is yaml.StreamEndEvent:
                return
            if type(event) is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Refused("L-MULTI-DOC", "一个文件只能有一个 YAML 文档（不要使用 --- 分隔多个文档）。",
                                   *_position(event))
            yield event
    finally:
        parser.dispose()


def parse_yaml(text: str, path: str, *, line_offset: int = 0) -> Loaded:
    """Parse already-decoded YAML text strictly."""
    result = Loaded()
    positions: dict[str, Position] = {}
    try:
        data = _build(_events(text), positions)
    except _Refused as refused:
        result.diagnostics.append(error(refused.code, refused.message, path=path,
                                        line=refused.line + line_offset, column=refused.column))
        return result
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "格式错误"
        result.diagnostics.append(error(
            "L-SYNTAX",
            f"YAML 格式错误（{problem}）。请检查缩进（只用空格）、冒号后的空格和引号是否成对。",
            path=path, line=line + line_offset, column=col))
        return result
    except yaml.YAMLError as exc:  # reader errors carry no mark attribute in the same form
        result.diagnostics.append(error("L-SYNTAX", f"YAML 格式错误：{exc}", path=path, line=1 + line_offset))
        return result
    except RecursionError:  # pragma: no cover - the parser is iterative; belt and braces
        result.diagnostics.append(error("L-DEPTH", "嵌套层级过深。", path=path, line=1 + line_offset))
        return result
    if line_offset:
        positions = {k: (ln + line_offset, col) for k, (ln, col) in positions.items()}
    if not isinstance(data, dict):
        result.diagnostics.append(error("L-NOT-MAPPING", "文件内容应为“字段: 值”形式的映射，目前不是。",
                                        path=path, line=1 + line_offset))
        return result
    result.data, result.positions = data, positions
    return result


def _vetted_text(raw: bytes, path: str, max_bytes: int) -> tuple[str | None, list[Diagnostic]]:
    """Size cap, UTF-8 decoding and the invisible-character scan, before any parsing."""
    if len(raw) > max_bytes:
        return None, [error("L-SIZE", f"文件大小 {len(raw)} 字节，超过上限 {max_bytes} 字节。", path=path)]
    text, problems = decode(raw, path)
    if text is None:
        return None, problems
    problems = find_forbidden_characters(text, path)
    return (None, problems) if problems else (text, [])


def load_yaml_bytes(raw: bytes, path: str, *, max_bytes: int = MAX_YAML_BYTES) -> Loaded:
    """The whole pipeline for a YAML record file."""
    text, problems = _vetted_text(raw, path, max_bytes)
    if text is None:
        return Loaded(diagnostics=problems)
    result = parse_yaml(text, path)
    result.text = text
    return result


_FRONT_MATTER = YAMLHandler()


def load_markdown_bytes(raw: bytes, path: str, *, max_bytes: int = MAX_MARKDOWN_BYTES) -> Loaded:
    """A Markdown record: YAML front matter between '---' lines, then a body.

    python-frontmatter splits the text (its convention, its boundary pattern);
    the front matter then goes through the same strict YAML path as any record,
    so the library's own permissive YAML loader never sees submitted text.
    """
    text, problems = _vetted_text(raw, path, max_bytes)
    if text is None:
        return Loaded(diagnostics=problems)
    text = text.replace("\r\n", "\n")
    try:
        if not _FRONT_MATTER.detect(text):
            raise ValueError
        front, body = _FRONT_MATTER.split(text)
    except ValueError:
        return Loaded(diagnostics=[error("L-FRONT-MATTER",
                                         "Markdown 文件应以单独一行 --- 开头，写 YAML 头信息，再以单独一行 --- 结束。",
                                         path=path)])
    result = parse_yaml(front, path)  # front starts on the opening --- line
    result.text = text
    # the split leaves the rest of the closing --- line at the body's start
    result.body = body[1:] if body.startswith("\n") else body
    result.body_line = front.count("\n") + 2
    result.diagnostics.extend(find_forbidden_references(result.body, path, result.body_line))
    return result


def load_file_bytes(raw: bytes, path: str) -> Loaded:
    if path.endswith(".md"):
        return load_markdown_bytes(raw, path)
    return load_yaml_bytes(raw, path)

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
import unicodedata
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
MAX_MARKDOWN_BYTES = 1024 * 1024
MAX_DEPTH = 32
MAX_NODES = 20_000

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


def find_forbidden_characters(text: str, path: str, first_line: int = 1) -> list[Diagnostic]:
    """Control characters and bidi overrides can hide text from a reviewer (Trojan Source)."""
    found: list[Diagnostic] = []
    for lineno, line in enumerate(text.split("\n"), start=first_line):
        for col, ch in enumerate(line, start=1):
            if ch in _BIDI:
                found.append(error("L-BIDI", f"含有双向文本控制字符 U+{ord(ch):04X}，它会让审阅者看到的文字与实际不同，请删除。",
                                   path=path, line=lineno, column=col))
            elif ch in "\t\r":
                continue
            elif ch == "\ufeff" or unicodedata.category(ch) == "Cc":
                found.append(error("L-CONTROL-CHAR", f"含有不可见的控制字符 U+{ord(ch):04X}，请删除。",
                                   path=path, line=lineno, column=col))
            if len(found) >= 20:
                return found
    return found


def _resolve_plain(value: str) -> Any:
    if value in _NULL:
        return None
    if value == "true":
        return True
    if value == "false":
        return False
    if _INT.fullmatch(value):
        return int(value)
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


def _build(events, positions: dict[str, Position]) -> Any:
    """Turn a vetted event stream into dicts, lists and scalars, iteratively.

    Recursion would let a deeply nested file exhaust the stack; an explicit
    stack with a depth cap cannot.
    """
    stack: list[tuple[Any, str, Any]] = []  # (container, dotted key, pending mapping key)
    root: Any = None
    have_root = False
    nodes = 0

    def attach(value: Any, pos: Position, is_container: bool) -> str:
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            positions[""] = pos
            return ""
        container, key, pending = stack[-1]
        if isinstance(container, list):
            dotted = f"{key}.{len(container)}" if key else str(len(container))
            container.append(value)
            positions[dotted] = pos
            return dotted
        # mapping: either this is a key or a value
        if pending is None:
            if is_container or not isinstance(value, str):
                raise _Refused("L-COMPLEX-KEY", "字段名必须是简单的文字。", *pos)
            if value == "<<":
                raise _Refused("L-MERGE", "不允许使用合并键（<<）。请把字段逐个写出来。", *pos)
            if value in container:
                first = positions.get(f"{key}.{value}" if key else value, (0, 0))[0]
                raise _Refused("L-DUPLICATE-KEY", f"字段「{value}」重复出现（第一次在第 {first} 行）。每个字段只能写一次。", *pos)
            stack[-1] = (container, key, (value, pos))
            return ""
        name, key_pos = pending
        dotted = f"{key}.{name}" if key else name
        container[name] = value
        positions[dotted] = key_pos
        stack[-1] = (container, key, None)
        return dotted

    for event in events:
        if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentStartEvent)):
            continue
        if isinstance(event, (yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(event, yaml.AliasEvent):
            raise _Refused("L-ALIAS", f"不允许使用别名（*{event.anchor}）。请把内容直接写出来。", *_position(event))
        nodes += 1
        if nodes > MAX_NODES:
            raise _Refused("L-TOO-LARGE", f"文件中的条目超过 {MAX_NODES} 个，请拆分或精简。", *_position(event))
        if isinstance(event, yaml.ScalarEvent):
            _refuse_node_extras(event)
            value = _resolve_plain(event.value) if event.implicit[0] else event.value  # implicit[0]: plain
            # a key is always text, whatever it looks like (so `2025: x` is the key "2025")
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                value = event.value
            attach(value, _position(event), False)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            _refuse_node_extras(event)
            if len(stack) >= MAX_DEPTH:
                raise _Refused("L-DEPTH", f"嵌套层级超过 {MAX_DEPTH} 层，请简化结构。", *_position(event))
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            dotted = attach(container, _position(event), True)
            stack.append((container, dotted, None))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
    return root if have_root else None


def _events(text: str):
    """Events of a single-document stream; a second document is refused."""
    documents = 0
    for event in yaml.parse(text, Loader=_Parser):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Refused("L-MULTI-DOC", "一个文件只能有一个 YAML 文档（不要使用 --- 分隔多个文档）。", *_position(event))
        yield event


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


def load_yaml_bytes(raw: bytes, path: str, *, max_bytes: int = MAX_YAML_BYTES) -> Loaded:
    """The whole pipeline for a YAML record file."""
    if len(raw) > max_bytes:
        return Loaded(diagnostics=[error("L-SIZE", f"文件大小 {len(raw)} 字节，超过上限 {max_bytes} 字节。", path=path)])
    text, problems = decode(raw, path)
    if text is None:
        return Loaded(diagnostics=problems)
    problems = find_forbidden_characters(text, path)
    if problems:
        return Loaded(diagnostics=problems)
    return parse_yaml(text, path)


_FRONT_MATTER = YAMLHandler()


def load_markdown_bytes(raw: bytes, path: str, *, max_bytes: int = MAX_MARKDOWN_BYTES) -> Loaded:
    """A Markdown record: YAML front matter between '---' lines, then a body.

    python-frontmatter splits the text (its convention, its boundary pattern);
    the front matter then goes through the same strict YAML path as any record,
    so the library's own permissive YAML loader never sees submitted text.
    """
    if len(raw) > max_bytes:
        return Loaded(diagnostics=[error("L-SIZE", f"文件大小 {len(raw)} 字节，超过上限 {max_bytes} 字节。", path=path)])
    text, problems = decode(raw, path)
    if text is None:
        return Loaded(diagnostics=problems)
    problems = find_forbidden_characters(text, path)
    if problems:
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
    result.body = body
    result.body_line = front.count("\n") + 1  # the body starts on the closing --- line
    return result


def load_file_bytes(raw: bytes, path: str) -> Loaded:
    if path.endswith(".md"):
        return load_markdown_bytes(raw, path)
    return load_yaml_bytes(raw, path)

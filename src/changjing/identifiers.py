"""Identifiers: record IDs and the unified social credit code (personal data: see :mod:`changjing.personal`)."""
from __future__ import annotations

import re

# GB 32100-2015: 18 characters from this 31-character alphabet (no I, O, S, V, Z)
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_SHAPE = re.compile(rf"[{CREDIT_ALPHABET}]{{18}}")
# str.isdigit(), int() and a str pattern's \d all accept any Unicode digit (「００９９」, 「٠٠٩٩」):
# identifiers spell their digits out, so a look-alike ID can never stand beside the real one
ASCII_DIGITS = "0123456789"


def credit_check_char(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """None for a valid code, else a Chinese explanation of what is wrong."""
    if len(code) != 18:
        return f"统一社会信用代码应为 18 位，现为 {len(code)} 位。"
    bad = [c for c in code if c not in CREDIT_ALPHABET]
    if bad:
        return f"统一社会信用代码含有不允许的字符「{bad[0]}」（只用数字和大写字母，不含 I、O、S、V、Z）。"
    if not all(c in ASCII_DIGITS for c in code[2:8]):
        return "统一社会信用代码第 3–8 位应为行政区划码（6 位数字）。"
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位不正确：按 GB 32100-2015 计算应为「{expected}」，请核对是否抄错。"
    return None


def make_credit_code(first17: str) -> str:
    """Complete a 17-character prefix with its check character (for samples and tests)."""
    return first17 + credit_check_char(first17)


# Record IDs: file name = ID
ID_PATTERNS = {
    "demand": re.compile(r"XQ-([0-9]{4})-([0-9]{4})"),
    "supply": re.compile(r"GJ-([0-9]{4})-([0-9]{4})"),
    "case": re.compile(r"BG-([0-9]{4})-([0-9]{2})"),
    "donation": re.compile(r"JZ-([0-9]{4})-([0-9]{2})"),
    "survey": re.compile(r"DC-([0-9]{4})-([0-9]{4})"),
}
ID_EXAMPLES = {"demand": "XQ-2025-0001", "supply": "GJ-2025-0001", "case": "BG-2025-01", "donation": "JZ-2025-01",
               "survey": "DC-2026-0001"}
ID_PREFIXES = {"demand": ("XQ", 4), "supply": ("GJ", 4), "case": ("BG", 2), "donation": ("JZ", 2), "survey": ("DC", 4)}
KIND_LABELS = {"org": "组织", "demand": "场景需求", "supply": "场景供给", "case": "标杆案例", "donation": "捐赠场景",
               "survey": "创新活动调查表"}


def record_id_problem(kind: str, value: str) -> str | None:
    """None when ``value`` is a well-formed ID of this kind (a credit code's shape for an org), else why not.

    Every value that becomes part of a path — a file name under submissions/, a page or download
    address — passes here first, so no input can name a place outside its folder.
    """
    if kind == "org":
        if CREDIT_CODE_SHAPE.fullmatch(value):
            return None
        return (f"「{printable(value)}」不是统一社会信用代码：应为 18 位，只用半角数字 0–9 和大写字母"
                "（不含 I、O、S、V、Z），不能含空格、斜杠或其他符号。")
    pattern = ID_PATTERNS.get(kind)
    if pattern is None:  # a kind without an ID format has no file name that could be safe
        return f"「{kind}」类记录没有规定编号格式，不能据此生成文件名。"
    if pattern.fullmatch(value):
        return None
    return (f"「{printable(value)}」不是有效的{KIND_LABELS.get(kind, kind)}编号：应形如 {ID_EXAMPLES[kind]}，"
            "只用半角数字和大写字母，不能含空格、斜杠或其他符号。")


def printable(value: str, limit: int = 60) -> str:
    """A value quoted in a message: control characters shown as escapes, long values cut."""
    text = value if len(value) <= limit else value[:limit] + "…"
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


# what the site writes: page folders and download names built from IDs, batches and decision numbers
_SITE_PATH = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9_.-]*/)*(?:[A-Za-z0-9][A-Za-z0-9_.-]*)?", re.ASCII)


def site_path_problem(path: str) -> str | None:
    """None when a path built from data stays a plain relative path under the output folder."""
    if _SITE_PATH.fullmatch(path) and ".." not in path.split("/"):
        return None
    return f"网站输出路径「{printable(path)}」含有不允许的字符（只允许半角字母、数字、连字符、下划线和点），已停止构建。"

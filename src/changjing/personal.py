"""Personal data — mainland mobile numbers and resident ID numbers — found the way a reader reads them.

A reader sees ``１３８ 1234-5678``, ``138&#8203;1234&#8203;5678`` and
``138<!-- -->1234<!-- -->5678`` as the same number, so the detectors work on a
normalised copy of the text: HTML comment markers, invisible format characters
(zero-width, soft hyphen, tags) and combining marks removed, character
references and percent-encoded digits decoded, NFKC applied (full-width and
circled digits become ASCII) and any other Unicode decimal digit mapped to 0–9.
Digit groups joined by separators (spaces, dashes, dots, commas, slashes,
brackets, ``+``) are then read together, unless they are grouped by thousands
like an amount: a number is found when the groups from one to another
spell it exactly, possibly after ``+86``/``0086``/``0``. A group is never cut
in the middle, so long codes that merely contain eleven digits (patent
ZL202310123456.7, credit codes, amounts) are not numbers of a person.

:func:`mask` is how such a number may be shown; :func:`redact` masks every
number in a text, and every diagnostic message passes through it.
"""
from __future__ import annotations

import html as htmllib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_PIECE = re.compile(r"<!--|--!?>|&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?|%3[0-9]|.",
                    re.S)
# a cheap first look: texts with fewer than eleven digit-like characters hold no such number
_DIGITISH = re.compile(r"[\d\u00b2\u00b3\u00b9\u2070-\u209f\u2460-\u24ff\u2776-\u2793\U0001f100-\U0001f10a]|&#")
_SEP = r"[\s\-\u2010-\u2015\u2212~.,\u3001:\u00b7\u30fb/\\_()\[\]+*]"
_TOKEN = re.compile(rf"(?<![0-9])[0-9]+(?:{_SEP}{{1,3}}[0-9]+)*(?:[Xx](?![A-Za-z0-9]))?")
_GROUP = re.compile(r"[0-9]+[Xx]?")
_MOBILE = re.compile(r"(?:0086|86|0)?(1[3-9][0-9]{9})")
_ID_NUMBER = re.compile(r"[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_LONGEST = 18  # an ID number; "0086" and a mobile is 15
_LENGTHS = {11, 12, 13, 15, 18}  # a mobile bare, after 0, after 86, after 0086; an ID number


@dataclass(frozen=True)
class Found:
    kind: str  # "mobile" or "id"
    number: str  # the bare digits (a mobile without its country or trunk prefix)
    start: int  # span in the text that was searched
    end: int

    @property
    def masked(self) -> str:
        return mask(self.number)


def mask(value: str) -> str:
    """Never echo personal data back in full (messages land in public CI logs)."""
    digits = value.strip()
    return digits[:3] + "****" + digits[-2:] if len(digits) > 6 else "****"


def _id_number_valid(number: str) -> bool:
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    total = sum(int(c) * w for c, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def _char(ch: str) -> str:
    if ch.isascii():
        return ch
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if unicodedata.category(c) in ("Cf", "Mn", "Me"):  # zero-width, soft hyphen, tags, combining marks
            continue
        digit = unicodedata.decimal(c, None) if not c.isascii() else None
        out.append(str(digit) if digit is not None else c)
    return "".join(out)


def normalise(text: str) -> tuple[str, list[int]]:
    """The text as read, and for each of its characters the offset of the source character it came from."""
    chars: list[str] = []
    where: list[int] = []
    for m in _PIECE.finditer(text):
        piece = m.group(0)
        if piece in ("<!--", "-->", "--!>"):  # comment markers hide nothing from the digits around them
            continue
        if piece.startswith("%") and len(piece) == 3:  # a percent-encoded digit, as in tel:%31%33%38…
            out = piece[2]
        elif piece.startswith("&") and len(piece) > 1:
            decoded = htmllib.unescape(piece)
            out = "".join(_char(c) for c in decoded) if decoded != piece else piece
        else:
            out = _char(piece)
        for c in out:
            chars.append(c)
            where.append(m.start())
    return "".join(chars), where


def _thousands(groups: list[str]) -> bool:
    """1,380,000,000 or 13 800 000 000: an amount grouped by thousands, not a phone number."""
    return len(groups) > 2 and 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _is_number(candidate: str) -> tuple[str, str] | None:
    m = _MOBILE.fullmatch(candidate)
    if m:
        return "mobile", m.group(1)
    if len(candidate) == 18 and _ID_NUMBER.fullmatch(candidate) and _id_number_valid(candidate):
        return "id", candidate.upper()
    return None


def find(text: str) -> list[Found]:
    """Every mobile or ID number a reader would see in ``text`` (spans refer to ``text`` itself)."""
    if len(_DIGITISH.findall(text)) < 11:
        return []
    norm, where = normalise(text)
    found: list[Found] = []
    for token in _TOKEN.finditer(norm):
        if token.end() - token.start() < 11:
            continue
        groups = list(_GROUP.finditer(token.group(0)))
        parts = [g.group(0) for g in groups]
        count = len(parts)
        i = 0
        while i < count:
            hit = None
            concat = ""
            for j in range(i, count):
                part = parts[j]
                if part[-1] in "Xx" and j != count - 1:
                    break
                concat += part
                if len(concat) > _LONGEST:
                    break
                if len(concat) in _LENGTHS:
                    kind = _is_number(concat)
                    if kind and not _thousands(parts[i:j + 1]):
                        hit = (j, kind)
            if hit is None:
                i += 1
                continue
            j, (kind, number) = hit
            start = where[token.start() + groups[i].start()]
            last = token.start() + groups[j].end() - 1
            found.append(Found(kind, number, start, _piece_end(text, where[last])))
            i = j + 1
    return found


def _piece_end(text: str, start: int) -> int:
    """End offset of the source piece (a character or a character reference) starting at ``start``."""
    m = _PIECE.match(text, start)
    return m.end() if m else start + 1


def find_mobile_numbers(text: str) -> list[str]:
    return [f.number for f in find(text) if f.kind == "mobile"]


def find_id_numbers(text: str) -> list[str]:
    return [f.number for f in find(text) if f.kind == "id"]


def redact(text: str) -> str:
    """``text`` with every mobile and ID number masked (see :func:`mask`)."""
    if not text:
        return text
    spans = find(text)
    if not spans:
        return text
    out, last = [], 0
    for f in spans:
        out.append(text[last:f.start])
        out.append(f.masked)
        last = f.end
    out.append(text[last:])
    return "".join(out)

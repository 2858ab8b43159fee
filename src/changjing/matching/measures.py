"""Does a supply's indicator meet a demand's target? Names by character bigrams, values by number and unit.

Targets are free text such as "≤ 10 μm", "≥ 99.5%", "≤ 1.2 秒/片". Only a target
with a comparison and a value with the same unit are compared; anything else
is reported as a corresponding indicator, never as met.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_NUMBER = re.compile(r"(≤|≥|<=|>=|<|>|不大于|不小于|不超过|不低于|小于|大于|低于|高于)?\s*(\d+(?:\.\d+)?)\s*([^\d\s，,；;（(]*)")
_OPS = {"≤": "le", "<=": "le", "<": "le", "不大于": "le", "不超过": "le", "小于": "le", "低于": "le",
        "≥": "ge", ">=": "ge", ">": "ge", "不小于": "ge", "不低于": "ge", "大于": "ge", "高于": "ge"}
_UNITS = {"um": "μm", "µm": "μm", "微米": "μm", "毫米": "mm", "厘米": "cm", "米": "m", "秒": "s", "s": "s",
          "毫秒": "ms", "分钟": "min", "分": "min", "小时": "h", "摄氏度": "℃", "°c": "℃", "度": "°", "公里": "km",
          "千米": "km", "ppm": "ppm", "mg/m3": "mg/m³", "%": "%"}
#: units of one dimension are compared after conversion to the first of their kind
_SCALE = {"nm": ("m", Decimal("1e-9")), "μm": ("m", Decimal("1e-6")), "mm": ("m", Decimal("0.001")),
          "cm": ("m", Decimal("0.01")), "m": ("m", Decimal(1)), "km": ("m", Decimal(1000)),
          "ms": ("s", Decimal("0.001")), "s": ("s", Decimal(1)), "min": ("s", Decimal(60)), "h": ("s", Decimal(3600))}
SIMILAR = 0.5  # indicator names at least this similar (Dice of character bigrams) correspond
#: words that say what kind of figure an indicator is, not what it is about: "跌倒识别准确率" and
#: "泊位状态识别准确率" share most of their bigrams through these alone, yet measure different things
GENERIC = tuple(sorted((
    "识别", "检测", "检出", "监测", "预警", "告警", "报警", "预测", "定位", "测量", "计量",
    "准确率", "准确度", "正确率", "精度", "精确度", "误差", "误报率", "误检率", "漏检率", "漏报率", "召回率",
    "识别率", "检出率", "合格率", "良品率", "良率", "覆盖率", "可用率", "成功率", "通过率", "率",
    "时延", "延迟", "时间", "时长", "耗时", "节拍", "次数", "数量", "效率", "速度", "下限", "上限", "距离", "面积",
), key=len, reverse=True))


@dataclass(frozen=True)
class Quantity:
    op: str  # "le" | "ge" | ""
    number: Decimal
    unit: str


@lru_cache(maxsize=65536)
def quantity(text: str) -> Quantity | None:
    m = _NUMBER.search(text.replace("％", "%"))
    if not m:
        return None
    try:
        number = Decimal(m.group(2))
    except InvalidOperation:
        return None
    unit = m.group(3).split("/")[0].strip().lower()
    unit = _UNITS.get(unit, unit)
    if unit in _SCALE:
        unit, factor = _SCALE[unit]
        number *= factor
    return Quantity(_OPS.get(m.group(1) or "", ""), number, unit)


def _normal(name: str) -> str:
    """An indicator name as compared: lower case, no spaces."""
    return re.sub(r"\s+", "", name.lower())


@lru_cache(maxsize=65536)
def _bigrams(text: str) -> frozenset[str]:
    text = _normal(text)
    return frozenset({text[i:i + 2] for i in range(len(text) - 1)} or ({text} if text else set()))


@lru_cache(maxsize=262144)
def similarity(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def meets(target: str, value: str) -> bool | None:
    """True or False when the two are comparable, None when they are not."""
    t, v = quantity(target), quantity(value)
    if t is None or v is None or not t.op or t.unit != v.unit:
        return None
    return v.number <= t.number if t.op == "le" else v.number >= t.number


@dataclass(frozen=True)
class MeasureMatch:
    requirement: str  # demand's indicator
    target: str
    indicator: str  # supply's indicator
    value: str
    met: bool | None


@lru_cache(maxsize=65536)
def subject(name: str) -> str:
    """What an indicator is about: its name without the words for the kind of figure."""
    text = _normal(name)
    for word in GENERIC:
        text = text.replace(word, " ")
    return text.replace(" ", "")


@lru_cache(maxsize=262144)
def same_subject(a: str, b: str) -> bool:
    """Could two indicator names measure the same thing? Both about something: they share a character of
    it. One generic ("识别准确率"): it is part of the other name ("事件识别准确率"). Both generic: one is part
    of the other ("漏报率", "预警漏报率"), so "预警准确率" and "识别准确率" stay apart."""
    sa, sb = subject(a), subject(b)
    if sa and sb:
        return bool(set(sa) & set(sb))
    na, nb = _normal(a), _normal(b)
    if sa or sb:
        return (na in nb) if not sa else (nb in na)
    return na in nb or nb in na


def match_measures(demand_measures, supply_measures) -> list[MeasureMatch]:
    """For each demand indicator, the most similar supply indicator about the same thing (if similar enough)."""
    out = []
    for _item, indicator, target in demand_measures:
        best, best_sim = None, SIMILAR
        for name, value, _peer in supply_measures:
            sim = similarity(indicator, name) if same_subject(indicator, name) else 0.0
            if sim >= best_sim and (best is None or sim > best_sim):
                best, best_sim = (name, value), sim
        if best is not None:
            out.append(MeasureMatch(indicator, target, best[0], best[1], meets(target, best[1])))
    return out

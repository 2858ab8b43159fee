"""Indicator correspondence: a reason that says a supply's figure meets a demand's target must compare
figures of the same thing, never two accuracies of different things that share only the words for
"recognition accuracy"."""
from __future__ import annotations

import pytest

from changjing.matching.measures import match_measures

CORRESPOND = [
    ("跌倒识别准确率", "跌倒识别准确率"),
    ("漏点定位误差", "定位误差"),  # the supply states the generic figure of the same kind
    ("预警漏报率", "漏报率"),
    ("事件识别准确率", "识别准确率"),
    ("单工位检测节拍", "单片检测节拍"),
    ("预警提前时间", "质量异常预警提前时间"),
    ("最小可检缺陷尺寸", "最小可检缺陷"),
    ("检测下限", "检测下限"),
]
APART = [
    ("跌倒识别准确率", "泊位状态识别准确率"),  # found on a demand page: fall detection "met" by parking accuracy
    ("材料要素识别准确率", "跌倒识别准确率"),
    ("超限告警准确率", "隐患预警准确率"),
    ("折射率预测误差", "需量预测误差"),
    ("问答准确率", "识别准确率"),
    ("预警准确率", "识别准确率"),
    ("风险识别准确率", "泊位状态识别准确率"),
]


@pytest.mark.parametrize("demand, supply", CORRESPOND)
def test_indicators_of_the_same_thing_correspond(demand, supply):
    found = match_measures([("需求", demand, "≥ 90%")], [(supply, "95%", "")])
    assert [(m.requirement, m.indicator) for m in found] == [(demand, supply)]


@pytest.mark.parametrize("demand, supply", APART)
def test_indicators_of_different_things_never_correspond(demand, supply):
    assert match_measures([("需求", demand, "≥ 90%")], [(supply, "95%", "")]) == []


def test_the_best_corresponding_indicator_is_chosen_among_several():
    found = match_measures([("需求", "跌倒识别准确率", "≥ 95%")],
                           [("泊位状态识别准确率", "99.2%", ""), ("跌倒识别准确率", "96%", "")])
    assert [(m.indicator, m.met) for m in found] == [("跌倒识别准确率", True)]

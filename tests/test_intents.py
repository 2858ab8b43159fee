"""Cooperation intents (合作意向): the rules, the issue form, and what demand pages show."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from changjing.check import check
from changjing.intentform import FORM_FILE, NOTE_LABEL, form_yaml, to_intent
from changjing.issueform import FORMS_DIR, FormError

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)


def add_intents(repo: Path, text: str) -> None:
    path = repo / "lists/intents.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def codes(repo: Path) -> dict[str, list]:
    out: dict[str, list] = {}
    for d in check(repo, today=TODAY).diagnostics:
        if d.path == "lists/intents.yaml":
            out.setdefault(d.code, []).append(d)
    return out


def test_the_sample_intents_are_valid(sample_copy):
    assert codes(sample_copy) == {}


def test_an_intent_after_the_response_deadline_is_an_error(sample_copy):
    # XQ-2025-0016 was published 2026-04-13; its response deadline was 2026-01-20
    add_intents(sample_copy, "  - demand: XQ-2025-0013\n    org: 晋城某环保科技有限公司\n    received: 2026-07-01\n"
                             "    mode: 揭榜挂帅\n")
    found = codes(sample_copy)
    [d] = found["W-INTENT-DEADLINE"]
    assert d.severity.name == "ERROR" and d.line > 1
    assert "2026-06-30" in d.message and "已截止" in d.message


def test_intents_only_for_published_demands(sample_copy):
    # XQ-2026-0001 is on notice (公示中), not published
    add_intents(sample_copy, "  - demand: XQ-2026-0001\n    org: 晋城某科技有限公司\n    received: 2026-11-20\n"
                             "    mode: 揭榜挂帅\n  - demand: XQ-2025-0099\n    org: 晋城某科技有限公司\n"
                             "    received: 2026-05-01\n    mode: 揭榜挂帅\n")
    messages = [d.message for d in codes(sample_copy)["W-INTENT-DEMAND"]]
    assert any("XQ-2026-0001" in m and "尚未发布" in m for m in messages)
    assert any("没有编号为「XQ-2025-0099」的需求" in m for m in messages)


def test_a_withdrawn_demand_takes_no_intents(sample_copy):
    w = sample_copy / "lists/withdrawals.yaml"
    w.write_text(w.read_text(encoding="utf-8") + "  - record: XQ-2025-0015\n    kind: 撤回\n    date: 2026-04-20\n"
                 "    reason: 需求方调整计划\n", encoding="utf-8")
    assert any("已于 2026-04-20 撤回或撤销" in d.message for d in codes(sample_copy)["W-INTENT-DEMAND"])


def test_chosen_partner_dates_events_and_supplies_are_checked(sample_copy):
    add_intents(sample_copy, "  - demand: XQ-2025-0013\n    org: 晋城某环保科技有限公司\n    received: 2026-05-02\n"
                             "    mode: 揭榜挂帅\n    event: 2026-05-shalong\n    chosen: 2026-05-10\n"
                             "    supply: GJ-2025-0999\n"
                             "  - demand: XQ-2025-0013\n    org: 晋城另一环保科技有限公司\n    received: 2026-05-02\n"
                             "    mode: 揭榜挂帅\n    event: no-such-event\n    chosen: 2026-05-01\n")
    messages = [d.message for d in codes(sample_copy)["W-INTENT-CHOSEN"]]
    assert any("早于对接活动日期 2026-05-20" in m for m in messages)
    assert any("没有编号为「no-such-event」的活动" in m for m in messages)
    assert any("早于登记日期" in m for m in messages)
    assert any("没有编号为「GJ-2025-0999」的供给" in m for m in messages)


def test_no_personal_data_in_an_intent_and_never_echoed_in_full(sample_copy):
    add_intents(sample_copy, "  - demand: XQ-2025-0013\n    org: 晋城某公司 联系人 13912345678\n    received: 2026-05-02\n"
                             "    mode: 揭榜挂帅\n")
    [d] = codes(sample_copy)["W-INTENT-PERSONAL"]
    assert "13912345678" not in d.message and "139****78" in d.message


def test_a_second_intent_of_one_organisation_is_a_warning(sample_copy):
    add_intents(sample_copy, "  - demand: XQ-2025-0013\n    org: 太原智感安全技术有限公司\n    credit_code: 91140100MA0T6GN192\n"
                             "    received: 2026-05-02\n    mode: 联合体\n")
    [d] = codes(sample_copy)["W-INTENT-DUPLICATE"]
    assert d.severity.name == "WARNING"


def test_unknown_fields_and_bad_modes_are_refused(sample_copy):
    add_intents(sample_copy, "  - demand: XQ-2025-0013\n    org: 晋城某公司\n    received: 2026-05-02\n"
                             "    mode: 随便谈谈\n    contact_person: 张三\n")
    found = codes(sample_copy)
    assert "S-ENUM" in found and "S-UNKNOWN-FIELD" in found


# -- the issue form ------------------------------------------------------------------------------

def test_the_committed_intent_form_is_generated_from_the_model():
    assert (ROOT / FORMS_DIR / FORM_FILE).read_text(encoding="utf-8") == form_yaml()


BODY = """### 需求编号

xq-2025-0014

### 意向单位名称

晋城某能源服务有限公司

### 意向单位统一社会信用代码

_No response_

### 拟采用的合作方式

联合体

### 拟提供的供给

_No response_

### {note}

联系人张三 13912345678，想先看现场

### 确认

- [x] 本单位愿意就该需求参与对接，以上内容不含个人信息
"""


def test_a_filled_form_becomes_an_intent_without_the_private_note():
    entry = to_intent(BODY.format(note=NOTE_LABEL), date(2026, 5, 20))
    assert entry == {"demand": "XQ-2025-0014", "org": "晋城某能源服务有限公司", "received": date(2026, 5, 20),
                     "mode": "联合体"}


def test_a_form_with_a_bad_mode_is_refused_in_chinese():
    with pytest.raises(FormError, match="拟采用的合作方式"):
        to_intent(BODY.format(note=NOTE_LABEL).replace("联合体", "随便谈谈"), date(2026, 5, 20))

"""The 合作意向登记 issue form and its conversion into an entry of lists/intents.yaml.

A company registers intent for a published demand through the form; staff
read the issue, check the organisation by its office phone, and add the entry
that ``changjing intent-from-issue`` prints to lists/intents.yaml. The form's
labels are the Intent model's titles, so the two cannot drift apart. The
form asks for no person: the contact is the organisation's registered office.
"""
from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import get_args

import yaml

from . import vocab
from .issueform import FORMS_DIR, NO_RESPONSE, OTHER_FORMS, FormError, parse_sections
from .lists import models as m

FORM_FILE = "5-intent.yml"
#: (key, form type, required, placeholder); labels are the model's titles
FIELDS = (("demand", "input", True, "XQ-2025-0001"), ("org", "input", True, ""),
          ("credit_code", "input", False, "18 位统一社会信用代码"), ("mode", "dropdown", True, ""),
          ("supply", "input", False, "GJ-2025-0001"))
NOTE_LABEL = "合作设想（仅供工作人员和需求方参考，不公开）"


def label(key: str) -> str:
    return m.Intent.model_fields[key].title or key


def form_data() -> dict:
    body: list[dict] = [{"type": "markdown", "attributes": {"value": (
        "已发布的场景需求在**响应截止日期**前征集合作意向（晋市开管〔2025〕7号 第8条）。"
        "工作人员核实后登记在 lists/intents.yaml，需求页面只公开单位名称、合作方式和份数。\n\n"
        "**请勿填写个人姓名、手机号、身份证号**：工作人员会通过贵单位登记的办公电话联系。")}}]
    for key, form_type, required, placeholder in FIELDS:
        attrs: dict = {"label": label(key)}
        description = m.Intent.model_fields[key].description
        if description:
            attrs["description"] = description
        if form_type == "dropdown":
            attrs["options"] = list(get_args(vocab.CooperationMode))
        elif placeholder:
            attrs["placeholder"] = placeholder
        body.append({"type": form_type, "id": key, "attributes": attrs, "validations": {"required": required}})
    body.append({"type": "textarea", "id": "note", "attributes": {"label": NOTE_LABEL},
                 "validations": {"required": False}})
    body.append({"type": "checkboxes", "id": "confirm", "attributes": {"label": "确认", "options": [
        {"label": "本单位愿意就该需求参与对接，以上内容不含个人信息", "required": True}]}})
    return {"name": "合作意向登记", "description": "对已发布的场景需求登记本单位的合作意向。",
            "title": "[合作意向] ", "labels": ["合作意向"], "body": body}


def form_yaml() -> str:
    header = "# 本文件由 `changjing issue-forms` 根据合作意向模型生成，请勿手工修改。\n"
    return header + yaml.safe_dump(form_data(), allow_unicode=True, sort_keys=False, width=120)


def write_form(root: Path) -> Path:
    path = Path(root) / FORMS_DIR / FORM_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(form_yaml(), encoding="utf-8")
    return path


OTHER_FORMS.append(write_form)


def to_intent(body: str, received: date) -> dict:
    """The issue body → one validated entry of lists/intents.yaml (the note is not kept: it is not public)."""
    labels = [label(k) for k, *_ in FIELDS]
    sections = parse_sections(body, labels + [NOTE_LABEL, "确认"])
    data: dict = {}
    for key, *_ in FIELDS:
        text = " ".join(sections.get(label(key), "").split())
        if text not in NO_RESPONSE:
            data[key] = text.upper() if key in ("demand", "credit_code", "supply") else text
    data["received"] = received
    from pydantic import ValidationError

    try:
        intent = m.Intent.model_validate(data)
    except ValidationError as exc:
        problems = "；".join(f"{label(str(e['loc'][0])) if e['loc'] and e['loc'][0] in m.Intent.model_fields else ''}"
                            f"：{e['msg']}" for e in exc.errors())
        raise FormError(f"表单内容不符合要求：{problems}") from None
    return intent.model_dump(exclude_none=True)


def cmd_intent_from_issue(args) -> int:
    from .commandline import today_of
    from .diagnostics import escape_workflow_commands

    raw = sys.stdin.read() if args.form == "-" else Path(args.form).read_text(encoding="utf-8-sig")
    try:
        entry = to_intent(raw, today_of(args))
    except FormError as exc:
        sys.stdout.write(escape_workflow_commands(f"无法转换表单：{exc}") + "\n")
        return 2
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False)
    text = re.sub(r"^", "  ", text, flags=re.M).rstrip() + "\n"
    sys.stdout.write(escape_workflow_commands(
        "核实单位后，把下面的条目加到 lists/intents.yaml 的 intents: 下，再运行 changjing check：\n" + text))
    return 0


def register(sub) -> None:
    from .commandline import parse_date as _date

    p = sub.add_parser("intent-from-issue", help="把“合作意向登记”议题表单转换为 lists/intents.yaml 的条目")
    p.add_argument("form", metavar="文件", help="保存了议题正文的 Markdown 文件；- 表示从标准输入读取")
    p.add_argument("--today", type=_date, default=None, metavar="日期", help="登记日期（YYYY-MM-DD，默认北京时间今天）")
    p.set_defaults(func=cmd_intent_from_issue)

"""GitHub issue forms for applicants without Git, and their conversion into record files.

The forms in .github/ISSUE_TEMPLATE/ are generated from the specs below
(`changjing issue-forms`), with the models' Chinese field titles as labels, so
a form and its converter cannot drift apart. GitHub turns a filled-in form
into an issue body of ``### 标签`` headings, each followed by the answer;
`changjing from-issue BODY.md --kind demand` reads that body back into a
record file through the normal models and runs `changjing check` on it.

The body is untrusted text. A heading that is not a label of the form is
kept as part of the answer above it; a label that appears twice (an answer
that forges a later heading) is refused rather than guessed.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml

from .records import KINDS
from .translate import _unwrap, field_at

NO_RESPONSE = {"", "_No response_", "None"}
FORMS_DIR = ".github/ISSUE_TEMPLATE"
#: writers of forms that are not records (合作意向登记, intentform.py); each registers itself on import
OTHER_FORMS: list = []


@dataclass(frozen=True)
class Item:
    key: str  # dotted key in the record; for "checks", the parent object
    type: str  # input | textarea | dropdown | bool | number | money | date | checks | multi | rows | lines | credit
    required: bool = True
    columns: tuple[str, ...] = ()  # for rows: keys of each column
    placeholder: str = ""
    label: str = ""  # default: the model's title for the key


CONTACT = (Item("contact.office", "input", False, placeholder="科技创新部"),
           Item("contact.phone", "input", False, placeholder="0356-2226000"),
           Item("contact.email", "input", False))
KEYWORDS = Item("keywords", "lines", False, placeholder="机器视觉、缺陷检测")

SPECS: dict[str, tuple[Item, ...]] = {
    "org": (
        Item("credit_code", "credit", placeholder="18 位统一社会信用代码"),
        Item("name", "input"),
        Item("type", "dropdown"),
        Item("location", "dropdown"),
        Item("industry", "dropdown"),
        Item("chain", "dropdown", False),
        Item("declarations", "checks"),
        Item("contact.office", "input", placeholder="科技创新部"),
        Item("contact.phone", "input", placeholder="0356-2226000"),
        Item("contact.email", "input", False),
        Item("address", "input", False),
        Item("website", "input", False, placeholder="https://"),
        Item("introduction", "textarea", False),
    ),
    "demand": (
        Item("title", "input"),
        Item("owner", "credit", placeholder="18 位统一社会信用代码"),
        Item("batch", "input", placeholder="2025-H2"),
        Item("domain", "dropdown"),
        Item("application_field", "dropdown"),
        Item("responsible_department", "dropdown"),
        Item("pain_point", "textarea"),
        Item("technical_requirements", "rows", columns=("item", "indicator", "target"),
             placeholder="表面缺陷在线识别｜识别准确率｜≥ 99.5%"),
        Item("opens.site", "textarea", False),
        Item("opens.funds", "textarea", False),
        Item("opens.facilities", "textarea", False),
        Item("budget", "money", placeholder="300 万元"),
        Item("fiscal_share_percent", "number", placeholder="0"),
        Item("cooperation_mode", "dropdown"),
        Item("replicability", "textarea"),
        Item("reply_deadline", "date", placeholder="2025-09-30"),
        Item("exclusions", "checks"),
        *CONTACT,
        KEYWORDS,
    ),
    "supply": (
        Item("title", "input"),
        Item("provider", "credit", placeholder="18 位统一社会信用代码"),
        Item("batch", "input", placeholder="2025-H2"),
        Item("kind", "dropdown"),
        Item("industry", "dropdown"),
        Item("chain", "dropdown", False),
        Item("description", "textarea"),
        Item("technical_level", "textarea"),
        Item("indicators", "rows", columns=("name", "value", "peer"), placeholder="检测速度｜120 件/分钟｜80 件/分钟"),
        Item("intellectual_property", "rows", False, columns=("kind", "number", "title", "ownership"),
             placeholder="发明专利｜ZL202310000000.0｜一种铸件缺陷检测方法｜自有"),
        Item("apply_sanxin", "bool"),
        Item("references", "rows", False, columns=("user", "description", "year"),
             placeholder="晋城某铸造公司｜两条产线在线检测｜2024"),
        *CONTACT,
        KEYWORDS,
    ),
    "survey": (
        Item("enterprise", "credit", placeholder="18 位统一社会信用代码"),
        Item("year", "number", placeholder="2026"),
        Item("institutions", "rows", False,
             columns=("name", "level", "approved_by", "field", "staff_range", "spending_range"),
             placeholder="晋城市示例工程技术研究中心｜市级｜晋城市科学技术局｜光学检测｜10–49 人｜100–500 万元"),
        Item("projects", "rows", False, columns=("name", "source", "approval_number", "staff_range", "spending_range"),
             placeholder="铸件内部缺陷检测工艺｜企业自主立项｜｜1–9 人｜100 万元以下"),
        Item("activities.investment", "textarea", False),
        Item("activities.talent", "textarea", False),
        Item("activities.projects", "textarea", False),
        Item("activities.platforms", "textarea", False),
        Item("activities.rnd", "textarea", False),
        Item("activities.cooperation", "textarea", False),
        Item("other_activities", "multi", False),
        *CONTACT,
    ),
}
FORM_NAMES = {"org": "登记单位信息", "demand": "提交场景需求", "supply": "提交场景供给（三新产品、技术、工艺）",
              "survey": "填写企业创新活动开展情况调查表"}
FORM_FILES = {"org": "1-org.yml", "demand": "2-demand.yml", "supply": "3-supply.yml", "survey": "5-survey.yml"}
#: what a form says before its fields, beyond the common warning about personal data
FORM_NOTES = {"survey": (
    "\n\n**本表公开发布，不填写具体数字**：研发经费、仪器设备原价等金额和研发人员人数都不要写；"
    "人员和费用只能从区间中选择（也可以不填），文字说明里写了金额或人数的，检查会拒绝。"
    "依据晋市政办〔2020〕31号 附件3。")}


def _info(kind: str, key: str):
    loc = tuple(key.split("."))
    return field_at(KINDS[kind].model, loc)


def label_of(kind: str, item: Item) -> str:
    if item.label:
        return item.label
    info, _ = _info(kind, item.key)
    return info.title if info is not None and info.title else item.key


def _sub_model(kind: str, key: str):
    _, annotation = _info(kind, key)
    if get_origin(annotation) is list:
        annotation = _unwrap(get_args(annotation)[0])
    return annotation


def _choices(kind: str, key: str) -> list[str]:
    _, annotation = _info(kind, key)
    if get_origin(annotation) is list:  # a multiple choice: the choices of one item
        annotation = _unwrap(get_args(annotation)[0])
    return [str(a) for a in get_args(annotation)] if get_origin(annotation) is Literal else []


def _description(kind: str, item: Item) -> str:
    info, _ = _info(kind, item.key)
    text = info.description if info is not None and info.description else ""
    if item.type == "rows":
        model = _sub_model(kind, item.key)
        cols = "｜".join(model.model_fields[c].title or c for c in item.columns)
        text = (text + "。" if text else "") + f"每行一项，各栏用竖线“｜”分开：{cols}"
        if any(not model.model_fields[c].is_required() for c in item.columns):
            text += "；可选的栏留空"
        for c in item.columns:
            choices = [str(a) for a in get_args(_unwrap(model.model_fields[c].annotation))]
            if choices:
                text += f"。{model.model_fields[c].title or c}：{'、'.join(choices)}"
    elif item.type == "lines":
        text = (text + "。" if text else "") + "用顿号或换行分开"
    elif item.type == "money":
        text = "数字加单位（元 或 万元），如 300 万元"
    elif item.type == "date":
        text = "写成 YYYY-MM-DD"
    return text


# -- the form ---------------------------------------------------------------------------------

def form_data(kind: str) -> dict:
    body: list[dict] = [{"type": "markdown", "attributes": {"value": (
        f"本表单用于没有使用 Git 的单位提交{KINDS[kind].label}。领导小组办公室工作人员会把它转换为记录文件并代为提交拉取请求，"
        "审核意见会回复在本议题中。\n\n"
        "**请勿填写个人姓名、手机号、身份证号**；联系方式请写办公电话和部门。"
        "填写说明见仓库 docs/reference/pr.md。" + FORM_NOTES.get(kind, ""))}}]
    for item in SPECS[kind]:
        label = label_of(kind, item)
        attrs: dict[str, Any] = {"label": label}
        desc = _description(kind, item)
        if item.type == "checks":
            model = _sub_model(kind, item.key)
            attrs["description"] = "请逐项确认；不符合的不要勾选"
            attrs["options"] = [{"label": f.title or name} for name, f in model.model_fields.items()]
            body.append({"type": "checkboxes", "id": item.key.replace(".", "_"), "attributes": attrs})
            continue
        if item.type == "multi":
            attrs["description"] = "可多选"
            attrs["options"] = [{"label": c} for c in _choices(kind, item.key)]
            body.append({"type": "checkboxes", "id": item.key.replace(".", "_"), "attributes": attrs})
            continue
        if desc:
            attrs["description"] = desc
        if item.type in ("dropdown", "bool"):
            attrs["options"] = ["是", "否"] if item.type == "bool" else _choices(kind, item.key)
            form_type = "dropdown"
        else:
            form_type = "textarea" if item.type in ("textarea", "rows", "lines") else "input"
            if item.placeholder:
                attrs["placeholder"] = item.placeholder
        body.append({"type": form_type, "id": item.key.replace(".", "_"), "attributes": attrs,
                     "validations": {"required": item.required}})
    return {
        "name": FORM_NAMES[kind],
        "description": f"不会使用 Git 的单位可用此表单提交{KINDS[kind].label}，由工作人员转为记录文件。",
        "title": f"[{KINDS[kind].label}] ",
        "labels": ["表单提交", KINDS[kind].label],
        "body": body,
    }


def form_yaml(kind: str) -> str:
    header = "# 本文件由 `changjing issue-forms` 根据记录模型生成，请勿手工修改。\n"
    return header + yaml.safe_dump(form_data(kind), allow_unicode=True, sort_keys=False, width=120)


def write_forms(root: Path) -> list[Path]:
    out = []
    for kind, name in FORM_FILES.items():
        path = Path(root) / FORMS_DIR / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(form_yaml(kind), encoding="utf-8")
        out.append(path)
    out.extend(write(Path(root)) for write in OTHER_FORMS)
    return out


# -- reading an issue body ---------------------------------------------------------------------

_HEADING = re.compile(r"^###\s+(.+?)\s*$")
_SPLIT = re.compile(r"\s*[|｜]\s*")
_CHECK = re.compile(r"^\s*[-*]\s*\[([ xX])\]\s*(.+?)\s*$")
_MONEY = re.compile(r"^\s*([0-9][0-9,，]*(?:\.[0-9]+)?)\s*(万元|元)\s*$")


class FormError(ValueError):
    pass


def parse_sections(body: str, labels: list[str]) -> dict[str, str]:
    known = set(labels)
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in body.replace("\r\n", "\n").split("\n"):
        m = _HEADING.match(line)
        if m and m.group(1) in known:
            current = m.group(1)
            if current in sections:
                raise FormError(f"栏目「{current}」出现了两次（可能是某个回答里写了同名的 ### 标题），无法确定哪一个是真的。")
            sections[current] = []
        elif current is not None:
            sections[current].append(line)
    return {k: "\n".join(v).strip() for k, v in sections.items()}


def _number(text: str, label: str):
    try:
        value = Decimal(text.replace(",", "").replace("，", "").replace("%", "").strip())
    except InvalidOperation:
        raise FormError(f"「{label}」应为数字，现为「{text}」。") from None
    return int(value) if value == value.to_integral_value() else float(value)


def _cells(line: str, width: int, optional: list[bool]) -> list[str]:
    """The cells of one row: a Markdown-table row loses its outer bars; empty trailing cells
    beyond the width are dropped, and missing trailing cells are empty when those columns are optional."""
    text = line.strip()
    if text[:1] in "|｜":
        text = text[1:]
        if text[-1:] in "|｜":
            text = text[:-1]
    cells = _SPLIT.split(text.strip())
    while len(cells) > width and cells[-1] == "":
        cells.pop()
    if len(cells) < width and all(optional[len(cells):]):
        cells += [""] * (width - len(cells))
    return cells


def _set(data: dict, key: str, value: Any) -> None:
    parts = key.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def answers_to_data(kind: str, body: str) -> dict:
    items = SPECS[kind]
    labels = [label_of(kind, i) for i in items]
    sections = parse_sections(body, labels)
    data: dict = {}
    for item, label in zip(items, labels):
        text = sections.get(label, "").strip()
        if item.type not in ("checks", "multi") and text in NO_RESPONSE:
            continue
        if item.type in ("input", "dropdown", "date", "credit"):
            value: Any = " ".join(text.split()) if item.type != "credit" else text.replace(" ", "").upper()
        elif item.type == "textarea":
            value = text
        elif item.type == "bool":
            value = {"是": True, "否": False}.get(text)
            if value is None:
                raise FormError(f"「{label}」只能选“是”或“否”，现为「{text}」。")
        elif item.type == "number":
            value = _number(text, label)
        elif item.type == "money":
            m = _MONEY.match(text)
            if not m:
                raise FormError(f"「{label}」应写成“数字 单位”，如“300 万元”，现为「{text}」。")
            value = {"amount": _number(m.group(1), label), "unit": m.group(2)}
        elif item.type == "lines":
            value = [w for w in re.split(r"[、,，;；\n]+", text) if w.strip()]
            value = [w.strip() for w in value]
        elif item.type == "rows":
            value = []
            fields = _sub_model(kind, item.key).model_fields
            optional = [not fields[c].is_required() for c in item.columns]
            for n, line in enumerate(l for l in text.split("\n") if l.strip()):
                cells = _cells(line, len(item.columns), optional)
                if len(cells) != len(item.columns):
                    raise FormError(f"「{label}」第 {n + 1} 行应有 {len(item.columns)} 栏（用“｜”分开），现为 {len(cells)} 栏：{line.strip()}")
                # an empty cell is an optional field left out
                row: dict[str, Any] = {c: v for c, v in zip(item.columns, cells) if v}
                if "year" in row:
                    row["year"] = _number(row["year"], label)
                value.append(row)
        elif item.type == "multi":
            ticked = {m.group(2) for line in text.split("\n") if (m := _CHECK.match(line)) and m.group(1) != " "}
            value = [c for c in _choices(kind, item.key) if c in ticked]
            if not value:
                continue
        elif item.type == "checks":
            model = _sub_model(kind, item.key)
            ticked = {m.group(2) for line in text.split("\n") if (m := _CHECK.match(line)) and m.group(1) != " "}
            value = {name: (f.title or name) in ticked for name, f in model.model_fields.items()}
        else:  # pragma: no cover
            raise AssertionError(item.type)
        _set(data, item.key, value)
    return data


def to_record(kind: str, body: str, record_id: str | None, today: date) -> dict:
    data = answers_to_data(kind, body)
    if kind == "org":
        return data
    ordered: dict = {"id": record_id}
    for key, value in data.items():
        ordered[key] = value
        if key == "batch":
            ordered["submitted"] = today.isoformat()
    ordered.setdefault("submitted", today.isoformat())
    return ordered


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper, value: str):
    # several lines as a literal block, the way people write them by hand
    style = "|" if "\n" in value and not any(c in value for c in "\r\t") else None
    text = "\n".join(line.rstrip() for line in value.split("\n")) if style else value
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _str)


def record_yaml(data: dict, source: str = "") -> str:
    source = " ".join(source.split())
    header = "# 由 changjing from-issue 根据议题表单生成" + (f"（{source}）" if source else "") + "，请核对后提交。\n"
    return header + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000,
                              default_flow_style=False)


# -- commands ------------------------------------------------------------------------------------

def _fresh_id(root: Path, kind: str, today: date, next_id) -> str:
    """The next free ID; next_id already skips IDs deleted anywhere in the history."""
    return next_id(root, kind, today)


def cmd_from_issue(args) -> int:
    from .check import check
    from .commandline import today_of
    from .commandline import emit
    from .diagnostics import format_text
    from .templates import IdentifierError, checked_path, next_id

    root = Path(args.root)
    today = today_of(args)
    try:
        raw = sys.stdin.read() if args.form == "-" else Path(args.form).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        emit(f"无法读取表单文件「{args.form}」：{exc.strerror if isinstance(exc, OSError) else '不是 UTF-8 编码'}。")
        return 2
    try:
        if args.kind == "org":
            data = to_record("org", raw, None, today)
            record_id = str(data.get("credit_code") or "")
            if not record_id:
                raise FormError("表单中没有统一社会信用代码。")
        else:
            record_id = args.id or _fresh_id(root, args.kind, today, next_id)
            data = to_record(args.kind, raw, record_id, today)
        # the file name comes from the form (or --id): checked before it is ever joined to a path
        path = checked_path(root, args.kind, record_id)
    except (FormError, IdentifierError) as exc:
        emit(f"无法转换表单：{exc}")
        return 2
    rel = path.relative_to(root).as_posix()
    if path.exists():
        emit(f"文件已存在，不会覆盖：{rel}")
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(record_yaml(data, args.source or ""), encoding="utf-8")
    emit(f"已写入 {rel}")
    result = check(root, [rel], today=today)
    if result.diagnostics:
        emit(format_text(result.diagnostics))
        emit("请按上面的提示修改文件（或请申报单位补充表单）后再提交拉取请求。")
    else:
        emit("检查通过。")
    return 1 if result.errors else 0


def cmd_issue_forms(args) -> int:
    from .commandline import emit

    for path in write_forms(Path(args.root)):
        emit(f"已写入 {path.relative_to(args.root).as_posix()}")
    return 0


def register(sub) -> None:
    from .commandline import add_common

    p = sub.add_parser("from-issue", help="把议题表单（GitHub issue form）的内容转换为记录文件")
    p.add_argument("form", metavar="文件", help="保存了议题正文的 Markdown 文件；- 表示从标准输入读取")
    p.add_argument("--kind", required=True, choices=sorted(SPECS), help="记录类型")
    p.add_argument("--id", metavar="编号", help="编号；不填则取今年下一个空闲编号")
    p.add_argument("--source", metavar="说明", help="来源说明，写入文件头注释，如“议题 #12”")
    add_common(p)
    p.set_defaults(func=cmd_from_issue)

    p = sub.add_parser("issue-forms", help="根据记录模型重新生成 .github/ISSUE_TEMPLATE/ 中的议题表单")
    add_common(p, today=False)
    p.set_defaults(func=cmd_issue_forms)


"""Documentation of the diagnostic codes that are not rule functions.

Loader codes (L-) come from the strict loader, schema codes (S-) from the
translated pydantic errors, file codes (F-) from the repository layout. Rule
codes (R-) document themselves through the rule registry. Other stages add
their own tables here through :func:`document`.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodeDoc:
    code: str
    title: str
    explanation: str
    group: str


CODE_DOCS: dict[str, CodeDoc] = {}


def document(group: str, entries: list[tuple[str, str, str]]) -> None:
    for code, title, explanation in entries:
        CODE_DOCS[code] = CodeDoc(code, title, explanation, group)


document("读取文件（L-）", [
    ("L-SIZE", "文件过大", "YAML 文件和 Markdown 案例都不超过 256 KB。"),
    ("L-ENCODING", "不是 UTF-8", "文件必须是 UTF-8 编码（可以带 BOM）。"),
    ("L-ENCODING-GBK", "GBK 编码", "文件是 GBK/GB18030 编码；请另存为 UTF-8。消息中写明了记事本和 VS Code 的操作方法。"),
    ("L-CONTROL-CHAR", "控制字符", "除制表符和换行外，不允许不可见的控制字符（包括文件中间的 BOM）。"),
    ("L-CHAR", "不能使用的字符", "不允许代理码位（U+D800–U+DFFF）、U+FFFE、U+FFFF 等 Unicode 非字符：XML（订阅、站点地图）"
     "无法承载它们。双引号中用转义（如 \\uFFFF）、案例正文中用字符引用（如 &#xFFFF;）写出的这类字符、控制字符和双向控制字符同样不允许。"),
    ("L-BIDI", "双向文本控制字符", "不允许 U+202A–U+202E、U+2066–U+2069 等双向控制字符：它们能让审阅者看到的文字与实际内容不同。"),
    ("L-SYNTAX", "YAML 格式错误", "缩进、冒号、引号等格式问题。消息给出出错的行和列。"),
    ("L-ANCHOR", "锚点", "不允许 YAML 锚点（&name）。在读取任何内容之前就会拒绝。"),
    ("L-ALIAS", "别名", "不允许 YAML 别名（*name）；这也杜绝了“别名炸弹”。"),
    ("L-TAG", "标签", "不允许 YAML 标签（如 !!str、!!python/object）。"),
    ("L-MERGE", "合并键", "不允许合并键（<<）。"),
    ("L-DEPTH", "嵌套过深", "嵌套不超过 32 层。"),
    ("L-TOO-LARGE", "条目过多", "一个文件最多 20000 个条目。"),
    ("L-DUPLICATE-KEY", "字段重复", "同一层中每个字段只能出现一次。"),
    ("L-MULTI-DOC", "多个文档", "一个文件只能有一个 YAML 文档。"),
    ("L-NOT-MAPPING", "不是映射", "文件的顶层必须是“字段: 值”的映射。"),
    ("L-COMPLEX-KEY", "复杂字段名", "字段名必须是简单文字。"),
    ("L-FRONT-MATTER", "缺少头信息", "标杆案例（.md）必须以 --- 包围的 YAML 头信息开始。"),
])
document("字段校验（S-）", [
    ("S-MISSING", "缺少必填字段", "模板中没有标注“可选”的字段都必须填写。"),
    ("S-UNKNOWN-FIELD", "不认识的字段", "字段名拼错或放错层级。消息列出这一层允许的字段。"),
    ("S-ENUM", "取值不在范围内", "只能从规定的词表中选择，消息列出全部可选值。"),
    ("S-FORMAT", "格式不对", "如统一社会信用代码、批次、办公电话、邮箱、网址的格式。"),
    ("S-LENGTH", "长度或数量不符", "文字太短或太长、列表项太少或太多。"),
    ("S-RANGE", "数值超出范围", "如财政资金占比须在 0–100 之间。"),
    ("S-DATE", "日期格式", "日期写成 YYYY-MM-DD，且须是真实存在的日期。"),
    ("S-TYPE", "类型不对", "如应为文字、数字、列表，或 true/false。"),
    ("S-INVALID", "其他取值问题", "其他不符合字段要求的取值。"),
])
document("仓库结构（F-）", [
    ("F-PLACE", "文件位置", "submissions/ 下只放 orgs、demand、supply、cases、donations 五个文件夹；"
     "YAML 记录用 .yaml 扩展名，标杆案例用 .md。"),
    ("F-ID-UNIQUE", "编号唯一", "同一编号（不区分大小写）只能对应一个文件。"),
    ("F-NOT-FOUND", "文件不存在", "命令行给出的路径不存在。"),
    ("F-SYMLINK", "符号链接", "submissions/ 中不接受符号链接：链接可能指向构建机器上的任意文件，从不读取。"),
])

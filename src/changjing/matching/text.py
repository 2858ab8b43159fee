"""Chinese text → terms for ranking (jieba), and the plain baseline tokenizer.

A private :class:`jieba.Tokenizer` is used, so nothing here changes how other
parts of the program (site search) segment text. Its dictionary is loaded
once per process, from jieba's own cache file when present.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

#: words that say nothing about what a demand needs or a supply offers: function words and the
#: programme's boilerplate (every record "需要" a "技术" to "提高" something)
STOPWORDS = frozenset("""
的 了 和 与 及 或 等 在 对 为 以 由 从 向 将 把 被 其 该 这 那 并 且 而 也 都 就 还 又 再 只 可 能 会 应 要 使 让 用 于
一个 一种 一套 我们 公司 企业 单位 目前 现有 现在 已经 需要 需求 希望 能够 可以 实现 进行 开展 提供 提升 提高 解决 问题
技术 系统 平台 方案 产品 服务 项目 工作 情况 方面 相关 主要 通过 采用 利用 基于 支持 具有 具备 满足 达到 以上 以下
左右 约 每 各 多 大 小 高 低 新 好 人工 效率 能力 水平 国内 国际 领先 先进 同类 方式 模式 场景 应用 建设 推广 复制
本 区 内 外 个 台 套 次 年 月 日 天 小时 分钟 秒 万 亿 元 万元 及其 以及 其中 之一 包括 例如 如 无法 难以 依靠 依赖
""".split())

_KEEP = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9.+-]*$")
_WORDISH = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


@lru_cache(maxsize=1)
def tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it prints its dictionary loading time to stderr otherwise
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def segment(text: str) -> list[str]:
    """Every word jieba finds, punctuation and spaces dropped (the plain baseline)."""
    return [w.lower() for w in tokenizer().lcut(text) if _WORDISH.search(w)]


def terms(text: str) -> list[str]:
    """The words worth matching on: two or more characters, no stopwords, no bare numbers."""
    out = []
    for w in tokenizer().lcut(text):
        w = w.strip().lower()
        if len(w) >= 2 and w not in STOPWORDS and _KEEP.match(w):
            out.append(w)
    return out


def phrase_terms(phrases: list[str]) -> list[str]:
    """Keywords count both as whole phrases (exact keyword matches) and by their words."""
    out = []
    for p in phrases:
        p = p.strip().lower()
        if p:
            out.append(p)
            out.extend(t for t in terms(p) if t != p)
    return out

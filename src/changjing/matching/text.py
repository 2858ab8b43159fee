"""Chinese text → terms for ranking (jieba), and the plain baseline tokenizer.

A private :class:`jieba.Tokenizer` is used, so nothing here changes how other
parts of the program (site search) segment text. Its dictionary is loaded
once per process, from jieba's own cache file when present: about 0.4 s and
70 MiB for some 580 000 words and prefixes. To segment only a few texts (the
files changed since the match cache was written), :func:`use_word_table` gives
the same tokenizer a table of the same words, read from sorted arrays instead
of built into a dict: each look-up is slower, the start is immediate, and the
words and frequencies are exactly jieba's, so the segmentation is the same.
"""
from __future__ import annotations

import logging
import re
import sys
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
def full_tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it prints its dictionary loading time to stderr otherwise
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


_table: dict = {"tokenizer": None, "texts_left": 0}
#: texts segmented through the word table before the whole dictionary is loaded after all
TABLE_TEXTS = 400


def release() -> None:
    """Let the dictionary go (some 70 MiB): after the site's profiles are made, nothing segments again."""
    full_tokenizer.cache_clear()
    _table.update(tokenizer=None, texts_left=0)


def tokenizer():
    if _table["texts_left"] > 0:
        _table["texts_left"] -= 1
        return _table["tokenizer"]
    return full_tokenizer()


class WordTable:
    """jieba's word frequencies (its ``FREQ`` dict) as sorted byte arrays, one per UTF-8 length."""

    def __init__(self, by_length: dict[int, tuple]):
        self._by_length = by_length

    def get(self, word: str, default=None):
        b = word.encode()
        found = self._by_length.get(len(b))
        if found is None:
            return default
        words, freqs = found
        i = int(words.searchsorted(b))
        if i < len(words) and words[i] == b:
            return int(freqs[i])
        return default

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word: str) -> int:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found


def dictionary_key() -> str:
    """jieba's version and the size and time of its dictionary file."""
    import os
    from importlib.util import find_spec

    folder = os.path.dirname(find_spec("jieba").origin)
    st = os.stat(os.path.join(folder, "dict.txt"))
    return f"{st.st_size}:{st.st_mtime_ns}:{os.stat(os.path.join(folder, '__init__.py')).st_size}"


def save_word_table(path) -> None:
    """Write the loaded dictionary as a word table (only when this process loaded it anyway)."""
    import os

    import numpy as np

    if full_tokenizer.cache_info().currsize == 0:
        return
    tok = full_tokenizer()
    by_length: dict[int, list] = {}
    for word, freq in tok.FREQ.items():
        b = word.encode()
        by_length.setdefault(len(b), []).append((b, freq))
    arrays = {"key": np.frombuffer(dictionary_key().encode(), dtype=np.uint8), "total": np.array([tok.total])}
    for n, items in by_length.items():
        items.sort()
        arrays[f"w{n}"] = np.array([b for b, _ in items], dtype=f"S{n}")
        arrays[f"f{n}"] = np.array([f for _, f in items], dtype=np.int64)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        np.savez(f, **arrays)
    os.replace(tmp, path)


def load_word_table(path):
    """A tokenizer reading the word table at ``path``, or None if it is missing, damaged or not current."""
    import jieba
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        if bytes(arrays.pop("key")).decode() != dictionary_key():
            return None
        total = int(arrays.pop("total")[0])
        by_length = {int(k[1:]): (v, arrays[f"f{k[1:]}"]) for k, v in arrays.items() if k.startswith("w")}
    except Exception:  # missing or damaged: the whole dictionary is loaded instead
        return None
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = WordTable(by_length), total, True
    return tok


def use_word_table(path, texts: int = TABLE_TEXTS) -> bool:
    """Segment the next ``texts`` texts with the word table at ``path`` (if it is there and current)."""
    if full_tokenizer.cache_info().currsize:
        return False  # the dictionary is loaded already
    tok = load_word_table(path)
    if tok is None:
        return False
    _table.update(tokenizer=tok, texts_left=texts)
    return True


def segment(text: str) -> list[str]:
    """Every word jieba finds, punctuation and spaces dropped (the plain baseline)."""
    return [w.lower() for w in tokenizer().lcut(text) if _WORDISH.search(w)]


def terms(text: str) -> list[str]:
    """The words worth matching on: two or more characters, no stopwords, no bare numbers."""
    out = []
    for w in tokenizer().lcut(text):
        w = w.strip().lower()
        if len(w) >= 2 and w not in STOPWORDS and _KEEP.match(w):
            out.append(sys.intern(w))  # one string per word, however many records use it
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

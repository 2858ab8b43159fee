"""The match cache, so ``changjing match ID`` answers without parsing every record.

Files under ``.cache/changjing/`` (git-ignored), each written atomically:

* ``match-files.json``, per record file: its size, modification time and content
  digest, and what matching reads of it (a demand's or supply's profile terms,
  an organisation's name and chain; nothing for a file that fails validation).
  After an edit only the files whose size or time changed are read again, and
  only those whose content changed are parsed and segmented again
  (:mod:`.refresh`).
* ``match-index.npz``: the assembled answer (every profile with its status, the
  organisation names, both candidate corpora as numpy columns), valid for one
  fingerprint: the date, the code that computed it, and the size and time of
  every file under submissions/ and lists/ (and the content digest of any file
  changed in the last seconds, since file times are coarse). A call that finds
  its fingerprint reads this file and ranks; nothing is parsed or indexed.
* ``jieba-words.npz``: jieba's dictionary as a word table, so that a refresh
  segmenting a few changed files need not load the whole dictionary
  (:func:`.text.use_word_table`).

The site build reads ``match-files.json`` too (:func:`known_profiles`): a record
whose bytes are unchanged is not segmented again. Only ``changjing match`` writes.

Statuses are derived again whenever anything the last derivation read has
changed, by the same code as a cold run, so a cached answer is always the answer
of a cold run (tests/test_match_cache.py edits, adds, deletes and renames files
and compares).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator, Mapping

import numpy as np

from .profiles import Profile
from .rank import Corpus

CACHE_DIR = ".cache/changjing"
FILES = f"{CACHE_DIR}/match-files.json"
INDEX = f"{CACHE_DIR}/match-index.npz"
WORDS = f"{CACHE_DIR}/jieba-words.npz"  # jieba's dictionary as a word table (text.use_word_table)
KINDS = ("demand", "supply")
#: the other files of the package whose code decides a cached answer (besides matching/ itself)
_CODE = ("models.py", "loader.py", "translate.py", "records.py", "index.py", "workflow.py", "vocab.py", "lists")
#: file times are coarse (a clock tick, or seconds on some file systems): a file changed this recently
#: may change again with the same size and time, so its content is compared instead
RACY_NS = 3_000_000_000


# -- what is on disk ---------------------------------------------------------------------------

def scan(root: Path, now_ns: int) -> dict[str, tuple]:
    """relative path → (size, nanosecond modification time) of every file under submissions/ and lists/;
    a file modified within :data:`RACY_NS` of ``now_ns`` also gets its content digest."""
    out: dict[str, tuple] = {}
    root_text = os.fspath(root)

    def walk(folder: str, rel: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            name = f"{rel}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, name)
                continue
            st = entry.stat(follow_symlinks=False)
            out[name] = (st.st_size, st.st_mtime_ns)
            if st.st_mtime_ns >= now_ns - RACY_NS and entry.is_file(follow_symlinks=False):
                try:
                    with open(entry.path, "rb") as f:
                        out[name] += (digest(f.read()),)
                except OSError:
                    pass

    for top in ("submissions", "lists"):
        walk(os.path.join(root_text, top), top)
    return out


def code_version() -> str:
    """Size and time of the code that computes an answer: after an upgrade the cache is not trusted."""
    from importlib.util import find_spec

    here = Path(__file__).resolve().parent
    package = here.parent
    paths = sorted(here.glob("*.py"))
    for name in _CODE:
        p = package / name
        paths += sorted(p.glob("*.py")) if p.is_dir() else [p]
    h = hashlib.sha256()
    for p in paths:
        try:
            st = p.stat()
        except OSError:
            continue
        h.update(f"{p.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    for module in ("jieba", "bm25s", "holidays"):
        spec = find_spec(module)
        if spec is not None and spec.origin:
            st = os.stat(spec.origin)
            h.update(f"{module}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def fingerprint(stats: dict[str, tuple], today: date, code: str) -> str:
    text = "\n".join(f"{p}\0{s}" for p, s in sorted(stats.items()))
    return hashlib.sha256(f"{code}\n{today.isoformat()}\n{text}".encode()).hexdigest()


# -- the answer read back ----------------------------------------------------------------------

class CachedProfiles(Mapping):
    """Profiles by ID, each decoded from its JSON only when asked for, with its status and organisation's chain."""

    def __init__(self, ids: list[str], blob: bytes, ptr: list[int], status: list[str], chain: list[str],
                 industry: list[str | None]):
        self._position = {rid: i for i, rid in enumerate(ids)}
        self._blob, self._ptr = blob, ptr
        self._status, self._chain, self._industry = status, chain, industry
        self._made: dict[str, Profile] = {}

    @classmethod
    def of(cls, a) -> "CachedProfiles":
        """From a refresh (:class:`.refresh.Assembled`)."""
        rows = [t.encode() for t in a.texts]
        ptr = [0]
        for r in rows:
            ptr.append(ptr[-1] + len(r))
        made = cls(a.ids, b"".join(rows), ptr, a.status, a.chain, a.industry)
        for rid, p in a.fresh.items():  # parsed just now: joined here rather than decoded again
            made._made[rid] = made._join(p, made._position[rid])
        return made

    def _join(self, p: Profile, i: int) -> Profile:
        p.status, p.chain = self._status[i], self._chain[i]
        if self._industry[i] is not None:
            p.industry = self._industry[i]
        return p

    def __getitem__(self, rid: str) -> Profile:
        p = self._made.get(rid)
        if p is None:
            i = self._position[rid]
            p = self._made[rid] = self._join(Profile.from_json(json.loads(self._blob[self._ptr[i]:self._ptr[i + 1]])), i)
        return p

    def __iter__(self) -> Iterator[str]:
        return iter(self._position)

    def __len__(self) -> int:
        return len(self._position)

    def __contains__(self, rid) -> bool:
        return rid in self._position

    def columns(self) -> tuple[dict, dict[str, np.ndarray]]:
        ids = sorted(self._position, key=self._position.__getitem__)
        meta = {"ids": ids, "status": self._status, "chain": self._chain, "industry": self._industry}
        return meta, {"rows": np.frombuffer(self._blob, dtype=np.uint8),
                      "row_ptr": np.array(self._ptr, dtype=np.int64)}

    @classmethod
    def from_columns(cls, meta: dict, arrays) -> "CachedProfiles":
        return cls(meta["ids"], bytes(arrays["rows"]), arrays["row_ptr"].tolist(), meta["status"], meta["chain"],
                   meta["industry"])


@dataclass
class Answer:
    profiles: Mapping[str, Profile]
    orgs: dict[str, str]
    corpora: dict[str, Corpus]


def _open_index(path: Path) -> tuple[str, dict, dict] | None:
    """(fingerprint, meta, arrays) of the index file, or None when it cannot be read."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        return bytes(arrays.pop("key")).decode(), json.loads(bytes(arrays.pop("meta"))), arrays
    except Exception:  # missing, partly written by a crashed run, or from another version: computed again
        return None


def _answer(meta: dict, arrays: dict, profiles: CachedProfiles | None = None, kinds=KINDS) -> Answer:
    if profiles is None:  # not `or`: an empty mapping is a valid answer, not a missing one
        profiles = CachedProfiles.from_columns(meta, arrays)
    corpora = {}
    for kind in kinds:
        columns = {k[len(kind) + 1:]: v for k, v in arrays.items() if k.startswith(kind + ".")}
        corpora[kind] = Corpus.from_columns(meta["corpora"][kind], columns, profiles.__getitem__)
    return Answer(profiles, meta["orgs"], corpora)


def _write_index(path: Path, key: str, code: str, answer: Answer, corpus_keys: dict[str, str]) -> None:
    meta, arrays = answer.profiles.columns()
    meta.update(code=code, orgs=answer.orgs, corpora={})
    arrays["key"] = np.frombuffer(key.encode(), dtype=np.uint8)
    for kind, corpus in answer.corpora.items():
        columns, numbers = corpus.columns()
        meta["corpora"][kind] = {**columns, "key": corpus_keys[kind]}
        arrays.update({f"{kind}.{k}": v for k, v in numbers.items()})
    arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), dtype=np.uint8)
    _atomic(path, lambda f: np.savez(f, **arrays))


def _atomic(path: Path, write) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # concurrent runs never share a file
        with open(tmp, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only checkout still answers, only more slowly


# -- the answer computed -----------------------------------------------------------------------

def load_answer(root: Path | str, today: date) -> Answer:
    """Profiles (with status), organisation names and candidate corpora: from the cache when it is current."""
    root = Path(root)
    now = time.time_ns()
    stats = scan(root, now)
    code = code_version()
    key = fingerprint(stats, today, code)
    previous = _open_index(root / INDEX)
    if previous is not None and previous[0] == key:
        try:
            return _answer(previous[1], previous[2])
        except Exception:  # written by other code: computed again
            previous = None
    from .refresh import refresh

    from . import text

    state = _read_files(root / FILES, code)
    if state:  # a refresh: usually a few files to segment again
        text.use_word_table(root / WORDS)
    try:
        assembled = refresh(root, today, stats, state, now, int(state.get("scanned", 0)) - RACY_NS)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        # an entry of some other shape (hand-edited, truncated): start from nothing
        assembled = refresh(root, today, stats, {}, now, 0)
    corpus_keys = {kind: _corpus_key(assembled, kind) for kind in KINDS}
    answer = _assemble(assembled, corpus_keys,
                       previous if previous is not None and previous[1].get("code") == code else None)
    if not (root / "submissions").is_dir():
        return answer  # not a repository (a mistyped --root): leave no cache folder behind
    _atomic(root / FILES, lambda f: f.write(json.dumps({"code": code, **assembled.state},
                                                       ensure_ascii=False).encode()))
    _write_index(root / INDEX, key, code, answer, corpus_keys)
    if not (root / WORDS).exists():
        try:
            text.save_word_table(root / WORDS)
        except OSError:
            pass
    return answer


def _corpus_key(a, kind: str) -> str:
    """What a corpus is built from: its members' profiles and chains."""
    from .engine import ENDED

    h = hashlib.sha256(kind.encode())
    for rid, text, status, chain, k in zip(a.ids, a.texts, a.status, a.chain, a.kinds):
        if k == kind and status not in ENDED:
            h.update(f"{rid}\0{chain}\0{text}\n".encode())
    return h.hexdigest()


def _assemble(a, corpus_keys: dict[str, str], previous) -> Answer:
    """Profiles and corpora from a refresh; a corpus whose members did not change (same :func:`_corpus_key`)
    is read back, not re-indexed."""
    from .engine import ENDED

    profiles = CachedProfiles.of(a)
    corpora = {}
    for kind in KINDS:
        old = previous[1]["corpora"].get(kind) if previous is not None else None
        if old is not None and old.get("key") == corpus_keys[kind]:
            try:
                corpora[kind] = _answer(previous[1], previous[2], profiles, (kind,)).corpora[kind]
                continue
            except Exception:  # noqa: BLE001 - a damaged index is only a slower answer
                pass
        corpora[kind] = Corpus([profiles[rid] for rid, k, s in zip(a.ids, a.kinds, a.status)
                                if k == kind and s not in ENDED])
    return Answer(profiles, a.orgs, corpora)


def known_profiles(root: Path | str) -> dict[str, tuple[str, str]]:
    """relative path → (content digest, profile JSON without status or organisation) of every demand and
    supply in the match cache of ``root``, if that cache was written by this code (else nothing)."""
    state = _read_files(Path(root) / FILES, code_version())
    return {rel: (e[2], e[4]) for rel, e in state.get("files", {}).items()
            if isinstance(e, list) and len(e) == 5 and isinstance(e[4], str)}


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _read_files(path: Path, code: str) -> dict:
    try:
        data = json.loads(path.read_bytes())
        if isinstance(data, dict) and data.get("code") == code and isinstance(data.get("files"), dict):
            return data
    except (OSError, ValueError):
        pass
    return {}

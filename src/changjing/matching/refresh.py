"""Bring the match cache up to date: read again only the record files that changed, then derive statuses.

A file is parsed (and its text segmented) only when its content digest differs
from the cached one; a file whose size or time changed but whose content did not
(a fresh checkout, ``git stash`` and back) is read and hashed, nothing more.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..index import Index
from .profiles import Profile, profile_for

PROFILED = ("org", "demand", "supply")


def _parsed(kind: str, model) -> tuple[dict | None, str | None, Profile | None]:
    """What matching keeps of one record file: a few fields (None when the file fails validation) and,
    for a demand or supply, its profile without organisation or status (as JSON text, and as made)."""
    if model is None:
        return None, None, None
    if kind == "org":
        return {"credit_code": model.credit_code, "name": model.name, "chain": model.chain or "",
                "industry": model.industry or ""}, None, None
    p = profile_for(kind, model)  # without its organisation: that is joined in later, from the org's own entry
    p.text = p.body = ""  # ranking reads the terms; the texts stay in the record
    info = {"record_id": p.record_id, "org": p.org, "chain": p.chain, "batch": p.batch,
            "submitted": model.submitted.isoformat()}
    return info, json.dumps(p.to_json(), ensure_ascii=False), p


def _entry(root: Path, rel: str, kind: str, stat: tuple | None, old, trusted_before: int,
           made: dict[str, Profile]) -> list:
    """[size, mtime_ns, digest, fields, profile JSON] of one file, from ``old`` when its content is unchanged.

    Size and time alone vouch for the content only if the file was older than the last refresh
    by the racy margin (see cache.RACY_NS); otherwise its content is read and compared."""
    if isinstance(old, list) and len(old) == 5 and stat is not None and old[:2] == list(stat) \
            and old[1] < trusted_before:
        return old
    with open(root / rel, "rb") as f:
        st = os.fstat(f.fileno())
        raw = f.read()
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()  # the digest of cache.digest
    if isinstance(old, list) and len(old) == 5 and old[2] == digest:
        return [st.st_size, st.st_mtime_ns, digest, old[3], old[4]]
    from ..records import KINDS, load_record

    info, text, profile = _parsed(kind, load_record(KINDS[kind], raw, rel).model)
    if profile is not None:
        made[rel] = profile
    return [st.st_size, st.st_mtime_ns, digest, info, text]


class _Recording(Index):
    """The index, noting every record file it really loads (what a status derivation read besides lists/)."""

    def __init__(self, root: Path):
        super().__init__(root)
        self.read: set[str] = set()

    def load(self, relpath: str):
        self.read.add(relpath)
        return super().load(relpath)


class _Known:
    """A demand or supply as the status derivation sees it: the fields it reads come from the cache,
    and any other field loads the real record (so a new reader of some other field stays correct)."""

    def __init__(self, index: Index, rel: str, payload: dict):
        self._index, self._rel = index, rel
        self.id, self.batch = payload["record_id"], payload["batch"]
        self.submitted = date.fromisoformat(payload["submitted"])

    def __getattr__(self, name: str):
        return getattr(self._index.load(self._rel).model, name)


def _status_key(today: date, stats: dict[str, tuple], read: list[str], stand_ins: dict) -> str:
    """Everything the last status derivation read: the day, which files exist, every file under lists/,
    the record files it loaded, and the stand-in fields of every demand and supply."""
    h = hashlib.sha256(today.isoformat().encode())
    for path in sorted(stats):
        h.update(f"{path}\n".encode())
        if path.startswith("lists/"):
            h.update(f"{stats[path]}\n".encode())
    for path in sorted(read):
        h.update(f"read {path} {stats.get(path)}\n".encode())
    h.update(json.dumps(stand_ins, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


@dataclass
class Assembled:
    """Every valid demand and supply: profile JSON (without status or organisation), and what joins it."""
    ids: list[str]
    texts: list[str]
    status: list[str]
    chain: list[str]
    industry: list[str]
    kinds: list[str]
    orgs: dict[str, str]
    state: dict  # what the cache keeps for the next refresh: "files" and "statuses"
    fresh: dict  # ID → profile parsed in this refresh (without status or organisation)


def refresh(root: Path, today: date, stats: dict[str, tuple], old: dict, now_ns: int,
            trusted_before: int) -> Assembled:
    """Profiles with status, organisation names and the new cache entries, reading only what changed.

    ``old`` and the result's ``state`` hold "files" (path → entry) and "statuses" (the last derivation:
    its key, the record files it read and its statuses), so statuses are derived again only when
    something that derivation read has changed. An entry's size and time vouch for its content only
    if the file was modified before ``trusted_before``.
    """
    index = _Recording(root)
    listing = index.listing()
    old_files = old.get("files", {})
    entries: dict[str, list] = {}
    made: dict[str, Profile] = {}  # profiles parsed in this refresh (the others are decoded when needed)
    for kind in PROFILED:
        for _, paths in sorted(listing[kind].items()):
            rel = paths[0]  # the file the index itself loads for this ID
            entries[rel] = _entry(root, rel, kind, stats.get(rel), old_files.get(rel), trusted_before, made)

    def org_of(code: str) -> dict:
        paths = listing["org"].get(code)
        return (entries[paths[0]][3] if paths else None) or {}

    orgs = {}
    for _, paths in sorted(listing["org"].items()):
        info = entries[paths[0]][3]
        if info is not None:
            orgs[info["credit_code"]] = info["name"]
    known, stand_ins, rows, fresh = {}, {}, {}, {}
    for kind in ("demand", "supply"):
        for rid, paths in sorted(listing[kind].items()):
            _, _, _, info, text = entries[paths[0]]
            if info is None:  # fails validation: no status, no profile
                known[paths[0]] = stand_ins[paths[0]] = None
                continue
            known[paths[0]] = _Known(index, paths[0], info)
            stand_ins[paths[0]] = [info["record_id"], info["batch"], info["submitted"]]
            org = org_of(info["org"])
            if kind == "demand":
                chain, industry = org.get("chain", ""), org.get("industry", "")
            else:
                chain, industry = info["chain"] or org.get("chain", ""), None
            rows[rid] = (kind, text, chain, industry)
            if paths[0] in made:
                fresh[rid] = made[paths[0]]
    last = old.get("statuses") or {}
    if last and last.get("key") == _status_key(today, stats, last.get("read", []), stand_ins) \
            and set(last.get("of", {})) >= set(rows):
        statuses = {rid: last["of"][rid] for rid in rows}
        derived = last
    else:
        from ..lists.status import derive_record, load_programme

        index.adopt_models(known)
        prog = load_programme(root, today, index)
        statuses = {rid: derive_record(prog, rid).status for rid in rows}
        read = sorted(index.read)
        derived = {"key": _status_key(today, stats, read, stand_ins), "read": read, "of": statuses}
    ids = sorted(rows)
    return Assembled(ids, [rows[r][1] for r in ids], [statuses[r] for r in ids], [rows[r][2] for r in ids],
                     [rows[r][3] for r in ids], [rows[r][0] for r in ids], orgs,
                     {"scanned": now_ns, "files": entries, "statuses": derived}, fresh)

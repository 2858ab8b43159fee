"""A cache of match profiles, so ``changjing match ID`` answers without parsing every record.

The cache (``.cache/changjing/match-profiles.json`` under the repository, git-ignored)
holds every profile with its status, the organisation names, and a fingerprint
of what they were computed from: the date, and the path, size and modification
time of every file under submissions/ and lists/. Any difference in the
fingerprint recomputes everything, so the cache can only be stale if a file
changes without its size or nanosecond modification time changing.
"""
from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path
from typing import Callable

from .profiles import Profile

CACHE_FILE = ".cache/changjing/match-profiles.json"
VERSION = "2"  # bump when profiles or ranking inputs change shape


def fingerprint(root: Path, today: date) -> str:
    h = hashlib.sha256(f"{VERSION}\n{today.isoformat()}\n".encode())
    for top in ("submissions", "lists"):
        base = root / top
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                st = os.lstat(path)
                h.update(f"{os.path.relpath(path, root)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def load_cached(root: Path, today: date,
                compute: Callable[[], tuple[dict[str, Profile], dict[str, str]]]
                ) -> tuple[dict[str, Profile], dict[str, str]]:
    """Profiles (with status) and organisation names, from the cache when it is current."""
    root = Path(root)
    path = root / CACHE_FILE
    key = fingerprint(root, today)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("fingerprint") == key:
            return ({p["record_id"]: Profile.from_json(p) for p in data["profiles"]}, data["orgs"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    profiles, orgs = compute()
    # only what ranking reads: the texts themselves are not needed once they are terms
    slim = [{**p.to_json(), "text": "", "body": ""} for _, p in sorted(profiles.items())]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # concurrent runs never share a file
        tmp.write_text(json.dumps({"fingerprint": key, "profiles": slim, "orgs": orgs}, ensure_ascii=False),
                       encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only checkout still answers, only more slowly
    return profiles, orgs

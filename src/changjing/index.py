"""The index of all submissions: which records exist, loaded lazily on demand.

Knowing *that* a record exists costs one directory listing (file name = ID);
loading it costs a parse. Cross-record rules look records up through the
index, so ``changjing check PATH`` loads only the files it was given plus the
few records they reference, while still checking references against the
whole repository.
"""
from __future__ import annotations

import os
from pathlib import Path

from .records import KIND_BY_FOLDER, KINDS, Kind, Record, load_record

SUBMISSIONS = "submissions"


class Index:
    def __init__(self, root: Path | str):
        self.root = Path(root)
        self._records: dict[str, Record] = {}
        self._listing: dict[str, dict[str, list[str]]] | None = None
        self._strays: list[str] = []
        self._symlinks: list[str] = []
        self._adopted: dict[str, object] = {}  # relpath → model validated by a worker process

    # -- what exists -------------------------------------------------------
    def listing(self) -> dict[str, dict[str, list[str]]]:
        """kind → stem → relative paths (more than one path means a clash)."""
        if self._listing is None:
            listing: dict[str, dict[str, list[str]]] = {k: {} for k in KINDS}
            base = self.root / SUBMISSIONS
            if base.is_dir() and not base.is_symlink():
                for entry in sorted(os.scandir(base), key=lambda e: e.name):
                    rel = f"{SUBMISSIONS}/{entry.name}"
                    if entry.is_symlink():
                        self._symlinks.append(rel)
                        continue
                    if entry.is_file():
                        if entry.name not in ("README.md", ".gitkeep"):
                            self._strays.append(rel)
                        continue
                    kind = KIND_BY_FOLDER.get(entry.name)
                    for sub in sorted(os.scandir(entry.path), key=lambda e: e.name):
                        rel = f"{SUBMISSIONS}/{entry.name}/{sub.name}"
                        if sub.name in (".gitkeep", "README.md"):
                            continue
                        if sub.is_symlink():
                            # a link could publish any file on the build machine: never followed
                            self._symlinks.append(rel)
                            continue
                        if kind is None or not sub.is_file() or not sub.name.endswith(kind.suffix):
                            self._strays.append(rel)
                            continue
                        stem = sub.name[: -len(kind.suffix)]
                        listing[kind.name].setdefault(stem, []).append(rel)
            self._listing = listing
        return self._listing

    def symlinks(self) -> list[str]:
        """Symbolic links under submissions/: refused, never read."""
        self.listing()
        return list(self._symlinks)

    def strays(self) -> list[str]:
        """Files under submissions/ that are not where any record kind lives."""
        self.listing()
        return list(self._strays)

    def ids(self, kind: str) -> list[str]:
        return sorted(self.listing()[kind])

    def exists(self, kind: str, record_id: str) -> bool:
        return record_id in self.listing()[kind]

    def all_paths(self) -> list[str]:
        return sorted(p for stems in self.listing().values() for paths in stems.values() for p in paths)

    # -- loading -----------------------------------------------------------
    def load(self, relpath: str) -> Record:
        record = self._records.get(relpath)
        if record is None:
            kind = kind_for_path(relpath)
            if kind is None:
                raise ValueError(f"not a record path: {relpath}")
            raw = (self.root / relpath).read_bytes()
            record = load_record(kind, raw, relpath)
            self._records[relpath] = record
        return record

    def get(self, kind: str, record_id: str) -> Record | None:
        paths = self.listing()[kind].get(record_id)
        return self.load(paths[0]) if paths else None

    def model(self, kind: str, record_id: str):
        paths = self.listing()[kind].get(record_id)
        if not paths:
            return None
        if paths[0] in self._adopted and paths[0] not in self._records:
            return self._adopted[paths[0]]
        return self.load(paths[0]).model

    def validated_models(self, relpaths: list[str]) -> dict[str, object]:
        """The valid models among these loaded records (to hand to another process)."""
        return {p: self._records[p].model for p in relpaths
                if p in self._records and self._records[p].model is not None}

    def adopt_models(self, models: dict[str, object]) -> None:
        """Models validated elsewhere: ``model()`` answers from them without parsing."""
        self._adopted.update(models)

    def records(self, kind: str) -> list[Record]:
        """All records of a kind, loaded (in ID order)."""
        return [self.load(paths[0]) for _, paths in sorted(self.listing()[kind].items())]

    def models(self, kind: str) -> list:
        return [r.model for r in self.records(kind) if r.model is not None]


def kind_for_path(relpath: str) -> Kind | None:
    parts = relpath.replace("\\", "/").split("/")
    if len(parts) >= 3 and parts[-3] == SUBMISSIONS:
        kind = KIND_BY_FOLDER.get(parts[-2])
        if kind is not None and parts[-1].endswith(kind.suffix):
            return kind
    return None

"""Record kinds and loaded records: where each kind lives and what model it follows."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import models
from .survey import Survey
from .diagnostics import Diagnostic
from .loader import Loaded, load_file_bytes
from .translate import validate_loaded


@dataclass(frozen=True)
class Kind:
    name: str  # "demand"
    folder: str  # folder under submissions/
    suffix: str  # ".yaml" or ".md"
    model: type[BaseModel]
    id_field: str
    label: str  # Chinese name shown to people
    credit_fields: tuple[str, ...] = ()  # fields holding a credit code

    def path_for(self, root: Path, record_id: str) -> Path:
        return root / "submissions" / self.folder / f"{record_id}{self.suffix}"


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("org", "orgs", ".yaml", models.Org, "credit_code", "组织", ("credit_code",)),
        Kind("demand", "demand", ".yaml", models.Demand, "id", "场景需求", ("owner",)),
        Kind("supply", "supply", ".yaml", models.Supply, "id", "场景供给", ("provider",)),
        Kind("case", "cases", ".md", models.Case, "id", "标杆案例", ("investor",)),
        Kind("donation", "donations", ".yaml", models.Donation, "id", "捐赠场景", ("donor", "recipient_code")),
        Kind("survey", "surveys", ".yaml", Survey, "id", "创新活动调查表", ("enterprise",)),
    )
}
KIND_BY_FOLDER = {k.folder: k for k in KINDS.values()}
KIND_BY_PREFIX = {"XQ": KINDS["demand"], "GJ": KINDS["supply"], "BG": KINDS["case"], "JZ": KINDS["donation"],
                  "DC": KINDS["survey"]}


def kind_of_id(record_id: str) -> Kind | None:
    return KIND_BY_PREFIX.get(record_id[:2]) if record_id[2:3] == "-" else (KINDS["org"] if len(record_id) == 18 else None)


@dataclass
class Record:
    """One submission file, loaded: raw data and positions, the model if valid."""

    kind: Kind
    path: str  # relative, with forward slashes, as printed in diagnostics
    stem: str  # file name without suffix: the record ID
    loaded: Loaded
    model: Any = None  # the validated pydantic model, or None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.stem

    @property
    def data(self) -> dict:
        return self.loaded.data if isinstance(self.loaded.data, dict) else {}

    @property
    def body(self) -> str:
        return self.loaded.body or ""

    def position(self, key: str) -> tuple[int, int]:
        return self.loaded.position(key)


def load_record(kind: Kind, raw: bytes, relpath: str) -> Record:
    """Load and schema-validate one file; diagnostics are kept, never raised."""
    stem = relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    loaded = load_file_bytes(raw, relpath)
    model, diagnostics = validate_loaded(kind.model, loaded, relpath)
    return Record(kind=kind, path=relpath, stem=stem, loaded=loaded, model=model, diagnostics=diagnostics)

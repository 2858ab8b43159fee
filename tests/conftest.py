"""Shared test fixtures: the repository root and a scratch copy of it."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Tools the tests run by name (check-jsonschema, zizmor) live beside the interpreter in .venv/bin;
# put that first so the suite works with nothing activated.
os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A writable copy of the sample data (submissions/, lists/) to break on purpose."""
    for part in ("submissions", "lists"):
        if (ROOT / part).exists():
            shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path

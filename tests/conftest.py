"""Shared test fixtures: the repository root and a scratch copy of it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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

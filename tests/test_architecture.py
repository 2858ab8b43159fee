"""The layers of pyproject.toml's import-linter contracts hold, and ARCHITECTURE.md names every layer's modules."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(src: Path, config: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([str(LINT), "--config", str(config), "--no-cache"], cwd=config.parent, env=env,
                          capture_output=True, text=True)


def test_the_layers_hold():
    proc = lint(ROOT / "src", ROOT / "pyproject.toml")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 kept, 0 broken" in proc.stdout


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "src" / "changjing", tmp_path / "src" / "changjing",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path / "src" / "changjing"


def test_an_import_that_runs_back_up_breaks_the_build(tmp_path):
    package = _copy(tmp_path)
    loader = package / "loader.py"
    loader.write_text(loader.read_text(encoding="utf-8") + "\n\ndef _late():\n    from .site import build\n",
                      encoding="utf-8")
    proc = lint(tmp_path / "src", tmp_path / "pyproject.toml")
    assert proc.returncode != 0
    assert "changjing.loader -> changjing.site.build" in proc.stdout


def test_a_loop_inside_a_layer_breaks_the_build(tmp_path):
    package = _copy(tmp_path)
    workflow = package / "workflow.py"
    workflow.write_text(workflow.read_text(encoding="utf-8") + "\n\ndef _late():\n    from .lists import status\n",
                        encoding="utf-8")
    proc = lint(tmp_path / "src", tmp_path / "pyproject.toml")
    assert proc.returncode != 0
    assert "No import cycles" in proc.stdout and "BROKEN" in proc.stdout


def test_a_new_module_must_be_given_a_layer(tmp_path):
    package = _copy(tmp_path)
    (package / "newcomer.py").write_text('"""A module nobody placed."""\n', encoding="utf-8")
    proc = lint(tmp_path / "src", tmp_path / "pyproject.toml")
    assert proc.returncode != 0
    assert "changjing.newcomer" in proc.stdout


def test_architecture_page_names_every_layer_module():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    page = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for layer in layers:
        for module in re.split(r"[:|]", layer):
            assert f"`{module.strip()}" in page, module
